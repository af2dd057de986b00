// SARIF 2.1.0 for code scanning. Columns are Unicode code points, as
// `columnKind` says; the JSON pointer is the logical location.
#include <map>

#include <fmt/format.h>

#include "corslint/rule.hpp"
#include "json_writer.hpp"
#include "writers.hpp"

namespace corslint::report {
namespace {

std::string_view level(Severity s) { return severity_name(s, {"note", "warning", "error"}); }

// Paths as URI references: percent-encode every byte that is not unreserved
// or '/', so any file name gives an ASCII URI. A relative path is a relative
// reference; an absolute one a file URI (the SARIF multitool rejects
// "/abs/path" as a uri, SARIF1004).
std::string to_uri(std::string_view path) {
  if (path == "<stdin>") return "stdin";
  std::string out = path.starts_with('/') ? "file://" : "";
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// A fingerprint that survives unrelated edits: code, file, pointer and message,
// no line numbers (FNV-1a, 64 bits).
std::string fingerprint(const Finding& f) {
  uint64_t h = 14695981039346656037ULL;
  auto mix = [&](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xFF;
    h *= 1099511628211ULL;
  };
  mix(f.code);
  mix(f.file);
  mix(f.pointer);
  mix(f.message);
  return fmt::format("{:016x}", h);
}

void physical(JsonWriter& w, std::string_view file, Position start, Position end) {
  w.key("physicalLocation").begin_object();
  w.key("artifactLocation").begin_object().field("uri", to_uri(file)).end_object();
  w.key("region").begin_object();
  w.field("startLine", uint64_t{std::max<uint32_t>(start.line, 1)});
  w.field("startColumn", uint64_t{std::max<uint32_t>(start.column, 1)});
  if (end.line >= start.line && end.line > 0) {
    w.field("endLine", uint64_t{end.line});
    w.field("endColumn", uint64_t{std::max<uint32_t>(end.column, 1)});
  }
  w.end_object().end_object();
}

// `tool.driver.rules` lists every registered rule (not only those with
// findings) and `ruleIndex` points into that list, so everything before
// `results` is known up front: begin() writes it, the results stream.
class SarifWriter final : public StreamWriter {
 public:
  explicit SarifWriter(const Context& ctx) : ctx_(ctx), rules_(Registry::instance().rules()) {
    separator_ = ",";
    for (std::size_t i = 0; i < rules_.size(); ++i) index_[rules_[i].meta->code] = i;
  }

  void begin(std::string& out) override {
    JsonWriter w(out);
    w.begin_object();
    w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    w.field("version", "2.1.0");
    w.key("runs").begin_array().begin_object();
    w.key("tool").begin_object().key("driver").begin_object();
    w.field("name", "corslint").field("version", ctx_.tool_version);
    w.field("informationUri", "https://github.com/corslint/corslint");
    w.key("rules").begin_array();
    for (const RuleEntry& e : rules_) {
      const RuleMeta& m = *e.meta;
      w.begin_object().field("id", m.code).field("name", m.name);
      w.key("shortDescription").begin_object().field("text", m.summary).end_object();
      w.key("fullDescription").begin_object().field("text", m.rationale).end_object();
      w.field("helpUri", help_uri(m.code));
      w.key("help").begin_object().field("text", m.fix_hint).end_object();
      w.key("defaultConfiguration").begin_object().field("level", level(m.default_severity));
      w.field("enabled", m.enabled_by_default).end_object();
      w.end_object();
    }
    w.end_array().end_object().end_object();
    w.field("columnKind", "unicodeCodePoints");
    w.key("properties").begin_object().key("config");
    if (ctx_.config_path.empty()) {
      w.null();
    } else {
      w.value(ctx_.config_path);
    }
    w.end_object();
    w.key("results");
    out += '[';  // left open: the results follow, end() closes it
  }

  // Elements of `results` (depth 4: the top object, runs, the run, results).
  void render_group(std::span<const Finding> group, std::string& out) const override {
    JsonWriter w(out, 4);
    for (const Finding& f : group) {
      w.begin_object()
          .field("ruleId", f.code)
          .field("ruleIndex", rule_index(f.code))
          .field("level", level(f.severity));
      w.key("message").begin_object().field("text", f.message).end_object();
      w.key("locations").begin_array().begin_object();
      physical(w, f.file, f.start, f.end);
      if (!f.pointer.empty()) {  // the whole document has no pointer worth naming
        w.key("logicalLocations").begin_array().begin_object();
        w.field("fullyQualifiedName", f.pointer).field("kind", "value").end_object().end_array();
      }
      w.end_object().end_array();
      if (!f.related.empty()) {
        w.key("relatedLocations").begin_array();
        uint64_t id = 1;
        for (const RelatedLocation& r : f.related) {
          w.begin_object().field("id", id++);
          physical(w, r.file, r.start, {0, 0});
          w.key("message").begin_object().field("text", r.message).end_object();
          w.end_object();
        }
        w.end_array();
      }
      w.key("partialFingerprints").begin_object().field("corslint/v1", fingerprint(f)).end_object();
      w.end_object();
    }
  }

  void end(std::string& out) override {
    out += total_ > 0 ? "\n      ]" : "]";
    out += "\n    }\n  ]\n}\n";
  }

 private:
  // The last rule with the code, 0 for none (as the rules array lists them).
  uint64_t rule_index(std::string_view code) const {
    auto it = index_.find(code);
    return it == index_.end() ? 0 : it->second;
  }

  Context ctx_;
  std::span<const RuleEntry> rules_;
  std::map<std::string_view, uint64_t> index_;
};

}  // namespace

std::unique_ptr<StreamWriter> make_sarif_writer(const Context& ctx) {
  return std::make_unique<SarifWriter>(ctx);
}

}  // namespace corslint::report
