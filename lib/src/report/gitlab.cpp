// GitLab Code Quality (CodeClimate subset): an array of issues with a stable
// fingerprint, so merge-request widgets show new and fixed findings.
#include <fmt/format.h>

#include "corslint/report.hpp"
#include "writers.hpp"

namespace corslint::report {
namespace {

std::string_view gitlab_severity(Severity s) {
  return severity_name(s, {"info", "minor", "major"});
}

// A JSON array with no header: every issue streams, each rendered as
// ",\n  {...}" (body() drops the first comma).
class GitlabWriter final : public StreamWriter {
 public:
  GitlabWriter() { separator_ = ","; }

  void begin(std::string& out) override { out += '['; }

  void render_group(std::span<const Finding> findings, std::string& out) const override {
    for (const Finding& f : findings) {
      out += ",\n  {\"description\": ";
      append_json_string(out, fmt::format("{} [{} {}]", f.message, f.code, f.name));
      out += ", \"check_name\": ";
      append_json_string(out, f.code);
      // Code, file, pointer, value and message: stable when unrelated lines move.
      uint64_t h = stable_hash(f.code);
      h = stable_hash(f.file, h);
      h = stable_hash(f.pointer, h);
      h = stable_hash(fmt::format("{:016x}", f.value_hash), h);
      h = stable_hash(f.message, h);  // two findings of one rule on one value differ here
      out += fmt::format(", \"fingerprint\": \"{:016x}\", \"severity\": \"{}\", ", h,
                         gitlab_severity(f.severity));
      out += "\"location\": {\"path\": ";
      append_json_string(out, f.file);
      out += fmt::format(", \"lines\": {{\"begin\": {}}}}}}}", std::max<uint32_t>(f.start.line, 1));
    }
  }

  void end(std::string& out) override { out += total_ > 0 ? "\n]\n" : "]\n"; }
};

}  // namespace

std::unique_ptr<StreamWriter> make_gitlab_writer(const Context&) {
  return std::make_unique<GitlabWriter>();
}

}  // namespace corslint::report
