#include <string>
#include <vector>

#include <fmt/core.h>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/catalog.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/analysis/policy_catalog_checks.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P008",
    .name = "policy-action-resource-mismatch",
    .default_severity = Severity::Error,
    .summary = "An action applies to none of the statement's resources",
    .rationale =
        "Bucket-level actions such as s3:ListBucket apply only to arn:aws:s3:::bucket, and "
        "object-level actions such as s3:GetObject only to arn:aws:s3:::bucket/key. S3 "
        "rejects a statement in which any listed action applies to none of its resources "
        "(\"Action does not apply to any resource(s) in statement\"), so the deploy fails.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": ["s3:GetObject", "s3:ListBucket"],
        "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]}]})",
    .fix_hint =
        "List the bucket ARN for bucket-level actions and bucket/* for object-level ones, in "
        "the same statement or in separate statements.",
    .references =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
        "using-with-s3-policy-actions.html",
};

using catalog::ResourceType;

// What the statement's resources can stand for; nullopt when one of them is
// not a bucket or object ARN (P007 reports those) or not a string, and anything
// could match.
std::optional<ResourceType> resource_classes(const policy::Statement& st, const json::Tree& t) {
  if (!policy_catalog::every_entry_is_string(t, st.resource_node)) return std::nullopt;
  ResourceType classes = ResourceType::None;
  for (const Value& r : st.resources) {
    const ResourceType c = policy_catalog::s3_resource_class(r.text);
    if (c == ResourceType::None) return std::nullopt;
    classes = classes | c;
  }
  return classes;
}

// The ARN the action needs, built from the statement's first resource.
std::string wanted_resource(const policy::Statement& st, ResourceType action_types) {
  const auto arn = parse_arn(st.resources.front().text);
  const auto target = arn ? s3_target(*arn) : std::nullopt;
  if (!target) return "a matching ARN";
  const bool object = catalog::has_any(action_types, ResourceType::Object);
  return fmt::format("\"arn:{}:s3:::{}{}\"", arn->partition, target->bucket, object ? "/*" : "");
}

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    if (st.not_action || st.not_resource || st.resources.empty()) continue;
    const auto classes = resource_classes(st, out.tree());
    if (!classes) continue;
    for (const Value& v : st.actions) {
      // Unprefixed actions and variables are P006's and P003's.
      const bool wildcard = has_iam_wildcard(v.text);
      if (v.text.find(':') == std::string_view::npos && v.text != "*") continue;
      // Wildcards pass when any expansion applies: S3 accepts s3:Get* on bucket/*.
      ResourceType types = ResourceType::None;
      for (const catalog::Action* a : catalog::match_s3_actions(v.text)) {
        types = types | a->resource_types;
      }
      // Unknown actions and actions without a resource are P006's.
      if (types == ResourceType::None || catalog::has_any(types, *classes)) continue;
      const ResourceType here = types & (ResourceType::Bucket | ResourceType::Object);
      const std::string how =
          here != ResourceType::None
              ? fmt::format("add {} to Resource or move the action to its own statement",
                            wanted_resource(st, here))
              : std::string("remove it from the bucket policy");
      Reported f = out.report(
          v.node,
          "{} \"{}\" in {} applies only to {}, but the statement's resources are {}, so S3 "
          "rejects the policy (\"Action does not apply to any resource(s) in statement\"); {}",
          wildcard ? "every action matching" : "action", v.text, st.label(),
          policy_catalog::describe_resource_types(here != ResourceType::None ? here : types),
          policy_catalog::describe_resource_types(*classes), how);
      out.add_related(f, st.resource_node, "the statement's resources");
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
