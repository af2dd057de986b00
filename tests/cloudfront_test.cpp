// CloudFront models, recognition, AWS-managed policies and behaviour evaluation.
#include <catch2/catch.hpp>

#include <string>

#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/cloudfront_managed.hpp"
#include "corslint/engine.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/model/distribution.hpp"

using namespace corslint;
using namespace corslint::cloudfront;

namespace {

LoadedFile load(std::string text, std::optional<DocKind> kind = std::nullopt) {
  LintOptions o;
  o.kind = kind;
  Linter linter(std::move(o));
  SourceError err;
  auto src = Source::from_bytes("t.json", std::move(text), err);
  REQUIRE(err.code.empty());
  return linter.load(src);
}

std::string pointer_of(const Document& d) { return d.pointer_prefix + d.tree->pointer(d.root); }

constexpr const char* kConfig = R"({"CallerReference": "r", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 2, "Items": [
    {"Id": "site", "DomainName": "my.site.s3.eu-west-1.amazonaws.com",
     "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OAC"},
    {"Id": "web", "DomainName": "web.s3-website-us-west-2.amazonaws.com",
     "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "http-only"}}]},
  "OriginGroups": {"Quantity": 1, "Items": [{"Id": "group", "FailoverCriteria": {"StatusCodes": {"Quantity": 1, "Items": [500]}},
    "Members": {"Quantity": 2, "Items": [{"OriginId": "web"}, {"OriginId": "site"}]}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "https-only",
    "AllowedMethods": {"Quantity": 3, "Items": ["HEAD", "GET", "OPTIONS"],
      "CachedMethods": {"Quantity": 3, "Items": ["GET", "HEAD", "OPTIONS"]}},
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    "OriginRequestPolicyId": "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
    "ResponseHeadersPolicyId": "60669652-455b-4ae9-85a4-c4c02393f86c"},
  "CacheBehaviors": {"Quantity": 1, "Items": [{"PathPattern": "/web/*", "TargetOriginId": "group",
    "ViewerProtocolPolicy": "allow-all",
    "ForwardedValues": {"QueryString": false, "Cookies": {"Forward": "none"},
      "Headers": {"Quantity": 1, "Items": ["origin"]}}, "MinTTL": 0, "MaxTTL": 0, "DefaultTTL": 0}]}})";

}  // namespace

TEST_CASE("origin domains are classified as S3 REST, S3 website or custom") {
  auto rest = classify_origin_domain("my.bucket.s3.amazonaws.com");
  CHECK(rest.kind == OriginKind::S3Rest);
  CHECK(rest.bucket == "my.bucket");
  CHECK(rest.region.empty());
  auto regional = classify_origin_domain("b.s3.eu-west-1.amazonaws.com");
  CHECK(regional.kind == OriginKind::S3Rest);
  CHECK(regional.region == "eu-west-1");
  auto dash = classify_origin_domain("b.s3-us-west-2.amazonaws.com");
  CHECK(dash.kind == OriginKind::S3Rest);
  CHECK(dash.region == "us-west-2");
  CHECK(classify_origin_domain("b.s3.dualstack.ap-south-1.amazonaws.com").region == "ap-south-1");
  CHECK(classify_origin_domain("B.S3.AMAZONAWS.COM.").kind == OriginKind::S3Rest);
  CHECK(classify_origin_domain("b.s3.cn-north-1.amazonaws.com.cn").kind == OriginKind::S3Rest);
  auto web = classify_origin_domain("www.example.com.s3-website-us-east-1.amazonaws.com");
  CHECK(web.kind == OriginKind::S3Website);
  CHECK(web.bucket == "www.example.com");
  CHECK(web.region == "us-east-1");
  auto web_dot = classify_origin_domain("b.s3-website.eu-central-1.amazonaws.com");
  CHECK(web_dot.kind == OriginKind::S3Website);
  CHECK(web_dot.region == "eu-central-1");
  // A bucket label named like the service does not confuse the split.
  CHECK(classify_origin_domain("s3.data.s3.amazonaws.com").bucket == "s3.data");
  CHECK(classify_origin_domain("s3.amazonaws.com").kind == OriginKind::Custom);
  CHECK(classify_origin_domain("api.example.com").kind == OriginKind::Custom);
  CHECK(classify_origin_domain("abc.execute-api.us-east-1.amazonaws.com").kind ==
        OriginKind::Custom);
  CHECK(classify_origin_domain("d111111abcdef8.cloudfront.net").kind == OriginKind::Custom);
}

TEST_CASE("every CloudFront wrapper is recognised, rooted at the config") {
  std::string cfg = kConfig;
  struct Case {
    std::string text;
    std::string pointer;
  };
  const Case cases[] = {
      {R"({"ETag": "E1", "DistributionConfig": )" + cfg + "}", "/DistributionConfig"},
      {R"({"ETag": "E1", "Distribution": {"Id": "EDFDVBD6EXAMPLE", "ARN": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE", "DomainName": "d1.cloudfront.net", "DistributionConfig": )" +
           cfg + "}}",
       "/Distribution/DistributionConfig"},
      {R"({"Id": "E1", "IfMatch": "E2", "DistributionConfig": )" + cfg + "}",
       "/DistributionConfig"},
      {R"({"ETag": "E1", "Config": )" + cfg + "}", "/Config"},
      {cfg, ""},
      {R"({"status_code": 200, "data": {"ETag": "E1", "DistributionConfig": )" + cfg +
           R"(, "ResponseMetadata": {}}})",
       "/data/DistributionConfig"},
  };
  for (const Case& c : cases) {
    LoadedFile f = load(c.text);
    REQUIRE(f.documents.size() == 1);
    CHECK(f.documents[0].kind == DocKind::CloudFrontDistribution);
    CHECK(pointer_of(f.documents[0]) == c.pointer);
    REQUIRE(f.documents[0].as<cloudfront::Distribution>() != nullptr);
    CHECK(f.documents[0].as<cloudfront::Distribution>()->issues.empty());
  }
}

