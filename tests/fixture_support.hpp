#pragma once

// Helpers shared by the fixture runner and the CLI tests.
#include <string>
#include <string_view>
#include <vector>

#include "corslint/engine.hpp"
#include "corslint/finding.hpp"

namespace corslint::testing {

inline constexpr std::string_view kSourceDir = CORSLINT_SOURCE_DIR;

// One finding per line: `line:col CODE severity pointer message`, then
// indented `related` and `fix` lines. The same text the snapshots hold.
std::string snapshot_line(const Finding& f);
std::string snapshot(const std::vector<Finding>& findings);

// Lints one file with only `code` selected and keeps only that code's findings.
std::vector<Finding> lint_with_only(std::string_view code, const std::string& path);
// Lints a directory as one bundle (document and cross-document rules) with only `code`.
std::vector<Finding> lint_bundle_with_only(std::string_view code, const std::string& dir);
// Like snapshot(), each line starting with the file name relative to `prefix`.
std::string snapshot_with_files(const std::vector<Finding>& findings, const std::string& prefix);

// Lints in-memory text with only `code` selected.
std::vector<Finding> lint_text_with_only(std::string_view code, std::string text);

std::string read_file(const std::string& path);
void write_file(const std::string& path, std::string_view text);

// Runs the corslint binary with `args` (a shell-quoted string); returns exit code
// and fills stdout (stderr is folded into it when `merge_stderr`).
// Runs in `cwd` (default: the source dir).
int run_cli(const std::string& args, std::string& out, bool merge_stderr = false,
            const std::string& cwd = "");

}  // namespace corslint::testing
