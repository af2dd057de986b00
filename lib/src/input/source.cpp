#include "corslint/model/source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/core.h>

namespace corslint {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f) std::fclose(f);
  }
};

std::string describe_errno(int err) {
  switch (err) {
    case ENOENT:
      return "no such file or directory";
    case EACCES:
      return "permission denied";
    case EISDIR:
      return "is a directory";
    default:
      return std::strerror(err);
  }
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes UTF-16 (after its BOM) to UTF-8. On an unpaired surrogate or an odd
// byte count, fills `error` with the offset in the UTF-8 decoded so far, so the
// location (line, column) is where the bad unit sits in the original file.
bool decode_utf16(std::string_view in, bool big_endian, std::string& out, SourceError& error) {
  out.reserve(in.size() / 2 + Source::kPadding);
  auto unit = [&](std::size_t i) -> uint32_t {
    auto b0 = static_cast<unsigned char>(in[i]);
    auto b1 = static_cast<unsigned char>(in[i + 1]);
    return big_endian ? (b0 << 8 | b1) : (b1 << 8 | b0);
  };
  std::size_t i = 0;
  for (; i + 1 < in.size(); i += 2) {
    uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 < in.size()) {
        uint32_t lo = unit(i + 2);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
          i += 2;
          continue;
        }
      }
      error = {"E004", "invalid UTF-16: unpaired high surrogate", static_cast<uint32_t>(out.size()),
               true};
      return false;
    }
    if (u >= 0xDC00 && u <= 0xDFFF) {
      error = {"E004", "invalid UTF-16: unpaired low surrogate", static_cast<uint32_t>(out.size()),
               true};
      return false;
    }
    append_utf8(out, u);
  }
  if (i < in.size()) {
    error = {"E004", "invalid UTF-16: odd number of bytes", static_cast<uint32_t>(out.size()),
             true};
    return false;
  }
  return true;
}

// Reads stdin to its end, but no further than the size cap: `corslint - <
// /dev/zero` (or a pipe that never ends) stops with E001 once kMaxFileSize is
// passed, as an oversized file does, instead of growing without bound.
bool read_stdin(std::string& bytes, SourceError& error) {
  char chunk[65536];
  for (;;) {
    ssize_t got = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      error = {"E001", fmt::format("cannot read file: {}", describe_errno(errno)), 0, false};
      return false;
    }
    if (got == 0) return true;
    if (bytes.size() + static_cast<std::size_t>(got) > Source::kMaxFileSize) {
      error = {"E001", fmt::format("file is larger than {} MiB", Source::kMaxFileSize >> 20), 0,
               false};
      return false;
    }
    // Grow by doubling up to the cap (plus the padding decode appends), so a
    // capped read never holds more than the cap and one copy while growing.
    std::size_t need = bytes.size() + static_cast<std::size_t>(got) + Source::kPadding;
    if (need > bytes.capacity()) {
      bytes.reserve(
          std::min(std::max(need, 2 * bytes.capacity()), Source::kMaxFileSize + Source::kPadding));
    }
    bytes.append(chunk, static_cast<std::size_t>(got));
  }
}

}  // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Fast path over ASCII, eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid UTF-8.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::nullopt;
}

bool Source::decode(std::string bytes, SourceError& error) {
  auto starts = [&](std::string_view prefix) {
    return bytes.size() >= prefix.size() &&
           std::string_view(bytes).substr(0, prefix.size()) == prefix;
  };
  if (starts("\xEF\xBB\xBF")) {
    encoding_ = Encoding::Utf8Bom;
    bytes.erase(0, 3);
  } else if (starts("\xFF\xFE") || starts("\xFE\xFF")) {
    encoding_ = starts("\xFF\xFE") ? Encoding::Utf16Le : Encoding::Utf16Be;
    std::string utf8;
    bool ok = decode_utf16(std::string_view(bytes).substr(2), encoding_ == Encoding::Utf16Be, utf8,
                           error);
    bytes = std::move(utf8);
    if (!ok) {
      size_ = bytes.size();
      text_ = std::move(bytes);
      text_.append(kPadding, '\0');
      return false;
    }
  }
  size_ = bytes.size();
  text_ = std::move(bytes);
  text_.append(kPadding, '\0');
  if (auto bad = find_invalid_utf8(text())) {
    error = {"E004",
             fmt::format("invalid UTF-8: byte 0x{:02X} does not start a valid UTF-8 sequence",
                         static_cast<unsigned char>(text_[*bad])),
             static_cast<uint32_t>(*bad), true};
    return false;
  }
  return true;
}