TEST_CASE("get-distribution keeps the wrapper's Id, ARN and DomainName") {
  std::string text =
      R"({"ETag": "E1", "Distribution": {"Id": "EDFDVBD6EXAMPLE", "ARN": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE", "DomainName": "d1.cloudfront.net", "DistributionConfig": )" +
      std::string(kConfig) + "}}";
  LoadedFile f = load(text);
  REQUIRE(f.documents.size() == 1);
  const Distribution& d = *f.documents[0].as<cloudfront::Distribution>();
  REQUIRE(d.id);
  CHECK(d.id->text == "EDFDVBD6EXAMPLE");
  CHECK(d.arn->text == "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE");
  CHECK(d.domain_name->text == "d1.cloudfront.net");
}

TEST_CASE("list outputs give one document per item; managed policies are skipped") {
  std::string cfg = kConfig;
  LoadedFile list =
      load(R"({"DistributionList": {"Quantity": 2, "Items": [)" + cfg + "," + cfg + "]}}");
  CHECK(list.documents.size() == 2);
  CHECK(pointer_of(list.documents[1]) == "/DistributionList/Items/1");
  LoadedFile bare = load("[" + cfg + "]");
  REQUIRE(bare.documents.size() == 1);
  CHECK(bare.documents[0].kind == DocKind::CloudFrontDistribution);
  LoadedFile empty = load(R"({"DistributionList": {"Quantity": 0, "MaxItems": 100}})");
  CHECK(empty.documents.empty());
  CHECK(empty.findings.empty());

  LoadedFile policies = load(R"({"CachePolicyList": {"Quantity": 2, "Items": [
    {"Type": "managed", "CachePolicy": {"Id": "658327ea-f89d-4fab-a63d-7e88639e58f6", "CachePolicyConfig": {"Name": "Managed-CachingOptimized", "MinTTL": 1, "ParametersInCacheKeyAndForwardedToOrigin": {}}}},
    {"Type": "custom", "CachePolicy": {"Id": "c1", "CachePolicyConfig": {"Name": "mine", "MinTTL": 1, "ParametersInCacheKeyAndForwardedToOrigin": {}}}}]}})");
  REQUIRE(policies.documents.size() == 1);
  CHECK(policies.documents[0].kind == DocKind::CloudFrontCachePolicy);
  CHECK(policies.documents[0].as<cloudfront::CachePolicy>()->id->text == "c1");
  CHECK(policies.documents[0].as<cloudfront::CachePolicy>()->name->text == "mine");
}

