#include "corslint/report.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"
#include "corslint/report.hpp"
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

bool load_baseline(const std::string& path, Baseline& out, std::string& error) {
  SourceError err;
  auto src = Source::read_file(path, err);
  if (!err.code.empty()) {
    error = fmt::format("{}: {}", path, err.message);
    return false;
  }
  json::ParseResult parsed = json::parse(*src);
  if (!parsed.ok) {
    Position p = src->position(parsed.error.offset);
    error = fmt::format("{}:{}:{}: {}", path, p.line, p.column, parsed.error.message);
    return false;
  }
  const json::Tree& t = parsed.tree;
  json::NodeId list = t.get(t.root(), "findings");
  if (!t.is(list, json::Type::Array)) {
    error = fmt::format("{}: not a corslint baseline (no \"findings\" array)", path);
    return false;
  }
  for (json::NodeId e : t.children(list)) {
    std::string_view hash = t.str(t.get(e, "hash"));
    std::string_view code = t.str(t.get(e, "code"));
    if (code.empty() || hash.size() != 16) {
      Position p = src->position(t[e].offset);
      error = fmt::format(
          "{}:{}:{}: a baseline entry needs \"code\", \"file\", \"pointer\" and a "
          "16-digit \"hash\"",
          path, p.line, p.column);
      return false;
    }
    out.entries.push_back({std::string(code), std::string(t.str(t.get(e, "file"))),
                           std::string(t.str(t.get(e, "pointer"))),
                           std::strtoull(std::string(hash).c_str(), nullptr, 16)});
  }
  return true;
}

std::vector<BaselineEntry> apply_baseline(const Baseline& baseline,
                                          std::vector<Finding>& findings) {
  using Key = std::tuple<std::string_view, std::string_view, std::string_view, uint64_t>;
  std::map<Key, std::vector<std::size_t>> open;  // entry indices not yet matched
  for (std::size_t i = 0; i < baseline.entries.size(); ++i) {
    const BaselineEntry& e = baseline.entries[i];
    open[{e.code, e.file, e.pointer, e.value_hash}].push_back(i);
  }
  std::vector<bool> used(baseline.entries.size(), false);
  std::erase_if(findings, [&](const Finding& f) {
    auto it = open.find({f.code, f.file, f.pointer, f.value_hash});
    if (it == open.end() || it->second.empty()) return false;
    used[it->second.back()] = true;
    it->second.pop_back();
    return true;
  });
  std::vector<BaselineEntry> stale;
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) stale.push_back(baseline.entries[i]);
  }
  return stale;
}

}  // namespace corslint
