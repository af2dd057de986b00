#pragma once

// What OutputFile and FileRewrite share: the target's directory (held open,
// so the temporary file and the rename stay in it whatever happens to the
// path), temporary files, and errors that say why.

#include <sys/stat.h>
#include <sys/types.h>

#include <string>
#include <string_view>

#include "corslint/file_write.hpp"

namespace corslint::file_io {

// A path split into its directory (opened O_DIRECTORY) and its last name.
struct Dir {
  int fd = -1;
  std::string path;  // as the user wrote it ("." when the path had none)
  std::string name;
  Dir() = default;
  Dir(const Dir&) = delete;
  Dir& operator=(const Dir&) = delete;
  ~Dir();
};

// Opens the directory of `path`; false with a reason (and a hint) otherwise.
bool open_parent(const std::string& path, Dir& dir, WriteError& error);

// A temporary file in `dir`, created O_CREAT|O_EXCL|O_NOFOLLOW (0600) and
// locked; removed by drop() unless renamed into place.
struct Temp {
  int fd = -1;
  std::string name;
  const Dir* dir = nullptr;
  bool renamed = false;
  Temp() = default;
  Temp(const Temp&) = delete;
  Temp& operator=(const Temp&) = delete;
  ~Temp() { drop(); }
  // Closes it and, unless renamed, removes it.
  void drop();
};

bool make_temp(const Dir& dir, Temp& temp, WriteError& error);

// Writes every byte (retrying short writes and EINTR); false with errno set.
bool write_all(int fd, std::string_view bytes);

// fsync, a last check that the temporary name is still our file, rename over
// dir.name, fsync of the directory (best effort). On failure the temporary
// file is removed.
bool install(const Dir& dir, Temp& temp, WriteError& error);

// Fills `error` for a failed system call: strerror(err), and a hint about
// the directory when the cause is likely there (not writable, read-only file
// system, full).
void system_error(WriteError& error, int err, const Dir* dir);

void refuse(WriteError& error, std::string reason, std::string hint = {});

bool same_file(const struct stat& a, const struct stat& b);

}  // namespace corslint::file_io
