#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P023",
    .name = "policy-wildcard-action",
    .default_severity = Severity::Warning,
    .summary = "An Allow grants \"*\" or \"s3:*\" to a principal outside the owner account",
    .rationale =
        "\"s3:*\" includes deleting the bucket and its objects, rewriting the bucket policy "
        "and ACLs, and every action S3 adds later. Granted to another account, a service or a "
        "CloudFront identity, it hands over the bucket. Account principals count as outside "
        "only when .corslint.json names the owner (account_id, trusted_accounts): without it "
        "an account principal may be the owner itself, so only services and CloudFront origin "
        "access identities are reported. Grants to \"*\" are left to P010 and P011.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "CloudFrontAll",
        "Effect": "Allow", "Principal": {"AWS":
          "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"},
        "Action": "s3:*", "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "CloudFrontRead",
        "Effect": "Allow", "Principal": {"AWS":
          "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .fix_hint = "List the actions the principal needs, such as s3:GetObject and s3:PutObject.",
    .references =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
};

void check(const policy::Policy& policy, Reporter& out) {
  std::vector<std::string_view> owners = owner_accounts(out.settings());
  for (const policy::Statement& st : policy.statements) {
    if (!st.is_allow() || !st.principal || st.principal->negated || st.not_action) continue;
    const Value* every = nullptr;
    for (const Value& a : st.actions) {
      if (is_every_action(a.text)) every = every != nullptr ? every : &a;
    }
    if (every == nullptr) continue;
    for (const policy::PrincipalEntry& e : st.principal->entries) {
      PrincipalInfo info = classify_principal(e);
      if (info.kind == PrincipalKind::Everyone || info.kind == PrincipalKind::Federated) continue;
      if (outside_owner(info, owners) != true) continue;
      Reported f = out.report(
          every->node,
          "{} allows \"{}\" to {}, outside the owner account: that includes deleting data, "
          "rewriting the bucket policy and ACLs, and any action S3 adds later; list only the "
          "actions it needs",
          st.label(), every->text, describe_principal(e, info));
      out.add_related(f, e.value.node, "the principal");
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
