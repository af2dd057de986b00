#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fmt/core.h>

#include "commands.hpp"

namespace corslint::cli {

namespace {

// Writes `text` to `tmp` (with `mode`'s permission bits, when given), then
// renames it over `path`, so a reader never sees half a file.
bool write_and_rename(const std::string& tmp, const std::string& path, const std::string& text,
                      const mode_t* mode = nullptr) {
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = (std::fclose(f) == 0) && ok;
  if (mode != nullptr) ok = ok && ::chmod(tmp.c_str(), *mode & 07777) == 0;
  std::error_code ec;
  if (ok) std::filesystem::rename(tmp, path, ec);
  if (!ok || ec) {
    std::filesystem::remove(tmp, ec);
    return false;
  }
  return true;
}

}  // namespace

int usage_error(std::string_view message, std::string_view hint) {
  fmt::print(stderr, "corslint: error: {}\n", message);
  if (!hint.empty()) fmt::print(stderr, "  hint: {}\n", hint);
  return kExitUsage;
}

bool write_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  // Write next to the target and rename, so a reader never sees half a report.
  return write_and_rename(fmt::format("{}.tmp.{}", path, ::getpid()), path, text);
}

bool OutputStream::open(const std::string& path) {
  path_ = path;
  if (path.empty() || path == "-") {
    file_ = stdout;
    return true;
  }
  tmp_ = fmt::format("{}.tmp.{}", path, ::getpid());
  file_ = std::fopen(tmp_.c_str(), "wb");
  return file_ != nullptr;
}

bool OutputStream::write(std::string_view text) {
  std::FILE* to = spool_ != nullptr ? spool_ : file_;
  if (to == nullptr) return false;
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), to) != text.size()) ok_ = false;
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
  if (file_ == nullptr || spool_ != nullptr) return false;
  std::filesystem::path dir;
  if (file_ != stdout) {
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
  if (file_ == nullptr) return false;
  if (file_ == stdout) {
    file_ = nullptr;
    return std::fflush(stdout) == 0 && ok_;
  }
  bool ok = (std::fclose(file_) == 0) && ok_;
  file_ = nullptr;
  std::error_code ec;
  if (ok) std::filesystem::rename(tmp_, path_, ec);
  if (!ok || ec) {
    std::filesystem::remove(tmp_, ec);
    return false;
  }
  tmp_.clear();
  return true;
}

OutputStream::~OutputStream() {
  if (spool_ != nullptr) std::fclose(spool_);
  if (file_ != nullptr && file_ != stdout) {
    std::fclose(file_);
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
  }
}

}  // namespace corslint::cli
