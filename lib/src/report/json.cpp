// `--format json`: a stable, documented schema (docs/usage.md). Bump
// kSchemaVersion when a field changes meaning or disappears; adding a field
// does not bump it.
#include "corslint/rule.hpp"
#include "json_writer.hpp"

namespace corslint::report {
namespace {
constexpr uint64_t kSchemaVersion = 1;
}

std::string render_json(std::span<const Finding> findings, const Context& ctx) {
  std::string out;
  JsonWriter w(out);
  uint64_t counts[3] = {0, 0, 0};
  for (const Finding& f : findings) ++counts[static_cast<int>(f.severity)];
  w.begin_object();
  w.field("version", kSchemaVersion);
  w.key("tool")
      .begin_object()
      .field("name", "corslint")
      .field("version", ctx.tool_version)
      .end_object();
  w.key("summary").begin_object();
  w.field("files", static_cast<uint64_t>(ctx.files_checked));
  w.field("errors", counts[2]).field("warnings", counts[1]).field("info", counts[0]);
  w.end_object();
  w.key("findings").begin_array();
  for (const Finding& f : findings) {
    w.begin_object();
    w.field("code", f.code).field("name", f.name).field("severity", to_string(f.severity));
    w.field("message", f.message).field("file", f.file);
    w.field("line", uint64_t{f.start.line}).field("column", uint64_t{f.start.column});
    w.field("end_line", uint64_t{f.end.line}).field("end_column", uint64_t{f.end.column});
    w.field("pointer", f.pointer);
    w.key("related").begin_array();
    for (const RelatedLocation& r : f.related) {
      w.begin_object().field("message", r.message).field("file", r.file);
      w.field("line", uint64_t{r.start.line}).field("column", uint64_t{r.start.column});
      w.field("pointer", r.pointer).end_object();
    }
    w.end_array();
    w.field("help_uri", help_uri(f.code));
    if (!f.fixes.empty()) {
      const Fix& fix = f.fixes.front();
      w.key("fix").begin_object().field("description", fix.description);
      w.key("edits").begin_array();
      for (const TextEdit& e : fix.edits) {
        w.begin_object()
            .field("begin_offset", uint64_t{e.begin})
            .field("end_offset", uint64_t{e.end});
        w.field("replacement", e.replacement).end_object();
      }
      w.end_array().end_object();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return out;
}

}  // namespace corslint::report
