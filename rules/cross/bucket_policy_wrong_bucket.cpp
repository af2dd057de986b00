#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/analysis/origin_access.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "X008",
    .name = "bucket-policy-wrong-bucket",
    .kinds = kinds(DocKind::S3BucketPolicy, DocKind::CloudFrontDistribution),
    .default_severity = Severity::Error,
    .summary = "The bucket policy's Resource names a bucket other than the bundle's bucket",
    .rationale =
        "A bucket policy can only speak about its own bucket: S3 rejects a policy whose "
        "Resource names another bucket, and a policy copied from another setup grants "
        "nothing on this one. The bundle's buckets are known from the distribution's S3 "
        "origin domain names and the bucket it writes standard logs to (Logging.Bucket), or "
        "from the bucket a CloudFormation template or Terraform plan attaches the policy "
        "to. Resource values with placeholders or ${...} are not "
        "compared.",
    .bad_example =
        R"((a bundle: a distribution whose origin is example-site.s3.us-east-1.amazonaws.com next to a
policy with Resource arn:aws:s3:::example-site-old/*)
// file: bucket-policy.json
{"Version": "2012-10-17", "Statement": [{"Sid": "AllowCloudFrontServicePrincipal",
  "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-site-old/*",
  "Condition": {"StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]}
// file: distribution.json
{"Distribution": {"DistributionConfig": {"CallerReference": "cli-1718000000-123456",
  "Origins": {"Quantity": 1, "Items": [{"Id": "S3-site",
  "DomainName": "example-site.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-site",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}, "Comment": "example.com site",
  "Enabled": true}}})",
    .good_example = R"((the same bundle with the policy's Resource arn:aws:s3:::example-site/*)
// file: bucket-policy.json
{"Version": "2012-10-17", "Statement": [{"Sid": "AllowCloudFrontServicePrincipal",
  "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-site/*",
  "Condition": {"StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]}
// file: distribution.json
{"Distribution": {"DistributionConfig": {"CallerReference": "cli-1718000000-123456",
  "Origins": {"Quantity": 1, "Items": [{"Id": "S3-site",
  "DomainName": "example-site.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-site",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}, "Comment": "example.com site",
  "Enabled": true}}})",
    .fix_hint =
        "Name the bucket the distribution serves in every Resource "
        "(arn:aws:s3:::<bucket> and arn:aws:s3:::<bucket>/*), or put the policy next to the "
        "setup it belongs to.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "private-content-restricting-access-to-s3.html",
};

struct KnownBucket {
  std::string_view name;
  const Document* doc = nullptr;
  json::NodeId node = json::kNoNode;  // the origin's DomainName, or kNoNode (bucket_name)
  std::string what;                   // "origin S3 domain `...`", "its template's bucket"
};

void check(const Setup& setup, Reporter& out) {
  const Bundle& bundle = setup.bundle();
  std::vector<KnownBucket> known;
  auto add = [&](KnownBucket k) {
    if (unknown_value(k.name) || has_iam_wildcard(k.name)) return;
    for (const KnownBucket& o : known) {
      if (o.name == k.name) return;
    }
    known.push_back(std::move(k));
  };
  for (const Document* d : bundle.of(DocKind::CloudFrontDistribution)) {
    if (d->as<cloudfront::Distribution>() == nullptr) continue;
    for (const cloudfront::Origin& o : d->as<cloudfront::Distribution>()->origins) {
      if (!o.is_s3() || !o.domain_name) continue;
      add({o.bucket, d, o.domain_name->node,
           fmt::format("the distribution's {} is {}", o.label(), o.domain_name->text)});
    }
    // The bucket it writes standard logs to belongs to the setup too.
    if (const auto& l = d->as<cloudfront::Distribution>()->logging; l && l->bucket) {
      add({l->bucket_name, d, l->bucket->node,
           fmt::format("the distribution logs to {}", l->bucket->text)});
    }
  }
  for (const Document* d : bundle.documents) {
    if (!d->bucket_name.empty() && d->kind != DocKind::S3BucketPolicy) {
      add({d->bucket_name, d, d->root,
           fmt::format("{} belongs to bucket {}", file_label(*d), d->bucket_name)});
    }
  }
  for (const Document* doc : bundle.of(DocKind::S3BucketPolicy)) {
    if (doc->as<policy::Policy>() == nullptr) continue;
    // The bucket the template attaches the policy to is authoritative.
    std::vector<KnownBucket> expected;
    if (!doc->bucket_name.empty()) {
      if (unknown_value(doc->bucket_name)) continue;
      expected.push_back({doc->bucket_name, nullptr, json::kNoNode,
                          fmt::format("the policy is attached to bucket {}", doc->bucket_name)});
    } else {
      expected = known;
    }
    if (expected.empty()) continue;
    for (const policy::Statement& st : doc->as<policy::Policy>()->statements) {
      if (st.not_resource) continue;
      for (const Value& r : st.resources) {
        std::string_view bucket = arn_bucket(r.text);
        if (unknown_value(bucket)) continue;
        bool fits = std::any_of(expected.begin(), expected.end(), [&](const KnownBucket& k) {
          return glob_match(bucket, k.name, false);
        });
        if (fits) continue;
        // Name a few: a configured bundle may serve many buckets.
        constexpr std::size_t kNamed = 3;
        std::vector<std::string> names;
        for (const KnownBucket& k : expected) {
          if (names.size() == kNamed) break;
          names.push_back(fmt::format("\"{}\"", k.name));
        }
        std::string which = expected.size() == 1
                                ? fmt::format("this setup's bucket is {}", names.front())
                            : expected.size() <= kNamed
                                ? fmt::format("this setup's buckets are {}", fmt::join(names, ", "))
                                : fmt::format("this setup's buckets are {} and {} more",
                                              fmt::join(names, ", "), expected.size() - kNamed);
        Reported f = out.report(
            *doc, r.node,
            "{} names bucket \"{}\", but {}: S3 rejects a policy naming another bucket, and a "
            "policy meant for another bucket grants nothing here",
            st.label(), bucket, which);
        for (std::size_t i = 0; i < expected.size() && i < kNamed; ++i) {
          if (expected[i].doc != nullptr) {
            out.add_related(f, *expected[i].doc, expected[i].node, expected[i].what);
          }
        }
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
