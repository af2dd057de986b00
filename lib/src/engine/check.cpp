// The check stage: rules over documents, then over bundles. Rules run in one
// guard, so a rule that throws becomes an E900 finding and the run goes on.
#include <algorithm>
#include <exception>
#include <set>
#include <tuple>
#include <unordered_map>

#include <fmt/core.h>

#include "bundle/form.hpp"
#include "corslint/analysis/setup.hpp"
#include "engine/stages.hpp"

namespace corslint::engine {
namespace {

// Where an E900 is reported when a rule fails, and what it failed on.
struct RuleSite {
  const Source* source = nullptr;
  uint32_t offset = 0;
  std::string subject;  // "this document", "bundle site"
};

// The only try/catch around rules: one broken rule must not take the run
// down. Runs `call` (which runs one rule); when it throws, drops what the rule
// reported before throwing and reports E900 instead. False when it threw.
template <class Call>
bool guarded(const Pipeline& p, const RuleMeta& meta, const RuleSite& site,
             std::vector<Finding>& out, Call&& call) {
  std::size_t before = out.size();
  std::string failure;
  try {
    call();
    return true;
  } catch (const std::exception& ex) {
    failure =
        fmt::format("rule {} ({}) failed on {}: {}", meta.code, meta.name, site.subject, ex.what());
  } catch (...) {
    failure = fmt::format("rule {} ({}) failed on {} with an unknown error", meta.code, meta.name,
                          site.subject);
  }
  out.resize(before);
  p.engine_finding(out, "E900", site.source, site.source->path(), site.offset, true,
                   std::move(failure));
  return false;
}

// The document of `bundle` in `file` (any of them: they share the file's lines).
const Document* document_in(const Bundle& bundle, std::string_view file) {
  for (const Document* d : bundle.documents) {
    if (d->source->path() == file) return d;
  }
  return nullptr;
}

void log_bundle(const Bundle& b, std::vector<std::string>& log) {
  log.push_back(fmt::format("bundle {}{}:", b.name,
                            b.ambiguous    ? " (ambiguous)"
                            : b.configured ? " (configured)"
                                           : ""));
  for (const std::string& r : b.reasons) log.push_back("  " + r);
  if (b.ambiguous) log.push_back("  ambiguous: " + b.ambiguity);
}

// Bundle rules on one bundle. A rule runs on an ambiguous bundle only when
// its metadata says so: the others would be guessing.
void check_bundle(const Pipeline& p, const Bundle& b, std::vector<Finding>& out) {
  const Document& front = *b.documents.front();
  const RuleSite site{front.source.get(), 0, "bundle " + b.name};
  const Setup setup(b);  // once per bundle, for all its rules
  for (const RuleEntry* e : p.bundle_rules) {
    if (b.ambiguous && !e->meta->runs_on_ambiguous_bundles) continue;
    std::size_t before = out.size();
    Reporter reporter(*e->meta, p.options.settings, out, p.options.value_hashes);
    if (!guarded(p, *e->meta, site, out, [&] { e->check(setup, reporter); })) continue;
    reporter.drop_unknown();
    const Document* excerpt_doc = nullptr;
    for (std::size_t i = before; i < out.size(); ++i) {
      out[i].severity = p.filter.severity(*e->meta, out[i].severity);
      if (!p.options.excerpts) continue;
      // Findings of a bundle mostly share a file: look its document up once.
      if (excerpt_doc == nullptr || excerpt_doc->source->path() != out[i].file) {
        excerpt_doc = document_in(b, out[i].file);
      }
      if (excerpt_doc != nullptr) {
        out[i].source_line = excerpt(*excerpt_doc->source, out[i].start.line);
      }
    }
    // Per-file ignores apply to the file each finding is located in.
    p.filter.apply(out, before);
    // Inline comments, in each file the findings are located in.
    std::vector<const Source*> sources;
    for (std::size_t i = before; i < out.size(); ++i) {
      const Document* d = document_in(b, out[i].file);
      if (d != nullptr &&
          std::find(sources.begin(), sources.end(), d->source.get()) == sources.end()) {
        sources.push_back(d->source.get());
      }
    }
    for (const Source* s : sources) p.filter.apply_inline(out, before, *s);
    for (std::size_t i = before; i < out.size(); ++i) {
      if (out[i].fixes.empty()) continue;
      if (const Document* d = document_in(b, out[i].file)) {
        stamp_fixes(p, *d->source, std::span<Finding>(out).subspan(i, 1));
      }
    }
  }
}

// Identical findings of one rule in one document (the same message, and no
// fix or related location of their own) are one finding: the first, with the
// count in its message and up to kListedRepeats other places as related
// locations. P029 once reported one placeholder repeated 1,000 times in a
// value 1,000 times (issue 22).
constexpr std::size_t kListedRepeats = 20;

bool same(Position a, Position b) { return a.line == b.line && a.column == b.column; }

void collapse_repeats(std::vector<Finding>& out, std::size_t from) {
  if (out.size() - from < 2) return;
  std::unordered_map<std::string_view, std::size_t> first;  // message -> its first finding
  std::unordered_map<std::size_t, std::size_t> repeats;     // first finding -> repeats
  std::vector<bool> drop(out.size() - from, false);
  for (std::size_t i = from; i < out.size(); ++i) {
    const Finding& f = out[i];
    if (!f.fixes.empty() || !f.related.empty()) continue;
    auto [it, fresh] = first.emplace(f.message, i);
    if (fresh) continue;
    drop[i - from] = true;
    Finding& head = out[it->second];
    ++repeats[it->second];
    bool listed = std::any_of(head.related.begin(), head.related.end(),
                              [&](const RelatedLocation& r) { return same(r.start, f.start); });
    if (!listed && !same(f.start, head.start) && head.related.size() < kListedRepeats) {
      head.related.push_back({f.file, f.start, f.pointer, "the same finding"});
    }
  }
  if (repeats.empty()) return;
  for (const auto& [i, n] : repeats) {
    out[i].message += fmt::format(" (and {} more like this in this document)", n);
  }
  std::size_t w = from;
  for (std::size_t i = from; i < out.size(); ++i) {
    if (drop[i - from]) continue;
    if (w != i) out[w] = std::move(out[i]);
    ++w;
  }
  out.resize(w);
}

}  // namespace

FileBudget::FileBudget(const Pipeline& p, const Source& source, std::size_t first)
    : p_(p), source_(source), first_(first) {
  room = p.options.max_findings_per_file == 0 ? SIZE_MAX : p.options.max_findings_per_file;
}

void FileBudget::overflow(const RuleMeta& meta, const Finding& f) {
  if (p_.filter.hides(f, source_.path())) return;
  ++left_out_[static_cast<std::size_t>(p_.filter.severity(meta, f.severity))];
}

void FileBudget::update(const std::vector<Finding>& out) {
  std::size_t cap = p_.options.max_findings_per_file;
  if (cap == 0) return;
  std::size_t kept = out.size() - first_;
  room = kept < cap ? cap - kept : 0;
}

void FileBudget::report(std::vector<Finding>& out) const {
  std::size_t total = left_out_[0] + left_out_[1] + left_out_[2];
  if (total == 0) return;
  std::size_t before = out.size();
  p_.engine_finding(
      out, "I003", &source_, source_.path(), 0, true,
      fmt::format("{} more finding{} in this file {} left out ({} error{}, {} warning{}, {} info): "
                  "the report keeps the first {} (max_findings_per_file); fix those, or lint "
                  "with --select, to see the rest",
                  total, total == 1 ? "" : "s", total == 1 ? "was" : "were", left_out_[2],
                  left_out_[2] == 1 ? "" : "s", left_out_[1], left_out_[1] == 1 ? "" : "s",
                  left_out_[0], p_.options.max_findings_per_file));
  // The most severe finding left out decides I003's severity, so the exit
  // status is the one the whole list would give (unless the config sets I003's).
  if (out.size() == before) return;
  const RuleMeta& meta = *Registry::instance().find("I003")->meta;
  Severity worst = left_out_[2] > 0   ? Severity::Error
                   : left_out_[1] > 0 ? Severity::Warning
                                      : Severity::Info;
  out.back().severity = p_.filter.severity(meta, worst);
}

void check_document(const Pipeline& p, const Document& doc, std::vector<Finding>& out,
                    FileBudget& budget) {
  const RuleSite site{doc.source.get(), (*doc.tree)[doc.root].offset, "this document"};
  for (const RuleEntry* e : p.document_rules) {
    if (!e->runs_on(doc.kind)) continue;
    std::size_t before = out.size();
    budget.update(out);
    Reporter reporter(*e->meta, p.options.settings, out, p.options.value_hashes, &doc, &budget);
    if (!guarded(p, *e->meta, site, out, [&] { e->check(doc, reporter); })) continue;
    reporter.drop_unknown();
    for (std::size_t i = before; i < out.size(); ++i) {
      out[i].severity = p.filter.severity(*e->meta, out[i].severity);
    }
    p.filter.apply(out, before, doc.source->path());
    collapse_repeats(out, before);
    if (!p.options.excerpts) continue;
    for (std::size_t i = before; i < out.size(); ++i) {
      out[i].source_line = excerpt(*doc.source, out[i].start.line);
    }
  }
}

void stamp_fixes(const Pipeline& p, const Source& source, std::span<Finding> findings) {
  if (!p.options.fix_digests || source.is_embedded()) return;
  std::optional<ContentDigest> digest;
  for (Finding& f : findings) {
    for (Fix& fix : f.fixes) {
      if (!digest) digest = content_digest(source.text());
      fix.linted = digest;
    }
  }
}

std::vector<Bundle> bundle_group(const Pipeline& p, const FileGroup& group,
                                 const std::vector<LoadedFile>& files) {
  std::vector<const Document*> docs;
  for (const LoadedFile& f : files) {
    for (const Document& d : f.documents) docs.push_back(&d);
  }
  std::vector<Bundle> bundles;
  if (group.spec != nullptr) {
    if (!docs.empty())
      bundles.push_back(form_configured_bundle(group.spec->name, p.options.bundle_source, docs));
  } else {
    bundles = form_bundles(group.dir, docs);
  }
  return bundles;
}

void check_bundles(const Pipeline& p, const std::vector<Bundle>& bundles, std::vector<Finding>& out,
                   std::vector<std::string>* log) {
  std::size_t start = out.size();
  for (const Bundle& b : bundles) {
    if (log != nullptr) log_bundle(b, *log);
    check_bundle(p, b, out);
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

}  // namespace corslint::engine
