#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/policy_values.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P022",
    .name = "policy-legacy-oai-principal",
    .default_severity = Severity::Info,
    .summary = "A statement grants a CloudFront origin access identity (legacy OAI)",
    .rationale =
        "Origin access identities still work, but AWS recommends origin access control "
        "(OAC) instead: OAI does not support SSE-KMS encrypted objects or newer Regions. An "
        "OAI is granted either by its ARN (arn:aws:iam::cloudfront:user/CloudFront Origin "
        "Access Identity E...) or by its S3 canonical user id (CanonicalUser). During a "
        "migration both grants legitimately coexist.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"StringEquals":
        {"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]})",
    .fix_hint =
        "Create an origin access control, attach it to the distribution's S3 origin, grant "
        "{\"Service\": \"cloudfront.amazonaws.com\"} with an AWS:SourceArn condition naming "
        "the distribution, then remove the OAI grant.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "private-content-restricting-access-to-s3.html",
};

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    if (!st.principal) continue;
    std::string_view verb = st.principal->negated ? "exempts" : "grants";
    for (const policy::PrincipalEntry& e : st.principal->entries) {
      if (policy::has_placeholder(e.value)) continue;  // P029
      if (policy::principal_problem(e)) continue;      // P009
      PrincipalInfo info = classify_principal(e);
      if (info.kind == PrincipalKind::OriginAccessIdentity) {
        out.report(e.value.node,
                   "{} {} CloudFront origin access identity \"{}\", which is legacy and "
                   "lacks SSE-KMS and newer Regions; move the distribution to origin access "
                   "control (OAC), grant {{\"Service\": \"cloudfront.amazonaws.com\"}} with an "
                   "AWS:SourceArn condition, then remove this grant",
                   st.label(), verb, info.name);
      } else if (info.kind == PrincipalKind::CanonicalUser) {
        out.report(e.value.node,
                   "{} {} a CanonicalUser id, the legacy way to grant a CloudFront origin "
                   "access identity; if it is one, move the distribution to origin access "
                   "control (OAC) and grant {{\"Service\": \"cloudfront.amazonaws.com\"}} "
                   "instead, otherwise name the account under \"AWS\"",
                   st.label(), verb);
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
