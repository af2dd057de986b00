// The engine end to end through the library API: load errors, rule crashes,
// selection, per-file ignores.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <fmt/core.h>

#include "corslint/analysis/setup.hpp"
#include "corslint/engine.hpp"
#include "fixture_support.hpp"

using namespace corslint;
using namespace corslint::testing;
namespace fs = std::filesystem;

namespace {

constexpr RuleMeta kThrowingRule{
    .code = "C999",
    .name = "test-throwing-rule",
    .default_severity = Severity::Error,
    .summary = "throws",
    .rationale = "test",
    .bad_example = "[]",
    .good_example = "[]",
    .fix_hint = "none",
    .references = "none",
};

void throwing_check(const cors::Config& config, Reporter& out) {
  out.report(config.root, "partial finding that must be dropped");
  throw std::runtime_error("boom");
}

const char* kCors =
    R"([{"AllowedOrigins": ["https://app.acme-widgets.io"], "AllowedMethods": ["get"]}])";

std::vector<Finding> lint(LintOptions o, const std::string& path) {
  Linter linter(std::move(o));
  std::vector<Finding> out;
  linter.lint_path(path, out);
  return out;
}

}  // namespace

TEST_CASE("a rule that throws becomes E900 and the other rules still run") {
  LintOptions o;
  o.extra_rules.push_back(RuleEntry::document(kThrowingRule, &throwing_check));
  Linter linter(std::move(o));
  std::vector<Finding> out;
  linter.lint_bytes("t.json", kCors, out);
  REQUIRE(out.size() == 2);
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.code < b.code; });
  CHECK(out[0].code == "C002");
  CHECK(out[1].code == "E900");
  CHECK(out[1].message.find("C999 (test-throwing-rule)") != std::string::npos);
  CHECK(out[1].message.find("boom") != std::string::npos);
}

TEST_CASE("a missing path is E001 and does not stop the next file") {
  Linter linter(LintOptions{});
  std::vector<Finding> out;
  linter.lint_path("does/not/exist.json", out);
  linter.lint_bytes("next.json", kCors, out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].code == "E001");
  CHECK(out[0].file == "does/not/exist.json");
  CHECK(out[0].message == "cannot read file: no such file or directory");
  CHECK(out[1].code == "C002");
}

TEST_CASE("an unreadable file is E001") {
  if (::geteuid() == 0) {
    SUCCEED("running as root: permissions cannot make a file unreadable");
    return;
  }
  fs::path p = fs::temp_directory_path() / "corslint-unreadable.json";
  write_file(p.string(), "[]");
  fs::permissions(p, fs::perms::none);
  auto out = lint(LintOptions{}, p.string());
  fs::remove(p);
  REQUIRE(out.size() == 1);
  CHECK(out[0].message == "cannot read file: permission denied");
}

TEST_CASE("a 5 MB file is linted, and 5 MB of garbage is one located error") {
  fs::path dir = fs::temp_directory_path();
  std::string big = "[";
  for (int i = 0; big.size() < 5 * 1024 * 1024; ++i) {
    if (i > 0) big += ",\n";
    big += R"({"AllowedOrigins": ["https://app.acme-widgets.io"], "AllowedMethods": ["GET"]})";
  }
  big += "]";
  write_file((dir / "corslint-big.json").string(), big);
  auto ok = lint(LintOptions{}, (dir / "corslint-big.json").string());
  // 60,000+ rules: C001 says S3 accepts at most 100 rules, and nothing crashes.
  REQUIRE(ok.size() >= 1);
  CHECK(ok[0].code == "C001");
  std::string garbage(5 * 1024 * 1024, 'x');
  garbage[0] = '{';
  write_file((dir / "corslint-garbage.json").string(), garbage);
  auto bad = lint(LintOptions{}, (dir / "corslint-garbage.json").string());
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].code == "E002");
  CHECK(bad[0].start.line == 1);
  CHECK(bad[0].source_line.size() <= 400);  // excerpts are bounded
  fs::remove(dir / "corslint-big.json");
  fs::remove(dir / "corslint-garbage.json");
}

