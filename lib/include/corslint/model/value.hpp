#pragma once

// The two things every typed model is made of: located values, and the
// problems found while building a model (each family's invalid-structure rule,
// C001, P001 and F001, reports them; the models stay lenient so the other
// rules still run).
#include <optional>
#include <string>
#include <string_view>

#include "corslint/model/json.hpp"

namespace corslint {

// A string from a document and the node it came from. For booleans and
// numbers `text` is the literal as written ("true", "443"). For AWS-managed
// CloudFront policies (analysis/cloudfront_managed.hpp) `text` is a static
// string and `node` is kNoNode.
struct Value {
  std::string_view text;
  json::NodeId node = json::kNoNode;
  // False when the text certainly holds no template placeholder: worked out
  // once per policy value at load (analysis/facts.cpp), so the rules that skip placeholders
  // (and P029, which reports them) need not scan every value again. True when
  // unknown (and in the models that do not work it out).
  bool may_hold_placeholder = true;
};

// A mechanical fix for a structure issue: replace the node's text.
struct IssueFix {
  std::string description;
  json::NodeId node = json::kNoNode;
  std::string replacement;
};

// A problem building a model: wrong type, missing field, unknown key, ...
struct StructureIssue {
  json::NodeId node = json::kNoNode;
  bool at_key = false;
  std::string message;
  std::optional<IssueFix> fix = std::nullopt;
};

}  // namespace corslint
