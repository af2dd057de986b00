#include "corslint/engine.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <fmt/core.h>

#include "bundle/form.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/text.hpp"
#include "engine/files.hpp"
#include "model/build.hpp"
#include "recognise/formats.hpp"
#include "recognise/recognise.hpp"

namespace corslint {
namespace {

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

const RuleMeta& builtin(std::string_view code) {
  const RuleEntry* e = Registry::instance().find(code);
  return *e->meta;
}

}  // namespace

bool selector_matches(std::string_view entry, const RuleMeta& meta) {
  if (entry == "ALL" || entry == "all") return true;
  if (entry == meta.name) return true;
  if (entry.empty() || entry.size() > meta.code.size()) return false;
  // A code or a code prefix: "C", "C01", "C013" (case-insensitive letter).
  return iequals(meta.code.substr(0, entry.size()), entry);
}

bool selector_known(std::string_view entry) {
  for (const RuleEntry& e : Registry::instance().rules()) {
    if (selector_matches(entry, *e.meta)) return true;
  }
  return false;
}

std::optional<std::string> closest_rule(std::string_view entry) {
  std::vector<std::string_view> known;
  for (const RuleEntry& e : Registry::instance().rules()) {
    known.push_back(e.meta->code);
    known.push_back(e.meta->name);
  }
  // Codes are short: "X" would be two edits from many; demand a close match.
  auto guess = did_you_mean(entry, known);
  if (!guess) return std::nullopt;
  if (entry.size() <= 4 && edit_distance(normalise_key(entry), normalise_key(*guess), 1) > 1) {
    return std::nullopt;
  }
  return std::string(*guess);
}

bool RuleSelection::enabled(const RuleMeta& meta) const {
  // Explicit ignores win, most specific first is unnecessary: any match ignores.
  for (const auto& i : ignore) {
    if (selector_matches(i, meta)) return false;
  }
  // Load errors always show unless explicitly ignored: a file that cannot be
  // read must never pass silently.
  if (meta.code[0] == 'E') return true;
  if (!select) return meta.enabled_by_default;
  for (const auto& s : *select) {
    // "ALL" and prefixes select only rules that are on by default; naming an
    // off-by-default rule (I000) by code or name turns it on.
    if (selector_matches(s, meta) &&
        (meta.enabled_by_default || s == meta.code || s == meta.name)) {
      return true;
    }
  }
  return false;
}

Severity RuleSelection::severity_for(const RuleMeta& meta, Severity emitted) const {
  if (auto it = severity.find(meta.code); it != severity.end()) return it->second;
  if (auto it = severity.find(meta.name); it != severity.end()) return it->second;
  return emitted;
}

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

Linter::Linter(LintOptions options) : options_(std::move(options)) {
  for (const RuleEntry& e : Registry::instance().rules()) {
    if (e.is_document_rule() && options_.rules.enabled(*e.meta)) active_.push_back(&e);
  }
  for (const RuleEntry& e : options_.extra_rules) {
    if (e.is_document_rule() && options_.rules.enabled(*e.meta)) active_.push_back(&e);
  }
  for (const RuleEntry& e : Registry::instance().rules()) {
    if (e.is_bundle_rule() && options_.rules.enabled(*e.meta)) active_bundle_.push_back(&e);
  }
}

void Linter::add_engine_finding(std::vector<Finding>& out, std::string_view code,
                                const Source* source, std::string_view path, uint32_t offset,
                                bool located, std::string message) const {
  const RuleMeta& meta = builtin(code);
  if (!options_.rules.enabled(meta)) return;
  Finding f;
  f.code = meta.code;
  f.name = meta.name;
  f.severity = options_.rules.severity_for(meta, meta.default_severity);
  f.message = bounded_message(std::move(message));
  f.file = std::string(path);
  if (source != nullptr && located) {
    f.start = source->position(offset);
    f.end = f.start;
    if (options_.excerpts) f.source_line = excerpt(*source, f.start.line);
  } else {
    f.start = f.end = {1, 1};
  }
  out.push_back(std::move(f));
}

namespace {

// A file a scan picks up that is not JSON: YAML, or a `.template` in YAML.
bool yaml_file(const Source& source) {
  std::string_view path = source.path();
  if (path.ends_with(".yaml") || path.ends_with(".yml")) return true;
  if (!path.ends_with(".template")) return false;
  std::string_view text = source.text();
  auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] != '{' && text[first] != '[';
}

// Where a YAML file shows that it is a CloudFormation template: the
// AWSTemplateFormatVersion key, or an AWS resource type under Resources.
std::optional<uint32_t> cloudformation_yaml(std::string_view text) {
  std::size_t at = text.find("AWSTemplateFormatVersion");
  if (at != std::string_view::npos) return static_cast<uint32_t>(at);
  std::size_t resources = text.find("Resources:");
  if (resources == std::string_view::npos) return std::nullopt;
  std::size_t type = text.find("Type: AWS::", resources);
  if (type == std::string_view::npos) type = text.find("Type: 'AWS::", resources);
  if (type == std::string_view::npos) type = text.find("Type: \"AWS::", resources);
  if (type == std::string_view::npos) return std::nullopt;
  return static_cast<uint32_t>(resources);
}

}  // namespace

