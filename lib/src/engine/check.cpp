// The check stage: rules over documents, then over bundles. Rules run in one
// guard, so a rule that throws becomes an E900 finding and the run goes on.
#include <algorithm>
#include <exception>
#include <set>
#include <tuple>
#include <unordered_map>

#include <fmt/core.h>

#include "bundle/form.hpp"
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

// Fixes are edits of the user's file, and the one place they are dropped is
// here, after the rule ran, however the rule attached them:
// - a document kept in a JSON string (an embedded source, pointer_prefix) has
//   offsets into the string's content, and a replacement would need the
//   string's escaping: no fix (`--fix` would write into the wrapper);
// - a document translated from a container format (CloudFormation,
//   Terraform: a map) keeps its tokens' offsets, but a translated node's text
//   need not be the token's (an intrinsic resolved, a block renamed): only
//   fixes that insert text between tokens (P002's "Version") are kept, never
//   ones that replace or delete a token.
void drop_unappliable_fixes(const Document& doc, std::vector<Finding>& out, std::size_t from) {
  if (!doc.source->is_embedded() && !doc.map) return;
  auto touches_tokens = [](const Fix& fix) {
    return std::any_of(fix.edits.begin(), fix.edits.end(),
                       [](const TextEdit& e) { return e.begin != e.end; });
  };
  for (std::size_t i = from; i < out.size(); ++i) {
    if (doc.source->is_embedded()) {
      out[i].fixes.clear();
    } else {
      std::erase_if(out[i].fixes, touches_tokens);
    }
  }
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
  for (const RuleEntry* e : p.bundle_rules) {
    if (b.ambiguous && !e->meta->runs_on_ambiguous_bundles) continue;
    std::size_t before = out.size();
    BundleReporter reporter(*e->meta, p.options.settings, out, p.options.value_hashes);
    if (!guarded(p, *e->meta, site, out, [&] { e->bundle_check(b, reporter); })) continue;
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
  }
}

}  // namespace

void check_document(const Pipeline& p, const Document& doc, std::vector<Finding>& out) {
  const RuleSite site{doc.source.get(), (*doc.tree)[doc.root].offset, "this document"};
  for (const RuleEntry* e : p.document_rules) {
    if ((e->meta->kinds & kind_bit(doc.kind)) == 0) continue;
    std::size_t before = out.size();
    Reporter reporter(*e->meta, doc, p.options.settings, out, p.options.value_hashes);
    if (!guarded(p, *e->meta, site, out, [&] { e->check(doc, reporter); })) continue;
    reporter.drop_unknown();
    for (std::size_t i = before; i < out.size(); ++i) {
      out[i].severity = p.filter.severity(*e->meta, out[i].severity);
      if (p.options.excerpts) out[i].source_line = excerpt(*doc.source, out[i].start.line);
    }
    drop_unappliable_fixes(doc, out, before);
  }
}

std::vector<Bundle> bundle_group(const Pipeline& p, const FileGroup& group,
                                 std::vector<LoadedFile>& files) {
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
  // A CloudFront policy shared by several bundles keeps the first. One pass
  // over the bundles (a template can hold 40,000 documents in 20,000 bundles).
  std::unordered_map<const Document*, const Bundle*> first_bundle;
  for (const Bundle& b : bundles) {
    for (const Document* d : b.documents) first_bundle.emplace(d, &b);
  }
  for (LoadedFile& f : files) {
    for (Document& d : f.documents) {
      if (d.bundle != nullptr) continue;
      if (auto it = first_bundle.find(&d); it != first_bundle.end()) d.bundle = it->second;
    }
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
