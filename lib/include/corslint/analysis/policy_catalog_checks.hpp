#pragma once

// Value and operator checks behind the catalog-based policy rules (P006, P008,
// P018, P019): IAM condition operators, literal parsers for condition values,
// and the S3 resource class of a bucket-policy resource. No regex: every parser
// is a small hand-written scanner.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/analysis/catalog.hpp"
#include "corslint/model/json.hpp"

namespace corslint::policy_catalog {

// What a condition operator compares, which decides how its values must parse.
enum class OperatorFamily : unsigned char {
  String,
  Numeric,
  Date,
  Bool,
  Binary,
  IpAddress,
  Arn,
  Null
};

struct ConditionOperator {
  std::string_view name;  // as AWS documents it: "StringEqualsIgnoreCase"
  OperatorFamily family;
};

// The base operators (without ForAllValues:/ForAnyValue: and IfExists).
std::span<const ConditionOperator> condition_operators();
std::span<const std::string_view> condition_operator_names();
// Case-insensitive lookup of a base operator; compare `name` to see whether the
// spelling was AWS's own. nullptr for unknown operators.
const ConditionOperator* find_condition_operator(std::string_view base);
std::string_view to_string(OperatorFamily family);

// What is wrong with one entry of Action/NotAction in a bucket policy.
enum class ActionProblem : unsigned char {
  None,
  NoService,        // "Upload": not service:action at all
  MissingPrefix,    // "GetObject": an S3 action without "s3:"; `replacement` adds it
  ServiceWildcard,  // "s*:GetObject": only s3 can match; `replacement` names it
  LikelyS3,         // "s4:GetObject": a near miss of s3; `replacement` is the S3 action
  OtherService,     // "ec2:DescribeInstances": `service` is not S3
  Unknown,          // "s3:GetObjects"; `replacement` is a "did you mean" or empty
  MatchesNothing,   // "s3:Gte*": a pattern no S3 action matches
  NoResource,       // "s3:ListAllMyBuckets": takes no resource, never applies here
};
struct ActionCheck {
  ActionProblem problem = ActionProblem::None;
  std::string replacement;  // a full "s3:Name" suggestion, when there is one
  std::string_view service;
};
// Case never matters (IAM action names are case-insensitive); "*" and values with
// a policy variable pass. A wildcard in the service name is reported even when the
// name itself is then also checked, so callers may see ServiceWildcard for a
// pattern that also matches nothing: the name check wins then.
ActionCheck check_action(std::string_view action);

// What is wrong with a condition operator as written ("ForAnyValue:StringLikeIfExists").
enum class OperatorProblem : unsigned char {
  None,
  UnknownPrefix,  // "ForAnyValues:StringLike": the set prefix is not a qualifier
  Unknown,        // no such base operator
  NullIfExists,   // Null already tests presence, IAM refuses the suffix
  CaseOnly,       // known, but not spelt as AWS documents it
};
struct OperatorCheck {
  OperatorProblem problem = OperatorProblem::None;
  const ConditionOperator* op = nullptr;  // when the base operator is known
  std::string suggestion;  // the documented spelling, or a "did you mean" (may be empty)
};
// `op`, `base_op`, `qualifier`, `if_exists` as the policy model splits them.
OperatorCheck check_condition_operator(std::string_view op, std::string_view base_op,
                                       bool has_qualifier, bool if_exists);

enum class KeyProblem : unsigned char {
  None,         // in the catalog
  BadFormat,    // not service:name
  Unsupported,  // aws:ARN, which IAM does not support
  Unknown,      // an aws: or s3: key the catalog does not know
  Foreign,      // another service's key: not in the catalog, not judged
};
struct KeyCheck {
  KeyProblem problem = KeyProblem::None;
  const catalog::ConditionKey* key = nullptr;
  std::string_view suggestion;  // for Unknown, may be empty
};
KeyCheck check_condition_key(std::string_view key);

// For messages: what is wrong and what to write ("is unknown, so the policy is
// invalid; did you mean \"StringEquals\"?"), or empty when nothing is.
std::string describe_problem(const OperatorCheck& check);
std::string describe_problem(std::string_view key, const KeyCheck& check);

// "service:name" with a non-empty service of letters, digits, '-' and '.', and a
// non-empty name without whitespace before any '/' (tag keys may hold spaces).
// Says nothing about whether the key exists.
bool is_condition_key_format(std::string_view key);

// Literal parsers for condition values.
bool is_bool_value(std::string_view v);  // true / false, any case
// -12, 1.2, 3e4: IAM numbers, plus the exponents JSON numbers may carry.
bool is_number_value(std::string_view v);
// W3C ISO 8601 profile (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.s]][TZD]),
// or epoch seconds.
bool is_date_value(std::string_view v);
bool is_ipv4_address(std::string_view v);
bool is_ipv6_address(std::string_view v);
// An IPv4 or IPv6 address with an optional /prefix in range.
bool is_ip_or_cidr(std::string_view v);
bool is_base64(std::string_view v);
// "arn:" and five colon-separated fields; with a wildcard, "arn:" suffices, because
// Arn*Like matches component by component and a '*' may cover several of them.
bool is_arn_value(std::string_view v);
// "vpc-" / "vpce-" followed by 8 or 17 letters or digits.
bool is_vpc_id(std::string_view v);
bool is_vpce_id(std::string_view v);
bool has_policy_variable(std::string_view v);  // contains "${"

// Why a condition value cannot be read by an operator of `family` on `key`, as a
// phrase ("is not a number (e.g. 1.2)"), or empty when it parses. Policy
// variables are never parsed; vpc/vpce ids are checked for aws:SourceVpc and
// aws:SourceVpce unless the value holds a wildcard.
std::string_view value_defect(OperatorFamily family, std::string_view key, std::string_view value);

// Does an operator of this family compare values of the key's type? String
// operators on ARN keys are fine (IAM compares the text); Null fits every key;
// aws:EpochTime takes Date and Numeric operators.
bool operator_fits_key(OperatorFamily family, const catalog::ConditionKey& key);

// "an IP address", "a Bool", ... and the operators made for that type, for messages.
std::string_view describe_key_type(catalog::KeyType type);
std::string_view operators_for(catalog::KeyType type);

// The S3 actions that may carry `key` (global keys: all of them), in name order.
std::vector<const catalog::Action*> s3_actions_supporting(std::string_view key);
std::vector<const catalog::Action*> s3_actions_supporting(const catalog::ConditionKey& key);

// Is an Action/Resource member a string or an array of strings only? Entries of
// other types (CloudFormation's {"Fn::Sub": ...}) are missing from the model, so
// a rule that reasons about the whole list must not trust it then.
bool every_entry_is_string(const json::Tree& tree, json::NodeId member);

// What a bucket-policy Resource can stand for: Bucket for arn:...:s3:::bucket,
// Object for arn:...:s3:::bucket/key, both when the bucket part has a wildcard or
// a variable (it may reach past the '/'), None when it is not a bucket or object
// ARN at all (not an ARN, another service, an access point, "*").
catalog::ResourceType s3_resource_class(std::string_view resource);

// "the bucket", "objects", "access points", ... joined with "or", for messages.
std::string describe_resource_types(catalog::ResourceType types);

}  // namespace corslint::policy_catalog