LoadedFile Linter::load(std::shared_ptr<const Source> source) const {
  LoadedFile file;
  file.source = source;
  if (!options_.kind && yaml_file(*source)) {
    // corslint reads JSON only (docs/formats.md).
    if (auto at = cloudformation_yaml(source->text())) {
      add_engine_finding(file.findings, "I002", source.get(), source->path(), *at, true,
                         "a CloudFormation template in YAML, which corslint does not read; "
                         "convert it to JSON (cfn-flip template.yaml template.json) and lint "
                         "that");
    } else {
      add_engine_finding(file.findings, "I000", source.get(), source->path(), 0, true,
                         "not a document corslint reads (YAML that is not a CloudFormation "
                         "template); skipped");
    }
    return file;
  }
  load_documents(file, source, options_.kind, "");
  return file;
}

// Parses `source`, reports E002-E004 and E003, recognises what it holds and
// builds each document's model. Documents kept in a JSON string (a CLI
// export's "Policy") are parsed in turn as embedded sources.
void Linter::load_documents(LoadedFile& file, const std::shared_ptr<const Source>& source,
                            std::optional<DocKind> forced, const std::string& prefix) const {
  json::ParseResult parsed = json::parse(*source);
  if (!parsed.ok) {
    add_engine_finding(file.findings, parsed.error.code, source.get(), source->path(),
                       parsed.error.offset, true, parsed.error.message);
    return;
  }
  auto tree = std::make_shared<const json::Tree>(std::move(parsed.tree));
  const RuleMeta& dup = builtin("E003");
  if (options_.rules.enabled(dup)) {
    for (const json::DuplicateKey& d : parsed.duplicates) {
      Document tmp;
      tmp.source = source;
      tmp.tree = tree;
      tmp.root = tree->root();
      tmp.pointer_prefix = prefix;
      Finding f = make_finding(dup, options_.rules.severity_for(dup, dup.default_severity), tmp,
                               d.duplicate, true,
                               fmt::format("duplicate key \"{}\"; JSON parsers disagree on which "
                                           "value wins, so keep only one",
                                           (*tree)[d.duplicate].key),
                               options_.value_hashes);
      const json::Node& first = (*tree)[d.first];
      if (options_.excerpts) f.source_line = excerpt(*source, f.start.line);
      f.related.push_back({f.file, source->position(first.key_offset),
                           prefix + tree->pointer(d.first), "first occurrence"});
      file.findings.push_back(std::move(f));
    }
  }
  for (const Recognised& r : recognise(*tree, forced)) {
    const json::Node& n = (*tree)[r.root];
    if (r.kind == DocKind::Unknown) {
      add_engine_finding(file.findings, "I000", source.get(), source->path(), n.offset, true,
                         "not a document corslint reads (no S3 bucket policy, S3 CORS or "
                         "CloudFront shape recognised); skipped");
      continue;
    }
    // A link group is only meaningful inside its file.
    std::string group =
        r.link_group.empty() ? std::string() : std::string(source->path()) + "#" + r.link_group;
    if (r.json_string) {
      // A string's raw token, quotes included, is [offset, end) of the text.
      std::string_view raw = source->text().substr(n.offset, n.end - n.offset);
      auto inner = Source::embedded(source, n.offset, raw);
      std::size_t first = file.documents.size();
      load_documents(file, inner, r.kind, prefix + tree->pointer(r.root) + "#");
      for (std::size_t i = first; i < file.documents.size(); ++i) {
        file.documents[i].resource = r.resource;
        file.documents[i].bucket_name = r.bucket_name;
        file.documents[i].link_group = group;
      }
      continue;
    }
    Document doc;
    doc.source = source;
    doc.tree = tree;
    doc.root = r.root;
    doc.kind = r.kind;
    doc.kind_forced = forced.has_value();
    doc.pointer_prefix = prefix;
    doc.resource = r.resource;
    doc.bucket_name = r.bucket_name;
    doc.link_group = std::move(group);
    std::size_t bytes = r.root == tree->root() ? source->text().size() : n.end - n.offset;
    if (r.tree) {
      // A container format's translated document (formats.hpp).
      r.map->file_tree = tree;
      doc.tree = r.tree;
      doc.map = r.map;
      const json::Node& t = (*r.tree)[r.root];
      bytes = t.end - t.offset;
    }
    const json::Tree& t = *doc.tree;
    const cloudfront::Form form =
        r.cloudformation_form ? cloudfront::Form::CloudFormation : cloudfront::Form::Api;
    doc.model = build_model(r.kind, t, r.root, bytes, form);
    file.documents.push_back(std::move(doc));
  }
}