TEST_CASE("selection: codes, prefixes, names, ignore, off-by-default rules") {
  const RuleMeta& c002 = *Registry::instance().find("C002")->meta;
  const RuleMeta& i000 = *Registry::instance().find("I000")->meta;
  const RuleMeta& e003 = *Registry::instance().find("E003")->meta;
  RuleSelection s;
  CHECK(s.enabled(c002));
  CHECK_FALSE(s.enabled(i000));
  s.select = std::vector<std::string>{"C00"};
  CHECK(s.enabled(c002));
  CHECK(s.enabled(e003));  // load errors always show
  s.select = std::vector<std::string>{"cors-invalid-method"};
  CHECK(s.enabled(c002));
  s.select = std::vector<std::string>{"ALL"};
  CHECK_FALSE(s.enabled(i000));  // ALL means the default set; name I000 to get it
  s.select = std::vector<std::string>{"I000"};
  CHECK(s.enabled(i000));
  s.ignore = {"E003", "c002"};
  CHECK_FALSE(s.enabled(e003));
  s.select = std::vector<std::string>{"ALL"};
  CHECK_FALSE(s.enabled(c002));
  s.severity["C002"] = Severity::Warning;
  CHECK(s.severity_for(c002, Severity::Error) == Severity::Warning);
}

TEST_CASE("per-file ignores drop matching codes in matching files only") {
  LintOptions o;
  o.per_file_ignores.push_back({"legacy/**", {"C002"}});
  Linter linter(std::move(o));
  std::vector<Finding> out;
  linter.lint_bytes("legacy/old/cors.json", kCors, out);
  CHECK(out.empty());
  linter.lint_bytes("new/cors.json", kCors, out);
  CHECK(out.size() == 1);
}

TEST_CASE("the kind option forces recognition") {
  LintOptions o;
  o.kind = DocKind::S3Cors;
  Linter linter(std::move(o));
  std::vector<Finding> out;
  linter.lint_bytes("x.json", "[]", out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == "C001");
  CHECK(out[0].message.find("empty") != std::string::npos);
}

TEST_CASE("value hashes are filled unless turned off; nothing else changes") {
  std::vector<Finding> with, without;
  Linter(LintOptions{}).lint_bytes("t.json", kCors, with);
  LintOptions o;
  o.value_hashes = false;
  Linter(std::move(o)).lint_bytes("t.json", kCors, without);
  REQUIRE(with.size() == without.size());
  REQUIRE(!with.empty());
  for (std::size_t i = 0; i < with.size(); ++i) {
    CHECK(with[i].value_hash != 0);
    CHECK(without[i].value_hash == 0);
    CHECK(with[i].message == without[i].message);
    CHECK(with[i].pointer == without[i].pointer);
  }
}

// --- the engine's stages -----------------------------------------------------

