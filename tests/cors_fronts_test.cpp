// cors_fronts: which cache behaviours stand in front of the bucket whose S3
// CORS configuration a bundle holds (shared by F015 and X005–X007).
#include <catch2/catch.hpp>

#include <string>

#include "corslint/analysis/cors_fronts.hpp"
#include "corslint/engine.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/model/distribution.hpp"

using namespace corslint;

namespace {

LoadedFile load(std::string name, std::string text) {
  Linter linter{LintOptions{}};
  SourceError err;
  auto src = Source::from_bytes(std::move(name), std::move(text), err);
  REQUIRE(err.code.empty());
  LoadedFile f = linter.load(src);
  REQUIRE(f.documents.size() == 1);
  return f;
}

// Two S3 origins (two buckets) and a custom origin; one behaviour each.
constexpr const char* kDistribution = R"({"DistributionConfig": {"CallerReference": "r",
  "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 3, "Items": [
    {"Id": "assets", "DomainName": "example-assets.s3.us-east-1.amazonaws.com",
     "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E1"},
    {"Id": "media", "DomainName": "example-media.s3.eu-west-1.amazonaws.com",
     "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E1"},
    {"Id": "api", "DomainName": "api.example.com", "CustomOriginConfig": {"HTTPPort": 80,
     "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "assets", "ViewerProtocolPolicy": "https-only",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    "ResponseHeadersPolicyId": "60669652-455b-4ae9-85a4-c4c02393f86c"},
  "CacheBehaviors": {"Quantity": 2, "Items": [
    {"PathPattern": "/media/*", "TargetOriginId": "media", "ViewerProtocolPolicy": "https-only",
     "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
    {"PathPattern": "/api/*", "TargetOriginId": "api", "ViewerProtocolPolicy": "https-only",
     "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"}]}}})";

constexpr const char* kCors =
    R"({"CORSRules": [{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}]})";

Bundle bundle_of(std::vector<LoadedFile>& files) {
  Bundle b;
  b.name = "test";
  for (LoadedFile& f : files) {
    for (Document& d : f.documents) b.documents.push_back(&d);
  }
  return b;
}

// The fronts of a bundle, through the Setup the engine would build for it.
std::vector<CorsFront> fronts_of(const Bundle& bundle) {
  const Setup setup(bundle);
  return cors_fronts(setup);
}

}  // namespace

TEST_CASE("cors_fronts: the bucket is named by the format, or the only S3 bucket") {
  std::vector<LoadedFile> files;
  files.push_back(load("distribution.json", kDistribution));
  files.push_back(load("cors.json", kCors));
  Document& cors = files[1].documents[0];
  REQUIRE(cors.kind == DocKind::S3Cors);

  // Two buckets and nothing naming one: no guess.
  CHECK(fronts_of(bundle_of(files)).empty());

  // The container format names the bucket: only the behaviour in front of it.
  cors.bucket_name = "example-media";
  std::vector<CorsFront> fronts = fronts_of(bundle_of(files));
  REQUIRE(fronts.size() == 1);
  CHECK(fronts[0].view.behavior->label() == "cache behaviour \"/media/*\"");
  CHECK(fronts[0].policy_cors() == nullptr);

  cors.bucket_name = "example-assets";
  fronts = fronts_of(bundle_of(files));
  REQUIRE(fronts.size() == 1);
  CHECK(fronts[0].view.behavior->is_default);
  REQUIRE(fronts[0].policy_cors() != nullptr);
  CHECK(fronts[0].policy_doc == nullptr);  // AWS-managed: no file
  CHECK(fronts[0].policy_name() ==
        "the AWS-managed response headers policy \"Managed-SimpleCORS\"");

  // A bucket no origin reaches: nothing in front of it.
  cors.bucket_name = "another-bucket";
  CHECK(fronts_of(bundle_of(files)).empty());

  // An ambiguous bundle is never compared.
  cors.bucket_name = "example-assets";
  Bundle ambiguous = bundle_of(files);
  ambiguous.ambiguous = true;
  CHECK(fronts_of(ambiguous).empty());
}

TEST_CASE("cors_fronts: a bundled policy file is found by the id the behaviour names") {
  std::string dist = R"({"DistributionConfig": {"CallerReference": "r", "Comment": "",
    "Enabled": true, "Origins": {"Quantity": 1, "Items": [
      {"Id": "assets", "DomainName": "example-assets.s3.us-east-1.amazonaws.com",
       "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E1"}]},
    "DefaultCacheBehavior": {"TargetOriginId": "assets", "ViewerProtocolPolicy": "https-only",
      "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
      "ResponseHeadersPolicyId": "11111111-2222-3333-4444-555555555555"}}})";
  std::string policy = R"({"ETag": "E1", "ResponseHeadersPolicy": {
    "Id": "11111111-2222-3333-4444-555555555555", "ResponseHeadersPolicyConfig": {
      "Name": "site-cors", "CorsConfig": {
        "AccessControlAllowOrigins": {"Quantity": 1, "Items": ["https://app.example.com"]},
        "AccessControlAllowHeaders": {"Quantity": 1, "Items": ["*"]},
        "AccessControlAllowMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
        "AccessControlAllowCredentials": false, "OriginOverride": true}}}})";
  std::vector<LoadedFile> files;
  files.push_back(load("distribution.json", dist));
  files.push_back(load("cors.json", kCors));
  files.push_back(load("rhp.json", policy));
  std::vector<CorsFront> fronts = fronts_of(bundle_of(files));
  REQUIRE(fronts.size() == 1);
  CHECK(fronts[0].policy_doc == &files[2].documents[0]);
  CHECK(fronts[0].policy_name() == "response headers policy \"site-cors\" (rhp.json)");
  REQUIRE(fronts[0].policy_cors() != nullptr);
  CHECK(
      shares_origin(files[1].documents[0].as<cors::Config>()->rules[0], *fronts[0].policy_cors()));
}