void Linter::run_rules(const Document& doc, std::vector<Finding>& out) const {
  for (const RuleEntry* e : active_) {
    if (!e->runs_on(doc.kind)) continue;
    std::size_t before = out.size();
    Reporter reporter(*e->meta, options_.settings, out, options_.value_hashes, &doc);
    // The only try/catch around rules: one broken rule must not take the run down.
    try {
      e->check(doc, reporter);
    } catch (const std::exception& ex) {
      out.resize(before);
      add_engine_finding(out, "E900", doc.source.get(), doc.source->path(),
                         (*doc.tree)[doc.root].offset, true,
                         fmt::format("rule {} ({}) failed on this document: {}", e->meta->code,
                                     e->meta->name, ex.what()));
      continue;
    } catch (...) {
      out.resize(before);
      add_engine_finding(out, "E900", doc.source.get(), doc.source->path(),
                         (*doc.tree)[doc.root].offset, true,
                         fmt::format("rule {} ({}) failed on this document with an unknown error",
                                     e->meta->code, e->meta->name));
      continue;
    }
    reporter.drop_unknown();
    for (std::size_t i = before; i < out.size(); ++i) {
      out[i].severity = options_.rules.severity_for(*e->meta, out[i].severity);
      if (options_.excerpts) out[i].source_line = excerpt(*doc.source, out[i].start.line);
    }
  }
}

bool Linter::suppressed(const Finding& f) const {
  for (const Suppression& s : options_.suppress) {
    if (!path_matches(s.path, f.file)) continue;
    bool at = s.pointer.empty() || f.pointer == s.pointer ||
              (f.pointer.starts_with(s.pointer) && f.pointer.size() > s.pointer.size() &&
               (f.pointer[s.pointer.size()] == '/' || f.pointer[s.pointer.size()] == '#'));
    const RuleEntry* e = Registry::instance().find(f.code);
    if (at && e != nullptr && selector_matches(s.code, *e->meta)) return true;
  }
  return false;
}

void Linter::apply_filters(std::string_view file, std::vector<Finding>& out,
                           std::size_t from) const {
  if (!options_.suppress.empty()) {
    out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(),
                             [&](const Finding& f) { return suppressed(f); }),
              out.end());
  }
  if (options_.per_file_ignores.empty()) return;
  std::vector<const std::vector<std::string>*> ignores;
  for (const auto& [pattern, codes] : options_.per_file_ignores) {
    if (path_matches(pattern, file)) ignores.push_back(&codes);
  }
  if (ignores.empty()) return;
  auto ignored = [&](const Finding& f) {
    const RuleEntry* e = Registry::instance().find(f.code);
    for (const auto* codes : ignores) {
      for (const auto& c : *codes) {
        if (e != nullptr && selector_matches(c, *e->meta)) return true;
      }
    }
    return false;
  };
  out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(), ignored),
            out.end());
}

