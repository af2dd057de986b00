// Autofix fixtures: testdata/rules/<CODE>/fix-*.json with the exact text
// `--fix` must produce in fix-*.fixed.json, which must then lint clean for
// that rule. One generic runner, no per-rule code.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "corslint/engine.hpp"
#include "fixture_support.hpp"

namespace fs = std::filesystem;
using namespace corslint;
using namespace corslint::testing;

namespace {

bool update_snapshots() {
  const char* v = std::getenv("CORSLINT_UPDATE_SNAPSHOTS");
  return v != nullptr && std::string_view(v) == "1";
}

bool is_fix_input(const std::string& name) {
  return name.starts_with("fix-") && name.ends_with(".json") && !name.ends_with(".fixed.json");
}

std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Lints `rel` (relative to the source dir) with only `code`.
std::vector<Finding> lint_rel(const std::string& code, const std::string& rel) {
  std::string cwd = fs::current_path().string();
  fs::current_path(kSourceDir);
  std::vector<Finding> found = lint_with_only(code, rel);
  fs::current_path(cwd);
  return found;
}

}  // namespace

TEST_CASE("autofix fixtures give exactly their fixed text, which lints clean", "[fixtures][fix]") {
  fs::path root = fs::path(kSourceDir) / "testdata" / "rules";
  std::size_t count = 0;
  for (const fs::path& dir : sorted_entries(root)) {
    std::string code = dir.filename().string();
    for (const fs::path& file : sorted_entries(dir)) {
      if (!is_fix_input(file.filename().string())) continue;
      ++count;
      std::string rel = fs::relative(file, kSourceDir).generic_string();
      DYNAMIC_SECTION(rel) {
        std::vector<Finding> found = lint_rel(code, rel);
        INFO(snapshot(found));
        REQUIRE_FALSE(found.empty());
        for (const Finding& f : found) {
          INFO("every finding of a fix fixture carries a safe fix: " << snapshot_line(f));
          CHECK((!f.fixes.empty() && f.fixes.front().safe));
        }
        std::string original = read_file(file.string());
        FixOutcome outcome = apply_fixes(original, found);
        CHECK(outcome.conflicts == 0);
        CHECK(outcome.applied == found.size());
        fs::path expected = file;
        expected.replace_extension(".fixed.json");
        if (update_snapshots()) {
          write_file(expected.string(), outcome.text);
        } else {
          INFO("missing " << expected.string()
                          << " (CORSLINT_UPDATE_SNAPSHOTS=1 writes it; review it)");
          REQUIRE(fs::exists(expected));
          INFO("--- diff from the expected fixed text\n"
               << unified_diff(expected.filename().string(), read_file(expected.string()),
                               outcome.text));
          CHECK(outcome.text == read_file(expected.string()));
        }
        // Still JSON, without duplicate keys: checked by the load-error rules,
        // which selecting only `code` would hide.
        for (const char* load : {"E002", "E003"}) {
          INFO(load << " after fixing");
          CHECK(lint_text_with_only(load, outcome.text).empty());
        }
        std::vector<Finding> after = lint_text_with_only(code, outcome.text);
        INFO("the fixed text still has " << code << " findings:\n" << snapshot(after));
        CHECK(after.empty());
      }
    }
  }
  CHECK(count >= 16);
}

TEST_CASE("every rule whose findings carry a fix has an autofix fixture", "[fixtures][fix]") {
  fs::path root = fs::path(kSourceDir) / "testdata" / "rules";
  for (const fs::path& dir : sorted_entries(root)) {
    std::string code = dir.filename().string();
    bool offers_fix = false, has_fixture = false;
    for (const fs::path& file : sorted_entries(dir)) {
      std::string name = file.filename().string();
      has_fixture = has_fixture || is_fix_input(name);
      if (!name.starts_with("bad-") || !name.ends_with(".json") || fs::is_directory(file)) continue;
      for (const Finding& f : lint_rel(code, fs::relative(file, kSourceDir).generic_string())) {
        offers_fix = offers_fix || !f.fixes.empty();
      }
    }
    INFO(code << ": its bad fixtures carry fixes, so it needs testdata/rules/" << code
              << "/fix-*.json with a fix-*.fixed.json");
    CHECK((!offers_fix || has_fixture));
  }
}
