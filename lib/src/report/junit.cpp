// JUnit XML for CI systems that show test reports: one test suite per file
// with findings, one failing test case per finding.
#include <fmt/format.h>

#include "corslint/report.hpp"

namespace corslint::report {
namespace {

std::string xml(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 cannot carry most control characters, even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

std::string render_junit(std::span<const Finding> findings, const Context& ctx) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  fmt::format_to(std::back_inserter(out),
                 "<testsuites name=\"corslint\" tests=\"{}\" failures=\"{}\">\n",
                 std::max<std::size_t>(findings.size(), 1), findings.size());
  if (findings.empty()) {
    fmt::format_to(std::back_inserter(out),
                   "  <testsuite name=\"corslint\" tests=\"1\" failures=\"0\">\n"
                   "    <testcase classname=\"corslint\" name=\"{} files checked\"/>\n"
                   "  </testsuite>\n",
                   ctx.files_checked);
  }
  std::size_t i = 0;
  while (i < findings.size()) {
    std::size_t j = i;
    while (j < findings.size() && findings[j].file == findings[i].file) ++j;
    fmt::format_to(std::back_inserter(out),
                   "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
                   xml(findings[i].file), j - i, j - i);
    for (std::size_t k = i; k < j; ++k) {
      const Finding& f = findings[k];
      fmt::format_to(
          std::back_inserter(out),
          "    <testcase classname=\"{}\" name=\"{} {} at {}:{}\">\n"
          "      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}: {} [{} {}]</failure>\n"
          "    </testcase>\n",
          xml(f.file), f.code, f.name, f.start.line, f.start.column, to_string(f.severity),
          xml(f.message), xml(f.file), f.start.line, f.start.column, to_string(f.severity),
          xml(f.message), f.code, f.name);
    }
    out += "  </testsuite>\n";
    i = j;
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace corslint::report
