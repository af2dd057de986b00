#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P014",
    .name = "policy-allow-not-action",
    .default_severity = Severity::Warning,
    .summary = "An Allow statement uses NotAction or NotResource, granting everything not listed",
    .rationale =
        "Allow with NotAction grants every action except the listed ones, including "
        "s3:PutBucketPolicy and any action S3 adds later; Allow with NotResource grants the "
        "actions on every other part of the bucket. Both grant far more than they appear to.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
        "NotAction": "s3:DeleteObject", "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
        "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .fix_hint =
        "List the actions and resources the principal needs with Action and Resource; keep "
        "NotAction and NotResource for Deny statements.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_notaction.html",
};

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    if (!st.is_allow()) continue;
    const AccessSummary& s = st.access;
    if (st.not_action && s.any()) {  // NotAction "s3:*" grants nothing
      std::string_view example = !s.permissions.empty() ? s.permissions : s.write;
      if (example.empty()) {
        out.report_key(st.action_node,
                       "{} allows every action except the NotAction entries, including any S3 "
                       "adds later; list the needed actions with Action instead",
                       st.label());
      } else {
        out.report_key(st.action_node,
                       "{} allows every action except the NotAction entries, {} and any action "
                       "S3 adds later included; list the needed actions with Action instead",
                       st.label(), example);
      }
    }
    if (st.not_resource) {
      out.report_key(st.resource_node,
                     "{} allows its actions on every resource except the NotResource entries, "
                     "so new prefixes and the bucket itself are covered too; list the resources "
                     "with Resource instead",
                     st.label());
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
