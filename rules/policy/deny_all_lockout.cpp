#include <algorithm>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P026",
    .name = "policy-deny-all-lockout",
    .default_severity = Severity::Warning,
    .summary = "A Deny of every action, or of policy changes, to \"*\" has no Condition",
    .rationale =
        "An unconditional Deny to Principal \"*\" applies to the owner account's own users "
        "and roles as well: denying \"s3:*\" makes the bucket unusable, and denying "
        "s3:PutBucketPolicy means only the account root user can ever change or delete the "
        "policy again.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "DenyAll",
        "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "DenyOthers",
        "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
        "Condition": {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Admin"}}}]})",
    .fix_hint =
        "Add a Condition that exempts your administrators (ArnNotEquals on aws:PrincipalArn) "
        "or names what to deny (aws:SecureTransport, aws:SourceVpce), or deny named principals.",
    .references =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",
};

// PutBucketPolicy applies to the bucket resource, not to objects.
bool names_bucket(const policy::Statement& st) {
  if (st.not_resource || st.resources.empty()) return true;
  return std::any_of(st.resources.begin(), st.resources.end(), [](const Value& r) {
    auto arn = parse_arn(r.text);
    auto t = arn ? s3_target(*arn) : std::nullopt;
    return !t || !t->object;
  });
}

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    if (!st.is_deny() || !st.principal || st.principal->negated || !st.principal->is_everyone() ||
        !st.conditions.empty()) {
      continue;
    }
    bool everything =
        !st.not_action && std::any_of(st.actions.begin(), st.actions.end(),
                                      [](const Value& a) { return is_every_action(a.text); });
    bool policy_changes = statement_covers_action(st, "s3:PutBucketPolicy") && names_bucket(st);
    if (policy_changes) {
      out.report(st.action_node,
                 "{} denies {} to everyone with no Condition, the owner's own administrators "
                 "included, so only the account root user can change or delete this policy; "
                 "exempt your admin roles with ArnNotEquals on aws:PrincipalArn",
                 st.label(), everything ? "every action" : "s3:PutBucketPolicy");
    } else if (everything) {
      out.report(st.action_node,
                 "{} denies every action on its resources to everyone with no Condition, so no "
                 "one, the owner included, can use them; add a Condition or deny named "
                 "principals",
                 st.label());
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
