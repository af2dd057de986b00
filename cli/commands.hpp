#pragma once

#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/file_write.hpp"

namespace corslint::cli {

// Exit codes (DESIGN §3): only the CLI chooses them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

int run_lint(std::vector<std::string> args);
int run_rules(std::vector<std::string> args);
int run_explain(std::vector<std::string> args);
int run_init(std::vector<std::string> args);
int run_simulate(std::vector<std::string> args);

// Prints one line on stderr, escaped (report::terminal_line): every message
// the CLI prints goes through it, since most quote file names or values.
void say(std::string_view line);
template <class... Args>
void say(fmt::format_string<Args...> f, Args&&... args) {
  say(std::string_view(fmt::format(f, std::forward<Args>(args)...)));
}

// Prints "corslint: error: <message>" and a hint, returns kExitUsage.
int usage_error(std::string_view message,
                std::string_view hint = "run 'corslint --help' for usage");

// Writes `text` to stdout, or to `path` through the library's OutputFile
// (file_write.hpp: a temporary file renamed into place, or a device written
// in place). On failure, `error` (when given) says why.
bool write_output(const std::string& path, const std::string& text, WriteError* error = nullptr);
// Prints "corslint: error: cannot write '<path>': <reason>" and the error's
// hint (or `fallback_hint`); returns kExitUsage.
int write_error(const std::string& path, const WriteError& error,
                std::string_view fallback_hint = {});
// A report written piece by piece: to stdout, or to `path` through the
// library's OutputFile, committed by commit() (a reader never sees half a
// report).
class OutputStream {
 public:
  // False when the path is refused or cannot be opened (error()).
  bool open(const std::string& path);
  bool write(std::string_view text);
  // Spooling, for reports whose head carries totals (StreamWriter::spools_body):
  // from spool() on, write() goes to an anonymous temp file (unlinked at once,
  // in the output's directory, or $TMPDIR for stdout), so the body costs disk,
  // not memory; unspool(head) writes `head` then the spooled bytes to the
  // output, and write() goes to the output again. False on any error.
  bool spool();
  bool unspool(std::string_view head);
  // Where spool() creates (or tried to create) its temp file.
  const std::string& spool_dir() const { return spool_dir_; }
  // Flushes stdout, or commits the file; false on any error (error()).
  bool commit();
  const WriteError& error() const { return error_; }
  ~OutputStream();

 private:
  bool to_stdout_ = false;
  std::string path_;
  std::string spool_dir_;
  std::unique_ptr<OutputFile> file_;
  WriteError error_;
  std::FILE* spool_ = nullptr;
  bool ok_ = true;
};

}  // namespace corslint::cli
