// JUnit XML for CI systems that show test reports: one test suite per file
// with findings, one failing test case per finding.
#include <fmt/format.h>

#include "corslint/report.hpp"
#include "escape.hpp"
#include "writers.hpp"

namespace corslint::report {
namespace {

// Every string from input is escaped for where it goes (escape.hpp): an
// attribute value or character data.
std::string attr(std::string_view s) { return xml_escaped(s, true); }
std::string text(std::string_view s) { return xml_escaped(s, false); }

// `<testsuites>` carries the totals, so the writer spools its body: head()
// writes the declaration and `<testsuites>` once the last group is tallied.
// A file's findings are contiguous (one group holds all of them), so each
// group renders whole `<testsuite>`s.
class JunitWriter final : public StreamWriter {
 public:
  explicit JunitWriter(const Context& ctx) : ctx_(ctx) {}

  bool spools_body() const override { return true; }
  bool renders_whole_files() const override { return true; }

  void head(std::string& out) override {
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    fmt::format_to(std::back_inserter(out),
                   "<testsuites name=\"corslint\" tests=\"{}\" failures=\"{}\">\n",
                   std::max<std::size_t>(total_, 1), total_);
    if (total_ == 0) {
      fmt::format_to(std::back_inserter(out),
                     "  <testsuite name=\"corslint\" tests=\"1\" failures=\"0\">\n"
                     "    <testcase classname=\"corslint\" name=\"{} files checked\"/>\n"
                     "  </testsuite>\n",
                     ctx_.files_checked);
    }
  }

  void render_group(std::span<const Finding> findings, std::string& out) const override {
    std::size_t i = 0;
    while (i < findings.size()) {
      std::size_t j = i;
      while (j < findings.size() && findings[j].file == findings[i].file) ++j;
      fmt::format_to(std::back_inserter(out),
                     "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
                     attr(findings[i].file), j - i, j - i);
      for (std::size_t k = i; k < j; ++k) {
        const Finding& f = findings[k];
        fmt::format_to(
            std::back_inserter(out),
            "    <testcase classname=\"{}\" name=\"{} {} at {}:{}\">\n"
            "      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}: {} [{} {}]</failure>\n"
            "    </testcase>\n",
            attr(f.file), attr(f.code), attr(f.name), f.start.line, f.start.column,
            to_string(f.severity), attr(f.message), text(f.file), f.start.line, f.start.column,
            to_string(f.severity), text(f.message), text(f.code), text(f.name));
      }
      out += "  </testsuite>\n";
      i = j;
    }
  }

  void end(std::string& out) override { out += "</testsuites>\n"; }

 private:
  Context ctx_;
};

}  // namespace

std::unique_ptr<StreamWriter> make_junit_writer(const Context& ctx) {
  return std::make_unique<JunitWriter>(ctx);
}

}  // namespace corslint::report
