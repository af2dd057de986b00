// `corslint init`: writes a starter .corslint.json.
#include <filesystem>

#include <fmt/core.h>
#include <cxxopts.hpp>

#include "commands.hpp"
#include "corslint/config.hpp"

namespace corslint::cli {
namespace {

// Every key with a value that changes nothing, so `corslint init` alone keeps
// today's results; docs/usage.md ("corslint init") explains each field, since
// JSON has no comments.
constexpr std::string_view kStarter = R"({
  "select": ["ALL"],
  "ignore": [],
  "severity": {},
  "fail_on": "error",
  "exclude": [],
  "per_file_ignores": {},
  "suppress": [],
  "allowed_origins": [],
  "trusted_accounts": []
}
)";

}  // namespace

int run_init(std::vector<std::string> args) {
  cxxopts::Options o("corslint init",
                     "Write a starter .corslint.json into DIR (default: the current directory).");
  o.custom_help("[--force] [DIR]");
  o.positional_help("");
  o.add_options()("dir", "folder to write .corslint.json into",
                  cxxopts::value<std::vector<std::string>>())(
      "force", "overwrite an existing .corslint.json")("h,help", "print this help");
  o.parse_positional({"dir"});
  std::vector<const char*> argv{"corslint init"};
  for (const auto& a : args) argv.push_back(a.c_str());
  cxxopts::ParseResult parsed;
  try {
    parsed = o.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const cxxopts::exceptions::exception& e) {
    return usage_error(e.what(), "run 'corslint init --help'");
  }
  if (parsed.count("help")) {
    fmt::print("{}\nEach field is explained in docs/usage.md, section \"corslint init\".\n",
               o.help());
    return kExitOk;
  }
  std::vector<std::string> dirs;
  if (parsed.count("dir")) dirs = parsed["dir"].as<std::vector<std::string>>();
  if (dirs.size() > 1) return usage_error("init takes at most one folder");
  namespace fs = std::filesystem;
  fs::path dir = dirs.empty() ? fs::path(".") : fs::path(dirs.front());
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return usage_error(fmt::format("'{}' is not a folder", dir.string()));
  }
  fs::path target = dir / kConfigFileName;
  if (fs::exists(fs::symlink_status(target, ec)) && !parsed.count("force")) {
    return usage_error(fmt::format("'{}' already exists; not overwriting it", target.string()),
                       "run 'corslint init --force' to replace it");
  }
  WriteError error;
  if (!write_output(target.string(), std::string(kStarter), &error)) {
    return write_error(target.string(), error);
  }
  fmt::print("corslint: wrote {}\n", target.string());
  return kExitOk;
}

}  // namespace corslint::cli
