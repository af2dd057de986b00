// The command line end to end: exit codes, options, formats, config.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include <fmt/core.h>

#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"
#include "fixture_support.hpp"

using namespace corslint;
using namespace corslint::testing;
namespace fs = std::filesystem;

namespace {

const std::string kInput = "testdata/formats/input/";
// Fixed rule selection so these snapshots do not move when rules are added.
const std::string kSelect = "--select C001,C002 --color never ";

bool update_snapshots() {
  const char* v = std::getenv("CORSLINT_UPDATE_SNAPSHOTS");
  return v != nullptr && std::string_view(v) == "1";
}

void check_snapshot(const std::string& name, const std::string& actual) {
  std::string path = std::string(kSourceDir) + "/testdata/formats/" + name;
  if (update_snapshots()) {
    write_file(path, actual);
    return;
  }
  INFO("snapshot " << path << " (CORSLINT_UPDATE_SNAPSHOTS=1 rewrites it)");
  CHECK(read_file(path) == actual);
}

struct Json {
  std::shared_ptr<const Source> src;
  json::ParseResult parsed;
  const json::Tree& t() const { return parsed.tree; }
};

Json parse_json(const std::string& text) {
  SourceError err;
  auto src = Source::from_bytes("out.json", text, err);
  REQUIRE(err.code.empty());
  Json j{src, json::parse(*src)};
  REQUIRE(j.parsed.ok);
  return j;
}

fs::path temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("corslint-test-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

}  // namespace

TEST_CASE("exit codes: 0 clean, 1 findings, 2 usage errors") {
  std::string out;
  CHECK(run_cli("testdata/rules/C002/good-all-five.json", out) == 0);
  CHECK(run_cli(kInput + "cors.json", out) == 1);
  CHECK(run_cli("--fail-on never " + kInput + "cors.json", out) == 0);
  CHECK(run_cli("--fail-on warning testdata/rules/C002/good-all-five.json", out) == 0);
  CHECK(run_cli("--no-such-option x.json", out, true) == 2);
  CHECK(out.find("corslint: error:") == 0);
  CHECK(out.find("hint:") != std::string::npos);
  CHECK(run_cli("--format xml x.json", out, true) == 2);
  CHECK(out.find("unknown format 'xml'") != std::string::npos);
  CHECK(run_cli("--select C9 x.json", out, true) == 2);
  CHECK(out.find("'C9' names no rule") != std::string::npos);
  CHECK(run_cli("--fail-on sometimes x.json", out, true) == 2);
  CHECK(run_cli("--kind terraform x.json", out, true) == 2);
  CHECK(run_cli("--version", out) == 0);
  CHECK(out.rfind("corslint ", 0) == 0);
  CHECK(run_cli("--help", out) == 0);
  CHECK(out.find("--fail-on") != std::string::npos);
}

TEST_CASE("an unreadable or broken file is a finding, and the run goes on") {
  std::string out;
  CHECK(run_cli(kSelect + "missing.json " + kInput + "broken.json " + kInput + "cors.json", out) ==
        1);
  CHECK(out.find("missing.json:1:1: error: cannot read file: no such file or directory [E001 "
                 "file-unreadable]") != std::string::npos);
  CHECK(out.find("broken.json:2:1: error: invalid JSON") != std::string::npos);
  CHECK(out.find("cors.json:6:26: error: method \"get\"") != std::string::npos);
}

TEST_CASE("text output is compiler-style with an excerpt and a summary") {
  std::string out;
  run_cli(kSelect + kInput, out);
  check_snapshot("text.txt", out);
  std::string quiet;
  run_cli(kSelect + "-q " + kInput, quiet);
  CHECK(quiet.find(" | ") == std::string::npos);
  CHECK(quiet.find("Found") == std::string::npos);
  std::string colored;
  run_cli("--select C001,C002 --color always " + kInput, colored);
  CHECK(colored.find("\x1b[") != std::string::npos);
  // NO_COLOR and a pipe both mean no colour in auto mode.
  std::string plain;
  run_cli("--select C001,C002 " + kInput, plain);
  CHECK(plain.find("\x1b[") == std::string::npos);
}

TEST_CASE("output is deterministic across runs and job counts") {
  std::string a, b;
  run_cli(kSelect + "--jobs 1 --format json testdata", a);
  run_cli(kSelect + "--jobs 2 --format json testdata", b);
  CHECK(a == b);
}

TEST_CASE("json output follows the documented schema") {
  std::string out;
  run_cli(kSelect + "--format json " + kInput, out);
  check_snapshot("json.json", out);
  Json j = parse_json(out);
  const json::Tree& t = j.t();
  CHECK(t[t.get(t.root(), "version")].integer == 1);
  json::NodeId findings = t.get(t.root(), "findings");
  REQUIRE(t.is(findings, json::Type::Array));
  REQUIRE(t.children(findings).size() >= 3);
  for (json::NodeId f : t.children(findings)) {
    for (const char* key : {"code", "name", "severity", "message", "file", "line", "column",
                            "end_line", "end_column", "pointer", "related", "help_uri"}) {
      INFO(key);
      CHECK(t.get(f, key) != json::kNoNode);
    }
  }
}

TEST_CASE("sarif output has the structure SARIF 2.1.0 requires") {
  std::string out;
  run_cli(kSelect + "--format sarif " + kInput, out);
  check_snapshot("sarif.json", out);
  Json j = parse_json(out);
  const json::Tree& t = j.t();
  json::NodeId root = t.root();
  CHECK(t.str(t.get(root, "version")) == "2.1.0");
  CHECK(t.str(t.get(root, "$schema")).find("sarif") != std::string_view::npos);
  json::NodeId runs = t.get(root, "runs");
  REQUIRE(t.children(runs).size() == 1);
  json::NodeId run = t.children(runs)[0];
  json::NodeId driver = t.get(t.get(run, "tool"), "driver");
  CHECK(t.str(t.get(driver, "name")) == "corslint");
  json::NodeId rules = t.get(driver, "rules");
  REQUIRE(t.is(rules, json::Type::Array));
  auto rule_list = t.children(rules);
  for (json::NodeId r : rule_list) {
    CHECK_FALSE(t.str(t.get(r, "id")).empty());
    CHECK_FALSE(t.str(t.get(t.get(r, "shortDescription"), "text")).empty());
  }
  json::NodeId results = t.get(run, "results");
  REQUIRE(t.children(results).size() >= 3);
  for (json::NodeId res : t.children(results)) {
    std::string_view id = t.str(t.get(res, "ruleId"));
    json::NodeId index = t.get(res, "ruleIndex");
    REQUIRE(t.is(index, json::Type::Number));
    REQUIRE(static_cast<std::size_t>(t[index].integer) < rule_list.size());
    CHECK(t.str(t.get(rule_list[static_cast<std::size_t>(t[index].integer)], "id")) == id);
    std::string_view level = t.str(t.get(res, "level"));
    CHECK((level == "error" || level == "warning" || level == "note"));
    CHECK_FALSE(t.str(t.get(t.get(res, "message"), "text")).empty());
    json::NodeId loc = t.children(t.get(res, "locations"))[0];
    json::NodeId phys = t.get(loc, "physicalLocation");
    CHECK_FALSE(t.str(t.get(t.get(phys, "artifactLocation"), "uri")).empty());
    json::NodeId region = t.get(phys, "region");
    CHECK(t[t.get(region, "startLine")].integer >= 1);
    CHECK(t[t.get(region, "startColumn")].integer >= 1);
    CHECK(t.get(res, "partialFingerprints") != json::kNoNode);
  }
}

TEST_CASE("github, junit and gitlab outputs") {
  std::string out;
  run_cli(kSelect + "--format github " + kInput, out);
  check_snapshot("github.txt", out);
  CHECK(out.find("::error file=testdata/formats/input/cors.json,line=6,col=26,") !=
        std::string::npos);
  run_cli(kSelect + "--format junit " + kInput, out);
  check_snapshot("junit.xml", out);
  CHECK(out.rfind("<?xml", 0) == 0);
  run_cli(kSelect + "--format gitlab " + kInput, out);
  check_snapshot("gitlab.json", out);
  Json j = parse_json(out);
  for (json::NodeId issue : j.t().children(j.t().root())) {
    CHECK(j.t().str(j.t().get(issue, "fingerprint")).size() == 16);
    CHECK(j.t()[j.t().get(j.t().get(j.t().get(issue, "location"), "lines"), "begin")].integer >= 1);
  }
}

TEST_CASE("stdin is read with -") {
  std::string out;
  int code = run_cli("--kind cors - < testdata/rules/C002/bad-lower-case.json", out);
  CHECK(code == 1);
  CHECK(out.find("<stdin>:6:26: error:") != std::string::npos);
}

TEST_CASE("the output option writes the report to a file") {
  fs::path dir = temp_dir("output");
  std::string out;
  CHECK(run_cli(kSelect + "--format json -o " + (dir / "r.json").string() + " " + kInput, out) ==
        1);
  CHECK(out.empty());
  CHECK(read_file((dir / "r.json").string()).find("\"findings\"") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("json and junit hold their findings in a temp file that never stays behind") {
  fs::path dir = temp_dir("spool");
  for (const char* format : {"json", "junit"}) {
    std::string stdout_report, file_output;
    CHECK(run_cli(kSelect + "--format " + format + " testdata/formats", stdout_report) == 1);
    fs::path report = dir / (std::string("r.") + format);
    CHECK(run_cli(kSelect + "--format " + format + " -o " + report.string() + " testdata/formats",
                  file_output) == 1);
    CHECK(read_file(report.string()) == stdout_report);
  }
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  CHECK(entries == 2);  // r.json and r.junit: no spool, no FILE.tmp.PID
  // With nowhere to spool, the run stops before writing half a report.
  const char* saved = std::getenv("TMPDIR");
  std::string old = saved != nullptr ? saved : "";
  ::setenv("TMPDIR", (dir / "missing").c_str(), 1);
  std::string out;
  CHECK(run_cli(kSelect + "--format json " + kInput, out, true) == 2);
  CHECK(out.find("cannot create a temporary file for the report") != std::string::npos);
  CHECK(run_cli(kSelect + "--format sarif " + kInput, out) == 1);  // sarif needs no spool
  if (saved != nullptr) {
    ::setenv("TMPDIR", old.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  fs::remove_all(dir);
}

TEST_CASE("directories are walked for *.json, skipping node_modules and .git") {
  fs::path dir = temp_dir("walk");
  fs::create_directories(dir / "node_modules" / "x");
  fs::create_directories(dir / "sub");
  write_file((dir / "node_modules" / "x" / "cors.json").string(),
             "[{\"AllowedMethods\": [\"get\"]}]");
  write_file(
      (dir / "sub" / "cors.json").string(),
      "[{\"AllowedOrigins\": [\"https://app.acme-widgets.io\"], \"AllowedMethods\": [\"get\"]}]");
  write_file((dir / "notes.txt").string(), "not json");
  std::string out;
  CHECK(run_cli("--isolated -q .", out, false, dir.string()) == 1);
  CHECK(out.find("sub/cors.json:1:") == 0);
  CHECK(out.find("node_modules") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("the config file selects, ignores, overrides severity and excludes") {
  fs::path dir = temp_dir("config");
  fs::create_directories(dir / "vendor");
  std::string cors =
      "[{\"AllowedOrigins\": [\"https://app.acme-widgets.io\"], \"AllowedMethods\": [\"get\"]}]";
  write_file((dir / "cors.json").string(), cors);
  write_file((dir / "vendor" / "cors.json").string(), cors);
  write_file((dir / ".corslint.json").string(),
             R"({"severity": {"C002": "warning"}, "exclude": ["vendor"], "fail_on": "error"})");
  std::string out;
  CHECK(run_cli("-q .", out, false, dir.string()) == 0);  // a warning does not fail
  CHECK(out.find("cors.json:1:73: warning:") == 0);
  CHECK(out.find("vendor") == std::string::npos);
  CHECK(run_cli("-q --fail-on warning .", out, false, dir.string()) == 1);
  // A sub-directory finds the config by walking up to the repository root
  // (outside a repository and $HOME, only the current directory is searched:
  // tests/config_search_test.cpp).
  fs::create_directories(dir / ".git");
  fs::create_directories(dir / "deeper");
  CHECK(run_cli("-q ../cors.json", out, false, (dir / "deeper").string()) == 0);
  CHECK(out.find("warning") != std::string::npos);
  write_file((dir / ".corslint.json").string(), "{\n  \"ignore\": [\"C002\"],\n  \"selct\": []\n}");
  CHECK(run_cli("-q .", out, true, dir.string()) == 2);
  CHECK(out.find(".corslint.json:3:3: unknown key \"selct\"; did you mean \"select\"?") !=
        std::string::npos);
  CHECK(run_cli("--isolated -q .", out, true, dir.string()) == 1);
  fs::remove_all(dir);
}

TEST_CASE("rules and explain") {
  std::string out;
  CHECK(run_cli("rules", out) == 0);
  CHECK(out.find("C002  cors-invalid-method") != std::string::npos);
  CHECK(run_cli("rules --format json", out) == 0);
  parse_json(out);
  CHECK(run_cli("explain C002", out) == 0);
  CHECK(out.find("How to fix:") != std::string::npos);
  CHECK(run_cli("explain cors-invalid-method", out) == 0);
  CHECK(run_cli("explain cors-invalid-methd", out, true) == 2);
  CHECK(out.find("did you mean 'cors-invalid-method'?") != std::string::npos);
}

TEST_CASE("fix applies safe fixes atomically and diff only prints them") {
  fs::path dir = temp_dir("fix");
  std::string before =
      "{\n  \"CORSRules\": [\n    {\n      \"AllowedOrigins\": "
      "[\"https://app.acme-widgets.io/\"],\n"
      "      \"AllowedMethods\": [\"get\", \"OPTIONS\", \"HEAD\"]\n    }\n  ]\n}\n";
  write_file((dir / "cors.json").string(), before);
  fs::permissions(dir / "cors.json",
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  std::string out;
  CHECK(run_cli("--isolated --select C002,C003 --diff cors.json", out, false, dir.string()) == 1);
  CHECK(out.find("--- a/cors.json\n+++ b/cors.json\n") == 0);
  CHECK(out.find("-      \"AllowedMethods\": [\"get\", \"OPTIONS\", \"HEAD\"]\n") !=
        std::string::npos);
  CHECK(out.find("+      \"AllowedMethods\": [\"GET\", \"HEAD\"]\n") != std::string::npos);
  CHECK(read_file((dir / "cors.json").string()) == before);  // --diff never writes
  CHECK(run_cli("--isolated --select C002,C003 --fix -q cors.json", out, false, dir.string()) == 0);
  CHECK(out.empty());  // nothing left to report
  std::string after = read_file((dir / "cors.json").string());
  CHECK(after.find("[\"https://app.acme-widgets.io\"]") != std::string::npos);
  CHECK(after.find("[\"GET\", \"HEAD\"]") != std::string::npos);
  CHECK((fs::status(dir / "cors.json").permissions() & fs::perms::group_read) != fs::perms::none);
  CHECK(run_cli("--isolated --select C002,C003 --diff cors.json", out, false, dir.string()) == 0);
  CHECK(out.empty());
  fs::remove_all(dir);
}

TEST_CASE("fix applies every fix in one run, past the findings a report keeps") {
  // 1,500 lower-case methods: more findings than a file keeps in a report
  // (max_findings_per_file, 1,000).
  fs::path dir = temp_dir("fix-many");
  std::string cors = "[";
  for (int i = 0; i < 1500; ++i) {
    cors += fmt::format(
        "{}{{\"AllowedOrigins\": [\"https://a{}.acme-widgets.io\"], "
        "\"AllowedMethods\": [\"get\"]}}\n",
        i == 0 ? "" : ",", i);
  }
  cors += "]";
  write_file((dir / "cors.json").string(), cors);
  std::string out;
  CHECK(run_cli("--isolated --select C002 -q cors.json", out, false, dir.string()) == 1);
  CHECK(out.find("500 more findings in this file were left out (500 errors, 0 warnings, 0 "
                 "info)") != std::string::npos);
  CHECK(run_cli("--isolated --select C002 --fix -q cors.json", out, false, dir.string()) == 0);
  CHECK(out.empty());
  CHECK(read_file((dir / "cors.json").string()).find("\"get\"") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a baseline hides accepted findings by pointer and value, not by line") {
  fs::path dir = temp_dir("baseline");
  std::string cors =
      "[{\"AllowedOrigins\": [\"https://app.acme-widgets.io\"], \"AllowedMethods\": [\"get\"]}]\n";
  write_file((dir / "cors.json").string(), cors);
  std::string out;
  CHECK(run_cli("--isolated --select C002 --write-baseline base.json .", out, false,
                dir.string()) == 0);
  CHECK(read_file((dir / "base.json").string()).find("\"code\": \"C002\"") != std::string::npos);
  // Lines move: still hidden.
  write_file((dir / "cors.json").string(), "\n\n\n" + cors);
  CHECK(run_cli("--isolated --select C002 --baseline base.json -q .", out, false, dir.string()) ==
        0);
  CHECK(out.empty());
  // A new finding shows; the accepted one stays hidden.
  write_file((dir / "cors.json").string(),
             "[{\"AllowedOrigins\": [\"https://app.acme-widgets.io\"], \"AllowedMethods\": "
             "[\"get\", \"put\"]}]\n");
  CHECK(run_cli("--isolated --select C002 --baseline base.json -q .", out, false, dir.string()) ==
        1);
  CHECK(out.find("\"put\"") != std::string::npos);
  CHECK(out.find("\"get\"") == std::string::npos);
  // Fixed: the entry is stale (I001, info).
  write_file((dir / "cors.json").string(),
             "[{\"AllowedOrigins\": [\"https://app.acme-widgets.io\"], \"AllowedMethods\": "
             "[\"GET\"]}]\n");
  CHECK(run_cli("--isolated --select C002 --baseline base.json -q .", out, false, dir.string()) ==
        0);
  CHECK(out.find("I001 stale-baseline-entry") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a suppression hides one finding by file, pointer and code") {
  fs::path dir = temp_dir("suppress");
  write_file((dir / "cors.json").string(),
             "[{\"AllowedOrigins\": [\"https://app.acme-widgets.io\"], \"AllowedMethods\": "
             "[\"get\", \"put\"]}]\n");
  write_file(
      (dir / ".corslint.json").string(),
      R"({"select": ["C002"], "suppress": [{"path": "cors.json", "pointer": "/0/AllowedMethods/0",
                 "code": "C002", "reason": "legacy client sends get"}]})");
  std::string out;
  CHECK(run_cli("-q .", out, true, dir.string()) == 1);
  CHECK(out.find("\"put\"") != std::string::npos);
  CHECK(out.find("\"get\"") == std::string::npos);
  write_file((dir / ".corslint.json").string(),
             R"({"select": ["C002"], "suppress": [{"path": "cors.json", "code": "C002"}]})");
  CHECK(run_cli("-q .", out, true, dir.string()) == 0);
  CHECK(out.find("corslint: warning: ") == 0);
  CHECK(out.find("gives no \"reason\"") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("the bundled examples report the seed post's mistakes") {
  std::string out;
  CHECK(run_cli("--isolated -q testdata/examples/seed-post", out) == 1);
  for (const char* code : {"C011 ", "C012 ", "C019 ", "P002 ", "P029 "}) {
    INFO(code);
    CHECK(out.find(code) != std::string::npos);
  }
  // Its response headers policy makes simple requests work: what is left are warnings.
  CHECK(run_cli("--isolated -q testdata/examples/seed-blog", out) == 0);
  CHECK(run_cli("--isolated -q --fail-on warning testdata/examples/seed-blog", out) == 1);
  for (const char* code :
       {"C011 ", "C012 ", "P002 ", "X004 ", "X005 ", "X006 ", "F003 ", "F007 ", "F015 "}) {
    INFO(code);
    CHECK(out.find(code) != std::string::npos);
  }
}

TEST_CASE("an unknown rule in --select, --ignore or the config suggests the closest rule") {
  std::string out;
  CHECK(run_cli("--select C0002 x.json", out, true) == 2);
  CHECK(out.find("'C0002' names no rule") != std::string::npos);
  CHECK(out.find("did you mean 'C002'?") != std::string::npos);
  CHECK(run_cli("--ignore cors-invalid-methods x.json", out, true) == 2);
  CHECK(out.find("did you mean 'cors-invalid-method'?") != std::string::npos);
  // Nothing close: no guess, just where to look.
  CHECK(run_cli("--select Z9 x.json", out, true) == 2);
  CHECK(out.find("did you mean") == std::string::npos);
  CHECK(out.find("corslint rules") != std::string::npos);
  CHECK(run_cli("explain cors-invalid-methd", out, true) == 2);
  CHECK(out.find("did you mean 'cors-invalid-method'?") != std::string::npos);

  fs::path dir = temp_dir("config-suggest");
  write_file((dir / ".corslint.json").string(),
             "{\n  \"select\": [\"C0002\"],\n  \"severity\": {\"cors-null-orign\": \"info\"},\n"
             "  \"per_file_ignores\": {\"a/**\": [\"C01O\"]}\n}");
  CHECK(run_cli("-q .", out, true, dir.string()) == 2);
  CHECK(out.find(".corslint.json:2:14: \"select\" names no rule: 'C0002'; did you mean 'C002'?") !=
        std::string::npos);
  CHECK(out.find("names no rule: 'cors-null-orign'; did you mean 'cors-null-origin'?") !=
        std::string::npos);
  CHECK(out.find("names no rule: 'C01O'; did you mean 'C010'?") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("help lists commands and examples") {
  std::string out;
  CHECK(run_cli("--help", out) == 0);
  CHECK(out.find("Examples:") != std::string::npos);
  CHECK(out.find("corslint init [--force] [DIR]") != std::string::npos);
  CHECK(out.find("corslint --format sarif") != std::string::npos);
  CHECK(out.find("corslint explain C002") != std::string::npos);
}

TEST_CASE("init writes a starter config that changes nothing, and never overwrites silently") {
  fs::path dir = temp_dir("init");
  std::string out;
  CHECK(run_cli("init", out, true, dir.string()) == 0);
  CHECK(out == "corslint: wrote ./.corslint.json\n");
  std::string starter = read_file((dir / ".corslint.json").string());
  parse_json(starter);
  // Every documented key is there.
  for (const char* key :
       {"\"select\"", "\"ignore\"", "\"severity\"", "\"fail_on\"", "\"exclude\"",
        "\"per_file_ignores\"", "\"suppress\"", "\"allowed_origins\"", "\"trusted_accounts\""}) {
    CHECK(starter.find(key) != std::string::npos);
  }
  // docs/usage.md explains the starter line by line: it must show this exact text.
  CHECK(read_file(std::string(kSourceDir) + "/docs/usage.md").find("```json\n" + starter) !=
        std::string::npos);
  // A second init refuses, and leaves the (edited) file alone.
  write_file((dir / ".corslint.json").string(), "{\"ignore\": [\"C002\"]}\n");
  CHECK(run_cli("init", out, true, dir.string()) == 2);
  CHECK(out.find("already exists") != std::string::npos);
  CHECK(out.find("--force") != std::string::npos);
  CHECK(read_file((dir / ".corslint.json").string()) == "{\"ignore\": [\"C002\"]}\n");
  CHECK(run_cli("init --force", out, true, dir.string()) == 0);
  CHECK(read_file((dir / ".corslint.json").string()) == starter);
  // A folder argument; a missing folder is a usage error.
  fs::create_directories(dir / "sub");
  CHECK(run_cli("init sub", out, true, dir.string()) == 0);
  CHECK(out == "corslint: wrote sub/.corslint.json\n");
  CHECK(run_cli("init nowhere", out, true, dir.string()) == 2);

  // The starter config loads and keeps today's results: same report with it as without.
  fs::path cfg = dir / ".corslint.json";
  std::string with, without;
  int a = run_cli("--config " + cfg.string() + " --format json testdata/examples", with);
  int b = run_cli("--isolated --format json testdata/examples", without);
  CHECK(a == b);
  // The reports differ only in naming the config used.
  CHECK(with.find("  \"config\": \"" + cfg.string() + "\",\n") != std::string::npos);
  CHECK(without.find("  \"config\": null,\n") != std::string::npos);
  auto drop_config = [](std::string s) {
    std::size_t at = s.find("  \"config\": ");
    return s.erase(at, s.find('\n', at) - at + 1);
  };
  CHECK(drop_config(with) == drop_config(without));
  CHECK(with.find("\"code\"") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("the man page and the bash completion name every option help lists") {
  std::string help;
  REQUIRE(run_cli("--help", help) == 0);
  std::string man = read_file(std::string(kSourceDir) + "/docs/corslint.1");
  std::string completion = read_file(std::string(kSourceDir) + "/completions/corslint.bash");
  // Options are the "--name" words on the option lines, before "Commands:".
  std::string options = help.substr(0, help.find("Commands:"));
  std::size_t count = 0;
  for (std::size_t at = options.find("\n  "); at != std::string::npos;
       at = options.find("\n  ", at + 1)) {
    std::size_t dash = options.find("--", at);
    if (dash == std::string::npos || options.find('\n', at + 1) < dash) continue;
    std::size_t end = options.find_first_of(" \n", dash);
    std::string opt = options.substr(dash, end - dash);
    std::string escaped;
    for (char c : opt) escaped += c == '-' ? std::string("\\-") : std::string(1, c);
    INFO(opt);
    CHECK(man.find(escaped) != std::string::npos);
    CHECK(completion.find(opt) != std::string::npos);
    ++count;
  }
  CHECK(count >= 20);
  for (const char* cmd : {"\n.B rules", "\n.BI explain", "\n.BR init"})
    CHECK(man.find(cmd) != std::string::npos);
}

TEST_CASE("fix on a copy of the seed-blog example makes exactly the safe edits") {
  fs::path dir = temp_dir("seed-blog-fix");
  fs::path src = fs::path(kSourceDir) / "testdata" / "examples" / "seed-blog";
  fs::copy(src, dir / "seed-blog", fs::copy_options::recursive);
  std::string out;
  int before =
      run_cli("--isolated -q --color never --fail-on warning seed-blog", out, false, dir.string());
  CHECK(before == 1);
  std::string before_report = out;
  REQUIRE(before_report.find("[P002 policy-version]") != std::string::npos);
  REQUIRE(before_report.find("[C012 cors-forbidden-allowed-header]") != std::string::npos);

  int status = run_cli("--isolated -q --color never --fail-on warning --fix seed-blog", out, true,
                       dir.string());
  CHECK(status == 1);  // the warnings without a mechanical fix (F007, X005, ...) remain
  CHECK(out.find("corslint: fixed 2 problems in 2 files") != std::string::npos);

  // The only edits: Version 2008 -> 2012, and the forbidden "Origin" header removed.
  std::string policy = read_file((src / "bucket-policy.json").string());
  std::string expected_policy = policy;
  std::size_t v = expected_policy.find("\"Version\": \"2008-10-17\"");
  REQUIRE(v != std::string::npos);
  expected_policy.replace(v, 23, "\"Version\": \"2012-10-17\"");
  CHECK(read_file((dir / "seed-blog" / "bucket-policy.json").string()) == expected_policy);
  std::string cors = read_file((src / "cors.json").string());
  std::string expected_cors = cors;
  std::size_t o = expected_cors.find("            \"Origin\",\n");
  REQUIRE(o != std::string::npos);
  expected_cors.erase(o, std::string("            \"Origin\",\n").size());
  CHECK(read_file((dir / "seed-blog" / "cors.json").string()) == expected_cors);
  for (const char* same : {"distribution.json", "response-headers-policy.json", "README.md"}) {
    CHECK(read_file((dir / "seed-blog" / same).string()) == read_file((src / same).string()));
  }

  // What remains is what was there minus the fixed findings; a second run has nothing to fix.
  CHECK(run_cli("--isolated -q --color never --fail-on warning seed-blog", out, false,
                dir.string()) == 1);
  CHECK(out.find("P002") == std::string::npos);
  CHECK(out.find("C012") == std::string::npos);
  for (const char* kept : {"[P025 ", "[C011 ", "[X004 ", "[X005 ", "[F003 ", "[F007 "}) {
    CHECK(before_report.find(kept) != std::string::npos);
    CHECK(out.find(kept) != std::string::npos);
  }
  CHECK(run_cli("--isolated --diff seed-blog", out, false, dir.string()) == 0);
  CHECK(out.empty());
  fs::remove_all(dir);
}

TEST_CASE("a group with thousands of findings streams in slices, equal to the one-shot report") {
  // 5,000 CORS rules with a lower-case method: more findings in one group
  // than the CLI renders at once (it writes such a group slice by slice).
  fs::path dir = temp_dir("slices");
  std::string big = "[";
  for (int i = 0; i < 5000; ++i) {
    big += fmt::format(
        "{}{{\"AllowedOrigins\": [\"https://a{}.example.com\"], "
        "\"AllowedMethods\": [\"get\"]}}\n",
        i == 0 ? "" : ",", i);
  }
  big += "]";
  fs::create_directories(dir / "big");
  fs::create_directories(dir / "clean");
  write_file((dir / "big" / "cors.json").string(), big);
  write_file((dir / "clean" / "cors.json").string(),
             R"([{"AllowedOrigins": ["https://a.example.com"], "AllowedMethods": ["GET"]}])");
  // Every finding, not the first 1,000 of the file (max_findings_per_file).
  std::string config = (dir / "no-cap.json").string();
  write_file(config, R"({"max_findings_per_file": 0})");
  std::string out;
  std::string baseline = (dir / "empty-baseline.json").string();
  REQUIRE(run_cli("--select C002 --write-baseline " + baseline + " " + (dir / "clean").string(),
                  out) == 0);
  for (const char* format : {"text", "json", "sarif", "github", "junit", "gitlab"}) {
    INFO("format " << format);
    std::string streamed, collected;
    std::string args =
        "--config " + config + " --select C002 --color never --format " + format + " ";
    CHECK(run_cli(args + (dir / "big").string(), streamed) == 1);
    // --baseline takes the collecting path: every finding, then render().
    CHECK(run_cli(args + "--baseline " + baseline + " " + (dir / "big").string(), collected) == 1);
    CHECK(streamed.size() > 5000 * 40);
    CHECK(streamed == collected);
  }
  fs::remove_all(dir);
}
