// The realistic setups in testdata/examples/: each folder (linted recursively,
// as `corslint lint testdata/examples/<name>` does, with default settings)
// produces exactly the findings in testdata/examples/<name>.expected, and the
// failure examples report the code the reference's catalogue names.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "corslint/engine.hpp"
#include "engine/files.hpp"
#include "fixture_support.hpp"

namespace fs = std::filesystem;
using namespace corslint;
using namespace corslint::testing;

namespace {

bool update_snapshots() {
  const char* v = std::getenv("CORSLINT_UPDATE_SNAPSHOTS");
  return v != nullptr && std::string_view(v) == "1";
}

// Lints `rel` (relative to the source dir) with every default rule.
std::vector<Finding> lint_example(const std::string& rel) {
  std::string cwd = fs::current_path().string();
  fs::current_path(kSourceDir);
  Linter linter{LintOptions{}};
  std::vector<Finding> found = linter.lint(collect_files({rel}, {}), 1);
  fs::current_path(cwd);
  std::sort(found.begin(), found.end(), finding_less);
  return found;
}

std::set<std::string> codes(const std::vector<Finding>& findings) {
  std::set<std::string> out;
  for (const Finding& f : findings) out.insert(std::string(f.code));
  return out;
}

}  // namespace

TEST_CASE("each example produces exactly its snapshot", "[examples]") {
  fs::path root = fs::path(kSourceDir) / "testdata" / "examples";
  REQUIRE(fs::is_directory(root));
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.is_directory()) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  REQUIRE(dirs.size() >= 9);
  for (const fs::path& dir : dirs) {
    std::string rel = fs::relative(dir, kSourceDir).generic_string();
    DYNAMIC_SECTION(rel) {
      std::string actual = snapshot_with_files(lint_example(rel), rel + "/");
      std::string expected_path = dir.string() + ".expected";
      if (update_snapshots()) {
        write_file(expected_path, actual);
        continue;
      }
      INFO("missing snapshot " << expected_path
                               << " (run with CORSLINT_UPDATE_SNAPSHOTS=1 and review it)");
      REQUIRE(fs::exists(expected_path));
      std::string expected = read_file(expected_path);
      INFO("findings differ\n--- expected\n" << expected << "--- actual\n" << actual);
      CHECK(actual == expected);
    }
  }
}

TEST_CASE("the failure examples report their catalogue codes; the fixed ones are clean",
          "[examples]") {
  struct Case {
    const char* dir;
    std::set<std::string> codes;
  };
  // cors-semantics §2.6: A–C are F007, D is F005 (and F006), E is F008.
  const Case cases[] = {
      {"testdata/examples/cloudfront-failure-a", {"F007"}},
      {"testdata/examples/cloudfront-failure-b", {"F007"}},
      {"testdata/examples/cloudfront-failure-c", {"F007"}},
      {"testdata/examples/cloudfront-failure-d", {"F005", "F006"}},
      {"testdata/examples/cloudfront-failure-e", {"F008"}},
      {"testdata/examples/cloudfront-oac-good", {}},
      {"testdata/examples/seed-blog/fixed", {}},
  };
  for (const Case& c : cases) {
    INFO(c.dir);
    CHECK(codes(lint_example(c.dir)) == c.codes);
  }
}
