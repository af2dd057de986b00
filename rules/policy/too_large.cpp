#include "corslint/analysis/policy_values.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P005",
    .name = "policy-too-large",
    .default_severity = Severity::Error,
    .summary = "The bucket policy is larger than S3's 20 KB limit",
    .rationale =
        "S3 limits a bucket policy to 20 KB, and PutBucketPolicy refuses a larger one, so "
        "the deploy fails and the old policy stays in force. AWS does not document whether "
        "whitespace counts: a policy over the limit only because of its indentation is "
        "reported as a warning, one over it without any whitespace as an error.",
    .bad_example =
        "A policy of 21,038 bytes without whitespace: 120 statements such as "
        "{\"Sid\": \"Tenant001\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": "
        "\"arn:aws:iam::111122223333:role/tenant-001\"}, \"Action\": \"s3:GetObject\", "
        "\"Resource\": \"arn:aws:s3:::my-bucket/tenants/001/*\"}, one per tenant.",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "TenantPrefix",
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/tenants/${aws:PrincipalTag/tenant}/*"}]})",
    .fix_hint =
        "Merge statements that differ only in one value, use wildcards or policy variables "
        "instead of long lists, or move grants into the callers' IAM policies or S3 access "
        "points.",
    .references =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",
};

void check(const policy::Policy& p, Reporter& out) {
  constexpr std::size_t kMax = policy::kMaxPolicyBytes;
  if (p.document_bytes <= kMax) return;
  std::size_t minified = policy::minified_size(out.tree(), p.root, out.document().source->text());
  if (minified > kMax) {
    out.report(p.root,
               "the policy is {} bytes even without whitespace, over S3's limit of {} bytes "
               "(20 KB), so PutBucketPolicy rejects it; merge statements, use wildcards or "
               "policy variables, or move grants into IAM policies or access points",
               minified, kMax);
    return;
  }
  out.report(Severity::Warning, p.root,
             "the policy is {} bytes as written, over S3's limit of {} bytes (20 KB), but {} "
             "without whitespace; AWS does not document whether whitespace counts, so upload "
             "it minified or shrink it",
             p.document_bytes, kMax, minified);
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
