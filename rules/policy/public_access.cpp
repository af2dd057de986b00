#include <string>

#include <fmt/core.h>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P010",
    .name = "policy-public-access",
    .default_severity = Severity::Error,
    .summary = "An Allow statement is open to anyone, so S3 treats the bucket policy as public",
    .rationale =
        "S3 calls a policy public unless every Allow is limited to fixed principals or fixed "
        "values of keys such as aws:SourceVpce, aws:PrincipalOrgID or aws:SourceArn. Principal "
        "\"*\", {\"AWS\": \"*\"} and Federated principals admit anonymous callers, and negated "
        "operators, ...IfExists, ForAllValues:, wildcard values and /0 ranges are true for "
        "them, so they restrict nothing. One public statement makes the whole policy public: "
        "with RestrictPublicBuckets, S3 then also blocks every legitimate cross-account grant.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "PublicRead",
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "ReadFromVpce",
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]})",
    .fix_hint =
        "Name the accounts or roles that need access, serve public content through CloudFront "
        "with origin access control, or add a fixed aws:SourceVpce, aws:PrincipalOrgID or "
        "aws:SourceArn condition.",
    .references =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
        "access-control-block-public-access.html",
};

std::string who(const policy::PrincipalEntry& e) {
  if (e.type == "Federated") return fmt::format("federated principal \"{}\"", e.value.text);
  if (e.type == "AWS") return "{\"AWS\": \"*\"}";
  return "Principal \"*\"";
}

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    PublicAccess access = public_access(st);
    if (!access.is_public()) continue;
    const AccessSummary& s = st.access;
    if (!s.any()) continue;  // no S3 action: nothing on this bucket is granted
    std::string_view example = !s.permissions.empty() ? s.permissions
                               : !s.write.empty()     ? s.write
                                                      : s.read;
    std::string why = access.weak != nullptr ? ": " + access.weak_reason
                                             : std::string(" with no restricting condition");
    for (const policy::PrincipalEntry* e : access.open_principals) {
      Reported f = out.report(
          e->value.node,
          "{} gives anyone {} access (e.g. {}) through {}{}; one public statement makes the "
          "whole policy public, and RestrictPublicBuckets then blocks its cross-account grants "
          "too; name the principals or add a fixed condition such as aws:SourceVpce or "
          "aws:PrincipalOrgID",
          st.label(), s.levels(), example, who(*e), why);
      if (access.weak != nullptr) out.add_related(f, access.weak->key_node, "does not restrict");
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
