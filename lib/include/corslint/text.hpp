#pragma once

// Text primitives every stage shares: S3, CloudFront and IAM wildcard
// matching, lower case, case-insensitive comparison, and "did you mean" suggestions.

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace corslint {

// S3's wildcard match: at most one '*', which matches any run of characters
// (including none). Without '*' the strings must be equal. Origins compare
// case-sensitively (S3 compares the exact string); header names case-insensitively.
bool wildcard_match(std::string_view pattern, std::string_view value);
bool wildcard_match_icase(std::string_view pattern, std::string_view value);

// Does every string `inner` matches also match `outer`? (Pattern containment,
// used to decide that an earlier rule covers a later one.)
bool wildcard_covers(std::string_view outer, std::string_view inner, bool ignore_case);

// Is there a string both patterns match? (Two allow-lists that share an entry
// this way answer some requests alike.)
bool wildcard_overlaps(std::string_view a, std::string_view b, bool ignore_case);
// A CloudFront cache behaviour PathPattern against a request path: '*' matches
// any run of characters (including '/'), '?' exactly one; case-sensitive. A
// pattern without a leading '/' is read as if it had one.
bool path_pattern_match(std::string_view pattern, std::string_view path);

// IAM's glob (actions, ARNs, ArnLike/StringLike values): '*' matches any run
// of characters (including none), '?' exactly one. Linear in practice: only
// the last '*' is ever retried.
bool glob_match(std::string_view pattern, std::string_view value, bool ignore_case);

// The path glob of config files (`exclude`, `per_file_ignores`, `suppress`,
// `bundles`) and .gitignore lines, over a whole '/'-separated path: `*` is a
// run of characters within one segment, `?` one character other than '/',
// `**` any run of characters (segments included), and `**/` also no
// directory at all (`a/**/b` matches `a/b`). Every other byte is itself
// (no bracket classes, no backslash escapes); case-sensitive. Time is at most
// pattern length x path length, without recursion.
bool path_glob_match(std::string_view pattern, std::string_view path);

// ASCII lower case: AWS names, schemes, hosts and HTTP tokens are ASCII, and
// other bytes (UTF-8 included) pass through unchanged.
constexpr char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
std::string lower(std::string_view s);

bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);

// Lower-case with '_', '-' and spaces removed: "allowed_origins" -> "allowedorigins".
std::string normalise_key(std::string_view key);
// Levenshtein distance, or limit + 1 when it is more than limit. Strings whose
// lengths differ by more than limit return at once, so a megabyte-long value
// compared with a catalog of short names costs nothing (it used to be
// length x name length per name: minutes for one unknown 1 MB action).
std::size_t edit_distance(std::string_view a, std::string_view b,
                          std::size_t limit = std::numeric_limits<std::size_t>::max() - 1);
// The known key a misspelt one most likely meant (case, snake_case, singular,
// up to two edits), or nullopt.
std::optional<std::string_view> did_you_mean(std::string_view key,
                                             std::span<const std::string_view> known);

}  // namespace corslint
