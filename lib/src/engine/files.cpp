#include "engine/files.hpp"
#include "corslint/engine.hpp"
#include "corslint/text.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

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
void parse_gitignore(std::string_view text, const std::string& base,
                     std::vector<IgnoreRule>& rules) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line(text.substr(start, end - start));
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
  parse_gitignore(text, base, rules);
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
// (JSON or YAML), YAML, of which CloudFormation templates and serverless.yml are read,
// and XML (S3 CORS; other XML is skipped with I000).
bool wanted(std::string_view name) {
  if (name == ".corslint.json") return false;
  for (std::string_view ext : {".json", ".template", ".yaml", ".yml", ".xml", ".tf"}) {
    if (name.size() > ext.size() && name.ends_with(ext)) return true;
  }
  return false;
}

// One scan of a directory the user named (the root).
struct Walk {
  const CollectOptions& options;
  CollectedFiles& out;
  std::string root;  // the root's real path, without a trailing '/' (but "/" for /)
  std::vector<IgnoreRule> ignore;
  std::set<std::pair<dev_t, ino_t>> visited;  // directories walked, by device and inode

  // Does a real path lie in the root?
  bool inside(std::string_view real) const {
    if (root.empty()) return false;  // the root's real path is unknown: trust no link
    if (root == "/") return true;
    return real.starts_with(root) && (real.size() == root.size() || real[root.size()] == '/');
  }
};

struct Entry {
  std::string name;
  bool is_dir = false;
  bool leaves_root = false;  // a symbolic link whose target is outside the root
  std::string target;        // for a link: its target's real path ("" when dangling)
};

// Reads a directory. readdir, not std::filesystem::directory_iterator: the
// iterator builds and parses a path object per entry, ~9,000 instructions a
// file on a corpus of small files. Entries are sorted by name so the order
// never depends on the file system.
std::vector<Entry> read_entries(const fs::path& dir, const Walk& w) {
  std::vector<Entry> entries;
  const std::string dir_text = dir.string();
  if (DIR* d = ::opendir(dir_text.c_str())) {
    while (const dirent* de = ::readdir(d)) {
      std::string_view name = de->d_name;
      if (name == "." || name == "..") continue;
      Entry e{std::string(name), de->d_type == DT_DIR, false, {}};
      if (de->d_type == DT_LNK || de->d_type == DT_UNKNOWN) {
        const std::string full = (dir / de->d_name).string();
        struct stat st {};
        bool link = ::lstat(full.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
        e.is_dir = ::stat(full.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
        if (link) {
          // A dangling link stays a file: reading it says E001.
          if (char* real = ::realpath(full.c_str(), nullptr)) {
            e.target = real;
            std::free(real);
            e.leaves_root = !w.inside(e.target);
          }
        }
      }
      entries.push_back(std::move(e));
    }
    ::closedir(d);
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
  return entries;
}

// `outside`: this directory was reached through a link that leaves the root
// (only with follow_symlinks), and so is everything found below it.
void walk(const fs::path& dir, Walk& w, bool outside) {
  // A directory reached twice (a symlink loop, or two links to one place) is walked once.
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !w.visited.insert({st.st_dev, st.st_ino}).second) return;
  std::size_t rules_before = w.ignore.size();
  std::string here = display(dir);
  while (here.size() > 1 && here.back() == '/') here.pop_back();
  read_gitignore(dir, here == "." ? std::string() : here, w.ignore);
  // Children's display paths share this prefix ("" for ".", "sub/" for "./sub").
  std::string prefix = display(dir / "x");
  prefix.pop_back();
  const std::vector<std::string>& exclude = w.options.exclude;
  for (const Entry& e : read_entries(dir, w)) {
    std::string path = prefix + e.name;
    if (e.is_dir ? (skipped_dir(e.name) || excluded(path, exclude) ||
                    ignored(w.ignore, path, e.name, true))
                 : (!wanted(e.name) || excluded(path, exclude) ||
                    ignored(w.ignore, path, e.name, false))) {
      continue;
    }
    if (e.leaves_root && !w.options.follow_symlinks) {
      w.out.skipped.push_back({std::move(path), e.target, e.is_dir});
      continue;
    }
    bool out_of_root = outside || e.leaves_root;
    if (e.is_dir) {
      walk(dir / e.name, w, out_of_root);
    } else {
      if (out_of_root) w.out.outside.push_back(path);
      w.out.files.push_back(std::move(path));
    }
  }
  w.ignore.resize(rules_before);
}

}  // namespace

bool gitignore_ignores(std::string_view gitignore, std::string_view path, bool is_dir) {
  std::vector<IgnoreRule> rules;
  parse_gitignore(gitignore, std::string(), rules);
  std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return ignored(rules, std::string(path), name, is_dir);
}

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

CollectedFiles collect(const std::vector<std::string>& paths, const CollectOptions& options) {
  CollectedFiles out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (p != "-" && fs::is_directory(p, ec)) {
      Walk w{options, out, {}, {}, {}};
      if (char* real = ::realpath(p.c_str(), nullptr)) {
        w.root = real;
        std::free(real);
      }
      walk(fs::path(p), w, false);
    } else if (p == "-" || !excluded(p, options.exclude)) {
      // Explicit files honour `exclude` too, so a pre-commit hook that passes
      // every changed file still skips what the config excludes. A missing
      // file is kept: linting it reports E001.
      out.files.push_back(p);
    }
  }
  // The same file named twice (or a file inside a directory also given) is
  // linted once; first occurrence wins so the order stays the user's.
  if (paths.size() < 2) return out;  // one walk never yields a file twice
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (std::string& f : out.files) {
    std::string key = fs::path(f).lexically_normal().generic_string();
    if (seen.insert(key).second) unique.push_back(std::move(f));
  }
  out.files = std::move(unique);
  return out;
}

std::vector<std::string> collect_files(const std::vector<std::string>& paths,
                                       const std::vector<std::string>& exclude) {
  return collect(paths, CollectOptions{exclude, false}).files;
}

}  // namespace corslint