TEST_CASE("policy documents are recognised in every form and keep their id") {
  const char* rhp =
      R"({"ETag": "E1", "ResponseHeadersPolicy": {"Id": "p1", "LastModifiedTime": "2024-01-01T00:00:00Z",
    "ResponseHeadersPolicyConfig": {"Name": "cors", "CorsConfig": {
      "AccessControlAllowOrigins": {"Quantity": 1, "Items": ["*"]},
      "AccessControlAllowHeaders": {"Quantity": 1, "Items": ["*"]},
      "AccessControlAllowMethods": {"Quantity": 1, "Items": ["ALL"]},
      "AccessControlAllowCredentials": false, "OriginOverride": true, "AccessControlMaxAgeSec": 600}}}})";
  LoadedFile f = load(rhp);
  REQUIRE(f.documents.size() == 1);
  const ResponseHeadersPolicy& p = *f.documents[0].as<cloudfront::ResponseHeadersPolicy>();
  CHECK(p.issues.empty());
  CHECK(p.id->text == "p1");
  CHECK(p.label() == "response headers policy \"cors\"");
  REQUIRE(p.cors);
  CHECK(p.cors->allows_any_origin());
  CHECK(p.cors->allows_method("DELETE"));
  CHECK(p.cors->methods().size() == 7);
  CHECK(p.cors->overrides_origin());
  CHECK(p.cors->max_age->value == 600);

  LoadedFile orp = load(
      R"({"Name": "o", "HeadersConfig": {"HeaderBehavior": "allExcept", "Headers": {"Quantity": 1, "Items": ["Host"]}},
    "CookiesConfig": {"CookieBehavior": "none"}, "QueryStringsConfig": {"QueryStringBehavior": "none"}})");
  REQUIRE(orp.documents.size() == 1);
  const OriginRequestPolicy& o = *orp.documents[0].as<cloudfront::OriginRequestPolicy>();
  CHECK(o.issues.empty());
  CHECK(o.forwards_header("origin"));
  CHECK_FALSE(o.forwards_header("HOST"));

  LoadedFile cache =
      load(R"({"CachePolicyConfig": {"Name": "c", "MinTTL": 0, "MaxTTL": 0, "DefaultTTL": 0,
    "ParametersInCacheKeyAndForwardedToOrigin": {"EnableAcceptEncodingGzip": false,
      "HeadersConfig": {"HeaderBehavior": "whitelist", "Headers": {"Quantity": 1, "Items": ["Origin"]}},
      "CookiesConfig": {"CookieBehavior": "none"}, "QueryStringsConfig": {"QueryStringBehavior": "none"}}}})");
  REQUIRE(cache.documents.size() == 1);
  const CachePolicy& c = *cache.documents[0].as<cloudfront::CachePolicy>();
  CHECK(c.issues.empty());
  CHECK(c.header_in_key("origin"));
  CHECK(c.caching_disabled());
}

TEST_CASE("the kind option unwraps a CloudFront wrapper") {
  std::string text = R"({"ETag": "E1", "DistributionConfig": )" + std::string(kConfig) + "}";
  LoadedFile f = load(text, DocKind::CloudFrontDistribution);
  REQUIRE(f.documents.size() == 1);
  const Distribution& d = *f.documents[0].as<cloudfront::Distribution>();
  CHECK(d.issues.empty());
  CHECK(d.origins.size() == 2);
}