std::shared_ptr<const Source> Source::from_bytes(std::string display_path, std::string bytes,
                                                 SourceError& error) {
  std::shared_ptr<Source> src(new Source());
  src->path_ = std::move(display_path);
  if (bytes.size() > kMaxFileSize) {
    error = {"E001", fmt::format("file is larger than {} MiB", kMaxFileSize >> 20), 0, false};
    return nullptr;
  }
  if (!src->decode(std::move(bytes), error)) {
    // Keep the decoded text so an encoding error can still be located.
    error.located = error.located && src->size_ >= error.offset;
    if (error.located) {
      // The caller needs the source to turn the offset into line:col.
      return src;
    }
    return nullptr;
  }
  return src;
}

std::shared_ptr<const Source> Source::read_file(std::string_view path, SourceError& error) {
  std::string display(path);
  std::string bytes;
  if (path == "-") {
    if (!read_stdin(bytes, error)) return nullptr;
    return from_bytes("<stdin>", std::move(bytes), error);
  }
  struct stat st {};
  if (::stat(display.c_str(), &st) != 0) {
    error = {"E001", fmt::format("cannot read file: {}", describe_errno(errno)), 0, false};
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    error = {"E001", "cannot read file: is a directory", 0, false};
    return nullptr;
  }
  // A FIFO would block until some writer appears and a device may never end:
  // only regular files are read (stdin, "-", is the way to pipe input in).
  auto not_regular = [&](const struct stat& s) {
    const char* what = S_ISFIFO(s.st_mode)                        ? "a FIFO (named pipe)"
                       : S_ISCHR(s.st_mode) || S_ISBLK(s.st_mode) ? "a device"
                       : S_ISSOCK(s.st_mode)                      ? "a socket"
                                                                  : "not a regular file";
    error = {"E001",
             fmt::format("cannot read file: {}; corslint reads regular files only (pipe the "
                         "content to \"corslint -\" instead)",
                         what),
             0, false};
    return nullptr;
  };
  if (!S_ISREG(st.st_mode)) return not_regular(st);
  if (static_cast<std::size_t>(st.st_size) > kMaxFileSize) {
    error = {"E001", fmt::format("file is larger than {} MiB", kMaxFileSize >> 20), 0, false};
    return nullptr;
  }
  // O_NONBLOCK: if the path was replaced by a FIFO since stat, open must not
  // wait for a writer; fstat on the opened file decides.
  int fd = ::open(display.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error = {"E001", fmt::format("cannot read file: {}", describe_errno(errno)), 0, false};
    return nullptr;
  }
  struct stat opened {};
  if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
    ::close(fd);
    return not_regular(opened);
  }
  std::unique_ptr<std::FILE, FileCloser> f(::fdopen(fd, "rb"));
  if (!f) {
    ::close(fd);
    error = {"E001", fmt::format("cannot read file: {}", describe_errno(errno)), 0, false};
    return nullptr;
  }
  // Size from stat is a hint only (/proc files, a file growing or replaced
  // while read); read until EOF.
  bytes.reserve(static_cast<std::size_t>(st.st_size) + kPadding);
  char chunk[65536];
  std::size_t got;
  while ((got = std::fread(chunk, 1, sizeof chunk, f.get())) > 0) {
    bytes.append(chunk, got);
    if (bytes.size() > kMaxFileSize) {
      error = {"E001", fmt::format("file is larger than {} MiB", kMaxFileSize >> 20), 0, false};
      return nullptr;
    }
  }
  if (std::ferror(f.get())) {
    error = {"E001", fmt::format("cannot read file: {}", describe_errno(errno)), 0, false};
    return nullptr;
  }
  return from_bytes(std::move(display), std::move(bytes), error);
}

void Source::build_line_index() const {
  line_starts_.clear();
  line_starts_.push_back(0);
  // "\r\n" and lone "\r" both end a line, as editors count them. memchr finds
  // both kinds of break a word at a time instead of testing every byte.
  const char* const begin = text_.data();
  const char* const end = begin + size_;
  auto push = [&](const char* after) {
    line_starts_.push_back(static_cast<uint32_t>(after - begin));
  };
  // Most files have no "\r" at all: then one search settles it for every line.
  const bool has_cr = std::memchr(begin, '\r', size_) != nullptr;
  for (const char* p = begin; p < end;) {
    const auto* nl =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* stop = nl != nullptr ? nl : end;
    for (const char* cr = p; has_cr && cr < stop;) {
      cr = static_cast<const char*>(std::memchr(cr, '\r', static_cast<std::size_t>(stop - cr)));
      if (cr == nullptr) break;
      ++cr;
      if (cr != nl) push(cr);  // a "\r" not followed by the "\n" that ends this stretch
    }
    if (nl == nullptr) break;
    push(nl + 1);
    p = nl + 1;
  }
  bool long_line = false;
  for (std::size_t i = 0; i < line_starts_.size() && !long_line; ++i) {
    std::size_t next = i + 1 < line_starts_.size() ? line_starts_[i + 1] : size_;
    long_line = next - line_starts_[i] > kColumnBlock;
  }
  column_blocks_.clear();
  if (!long_line) return;
  column_blocks_.reserve(size_ / kColumnBlock + 1);
  uint32_t count = 0;
  for (std::size_t i = 0; i < size_; ++i) {
    if (i % kColumnBlock == 0) column_blocks_.push_back(count);
    if ((static_cast<unsigned char>(begin[i]) & 0xC0) != 0x80) ++count;
  }
  if (size_ % kColumnBlock == 0) column_blocks_.push_back(count);  // offset == size_
}

