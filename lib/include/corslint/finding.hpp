#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/severity.hpp"

namespace corslint {

// A 1-based line and column. Columns count Unicode code points; a tab counts 1.
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
};

// A second place that explains a finding (the first occurrence of a duplicate,
// the earlier rule that shadows this one, ...).
struct RelatedLocation {
  std::string file;
  Position start;
  std::string pointer;
  std::string message;
};

// One replacement in the original file's bytes: [begin, end) becomes `replacement`.
struct TextEdit {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string replacement;
};

// Which bytes a fix's offsets are into: the linted file's size and a hash of
// its content (content_digest). Compared within one process only.
struct ContentDigest {
  uint64_t size = 0;
  uint64_t hash = 0;
  bool operator==(const ContentDigest&) const = default;
};
ContentDigest content_digest(std::string_view content);

// A mechanical fix a future `--fix` can apply. Offsets are into the file as read
// (after decoding), so a fix is only applied to UTF-8 files.
struct Fix {
  std::string description;
  std::vector<TextEdit> edits;
  // Safe fixes keep the document's intent (drop a trailing slash, upper-case a
  // method, remove a duplicate); `--fix` applies only those.
  bool safe = true;
  // The file the offsets are into, as it was linted (set by the engine when
  // LintOptions::fix_digests): --fix edits only a file that still has these
  // exact bytes.
  std::optional<ContentDigest> linted = std::nullopt;
};

struct Finding {
  std::string_view code;  // points at static rule metadata
  std::string_view name;
  Severity severity = Severity::Error;
  std::string message;
  std::string file;
  Position start;
  Position end;
  std::string pointer;
  std::vector<RelatedLocation> related;
  std::vector<Fix> fixes;  // zero or one in practice; a vector keeps Finding cheap to move
  // The source line the finding starts on, kept so reports never re-read files.
  std::string source_line;
  // A hash of the offending value's source text: with code, file and pointer
  // it identifies a finding across edits that move lines (baselines).
  uint64_t value_hash = 0;
};

// FNV-1a, 64 bits: stable across runs and machines.
uint64_t stable_hash(std::string_view text, uint64_t seed = 14695981039346656037ULL);

// Messages quote the values they are about; a megabyte-long action or key
// would make a megabyte-long message in every format. Longer than this, a
// message keeps its start and its end (where the advice is) around " … ".
inline constexpr std::size_t kMaxMessageBytes = 1024;
std::string bounded_message(std::string message);

// Sort key for deterministic output: file, line, column, code, message.
bool finding_less(const Finding& a, const Finding& b);

// Sorts by finding_less; findings that compare equal keep their order.
void sort_findings(std::vector<Finding>& findings);

}  // namespace corslint
