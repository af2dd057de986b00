#include "corslint/report.hpp"

#include "writers.hpp"

namespace corslint::report {

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
