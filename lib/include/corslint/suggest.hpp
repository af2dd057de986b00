#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace corslint {

// Lower-case with '_', '-' and spaces removed: "allowed_origins" -> "allowedorigins".
std::string normalise_key(std::string_view key);
std::size_t edit_distance(std::string_view a, std::string_view b);
// The known key a misspelt one most likely meant (case, snake_case, singular,
// up to two edits), or nullopt.
std::optional<std::string_view> did_you_mean(std::string_view key,
                                             std::span<const std::string_view> known);

}  // namespace corslint
