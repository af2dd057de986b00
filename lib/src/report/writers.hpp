#pragma once

// What the format renderers share.
#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "corslint/report.hpp"

namespace corslint::report {

// A format's word for each severity, in Severity's order: info, warning, error.
using SeverityNames = std::array<std::string_view, 3>;
constexpr std::string_view severity_name(Severity s, const SeverityNames& names) {
  return names[static_cast<std::size_t>(s)];
}

// The whole report of `findings` as one group through a fresh `writer`:
// begin + head + body + end, exactly what the streaming caller writes.
std::string render_all(StreamWriter& writer, std::span<const Finding> findings);

}  // namespace corslint::report
