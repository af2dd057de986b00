// The format table: adding a report format is a renderer file (a StreamWriter
// and its make_*_writer) plus one row here and its enumerator in report.hpp.
// tests/report_formats_test.cpp fails until the completion, the man page and
// docs/usage.md name it too.
#include "corslint/report.hpp"
#include "writers.hpp"

namespace corslint::report {

std::unique_ptr<StreamWriter> make_text_writer(const Context& ctx);
std::unique_ptr<StreamWriter> make_json_writer(const Context& ctx);
std::unique_ptr<StreamWriter> make_sarif_writer(const Context& ctx);
std::unique_ptr<StreamWriter> make_github_writer(const Context& ctx);
std::unique_ptr<StreamWriter> make_junit_writer(const Context& ctx);
std::unique_ptr<StreamWriter> make_gitlab_writer(const Context& ctx);

namespace {

constexpr FormatInfo kFormats[] = {
    {Format::Text, "text", &make_text_writer},    {Format::Json, "json", &make_json_writer},
    {Format::Sarif, "sarif", &make_sarif_writer}, {Format::Github, "github", &make_github_writer},
    {Format::Junit, "junit", &make_junit_writer}, {Format::Gitlab, "gitlab", &make_gitlab_writer},
};

}  // namespace

std::span<const FormatInfo> formats() { return kFormats; }

const FormatInfo& format_info(Format format) {
  // Enumerators and rows are in the same order (tests/report_formats_test.cpp).
  return kFormats[static_cast<std::size_t>(format)];
}

std::optional<Format> parse_format(std::string_view name) {
  for (const FormatInfo& f : kFormats) {
    if (f.name == name) return f.format;
  }
  return std::nullopt;
}

std::string format_names(std::string_view separator) {
  std::string out;
  for (const FormatInfo& f : kFormats) {
    if (!out.empty()) out += separator;
    out += f.name;
  }
  return out;
}

std::unique_ptr<StreamWriter> make_stream_writer(Format format, const Context& ctx) {
  return format_info(format).make(ctx);
}

std::string render(Format format, std::span<const Finding> findings, const Context& ctx) {
  return render_all(*make_stream_writer(format, ctx), findings);
}

}  // namespace corslint::report
