#include "corslint/report.hpp"

#include "writers.hpp"

namespace corslint::report {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::Text;
  if (name == "json") return Format::Json;
  if (name == "sarif") return Format::Sarif;
  if (name == "github") return Format::Github;
  if (name == "junit") return Format::Junit;
  if (name == "gitlab") return Format::Gitlab;
  return std::nullopt;
}

std::unique_ptr<StreamWriter> make_stream_writer(Format format, const Context& ctx) {
  switch (format) {
    case Format::Text:
      return make_text_writer(ctx);
    case Format::Github:
      return make_github_writer(ctx);
    case Format::Json:
      return make_json_writer(ctx);
    case Format::Sarif:
      return make_sarif_writer(ctx);
    case Format::Junit:
      return make_junit_writer(ctx);
    case Format::Gitlab:
      return make_gitlab_writer(ctx);
  }
  return nullptr;
}

void StreamWriter::tally(std::span<const Finding> group) {
  for (const Finding& f : group) {
    ++counts_[static_cast<int>(f.severity)];
    ++total_;
    // A file's findings are contiguous: it belongs to one group, sorted by file.
    if (files_with_ == 0 || f.file != last_file_) {
      ++files_with_;
      last_file_ = f.file;
    }
    ++per_code_[{f.code, f.name}];
  }
}

std::string_view StreamWriter::body(std::string_view rendered) {
  if (rendered.empty() || wrote_) return rendered;
  wrote_ = true;
  if (rendered.starts_with(separator_)) rendered.remove_prefix(separator_.size());
  return rendered;
}

std::string render_all(StreamWriter& writer, std::span<const Finding> findings) {
  std::string rendered;
  writer.render_group(findings, rendered);
  writer.tally(findings);
  std::string out;
  writer.begin(out);
  writer.head(out);
  out += writer.body(rendered);
  writer.end(out);
  return out;
}

std::string render(Format format, std::span<const Finding> findings, const Context& ctx) {
  switch (format) {
    case Format::Text:
      return render_text(findings, ctx);
    case Format::Json:
      return render_json(findings, ctx);
    case Format::Sarif:
      return render_sarif(findings, ctx);
    case Format::Github:
      return render_github(findings, ctx);
    case Format::Junit:
      return render_junit(findings, ctx);
    case Format::Gitlab:
      return render_gitlab(findings, ctx);
  }
  return {};
}

namespace {

void append_json_escape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
  }
}

}  // namespace

// Copies runs of characters that need no escape in one append: messages and
// rule metadata are almost all plain text, and one push_back per character
// was the largest cost of rendering SARIF.
void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    append_json_escape(out, c);
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

}  // namespace corslint::report
