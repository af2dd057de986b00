// GitLab Code Quality (CodeClimate subset): an array of issues with a stable
// fingerprint, so merge-request widgets show new and fixed findings.
#include <fmt/format.h>

#include "corslint/report.hpp"

namespace corslint::report {
namespace {

std::string_view gitlab_severity(Severity s) {
  switch (s) {
    case Severity::Error:
      return "major";
    case Severity::Warning:
      return "minor";
    case Severity::Info:
      return "info";
  }
  return "major";
}

}  // namespace

std::string render_gitlab(std::span<const Finding> findings, const Context&) {
  std::string out = "[";
  bool first = true;
  for (const Finding& f : findings) {
    out += first ? "\n  {" : ",\n  {";
    first = false;
    out += "\"description\": ";
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
  out += first ? "]\n" : "\n]\n";
  return out;
}

}  // namespace corslint::report
