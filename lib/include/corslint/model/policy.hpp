#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/model/json.hpp"
#include "corslint/model/value.hpp"

namespace corslint {

// What a statement's Action (or, for NotAction, everything else) reaches, with
// one example action per level; an empty view means "not reached".
struct AccessSummary {
  std::string_view read;
  std::string_view write;
  std::string_view permissions;

  bool any() const { return !read.empty() || !write.empty() || !permissions.empty(); }
  // "read", "read and write", "read, write and permissions-management".
  std::string levels() const;
};

}  // namespace corslint

namespace corslint::policy {

enum class Effect : unsigned char { Missing, Allow, Deny, Invalid };

// One principal value with its type: {"AWS": "arn:..."} gives type "AWS".
// The bare string form "*" gives type "*".
struct PrincipalEntry {
  std::string_view type;
  json::NodeId type_node = json::kNoNode;  // the member ("AWS": ...), or the string itself
  Value value;
};

struct Principal {
  json::NodeId node = json::kNoNode;  // the Principal/NotPrincipal member
  bool negated = false;               // NotPrincipal
  std::vector<PrincipalEntry> entries;

  // "*" or {"AWS": "*"} (documented as equivalent): everyone, anonymous included.
  bool is_everyone() const;
};

enum class SetQualifier : unsigned char { None, ForAllValues, ForAnyValue };

// One key of one condition operator: {"StringEquals": {"aws:SourceArn": [...]}}.
struct Condition {
  std::string_view op;  // as written: "ForAnyValue:StringLikeIfExists"
  json::NodeId op_node = json::kNoNode;
  std::string_view base_op;  // without qualifier and IfExists: "StringLike"
  SetQualifier qualifier = SetQualifier::None;
  bool if_exists = false;
  std::string_view key;  // as written; compare case-insensitively
  json::NodeId key_node = json::kNoNode;
  std::vector<Value> values;

  // Negated operators (StringNotEquals, NotIpAddress, ArnNotLike, ...) are true
  // when the key is absent, like IfExists and ForAllValues.
  bool negated() const;
  // True when the condition holds for a request that lacks the key entirely.
  bool true_when_key_absent() const;
};

struct Statement {
  json::NodeId node = json::kNoNode;
  std::size_t index = 0;
  std::optional<Value> sid;
  Effect effect = Effect::Missing;
  json::NodeId effect_node = json::kNoNode;
  std::optional<Principal> principal;  // Principal or NotPrincipal (see negated)
  json::NodeId action_node = json::kNoNode;
  bool not_action = false;
  std::vector<Value> actions;
  json::NodeId resource_node = json::kNoNode;
  bool not_resource = false;
  std::vector<Value> resources;
  json::NodeId condition_node = json::kNoNode;
  std::vector<Condition> conditions;
  // statement_access(*this), worked out once at load (analysis/facts): several rules ask.
  AccessSummary access;

  // `statement "Sid"` or `statement 2` for messages.
  std::string label() const;
  bool is_allow() const { return effect == Effect::Allow; }
  bool is_deny() const { return effect == Effect::Deny; }
  // Conditions whose key equals `key` ignoring case.
  std::vector<const Condition*> conditions_on(std::string_view key) const;
};

struct Policy {
  json::NodeId root = json::kNoNode;
  std::optional<Value> version;
  json::NodeId version_node = json::kNoNode;
  std::optional<Value> id;
  json::NodeId statement_node = json::kNoNode;
  std::vector<Statement> statements;
  std::vector<StructureIssue> issues;
  std::size_t document_bytes = 0;
};

// S3's limit for a bucket policy (PutBucketPolicy).
inline constexpr std::size_t kMaxPolicyBytes = 20 * 1024;

// Builds the model from a recognised bucket policy.
Policy build(const json::Tree& tree, json::NodeId root, std::size_t document_bytes);

}  // namespace corslint::policy
