#include "corslint/config.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>

#include <fmt/core.h>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/engine.hpp"
#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint {
namespace {

using json::NodeId;
using json::Type;

constexpr std::array<std::string_view, 13> kKeys = {"select",
                                                    "ignore",
                                                    "severity",
                                                    "fail_on",
                                                    "exclude",
                                                    "per_file_ignores",
                                                    "allowed_origins",
                                                    "trusted_accounts",
                                                    "account_id",
                                                    "bundles",
                                                    "$schema",
                                                    "suppress",
                                                    "max_findings_per_file"};

class ConfigReader {
 public:
  ConfigReader(const Source& src, const json::Tree& tree, ConfigResult& out)
      : src_(src), t_(tree), out_(out) {}

  void error(NodeId node, bool at_key, std::string message) {
    const json::Node& n = t_[node];
    Position p = src_.position(at_key ? n.key_offset : n.offset);
    out_.errors.push_back(fmt::format("{}:{}:{}: {}", src_.path(), p.line, p.column, message));
  }

  std::vector<std::string> strings(NodeId node, std::string_view key) {
    std::vector<std::string> v;
    if (!t_.is(node, Type::Array)) {
      error(node, false, fmt::format("\"{}\" must be an array of strings", key));
      return v;
    }
    for (NodeId e : t_.children(node)) {
      if (!t_.is(e, Type::String)) {
        error(e, false, fmt::format("\"{}\" entries must be strings", key));
        continue;
      }
      v.emplace_back(t_[e].text);
    }
    return v;
  }

  void check_codes(NodeId list, std::string_view key) {
    for (NodeId e : t_.children(list)) {
      std::string_view s = t_.str(e);
      if (!s.empty() && !known_selector(s)) {
        error(e, false, fmt::format("\"{}\" names no rule: '{}'{}", key, s, suggestion(s)));
      }
    }
  }

  void read_suppressions(NodeId list) {
    if (!t_.is(list, Type::Array)) {
      error(list, false,
            "\"suppress\" must be an array of {\"path\", \"pointer\", \"code\", \"reason\"}");
      return;
    }
    for (NodeId e : t_.children(list)) {
      if (!t_.is(e, Type::Object)) {
        error(
            e, false,
            "a suppression must be an object with \"path\", \"pointer\", \"code\" and \"reason\"");
        continue;
      }
      Suppression s;
      for (NodeId m : t_.children(e)) {
        std::string_view k = t_[m].key;
        if (!t_.is(m, Type::String)) {
          error(m, false, fmt::format("\"{}\" of a suppression must be a string", k));
        } else if (k == "path") {
          s.path = t_[m].text;
        } else if (k == "pointer") {
          s.pointer = t_[m].text;
        } else if (k == "code") {
          s.code = t_[m].text;
          if (!known_selector(s.code))
            error(m, false,
                  fmt::format("suppression names no rule: '{}'{}", s.code, suggestion(s.code)));
        } else if (k == "reason") {
          s.reason = t_[m].text;
        } else {
          error(m, true,
                fmt::format(
                    "unknown key \"{}\" in a suppression; expected path, pointer, code and reason",
                    k));
        }
      }
      if (s.path.empty() || s.code.empty()) {
        error(e, false, "a suppression needs at least \"path\" and \"code\"");
        continue;
      }
      if (s.reason.empty()) {
        Position p = src_.position(t_[e].offset);
        out_.warnings.push_back(
            fmt::format("{}:{}:{}: suppression of {} in {} gives no \"reason\"; say why the "
                        "finding is accepted",
                        src_.path(), p.line, p.column, s.code, s.path));
      }
      out_.config.suppress.push_back(std::move(s));
    }
  }

  static std::string suggestion(std::string_view s) {
    auto guess = closest_rule(s);
    return guess ? fmt::format("; did you mean '{}'?", *guess) : std::string();
  }

