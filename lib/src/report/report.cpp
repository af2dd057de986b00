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

}  // namespace corslint::report