TEST_CASE("the distribution model reads origins, groups and behaviours") {
  LoadedFile f = load(kConfig);
  const Distribution& d = *f.documents[0].as<cloudfront::Distribution>();
  REQUIRE(d.origins.size() == 2);
  CHECK(d.origins[0].kind == OriginKind::S3Rest);
  CHECK(d.origins[0].bucket == "my.site");
  CHECK(d.origins[0].oac_id->text == "E2OAC");
  CHECK_FALSE(d.origins[0].oai);  // empty string means none
  CHECK(d.origins[1].kind == OriginKind::S3Website);
  REQUIRE(d.default_behavior);
  const CacheBehavior& def = *d.default_behavior;
  CHECK(def.label() == "DefaultCacheBehavior");
  CHECK(def.allows_method("OPTIONS"));
  CHECK(def.caches_method("OPTIONS"));
  REQUIRE(d.behaviors.size() == 1);
  const CacheBehavior& web = d.behaviors[0];
  CHECK(web.label() == "cache behaviour \"/web/*\"");
  CHECK(web.allows_method("GET"));  // no AllowedMethods: GET and HEAD
  CHECK_FALSE(web.allows_method("OPTIONS"));
  // An origin group resolves to its primary member.
  CHECK(d.target_origin(web) == &d.origins[1]);
  CHECK(d.all_behaviors().size() == 2);
}

TEST_CASE("the CloudFormation form reads lists without Quantity") {
  LoadedFile f =
      load(R"({"Origins": [{"Id": "s", "DomainName": "b.s3.amazonaws.com", "S3OriginConfig": {}}],
    "Enabled": true, "Aliases": ["www.example.com"],
    "DefaultCacheBehavior": {"TargetOriginId": "s", "ViewerProtocolPolicy": "allow-all",
      "AllowedMethods": ["GET", "HEAD", "OPTIONS"], "CachedMethods": ["GET", "HEAD", "OPTIONS"],
      "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}})");
  const Document& doc = f.documents[0];
  Distribution api = *doc.as<cloudfront::Distribution>();
  CHECK_FALSE(api.issues.empty());  // the API needs Quantity
  Distribution cfn = build_distribution(*doc.tree, doc.root, Form::CloudFormation);
  INFO((cfn.issues.empty() ? std::string() : cfn.issues[0].message));
  CHECK(cfn.issues.empty());
  CHECK(cfn.aliases.items.size() == 1);
  CHECK(cfn.default_behavior->caches_method("OPTIONS"));
}

TEST_CASE("a wrong Quantity is an issue with a fix") {
  LoadedFile f = load(
      R"({"ETag": "E", "DistributionConfig": {"CallerReference": "r", "Comment": "", "Enabled": true,
    "Aliases": {"Quantity": 2, "Items": ["a.example.com"]},
    "Origins": {"Quantity": 1, "Items": [{"Id": "s", "DomainName": "api.example.com",
      "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"},
      "CustomHeaders": {"Quantity": 1}}]},
    "DefaultCacheBehavior": {"TargetOriginId": "s", "ViewerProtocolPolicy": "https-only",
      "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"}}})");
  const Distribution& d = *f.documents[0].as<cloudfront::Distribution>();
  REQUIRE(d.issues.size() == 2);
  REQUIRE(d.issues[0].fix);
  CHECK(d.issues[0].fix->replacement == "1");
  REQUIRE(d.issues[1].fix);  // CustomHeaders, which corslint does not model, is checked too
  CHECK(d.issues[1].fix->replacement == "0");
}

