// `--format json`: a stable, documented schema (docs/usage.md). Bump
// kSchemaVersion when a field changes meaning or disappears; adding a field
// does not bump it.
//
// `summary` comes before `findings` (a documented key order) and carries the
// totals, so the writer spools its body: the caller writes head() (everything
// up to `"findings": [`) once the last group is tallied, then the findings.
#include "corslint/rule.hpp"
#include "json_writer.hpp"
#include "writers.hpp"

namespace corslint::report {
namespace {

constexpr uint64_t kSchemaVersion = 1;

class JsonReportWriter final : public StreamWriter {
 public:
  explicit JsonReportWriter(const Context& ctx) : ctx_(ctx) { separator_ = ","; }

  bool spools_body() const override { return true; }

  void head(std::string& out) override {
    JsonWriter w(out);
    w.begin_object();
    w.field("version", kSchemaVersion);
    w.key("tool")
        .begin_object()
        .field("name", "corslint")
        .field("version", ctx_.tool_version)
        .end_object();
    // Added after schema version 1 (which adding a field does not change).
    w.key("config");
    if (ctx_.config_path.empty()) {
      w.null();
    } else {
      w.value(ctx_.config_path);
    }
    w.key("summary").begin_object();
    w.field("files", static_cast<uint64_t>(ctx_.files_checked));
    w.field("errors", uint64_t{counts_[2]})
        .field("warnings", uint64_t{counts_[1]})
        .field("info", uint64_t{counts_[0]});
    w.end_object();
    w.key("findings");
    out += '[';  // left open: the elements follow, end() closes it
  }

  // Elements of `findings` (depth 2: the top object, the array).
  void render_group(std::span<const Finding> group, std::string& out) const override {
    JsonWriter w(out, 2);
    for (const Finding& f : group) {
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
  }

  void end(std::string& out) override { out += total_ > 0 ? "\n  ]\n}\n" : "]\n}\n"; }

 private:
  Context ctx_;
};

}  // namespace

std::unique_ptr<StreamWriter> make_json_writer(const Context& ctx) {
  return std::make_unique<JsonReportWriter>(ctx);
}

}  // namespace corslint::report
