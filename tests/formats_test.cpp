// Container formats: the same configuration as raw JSON, CLI export,
// CloudFormation template and Terraform plan gives the same findings, each
// located at the same token of its own file; unknown values never add a finding.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "corslint/engine.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"
#include "engine/files.hpp"
#include "fixture_support.hpp"

namespace fs = std::filesystem;
using namespace corslint;
using corslint::testing::kSourceDir;
using corslint::testing::read_file;

namespace {

// The token that starts at a 1-based line and column (ASCII fixtures):
// a string's text (escaped quotes of an embedded document included), a
// bracket, or a literal.
std::string token_at(const std::string& text, Position p) {
  std::size_t off = 0;
  for (uint32_t line = 1; line < p.line && off != std::string::npos; ++line) {
    off = text.find('\n', off);
    if (off != std::string::npos) ++off;
  }
  if (off == std::string::npos) return "<no line>";
  off += p.column - 1;
  if (off >= text.size()) return "<past end>";
  std::string_view rest(text.data() + off, text.size() - off);
  if (rest.starts_with("\\\"")) rest.remove_prefix(1);  // inside a JSON string
  if (rest.starts_with("\"")) {
    std::string out;
    for (std::size_t i = 1; i < rest.size(); ++i) {
      if (rest[i] == '"' || (rest[i] == '\\' && i + 1 < rest.size() && rest[i + 1] == '"')) break;
      out += rest[i];
    }
    return "\"" + out + "\"";
  }
  if (rest.starts_with("[") || rest.starts_with("{")) return std::string(1, rest[0]);
  auto end = rest.find_first_of(",}] \r\n\\");
  // HCL: a block (`cors_rule {`) is the object a JSON form opens with "{".
  std::string_view line = rest.substr(0, rest.find('\n'));
  if (end != std::string_view::npos && rest[end] == ' ' && line.ends_with("{") &&
      line.find('=') == std::string_view::npos) {
    return "{";
  }
  return std::string(rest.substr(0, end));
}

struct Seen {
  std::multiset<std::string> codes;
  std::multiset<std::string> located;  // "CODE token"
  std::vector<std::string> pointers;
};

Seen lint_form(const std::string& dir) {
  Linter linter(LintOptions{});
  std::vector<Finding> findings = linter.lint(collect_files({dir}, {}), 1);
  Seen s;
  for (const Finding& f : findings) {
    s.codes.insert(std::string(f.code));
    s.located.insert(std::string(f.code) + " " + token_at(read_file(f.file), f.start));
    s.pointers.push_back(f.pointer);
  }
  return s;
}

std::string join(const std::multiset<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += x + "\n";
  return out;
}

}  // namespace

TEST_CASE("every input form of a configuration gives the same findings at the same tokens",
          "[formats]") {
  fs::path root = fs::path(kSourceDir) / "testdata/formats/equivalence";
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.is_directory()) cases.push_back(e.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 12);
  for (const fs::path& c : cases) {
    SECTION(c.filename().string()) {
      Seen raw = lint_form((c / "raw").string());
      CHECK_FALSE(raw.codes.empty());  // a case that finds nothing tests nothing
      for (std::string form : {"export", "cloudformation", "terraform", "terraform-hcl"}) {
        INFO(form);
        Seen other = lint_form((c / form).string());
        CHECK(join(other.codes) == join(raw.codes));
        CHECK(join(other.located) == join(raw.located));
        for (const std::string& p : other.pointers) {
          if (form == "cloudformation") CHECK(p.starts_with("/Resources/"));
          if (form == "terraform") CHECK(p.starts_with("/resource_changes/"));
          if (form == "terraform-hcl") CHECK(p.starts_with("/resource/"));
        }
      }
    }
  }
}

