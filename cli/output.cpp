#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/core.h>

#include "commands.hpp"
#include "corslint/report.hpp"

namespace corslint::cli {

void say(std::string_view line) {
  std::string out = report::terminal_line(line);
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stderr);
}

int usage_error(std::string_view message, std::string_view hint) {
  say("corslint: error: {}", message);
  if (!hint.empty()) say("  hint: {}", hint);
  return kExitUsage;
}

bool write_output(const std::string& path, const std::string& text, WriteError* error) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (std::fflush(stdout) == 0) return true;
    if (error != nullptr) *error = WriteError{false, std::strerror(errno), {}};
    return false;
  }
  WriteError ignored;
  return write_file(path, text, error != nullptr ? *error : ignored);
}

int write_error(const std::string& path, const WriteError& error, std::string_view fallback_hint) {
  std::string shown = path.empty() || path == "-" ? "standard output" : "'" + path + "'";
  say("corslint: error: cannot write {}: {}", shown, error.reason);
  std::string_view hint = error.hint.empty() ? fallback_hint : std::string_view(error.hint);
  if (!hint.empty()) say("  hint: {}", hint);
  return kExitUsage;
}

bool OutputStream::open(const std::string& path) {
  path_ = path;
  if (path.empty() || path == "-") {
    to_stdout_ = true;
    return true;
  }
  file_ = std::make_unique<OutputFile>();
  if (file_->open(path)) return true;
  error_ = file_->error();
  file_.reset();
  return false;
}

bool OutputStream::write(std::string_view text) {
  if (spool_ != nullptr) {
    if (!text.empty() && std::fwrite(text.data(), 1, text.size(), spool_) != text.size()) {
      ok_ = false;
    }
    return ok_;
  }
  if (to_stdout_) {
    if (!text.empty() && std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
      ok_ = false;
    }
    return ok_;
  }
  if (file_ == nullptr) return false;
  if (!file_->write(text)) ok_ = false;
  return ok_;
}

namespace {

// An anonymous read-write temp file in `dir`: created, then unlinked at once,
// so it disappears with the process whatever happens.
std::FILE* anonymous_temp(const std::filesystem::path& dir) {
  std::string name = (dir / ".corslint-spool.XXXXXX").string();
  int fd = ::mkstemp(name.data());
  if (fd < 0) return nullptr;
  ::unlink(name.c_str());
  std::FILE* f = ::fdopen(fd, "w+b");
  if (f == nullptr) ::close(fd);
  return f;
}

}  // namespace

bool OutputStream::spool() {
  if ((file_ == nullptr && !to_stdout_) || spool_ != nullptr) return false;
  std::filesystem::path dir;
  if (!to_stdout_) {
    // Next to the report: the disk the user chose for it.
    dir = std::filesystem::path(path_).parent_path();
    if (dir.empty()) dir = ".";
  } else {
    const char* tmpdir = std::getenv("TMPDIR");
    dir = (tmpdir != nullptr && *tmpdir != '\0') ? tmpdir : "/tmp";
  }
  spool_dir_ = dir.string();
  spool_ = anonymous_temp(dir);
  return spool_ != nullptr;
}

bool OutputStream::unspool(std::string_view head) {
  if (spool_ == nullptr) return false;
  std::FILE* spooled = spool_;
  spool_ = nullptr;
  write(head);
  if (std::fflush(spooled) != 0 || std::fseek(spooled, 0, SEEK_SET) != 0) ok_ = false;
  char buf[65536];
  std::size_t n;
  while (ok_ && (n = std::fread(buf, 1, sizeof buf, spooled)) > 0) write({buf, n});
  if (std::ferror(spooled)) ok_ = false;
  std::fclose(spooled);
  return ok_;
}

bool OutputStream::commit() {
  if (to_stdout_) {
    to_stdout_ = false;
    if (std::fflush(stdout) == 0 && ok_) return true;
    error_ = WriteError{false, std::strerror(errno != 0 ? errno : EIO), {}};
    return false;
  }
  if (file_ == nullptr) return false;
  bool ok = file_->commit() && ok_;
  if (!ok) error_ = file_->error();
  if (error_.reason.empty() && !ok) error_.reason = "the report could not be written";
  file_.reset();
  return ok;
}

OutputStream::~OutputStream() {
  if (spool_ != nullptr) std::fclose(spool_);
}

}  // namespace corslint::cli
