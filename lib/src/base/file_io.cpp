#include "base/file_io.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <mutex>
#include <set>
#include <tuple>
#include <utility>

namespace corslint::file_io {
namespace {

// A leftover younger than this may belong to a run that just created it and
// has not locked it yet.
constexpr std::time_t kStaleSeconds = 60;
// Room for the marker and the random part within NAME_MAX (255).
constexpr std::size_t kMaxNameInTemp = 200;

std::string random_suffix() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[8] = {};
  std::size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got < sizeof bytes) {
    // No getrandom (very old kernels): time and pid still make names that
    // are hard to guess in advance, and O_EXCL keeps them safe anyway.
    auto mix = static_cast<unsigned long long>(std::time(nullptr)) * 6364136223846793005ULL ^
               static_cast<unsigned long long>(::getpid()) ^ reinterpret_cast<std::uintptr_t>(&got);
    for (unsigned char& b : bytes) {
      mix = mix * 6364136223846793005ULL + 1442695040888963407ULL;
      b = static_cast<unsigned char>(mix >> 56);
    }
  }
  std::string out;
  for (unsigned char b : bytes) out += kAlphabet[b % (sizeof kAlphabet - 1)];
  return out;
}

bool is_leftover(std::string_view name) {
  return name.size() > 1 && name[0] == '.' && name.find(kTempMarker) != std::string_view::npos;
}

// Removes one leftover if it is ours and dead: a regular file owned by us,
// old enough, whose lock nobody holds (a live writer keeps its temporary
// file locked until it renames it).
void remove_if_stale(int dirfd, const char* name, std::time_t now) {
  struct stat st {};
  if (::fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return;
  if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid() || st.st_mtime > now - kStaleSeconds) {
    return;
  }
  int fd = ::openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return;
  struct stat opened {
  }, again{};
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &opened) == 0 && same_file(st, opened) &&
      ::fstatat(dirfd, name, &again, AT_SYMLINK_NOFOLLOW) == 0 && same_file(again, opened)) {
    ::unlinkat(dirfd, name, 0);
  }
  ::close(fd);
}

// Once per directory and process: what killed runs left behind.
void remove_stale_temps(int dirfd, const std::string& path) {
  struct stat ds {};
  if (::fstat(dirfd, &ds) != 0) return;
  // By inode and by name: a directory removed and another made in its place
  // may get the same inode number.
  static std::mutex mutex;
  static std::set<std::tuple<dev_t, ino_t, std::string>> seen;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!seen.emplace(ds.st_dev, ds.st_ino, path).second) return;
  }
  int fd = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  DIR* d = ::fdopendir(fd);
  if (d == nullptr) {
    ::close(fd);
    return;
  }
  std::time_t now = std::time(nullptr);
  while (const dirent* e = ::readdir(d)) {
    if (is_leftover(e->d_name)) remove_if_stale(dirfd, e->d_name, now);
  }
  ::closedir(d);
}

}  // namespace

Dir::~Dir() {
  if (fd >= 0) ::close(fd);
}

void Temp::drop() {
  if (fd >= 0) ::close(fd);
  fd = -1;
  if (!renamed && dir != nullptr && !name.empty()) ::unlinkat(dir->fd, name.c_str(), 0);
  name.clear();
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

void refuse(WriteError& error, std::string reason, std::string hint) {
  error.refused = true;
  error.reason = std::move(reason);
  error.hint = std::move(hint);
}

void system_error(WriteError& error, int err, const Dir* dir) {
  error.refused = false;
  error.reason = std::strerror(err);
  error.hint.clear();
  if (dir == nullptr) return;
  const std::string& d = dir->path;
  switch (err) {
    case EACCES:
    case EPERM:
      if (::faccessat(AT_FDCWD, d.c_str(), W_OK | X_OK, AT_EACCESS) != 0) {
        error.hint = "the directory '" + d + "' is not writable by this user";
      }
      break;
    case EROFS:
      error.hint = "the directory '" + d + "' is on a read-only file system";
      break;
    case ENOSPC:
      error.hint = "the file system holding '" + d + "' is full";
      break;
    case EDQUOT:
      error.hint = "the disk quota for '" + d + "' is used up";
      break;
    default:
      break;
  }
}

bool open_parent(const std::string& path, Dir& dir, WriteError& error) {
  std::size_t slash = path.rfind('/');
  dir.path = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  dir.name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (dir.name.empty() || dir.name == "." || dir.name == "..") {
    refuse(error, "it names a directory, not a file");
    return false;
  }
  dir.fd = ::open(dir.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir.fd >= 0) return true;
  int err = errno;
  if (err == ENOENT) {
    refuse(error, "the directory '" + dir.path + "' does not exist");
  } else if (err == ENOTDIR) {
    refuse(error, "'" + dir.path + "' is not a directory");
  } else {
    system_error(error, err, nullptr);
  }
  return false;
}

bool make_temp(const Dir& dir, Temp& temp, WriteError& error) {
  remove_stale_temps(dir.fd, dir.path);
  std::string name =
      "." + dir.name.substr(0, kMaxNameInTemp) + std::string(kTempMarker) + random_suffix();
  int fd = ::openat(dir.fd, name.c_str(),
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
  if (fd < 0) {
    int err = errno;
    if (err == EEXIST) {
      refuse(error, "a file named '" + dir.path + "/" + name +
                        "' already exists where the temporary file should go");
    } else {
      system_error(error, err, &dir);
    }
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
    ::close(fd);
    ::unlinkat(dir.fd, name.c_str(), 0);
    refuse(error, "the temporary file '" + name + "' is not what corslint created");
    return false;
  }
  // Held until the process ends or renames it: a live run's temporary file
  // is never taken for a leftover.
  ::flock(fd, LOCK_EX | LOCK_NB);
  temp.fd = fd;
  temp.name = std::move(name);
  temp.dir = &dir;
  return true;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) {
      errno = EIO;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool install(const Dir& dir, Temp& temp, WriteError& error) {
  if (::fsync(temp.fd) != 0) {
    system_error(error, errno, &dir);
    temp.drop();
    return false;
  }
  struct stat ours {
  }, named{};
  if (::fstat(temp.fd, &ours) != 0 ||
      ::fstatat(dir.fd, temp.name.c_str(), &named, AT_SYMLINK_NOFOLLOW) != 0 ||
      !same_file(ours, named)) {
    refuse(error, "the temporary file '" + temp.name + "' was replaced while being written");
    temp.renamed = true;  // whatever is there now is not ours to remove
    temp.drop();
    return false;
  }
  if (::renameat(dir.fd, temp.name.c_str(), dir.fd, dir.name.c_str()) != 0) {
    system_error(error, errno, &dir);
    temp.drop();
    return false;
  }
  temp.renamed = true;
  temp.drop();
  ::fsync(dir.fd);  // best effort: some file systems refuse fsync on a directory
  return true;
}

}  // namespace corslint::file_io