namespace {

// The CloudFormation resource that holds a document of each kind, and the
// property it sits in.
struct Holder {
  DocKind kind;
  std::string_view type;
  std::string_view property;
};
constexpr Holder kHolders[] = {
    {DocKind::S3BucketPolicy, "AWS::S3::BucketPolicy", "PolicyDocument"},
    {DocKind::S3Cors, "AWS::S3::Bucket", "CorsConfiguration"},
    {DocKind::CloudFrontDistribution, "AWS::CloudFront::Distribution", "DistributionConfig"},
    {DocKind::CloudFrontResponseHeadersPolicy, "AWS::CloudFront::ResponseHeadersPolicy",
     "ResponseHeadersPolicyConfig"},
    {DocKind::CloudFrontCachePolicy, "AWS::CloudFront::CachePolicy", "CachePolicyConfig"},
    {DocKind::CloudFrontOriginRequestPolicy, "AWS::CloudFront::OriginRequestPolicy",
     "OriginRequestPolicyConfig"},
};

std::string template_for(const Holder& h, const std::string& doc) {
  return "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Parameters\": {\"Unknown\": "
         "{\"Type\": \"String\"}}, \"Resources\": {\"R\": {\"Type\": \"" +
         std::string(h.type) + "\", \"Properties\": {\"" + std::string(h.property) + "\": " + doc +
         "}}}}";
}

std::map<std::string, int> count_codes(const Linter& linter, const std::string& text) {
  std::vector<Finding> out;
  linter.lint_bytes("template.json", text, out);
  std::map<std::string, int> counts;
  for (const Finding& f : out) ++counts[std::string(f.code)];
  return counts;
}

}  // namespace

TEST_CASE("an unknown value in any position a rule reads adds no finding", "[formats]") {
  // Every rule fixture's document, placed in a CloudFormation template, then
  // each of its scalar values in turn replaced by a Ref to a parameter
  // without a default (or an Fn::Sub of it): the findings may only shrink.
  Linter linter(LintOptions{});
  fs::path rules = fs::path(kSourceDir) / "testdata/rules";
  int variants = 0;
  for (const auto& e : fs::recursive_directory_iterator(rules)) {
    if (!e.is_regular_file() || e.path().extension() != ".json") continue;
    if (e.path().filename() == ".corslint.json") continue;
    SourceError error;
    auto source = Source::read_file(e.path().string(), error);
    if (!source) continue;
    LoadedFile loaded = linter.load(source);
    for (const Document& d : loaded.documents) {
      if (d.source->is_embedded() || d.map) continue;
      const Holder* h = nullptr;
      for (const Holder& x : kHolders) {
        if (x.kind == d.kind) h = &x;
      }
      if (h == nullptr) continue;
      const json::Tree& t = *d.tree;
      const json::Node& r = t[d.root];
      std::string text(source->text().substr(r.offset, r.end - r.offset));
      std::size_t shift = 0;
      if (d.kind == DocKind::S3Cors && t.is(d.root, json::Type::Array)) {
        text = "{\"CORSRules\": " + text + "}";
        shift = std::string_view("{\"CORSRules\": ").size();
      }
      if (d.kind == DocKind::S3Cors && !text.starts_with("{")) continue;
      std::string base = template_for(*h, text);
      auto before = count_codes(linter, base);
      // Scalars below the root, at most 40 per document.
      int n = 0;
      for (json::NodeId id = d.root + 1; id < t.size() && n < 40; ++id) {
        const json::Node& v = t[id];
        if (v.offset < r.offset || v.end > r.end) break;
        if (v.type == json::Type::Array || v.type == json::Type::Object) continue;
        ++n;
        std::string variant = text;
        std::size_t at = v.offset - r.offset + shift;
        std::string replacement =
            (n % 2) != 0 ? "{\"Ref\": \"Unknown\"}" : "{\"Fn::Sub\": \"x-${Unknown}\"}";
        variant.replace(at, v.end - v.offset, replacement);
        auto after = count_codes(linter, template_for(*h, variant));
        ++variants;
        for (const auto& [code, count] : after) {
          INFO(e.path().string() << " value " << std::string(v.key) << " at offset " << v.offset
                                 << " code " << code);
          CHECK(count <= before[code]);
        }
      }
    }
  }
  CHECK(variants > 500);
}