void Linter::lint_source(std::shared_ptr<const Source> source, std::vector<Finding>& out) const {
  check_source(std::move(source), out);
}

LoadedFile Linter::check_source(std::shared_ptr<const Source> source,
                                std::vector<Finding>& out) const {
  LoadedFile file = load_source(std::move(source), out);
  run_document_rules(file, out);
  return file;
}

LoadedFile Linter::load_source(std::shared_ptr<const Source> source,
                               std::vector<Finding>& out) const {
  std::size_t from = out.size();
  LoadedFile file = load(std::move(source));
  for (Finding& f : file.findings) out.push_back(std::move(f));
  file.findings.clear();
  apply_filters(file.source->path(), out, from);
  return file;
}

void Linter::run_document_rules(const LoadedFile& file, std::vector<Finding>& out) const {
  if (!file.source) return;
  std::size_t from = out.size();
  for (const Document& doc : file.documents) run_rules(doc, out);
  apply_filters(file.source->path(), out, from);
}

LoadedFile Linter::load_path(std::string_view path, std::vector<Finding>& out) const {
  SourceError error;
  auto source = Source::read_file(path, error);
  if (!error.code.empty()) {
    std::size_t from = out.size();
    add_engine_finding(out, error.code, source.get(), source ? source->path() : path, error.offset,
                       error.located, std::move(error.message));
    apply_filters(path, out, from);
    return {};
  }
  return load_source(std::move(source), out);
}

LoadedFile Linter::check_path(std::string_view path, std::vector<Finding>& out) const {
  LoadedFile file = load_path(path, out);
  run_document_rules(file, out);
  return file;
}

void Linter::lint_path(std::string_view path, std::vector<Finding>& out) const {
  check_path(path, out);
}

std::vector<Bundle> Linter::bundle_group(const std::string& directory, const BundleSpec* spec,
                                         std::vector<LoadedFile>& files) const {
  std::vector<const Document*> docs;
  for (const LoadedFile& f : files) {
    for (const Document& d : f.documents) docs.push_back(&d);
  }
  std::vector<Bundle> bundles;
  if (spec != nullptr) {
    if (!docs.empty())
      bundles.push_back(form_configured_bundle(spec->name, options_.bundle_source, docs));
  } else {
    bundles = form_bundles(directory, docs);
  }
  return bundles;
}

void Linter::run_bundle_rules(const std::vector<Bundle>& bundles, std::vector<Finding>& out,
                              std::vector<std::string>* log) const {
  std::size_t start = out.size();
  for (const Bundle& b : bundles) {
    const Setup setup(b);  // once per bundle, for all its rules
    if (log != nullptr) {
      log->push_back(fmt::format("bundle {}{}:", b.name,
                                 b.ambiguous    ? " (ambiguous)"
                                 : b.configured ? " (configured)"
                                                : ""));
      for (const std::string& r : b.reasons) log->push_back("  " + r);
      if (b.ambiguous) log->push_back("  ambiguous: " + b.ambiguity);
    }
    for (const RuleEntry* e : active_bundle_) {
      if (b.ambiguous && !e->meta->runs_on_ambiguous_bundles) continue;
      std::size_t before = out.size();
      Reporter reporter(*e->meta, options_.settings, out, options_.value_hashes);
      try {
        e->check(setup, reporter);
      } catch (const std::exception& ex) {
        out.resize(before);
        const Document* d = b.documents.front();
        add_engine_finding(out, "E900", d->source.get(), d->source->path(), 0, true,
                           fmt::format("rule {} ({}) failed on bundle {}: {}", e->meta->code,
                                       e->meta->name, b.name, ex.what()));
        continue;
      }
      reporter.drop_unknown();
      const Document* excerpt_doc = nullptr;
      for (std::size_t i = before; i < out.size(); ++i) {
        out[i].severity = options_.rules.severity_for(*e->meta, out[i].severity);
        if (!options_.excerpts) continue;
        // Located in one of the bundle's documents: any source of that file
        // gives the user's line. Findings of a bundle mostly share a file.
        if (excerpt_doc == nullptr || excerpt_doc->source->path() != out[i].file) {
          excerpt_doc = nullptr;
          for (const Document* d : b.documents) {
            if (d->source->path() == out[i].file) {
              excerpt_doc = d;
              break;
            }
          }
        }
        if (excerpt_doc != nullptr) {
          out[i].source_line = excerpt(*excerpt_doc->source, out[i].start.line);
        }
      }
      // Per-file ignores apply to the file each finding is located in.
      apply_filters_by_file(out, before);
    }
  }
  // A CloudFront policy shared by two bundles can draw the same finding twice.
  if (bundles.size() > 1 && out.size() - start > 1) {
    std::set<std::tuple<std::string_view, std::string_view, uint32_t, uint32_t, std::string_view>>
        seen;
    std::vector<Finding> kept;
    for (std::size_t i = start; i < out.size(); ++i) {
      const Finding& f = out[i];
      if (seen.emplace(f.code, f.file, f.start.line, f.start.column, f.message).second)
        kept.push_back(f);
    }
    out.resize(start);
    for (Finding& f : kept) out.push_back(std::move(f));
  }
}

