// FileRewrite: an existing file replaced by a new version of itself (--fix),
// under an advisory lock, keeping its owner, group and mode (file_write.hpp).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "base/file_io.hpp"
#include "corslint/file_write.hpp"

namespace corslint {

using file_io::Dir;
using file_io::refuse;
using file_io::same_file;
using file_io::system_error;

struct FileRewrite::State {
  Dir dir;
  int fd = -1;  // the file read, holding the lock
  struct stat st {};
  std::string content;
  WriteError error;

  ~State() {
    if (fd >= 0) ::close(fd);
  }
};

namespace {

constexpr auto kLockWait = std::chrono::seconds(2);
constexpr auto kLockPoll = std::chrono::milliseconds(50);

// What --fix does not rewrite, judged on the path itself (not followed).
bool acceptable(const Dir& dir, const struct stat& st, WriteError& error) {
  if (S_ISLNK(st.st_mode)) {
    // The link's target is not echoed: whoever planted the link chose its
    // bytes, and this message goes to a terminal or a CI log.
    refuse(error, "it is a symbolic link",
           "corslint does not fix through links: lint and fix the target itself");
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    refuse(error, "it is not a regular file");
    return false;
  }
  if (st.st_nlink > 1) {
    refuse(error, fmt::format("it has {} hard links; a new file would split them", st.st_nlink),
           "apply the fix by hand: --diff shows it");
    return false;
  }
  if ((st.st_mode & S_IWUSR) == 0) {
    refuse(error, fmt::format("it is read-only (mode {:04o})", st.st_mode & 07777),
           "make it writable (chmod u+w) if it should be fixed");
    return false;
  }
  if (::faccessat(dir.fd, dir.name.c_str(), W_OK, AT_EACCESS) != 0) {
    if (errno == EACCES) {
      refuse(error, "this user may not write it");
    } else {
      system_error(error, errno, &dir);  // a read-only file system: a failure, not a choice
    }
    return false;
  }
  return true;
}

bool lock(int fd, bool exclusive) {
  const int how = (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
  auto deadline = std::chrono::steady_clock::now() + kLockWait;
  while (::flock(fd, how) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) return errno == ENOLCK || errno == EINVAL;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kLockPoll);
  }
  return true;
}

bool read_all(int fd, std::size_t max_size, std::string& out) {
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out.append(chunk, static_cast<std::size_t>(n));
    if (out.size() > max_size) {
      errno = EFBIG;
      return false;
    }
  }
}

}  // namespace

FileRewrite::FileRewrite() : s_(std::make_unique<State>()) {}
FileRewrite::~FileRewrite() = default;

const WriteError& FileRewrite::error() const { return s_->error; }
const std::string& FileRewrite::content() const { return s_->content; }

bool FileRewrite::open(const std::string& path, std::size_t max_size, bool exclusive) {
  State& s = *s_;
  if (!file_io::open_parent(path, s.dir, s.error)) return false;
  struct stat named {};
  if (::fstatat(s.dir.fd, s.dir.name.c_str(), &named, AT_SYMLINK_NOFOLLOW) != 0) {
    system_error(s.error, errno, nullptr);
    return false;
  }
  if (!acceptable(s.dir, named, s.error)) return false;
  s.fd = ::openat(s.dir.fd, s.dir.name.c_str(),
                  O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (s.fd < 0) {
    system_error(s.error, errno, nullptr);
    return false;
  }
  if (::fstat(s.fd, &s.st) != 0 || !same_file(s.st, named)) {
    refuse(s.error, "it was replaced while being opened");
    return false;
  }
  if (!lock(s.fd, exclusive)) {
    refuse(s.error, "another process holds a lock on it",
           "run corslint --fix again when it is done");
    return false;
  }
  // Another run may have renamed a new version into place while this one
  // waited for the lock of the old one.
  if (::fstatat(s.dir.fd, s.dir.name.c_str(), &named, AT_SYMLINK_NOFOLLOW) != 0 ||
      !same_file(s.st, named) || ::fstat(s.fd, &s.st) != 0) {
    refuse(s.error, "it changed since it was linted");
    return false;
  }
  if (!read_all(s.fd, max_size, s.content)) {
    system_error(s.error, errno, nullptr);
    return false;
  }
  return true;
}

bool FileRewrite::replace(std::string_view bytes) {
  State& s = *s_;
  file_io::Temp temp;
  if (s.fd < 0 || !file_io::make_temp(s.dir, temp, s.error)) return false;
  // The owner and group first: fchown clears set-user-ID bits, fchmod sets them.
  if ((s.st.st_uid != ::geteuid() || s.st.st_gid != ::getegid()) &&
      ::fchown(temp.fd, s.st.st_uid, s.st.st_gid) != 0) {
    refuse(s.error,
           fmt::format("its owner and group ({}:{}) cannot be kept by this user (uid {})",
                       s.st.st_uid, s.st.st_gid, ::geteuid()),
           "run corslint as the file's owner");
    return false;
  }
  if (::fchmod(temp.fd, s.st.st_mode & 07777) != 0 || !file_io::write_all(temp.fd, bytes)) {
    system_error(s.error, errno, &s.dir);
    return false;
  }
  struct stat named {};
  if (::fstatat(s.dir.fd, s.dir.name.c_str(), &named, AT_SYMLINK_NOFOLLOW) != 0 ||
      !same_file(s.st, named)) {
    refuse(s.error, "it was replaced while being fixed");
    return false;
  }
  return file_io::install(s.dir, temp, s.error);
}

}  // namespace corslint
