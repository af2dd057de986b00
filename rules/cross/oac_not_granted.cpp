#include <string>
#include <string_view>

#include <fmt/format.h>

#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/analysis/origin_access.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "X002",
    .name = "oac-not-granted",
    .kinds = kinds(DocKind::S3BucketPolicy, DocKind::CloudFrontDistribution),
    .default_severity = Severity::Error,
    .summary =
        "The distribution uses origin access control, but the bucket policy does not "
        "let CloudFront read",
    .rationale =
        "With origin access control (OAC) CloudFront signs its requests to S3 as the service "
        "principal cloudfront.amazonaws.com. S3 answers them only when the bucket policy "
        "allows that principal s3:GetObject on the objects (with AWS:SourceArn naming the "
        "distribution). Without such a statement, or with an unconditional Deny in front of "
        "it, every request through the distribution is 403 Access Denied. (A grant whose "
        "AWS:SourceArn names another distribution is reported by X001; a policy that grants "
        "an origin access identity instead by X003. A grant to everyone, Principal \"*\", "
        "may admit CloudFront too and keeps this rule silent.)",
    .bad_example =
        R"((a bundle: a distribution whose S3 origin has OriginAccessControlId E3QYQ2EXAMPLE next to a
bucket policy that grants s3:GetObject only to an IAM role)
// file: bucket-policy.json
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "s3:GetObject",
  "Resource": "arn:aws:s3:::example-site/*"}]}
// file: distribution.json
{"Distribution": {"DistributionConfig": {"CallerReference": "cli-1718000000-123456",
  "Origins": {"Quantity": 1, "Items": [{"Id": "S3-site",
  "DomainName": "example-site.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-site",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}, "Comment": "example.com site",
  "Enabled": true}}})",
    .good_example =
        R"((the same bundle with a statement allowing Service cloudfront.amazonaws.com s3:GetObject on
arn:aws:s3:::<bucket>/* with AWS:SourceArn naming the distribution)
// file: bucket-policy.json
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "s3:GetObject",
  "Resource": "arn:aws:s3:::example-site/*"}, {"Sid": "AllowCloudFront", "Effect": "Allow",
  "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
  "Resource": "arn:aws:s3:::example-site/*",
  "Condition": {"StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]}
// file: distribution.json
{"Distribution": {"ARN": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE",
  "DistributionConfig": {"CallerReference": "cli-1718000000-123456", "Origins": {"Quantity": 1,
  "Items": [{"Id": "S3-site", "DomainName": "example-site.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-site",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}, "Comment": "example.com site",
  "Enabled": true}}})",
    .fix_hint =
        "Add the statement the CloudFront console suggests: Effect Allow, Principal "
        "{\"Service\": \"cloudfront.amazonaws.com\"}, Action s3:GetObject, Resource "
        "arn:aws:s3:::<bucket>/*, Condition {\"StringEquals\": {\"AWS:SourceArn\": "
        "\"arn:aws:cloudfront::<account>:distribution/<id>\"}}.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "private-content-restricting-access-to-s3.html",
};

void check(const Setup& setup, Reporter& out) {
  const Bundle& bundle = setup.bundle();
  for (const OriginPolicy& op : origin_policies(bundle)) {
    const cloudfront::Origin& o = *op.origin;
    // Website endpoints cannot use OAC (F013); an OAI origin is X003's.
    if (o.kind != cloudfront::OriginKind::S3Rest || !o.oac_id || o.oai) continue;
    if (unknown_value(o.oac_id->text)) continue;
    std::string_view bucket = origin_bucket(o);
    CloudFrontGrants g = cloudfront_grants(*op.policy->as<policy::Policy>(), bucket);
    std::string where =
        bucket.empty() ? std::string("the bucket") : fmt::format("bucket \"{}\"", bucket);
    if (g.deny != nullptr) {
      Reported f =
          out.report(*op.distribution, o.oac_id->node,
                     "{} reaches {} with origin access control, but the bucket policy's {} denies "
                     "s3:GetObject on its objects without condition: every request through the "
                     "distribution gets 403",
                     o.label(), where, g.deny->label());
      out.add_related(f, *op.policy, g.deny->node, "the Deny");
      continue;
    }
    // A public grant (or one to everyone under conditions) may admit CloudFront too.
    if (!g.service.empty() || g.everyone) continue;
    // Only an origin access identity (or a canonical user, possibly one) is
    // granted: X003 reports the mix-up.
    if (!g.oai.empty() || g.canonical_user) continue;
    Reported f = out.report(
        *op.distribution, o.oac_id->node,
        "{} reaches {} with origin access control, but no statement of the bucket policy "
        "allows Service cloudfront.amazonaws.com s3:GetObject on its objects: every request "
        "through the distribution gets 403 Access Denied",
        o.label(), where);
    out.add_related(f, *op.policy, op.policy->root, "the bucket policy");
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
