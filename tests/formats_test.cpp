// Container formats: the same configuration as raw JSON, CLI export,
// CloudFormation template, Terraform plan and S3 CORS XML gives the same
// findings, each located at the same token of its own file; unknown values
// never add a finding.
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

// The XML element name a raw CORS document's pointer stands for: the last
// member name in the singular XML spelling ("/CORSRules/0" is a CORSRule,
// "/CORSRules/0/AllowedMethods" the first AllowedMethod), or the root.
std::string xml_element(const std::string& pointer) {
  std::vector<std::string> parts;
  for (std::size_t at = 1; at <= pointer.size() && !pointer.empty();) {
    std::size_t next = pointer.find('/', at);
    if (next == std::string::npos) next = pointer.size();
    parts.push_back(pointer.substr(at, next - at));
    at = next + 1;
  }
  if (parts.empty()) return "<CORSConfiguration";
  if (parts.back().find_first_not_of("0123456789") == std::string::npos && parts.size() > 1 &&
      parts[parts.size() - 2] == "CORSRules") {
    return "<CORSRule";
  }
  std::string name = parts.back();
  if (name == "CORSRules") return "<CORSRule";
  if (name.ends_with("s") && name != "MaxAgeSeconds") name.pop_back();
  return "<" + name;
}

// What a raw JSON CORS finding's token is in the XML form: a bracket or a
// key becomes the element's start tag, a value its text.
std::string as_xml_token(const std::string& token, const std::string& pointer) {
  std::size_t slash = pointer.rfind('/');
  std::string last = slash == std::string::npos ? "" : pointer.substr(slash + 1);
  if (token == "{" || token == "[" || token == "\"" + last + "\"") return xml_element(pointer);
  if (token.size() >= 2 && token.front() == '"') return token.substr(1, token.size() - 2);
  return token;
}

// The token at a position of an XML file: a start tag's "<Name", or a value's
// text up to the next tag.
std::string xml_token_at(const std::string& text, Position p) {
  std::size_t off = 0;
  for (uint32_t line = 1; line < p.line && off != std::string::npos; ++line) {
    off = text.find('\n', off);
    if (off != std::string::npos) ++off;
  }
  if (off == std::string::npos || off + p.column - 1 >= text.size()) return "<past end>";
  std::string_view rest(text.data() + off + p.column - 1, text.size() - off - p.column + 1);
  if (rest.starts_with("<")) return std::string(rest.substr(0, rest.find_first_of(" >/")));
  return std::string(rest.substr(0, rest.find('<')));
}

struct Seen {
  std::multiset<std::string> codes;
  std::multiset<std::string> located;  // "CODE token"
  std::vector<std::string> pointers;
};

// `as_xml`: a raw cors.json finding is recorded as its token would be in
// cors.xml, so the raw form can be compared with the XML form.
Seen lint_form(const std::string& dir, bool as_xml = false) {
  Linter linter(LintOptions{});
  std::vector<Finding> findings = linter.lint(collect_files({dir}, {}), 1);
  Seen s;
  for (const Finding& f : findings) {
    s.codes.insert(std::string(f.code));
    std::string token = f.file.ends_with(".xml") ? xml_token_at(read_file(f.file), f.start)
                                                 : token_at(read_file(f.file), f.start);
    if (as_xml && f.file.ends_with("/cors.json")) token = as_xml_token(token, f.pointer);
    s.located.insert(std::string(f.code) + " " + token);
    s.pointers.push_back(f.pointer);
  }
  return s;
}