  void read_bundles(NodeId list) {
    if (!t_.is(list, Type::Array)) {
      error(list, false, "\"bundles\" must be an array of {\"name\", \"files\"}");
      return;
    }
    for (NodeId e : t_.children(list)) {
      if (!t_.is(e, Type::Object)) {
        error(e, false, "a bundle must be an object with \"name\" and \"files\"");
        continue;
      }
      BundleSpec b;
      bool has_files = false;
      for (NodeId m : t_.children(e)) {
        std::string_view k = t_[m].key;
        if (k == "name") {
          if (!t_.is(m, Type::String) || t_[m].text.empty()) {
            error(m, false, "\"name\" of a bundle must be a non-empty string");
          } else {
            b.name = t_[m].text;
          }
        } else if (k == "files") {
          has_files = true;
          b.files = strings(m, "files");
          if (t_.is(m, Type::Array) && b.files.empty()) {
            error(m, false, "\"files\" of a bundle must name at least one file or glob");
          }
        } else {
          error(m, true, fmt::format("unknown key \"{}\" in a bundle; expected name and files", k));
        }
      }
      if (t_.get(e, "name") == json::kNoNode) error(e, false, "a bundle needs a \"name\"");
      if (!has_files) error(e, false, "a bundle needs \"files\" (globs of the files it holds)");
      if (b.name.empty() || b.files.empty()) continue;
      for (const BundleSpec& other : out_.config.bundles) {
        if (other.name == b.name) {
          error(e, false, fmt::format("two bundles are named \"{}\"", b.name));
        }
      }
      out_.config.bundles.push_back(std::move(b));
    }
  }

  static bool known_selector(std::string_view s) {
    if (s == "ALL") return true;
    for (const RuleEntry& e : Registry::instance().rules()) {
      if (e.meta->name == s || e.meta->code.starts_with(s)) return true;
    }
    return false;
  }

  void read_cap(NodeId m) {
    const json::Node& n = t_[m];
    if (n.type != Type::Number || !n.is_integer || n.integer < 0 || n.integer > 100000000) {
      error(m, false,
            "\"max_findings_per_file\" must be a whole number from 0 (no cap) to 100000000");
    } else {
      out_.config.max_findings_per_file = static_cast<std::size_t>(n.integer);
    }
  }

  void read(NodeId root) {
    Config& c = out_.config;
    if (!t_.is(root, Type::Object)) {
      error(root, false, "the configuration must be a JSON object");
      return;
    }
    for (NodeId m : t_.children(root)) {
      std::string_view key = t_[m].key;
      if (key == "select") {
        c.select = strings(m, key);
        check_codes(m, key);
      } else if (key == "ignore") {
        c.ignore = strings(m, key);
        check_codes(m, key);
      } else if (key == "severity") {
        if (!t_.is(m, Type::Object)) {
          error(m, false, "\"severity\" must be an object of code -> error|warning|info");
          continue;
        }
        for (NodeId s : t_.children(m)) {
          auto sev = parse_severity(t_.str(s));
          if (!sev) {
            error(s, false,
                  fmt::format("severity for '{}' must be \"error\", \"warning\" or \"info\"",
                              t_[s].key));
          } else if (Registry::instance().find(t_[s].key) == nullptr) {
            error(s, true,
                  fmt::format("\"severity\" names no rule: '{}'{}", t_[s].key,
                              suggestion(t_[s].key)));
          } else {
            c.severity[std::string(t_[s].key)] = *sev;
          }
        }
      } else if (key == "fail_on") {
        std::string_view v = t_.str(m);
        if (v != "error" && v != "warning" && v != "info" && v != "never") {
          error(m, false, "\"fail_on\" must be \"error\", \"warning\", \"info\" or \"never\"");
        } else {
          c.fail_on = std::string(v);
        }
      } else if (key == "exclude") {
        c.exclude = strings(m, key);
      } else if (key == "max_findings_per_file") {
        read_cap(m);
      } else if (key == "per_file_ignores") {
        if (!t_.is(m, Type::Object)) {
          error(m, false, "\"per_file_ignores\" must be an object of glob -> [codes]");
          continue;
        }
        for (NodeId g : t_.children(m)) {
          c.per_file_ignores.emplace_back(std::string(t_[g].key), strings(g, "per_file_ignores"));
          if (t_.is(g, Type::Array)) check_codes(g, "per_file_ignores");
        }
      } else if (key == "suppress") {
        read_suppressions(m);
      } else if (key == "allowed_origins") {
        c.settings.allowed_origins = strings(m, key);
      } else if (key == "trusted_accounts") {
        c.settings.trusted_accounts = strings(m, key);
      } else if (key == "account_id") {
        if (!t_.is(m, Type::String) || !is_account_id(t_[m].text)) {
          error(m, false, "\"account_id\" must be a 12-digit AWS account id as a string");
        } else {
          c.settings.account_id = std::string(t_[m].text);
        }
      } else if (key == "bundles") {
        read_bundles(m);
      } else if (key == "$schema") {
      } else if (auto guess = did_you_mean(key, kKeys)) {
        error(m, true, fmt::format("unknown key \"{}\"; did you mean \"{}\"?", key, *guess));
      } else {
        error(m, true, fmt::format("unknown key \"{}\"", key));
      }
    }
  }

