#include <array>
#include <string>

#include <fmt/core.h>

#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P015",
    .name = "policy-service-principal-without-source",
    .default_severity = Severity::Error,
    .summary =
        "A service principal is granted access without an aws:SourceArn or "
        "aws:SourceAccount condition",
    .rationale =
        "A grant to {\"Service\": \"cloudfront.amazonaws.com\"} alone lets any CloudFront "
        "distribution in any AWS account read the bucket through CloudFront's identity: "
        "anyone can create a distribution with this bucket as its origin (the confused-deputy "
        "problem). The same holds for other services acting for their customers. A positive "
        "condition on aws:SourceArn or aws:SourceAccount ties the grant to your own resources.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "AllowCloudFront",
        "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "AllowCloudFront",
        "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"StringEquals": {"AWS:SourceArn":
          "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]})",
    .fix_hint =
        "Add StringEquals on aws:SourceArn with your distribution's (or resource's) ARN, or on "
        "aws:SourceAccount with your account id.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "private-content-restricting-access-to-s3.html",
};

// Keys that tie a service's request to the resource or account it acts for.
constexpr std::array<std::string_view, 5> kSourceKeys = {"aws:SourceArn", "aws:SourceAccount",
                                                         "aws:SourceOwner", "aws:SourceOrgID",
                                                         "aws:SourceOrgPaths"};

bool is_source_key(std::string_view key) {
  for (std::string_view k : kSourceKeys) {
    if (iequals(k, key)) return true;
  }
  return false;
}

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    if (!st.is_allow() || !st.principal || st.principal->negated) continue;
    // Weak source conditions (IfExists, wildcards) are P016's; here only "none at all".
    const policy::Condition* negated = nullptr;
    bool has_source = false;
    for (const policy::Condition& c : st.conditions) {
      if (!is_source_key(c.key)) continue;
      if (c.negated()) {
        negated = negated != nullptr ? negated : &c;
      } else {
        has_source = true;
      }
    }
    if (has_source) continue;
    const AccessSummary& s = st.access;
    if (!s.any()) continue;
    std::string note =
        negated != nullptr
            ? fmt::format(" (\"{}\" on {} excludes some callers but admits every other account)",
                          negated->op, negated->key)
            : std::string();
    for (const policy::PrincipalEntry& e : st.principal->entries) {
      if (e.type != "Service") continue;
      if (iequals(e.value.text, "cloudfront.amazonaws.com")) {
        out.report(e.value.node,
                   "{} grants cloudfront.amazonaws.com {} access without an aws:SourceArn or "
                   "aws:SourceAccount condition{}, so any CloudFront distribution in any AWS "
                   "account can read this bucket through CloudFront; add StringEquals "
                   "AWS:SourceArn with your distribution's ARN",
                   st.label(), s.levels(), note);
      } else {
        out.report(e.value.node,
                   "{} grants {} {} access without an aws:SourceArn or aws:SourceAccount "
                   "condition{}, so the service acting for any AWS account can use it; add "
                   "StringEquals aws:SourceAccount with your account id (and aws:SourceArn with "
                   "your resource)",
                   st.label(), e.value.text, s.levels(), note);
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
