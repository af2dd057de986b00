// The generic fixture runner (STYLE-EXAMPLES §5): every testdata/rules/<CODE>/
// folder, every bad-* and good-* file, no per-rule test code.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "fixture_support.hpp"

namespace fs = std::filesystem;
using namespace corslint;
using namespace corslint::testing;

namespace {

bool update_snapshots() {
  const char* v = std::getenv("CORSLINT_UPDATE_SNAPSHOTS");
  return v != nullptr && std::string_view(v) == "1";
}

// Fixtures are bad-*.json / good-*.json files (one directory named *.json
// tests E001), or bad-* / good-* directories: a bundle for cross-document rules.
std::vector<fs::path> fixtures(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    bool named = name.starts_with("bad-") || name.starts_with("good-");
    if (named && (name.ends_with(".json") || e.is_directory())) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("rule fixtures produce exactly their snapshots", "[fixtures]") {
  fs::path root = fs::path(kSourceDir) / "testdata" / "rules";
  REQUIRE(fs::is_directory(root));
  std::vector<fs::path> dirs;
  for (const auto& d : fs::directory_iterator(root)) dirs.push_back(d.path());
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    std::string code = dir.filename().string();
    for (const fs::path& file : fixtures(dir)) {
      std::string rel = fs::relative(file, kSourceDir).generic_string();
      DYNAMIC_SECTION(rel) {
        // Display paths relative to the source dir, as a user would type them.
        std::string cwd = fs::current_path().string();
        fs::current_path(kSourceDir);
        bool bundle = fs::is_directory(file) && !rel.ends_with(".json");
        std::vector<Finding> found =
            bundle ? lint_bundle_with_only(code, rel) : lint_with_only(code, rel);
        fs::current_path(cwd);
        std::string name = file.filename().string();
        if (name.starts_with("good-")) {
          INFO("a good-* fixture must produce no " << code << " finding:\n" << snapshot(found));
          CHECK(found.empty());
          continue;
        }
        INFO("a bad-* fixture must produce at least one " << code << " finding");
        CHECK_FALSE(found.empty());
        fs::path expected_path = file;
        expected_path = bundle ? fs::path(file.string() + ".expected")
                               : expected_path.replace_extension(".expected");
        std::string actual = bundle ? snapshot_with_files(found, rel + "/") : snapshot(found);
        if (update_snapshots()) {
          write_file(expected_path.string(), actual);
          continue;
        }
        INFO("missing snapshot " << expected_path.string()
                                 << " (run with CORSLINT_UPDATE_SNAPSHOTS=1 and review it)");
        REQUIRE(fs::exists(expected_path));
        std::string expected = read_file(expected_path.string());
        INFO("findings differ from " << expected_path.filename().string() << "\n--- expected\n"
                                     << expected << "--- actual\n"
                                     << actual);
        CHECK(actual == expected);
      }
    }
  }
}
