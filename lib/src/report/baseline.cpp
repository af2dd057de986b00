#include "corslint/report.hpp"

#include <fmt/format.h>

#include "report/writers.hpp"

namespace corslint {

namespace {

// The baseline file as a stream, so --write-baseline needs no more memory
// than a report: each entry rendered with a leading "," that
// StreamWriter::body drops before the first.
class BaselineWriter final : public report::StreamWriter {
 public:
  BaselineWriter() { separator_ = ","; }

  void begin(std::string& out) override { out += "{\n  \"version\": 1,\n  \"findings\": ["; }

  void render_group(std::span<const Finding> findings, std::string& out) const override {
    for (const Finding& f : findings) {
      out += ",\n    {\"code\": ";
      report::append_json_string(out, f.code);
      out += ", \"file\": ";
      report::append_json_string(out, f.file);
      out += ", \"pointer\": ";
      report::append_json_string(out, f.pointer);
      out += fmt::format(", \"hash\": \"{:016x}\"}}", f.value_hash);
    }
  }

  void end(std::string& out) override { out += total_ > 0 ? "\n  ]\n}\n" : "]\n}\n"; }
};

}  // namespace

std::unique_ptr<report::StreamWriter> make_baseline_writer() {
  return std::make_unique<BaselineWriter>();
}

std::string baseline_json(std::span<const Finding> findings) {
  BaselineWriter w;
  return report::render_all(w, findings);
}

}  // namespace corslint
