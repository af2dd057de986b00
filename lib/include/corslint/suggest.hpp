#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace corslint {

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
