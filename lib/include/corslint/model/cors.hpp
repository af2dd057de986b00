#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/model/json.hpp"
#include "corslint/model/value.hpp"

namespace corslint::cors {

// One CORSRule. Lists hold only the string entries; non-strings are StructureIssues.
struct Rule {
  json::NodeId node = json::kNoNode;
  std::size_t index = 0;
  std::optional<Value> id;
  json::NodeId allowed_origins_node = json::kNoNode;
  json::NodeId allowed_methods_node = json::kNoNode;
  json::NodeId allowed_headers_node = json::kNoNode;
  json::NodeId expose_headers_node = json::kNoNode;
  json::NodeId max_age_node = json::kNoNode;  // any type; C016 judges it
  std::vector<Value> allowed_origins;
  std::vector<Value> allowed_methods;
  std::vector<Value> allowed_headers;
  std::vector<Value> expose_headers;

  // "rule 2" or "rule \"my-id\"" for messages.
  std::string label() const;
  bool allows_method(std::string_view method) const;  // exact, case-sensitive as S3 compares
  bool has_write_method() const;                      // PUT, POST or DELETE
};

struct Config {
  json::NodeId root = json::kNoNode;
  json::NodeId rules_node = json::kNoNode;  // the array of rules
  bool api_form = false;                    // {"CORSRules": [...]} rather than a bare array
  std::vector<Rule> rules;
  std::vector<StructureIssue> issues;
};

// S3's limits (PutBucketCors).
inline constexpr std::size_t kMaxRules = 100;
inline constexpr std::size_t kMaxDocumentBytes = 64 * 1024;
inline constexpr std::size_t kMaxIdLength = 255;

// Builds the model from a recognised S3 CORS document.
Config build(const json::Tree& tree, json::NodeId root, std::size_t document_bytes);

// True when `root` has the shape of an S3 CORS configuration (either form, or a
// near miss such as a CORSConfiguration wrapper or singular keys).
bool looks_like_cors(const json::Tree& tree, json::NodeId root);

}  // namespace corslint::cors
