// GitHub Actions workflow commands: one `::error file=…::message` line per finding.
#include <fmt/format.h>

#include "corslint/report.hpp"
#include "escape.hpp"
#include "writers.hpp"

namespace corslint::report {
namespace {

std::string_view command(Severity s) { return severity_name(s, {"notice", "warning", "error"}); }

class GithubWriter final : public StreamWriter {
 public:
  void render_group(std::span<const Finding> findings, std::string& out) const override {
    // Every string from input goes through GitHub's escaping (escape.hpp), so
    // each finding is exactly one line and its properties end where ours do.
    for (const Finding& f : findings) {
      fmt::format_to(std::back_inserter(out), "::{} file=", command(f.severity));
      append_github_property(out, f.file);
      fmt::format_to(std::back_inserter(out), ",line={},col={}", f.start.line, f.start.column);
      if (f.end.line >= f.start.line && f.end.line > 0) {
        fmt::format_to(std::back_inserter(out), ",endLine={},endColumn={}", f.end.line,
                       f.end.column);
      }
      out += ",title=";
      append_github_property(out, fmt::format("{} {}", f.code, f.name));
      out += "::";
      append_github_data(out, f.message);
      out += '\n';
    }
  }
  void end(std::string&) override {}
};

}  // namespace

std::unique_ptr<StreamWriter> make_github_writer(const Context&) {
  return std::make_unique<GithubWriter>();
}

}  // namespace corslint::report
