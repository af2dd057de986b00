// The engine's public face: Linter, over the stages (stages.hpp). How the
// stages compose for one file and for one group is written here once.
#include "corslint/engine.hpp"

#include <algorithm>
#include <filesystem>

#include "corslint/text.hpp"
#include "engine/scheduler.hpp"
#include "engine/stages.hpp"

namespace corslint {
namespace engine {
namespace {

// Moves a loaded file's findings to `out`, filtered for `filter_path`.
void take_findings(const Pipeline& p, LoadedFile& file, std::string_view filter_path,
                   std::vector<Finding>& out) {
  std::size_t from = out.size();
  for (Finding& f : file.findings) out.push_back(std::move(f));
  file.findings.clear();
  p.filter.apply(out, from, filter_path);
}

// load → filter for a path: the file keeps its documents for the check stage.
LoadedFile load_filtered(const Pipeline& p, std::string_view path, std::vector<Finding>& out) {
  LoadedFile file = load_path(p, path);
  // A file that could not be read has no source: its findings go by the path given.
  take_findings(p, file, file.source ? file.source->path() : path, out);
  return file;
}

// check → filter for one loaded file's documents (document rules only).
void check_file(const Pipeline& p, const LoadedFile& file, std::vector<Finding>& out) {
  if (!file.source) return;
  std::size_t from = out.size();
  FileBudget budget(p, *file.source, from);
  for (const Document& doc : file.documents) check_document(p, doc, out, budget);
  p.filter.apply_inline(out, from, *file.source);
  budget.report(out);
  stamp_fixes(p, *file.source, std::span<Finding>(out).subspan(from));
}

// Collects every group for the vector form of Linter::lint.
class CollectSink final : public FindingSink {
 public:
  std::vector<Finding> all;
  std::vector<std::string>* log = nullptr;
  void consume(FindingGroup& g) override {
    all.insert(all.end(), std::make_move_iterator(g.findings.begin()),
               std::make_move_iterator(g.findings.end()));
    if (log != nullptr) log->insert(log->end(), g.bundle_log.begin(), g.bundle_log.end());
  }
};

}  // namespace

// Keeps an excerpt bounded so a minified 5 MB one-line file does not copy 5 MB
// into every finding.
constexpr std::size_t kMaxExcerpt = 400;

// The line as a terminal can show it: invalid UTF-8 and control characters
// (other than tab) become U+FFFD so a report never carries raw binary.
std::string excerpt(const Source& src, uint32_t line) {
  std::string_view text = src.line_text(line);
  if (text.size() > kMaxExcerpt) text = text.substr(0, kMaxExcerpt);
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    auto bad = find_invalid_utf8(text);
    std::string_view good = text.substr(0, bad.value_or(text.size()));
    // Runs of printable bytes are appended whole; a control character becomes U+FFFD.
    std::size_t run = 0;
    for (std::size_t i = 0; i < good.size(); ++i) {
      char c = good[i];
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) {
        out.append(good.data() + run, i - run);
        out += "\xEF\xBF\xBD";
        run = i + 1;
      }
    }
    out.append(good.data() + run, good.size() - run);
    if (!bad) break;
    out += "\xEF\xBF\xBD";
    text.remove_prefix(*bad + 1);
  }
  return out;
}

Pipeline::Pipeline(LintOptions opts) : options(std::move(opts)) {
  for (const RuleEntry& e : Registry::instance().rules()) {
    if (e.is_document_rule() && filter.selects(*e.meta)) document_rules.push_back(&e);
  }
  for (const RuleEntry& e : options.extra_rules) {
    if (e.is_document_rule() && filter.selects(*e.meta)) document_rules.push_back(&e);
  }
  for (const RuleEntry& e : Registry::instance().rules()) {
    if (e.is_bundle_rule() && filter.selects(*e.meta)) bundle_rules.push_back(&e);
  }
  for (const RuleEntry& e : options.extra_rules) {
    if (e.is_bundle_rule() && filter.selects(*e.meta)) bundle_rules.push_back(&e);
  }
}

void Pipeline::engine_finding(std::vector<Finding>& out, std::string_view code,
                              const Source* source, std::string_view path, uint32_t offset,
                              bool located, std::string message) const {
  const RuleMeta& meta = *Registry::instance().find(code)->meta;
  if (!filter.selects(meta)) return;
  Finding f;
  f.code = meta.code;
  f.name = meta.name;
  f.severity = filter.severity(meta, meta.default_severity);
  f.message = bounded_message(std::move(message));
  f.file = std::string(path);
  if (source != nullptr && located) {
    f.start = source->position(offset);
    f.end = f.start;
    if (options.excerpts) f.source_line = excerpt(*source, f.start.line);
  } else {
    f.start = f.end = {1, 1};
  }
  out.push_back(std::move(f));
}

void lint_group(const Pipeline& p, const std::vector<std::string>& paths, const FileGroup& group,
                unsigned jobs, FindingGroup& result, bool bundle_log) {
  std::vector<Finding>& out = result.findings;
  const auto& files = group.files;
  // Bundling needs the group's documents only when a bundle rule runs or the
  // bundles are listed; otherwise each file is let go once its rules ran.
  const bool keep = bundle_log || !p.bundle_rules.empty();
  std::vector<LoadedFile> loaded(files.size());
  // Each file is checked as soon as it is loaded: document rules read only
  // their own document, so they never wait for the rest of the directory.
  for_each_parallel(
      files.size(), jobs,
      [&](std::size_t i, std::vector<Finding>& to) {
        LoadedFile file = load_filtered(p, paths[files[i]], to);
        check_file(p, file, to);
        if (keep && !file.documents.empty()) loaded[i] = std::move(file);
      },
      out);
  std::vector<Bundle> bundles = bundle_group(p, group, loaded);
  check_bundles(p, bundles, out, bundle_log ? &result.bundle_log : nullptr);
  sort_findings(out);
}

}  // namespace engine

