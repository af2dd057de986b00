#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "corslint/finding.hpp"

namespace corslint::report {

enum class Format { Text, Json, Sarif, Github, Junit, Gitlab };

std::optional<Format> parse_format(std::string_view name);

struct Context {
  bool color = false;
  bool quiet = false;       // text: no excerpt, no summary
  bool statistics = false;  // text: a count per code after the findings
  std::size_t files_checked = 0;
  std::string_view tool_version;
};

// Renders sorted findings. Output is deterministic: identical input, identical bytes.
std::string render(Format format, std::span<const Finding> findings, const Context& ctx);

std::string render_text(std::span<const Finding> findings, const Context& ctx);
std::string render_json(std::span<const Finding> findings, const Context& ctx);
std::string render_sarif(std::span<const Finding> findings, const Context& ctx);
std::string render_github(std::span<const Finding> findings, const Context& ctx);
std::string render_junit(std::span<const Finding> findings, const Context& ctx);
std::string render_gitlab(std::span<const Finding> findings, const Context& ctx);

// JSON string escaping shared by the JSON-based formats.
void append_json_string(std::string& out, std::string_view s);

}  // namespace corslint::report
