#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P013",
    .name = "policy-deny-not-principal",
    .default_severity = Severity::Warning,
    .summary = "A Deny statement uses NotPrincipal, which easily locks out the exempted roles",
    .rationale =
        "Deny with NotPrincipal denies everyone not listed. A role is exempt only if the list "
        "names the account root, the role ARN and the assumed-role session ARN of every "
        "session; a missing entry denies that role's sessions too. AWS recommends Principal "
        "\"*\" with an ArnNotEquals or ArnNotLike condition on aws:PrincipalArn instead.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
        "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/Admin"},
        "Action": "s3:*", "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
        "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
        "Condition": {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Admin"}}}]})",
    .fix_hint =
        "Use Principal \"*\" with ArnNotEquals (or ArnNotLike) on aws:PrincipalArn listing the "
        "roles to exempt.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_notprincipal.html",
};

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    if (!st.is_deny() || !st.principal || !st.principal->negated) continue;
    out.report_key(st.principal->node,
                   "{} denies everyone except the NotPrincipal entries: a role stays exempt only "
                   "if its account root, role ARN and assumed-role session ARNs are all listed, "
                   "otherwise its sessions are denied too; use Principal \"*\" with ArnNotEquals "
                   "on aws:PrincipalArn instead",
                   st.label());
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