namespace {

constexpr RuleMeta kThrowingBundleRule{
    .code = "X999",
    .name = "test-throwing-bundle-rule",
    .kinds = kinds(DocKind::S3Cors),
    .default_severity = Severity::Error,
    .summary = "throws",
    .rationale = "test",
    .bad_example = "[]",
    .good_example = "[]",
    .fix_hint = "none",
    .references = "none",
};

void throwing_bundle_check(const Setup& setup, Reporter& out) {
  const Document& doc = *setup.bundle().documents.front();
  out.report(doc, doc.root, "partial, dropped");
  throw 42;  // not even a std::exception
}

// A scratch directory removed at the end of the test.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "corslint-engine-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

TEST_CASE("a bundle rule that throws becomes E900 through the same guard") {
  ScratchDir dir;
  write_file((dir.path / "cors.json").string(), kCors);
  LintOptions o;
  o.extra_rules.push_back(RuleEntry::bundle(kThrowingBundleRule, &throwing_bundle_check));
  auto out = Linter(std::move(o)).lint(collect_files({dir.path.string()}, {}), 1);
  REQUIRE(out.size() == 2);
  CHECK(out[0].code == "E900");  // at 1:1, before C002
  CHECK(out[1].code == "C002");
  CHECK(out[0].message.find("X999 (test-throwing-bundle-rule) failed on bundle") !=
        std::string::npos);
  CHECK(out[0].message.find("unknown error") != std::string::npos);
}

TEST_CASE("only rules whose metadata says so run on ambiguous bundles") {
  std::vector<std::string_view> codes;
  for (const RuleEntry& e : Registry::instance().rules()) {
    if (e.meta->runs_on_ambiguous_bundles) codes.push_back(e.meta->code);
  }
  // X009 reports the ambiguity; F005-F008 and F012 judge each distribution
  // with the custom policies of its setup (managed ids only when ambiguous).
  CHECK(codes == std::vector<std::string_view>{"F005", "F006", "F007", "F008", "F012", "X009"});
}

TEST_CASE("fixes are dropped on embedded documents: --fix never writes into the wrapper") {
  // `aws s3api get-bucket-policy` without Version: P002 offers to add one,
  // but the policy is a JSON string inside {"Policy": ...}.
  const std::string text =
      R"({"Policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",)"
      R"(\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}"})";
  std::vector<Finding> out;
  Linter(LintOptions{}).lint_bytes("export.json", text, out);
  auto p002 =
      std::find_if(out.begin(), out.end(), [](const Finding& f) { return f.code == "P002"; });
  REQUIRE(p002 != out.end());
  CHECK(p002->pointer.starts_with("/Policy#"));
  for (const Finding& f : out) CHECK(f.fixes.empty());
  FixOutcome fixed = apply_fixes(text, out);
  CHECK(fixed.applied == 0);
  CHECK(fixed.text == text);

  // The same policy as a file of its own keeps its fix.
  std::vector<Finding> plain;
  Linter(LintOptions{})
      .lint_bytes("policy.json",
                  R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",)"
                  R"("Resource":"arn:aws:s3:::b/*"}]})",
                  plain);
  auto own =
      std::find_if(plain.begin(), plain.end(), [](const Finding& f) { return f.code == "P002"; });
  REQUIRE(own != plain.end());
  CHECK_FALSE(own->fixes.empty());
}

TEST_CASE("the baseline is part of the filter: accepted findings go, stale entries are I001") {
  ScratchDir dir;
  std::string path = (dir.path / "cors.json").string();
  write_file(path, kCors);
  std::vector<std::string> files{path};
  std::vector<Finding> before = Linter(LintOptions{}).lint(files, 1);
  REQUIRE(before.size() == 1);
  LintOptions o;
  o.baseline = Baseline{};
  o.baseline->entries.push_back({"C002", path, before[0].pointer, before[0].value_hash});
  o.baseline->entries.push_back({"C003", path, "/0", 1});
  Linter linter(o);
  std::vector<Finding> out = linter.lint(files, 1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == "I001");
  CHECK(out[0].pointer == "/0");

  // The streaming form gives the same findings, as one group.
  struct Collect final : FindingSink {
    std::vector<FindingGroup> groups;
    void consume(FindingGroup& g) override { groups.push_back(std::move(g)); }
  } sink;
  LintSummary summary = linter.lint(files, 2, sink);
  REQUIRE(sink.groups.size() == 1);
  REQUIRE(sink.groups[0].findings.size() == 1);
  CHECK(sink.groups[0].findings[0].code == "I001");
  CHECK(summary.findings == 1);
  CHECK_FALSE(summary.failing);  // I001 is info

  // An explicit ignore hides stale entries.
  o.rules.ignore.push_back("I001");
  CHECK(Linter(o).lint(files, 1).empty());
}

TEST_CASE("the summary: failing at or above fail_on, E900 an internal error") {
  std::vector<Finding> out;
  Linter(LintOptions{}).lint_bytes("t.json", kCors, out);  // C002, an error
  LintOptions never;
  never.fail_on = std::nullopt;
  LintOptions warning;
  warning.fail_on = Severity::Warning;
  CHECK(Linter(LintOptions{}).summarise(out).failing);
  CHECK_FALSE(Linter(never).summarise(out).failing);
  CHECK(Linter(warning).summarise(out).failing);
  CHECK_FALSE(Linter(LintOptions{}).summarise(out).internal_error);

  LintOptions throwing;
  throwing.extra_rules.push_back(RuleEntry::document(kThrowingRule, &throwing_check));
  std::vector<Finding> crashed;
  Linter(throwing).lint_bytes("t.json", kCors, crashed);
  CHECK(Linter(never).summarise(crashed).internal_error);
}

TEST_CASE("on a translated document only fixes that insert between tokens are kept") {
  // A CloudFormation template keeps its tokens' offsets: P002's inserted
  // "Version" lands in the PolicyDocument object of the file.
  const std::string text =
      R"({"Resources": {"P": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": "b", )"
      R"("PolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": "*", )"
      R"("Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}}}}})";
  std::vector<Finding> out;
  Linter(LintOptions{}).lint_bytes("template.json", text, out);
  auto p002 =
      std::find_if(out.begin(), out.end(), [](const Finding& f) { return f.code == "P002"; });
  REQUIRE(p002 != out.end());
  REQUIRE(p002->fixes.size() == 1);
  for (const TextEdit& e : p002->fixes[0].edits) CHECK(e.begin == e.end);
  FixOutcome fixed = apply_fixes(text, out);
  CHECK(fixed.text.find(R"("PolicyDocument": {"Version": "2012-10-17",)") != std::string::npos);
  for (const Finding& f : out) {
    for (const Fix& fix : f.fixes) {
      for (const TextEdit& e : fix.edits) CHECK(e.begin == e.end);
    }
  }
}

namespace {

constexpr RuleMeta kRepeatingRule{
    .code = "C998",
    .name = "test-repeating-rule",
    .default_severity = Severity::Warning,
    .summary = "repeats",
    .rationale = "test",
    .bad_example = "[]",
    .good_example = "[]",
    .fix_hint = "none",
    .references = "none",
};

// The same message at every origin (twice at the first), and a fixable copy
// of it at the last origin.
void repeating_check(const cors::Config& config, Reporter& out) {
  const std::vector<Value>& origins = config.rules.front().allowed_origins;
  for (const Value& v : origins) out.report(v.node, "the same problem");
  out.report(origins.front().node, "the same problem");
  Reported fixable = out.report(origins.back().node, "the same problem");
  out.add_fix(fixable, "change it", origins.back().node, "\"https://b.example\"");
}

// Origins on lines 2, 3 and 4, each at column 4.
const char* kThreeOrigins =
    "[{\"AllowedMethods\": [\"GET\"], \"AllowedOrigins\": [\n"
    "   \"https://a.acme-widgets.io\",\n"
    "   \"https://b.acme-widgets.io\",\n"
    "   \"https://c.acme-widgets.io\"]}]";

}  // namespace

TEST_CASE("identical findings of a rule in a document are one, with the count and the places") {
  LintOptions o;
  o.rules.select = std::vector<std::string>{"C998"};
  o.extra_rules.push_back(RuleEntry::document(kRepeatingRule, &repeating_check));
  Linter linter(std::move(o));
  std::vector<Finding> out;
  linter.lint_bytes("t.json", kThreeOrigins, out);
  REQUIRE(out.size() == 2);
  // Four unfixable copies: one finding at the first place; the other two
  // places listed once each (the repeat at the first place is not).
  CHECK(out[0].start.line == 2);
  CHECK(out[0].start.column == 4);
  CHECK(out[0].message == "the same problem (and 3 more like this in this document)");
  REQUIRE(out[0].related.size() == 2);
  CHECK(out[0].related[0].start.line == 3);
  CHECK(out[0].related[1].start.line == 4);
  CHECK(out[0].related[1].start.column == 4);
  CHECK(out[0].related[1].pointer == "/0/AllowedOrigins/2");
  CHECK(out[0].related[1].message == "the same finding");
  // The copy with a fix stays itself: --fix needs it where it is.
  CHECK(out[1].start.line == 4);
  CHECK(out[1].message == "the same problem");
  CHECK(out[1].fixes.size() == 1);
}

TEST_CASE("repeats are counted after suppressions") {
  LintOptions o;
  o.rules.select = std::vector<std::string>{"C998"};
  o.extra_rules.push_back(RuleEntry::document(kRepeatingRule, &repeating_check));
  Linter linter(std::move(o));
  std::vector<Finding> out;
  linter.lint_bytes("t.json", kThreeOrigins, out);
  REQUIRE_FALSE(out.empty());
  // Suppressing the first place keeps the others (suppressions name
  // registered rules, so C002 stands in: a lower-case method in three rules).
  LintOptions s;
  s.rules.select = std::vector<std::string>{"C002"};
  s.suppress.push_back({"*.json", "/0", "C002", "accepted"});
  std::vector<Finding> left;
  Linter(std::move(s))
      .lint_bytes("t.json",
                  R"([{"AllowedOrigins": ["https://a.acme-widgets.io"], "AllowedMethods": ["get"]},
 {"AllowedOrigins": ["https://a.acme-widgets.io"], "AllowedMethods": ["get"]},
 {"AllowedOrigins": ["https://a.acme-widgets.io"], "AllowedMethods": ["get"]}])",
                  left);
  REQUIRE(left.size() == 2);
  CHECK(left[0].pointer == "/1/AllowedMethods/0");
  CHECK(left[1].pointer == "/2/AllowedMethods/0");
}

TEST_CASE("a file keeps max_findings_per_file findings; I003 counts the rest by severity") {
  // Eight CORS rules, each with a lower-case method (C002, error) and a
  // preflighted PUT without MaxAgeSeconds (C016, info): 16 findings, C002's
  // first (rules run in code order).
  std::string cors = "[";
  for (int i = 0; i < 8; ++i) {
    cors += fmt::format(
        "{}{{\"AllowedOrigins\": [\"https://a{}.acme-widgets.io\"], \"AllowedMethods\": "
        "[\"get\", \"PUT\"]}}\n",
        i == 0 ? "" : ",", i);
  }
  cors += "]";
  auto run = [&](std::size_t cap, std::vector<Suppression> suppress) {
    LintOptions o;
    o.rules.select = std::vector<std::string>{"C002", "C016"};
    o.max_findings_per_file = cap;
    o.suppress = std::move(suppress);
    std::vector<Finding> out;
    Linter(std::move(o)).lint_bytes("cors.json", cors, out);
    return out;
  };
  CHECK(run(0, {}).size() == 16);
  CHECK(run(16, {}).size() == 16);

  auto capped = run(5, {});
  REQUIRE(capped.size() == 6);
  CHECK(std::count_if(capped.begin(), capped.end(),
                      [](const Finding& f) { return f.code == "C002"; }) == 5);
  const Finding& i003 = capped.back();
  CHECK(i003.code == "I003");
  CHECK(i003.name == "findings-left-out");
  CHECK(i003.start.line == 1);
  CHECK(i003.start.column == 1);
  CHECK(i003.message ==
        "11 more findings in this file were left out (3 errors, 0 warnings, 8 info): the report "
        "keeps the first 5 (max_findings_per_file); fix those, or lint with --select, to see "
        "the rest");
  // The most severe finding left out is an error: so is I003, and the run fails as the whole
  // list would.
  CHECK(i003.severity == Severity::Error);

  // Findings that a suppression hides are not counted as left out.
  auto suppressed = run(5, {{"cors.json", "/6", "C002", "accepted"},
                            {"cors.json", "/7", "C002", "accepted"},
                            {"cors.json", "", "C016", "accepted"}});
  REQUIRE(suppressed.size() == 6);
  CHECK(suppressed.back().message.starts_with(
      "1 more finding in this file was left out (1 error, 0 warnings, 0 info)"));

  // Only info left out: I003 is info.
  auto infos = run(12, {});
  REQUIRE(infos.size() == 13);
  CHECK(infos.back().severity == Severity::Info);
  CHECK(infos.back().message.starts_with("4 more findings"));
}
