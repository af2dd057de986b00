#pragma once

#include <optional>
#include <string_view>

namespace corslint {

// Ordered so that a larger value is more severe; `--fail-on` compares with >=.
enum class Severity : unsigned char { Info = 0, Warning = 1, Error = 2 };

constexpr std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "error";
}

constexpr std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "info") return Severity::Info;
  if (s == "warning") return Severity::Warning;
  if (s == "error") return Severity::Error;
  return std::nullopt;
}

}  // namespace corslint
