#include "fixture_support.hpp"

#include "corslint/engine.hpp"
#include "engine/files.hpp"

#include <sys/wait.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/core.h>

#include "corslint/config.hpp"

namespace corslint::testing {

std::string snapshot_line(const Finding& f) {
  std::string out =
      fmt::format("{}:{} {} {} {} {}", f.start.line, f.start.column, f.code, to_string(f.severity),
                  f.pointer.empty() ? "(root)" : f.pointer, f.message);
  for (const RelatedLocation& r : f.related) {
    // In another file (cross-document rules): name it.
    if (r.file != f.file) {
      std::string_view name = r.file;
      name.remove_prefix(name.rfind('/') == std::string_view::npos ? 0 : name.rfind('/') + 1);
      out += fmt::format("\n    related {}", name);
      out += fmt::format(" {}:{} {} {}", r.start.line, r.start.column,
                         r.pointer.empty() ? "(root)" : r.pointer, r.message);
      continue;
    }
    out += fmt::format("\n    related {}:{} {} {}", r.start.line, r.start.column,
                       r.pointer.empty() ? "(root)" : r.pointer, r.message);
  }
  for (const Fix& fix : f.fixes) {
    out += fmt::format("\n    fix {}", fix.description);
    for (const TextEdit& e : fix.edits) {
      out += fmt::format(" [{}..{} => {}]", e.begin, e.end,
                         e.replacement.empty() ? "(delete)" : e.replacement);
    }
  }
  return out;
}

std::string snapshot(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += snapshot_line(f);
    out += '\n';
  }
  return out;
}

namespace {
// A rule that reads settings (C020: allowed_origins) keeps them in
// testdata/rules/<CODE>/.corslint.json; they apply to its fixtures and to its
// metadata examples. Only `settings` is used, never select/ignore.
LintOptions only(std::string_view code) {
  LintOptions o;
  o.rules.select = std::vector<std::string>{std::string(code)};
  std::string config = fmt::format("{}/testdata/rules/{}/{}", kSourceDir, code, kConfigFileName);
  if (std::filesystem::is_regular_file(config)) {
    ConfigResult loaded = load_config(config);
    if (!loaded.errors.empty()) throw std::runtime_error(loaded.errors.front());
    o.settings = loaded.config.settings;
  }
  return o;
}
std::vector<Finding> keep(std::string_view code, std::vector<Finding> all) {
  all.erase(
      std::remove_if(all.begin(), all.end(), [&](const Finding& f) { return f.code != code; }),
      all.end());
  std::sort(all.begin(), all.end(), finding_less);
  return all;
}
}  // namespace

// The whole pipeline, as the CLI runs it on one file: the file is its own
// bundle, so rules that resolve ids in a setup (F005-F008, F012) run too.
std::vector<Finding> lint_with_only(std::string_view code, const std::string& path) {
  Linter linter(only(code));
  return keep(code, linter.lint({path}, 1));
}

std::vector<Finding> lint_text_with_only(std::string_view code, std::string text) {
  // One folder per thread and call, so parallel sections never share it.
  static std::atomic<unsigned> counter{0};
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      fmt::format("corslint-example-{}-{}", ::getpid(), counter.fetch_add(1));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "example.json").string();
  write_file(path, text);
  std::vector<Finding> found = lint_with_only(code, path);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return found;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

int run_cli(const std::string& args, std::string& out, bool merge_stderr, const std::string& cwd) {
  std::string cmd = fmt::format("cd '{}' && '{}' {}{}", cwd.empty() ? std::string(kSourceDir) : cwd,
                                CORSLINT_BINARY, args, merge_stderr ? " 2>&1" : " 2>/dev/null");
  out.clear();
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace corslint::testing

namespace corslint::testing {

std::vector<Finding> lint_bundle_with_only(std::string_view code, const std::string& dir) {
  Linter linter(only(code));
  return keep(code, linter.lint(collect_files({dir}, {}), 1));
}

std::string snapshot_with_files(const std::vector<Finding>& findings, const std::string& prefix) {
  std::string out;
  for (const Finding& f : findings) {
    std::string_view file = f.file;
    if (file.starts_with(prefix)) file.remove_prefix(prefix.size());
    out += fmt::format("{} {}\n", file, snapshot_line(f));
  }
  return out;
}

}  // namespace corslint::testing