void Linter::apply_filters_by_file(std::vector<Finding>& out, std::size_t from) const {
  if (options_.per_file_ignores.empty() && options_.suppress.empty()) return;
  std::vector<Finding> kept;
  for (std::size_t i = from; i < out.size(); ++i) {
    std::vector<Finding> one;
    one.push_back(std::move(out[i]));
    apply_filters(one.front().file, one, 0);
    for (Finding& f : one) kept.push_back(std::move(f));
  }
  out.resize(from);
  for (Finding& f : kept) out.push_back(std::move(f));
}

const BundleSpec* Linter::configured_bundle(const std::filesystem::path& base,
                                            std::string_view path) const {
  if (options_.bundles.empty() || path == "-") return nullptr;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path file = fs::absolute(fs::path(path), ec).lexically_normal();
  if (ec) return nullptr;
  std::string rel = file.lexically_relative(base).generic_string();
  for (const BundleSpec& b : options_.bundles) {
    for (const std::string& pattern : b.files) {
      if (path_matches(pattern, rel)) return &b;
    }
  }
  return nullptr;
}

namespace {

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

std::vector<Finding> Linter::lint(const std::vector<std::string>& paths, unsigned jobs,
                                  std::vector<std::string>* bundle_log) const {
  CollectSink sink;
  sink.log = bundle_log;
  lint(paths, jobs, sink, bundle_log != nullptr);
  // Groups are sorted within themselves; the vector form sorts them all.
  sort_findings(sink.all);
  return std::move(sink.all);
}

void Linter::lint(const std::vector<std::string>& paths, unsigned jobs, FindingSink& sink,
                  bool bundle_log) const {
  // Group files by directory, keeping first-seen order: a directory's
  // documents form its bundles, and only one directory is held in memory per
  // worker, so memory follows the largest directory, not the corpus. Files a
  // configured bundle names form a group of their own, across directories.
  struct Group {
    std::string dir;
    const BundleSpec* spec = nullptr;
    std::vector<std::size_t> files;  // indices into `paths`: no second copy of 100,000 paths
  };
  std::vector<Group> groups;
  std::map<std::string, std::size_t> index;
  std::filesystem::path base;
  if (!options_.bundles.empty()) {
    std::error_code ec;
    base = std::filesystem::absolute(options_.bundle_base.empty() ? "." : options_.bundle_base, ec)
               .lexically_normal();
  }
  for (const std::string& p : paths) {
    const BundleSpec* spec = configured_bundle(base, p);
    auto slash = p.rfind('/');
    std::string key = spec != nullptr                            ? "\n" + spec->name
                      : (p == "-" || slash == std::string::npos) ? ""
                                                                 : p.substr(0, slash);
    auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) groups.push_back({key, spec, {}});
    groups[it->second].files.push_back(static_cast<std::size_t>(&p - paths.data()));
  }
  index.clear();
  jobs = std::max(1u, jobs);
  // Lints group `g` into `result` with `inner_jobs` threads over its files;
  // the group's sources, trees and models are freed before it returns.
  auto run_group = [&](std::size_t g, FindingGroup& result, unsigned inner_jobs) {
    result.index = g;
    std::vector<Finding>& out = result.findings;
    const auto& files = groups[g].files;
    std::vector<LoadedFile> loaded(files.size());
    inner_jobs = std::min<unsigned>(inner_jobs, static_cast<unsigned>(files.size()));
    // Runs `work(i, sink)` for every file, on `inner_jobs` threads.
    auto for_each_file = [&](auto work) {
      if (inner_jobs <= 1) {
        for (std::size_t i = 0; i < files.size(); ++i) work(i, out);
        return;
      }
      std::vector<std::vector<Finding>> outs(inner_jobs);
      std::atomic<std::size_t> next{0};
      std::vector<std::thread> threads;
      for (unsigned t = 0; t < inner_jobs; ++t) {
        threads.emplace_back([&, t] {
          for (std::size_t i = next++; i < files.size(); i = next++) work(i, outs[t]);
        });
      }
      for (auto& th : threads) th.join();
      for (auto& v : outs) {
        for (Finding& f : v) out.push_back(std::move(f));
      }
    };
    // Load everything first: document rules may look at the bundle
    // (a behaviour's custom policy lives in a sibling file).
    for_each_file([&](std::size_t i, std::vector<Finding>& to) {
      loaded[i] = load_path(paths[files[i]], to);
    });
    std::vector<Bundle> bundles = bundle_group(groups[g].dir, groups[g].spec, loaded);
    for_each_file(
        [&](std::size_t i, std::vector<Finding>& to) { run_document_rules(loaded[i], to); });
    run_bundle_rules(bundles, out, bundle_log ? &result.bundle_log : nullptr);
    sort_findings(out);
  };
  if (jobs == 1 || groups.size() == 1) {
    for (std::size_t g = 0; g < groups.size(); ++g) {
      FindingGroup result;
      run_group(g, result, jobs);
      sink.prepare(result);
      sink.consume(result);
    }
    return;
  }
  // Many directories: each worker takes whole groups in turn and leaves them
  // in a reorder buffer; whoever completes the next group in order hands the
  // ready run of groups to the sink (one consumer at a time). A worker does
  // not start a group more than `window` groups ahead of the sink, which
  // bounds the memory the buffer holds.
  const std::size_t window = std::size_t{2} * jobs;
  std::mutex mu;
  std::condition_variable advanced;
  std::map<std::size_t, FindingGroup> ready;
  std::size_t next_out = 0;
  bool consuming = false;
  std::exception_ptr failure;
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < jobs; ++t) {
    threads.emplace_back([&] {
      for (std::size_t g = next++; g < groups.size(); g = next++) {
        {
          std::unique_lock lock(mu);
          advanced.wait(lock, [&] { return g < next_out + window || failure; });
          if (failure) return;
        }
        FindingGroup result;
        try {
          run_group(g, result, 1);
          sink.prepare(result);
        } catch (...) {
          std::lock_guard lock(mu);
          if (!failure) failure = std::current_exception();
          advanced.notify_all();
          return;
        }
        std::unique_lock lock(mu);
        ready.emplace(g, std::move(result));
        if (consuming) continue;
        consuming = true;
        while (!failure) {
          auto it = ready.find(next_out);
          if (it == ready.end()) break;
          FindingGroup item = std::move(it->second);
          ready.erase(it);
          lock.unlock();
          try {
            sink.consume(item);
          } catch (...) {
            lock.lock();
            if (!failure) failure = std::current_exception();
            break;
          }
          item = FindingGroup();
          lock.lock();
          ++next_out;
          advanced.notify_all();
        }
        consuming = false;
        advanced.notify_all();
      }
    });
  }
  for (auto& th : threads) th.join();
  if (failure) std::rethrow_exception(failure);
}

void Linter::lint_bytes(std::string display_path, std::string bytes,
                        std::vector<Finding>& out) const {
  SourceError error;
  std::string path = display_path;
  auto source = Source::from_bytes(std::move(display_path), std::move(bytes), error);
  if (!error.code.empty()) {
    add_engine_finding(out, error.code, source.get(), path, error.offset, error.located,
                       std::move(error.message));
    return;
  }
  lint_source(std::move(source), out);
}

}  // namespace corslint
