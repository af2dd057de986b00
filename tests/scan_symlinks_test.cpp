// Directory scans stay in the tree (issue 22, item 5): symbolic links that
// leave the scanned directory are not followed unless --follow-symlinks says
// so, a link cycle is walked once either way, and --fix never writes through
// such a link.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "corslint/engine.hpp"
#include "fixture_support.hpp"

using namespace corslint;
using namespace corslint::testing;
namespace fs = std::filesystem;

namespace {

const std::string kBad =
    R"([{"AllowedOrigins": ["https://a.example"], "AllowedMethods": ["get"]}])";

// repo/ (the scanned directory) and outside/ next to it, under the build
// directory, removed at the end:
//   repo/sub/in.json          a file in the tree
//   repo/insub -> sub         a link that stays inside
//   repo/out -> ../outside    a directory link that leaves
//   repo/linked.json -> ../outside/cors.json
//   repo/up -> ..             leaves, and holds repo again (a cycle once followed)
struct Scene {
  fs::path base, repo, outside;
  Scene() {
    fs::path tmp = fs::path(CORSLINT_BINARY).parent_path() / "test-tmp";
    fs::create_directories(tmp);
    std::string tmpl = (tmp / "links-XXXXXX").string();
    base = ::mkdtemp(tmpl.data());
    repo = base / "repo";
    outside = base / "outside";
    fs::create_directories(repo / "sub");
    fs::create_directories(outside);
    write_file((repo / "sub" / "in.json").string(), kBad);
    write_file((outside / "cors.json").string(), kBad);
    fs::create_directory_symlink("sub", repo / "insub");
    fs::create_directory_symlink("../outside", repo / "out");
    fs::create_symlink("../outside/cors.json", repo / "linked.json");
    fs::create_directory_symlink("..", repo / "up");
  }
  ~Scene() {
    std::error_code ec;
    fs::remove_all(base, ec);
  }
  std::vector<std::string> relative(const std::vector<std::string>& files) const {
    std::vector<std::string> out;
    for (const std::string& f : files) out.push_back(f.substr(repo.string().size() + 1));
    return out;
  }
};

}  // namespace

TEST_CASE("a scan does not follow links that leave the scanned directory") {
  Scene s;
  CollectedFiles c = collect({s.repo.string()}, CollectOptions{});
  // The inside link is followed (and sub/ walked once, by its first name).
  CHECK(s.relative(c.files) == std::vector<std::string>{"insub/in.json"});
  REQUIRE(c.skipped.size() == 3);
  CHECK(c.skipped[0].path.ends_with("repo/linked.json"));
  CHECK_FALSE(c.skipped[0].directory);
  CHECK(c.skipped[0].target == fs::canonical(s.outside / "cors.json").string());
  CHECK(c.skipped[1].path.ends_with("repo/out"));
  CHECK(c.skipped[1].directory);
  CHECK(c.skipped[2].path.ends_with("repo/up"));
  CHECK(c.outside.empty());
  // collect_files (the library's old entry point) is the same default.
  CHECK(s.relative(collect_files({s.repo.string()}, {})) == s.relative(c.files));
}

TEST_CASE(
    "with --follow-symlinks a scan follows them, walks a cycle once and marks what is outside") {
  Scene s;
  CollectedFiles c = collect({s.repo.string()}, CollectOptions{{}, true});
  // up -> .. reaches outside/ and repo/ again: each directory is walked once.
  CHECK(s.relative(c.files) ==
        std::vector<std::string>{"insub/in.json", "linked.json", "out/cors.json"});
  CHECK(c.skipped.empty());
  CHECK(s.relative(c.outside) == std::vector<std::string>{"linked.json", "out/cors.json"});
}

TEST_CASE("fixes are never written through a link that leaves the scanned directory") {
  Scene s;
  std::string out;
  // Default: the links are not followed; -v says so.
  int rc = run_cli("--isolated --select C002 -v --fix .", out, true, s.repo.string());
  CHECK(rc == 0);
  CHECK(out.find("not following 'linked.json': a symbolic link to file") != std::string::npos);
  CHECK(out.find("not following 'out': a symbolic link to directory") != std::string::npos);
  CHECK(read_file((s.outside / "cors.json").string()) == kBad);
  CHECK(read_file((s.repo / "sub" / "in.json").string()).find("\"GET\"") != std::string::npos);
  // Followed on request: linted and reported, still not fixed.
  write_file((s.repo / "sub" / "in.json").string(), kBad);
  rc = run_cli("--isolated --select C002 --follow-symlinks --fix .", out, true, s.repo.string());
  CHECK(rc == 1);
  CHECK(out.find("not fixing 'linked.json': it is reached through a symbolic link") !=
        std::string::npos);
  CHECK(out.find("out/cors.json:1:63: error") != std::string::npos);
  CHECK(out.find("fixed 1 problem in 1 file") != std::string::npos);
  CHECK(read_file((s.outside / "cors.json").string()) == kBad);
  CHECK(read_file((s.repo / "sub" / "in.json").string()).find("\"GET\"") != std::string::npos);
  // --diff shows no edit there either.
  write_file((s.repo / "sub" / "in.json").string(), kBad);
  run_cli("--isolated --select C002 --follow-symlinks --diff .", out, false, s.repo.string());
  CHECK(out.find("insub/in.json") != std::string::npos);
  CHECK(out.find("cors.json") == std::string::npos);
}