TEST_CASE("Terraform 'known after apply' and tf.json interpolations add no finding", "[formats]") {
  Linter linter(LintOptions{});
  for (std::string name : {"terraform-plan.json", "config.tf.json", "cloudformation.json"}) {
    std::string path = std::string(kSourceDir) + "/testdata/formats/unknown/" + name;
    std::vector<Finding> out;
    linter.lint_path(path, out);
    INFO(name);
    for (const Finding& f : out) UNSCOPED_INFO(f.code << " " << f.pointer << " " << f.message);
    CHECK(out.empty());
  }
}

TEST_CASE("a repository scan honours .gitignore, reads templates and follows no symlink loop",
          "[formats]") {
  fs::path root = fs::temp_directory_path() / "corslint-scan-test";
  fs::remove_all(root);
  for (const char* d : {"infra", "dist", "logs", "sub/keep", "node_modules"}) {
    fs::create_directories(root / d);
  }
  auto put = [&](const std::string& rel, const std::string& text) {
    corslint::testing::write_file((root / rel).string(), text);
  };
  put(".gitignore", "# build output\ndist/\n*.log.json\n!keep.log.json\n/logs\nsub/keep/\n");
  std::string cors = R"({"CORSRules": [{"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}]})";
  for (const char* f : {"infra/cors.json", "dist/cors.json", "a.log.json", "keep.log.json",
                        "logs/c.json", "sub/keep/c.json", "sub/c.json", "node_modules/c.json",
                        "infra/plan.tf.json", "infra/stack.template", "infra/site.yaml"}) {
    put(f, cors);
  }
  put("infra/.gitignore", "plan.tf.json\n");
  fs::create_directory_symlink("..", root / "infra" / "loop");
  std::vector<std::string> files = collect_files({root.string()}, {});
  std::vector<std::string> names;
  for (const std::string& f : files) names.push_back(f.substr(root.string().size() + 1));
  std::vector<std::string> expected = {"infra/cors.json", "infra/site.yaml", "infra/stack.template",
                                       "keep.log.json", "sub/c.json"};
  CHECK(names == expected);
  fs::remove_all(root);
}

TEST_CASE("Terraform planned_values, state values and tf.json are read with their locations",
          "[formats]") {
  struct Expect {
    std::string file, code, pointer, token;
  };
  const std::vector<Expect> expected = {
      {"planned-values.json", "C007",
       "/planned_values/root_module/child_modules/0/resources/0/values/cors_rule/0/"
       "allowed_origins/0",
       "\"null\""},
      {"state.json", "P010", "/values/root_module/resources/0/values/policy#/Statement/0/Principal",
       "\"*\""},
      {"site.tf.json", "C005",
       "/resource/aws_s3_bucket_cors_configuration/site/cors_rule/allowed_origins/0", "\"*\""},
  };
  Linter linter(LintOptions{});
  for (const Expect& e : expected) {
    std::string path = std::string(kSourceDir) + "/testdata/formats/terraform/" + e.file;
    std::vector<Finding> out;
    linter.lint_path(path, out);
    INFO(e.file);
    auto it = std::find_if(out.begin(), out.end(), [&](const Finding& f) {
      return f.code == e.code && f.pointer == e.pointer;
    });
    REQUIRE(it != out.end());
    CHECK(token_at(read_file(path), it->start) == e.token);
    // The data source in state.json is not a document.
    for (const Finding& f : out) CHECK(f.pointer.find("/resources/1/") == std::string::npos);
  }
}

