// GitHub Actions workflow commands: one `::error file=…::message` line per finding.
#include <fmt/format.h>

#include "corslint/report.hpp"
#include "writers.hpp"

namespace corslint::report {
namespace {

// Workflow-command escaping: a message escapes %, CR and LF; a property
// (file=, title=) also the ':' and ',' that would end it.
std::string escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string escape_data(std::string_view s) { return escape(s, false); }
std::string escape_property(std::string_view s) { return escape(s, true); }

std::string_view command(Severity s) { return severity_name(s, {"notice", "warning", "error"}); }

class GithubWriter final : public StreamWriter {
 public:
  void render_group(std::span<const Finding> findings, std::string& out) const override {
    for (const Finding& f : findings) {
      fmt::format_to(std::back_inserter(out), "::{} file={},line={},col={}", command(f.severity),
                     escape_property(f.file), f.start.line, f.start.column);
      if (f.end.line >= f.start.line && f.end.line > 0) {
        fmt::format_to(std::back_inserter(out), ",endLine={},endColumn={}", f.end.line,
                       f.end.column);
      }
      fmt::format_to(std::back_inserter(out), ",title={}::{}\n",
                     escape_property(fmt::format("{} {}", f.code, f.name)), escape_data(f.message));
    }
  }
  void end(std::string&) override {}
};

}  // namespace

std::unique_ptr<StreamWriter> make_github_writer(const Context&) {
  return std::make_unique<GithubWriter>();
}

}  // namespace corslint::report