TEST_CASE("AWS-managed policies resolve by id") {
  const auto* optimized = managed_cache_policy("658327ea-f89d-4fab-a63d-7e88639e58f6");
  REQUIRE(optimized != nullptr);
  CHECK(optimized->name->text == "Managed-CachingOptimized");
  CHECK_FALSE(optimized->header_in_key("Origin"));
  CHECK_FALSE(optimized->caching_disabled());
  CHECK(managed_cache_policy("4135ea2d-6df8-44a3-9df3-4b5a84be39ad")->caching_disabled());
  CHECK(managed_cache_policy("08627262-05a9-4f76-9ded-b50ca2e3a84f")->header_in_key("origin"));

  const auto* s3 = managed_origin_request_policy("88a5eaf4-2fd4-4709-b370-b4c650ea3fcf");
  REQUIRE(s3 != nullptr);
  CHECK(s3->forwards_header("Origin"));
  CHECK(s3->forwards_header("access-control-request-method"));
  CHECK_FALSE(s3->forwards_header("Host"));
  CHECK(managed_origin_request_policy("216adef6-5c7f-47e4-b989-5492eafa07d3")
            ->forwards_header("Host"));
  CHECK_FALSE(managed_origin_request_policy("b689b0a8-53d0-40ab-baf2-68738e2966ac")
                  ->forwards_header("Host"));

  const auto* simple = managed_response_headers_policy("60669652-455b-4ae9-85a4-c4c02393f86c");
  REQUIRE(simple != nullptr);
  CHECK(simple->cors->allows_any_origin());
  CHECK_FALSE(simple->cors->overrides_origin());
  CHECK_FALSE(expects_preflight(*simple->cors));
  const auto* preflight = managed_response_headers_policy("5cc3b908-e619-4b99-88e5-2cf7f45965bd");
  REQUIRE(preflight != nullptr);
  CHECK(expects_preflight(*preflight->cors));
  CHECK_FALSE(preflight->uncertain.empty());
  CHECK_FALSE(
      managed_response_headers_policy("67f7725c-6f97-4210-82d7-5512b31e9d03")->cors.has_value());

  CHECK(managed_cache_policy("not-an-id") == nullptr);
  CHECK(managed_response_headers_policies().size() == 5);
  CHECK(managed_origin_request_policies().size() == 7);
  for (const CachePolicy& p : managed_cache_policies()) CHECK(p.managed);
}

TEST_CASE("header fate combines legacy, cache and origin request policies") {
  LoadedFile f = load(kConfig);
  const Distribution& d = *f.documents[0].as<cloudfront::Distribution>();
  BehaviorView def = view(d, *d.default_behavior);
  CHECK(def.cache.resolved());
  CHECK(def.origin_request.resolved());
  REQUIRE(def.cors() != nullptr);
  HeaderFate origin = header_fate(def, "Origin");
  CHECK(origin.forwarded == Tri::Yes);    // CORS-S3Origin
  CHECK(origin.in_cache_key == Tri::No);  // CachingOptimized
  CHECK(header_fate(def, "Authorization").forwarded == Tri::No);
  CHECK(caching_disabled(def) == Tri::No);
  CHECK(cache_key_node(def) == d.default_behavior->cache_policy_id->node);

  BehaviorView web = view(d, d.behaviors[0]);
  CHECK(web.legacy());
  CHECK(header_fate(web, "Origin").in_cache_key == Tri::Yes);  // case-insensitive
  CHECK(caching_disabled(web) == Tri::Yes);                    // TTLs all 0
  CHECK(cache_key_source(web) == "its legacy ForwardedValues");
}

TEST_CASE("custom policy ids resolve only through the lookup") {
  LoadedFile f = load(R"({"CallerReference": "r", "Comment": "", "Enabled": true,
    "Origins": {"Quantity": 1, "Items": [{"Id": "s", "DomainName": "b.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
    "DefaultCacheBehavior": {"TargetOriginId": "s", "ViewerProtocolPolicy": "https-only",
      "CachePolicyId": "custom-cache", "OriginRequestPolicyId": "custom-orp"}})");
  const Distribution& d = *f.documents[0].as<cloudfront::Distribution>();
  BehaviorView unknown = view(d, *d.default_behavior);
  CHECK(unknown.cache.unresolved());
  CHECK(header_fate(unknown, "Origin").in_cache_key == Tri::Unknown);
  CHECK(header_fate(unknown, "Origin").forwarded == Tri::Unknown);
  CHECK(caching_disabled(unknown) == Tri::Unknown);

  CachePolicy mine;
  mine.headers.behavior = Value{"whitelist"};
  mine.headers.items.items.push_back(Value{"Origin"});
  mine.max_ttl = Integer{3600};
  PolicyLookup lookup;
  lookup.cache = [&](std::string_view id) { return id == "custom-cache" ? &mine : nullptr; };
  BehaviorView known = view(d, *d.default_behavior, lookup);
  CHECK(known.cache.resolved());
  CHECK(known.cache.policy == &mine);
  CHECK(header_fate(known, "Origin").in_cache_key == Tri::Yes);
  CHECK(header_fate(known, "Origin").forwarded == Tri::Yes);
  CHECK(header_fate(known, "Referer").forwarded == Tri::Unknown);  // the ORP is still unknown
}