uint32_t Source::code_points_before(uint32_t offset) const {
  uint32_t block = offset / kColumnBlock;
  uint32_t count = column_blocks_[block];
  for (uint32_t i = block * kColumnBlock; i < offset; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::shared_ptr<const Source> Source::embedded(std::shared_ptr<const Source> outer, uint32_t offset,
                                               std::string_view raw) {
  std::shared_ptr<Source> src(new Source());
  std::string text;
  std::vector<uint32_t> map;
  text.reserve(raw.size() + kPadding);
  map.reserve(raw.size() + 1);
  auto hex = [&](std::size_t i) -> uint32_t {
    uint32_t v = 0;
    for (std::size_t k = i; k < i + 4 && k < raw.size(); ++k) {
      char c = raw[k];
      v = v * 16 + static_cast<uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
  };
  // raw[0] and raw.back() are the quotes; the tree already validated the escapes.
  std::size_t end = raw.size() >= 2 ? raw.size() - 1 : raw.size();
  for (std::size_t i = 1; i < end;) {
    auto at = static_cast<uint32_t>(offset + i);
    std::size_t before = text.size();
    if (raw[i] != '\\') {
      text.push_back(raw[i]);
      ++i;
    } else {
      char e = i + 1 < end ? raw[i + 1] : '\\';
      switch (e) {
        case 'n':
          text.push_back('\n');
          break;
        case 't':
          text.push_back('\t');
          break;
        case 'r':
          text.push_back('\r');
          break;
        case 'b':
          text.push_back('\b');
          break;
        case 'f':
          text.push_back('\f');
          break;
        case 'u': {
          uint32_t cp = hex(i + 2);
          std::size_t len = 6;
          if (cp >= 0xD800 && cp <= 0xDBFF && i + 11 < end && raw[i + 6] == '\\' &&
              raw[i + 7] == 'u') {
            uint32_t lo = hex(i + 8);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
              len = 12;
            }
          }
          append_utf8(text, cp);
          i += len;
          for (std::size_t k = before; k < text.size(); ++k) map.push_back(at);
          continue;
        }
        default:
          text.push_back(e);
          break;  // \" \\ \/
      }
      i += 2;
    }
    for (std::size_t k = before; k < text.size(); ++k) map.push_back(at);
  }
  map.push_back(static_cast<uint32_t>(offset + end));
  // A byte-order mark starting the document (written as is or as \ufeff) is
  // skipped, as it is at the start of a file.
  if (std::string_view(text).starts_with("\xEF\xBB\xBF")) {
    text.erase(0, 3);
    map.erase(map.begin(), map.begin() + 3);
    src->encoding_ = Encoding::Utf8Bom;
  }
  src->size_ = text.size();
  src->text_ = std::move(text);
  src->text_.append(kPadding, '\0');
  src->outer_offsets_ = std::move(map);
  src->outer_ = std::move(outer);
  return src;
}

uint32_t Source::file_offset(uint32_t offset) const {
  if (!outer_) return offset;
  if (offset >= outer_offsets_.size()) return outer_offsets_.back();
  return outer_offsets_[offset];
}

Position Source::position(uint32_t offset) const {
  if (outer_) return outer_->position(file_offset(offset));
  if (line_starts_.empty()) build_line_index();
  if (offset > size_) offset = static_cast<uint32_t>(size_);
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<uint32_t>(it - line_starts_.begin());  // 1-based
  uint32_t start = line_starts_[line - 1];
  uint32_t column = 1;
  if (offset - start > kColumnBlock && !column_blocks_.empty()) {
    return {line, 1 + code_points_before(offset) - code_points_before(start)};
  }
  for (uint32_t i = start; i < offset; ++i) {
    // Count code points: every byte that is not a UTF-8 continuation byte.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return {line, column};
}

std::string_view Source::line_text(uint32_t line) const {
  if (outer_) return outer_->line_text(line);
  if (line_starts_.empty()) build_line_index();
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t start = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(size_);
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return {text_.data() + start, end - start};
}

}  // namespace corslint
