#include <string>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P017",
    .name = "policy-wildcard-without-like",
    .default_severity = Severity::Warning,
    .summary = "A String*Equals condition value contains '*' or '?', which it compares literally",
    .rationale =
        "StringEquals, StringNotEquals and their IgnoreCase forms treat '*' and '?' as plain "
        "characters, so the value matches only that exact text. For CloudFront's "
        "aws:SourceArn the grant then never matches and every request through the "
        "distribution gets 403 (an error); elsewhere the condition silently means something "
        "else (a warning). ArnEquals does match wildcards and is not reported.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "AllowCloudFront",
        "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"StringEquals": {"AWS:SourceArn":
          "arn:aws:cloudfront::111122223333:distribution/*"}}}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "AllowCloudFront",
        "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"StringEquals": {"AWS:SourceArn":
          "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]})",
    .fix_hint =
        "Write the exact value, or use the Like form of the operator (StringLike, "
        "StringNotLike) when a pattern is meant.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_condition_operators.html",
};

bool literal_string_op(std::string_view op) {
  return iequals(op, "StringEquals") || iequals(op, "StringNotEquals") ||
         iequals(op, "StringEqualsIgnoreCase") || iequals(op, "StringNotEqualsIgnoreCase");
}

// The first '*' or '?' outside ${...} policy variables ("${*}" is an escape);
// a '?' after "://" is a URL query (aws:Referer), taken as meant literally.
char wildcard_in(std::string_view v) {
  bool url = v.find("://") != std::string_view::npos;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '$' && i + 1 < v.size() && v[i + 1] == '{') {
      std::size_t close = v.find('}', i);
      if (close == std::string_view::npos) return 0;
      i = close;
    } else if (v[i] == '*' || (v[i] == '?' && !url)) {
      return v[i];
    }
  }
  return 0;
}

// StringEquals -> StringLike, StringNotEqualsIgnoreCase -> StringNotLike; any
// ForAnyValue:/ForAllValues: prefix and IfExists suffix stay.
std::string like_form(const policy::Condition& c) {
  std::string_view base = c.base_op;
  std::size_t at = c.op.find(base);
  std::string like = istarts_with(base, "StringNot") ? "StringNotLike" : "StringLike";
  if (at == std::string_view::npos) return like;
  return std::string(c.op.substr(0, at)) + like + std::string(c.op.substr(at + base.size()));
}

bool cloudfront_grant(const policy::Statement& st) {
  if (!st.is_allow() || !st.principal) return false;
  for (const policy::PrincipalEntry& e : st.principal->entries) {
    if (e.type == "Service" && iequals(e.value.text, "cloudfront.amazonaws.com")) return true;
  }
  return false;
}

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    for (const policy::Condition& c : st.conditions) {
      if (!literal_string_op(c.base_op)) continue;
      for (const Value& v : c.values) {
        char w = wildcard_in(v.text);
        if (w == 0) continue;
        auto arn = parse_arn(v.text);
        bool cloudfront = iequals(c.key, "aws:SourceArn") && !c.negated() && st.is_allow() &&
                          (cloudfront_grant(st) || (arn && arn->service == "cloudfront"));
        if (cloudfront) {
          out.report(Severity::Error, v.node,
                     "{} \"{}\" under \"{}\" in {} is compared literally, '{}' included, so "
                     "the grant never matches and CloudFront gets 403 for every request; write "
                     "the exact distribution ARN",
                     c.key, v.text, c.op, st.label(), w);
        } else {
          out.report(v.node,
                     "\"{}\" under \"{}\" on {} in {} is compared literally: '{}' is not a "
                     "wildcard there, so only that exact text matches; use \"{}\" if a "
                     "pattern is meant",
                     v.text, c.op, c.key, st.label(), w, like_form(c));
        }
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
