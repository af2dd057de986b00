#pragma once

#include <string_view>

namespace corslint {

// Glob match for config patterns: `*` stays within a path segment, `**` crosses
// segments, `?` is one character. A pattern without '/' matches the file name
// or any directory name in the path.
bool path_matches(std::string_view pattern, std::string_view path);

}  // namespace corslint
