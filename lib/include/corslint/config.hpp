#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "corslint/finding.hpp"
#include "corslint/settings.hpp"
#include "corslint/severity.hpp"

namespace corslint {

// `.corslint.json`, validated with located errors like any input.
// One accepted finding, named where it is: JSON has no comments, so the
// suppression lives in the config, keyed by file and JSON pointer.
struct Suppression {
  std::string path;     // glob, as in `exclude`
  std::string pointer;  // the finding's pointer, or a prefix of it ("" = whole file)
  std::string code;     // code, prefix or name
  std::string reason;
};

// A bundle named in the config: these files describe one setup, whatever
// directory they are in. `files` are globs relative to the config file's
// directory (same matcher as `exclude`).
struct BundleSpec {
  std::string name;
  std::vector<std::string> files;
};

struct Config {
  std::string path;  // where it was read from; empty when none
  std::optional<std::vector<std::string>> select;
  std::vector<std::string> ignore;
  std::map<std::string, Severity, std::less<>> severity;  // per code or name
  std::optional<std::string> fail_on;                     // "error|warning|info|never"
  std::vector<std::string> exclude;                       // glob patterns
  // glob -> codes ignored in matching files
  std::vector<std::pair<std::string, std::vector<std::string>>> per_file_ignores;
  std::vector<Suppression> suppress;
  std::vector<BundleSpec> bundles;
  LintSettings settings;
  std::optional<std::size_t> max_findings_per_file;  // LintOptions' default when unset
};

struct ConfigResult {
  Config config;
  // "path:line:col: message" lines; non-empty means the config is invalid.
  std::vector<std::string> errors;
  // Located warnings that do not make the config invalid (a suppression
  // without a reason).
  std::vector<std::string> warnings;
};

inline constexpr std::string_view kConfigFileName = ".corslint.json";

// Where a run looked for .corslint.json, and what it found.
struct ConfigSearch {
  std::string path;  // the config to use; empty when none
  // Configs found but not used, and why ("ignoring X: it is writable by ...").
  std::vector<std::string> warnings;
};

// Looks for .corslint.json in `start_dir`, then in its parents up to the
// repository root (the first directory holding `.git`, a file or a directory)
// or `home`, whichever comes first, both included. When neither is above
// `start_dir`, only `start_dir` is searched: a config in a shared parent such
// as /tmp is never picked up. The nearest config is used only when it is
// safe: owned by the current user or root, and writable by its owner alone
// (no group or other write bit). Otherwise the search stops there, without a
// config, and says why in `warnings`.
ConfigSearch find_config(const std::string& start_dir, const std::string& home);
// find_config(start_dir, $HOME).path.
std::string find_config_file(const std::string& start_dir);
ConfigResult load_config(const std::string& path);
// The same for bytes already in memory, named `path` in messages.
ConfigResult load_config_bytes(const std::string& path, std::string bytes);

}  // namespace corslint
