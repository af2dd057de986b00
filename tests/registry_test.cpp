// Registry invariants: sound metadata, fixtures and docs for every rule, and
// metadata examples that behave as labelled.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "corslint/report.hpp"
#include "corslint/rule.hpp"
#include "fixture_support.hpp"

namespace fs = std::filesystem;
using namespace corslint;
using namespace corslint::testing;

namespace {
// Engine findings that no input file can trigger: E900 needs a broken rule
// (tested in engine_test.cpp).
// and I001 a baseline file (tested in cli_test.cpp).
// E900 needs a broken rule, I001 a baseline, I003 a file of over 1,000
// findings: tests/engine_test.cpp tests each with exact findings. I002 is
// retired (YAML is read): no input reports it.
bool needs_no_fixtures(std::string_view code) {
  return code == "E900" || code == "I001" || code == "I002" || code == "I003";
}

bool is_json_example(std::string_view s) { return !s.empty() && (s[0] == '{' || s[0] == '['); }

// Examples that describe a situation no document can hold: the only ones the
// test below does not run. A new prose example fails it; give it a document or
// a file map instead (see parse_example in corslint/report.hpp).
bool prose_example_allowed(std::string_view code) {
  return code == "E001"      // a file that cannot be read
         || code == "E900"   // a rule bug
         || code == "I001"   // a stale baseline entry: a baseline file and a fixed file
         || code == "I003"   // findings left out: a file of over 1,000 findings
         || code == "P005"   // a policy over 20 KB; testdata/rules/P005 holds one
         || code == "I002";  // retired: no input reports it
}

// Lints an example with only `code`: one document as text, a file map as a
// bundle in a scratch folder.
std::vector<Finding> lint_example(std::string_view code, std::string_view text,
                                  std::string_view label) {
  Example example = parse_example(text);
  if (!example.is_file_map()) return lint_text_with_only(code, std::string(text));
  fs::path dir = fs::temp_directory_path() / fmt::format("corslint-example-{}-{}", code, label);
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const ExampleFile& f : example.files) {
    write_file((dir / std::string(f.name)).string(), f.text);
  }
  auto found = lint_bundle_with_only(code, dir.string());
  fs::remove_all(dir);
  return found;
}
}  // namespace

TEST_CASE("the registry is sound: unique codes and names, complete metadata") {
  auto problems = Registry::instance().problems();
  INFO(fmt::format("{}", fmt::join(problems, "\n")));
  CHECK(problems.empty());
  auto rules = Registry::instance().rules();
  CHECK(std::is_sorted(rules.begin(), rules.end(), [](const RuleEntry& a, const RuleEntry& b) {
    return a.meta->code < b.meta->code;
  }));
}

TEST_CASE("the registry holds one rule per file under rules/") {
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(kSourceDir) / "rules")) {
    if (e.path().extension() == ".cpp") ++files;
  }
  std::size_t checked = 0;
  for (const RuleEntry& e : Registry::instance().rules()) {
    if (e.runs()) ++checked;
  }
  CHECK(checked == files);
  CHECK(files > 0);
}

TEST_CASE("every rule has bad and good fixtures, and every fixture folder a rule") {
  fs::path root = fs::path(kSourceDir) / "testdata" / "rules";
  std::set<std::string> codes;
  for (const RuleEntry& e : Registry::instance().rules()) {
    std::string code(e.meta->code);
    codes.insert(code);
    if (needs_no_fixtures(code)) continue;
    DYNAMIC_SECTION(code) {
      bool bad = false, good = false;
      if (fs::is_directory(root / code)) {
        for (const auto& f : fs::directory_iterator(root / code)) {
          std::string n = f.path().filename().string();
          // A fixture is a .json file, or a directory (a bundle) for cross-document rules.
          bool fixture = n.ends_with(".json") || f.is_directory();
          bad = bad || (n.starts_with("bad-") && fixture);
          good = good || (n.starts_with("good-") && fixture);
        }
      }
      CHECK(bad);
      CHECK(good);
    }
  }
  for (const auto& d : fs::directory_iterator(root)) {
    INFO("fixture folder without a rule: " << d.path().filename().string());
    CHECK(codes.count(d.path().filename().string()) == 1);
  }
}

