#pragma once

// Every file corslint writes (--fix, -o, --write-baseline, init, rules docs)
// goes through this header, so one place decides how a write can fail and
// what it refuses. docs/security.md ("Writing files") states the promises.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace corslint {

// Why a write did not happen.
struct WriteError {
  // True when corslint chose not to write (a symbolic link, a hard-linked or
  // read-only file, a file that changed since it was read): a warning for
  // --fix. False when the system said no (`reason` ends with strerror).
  bool refused = false;
  std::string reason;  // "No space left on device", "it is a symbolic link", ...
  std::string hint;    // what to do about it, or empty
};

// Temporary files are named `.<name>.corslint-tmp-XXXXXXXX` (8 random
// characters), in the target's directory. Each is created with
// O_CREAT|O_EXCL|O_NOFOLLOW (mode 0600) and locked (flock) while its writer
// lives. A leftover of a killed run is removed by the next write into that
// directory when it is a regular file owned by the same user, more than a
// minute old, and nobody holds its lock.
inline constexpr std::string_view kTempMarker = ".corslint-tmp-";

// A file written whole or not at all (a report, a baseline, a config):
// - a new path, or an existing regular file: written to a temporary file in
//   the same directory, fsync'd, then renamed over the path (the directory is
//   fsync'd after, best effort); the file gets the mode 0666 & ~umask;
// - a character device or a FIFO (or a symbolic link to one that the user or
//   root owns), /dev/stdout, /dev/stderr, /dev/fd/N: written in place, never
//   created, truncated or replaced;
// - anything else is refused: a directory, a block device, a symbolic link
//   to a regular file or to nothing (give the target's own path), a link
//   owned by another user.
// Not committed (an error, or destroyed early), the temporary file is removed.
class OutputFile {
 public:
  OutputFile();
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // False (with error()) when the path is refused or cannot be opened.
  bool open(const std::string& path);
  // Buffered; false once any write failed (the first error is kept).
  bool write(std::string_view bytes);
  // Flushes, fsyncs and renames into place (or closes the device); false on
  // any error, then nothing was renamed and the temporary file is gone.
  bool commit();
  const WriteError& error() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// open, write, commit.
bool write_file(const std::string& path, std::string_view bytes, WriteError& error);

// An existing file rewritten in place of itself (--fix). open() refuses
// (WriteError::refused) a symbolic link, a file with more than one hard link,
// a file its owner may not write (0444), a file the caller may not write, and
// anything that is not a regular file; it then locks the file (flock, waiting
// up to two seconds for another holder) and reads it. replace() writes the new
// content to a temporary file with the original's owner, group and mode
// (refusing when the owner cannot be kept), fsyncs it, and renames it over the
// file, still under the lock, only if the path still names the file read.
class FileRewrite {
 public:
  FileRewrite();
  ~FileRewrite();
  FileRewrite(const FileRewrite&) = delete;
  FileRewrite& operator=(const FileRewrite&) = delete;

  // `exclusive`: LOCK_EX, for a rewrite; otherwise LOCK_SH (a --diff).
  bool open(const std::string& path, std::size_t max_size, bool exclusive = true);
  // The bytes read under the lock.
  const std::string& content() const;
  bool replace(std::string_view bytes);
  const WriteError& error() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace corslint