TEST_CASE("documents from templates and plans say which resource and bucket they are",
          "[formats]") {
  Linter linter(LintOptions{});
  auto load = [&](const std::string& rel) {
    SourceError error;
    auto source = Source::read_file(std::string(kSourceDir) + "/" + rel, error);
    REQUIRE(source);
    return linter.load(source);
  };
  {
    LoadedFile f = load(
        "testdata/formats/equivalence/cross-cors-own-domain/cloudformation/"
        "template.json");
    REQUIRE(f.documents.size() == 2);
    const Document& cors = f.documents[0];
    CHECK(cors.kind == DocKind::S3Cors);
    CHECK(cors.resource == "SiteBucket");
    CHECK(cors.bucket_name == "acme-widgets-site");
    CHECK(cors.pointer(cors.root) == "/Resources/SiteBucket/Properties/CorsConfiguration");
    // The distribution names no other resource: no link group.
    CHECK(f.documents[1].link_group.empty());
  }
  {
    LoadedFile f = load("testdata/formats/unknown/cloudformation.json");
    REQUIRE(f.documents.size() == 4);
    // Policy → bucket (Ref), distribution → bucket, OAC and policy: one group.
    for (const Document& d : f.documents) {
      CHECK_FALSE(d.link_group.empty());
      CHECK(d.link_group == f.documents[0].link_group);
    }
    CHECK(f.documents[1].resource == "SiteBucketPolicy");
    CHECK(f.documents[1].bucket_name.empty());  // BucketName is an Fn::Sub of the account id
  }
  {
    LoadedFile f = load("testdata/formats/equivalence/policy-public-read/terraform/plan.json");
    REQUIRE(f.documents.size() == 1);
    CHECK(f.documents[0].resource == "aws_s3_bucket_policy.site");
    CHECK(f.documents[0].bucket_name == "acme-widgets-site");
    CHECK(f.documents[0].pointer(f.documents[0].root) ==
          "/resource_changes/1/change/after/policy#");
  }
}

TEST_CASE("a distribution's logging bucket is read from every format", "[formats]") {
  Linter linter{LintOptions{}};
  auto logs_of = [&](const std::string& path, const std::string& text) {
    SourceError error;
    auto source = Source::from_bytes(path, text, error);
    REQUIRE(source);
    LoadedFile f = linter.load(source);
    std::string out;
    for (const Document& d : f.documents) {
      if (d.as<cloudfront::Distribution>() != nullptr)
        out = std::string(d.as<cloudfront::Distribution>()->logging_bucket());
    }
    return out;
  };
  std::string behavior =
      R"("TargetOriginId": "site", "ViewerProtocolPolicy": "https-only",
         "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6")";
  std::string origin =
      R"({"Id": "site", "DomainName": "example-site.s3.us-east-1.amazonaws.com",
          "S3OriginConfig": {"OriginAccessIdentity": ""}})";
  CHECK(logs_of("api.json", R"({"DistributionConfig": {"CallerReference": "x", "Comment": "",
      "Enabled": true, "Origins": {"Quantity": 1, "Items": [)" +
                                origin + R"(]}, "DefaultCacheBehavior": {)" + behavior +
                                R"(}, "Logging": {"Enabled": true, "IncludeCookies": false,
      "Bucket": "example-logs.s3.amazonaws.com", "Prefix": "cf/"}}})") == "example-logs");
  CHECK(logs_of("template.json", R"({"Resources": {"Site": {"Type": "AWS::CloudFront::Distribution",
      "Properties": {"DistributionConfig": {"Enabled": true, "Origins": [)" +
                                     origin + R"(], "DefaultCacheBehavior": {)" + behavior +
                                     R"(}, "Logging": {"Bucket": "example-logs.s3.amazonaws.com",
      "Prefix": "cf/"}}}}}})") == "example-logs");
  CHECK(logs_of("plan.json", R"({"format_version": "1.2", "resource_changes": [{
      "address": "aws_cloudfront_distribution.site", "mode": "managed",
      "type": "aws_cloudfront_distribution", "name": "site",
      "change": {"actions": ["create"], "after": {"enabled": true, "comment": "",
        "origin": [{"domain_name": "example-site.s3.us-east-1.amazonaws.com", "origin_id": "site"}],
        "default_cache_behavior": [{"target_origin_id": "site", "viewer_protocol_policy": "https-only",
          "allowed_methods": ["GET", "HEAD"], "cached_methods": ["GET", "HEAD"]}],
        "logging_config": [{"bucket": "example-logs.s3.amazonaws.com", "include_cookies": false,
          "prefix": "cf/"}]}, "after_unknown": {}}}]})") == "example-logs");
}