TEST_CASE("each rule's metadata examples behave as labelled") {
  for (const RuleEntry& e : Registry::instance().rules()) {
    const RuleMeta& m = *e.meta;
    bool runnable = is_json_example(m.bad_example) || parse_example(m.bad_example).is_file_map();
    if (prose_example_allowed(m.code)) {
      INFO(m.code << "'s example now holds a document: drop it from prose_example_allowed");
      CHECK_FALSE(runnable);
      continue;
    }
    DYNAMIC_SECTION(m.code) {
      // Anything else is a JSON document: prose fails here, since it is no
      // document the rule can find anything in.
      INFO(m.code << "'s examples: write prose as a document or a file map");
      auto bad = lint_example(m.code, m.bad_example, "bad");
      INFO("bad_example of " << m.code << " must produce a finding");
      CHECK_FALSE(bad.empty());
      auto good = lint_example(m.code, m.good_example, "good");
      INFO("good_example of " << m.code << " must produce none:\n" << snapshot(good));
      CHECK(good.empty());
    }
  }
}

TEST_CASE("file-map examples: a caption, then files by name") {
  Example one = parse_example(R"({"a": 1})");
  CHECK_FALSE(one.is_file_map());
  REQUIRE(one.files.size() == 1);
  CHECK(one.files[0].text == R"({"a": 1})");
  Example map = parse_example("(two files)\n// file: a.json\n{}\n// file: b.json\n[]\n");
  REQUIRE(map.is_file_map());
  CHECK(map.caption == "(two files)");
  REQUIRE(map.files.size() == 2);
  CHECK(map.files[0].name == "a.json");
  CHECK(map.files[0].text == "{}");
  CHECK(map.files[1].name == "b.json");
  CHECK(map.files[1].text == "[]\n");
  CHECK(parse_example("// file: c.json\n{}").files.at(0).name == "c.json");
}

TEST_CASE("every rule page's Source link names a file of the repository") {
  for (const RuleEntry& e : Registry::instance().rules()) {
    std::string_view source = rule_source(*e.meta);
    INFO(e.meta->code << " links to " << source);
    CHECK(fs::is_regular_file(fs::path(kSourceDir) / std::string(source)));
    if (e.runs()) CHECK(source.starts_with("rules/"));
  }
}

TEST_CASE("docs/rules is up to date with the metadata") {
  fs::path dir = fs::path(kSourceDir) / "docs" / "rules";
  std::set<std::string> expected_files{"README.md"};
  for (const RuleEntry& e : Registry::instance().rules()) {
    std::string name = fmt::format("{}.md", e.meta->code);
    expected_files.insert(name);
    DYNAMIC_SECTION(name) {
      INFO("docs/rules/" << name
                         << " is stale: run `cmake --build --preset dev --target docs` and commit");
      CHECK(read_file((dir / name).string()) == rule_page_markdown(*e.meta));
    }
  }
  INFO("docs/rules/README.md is stale: run `cmake --build --preset dev --target docs`");
  CHECK(read_file((dir / "README.md").string()) == rule_index_markdown());
  for (const auto& f : fs::directory_iterator(dir)) {
    INFO("docs/rules/ holds a page for no rule: " << f.path().filename().string());
    CHECK(expected_files.count(f.path().filename().string()) == 1);
  }
}

TEST_CASE("no test name starts with a dash (ctest would pass it to Catch as an option)") {
  for (const auto& e : fs::directory_iterator(fs::path(kSourceDir) / "tests")) {
    if (e.path().extension() != ".cpp") continue;
    std::string text = read_file(e.path().string());
    INFO(e.path().filename().string());
    CHECK(text.find(std::string("TEST_CASE(") + "\"-") == std::string::npos);
  }
}
