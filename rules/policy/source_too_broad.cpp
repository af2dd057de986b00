#include <string>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P016",
    .name = "policy-source-too-broad",
    .default_severity = Severity::Error,
    .summary =
        "A service principal's aws:SourceArn or aws:SourceAccount condition does not pin "
        "it to your resources",
    .rationale =
        "aws:SourceArn or aws:SourceAccount only protects a service-principal grant when it "
        "names fixed resources: ArnLike or StringLike with \"*\" in the account matches every "
        "AWS account, and ...IfExists or ForAllValues: are true when the key is missing. A "
        "CloudFront SourceArn that is not arn:aws:cloudfront::<account>:distribution/<id> "
        "matches no request, so CloudFront gets 403. Placeholder values are left to P029.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "AllowCloudFront",
        "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::*:distribution/*"}}}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "AllowCloudFront",
        "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"StringEquals": {"AWS:SourceArn":
          "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]})",
    .fix_hint =
        "Use StringEquals (or ArnEquals) with the exact ARN of your distribution or resource, "
        "or aws:SourceAccount with your 12-digit account id.",
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
};

bool is_arn_key(std::string_view k) { return iequals(k, "aws:SourceArn"); }
bool is_source_key(std::string_view k) {
  return is_arn_key(k) || iequals(k, "aws:SourceAccount") || iequals(k, "aws:SourceOwner");
}
bool pattern_op(std::string_view op) {
  return iequals(op, "StringLike") || iequals(op, "ArnLike") || iequals(op, "ArnEquals");
}
bool string_or_arn_op(std::string_view op) {
  return istarts_with(op, "String") || istarts_with(op, "Arn");
}

bool account_open(const policy::Condition& c, std::string_view v) {
  return v == "*" || !is_arn_key(c.key) || !arn_pins_account(v);
}

void check_value(const policy::Statement& st, const policy::Condition& c, const Value& v,
                 bool cloudfront, Reporter& out) {
  if (v.text.empty() || looks_like_placeholder(v.text)) return;
  auto arn = parse_arn(v.text);
  if (has_iam_wildcard(v.text)) {
    if (!pattern_op(c.base_op)) return;  // compared literally: P017
    if (account_open(c, v.text)) {
      out.report(v.node,
                 "\"{}\" under \"{}\" on {} in {} does not fix the account, so resources in "
                 "other AWS accounts can use this grant; name your own account and resource",
                 v.text, c.op, c.key, st.label());
    } else if (arn && arn->service == "cloudfront") {
      out.report(Severity::Info, v.node,
                 "\"{}\" on {} in {} admits every distribution of account {}; name the one "
                 "distribution that serves this bucket",
                 v.text, c.key, st.label(), arn->account);
    }
    return;
  }
  if (!is_arn_key(c.key) || !(cloudfront || (arn && arn->service == "cloudfront"))) return;
  auto dist = parse_distribution_arn(v.text);
  if (dist && is_account_id(dist->account) && !dist->id.empty() &&
      dist->id.find('/') == std::string_view::npos) {
    return;
  }
  out.report(v.node,
             "{} \"{}\" in {} is not a CloudFront distribution ARN "
             "(arn:aws:cloudfront::<12-digit account>:distribution/<id>), so the grant never "
             "matches and CloudFront gets 403; copy the ARN from the distribution's settings",
             c.key, v.text, st.label());
}

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    if (!st.is_allow() || !st.principal || st.principal->negated) continue;
    bool service = false, cloudfront_only = true;
    for (const policy::PrincipalEntry& e : st.principal->entries) {
      if (e.type != "Service") continue;
      service = true;
      cloudfront_only &= iequals(e.value.text, "cloudfront.amazonaws.com");
    }
    if (!service) continue;
    for (const policy::Condition& c : st.conditions) {
      if (!is_source_key(c.key) || c.negated() || !string_or_arn_op(c.base_op)) continue;
      if (c.true_when_key_absent()) {
        out.report(c.key_node,
                   "\"{}\" on {} in {} is true when the request has no {}, so it does not tie "
                   "the service to your resources; use \"{}\"",
                   c.op, c.key, st.label(), c.key, c.base_op);
        continue;
      }
      for (const Value& v : c.values) check_value(st, c, v, cloudfront_only, out);
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
