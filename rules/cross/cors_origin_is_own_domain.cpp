#include <string>
#include <string_view>
#include <vector>

#include "corslint/analysis/origin.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "X004",
    .name = "cors-origin-is-own-domain",
    .kinds = kinds(DocKind::S3Cors, DocKind::CloudFrontResponseHeadersPolicy,
                   DocKind::CloudFrontDistribution),
    .default_severity = Severity::Warning,
    .summary = "CORS allows the distribution's own domain instead of the page's origin",
    .rationale =
        "A page served from the distribution's own domain (its cloudfront.net name or an "
        "alias) makes same-origin requests, which need no CORS at all. Allowing that "
        "domain is a common misreading of the setup: the origin that really needs "
        "access — where the page calling the bucket lives — is missing, so its requests "
        "are still blocked.",
    .bad_example =
        R"((a bundle: S3 CORS allowing https://d111111abcdef8.cloudfront.net next to the distribution whose
DomainName is d111111abcdef8.cloudfront.net)
// file: cors.json
[{"AllowedMethods": ["GET"], "AllowedOrigins": ["https://d111111abcdef8.cloudfront.net"]}]
// file: distribution.json
{"Distribution": {"DomainName": "d111111abcdef8.cloudfront.net",
  "DistributionConfig": {"CallerReference": "cli-1718000000-123456", "Origins": {"Quantity": 1,
  "Items": [{"Id": "S3-site", "DomainName": "example-site.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-site",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}, "Comment": "example.com site",
  "Enabled": true}}})",
    .good_example =
        R"((the same bundle with S3 CORS allowing https://app.example.com, the site whose pages call the
distribution)
// file: cors.json
[{"AllowedMethods": ["GET"], "AllowedOrigins": ["https://app.example.com"]}]
// file: distribution.json
{"Distribution": {"DomainName": "d111111abcdef8.cloudfront.net",
  "DistributionConfig": {"CallerReference": "cli-1718000000-123456", "Origins": {"Quantity": 1,
  "Items": [{"Id": "S3-site", "DomainName": "example-site.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-site",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}, "Comment": "example.com site",
  "Enabled": true}}})",
    .fix_hint =
        "List the origin of the page that makes the cross-origin request (for example "
        "https://app.example.com), not the distribution's own domain.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "adding-response-headers.html",
};

struct OwnName {
  std::string_view host;
  json::NodeId node;
};

std::vector<OwnName> own_names(const cloudfront::Distribution& d) {
  std::vector<OwnName> out;
  if (d.domain_name) out.push_back({d.domain_name->text, d.domain_name->node});
  for (const Value& a : d.aliases.items) out.push_back({a.text, a.node});
  return out;
}

const OwnName* matches(const std::vector<OwnName>& names, std::string_view origin) {
  OriginParts p = parse_origin(origin);
  if (p.wildcards > 0 || p.host.empty()) return nullptr;
  for (const OwnName& n : names) {
    if (iequals(p.host, n.host)) return &n;
  }
  return nullptr;
}

void check(const Setup& setup, Reporter& out) {
  const Bundle& bundle = setup.bundle();
  const Document* dist = bundle.only(DocKind::CloudFrontDistribution);
  if (dist == nullptr || dist->as<cloudfront::Distribution>() == nullptr) return;
  std::vector<OwnName> names = own_names(*dist->as<cloudfront::Distribution>());
  if (names.empty()) return;
  auto report = [&](const Document& doc, json::NodeId node, std::string_view origin,
                    std::string_view where, const OwnName& own) {
    Reported f = out.report(doc, node,
                            "{} allows \"{}\", the distribution's own domain: pages served from "
                            "it make same-origin requests that need no CORS, and the origin of "
                            "the page that really calls it is missing; list that origin instead",
                            where, origin);
    out.add_related(f, *dist, own.node, "the distribution's domain");
  };
  for (const Document* doc : bundle.of(DocKind::S3Cors)) {
    for (const cors::Rule& rule : doc->as<cors::Config>()->rules) {
      for (const Value& o : rule.allowed_origins) {
        if (const OwnName* own = matches(names, o.text)) {
          report(*doc, o.node, o.text, "S3 CORS " + rule.label(), *own);
        }
      }
    }
  }
  for (const Document* doc : bundle.of(DocKind::CloudFrontResponseHeadersPolicy)) {
    const auto& policy = doc->as<cloudfront::ResponseHeadersPolicy>();
    if (policy == nullptr || !policy->cors) continue;
    for (const Value& o : policy->cors->allow_origins.items) {
      if (const OwnName* own = matches(names, o.text)) {
        report(*doc, o.node, o.text, "the response headers policy", *own);
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
