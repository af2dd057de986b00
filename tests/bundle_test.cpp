// Bundles: evidence links inside a folder, the split of ambiguous folders,
// configured bundles across folders, and the reasons --explain-bundles prints.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include <fmt/core.h>

#include "bundle/form.hpp"
#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/engine.hpp"
#include "corslint/model/bundle.hpp"
#include "engine/files.hpp"
#include "fixture_support.hpp"

namespace fs = std::filesystem;
using namespace corslint;
using namespace corslint::testing;

namespace {

fs::path scratch(const std::string& name) {
  fs::path d =
      fs::temp_directory_path() / ("corslint-bundle-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string fixture(const std::string& rel) {
  return read_file((fs::path(kSourceDir) / "testdata" / "rules" / rel).string());
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Setup A: bucket example-site behind distribution EDFDVBD6EXAMPLE with OAC.
// Setup B: the same with bucket other-site and distribution E2OTHERDIST01.
void write_two_setups(const fs::path& dir, const std::string& b_source_arn_id) {
  std::string dist = fixture("X001/good-matching/distribution.json");
  std::string policy = fixture("X001/good-matching/bucket-policy.json");
  write_file((dir / "dist-a.json").string(), dist);
  write_file((dir / "policy-a.json").string(), policy);
  write_file((dir / "dist-b.json").string(), replaced(replaced(dist, "example-site", "other-site"),
                                                      "EDFDVBD6EXAMPLE", "E2OTHERDIST01"));
  write_file(
      (dir / "policy-b.json").string(),
      replaced(replaced(policy, "example-site", "other-site"), "EDFDVBD6EXAMPLE", b_source_arn_id));
}

struct Run {
  std::vector<Finding> findings;
  std::string log;
};

Run lint_dir(const fs::path& dir) {
  LintOptions o;
  o.rules.select = std::vector<std::string>{"X"};
  Linter linter(o);
  std::vector<std::string> log;
  Run r;
  r.findings = linter.lint(collect_files({dir.string()}, {}), 1, &log);
  for (const std::string& l : log) r.log += l + "\n";
  return r;
}

std::size_t count(const std::vector<Finding>& fs, std::string_view code) {
  return static_cast<std::size_t>(
      std::count_if(fs.begin(), fs.end(), [&](const Finding& f) { return f.code == code; }));
}

}  // namespace

TEST_CASE("evidence splits a folder holding two setups into two bundles", "[bundle]") {
  fs::path dir = scratch("split");
  write_two_setups(dir, "E2OTHERDIST01");
  Run r = lint_dir(dir);
  INFO(r.log);
  CHECK(r.findings.empty());
  CHECK(r.log.find("[bucket example-site]:") != std::string::npos);
  CHECK(r.log.find("[bucket other-site]:") != std::string::npos);
  CHECK(r.log.find("ambiguous") == std::string::npos);
  CHECK(r.log.find("dist-a.json (distribution) ↔ policy-a.json (policy): origin S3 domain "
                   "`example-site.s3.us-east-1.amazonaws.com`, policy Resource names bucket "
                   "`example-site`") != std::string::npos);
  CHECK(r.log.find("dist-b.json (distribution) ↔ policy-b.json (policy): distribution Id "
                   "`E2OTHERDIST01`, policy AWS:SourceArn names distribution `E2OTHERDIST01`") !=
        std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("cross rules run on the bundles a split forms", "[bundle]") {
  fs::path dir = scratch("split-rules");
  // Policy B names bucket other-site (so it joins setup B) but an old distribution.
  write_two_setups(dir, "E2OLDDIST0001");
  Run r = lint_dir(dir);
  INFO(r.log);
  REQUIRE(count(r.findings, "X001") == 1);
  CHECK(r.findings.front().file.ends_with("policy-b.json"));
  CHECK(r.findings.front().message.find("E2OTHERDIST01") != std::string::npos);
  CHECK(count(r.findings, "X009") == 0);
  fs::remove_all(dir);
}

TEST_CASE("a document evidence cannot place is reported, the rest still checked", "[bundle]") {
  fs::path dir = scratch("unplaced");
  write_two_setups(dir, "E2OLDDIST0001");
  write_file((dir / "cors.json").string(),
             R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}])");
  Run r = lint_dir(dir);
  INFO(r.log);
  CHECK(count(r.findings, "X001") == 1);
  REQUIRE(count(r.findings, "X009") == 1);
  const Finding& x009 = *std::find_if(r.findings.begin(), r.findings.end(),
                                      [](const Finding& f) { return f.code == "X009"; });
  CHECK(x009.file.ends_with("cors.json"));
  CHECK(x009.message.find("nothing links cors.json (cors) to one of the 2 bundles") !=
        std::string::npos);
  CHECK(r.log.find("[unlinked] (ambiguous):") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a response headers policy joins the distribution that names its Id", "[bundle]") {
  fs::path dir = scratch("policy-id");
  write_two_setups(dir, "E2OTHERDIST01");
  std::string rhp = fixture("X004/bad-policy-allows-alias/response-headers-policy.json");
  std::string id = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
  std::string dist = read_file((dir / "dist-a.json").string());
  REQUIRE(dist.find("\"CachePolicyId\"") != std::string::npos);
  dist = replaced(dist, "\"CachePolicyId\"",
                  "\"ResponseHeadersPolicyId\": \"" + id + "\",\n        \"CachePolicyId\"");
  write_file((dir / "dist-a.json").string(), dist);
  write_file((dir / "headers.json").string(), rhp);
  Run r = lint_dir(dir);
  INFO(r.log);
  CHECK(r.log.find("ambiguous") == std::string::npos);
  CHECK(r.log.find("headers.json (response-headers-policy) ↔ dist-a.json (distribution): "
                   "DefaultCacheBehavior names response headers policy `" +
                   id + "`") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("placeholders are never evidence", "[bundle]") {
  fs::path dir = scratch("placeholder");
  write_two_setups(dir, "E2OTHERDIST01");
  std::string p = read_file((dir / "policy-b.json").string());
  p = replaced(replaced(p, "other-site", "your-bucket-name"), "E2OTHERDIST01",
               "YOUR-DISTRIBUTION-ID");
  write_file((dir / "policy-b.json").string(), p);
  Run r = lint_dir(dir);
  INFO(r.log);
  CHECK(r.log.find("your-bucket-name") == std::string::npos);
  CHECK(r.log.find("YOUR-DISTRIBUTION-ID") == std::string::npos);
  // policy-b could belong to setup B (which has no policy): said, not guessed.
  CHECK(count(r.findings, "X009") == 1);
  CHECK(count(r.findings, "X008") == 0);
  fs::remove_all(dir);
}

TEST_CASE("config bundles group files across directories", "[bundle][cli]") {
  fs::path dir = scratch("configured");
  fs::create_directories(dir / "policies");
  fs::create_directories(dir / "cf");
  write_file((dir / "policies" / "site.json").string(),
             fixture("X008/bad-old-bucket/bucket-policy.json"));
  write_file((dir / "cf" / "dist.json").string(), fixture("X008/bad-old-bucket/distribution.json"));
  std::string out;
  // Without the config the two folders are separate bundles: nothing to compare.
  CHECK(run_cli("--isolated --select X -q .", out, false, dir.string()) == 0);
  write_file((dir / ".corslint.json").string(),
             R"({"bundles": [{"name": "site", "files": ["policies/site.json", "cf/*.json"]}]})");
  CHECK(run_cli("--select X -q --explain-bundles .", out, true, dir.string()) == 1);
  CHECK(out.find("policies/site.json:12:19: error:") != std::string::npos);
  CHECK(out.find("[X008 bucket-policy-wrong-bucket]") != std::string::npos);
  CHECK(out.find("bundle site (configured):") != std::string::npos);
  CHECK(out.find("site.json (policy): listed in bundle \"site\" of ") != std::string::npos);
  CHECK(out.find("dist.json (distribution): listed in bundle \"site\"") != std::string::npos);
  // Linted from another directory, the globs stay relative to the config file.
  CHECK(run_cli(fmt::format("--config '{}' --select X -q '{}'", (dir / ".corslint.json").string(),
                            dir.string()),
                out, false, fs::temp_directory_path().string()) == 1);
  CHECK(out.find("[X008 bucket-policy-wrong-bucket]") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("config bundles are validated with located errors", "[bundle][cli]") {
  fs::path dir = scratch("configured-bad");
  std::string out;
  write_file((dir / ".corslint.json").string(), R"({"bundles": {"name": "site"}})");
  CHECK(run_cli("-q .", out, true, dir.string()) == 2);
  CHECK(out.find(".corslint.json:1:13: \"bundles\" must be an array") != std::string::npos);
  write_file(
      (dir / ".corslint.json").string(),
      R"({"bundles": [{"name": "site"}, {"files": ["a.json"]}, {"name": "x", "files": []}]})");
  CHECK(run_cli("-q .", out, true, dir.string()) == 2);
  CHECK(out.find("a bundle needs \"files\"") != std::string::npos);
  CHECK(out.find("a bundle needs a \"name\"") != std::string::npos);
  CHECK(out.find("must name at least one file") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("verbose prints the bundles and their links", "[bundle][cli]") {
  std::string out;
  run_cli("--isolated -v -q testdata/examples/seed-blog", out, true);
  CHECK(out.find("bundle testdata/examples/seed-blog:") != std::string::npos);
  CHECK(out.find("bucket-policy.json (policy) ↔ distribution.json (distribution): policy "
                 "AWS:SourceArn names distribution `EDFDVBD6EXAMPLE`, distribution Id "
                 "`EDFDVBD6EXAMPLE`") != std::string::npos);
}

TEST_CASE("a policy two distributions name is shared by both bundles", "[bundle]") {
  fs::path dir = scratch("shared-policy");
  write_two_setups(dir, "E2OTHERDIST01");
  std::string id = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
  for (const char* name : {"dist-a.json", "dist-b.json"}) {
    std::string dist = read_file((dir / name).string());
    dist = replaced(dist, "\"CachePolicyId\"",
                    "\"ResponseHeadersPolicyId\": \"" + id + "\",\n        \"CachePolicyId\"");
    write_file((dir / name).string(), dist);
  }
  write_file((dir / "headers.json").string(),
             fixture("X004/bad-policy-allows-alias/response-headers-policy.json"));
  Run r = lint_dir(dir);
  INFO(r.log);
  CHECK(r.log.find("ambiguous") == std::string::npos);
  CHECK(r.log.find("headers.json (response-headers-policy) ↔ dist-a.json (distribution)") !=
        std::string::npos);
  CHECK(r.log.find("headers.json (response-headers-policy) ↔ dist-b.json (distribution)") !=
        std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("unknown values and OAI ids", "[bundle]") {
  CHECK(unknown_value(""));
  CHECK(unknown_value("your-bucket-name"));
  CHECK(unknown_value("${SiteBucket}"));
  CHECK(unknown_value("<bucket>"));
  CHECK_FALSE(unknown_value("example-site"));
  CHECK(oai_id("origin-access-identity/cloudfront/E2QWRUHAPOMQZL") == "E2QWRUHAPOMQZL");
  CHECK(oai_id("origin-access-identity/cloudfront/").empty());
  CHECK(oai_id("E2QWRUHAPOMQZL").empty());
  CHECK(oai_id("origin-access-identity/cloudfront/${Oai}").empty());
  CHECK(arn_bucket("arn:aws:s3:::example-site/*") == "example-site");
  CHECK(arn_bucket("arn:aws:s3:::example-site") == "example-site");
  CHECK(arn_bucket("arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*").empty());
  CHECK(arn_bucket("arn:aws:iam::111122223333:root").empty());
  CHECK(arn_bucket("*").empty());
}

namespace {
LoadedFile load_text(const Linter& linter, const std::string& path, const std::string& text) {
  SourceError error;
  auto src = Source::from_bytes(path, text, error);
  REQUIRE(error.code.empty());
  return linter.load(src);
}
}  // namespace

TEST_CASE("container facts link: a shared template group and a bucket name", "[bundle]") {
  Linter linter{LintOptions{}};
  std::string cors =
      R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}])";
  LoadedFile a = load_text(linter, "t/cors-a.json", cors);
  LoadedFile b = load_text(linter, "t/cors-b.json", cors);
  LoadedFile p =
      load_text(linter, "t/policy.json", fixture("X001/good-matching/bucket-policy.json"));
  REQUIRE(a.documents.size() == 1);
  REQUIRE(p.documents.size() == 1);
  std::vector<const Document*> docs{&a.documents[0], &b.documents[0], &p.documents[0]};
  {
    std::vector<Bundle> bundles = form_bundles("t", docs);
    REQUIRE(bundles.size() == 1);
    CHECK(bundles[0].ambiguous);
  }
  // cors-a comes from the template the policy comes from.
  a.documents[0].link_group = "stack";
  p.documents[0].link_group = "stack";
  {
    std::vector<Bundle> bundles = form_bundles("t", docs);
    REQUIRE(bundles.size() == 2);
    CHECK(bundles[0].name == "t [template stack]");
    CHECK_FALSE(bundles[0].ambiguous);
    CHECK(bundles[0].documents.size() == 2);
    REQUIRE(bundles[0].links.size() == 1);
    CHECK(bundles[0].links[0].why ==
          "one template or plan (`stack`), one template or plan (`stack`)");
    // cors-b cannot join (that bundle has its CORS): alone, not ambiguous.
    CHECK(bundles[1].documents.size() == 1);
    CHECK_FALSE(bundles[1].ambiguous);
  }
  // The container names cors-b's bucket, which the policy's Resource names too.
  a.documents[0].link_group.clear();
  p.documents[0].link_group.clear();
  b.documents[0].bucket_name = "example-site";
  {
    std::vector<Bundle> bundles = form_bundles("t", docs);
    REQUIRE(bundles.size() == 2);
    CHECK(bundles[0].name == "t [bucket example-site]");
    CHECK(bundles[0].reasons.front() ==
          "cors-b.json (cors) ↔ policy.json (policy): its template names bucket "
          "`example-site`, policy Resource names bucket `example-site`");
    // cors-a names no bucket and the bundle already has a CORS file: not placed, not guessed.
    CHECK(bundles[1].documents.size() == 1);
    CHECK_FALSE(bundles[1].ambiguous);
  }
  // A placeholder is not a bucket name.
  b.documents[0].bucket_name = "your-bucket-name";
  CHECK(form_bundles("t", docs).front().ambiguous);
}

TEST_CASE("the bucket a distribution logs to belongs to its setup", "[bundle]") {
  fs::path dir = scratch("logging");
  const std::string src = "X008/good-logging-bucket/";
  write_file((dir / "distribution.json").string(), fixture(src + "distribution.json"));
  write_file((dir / "logs-policy.json").string(), fixture(src + "logs-bucket-policy.json"));
  {
    // The logging bucket's policy alone with the distribution: no X008, and no
    // origin rule takes it for the origin's policy.
    Run r = lint_dir(dir);
    INFO(r.log);
    CHECK(r.findings.empty());
    CHECK(r.log.find("logs-policy.json (policy) ↔ distribution.json (distribution): distribution "
                     "logs to bucket `example-logs` (Logging.Bucket "
                     "`example-logs.s3.amazonaws.com`), policy Resource names bucket "
                     "`example-logs`") != std::string::npos);
  }
  {
    // Beside the site bucket's policy it is not a second policy of one kind.
    write_file((dir / "site-policy.json").string(),
               fixture("X008/good-logging-bucket-beside-site-policy/bucket-policy.json"));
    Run r = lint_dir(dir);
    INFO(r.log);
    CHECK(r.findings.empty());
    CHECK(r.log.find("ambiguous") == std::string::npos);
    CHECK(r.log.find("[unlinked]") == std::string::npos);
  }
  {
    // With the origin's bucket unknown, the logging policy is still not the origin's.
    fs::remove(dir / "site-policy.json");
    std::string dist = fixture(src + "distribution.json");
    REQUIRE(dist.find("example-site.s3.us-east-1") != std::string::npos);
    write_file((dir / "distribution.json").string(),
               replaced(dist, "example-site.s3.us-east-1", "your-bucket-name.s3.us-east-1"));
    Run r = lint_dir(dir);
    INFO(r.log);
    CHECK(count(r.findings, "X002") == 0);
    CHECK(count(r.findings, "X008") == 0);
  }
  fs::remove_all(dir);
}

TEST_CASE("distributions sharing a logging bucket stay separate setups", "[bundle]") {
  fs::path dir = scratch("shared-logs");
  write_two_setups(dir, "E2OTHERDIST01");
  for (const char* name : {"dist-a.json", "dist-b.json"}) {
    std::string dist = read_file((dir / name).string());
    REQUIRE(dist.find("\"Bucket\": \"\"") != std::string::npos);
    write_file((dir / name).string(),
               replaced(dist, "\"Bucket\": \"\"", "\"Bucket\": \"example-logs.s3.amazonaws.com\""));
  }
  write_file((dir / "logs-policy.json").string(),
             fixture("X008/good-logging-bucket/logs-bucket-policy.json"));
  Run r = lint_dir(dir);
  INFO(r.log);
  CHECK(r.findings.empty());
  CHECK(r.log.find("ambiguous") == std::string::npos);
  CHECK(r.log.find("[bucket example-site]:") != std::string::npos);
  CHECK(r.log.find("[bucket other-site]:") != std::string::npos);
  // The logging bucket's policy belongs to both.
  CHECK(r.log.find("logs-policy.json (policy) ↔ dist-a.json (distribution)") != std::string::npos);
  CHECK(r.log.find("logs-policy.json (policy) ↔ dist-b.json (distribution)") != std::string::npos);
  fs::remove_all(dir);
}