 private:
  const Source& src_;
  const json::Tree& t_;
  ConfigResult& out_;
};

}  // namespace

namespace {

namespace fs = std::filesystem;

// An absolute path without symbolic links where it can be (the current
// directory and $HOME are compared as such), else a lexically clean one.
fs::path real_dir(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::canonical(dir, ec);
  if (ec) p = fs::absolute(dir, ec).lexically_normal();
  if (ec) return {};
  if (!p.has_filename() && p != p.root_path()) p = p.parent_path();  // "/a/b/" -> "/a/b"
  return p;
}

// The directories the search may read, nearest first: up to the repository
// root or `home`, or `start` alone when neither is above it.
std::vector<fs::path> search_dirs(const fs::path& start, const fs::path& home) {
  std::vector<fs::path> dirs;
  for (fs::path dir = start;; dir = dir.parent_path()) {
    dirs.push_back(dir);
    struct stat st {};
    if (::lstat((dir / ".git").c_str(), &st) == 0) return dirs;  // .git: a directory or a file
    if (!home.empty() && dir == home) return dirs;
    if (dir == dir.root_path()) break;
  }
  dirs.resize(1);
  return dirs;
}

// Why a config file must not be trusted, or "" when it may.
std::string distrust(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};  // load_config reports what is wrong
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return fmt::format("it is writable by {} (mode {:04o}); chmod go-w it, or",
                       (st.st_mode & S_IWOTH) != 0 ? "every user" : "its group",
                       st.st_mode & 07777);
  }
  const uid_t me = ::geteuid();
  if (st.st_uid != me && st.st_uid != 0) {
    return fmt::format("it is owned by uid {}, neither you (uid {}) nor root;", st.st_uid, me);
  }
  return {};
}

}  // namespace

ConfigSearch find_config(const std::string& start_dir, const std::string& home) {
  ConfigSearch out;
  fs::path start = real_dir(start_dir);
  if (start.empty()) return out;
  fs::path home_dir = home.empty() ? fs::path() : real_dir(home);
  if (home_dir == home_dir.root_path()) home_dir.clear();  // HOME=/ bounds nothing
  for (const fs::path& dir : search_dirs(start, home_dir)) {
    fs::path candidate = dir / kConfigFileName;
    std::error_code probe;  // "not found" is an error_code too; keep walking up
    if (!fs::is_regular_file(candidate, probe)) continue;
    if (std::string why = distrust(candidate); !why.empty()) {
      out.warnings.push_back(fmt::format("ignoring {}: {} name it with --config to use it anyway",
                                         candidate.string(), why));
      return out;
    }
    out.path = candidate.string();
    return out;
  }
  return out;
}

std::string find_config_file(const std::string& start_dir) {
  const char* home = std::getenv("HOME");
  return find_config(start_dir, home == nullptr ? std::string() : std::string(home)).path;
}

namespace {

ConfigResult read_config_source(const std::string& path, const Source* src,
                                const SourceError& err) {
  ConfigResult out;
  out.config.path = path;
  if (src == nullptr || !err.code.empty()) {
    out.errors.push_back(fmt::format("{}: cannot use config: {}", path, err.message));
    return out;
  }
  json::ParseResult parsed = json::parse(*src);
  if (!parsed.ok) {
    Position p = src->position(parsed.error.offset);
    out.errors.push_back(fmt::format("{}:{}:{}: {}", path, p.line, p.column, parsed.error.message));
    return out;
  }
  ConfigReader reader(*src, parsed.tree, out);
  for (const auto& d : parsed.duplicates) {
    reader.error(d.duplicate, true,
                 fmt::format("duplicate key \"{}\"", parsed.tree[d.duplicate].key));
  }
  reader.read(parsed.tree.root());
  return out;
}

}  // namespace

ConfigResult load_config(const std::string& path) {
  SourceError err;
  auto src = Source::read_file(path, err);
  return read_config_source(path, src.get(), err);
}

ConfigResult load_config_bytes(const std::string& path, std::string bytes) {
  SourceError err;
  auto src = Source::from_bytes(path, std::move(bytes), err);
  return read_config_source(path, src.get(), err);
}

}  // namespace corslint
