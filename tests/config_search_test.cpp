// Which .corslint.json a run uses (issue 22, item 6): the search stops at the
// repository root or $HOME, a config others can write (or that belongs to
// someone else) is ignored with a warning, and the config used is named in
// -v output and in the json and SARIF reports. tests/config_search_test.sh
// plants a config in a private /tmp (a mount namespace) and checks a file of
// another owner.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "corslint/config.hpp"
#include "fixture_support.hpp"

using namespace corslint;
using namespace corslint::testing;
namespace fs = std::filesystem;

namespace {

const std::string kBad =
    R"([{"AllowedOrigins": ["https://a.example"], "AllowedMethods": ["get"]}])";
const std::string kIgnoreCors = R"({"ignore": ["C"]})";

// T/ under the build directory, removed at the end (the build directory is in
// the worktree, whose own .git bounds every search from here).
struct Scratch {
  fs::path root;
  Scratch() {
    fs::path tmp = fs::path(CORSLINT_BINARY).parent_path() / "test-tmp";
    fs::create_directories(tmp);
    std::string tmpl = (tmp / "config-XXXXXX").string();
    root = ::mkdtemp(tmpl.data());
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  fs::path put(const std::string& rel, const std::string& text) const {
    fs::create_directories((root / rel).parent_path());
    write_file((root / rel).string(), text);
    fs::permissions(root / rel, fs::perms(0644));
    return root / rel;
  }
};

std::string real(const fs::path& p) { return fs::canonical(p).string(); }

}  // namespace

TEST_CASE("the config search stops at the repository root") {
  Scratch s;
  s.put(".corslint.json", kIgnoreCors);  // above the repository: a shared parent
  fs::create_directories(s.root / "repo" / ".git");
  fs::create_directories(s.root / "repo" / "a" / "b");
  std::string start = (s.root / "repo" / "a" / "b").string();
  ConfigSearch found = find_config(start, "");
  CHECK(found.path.empty());
  CHECK(found.warnings.empty());
  // The repository's own config, and one nearer, are found.
  fs::path top = s.put("repo/.corslint.json", "{}");
  CHECK(find_config(start, "").path == real(top));
  fs::path near = s.put("repo/a/.corslint.json", "{}");
  CHECK(find_config(start, "").path == real(near));
  // `.git` as a file (a worktree or a submodule) is a repository root too.
  fs::remove(near);
  fs::remove(top);
  fs::remove_all(s.root / "repo" / ".git");
  s.put("repo/a/.git", "gitdir: elsewhere\n");
  CHECK(find_config(start, "").path.empty());
}

TEST_CASE("the config search stops at the home directory") {
  Scratch s;
  s.put(".corslint.json", kIgnoreCors);
  fs::create_directories(s.root / "home" / "proj");
  std::string start = (s.root / "home" / "proj").string();
  std::string home = (s.root / "home").string();
  CHECK(find_config(start, home).path.empty());
  fs::path mine = s.put("home/.corslint.json", "{}");
  CHECK(find_config(start, home).path == real(mine));
  CHECK(find_config(start, home + "/").path == real(mine));
}

TEST_CASE("a config others can write is ignored, with a warning") {
  Scratch s;
  fs::create_directories(s.root / "repo" / ".git");
  fs::path cfg = s.put("repo/.corslint.json", kIgnoreCors);
  std::string start = (s.root / "repo").string();
  CHECK(find_config(start, "").path == real(cfg));
  fs::permissions(cfg, fs::perms(0666));
  ConfigSearch found = find_config(start, "");
  CHECK(found.path.empty());
  REQUIRE(found.warnings.size() == 1);
  CHECK(found.warnings[0].find("it is writable by every user (mode 0666)") != std::string::npos);
  fs::permissions(cfg, fs::perms(0664));
  found = find_config(start, "");
  CHECK(found.path.empty());
  REQUIRE(found.warnings.size() == 1);
  CHECK(found.warnings[0].find("writable by its group") != std::string::npos);
  // The CLI says so on stderr and runs without it: the CORS finding stays.
  std::string out;
  CHECK(run_cli("--select C002 .", out, true, start) == 0);  // nothing to lint yet
  CHECK(out.find("corslint: warning: ignoring " + real(cfg)) != std::string::npos);
  s.put("repo/cors.json", kBad);
  fs::permissions(cfg, fs::perms(0666));
  CHECK(run_cli("--select C002 -q .", out, true, start) == 1);
  CHECK(out.find("[C002 cors-invalid-method]") != std::string::npos);
  if (::geteuid() == 0) {
    // Root can hand the file to another user: owned by neither you nor root.
    fs::permissions(cfg, fs::perms(0644));
    REQUIRE(::chown(cfg.c_str(), 4242, 4242) == 0);
    found = find_config(start, "");
    CHECK(found.path.empty());
    REQUIRE(found.warnings.size() == 1);
    CHECK(found.warnings[0].find("owned by uid 4242, neither you (uid 0) nor root") !=
          std::string::npos);
  }
}

TEST_CASE("the config used is named by -v and in the json and SARIF reports") {
  Scratch s;
  fs::create_directories(s.root / "repo" / ".git");
  fs::path cfg = s.put("repo/.corslint.json", R"({"ignore": ["C005"]})");
  s.put("repo/cors.json", kBad);
  std::string start = (s.root / "repo").string();
  std::string out;
  run_cli("-v --select C002 -q .", out, true, start);
  CHECK(out.find("corslint: config: " + real(cfg) + "\n") != std::string::npos);
  run_cli("--select C002 --format json .", out, false, start);
  CHECK(out.find("\"config\": \"" + real(cfg) + "\",\n  \"summary\"") != std::string::npos);
  run_cli("--select C002 --format sarif .", out, false, start);
  CHECK(out.find("\"properties\": {\n        \"config\": \"" + real(cfg) + "\"\n      },") !=
        std::string::npos);
  // --config names the file as given; --isolated and no config give null.
  run_cli("--config .corslint.json --select C002 --format json .", out, false, start);
  CHECK(out.find("\"config\": \".corslint.json\",") != std::string::npos);
  run_cli("--isolated -v --select C002 --format json .", out, true, start);
  CHECK(out.find("corslint: config: none (--isolated)\n") != std::string::npos);
  CHECK(out.find("\"config\": null,") != std::string::npos);
}
