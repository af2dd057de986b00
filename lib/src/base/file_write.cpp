// OutputFile: reports, baselines and configs, written whole or not at all,
// and devices written in place (file_write.hpp).
#include "corslint/file_write.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <optional>
#include <utility>

#include "base/file_io.hpp"

namespace corslint {

using file_io::Dir;
using file_io::refuse;
using file_io::system_error;
using file_io::Temp;

struct OutputFile::State {
  Dir dir;
  Temp temp;
  int fd = -1;            // the temporary file's, or the device's (in place)
  bool in_place = false;  // a device, a FIFO, or an inherited descriptor
  bool failed = false;
  int err = 0;  // the first write error
  std::string buffer;
  WriteError error;

  ~State() {
    if (in_place && fd >= 0) ::close(fd);
  }
  bool flush();
};

namespace {

constexpr std::size_t kBufferSize = 1 << 16;

// The mode a new file gets from open(2): 0666 without the umask. Read from
// /proc (umask(2) cannot be read without being set, which races with threads).
mode_t new_file_mode() {
  mode_t mask = 022;
  if (std::FILE* f = std::fopen("/proc/self/status", "re")) {
    char line[256];
    while (std::fgets(line, sizeof line, f) != nullptr) {
      unsigned m = 0;
      if (std::sscanf(line, "Umask: %o", &m) == 1) {
        mask = static_cast<mode_t>(m);
        break;
      }
    }
    std::fclose(f);
  } else {
    mask = ::umask(022);
    ::umask(mask);
  }
  return 0666 & ~mask;
}

// /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N name a descriptor
// this process already has (a pipe, a terminal, the file a shell redirected
// to): it is written where it points, at its offset, never reopened.
std::optional<int> inherited_descriptor(std::string_view path) {
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (!path.starts_with(prefix)) continue;
    std::string_view digits = path.substr(prefix.size());
    int fd = -1;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), fd);
    if (ec == std::errc() && end == digits.data() + digits.size() && fd >= 0) return fd;
  }
  return std::nullopt;
}

const char* kind_of(mode_t mode) {
  return S_ISDIR(mode)    ? "a directory"
         : S_ISBLK(mode)  ? "a block device"
         : S_ISREG(mode)  ? "a regular file"
         : S_ISCHR(mode)  ? "a character device"
         : S_ISFIFO(mode) ? "a FIFO"
         : S_ISSOCK(mode) ? "a socket"
                          : "not a file corslint writes";
}

// What a symbolic link at the path may lead to: a device or a FIFO, written
// in place, when the link is the user's or root's (a link planted by another
// user in a shared directory is not followed). Never a regular file: the
// link would either be replaced by a file or its target rewritten behind it.
bool check_link(const Dir& dir, const struct stat& link, WriteError& error) {
  if (link.st_uid != ::geteuid() && link.st_uid != 0) {
    refuse(error,
           "it is a symbolic link owned by another user (uid " + std::to_string(link.st_uid) + ")",
           "corslint does not follow it; give a path of your own");
    return false;
  }
  struct stat target {};
  if (::fstatat(dir.fd, dir.name.c_str(), &target, 0) != 0) {
    refuse(error, "it is a symbolic link to nothing",
           "corslint does not replace a link with a file; give the path the report should have");
    return false;
  }
  if (S_ISCHR(target.st_mode) || S_ISFIFO(target.st_mode)) return true;
  refuse(error, std::string("it is a symbolic link to ") + kind_of(target.st_mode),
         S_ISREG(target.st_mode)
             ? "corslint neither replaces the link nor writes through it; give the target's path"
             : "");
  return false;
}

}  // namespace

bool OutputFile::State::flush() {
  if (!failed && !buffer.empty() && !file_io::write_all(fd, buffer)) {
    failed = true;
    err = errno;
    system_error(error, err, in_place ? nullptr : &dir);
  }
  buffer.clear();
  return !failed;
}

OutputFile::OutputFile() : s_(std::make_unique<State>()) {}
OutputFile::~OutputFile() = default;

const WriteError& OutputFile::error() const { return s_->error; }

bool OutputFile::open(const std::string& path) {
  State& s = *s_;
  if (auto inherited = inherited_descriptor(path)) {
    s.fd = ::fcntl(*inherited, F_DUPFD_CLOEXEC, 3);
    if (s.fd < 0) {
      system_error(s.error, errno, nullptr);
      return false;
    }
    s.in_place = true;
    return true;
  }
  if (!file_io::open_parent(path, s.dir, s.error)) return false;
  struct stat st {};
  if (::fstatat(s.dir.fd, s.dir.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno != ENOENT) {
      system_error(s.error, errno, &s.dir);
      return false;
    }
  } else if (S_ISLNK(st.st_mode)) {
    if (!check_link(s.dir, st, s.error)) return false;
    s.in_place = true;
  } else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
    s.in_place = true;
  } else if (!S_ISREG(st.st_mode)) {
    refuse(s.error, std::string("it is ") + kind_of(st.st_mode));
    return false;
  }
  if (!s.in_place) {
    if (!file_io::make_temp(s.dir, s.temp, s.error)) return false;
    s.fd = s.temp.fd;
    return true;
  }
  // In place: never created, never truncated. O_NONBLOCK is not set: a FIFO
  // waits for its reader, as a shell redirection would.
  s.fd = ::openat(s.dir.fd, s.dir.name.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (s.fd < 0) {
    system_error(s.error, errno, nullptr);
    return false;
  }
  struct stat opened {};
  if (::fstat(s.fd, &opened) != 0 || !(S_ISCHR(opened.st_mode) || S_ISFIFO(opened.st_mode))) {
    refuse(s.error, "it was replaced while being opened");
    return false;
  }
  return true;
}

bool OutputFile::write(std::string_view bytes) {
  State& s = *s_;
  if (s.fd < 0 || s.failed) return false;
  s.buffer.append(bytes);
  return s.buffer.size() < kBufferSize || s.flush();
}

bool OutputFile::commit() {
  State& s = *s_;
  if (s.fd < 0) return false;
  bool ok = s.flush();
  if (s.in_place) {
    int fd = std::exchange(s.fd, -1);
    if (::close(fd) != 0 && ok) {
      ok = false;
      system_error(s.error, errno, nullptr);
    }
    return ok;
  }
  s.fd = -1;
  if (!ok) {
    s.temp.drop();
    return false;
  }
  if (::fchmod(s.temp.fd, new_file_mode()) != 0) {
    system_error(s.error, errno, &s.dir);
    s.temp.drop();
    return false;
  }
  return file_io::install(s.dir, s.temp, s.error);
}

bool write_file(const std::string& path, std::string_view bytes, WriteError& error) {
  OutputFile out;
  bool ok = out.open(path) && out.write(bytes) && out.commit();
  if (!ok) error = out.error();
  return ok;
}

}  // namespace corslint
