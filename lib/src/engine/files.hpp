#pragma once

#include <string_view>

namespace corslint {

// Glob match for config patterns: `*` stays within a path segment, `**` crosses
// segments, `?` is one character. A pattern without '/' matches the file name
// or any directory name in the path.
bool path_matches(std::string_view pattern, std::string_view path);

// Whether the lines of a .gitignore ignore `path`, relative to the
// .gitignore's directory (`is_dir` for a directory): what a directory scan
// applies to each entry.
bool gitignore_ignores(std::string_view gitignore, std::string_view path, bool is_dir);

}  // namespace corslint
