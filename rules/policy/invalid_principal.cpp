#include <fmt/core.h>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/origin.hpp"
#include "corslint/analysis/policy_values.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P009",
    .name = "policy-invalid-principal",
    .default_severity = Severity::Error,
    .summary = "A principal is malformed, uses a partial wildcard, or names a deleted identity",
    .rationale =
        "Principal accepts \"*\", 12-digit account ids, account-root, IAM user and role ARNs, "
        "STS role sessions, origin access identities, service names such as "
        "cloudfront.amazonaws.com and 64-digit canonical user ids. Anything else, including "
        "partial wildcards such as arn:aws:iam::*:root, makes the policy invalid. A unique id "
        "such as AROA... stands where the ARN of a since-deleted role or user was, and grants "
        "nothing to a new identity of the same name. The JSON shape and keys of Principal "
        "itself are checked by P001.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::*:root"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]})",
    .fix_hint =
        "Name principals as account ids or IAM/STS ARNs under \"AWS\", services as "
        "name.amazonaws.com under \"Service\"; to match many principals use Principal \"*\" "
        "with a condition on aws:PrincipalArn, aws:PrincipalAccount or aws:PrincipalOrgID.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_principal.html",
};

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    if (!st.principal) continue;
    std::string_view element =
        st.principal->negated ? "excluded principal (NotPrincipal)" : "principal";
    for (const policy::PrincipalEntry& e : st.principal->entries) {
      std::string_view v = e.value.text;
      if (policy::has_placeholder(e.value)) continue;        // P029 reports those
      if (v.find("${") != std::string_view::npos) continue;  // P003 reports those
      if (auto problem = policy::principal_problem(e)) {
        Reported f = out.report(e.value.node, "{} {{\"{}\": \"{}\"}} in {} {}", element, e.type, v,
                                st.label(), problem->what);
        if (!problem->fix.empty()) {
          out.add_fix(f, fmt::format("write \"{}\"", problem->fix), e.value.node,
                      json_quote(problem->fix));
        }
        continue;
      }
      if (e.type == "AWS" && classify_principal(e).kind == PrincipalKind::UniqueId) {
        out.report(Severity::Warning, e.value.node,
                   "{} \"{}\" in {} is an IAM unique id, which appears where the ARN of a "
                   "deleted role or user stood; it matches no current identity, even one "
                   "recreated with the same name, so name the current ARN or remove it",
                   element, v, st.label());
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
