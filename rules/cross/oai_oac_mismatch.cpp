#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/aws_names.hpp"
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
    .code = "X003",
    .name = "oai-oac-mismatch",
    .kinds = kinds(DocKind::S3BucketPolicy, DocKind::CloudFrontDistribution),
    .default_severity = Severity::Error,
    .summary =
        "The distribution and the bucket policy use different origin access "
        "identities, or one uses OAI and the other OAC",
    .rationale =
        "CloudFront reaches a private bucket either as a legacy origin access identity "
        "(OAI, principal arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity <id>) "
        "or with origin access control (OAC, Service principal cloudfront.amazonaws.com). "
        "The bucket policy must grant the one the origin uses: an origin on OAI E1 whose "
        "policy grants OAI E2, or only OAC, is refused with 403, and so is an origin on OAC "
        "whose policy grants only an OAI (a half-finished migration). Canonical-user grants "
        "cannot be matched to an OAI offline and keep the rule silent.",
    .bad_example =
        R"((a bundle: an origin with OriginAccessIdentity origin-access-identity/cloudfront/E2QWRUHAPOMQZL
next to a policy granting "CloudFront Origin Access Identity E1OLDIDENTITY")
// file: bucket-policy.json
{"Version": "2012-10-17", "Statement": [{"Sid": "AllowOriginAccessIdentity", "Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1OLDIDENTITY"},
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-site/*"}]}
// file: distribution.json
{"Distribution": {"DistributionConfig": {"CallerReference": "cli-1718000000-123456",
  "Origins": {"Quantity": 1, "Items": [{"Id": "S3-site",
  "DomainName": "example-site.s3.us-east-1.amazonaws.com",
  "S3OriginConfig": {"OriginAccessIdentity": "origin-access-identity/cloudfront/E2QWRUHAPOMQZL"}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-site",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}, "Comment": "example.com site",
  "Enabled": true}}})",
    .good_example =
        R"((the same bundle with the policy granting the origin's identity E2QWRUHAPOMQZL)
// file: bucket-policy.json
{"Version": "2012-10-17", "Statement": [{"Sid": "AllowOriginAccessIdentity", "Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"},
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-site/*"}]}
// file: distribution.json
{"Distribution": {"DistributionConfig": {"CallerReference": "cli-1718000000-123456",
  "Origins": {"Quantity": 1, "Items": [{"Id": "S3-site",
  "DomainName": "example-site.s3.us-east-1.amazonaws.com",
  "S3OriginConfig": {"OriginAccessIdentity": "origin-access-identity/cloudfront/E2QWRUHAPOMQZL"}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-site",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}, "Comment": "example.com site",
  "Enabled": true}}})",
    .fix_hint =
        "Grant the identity the origin uses, or finish the migration to OAC: set the "
        "origin's OriginAccessControlId, clear its OriginAccessIdentity, and grant "
        "cloudfront.amazonaws.com with AWS:SourceArn naming the distribution.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "private-content-restricting-access-to-s3.html",
};

std::string oai_list(const CloudFrontGrants& g) {
  std::vector<std::string> ids;
  for (const policy::PrincipalEntry* e : g.oai) {
    std::string id(classify_principal(*e).name);
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return fmt::format("{}", fmt::join(ids, ", "));
}

void check(const Setup& setup, Reporter& out) {
  const Bundle& bundle = setup.bundle();
  for (const OriginPolicy& op : origin_policies(bundle)) {
    const cloudfront::Origin& o = *op.origin;
    if (o.kind != cloudfront::OriginKind::S3Rest) continue;
    std::string_view bucket = origin_bucket(o);
    CloudFrontGrants g = cloudfront_grants(*op.policy->as<policy::Policy>(), bucket);
    if (g.canonical_user || g.everyone || g.deny != nullptr) continue;
    if (o.oai && !o.oac_id) {
      std::string_view id = oai_id(o.oai->text);
      if (id.empty()) continue;
      bool granted = std::any_of(g.oai.begin(), g.oai.end(), [&](const policy::PrincipalEntry* e) {
        return classify_principal(*e).name == id;
      });
      if (granted) continue;
      if (!g.oai.empty()) {
        Reported f = out.report(*op.distribution, o.oai->node,
                                "{} reads the bucket as origin access identity {}, but the "
                                "bucket policy grants s3:GetObject to identity {}: every "
                                "request through the distribution gets 403",
                                o.label(), id, oai_list(g));
        for (const policy::PrincipalEntry* e : g.oai) {
          out.add_related(f, *op.policy, e->value.node, "the identity the policy grants");
        }
      } else if (!g.service.empty()) {
        Reported f = out.report(*op.distribution, o.oai->node,
                                "{} reads the bucket as origin access identity {}, but the "
                                "bucket policy grants s3:GetObject only to origin access control "
                                "(Service cloudfront.amazonaws.com): every request through the "
                                "distribution gets 403; set the origin's OriginAccessControlId",
                                o.label(), id);
        out.add_related(f, *op.policy, g.service.front()->node, "the OAC grant");
      }
      continue;
    }
    if (o.oac_id && !o.oai && !unknown_value(o.oac_id->text) && g.service.empty() &&
        !g.oai.empty()) {
      Reported f = out.report(*op.distribution, o.oac_id->node,
                              "{} reaches the bucket with origin access control, but the bucket "
                              "policy grants s3:GetObject only to origin access identity {}: "
                              "every request through the distribution gets 403; grant Service "
                              "cloudfront.amazonaws.com with AWS:SourceArn naming the "
                              "distribution",
                              o.label(), oai_list(g));
      for (const policy::PrincipalEntry* e : g.oai) {
        out.add_related(f, *op.policy, e->value.node, "the identity the policy grants");
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
