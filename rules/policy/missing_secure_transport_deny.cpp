#include <algorithm>
#include <string>
#include <vector>

#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P025",
    .name = "policy-missing-secure-transport-deny",
    .default_severity = Severity::Info,
    .summary = "No statement denies plain-HTTP requests for the whole bucket",
    .rationale =
        "Without a Deny on aws:SecureTransport \"false\", every grant in the policy also "
        "works over plain HTTP, where requests and data travel unencrypted. Security Hub "
        "control S3.5 expects a Deny of \"s3:*\" to \"*\" on both the bucket and its objects; "
        "an Allow conditioned on \"true\" does not stop other grants from serving HTTP. S3 "
        "website endpoints support only HTTP, so a public website needs CloudFront in front "
        "before the Deny is added.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*"}, {"Sid": "DenyInsecureTransport",
        "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})",
    .fix_hint =
        "Add a Deny of \"s3:*\" to Principal \"*\" on arn:aws:s3:::<bucket> and "
        "arn:aws:s3:::<bucket>/* with Bool aws:SecureTransport \"false\".",
    .references = "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html",
};

bool denies_plain_http(const policy::Statement& st) {
  if (!st.is_deny() || !st.principal || st.principal->negated || !st.principal->is_everyone()) {
    return false;
  }
  return std::any_of(st.conditions.begin(), st.conditions.end(), [](const policy::Condition& c) {
    return iequals(c.key, "aws:SecureTransport") && iequals(c.base_op, "Bool") &&
           c.qualifier == policy::SetQualifier::None &&
           std::any_of(c.values.begin(), c.values.end(),
                       [](const Value& v) { return iequals(v.text, "false"); });
  });
}

// S3 website endpoints speak only HTTP: the Deny would take such a site down.
std::string_view website_caveat(const policy::Policy& p) {
  for (const policy::Statement& st : p.statements) {
    if (public_access(st).is_public() && !st.access.read.empty()) {
      return " (a public website served from the HTTP-only S3 website endpoint would stop "
             "working: serve it through CloudFront over HTTPS first)";
    }
  }
  return {};
}

void check(const policy::Policy& p, Reporter& out) {
  if (p.statements.empty()) return;
  std::vector<std::string_view> buckets = policy_buckets(p);
  std::string b = buckets.empty() ? std::string("<bucket>") : std::string(buckets.front());
  const policy::Statement* partial = nullptr;
  for (const policy::Statement& st : p.statements) {
    if (!denies_plain_http(st)) continue;
    bool all = statement_covers_action(st, "s3:GetObject") &&
               statement_covers_action(st, "s3:ListBucket") &&
               statement_covers_action(st, "s3:PutObject");
    for (std::string_view bucket : buckets) {
      all = all && statement_covers_bucket(st, bucket, false) &&
            statement_covers_bucket(st, bucket, true);
    }
    if (all) return;
    partial = partial != nullptr ? partial : &st;
  }
  if (partial != nullptr) {
    out.report(partial->node,
               "{} denies plain HTTP for only part of the bucket; Security Hub S3.5 expects "
               "\"s3:*\" on both arn:aws:s3:::{} and arn:aws:s3:::{}/*, so widen its Action "
               "and Resource",
               partial->label(), b, b);
    return;
  }
  out.report(p.statement_node != json::kNoNode ? p.statement_node : p.root,
             "no statement denies requests with aws:SecureTransport \"false\", so the bucket "
             "also serves plain HTTP (Security Hub S3.5); add a Deny of \"s3:*\" to \"*\" on "
             "arn:aws:s3:::{} and arn:aws:s3:::{}/* with Bool aws:SecureTransport \"false\"{}",
             b, b, website_caveat(p));
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
