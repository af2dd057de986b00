#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corslint {

// Expands the paths a user gave into the files to lint: directories are walked
// recursively for *.json, *.template and YAML (skipping .git, node_modules, build
// output and what .gitignore files ignore; each directory once), files and
// "-" are kept as given (a missing one becomes E001 when linted). Sorted within
// each directory so output is deterministic.
std::vector<std::string> collect_files(const std::vector<std::string>& paths,
                                       const std::vector<std::string>& exclude);

// Glob match for config patterns: `*` stays within a path segment, `**` crosses
// segments, `?` is one character. A pattern without '/' matches the file name
// or any directory name in the path.
bool path_matches(std::string_view pattern, std::string_view path);

}  // namespace corslint
