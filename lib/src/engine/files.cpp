#include "engine/files.hpp"
#include "corslint/engine.hpp"
#include "corslint/text.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstdio>
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

// One line of a .gitignore, relative to the directory holding it.
struct IgnoreRule {
  std::string base;  // the .gitignore's directory, as displayed ("" for the scan root's parent)
  std::string pattern;
  bool negated = false;
  bool dir_only = false;
  bool anchored = false;  // contains a '/' before its end: matches from `base` only
};

// The common subset of gitignore(5): comments, blank lines, `!` negation, a
// trailing `/` for directories only, a leading or inner `/` anchoring the
// pattern to the file's directory, `*`, `?` and `**`. Not supported: bracket
// classes, backslash escapes, trailing-space escapes, .git/info/exclude and the
// global excludes file, and .gitignore files above the scanned directory.
void read_gitignore(const fs::path& dir, const std::string& base, std::vector<IgnoreRule>& rules) {
  std::error_code ec;
  fs::path file = dir / ".gitignore";
  if (!fs::is_regular_file(file, ec)) return;
  std::FILE* f = std::fopen(file.string().c_str(), "rb");
  if (f == nullptr) return;
  std::string text;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && text.size() < (1u << 20))
    text.append(buf, n);
  std::fclose(f);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.pop_back();
    }
    if (line.empty() || line[0] == '#') continue;
    IgnoreRule r;
    r.base = base;
    if (line[0] == '!') {
      r.negated = true;
      line.erase(0, 1);
    }
    if (!line.empty() && line.back() == '/') {
      r.dir_only = true;
      line.pop_back();
    }
    if (line.find('/') != std::string::npos) {
      r.anchored = true;
      if (line[0] == '/') line.erase(0, 1);
    }
    if (line.empty()) continue;
    r.pattern = std::move(line);
    rules.push_back(std::move(r));
  }
}

// The last rule that matches decides, as in git.
bool ignored(const std::vector<IgnoreRule>& rules, const std::string& path, std::string_view name,
             bool is_dir) {
  bool out = false;
  for (const IgnoreRule& r : rules) {
    if (r.dir_only && !is_dir) continue;
    std::string_view rel = path;
    if (!r.base.empty()) {
      if (!(rel.size() > r.base.size() && rel.starts_with(r.base) && rel[r.base.size()] == '/')) {
        continue;
      }
      rel.remove_prefix(r.base.size() + 1);
    }
    bool match = r.anchored ? path_glob_match(r.pattern, rel) : path_glob_match(r.pattern, name);
    if (match) out = !r.negated;
  }
  return out;
}

// Files a scan reads: JSON (templates, plans, *.tf.json included), `.template`
// (JSON or YAML), and YAML, which only yields I002 for a CloudFormation template.
bool wanted(std::string_view name) {
  if (name == ".corslint.json") return false;
  for (std::string_view ext : {".json", ".template", ".yaml", ".yml"}) {
    if (name.size() > ext.size() && name.ends_with(ext)) return true;
  }
  return false;
}

void walk(const fs::path& dir, const std::vector<std::string>& exclude,
          std::vector<IgnoreRule>& ignore, std::set<std::string>& visited,
          std::vector<std::string>& out) {
  std::error_code ec;
  // A directory reached twice (a symlink loop, or two links to one place) is walked once.
  fs::path real = fs::canonical(dir, ec);
  if (ec || !visited.insert(real.string()).second) return;
  std::size_t rules_before = ignore.size();
  std::string here = display(dir);
  while (here.size() > 1 && here.back() == '/') here.pop_back();
  read_gitignore(dir, here == "." ? std::string() : here, ignore);
  // readdir, not std::filesystem::directory_iterator: the iterator builds and
  // parses a path object per entry, ~9,000 instructions a file on a corpus of
  // small files. Entries are sorted by name so the order never depends on the
  // file system.
  struct Entry {
    std::string name;
    bool is_dir;
  };
  std::vector<Entry> entries;
  const std::string dir_text = dir.string();
  if (DIR* d = ::opendir(dir_text.c_str())) {
    while (const dirent* de = ::readdir(d)) {
      std::string_view name = de->d_name;
      if (name == "." || name == "..") continue;
      bool is_dir = de->d_type == DT_DIR;
      if (de->d_type == DT_LNK || de->d_type == DT_UNKNOWN) {
        // Follow links, as directory_entry::is_directory does.
        struct stat st {};
        const std::string full = (dir / de->d_name).string();
        is_dir = ::stat(full.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
      }
      entries.push_back({std::string(name), is_dir});
    }
    ::closedir(d);
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
  // Children's display paths share this prefix ("" for ".", "sub/" for "./sub").
  std::string prefix = display(dir / "x");
  prefix.pop_back();
  for (const Entry& e : entries) {
    std::string path = prefix + e.name;
    if (e.is_dir) {
      if (skipped_dir(e.name) || excluded(path, exclude) || ignored(ignore, path, e.name, true)) {
        continue;
      }
      walk(dir / e.name, exclude, ignore, visited, out);
    } else if (wanted(e.name) && !excluded(path, exclude) &&
               !ignored(ignore, path, e.name, false)) {
      out.push_back(std::move(path));
    }
  }
  ignore.resize(rules_before);
}

}  // namespace

bool path_matches(std::string_view pattern, std::string_view path) {
  if (path.starts_with("./")) path.remove_prefix(2);
  if (pattern.starts_with("./")) pattern.remove_prefix(2);
  if (pattern.ends_with("/")) pattern.remove_suffix(1);
  if (path_glob_match(pattern, path)) return true;
  // A directory pattern also matches everything below it.
  if (path.size() > pattern.size() && path_glob_match(std::string(pattern) + "/**", path))
    return true;
  if (pattern.find('/') != std::string_view::npos) return false;
  // A bare name matches any path segment (file or directory), as in .gitignore.
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view seg = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (path_glob_match(pattern, seg)) return true;
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
      std::vector<IgnoreRule> ignore;
      std::set<std::string> visited;
      walk(fs::path(p), exclude, ignore, visited, out);
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