Finding make_finding(const RuleMeta& meta, Severity sev, const Document& doc, json::NodeId node,
                     bool at_key, std::string message, bool value_hash) {
  Finding f;
  f.code = meta.code;
  f.name = meta.name;
  f.severity = sev;
  f.message = bounded_message(std::move(message));
  f.file = std::string(doc.source->path());
  const json::Tree& t = *doc.tree;
  if (node == json::kNoNode) node = doc.root;
  const json::Node& n = t[node];
  uint32_t begin = at_key ? n.key_offset : n.offset;
  uint32_t end = at_key ? n.key_offset + static_cast<uint32_t>(n.key.size()) + 2 : n.end;
  f.start = doc.source->position(begin);
  f.end = doc.source->position(std::max(end, begin));
  f.pointer = doc.pointer(node);
  // source_line is left to the engine (LintOptions::excerpts).
  if (!value_hash) return f;
  std::string_view text = doc.source->text();
  f.value_hash = stable_hash(text.substr(std::min<std::size_t>(n.offset, text.size()),
                                         std::min<std::size_t>(n.end - n.offset, 4096)));
  return f;
}

LintOptions lint_options(const Config& config) {
  LintOptions lint;
  lint.rules.select = config.select;
  lint.rules.ignore = config.ignore;
  lint.rules.severity = config.severity;
  lint.settings = config.settings;
  lint.per_file_ignores = config.per_file_ignores;
  lint.suppress = config.suppress;
  lint.bundles = config.bundles;
  if (config.max_findings_per_file) lint.max_findings_per_file = *config.max_findings_per_file;
  if (!config.path.empty()) {
    lint.bundle_source = config.path;
    lint.bundle_base = std::filesystem::path(config.path).parent_path().string();
  }
  return lint;
}

Linter::Linter(LintOptions options)
    : pipeline_(std::make_shared<const engine::Pipeline>(std::move(options))) {}

const LintOptions& Linter::options() const { return pipeline_->options; }

LoadedFile Linter::load(std::shared_ptr<const Source> source) const {
  return engine::load_source(*pipeline_, std::move(source));
}

void Linter::lint_path(std::string_view path, std::vector<Finding>& out) const {
  LoadedFile file = engine::load_filtered(*pipeline_, path, out);
  engine::check_file(*pipeline_, file, out);
}

void Linter::lint_bytes(std::string display_path, std::string bytes,
                        std::vector<Finding>& out) const {
  std::string path = display_path;
  LoadedFile file = engine::load_bytes(*pipeline_, std::move(display_path), std::move(bytes));
  engine::take_findings(*pipeline_, file, file.source ? file.source->path() : path, out);
  engine::check_file(*pipeline_, file, out);
}

std::vector<Finding> Linter::lint(const std::vector<std::string>& paths, unsigned jobs,
                                  std::vector<std::string>* bundle_log) const {
  const engine::Pipeline& p = *pipeline_;
  engine::CollectSink sink;
  sink.log = bundle_log;
  std::vector<engine::FileGroup> groups = engine::group_files(p, paths);
  engine::run_in_order(
      groups.size(), jobs,
      [&](std::size_t g, FindingGroup& result, unsigned inner_jobs) {
        result.index = g;
        engine::lint_group(p, paths, groups[g], inner_jobs, result, bundle_log != nullptr);
      },
      sink);
  // Groups are sorted within themselves; the vector form sorts them all.
  sort_findings(sink.all);
  p.filter.apply_baseline(sink.all);
  return std::move(sink.all);
}

LintSummary Linter::lint(const std::vector<std::string>& paths, unsigned jobs, FindingSink& sink,
                         bool bundle_log) const {
  const engine::Pipeline& p = *pipeline_;
  LintSummary summary;
  if (p.options.baseline) {
    // The baseline matches across the whole run: one group, after the scan.
    FindingGroup all;
    all.findings = lint(paths, jobs, bundle_log ? &all.bundle_log : nullptr);
    summary.add(all.findings, p.options.fail_on);
    sink.prepare(all);
    sink.consume(all);
    return summary;
  }
  // The summary counts on the worker that delivers in order (one at a time).
  class SummarySink final : public FindingSink {
   public:
    SummarySink(FindingSink& to, LintSummary& summary, std::optional<Severity> fail_on)
        : to_(to), summary_(summary), fail_on_(fail_on) {}
    void prepare(FindingGroup& g) const override { to_.prepare(g); }
    void consume(FindingGroup& g) override {
      summary_.add(g.findings, fail_on_);
      to_.consume(g);
    }

   private:
    FindingSink& to_;
    LintSummary& summary_;
    std::optional<Severity> fail_on_;
  } counting(sink, summary, p.options.fail_on);
  std::vector<engine::FileGroup> groups = engine::group_files(p, paths);
  engine::run_in_order(
      groups.size(), jobs,
      [&](std::size_t g, FindingGroup& result, unsigned inner_jobs) {
        result.index = g;
        engine::lint_group(p, paths, groups[g], inner_jobs, result, bundle_log);
      },
      counting);
  return summary;
}

LintSummary Linter::summarise(std::span<const Finding> findings) const {
  LintSummary summary;
  summary.add(findings, pipeline_->options.fail_on);
  return summary;
}

}  // namespace corslint
