#include "corslint/files.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <set>
#include <system_error>

namespace corslint {
namespace {

namespace fs = std::filesystem;

// Folders that hold dependencies or build output, never configuration to lint.
constexpr std::array<std::string_view, 9> kSkippedDirs = {
    ".git", "node_modules", "build",   ".terraform", ".venv",
    "venv", "__pycache__",  "cdk.out", ".aws-sam"};

bool skipped_dir(std::string_view name) {
  return std::find(kSkippedDirs.begin(), kSkippedDirs.end(), name) != kSkippedDirs.end() ||
         name.starts_with("cmake-build-");
}

bool excluded(std::string_view path, const std::vector<std::string>& exclude) {
  return std::any_of(exclude.begin(), exclude.end(),
                     [&](const std::string& p) { return path_matches(p, path); });
}

std::string display(const fs::path& p) {
  std::string s = p.generic_string();
  if (s.starts_with("./") && s.size() > 2) s.erase(0, 2);
  return s;
}

// Directories being walked, by device and inode: a symbolic link back to one
// of them (a loop) is not followed again.
using DirStack = std::vector<std::pair<dev_t, ino_t>>;

void walk(const fs::path& dir, const std::vector<std::string>& exclude,
          std::vector<std::string>& out, DirStack& open_dirs) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    std::pair<dev_t, ino_t> id{st.st_dev, st.st_ino};
    if (std::find(open_dirs.begin(), open_dirs.end(), id) != open_dirs.end()) return;
    open_dirs.push_back(id);
  } else {
    open_dirs.push_back({0, 0});
  }
  std::error_code ec;
  // Names are taken once: comparing path::filename() in the sort comparator
  // was a fifth of a 1,000-file run's instructions.
  std::vector<std::pair<std::string, fs::directory_entry>> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.emplace_back(it->path().filename().string(), *it);
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, e] : entries) {
    std::string path = display(e.path());
    std::error_code sec;
    if (e.is_directory(sec)) {
      if (skipped_dir(name) || excluded(path, exclude)) continue;
      walk(e.path(), exclude, out, open_dirs);
    } else if (name.size() > 5 && name.ends_with(".json") && name != ".corslint.json" &&
               !excluded(path, exclude)) {
      out.push_back(path);
    }
  }
  open_dirs.pop_back();
}

bool glob(std::string_view p, std::string_view s) {
  // Iterative matcher with backtracking for the last '*' / '**'.
  std::size_t pi = 0, si = 0, star_p = std::string_view::npos, star_s = 0;
  bool star_crosses = false;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_crosses = pi + 1 < p.size() && p[pi + 1] == '*';
      pi += star_crosses ? 2 : 1;
      if (star_crosses && pi < p.size() && p[pi] == '/') {
        // "**/" also matches no directory at all.
        if (glob(p.substr(pi + 1), s.substr(si))) return true;
      }
      star_p = pi;
      star_s = si;
      continue;
    }
    if (pi < p.size() && (p[pi] == '?' ? s[si] != '/' : p[pi] == s[si])) {
      ++pi;
      ++si;
      continue;
    }
    if (star_p != std::string_view::npos && (star_crosses || s[star_s] != '/')) {
      pi = star_p;
      si = ++star_s;
      continue;
    }
    return false;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

}  // namespace

bool path_matches(std::string_view pattern, std::string_view path) {
  if (path.starts_with("./")) path.remove_prefix(2);
  if (pattern.starts_with("./")) pattern.remove_prefix(2);
  if (pattern.ends_with("/")) pattern.remove_suffix(1);
  if (glob(pattern, path)) return true;
  // A directory pattern also matches everything below it.
  if (path.size() > pattern.size() && glob(std::string(pattern) + "/**", path)) return true;
  if (pattern.find('/') != std::string_view::npos) return false;
  // A bare name matches any path segment (file or directory), as in .gitignore.
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view seg = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (glob(pattern, seg)) return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

std::vector<std::string> collect_files(const std::vector<std::string>& paths,
                                       const std::vector<std::string>& exclude) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (p != "-" && fs::is_directory(p, ec)) {
      DirStack open_dirs;
      walk(fs::path(p), exclude, out, open_dirs);
    } else if (p == "-" || !excluded(p, exclude)) {
      // Explicit files honour `exclude` too, so a pre-commit hook that passes
      // every changed file still skips what the config excludes. A missing
      // file is kept: linting it reports E001.
      out.push_back(p);
    }
  }
  // The same file named twice (or a file inside a directory also given) is
  // linted once; first occurrence wins so the order stays the user's.
  if (paths.size() < 2) return out;  // one walk never yields a file twice
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (std::string& f : out) {
    std::string key = fs::path(f).lexically_normal().generic_string();
    if (seen.insert(key).second) unique.push_back(std::move(f));
  }
  return unique;
}

}  // namespace corslint
