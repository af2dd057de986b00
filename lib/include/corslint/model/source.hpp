#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/finding.hpp"

namespace corslint {

// How the bytes on disk were encoded before we turned them into UTF-8.
enum class Encoding : unsigned char { Utf8, Utf8Bom, Utf16Le, Utf16Be };

// A problem found while reading or decoding a file: E001 (unreadable) or E004 (encoding).
struct SourceError {
  std::string_view code;
  std::string message;
  uint32_t offset = 0;  // into the decoded text when the text exists
  bool located = false;
};

// The text of one input file, read once. The text is always UTF-8 (a BOM is
// skipped, UTF-16 decoded), followed by enough zero padding for simdjson to
// read past the end. Offsets everywhere in corslint are into this text; line
// and column are the same as in the original file because columns count code
// points, not bytes.
class Source {
 public:
  // Padding simdjson needs after the last byte (SIMDJSON_PADDING, checked in json.cpp).
  static constexpr std::size_t kPadding = 64;
  // Anything larger is refused (E001) rather than risking the machine's memory.
  static constexpr std::size_t kMaxFileSize = std::size_t{1} << 30;

  // Reads a file (or stdin for "-"). On failure returns nullptr and fills `error`.
  static std::shared_ptr<const Source> read_file(std::string_view path, SourceError& error);
  // Wraps bytes already in memory, decoding them like a file.
  static std::shared_ptr<const Source> from_bytes(std::string display_path, std::string bytes,
                                                  SourceError& error);

  // A document held in a JSON string of another file (`{"Policy": "{\"Version\"...}"}`
  // from `aws s3api get-bucket-policy`, a Terraform plan's policy attribute).
  // `raw` is the outer string token with its quotes, starting at byte `offset`
  // of `outer`. The text is the unescaped string; every position is reported in
  // the outer file, inside the string, escapes included. A byte-order mark
  // starting the string (raw or \ufeff) is skipped, as at the start of a file.
  static std::shared_ptr<const Source> embedded(std::shared_ptr<const Source> outer,
                                                uint32_t offset, std::string_view raw);

  std::string_view path() const { return outer_ ? outer_->path() : path_; }
  std::string_view text() const { return {text_.data(), size_}; }
  std::size_t padded_capacity() const { return text_.size(); }
  Encoding encoding() const { return encoding_; }

  // Byte offset in text() to a 1-based line and column (code points) in the
  // file the user has (the outer file for an embedded source).
  Position position(uint32_t offset) const;
  // The text of a 1-based line of the file the user has, without its terminator.
  std::string_view line_text(uint32_t line) const;
  // True for a document unescaped out of a JSON string: byte offsets in text()
  // are not offsets in the file, so text edits cannot be applied to it.
  bool is_embedded() const { return outer_ != nullptr; }
  // The byte offset in the user's file that `offset` in text() came from.
  uint32_t file_offset(uint32_t offset) const;

 private:
  Source() = default;
  void build_line_index() const;
  // Sets text_/size_/encoding_ from raw bytes; returns false with `error` on bad encoding.
  bool decode(std::string bytes, SourceError& error);

  std::string path_;
  std::string text_;  // size_ bytes of UTF-8, then kPadding zero bytes
  std::size_t size_ = 0;
  Encoding encoding_ = Encoding::Utf8;
  mutable std::vector<uint32_t> line_starts_;  // built on first use
  // Only for a text with a line longer than kColumnBlock bytes: code points
  // before each kColumnBlock-byte block, so a column on a long (minified) line
  // costs at most two blocks to count, however many findings it carries.
  mutable std::vector<uint32_t> column_blocks_;
  static constexpr uint32_t kColumnBlock = 1024;
  uint32_t code_points_before(uint32_t offset) const;
  std::shared_ptr<const Source> outer_;  // embedded sources only
  std::vector<uint32_t> outer_offsets_;  // per byte of text(), plus one for the end
};

// Offset of the first byte that is not valid UTF-8, or nullopt when the text is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

}  // namespace corslint
