#pragma once

#include <span>
#include <string>
#include <string_view>

#include "corslint/finding.hpp"

namespace corslint {

struct FixOutcome {
  std::string text;           // the file after the edits
  std::size_t applied = 0;    // findings whose fix was applied
  std::size_t conflicts = 0;  // fixes skipped because they overlapped an earlier one
};

// Applies the first safe fix of each finding to `original` (the findings must
// all belong to that file, and the file must be plain UTF-8 so offsets are
// byte offsets). Edits are applied in file order; an edit that overlaps one
// already taken is skipped, so fixes never fight and one pass is final.
FixOutcome apply_fixes(std::string_view original, std::span<const Finding> findings);

// A unified diff (`--- a/path`, `+++ b/path`, three lines of context) of two
// texts, or an empty string when they are equal.
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after);

}  // namespace corslint
