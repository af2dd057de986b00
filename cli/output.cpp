#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <fmt/core.h>

#include "commands.hpp"

namespace corslint::cli {

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
  std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = (std::fclose(f) == 0) && ok;
  std::error_code ec;
  if (ok) std::filesystem::rename(tmp, path, ec);
  if (!ok || ec) {
    std::filesystem::remove(tmp, ec);
    return false;
  }
  return true;
}

bool replace_file(const std::string& path, const std::string& text) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  std::string tmp = fmt::format("{}.corslint-fix.{}", path, ::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = (std::fclose(f) == 0) && ok;
  ok = ok && ::chmod(tmp.c_str(), st.st_mode & 07777) == 0;
  std::error_code ec;
  if (ok) std::filesystem::rename(tmp, path, ec);
  if (!ok || ec) {
    std::filesystem::remove(tmp, ec);
    return false;
  }
  return true;
}

}  // namespace corslint::cli
