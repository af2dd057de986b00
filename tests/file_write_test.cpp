// The library's safe writes (file_write.hpp) and --fix through them
// (fix_files): issue 22, items 1, 2, 3 and 16. The device, full-disk and
// read-only cases need a mount namespace: tests/safe_writes_test.py.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "corslint/engine.hpp"
#include "corslint/file_write.hpp"
#include "fixture_support.hpp"

using namespace corslint;
using corslint::testing::read_file;
using corslint::testing::write_file;
namespace fs = std::filesystem;

namespace {

// Scratch directories under the build directory, never the machine's /tmp.
fs::path scratch(const std::string& name) {
  static std::atomic<int> counter{0};
  fs::path dir = fs::path(CORSLINT_BINARY).parent_path() / "scratch" /
                 fmt::format("{}-{}-{}", name, ::getpid(), counter.fetch_add(1));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

constexpr std::string_view kCors =
    R"([{"AllowedOrigins":["https://a.example/"],"AllowedMethods":["get"]}])"
    "\n";
constexpr std::string_view kFixed =
    R"([{"AllowedOrigins":["https://a.example"],"AllowedMethods":["GET"]}])"
    "\n";

std::vector<Finding> lint(const std::string& path, bool digests = true) {
  LintOptions options;
  options.rules.select = std::vector<std::string>{"C002", "C003"};
  options.fix_digests = digests;
  return Linter(std::move(options)).lint({path}, 1);
}

bool has_message(const FixRun& run, std::string_view text) {
  for (const auto& m : run.messages) {
    if (m.text.find(text) != std::string::npos) return true;
  }
  return false;
}

void age(const fs::path& file, int seconds) {
  struct timeval times[2] = {};
  times[0].tv_sec = times[1].tv_sec = ::time(nullptr) - seconds;
  REQUIRE(::lutimes(file.c_str(), times) == 0);
}

}  // namespace

TEST_CASE("OutputFile writes whole files and leaves no temporary file") {
  fs::path dir = scratch("output");
  std::string path = (dir / "report.json").string();
  WriteError error;
  REQUIRE(write_file(path, "first\n", error));
  REQUIRE(write_file(path, "second\n", error));
  CHECK(read_file(path) == "second\n");
  CHECK(names_in(dir) == std::vector<std::string>{"report.json"});
  // A writer destroyed before commit leaves nothing behind.
  {
    OutputFile out;
    REQUIRE(out.open((dir / "other.json").string()));
    REQUIRE(out.write("half"));
  }
  CHECK(names_in(dir) == std::vector<std::string>{"report.json"});
  fs::remove_all(dir);
}

TEST_CASE("OutputFile refuses links to regular files, dangling links and directories") {
  fs::path dir = scratch("refuse");
  write_file((dir / "secret").string(), "keep\n");
  fs::permissions(dir / "secret", fs::perms::owner_read | fs::perms::owner_write);
  fs::create_symlink("secret", dir / "to-secret");
  fs::create_symlink("nowhere", dir / "dangling");
  fs::create_directory(dir / "sub");
  for (const char* name : {"to-secret", "dangling", "sub"}) {
    WriteError error;
    CHECK_FALSE(write_file((dir / name).string(), "report\n", error));
    CHECK(error.refused);
    CHECK_FALSE(error.reason.empty());
  }
  CHECK(read_file((dir / "secret").string()) == "keep\n");
  CHECK(fs::is_symlink(dir / "to-secret"));
  CHECK(fs::is_symlink(dir / "dangling"));
  CHECK(fs::status(dir / "secret").permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(names_in(dir) == std::vector<std::string>{"dangling", "secret", "sub", "to-secret"});
  WriteError error;
  CHECK_FALSE(write_file((dir / "missing" / "x.json").string(), "", error));
  CHECK(error.reason.find("does not exist") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a write removes its own dead leftovers and nothing else") {
  fs::path dir = scratch("leftovers");
  auto make = [&](const std::string& name, int seconds_old) {
    write_file((dir / name).string(), "x");
    age(dir / name, seconds_old);
  };
  make(".a.json.corslint-tmp-DEADDEAD", 3600);  // dead: removed
  make(".b.json.corslint-tmp-FRESHONE", 0);     // may be a run starting now: kept
  make(".c.json.corslint-tmp-LOCKEDXX", 3600);  // a live writer holds its lock: kept
  make("d.json.corslint-tmp-NODOTXXX", 3600);   // not a name corslint makes: kept
  int held = ::open((dir / ".c.json.corslint-tmp-LOCKEDXX").c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(held >= 0);
  REQUIRE(::flock(held, LOCK_EX) == 0);
  fs::create_symlink("/", dir / ".e.json.corslint-tmp-SYMLINKX");  // not a regular file: kept
  age(dir / ".e.json.corslint-tmp-SYMLINKX", 3600);
  bool root = ::geteuid() == 0;
  if (root) {
    make(".f.json.corslint-tmp-OTHERUSR", 3600);  // another user's: kept
    REQUIRE(::lchown((dir / ".f.json.corslint-tmp-OTHERUSR").c_str(), 65534, 65534) == 0);
  }
  WriteError error;
  REQUIRE(write_file((dir / "report.json").string(), "r\n", error));
  std::vector<std::string> expected{
      ".b.json.corslint-tmp-FRESHONE", ".c.json.corslint-tmp-LOCKEDXX",
      ".e.json.corslint-tmp-SYMLINKX", "d.json.corslint-tmp-NODOTXXX", "report.json"};
  if (root) expected.insert(expected.begin() + 3, ".f.json.corslint-tmp-OTHERUSR");
  CHECK(names_in(dir) == expected);
  ::close(held);
  fs::remove_all(dir);
}

TEST_CASE("fix_files: --fix applies fixes only to the bytes that were linted") {
  fs::path dir = scratch("changed");
  std::string path = (dir / "cors.json").string();
  write_file(path, std::string(kCors));
  std::vector<Finding> findings = lint(path);
  REQUIRE(findings.size() == 2);
  // An editor saves the file between the lint and the fix: same length, the
  // offsets would land in the wrong places.
  std::string edited = R"([{"AllowedMethods":["get"],"AllowedOrigins":["https://a.example/"]}])"
                       "\n";
  REQUIRE(edited.size() == kCors.size());
  write_file(path, edited);
  FixRun run = fix_files(findings, false);
  CHECK(read_file(path) == edited);
  CHECK(run.fixed == 0);
  CHECK(run.changed_files == 0);
  CHECK_FALSE(run.failed);
  CHECK(has_message(run, "not fixing '" + path + "': it changed since it was linted"));
  // --diff describes only what would be applied: nothing either.
  CHECK(fix_files(findings, true).diff.empty());
  // Without digests, fixes are refused rather than guessed.
  write_file(path, std::string(kCors));
  run = fix_files(lint(path, false), false);
  CHECK(run.fixed == 0);
  CHECK(read_file(path) == kCors);
  // Unchanged, the same findings fix it.
  run = fix_files(lint(path), false);
  CHECK(run.fixed == 2);
  CHECK(read_file(path) == kFixed);
  CHECK(names_in(dir) == std::vector<std::string>{"cors.json"});
  fs::remove_all(dir);
}

TEST_CASE("fix_files: --fix waits a bounded time for another holder of the file's lock") {
  fs::path dir = scratch("locked");
  std::string path = (dir / "cors.json").string();
  write_file(path, std::string(kCors));
  std::vector<Finding> findings = lint(path);
  int held = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(held >= 0);
  REQUIRE(::flock(held, LOCK_EX) == 0);
  FixRun run = fix_files(findings, false);
  ::close(held);
  CHECK(run.fixed == 0);
  CHECK(has_message(run, "another process holds a lock on it"));
  CHECK(read_file(path) == kCors);
  fs::remove_all(dir);
}

TEST_CASE("fix_files: --fix leaves links, hard-linked and read-only files alone") {
  fs::path dir = scratch("refused");
  std::string target = (dir / "target.json").string();
  write_file(target, std::string(kCors));
  fs::create_symlink("target.json", dir / "link.json");
  fs::create_hard_link(dir / "target.json", dir / "twin.json");
  write_file((dir / "ro.json").string(), std::string(kCors));
  fs::permissions(dir / "ro.json",
                  fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  for (const char* name : {"link.json", "twin.json", "ro.json"}) {
    std::string path = (dir / name).string();
    FixRun run = fix_files(lint(path), false);
    CHECK(run.fixed == 0);
    CHECK_FALSE(run.failed);
    CHECK(read_file(path) == kCors);
  }
  CHECK(fs::is_symlink(dir / "link.json"));
  CHECK(fs::hard_link_count(dir / "target.json") == 2);
  CHECK(fs::equivalent(dir / "target.json", dir / "twin.json"));
  CHECK(has_message(fix_files(lint((dir / "ro.json").string()), false),
                    "it is read-only (mode 0444)"));
  CHECK(has_message(fix_files(lint((dir / "link.json").string()), false), "symbolic link"));
  // The link's target is chosen by whoever planted the link: never echoed.
  CHECK_FALSE(has_message(fix_files(lint((dir / "link.json").string()), false), "target.json"));
  CHECK(has_message(fix_files(lint((dir / "twin.json").string()), false), "2 hard links"));
  fs::remove_all(dir);
}

TEST_CASE("fix_files: --fix keeps the owner, group and mode of the file it rewrites") {
  fs::path dir = scratch("owner");
  std::string path = (dir / "cors.json").string();
  write_file(path, std::string(kCors));
  REQUIRE(::chmod(path.c_str(), 02640) == 0);
  bool root = ::geteuid() == 0;
  uid_t uid = root ? 65534 : ::geteuid();
  gid_t gid = root ? 65534 : ::getegid();
  REQUIRE(::chown(path.c_str(), uid, gid) == 0);
  REQUIRE(::chmod(path.c_str(), 02640) == 0);  // chown cleared the set-group-ID bit
  FixRun run = fix_files(lint(path), false);
  CHECK(run.fixed == 2);
  CHECK(read_file(path) == kFixed);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK(st.st_uid == uid);
  CHECK(st.st_gid == gid);
  CHECK((st.st_mode & 07777) == 02640);
  CHECK(names_in(dir) == std::vector<std::string>{"cors.json"});
  fs::remove_all(dir);
}