// A YAML form's "CODE token"s as JSON's: a block mapping's first key
// (`Key:`) stands for `{`, a block sequence's `-` for `[`.
std::multiset<std::string> yaml_tokens(const Seen& s) {
  std::multiset<std::string> out;
  for (const std::string& located : s.located) {
    std::string code = located.substr(0, located.find(' '));
    std::string token = located.substr(code.size() + 1);
    if (token == "-") token = "[";
    if (token.size() > 1 && token.back() == ':' && token[0] != '"') token = "{";
    out.insert(code + " " + token);
  }
  return out;
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
  // Every case with an S3 CORS configuration has its XML form (generate.py).
  CHECK(std::count_if(cases.begin(), cases.end(),
                      [](const fs::path& c) { return fs::exists(c / "xml"); }) == 6);
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
      // The YAML template: the JSON template's findings at the same paths,
      // each at the matching token (its strings are double-quoted, so their
      // tokens are the JSON ones; a block mapping starts at its first key and
      // a block sequence at its first "-").
      INFO("cloudformation-yaml");
      Seen json = lint_form((c / "cloudformation").string());
      Seen yaml = lint_form((c / "cloudformation-yaml").string());
      CHECK(join(yaml.codes) == join(raw.codes));
      std::vector<std::string> jp = json.pointers, yp = yaml.pointers;
      std::sort(jp.begin(), jp.end());
      std::sort(yp.begin(), yp.end());
      CHECK(jp == yp);
      CHECK(join(yaml_tokens(yaml)) == join(raw.located));
      if (fs::exists(c / "xml")) {
        // S3 CORS XML: the same findings, with the raw form's pointers, at the
        // element or text that holds each raw token.
        INFO("xml");
        Seen raw_as_xml = lint_form((c / "raw").string(), true);
        Seen xml = lint_form((c / "xml").string());
        CHECK(join(xml.codes) == join(raw.codes));
        CHECK(join(xml.located) == join(raw_as_xml.located));
        std::multiset<std::string> a(raw.pointers.begin(), raw.pointers.end());
        std::multiset<std::string> b(xml.pointers.begin(), xml.pointers.end());
        CHECK(join(a) == join(b));
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

TEST_CASE("a CloudFormation parameter whose Default is \"\" is unknown, not empty", "[formats]") {
  // Fn::Join ["", ["arn:aws:s3:::", {"Ref": "BucketName"}, "/*"]] with
  // Default "" once resolved to "arn:aws:s3:::/*", a false P007.
  std::string path =
      std::string(kSourceDir) + "/testdata/formats/unknown/cloudformation-empty-default.json";
  std::string text = read_file(path);
  LintOptions options;
  options.rules.select = std::vector<std::string>{"P007"};
  Linter linter(options);
  std::vector<Finding> out;
  linter.lint_bytes("template.json", text, out);
  for (const Finding& f : out) UNSCOPED_INFO(f.code << " " << f.pointer << " " << f.message);
  CHECK(out.empty());
  // The control: the value it used to resolve to is reported.
  std::string join = R"({"Fn::Join": ["", ["arn:aws:s3:::", {"Ref": "BucketName"}, "/*"]]})";
  std::size_t at = text.find(join);
  REQUIRE(at != std::string::npos);
  text.replace(at, join.size(), R"("arn:aws:s3:::/*")");
  out.clear();
  linter.lint_bytes("template.json", text, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == "P007");
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

TEST_CASE("Terraform planned_values, state values, tf.json and cdk.tf.json are read, located",
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
      // CDK for Terraform's synthesised cdk.tf.json: "//" metadata in every
      // resource, the policy a JSON string, blocks as objects or lists.
      {"cdk.tf.json", "P010",
       "/resource/aws_s3_bucket_policy/site_policy_0E5C2A11/policy#/Statement/0/Principal",
       "\"*\""},
      {"cdk.tf.json", "C005",
       "/resource/aws_s3_bucket_cors_configuration/site_cors_9B2E44D0/cors_rule/0/"
       "allowed_origins/0",
       "\"*\""},
      {"cdk.tf.json", "F011",
       "/resource/aws_cloudfront_distribution/site_cdn_3C7D9E21/default_cache_behavior/"
       "viewer_protocol_policy",
       "\"allow-all\""},
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
