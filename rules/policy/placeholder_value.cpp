#include <set>
#include <string>
#include <utility>

#include <fmt/core.h>

#include "corslint/analysis/policy_values.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P029",
    .name = "policy-placeholder-value",
    .default_severity = Severity::Error,
    .summary = "A value still holds a placeholder copied from documentation or a template",
    .rationale =
        "Values such as arn:aws:s3:::your-bucket-name/*, <AccountId>, {bucket}, "
        "ACCOUNT-ID, REPLACE_ME, TODO or CHANGEME were never filled in. S3 rejects "
        "resources and principals that are not real, and a condition compares requests "
        "with the placeholder text itself, so the grant never applies (or a negated test "
        "applies to everyone). ${...} policy variables are not placeholders; P003 checks them.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::your-bucket-name/*", "Condition": {"StringEquals":
        {"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-site-assets/*", "Condition": {"StringEquals":
        {"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]})",
    .fix_hint = "Replace each placeholder with the real bucket name, account id or resource id.",
    .references =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",
};

constexpr std::string_view kUnfilled = "the value was never filled in";
constexpr std::string_view kBucket =
    "S3 rejects resources outside the bucket the policy is attached to";
constexpr std::string_view kKeyPath =
    "the statement covers object keys that contain the placeholder text, not the ones meant";

// `owner` is a callable giving the " of statement ..." part; it runs only when a
// placeholder is found, so clean values cost no formatting.
template <class Owner>
void scan(const Value& v, std::string_view element, const Owner& owner,
          std::string_view consequence, Reporter& out, bool upper_names = true) {
  if (!policy::has_placeholder(v, upper_names)) return;
  const std::string where = owner();
  // One finding per placeholder and meaning in a value, however often it repeats.
  std::set<std::pair<std::string_view, std::string_view>> reported;
  for (const policy::Placeholder& p : policy::find_placeholders(v.text, upper_names)) {
    if (!reported.emplace(p.text, p.meaning).second) continue;
    out.report(v.node,
               "{} \"{}\"{} holds \"{}\", a placeholder copied from a template: {}; replace "
               "it with the real {}",
               element, v.text, where, p.text,
               // In a resource only the bucket part makes S3 refuse the policy.
               consequence == kBucket && p.meaning != "bucket name" ? kKeyPath : consequence,
               p.meaning);
  }
}

void check(const policy::Policy& p, Reporter& out) {
  if (p.id)
    scan(
        *p.id, "the policy Id", [] { return std::string(); }, kUnfilled, out, false);
  for (const policy::Statement& st : p.statements) {
    auto owner = [&st] { return fmt::format(" of {}", st.label()); };
    if (st.sid) {
      scan(
          *st.sid, "the Sid", [&st] { return fmt::format(" of statement {}", st.index); },
          kUnfilled, out, false);
    }
    if (st.principal) {
      for (const policy::PrincipalEntry& e : st.principal->entries) {
        scan(e.value, st.principal->negated ? "excluded principal (NotPrincipal)" : "principal",
             owner, "S3 rejects a principal that does not exist", out);
      }
    }
    for (const Value& a : st.actions) {
      scan(a, st.not_action ? "excluded action (NotAction)" : "action", owner, kUnfilled, out);
    }
    for (const Value& r : st.resources) {
      scan(r, st.not_resource ? "excluded resource (NotResource)" : "resource", owner, kBucket,
           out);
    }
    for (const policy::Condition& c : st.conditions) {
      auto where = [&] { return fmt::format(" of \"{}\" in {}", c.key, st.label()); };
      for (const Value& v : c.values) {
        scan(v, "condition value", where,
             c.negated() ? "the negated test holds for every real request"
                         : "no real request matches it, so the statement never applies",
             out);
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
