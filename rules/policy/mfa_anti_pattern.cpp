#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P027",
    .name = "policy-mfa-anti-pattern",
    .default_severity = Severity::Warning,
    .summary = "aws:MultiFactorAuthPresent is tested with Bool \"false\"",
    .rationale =
        "Requests signed with long-term access keys carry no aws:MultiFactorAuthPresent at "
        "all, and Bool is false for a missing key. A Deny with Bool \"false\" therefore lets "
        "those requests through, and an Allow with it admits only temporary credentials "
        "without MFA. BoolIfExists \"false\" (or Null \"true\") also covers the missing key.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "RequireMfa",
        "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
        "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "RequireMfa",
        "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
        "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]})",
    .fix_hint =
        "Deny with BoolIfExists aws:MultiFactorAuthPresent \"false\", or with Null "
        "aws:MultiFactorAuthPresent \"true\" in a second statement.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_condition-keys.html#condition-keys-multifactorauthpresent",
};

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    if (!st.is_allow() && !st.is_deny()) continue;
    for (const policy::Condition& c : st.conditions) {
      if (!iequals(c.key, "aws:MultiFactorAuthPresent") || !iequals(c.base_op, "Bool") ||
          c.if_exists) {
        continue;
      }
      for (const Value& v : c.values) {
        if (!iequals(v.text, "false")) continue;
        if (st.is_deny()) {
          out.report(v.node,
                     "\"{}\" {} \"false\" in {} is false for requests signed with long-term "
                     "access keys, which carry no such key, so they are not denied; use "
                     "BoolIfExists",
                     c.op, c.key, st.label());
        } else {
          out.report(v.node,
                     "\"{}\" {} \"false\" in {} admits only temporary credentials without MFA "
                     "and never long-term keys, rarely what was meant; to require MFA deny "
                     "with BoolIfExists \"false\" instead",
                     c.op, c.key, st.label());
        }
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
