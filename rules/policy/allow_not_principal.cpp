#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P012",
    .name = "policy-allow-not-principal",
    .default_severity = Severity::Error,
    .summary = "An Allow statement uses NotPrincipal, granting everyone not listed",
    .rationale =
        "Allow with NotPrincipal grants the actions to every principal except the listed "
        "ones: every AWS account, and anonymous callers too. S3 treats the policy as public, "
        "and Access Analyzer reports it as a security warning.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/Mallory"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/Reader"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .fix_hint = "Use Principal with the accounts or roles that need access.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_notprincipal.html",
};

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    if (!st.is_allow() || !st.principal || !st.principal->negated) continue;
    const AccessSummary& s = st.access;
    out.report_key(st.principal->node,
                   "{} allows {} to everyone except the NotPrincipal entries, anonymous callers "
                   "and every other AWS account included, so S3 treats the policy as public; use "
                   "Principal with the accounts or roles that need access",
                   st.label(), s.any() ? s.levels() + " access" : std::string("its actions"));
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
