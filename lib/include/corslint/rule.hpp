#pragma once

// The rule author's API: what a rule says about itself (RuleMeta), how it
// reports (Reporter) and how it joins the registry (Registration). A document
// rule is a function over the typed model of the kinds it reads
// (`void check(const cors::Config&, Reporter&)`): its kinds come from its
// signature. A bundle rule is a function over a Setup (analysis/setup.hpp).
#include <fmt/core.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/document.hpp"
#include "corslint/finding.hpp"
#include "corslint/settings.hpp"
#include "corslint/severity.hpp"

namespace corslint {

class Setup;

// Everything a rule says about itself. Docs, `explain`, JSON and SARIF read it.
struct RuleMeta {
  std::string_view code;  // permanent, e.g. "C003"
  std::string_view name;  // kebab-case hazard, e.g. "cors-origin-never-matches"
  // Bundle rules: the kinds of document they compare (for the docs). Document
  // rules leave it 0: the registry takes their kinds from their checks.
  DocKindSet kinds = 0;
  Severity default_severity = Severity::Error;
  std::string_view summary;
  std::string_view rationale;
  std::string_view bad_example;
  std::string_view good_example;
  std::string_view fix_hint;
  std::string_view references;
  bool enabled_by_default = true;
  // Bundle rules: also run on a bundle that could not be split unambiguously
  // (X009 reports the ambiguity; rules that judge one document at a time with
  // the setup's help run there too). The others would be guessing.
  bool runs_on_ambiguous_bundles = false;
};

// A finding a rule has just reported. Related locations and fixes are added
// through the Reporter, which alone decides whether a fix can be applied to
// the file (never inside an embedded or translated document).
class Reported {
 public:
  Reported() = default;

 private:
  friend class Reporter;
  explicit Reported(std::size_t index) : index_(index) {}
  std::size_t index_ = 0;
};

// How many findings a file may still keep (LintOptions::max_findings_per_file).
// Past `room`, a Reporter stores nothing: each further finding goes to
// overflow(), which the engine counts (issue 22: a 24 MB policy drew 1.6 M
// findings and 1.3 GB), so memory stays bounded whatever a rule reports.
class FindingBudget {
 public:
  virtual ~FindingBudget() = default;
  std::size_t room = SIZE_MAX;
  virtual void overflow(const RuleMeta& meta, const Finding& f) = 0;
};

// Collects one rule's findings and locates them. A document rule's findings
// are located in its document (report(node, ...)); a bundle rule names the
// document of each finding (report(doc, node, ...)).
class Reporter {
 public:
  Reporter(const RuleMeta& meta, const LintSettings& settings, std::vector<Finding>& sink,
           bool value_hashes = true, const Document* document = nullptr,
           FindingBudget* budget = nullptr)
      : meta_(meta),
        settings_(settings),
        sink_(sink),
        value_hashes_(value_hashes),
        doc_(document),
        first_(sink.size()),
        budget_(budget) {}

  template <class... Args>
  Reported report(json::NodeId node, fmt::format_string<Args...> f, Args&&... args) {
    return emit(meta_.default_severity, node, false, fmt::format(f, std::forward<Args>(args)...));
  }
  template <class... Args>
  Reported report(Severity sev, json::NodeId node, fmt::format_string<Args...> f, Args&&... args) {
    return emit(sev, node, false, fmt::format(f, std::forward<Args>(args)...));
  }
  // Located at an object member's key instead of its value (unknown keys, duplicates).
  template <class... Args>
  Reported report_key(json::NodeId node, fmt::format_string<Args...> f, Args&&... args) {
    return emit(meta_.default_severity, node, true, fmt::format(f, std::forward<Args>(args)...));
  }
  // Located in one of a bundle's documents.
  template <class... Args>
  Reported report(const Document& doc, json::NodeId node, fmt::format_string<Args...> f,
                  Args&&... args) {
    return emit(meta_.default_severity, doc, node, fmt::format(f, std::forward<Args>(args)...));
  }
  template <class... Args>
  Reported report(Severity sev, const Document& doc, json::NodeId node,
                  fmt::format_string<Args...> f, Args&&... args) {
    return emit(sev, doc, node, fmt::format(f, std::forward<Args>(args)...));
  }

  Reported emit(Severity sev, json::NodeId node, bool at_key, std::string message);
  Reported emit(Severity sev, const Document& doc, json::NodeId node, std::string message);

  // A related location in the rule's document (at the member's key), or in
  // one of the bundle's documents (at the value).
  void add_related(Reported f, json::NodeId node, std::string message);
  void add_related(Reported f, const Document& doc, json::NodeId node, std::string message);
  // Mechanical fixes, in the rule's document: replace the node's source text;
  // delete an array element with its separating comma; insert text at a byte
  // offset of the document's source.
  void add_fix(Reported f, std::string description, json::NodeId node, std::string replacement);
  void add_remove_element_fix(Reported f, std::string description, json::NodeId node);
  void add_insert_fix(Reported f, std::string description, uint32_t offset, std::string text);

  // A bundle rule that judges one document at a time (with the setup's help)
  // reports in it as a document rule does: report(node, ...), fixes.
  void focus(const Document& doc) { doc_ = &doc; }

  // The document of a document rule (or the one a bundle rule focused on).
  const Document& document() const { return *doc_; }
  const json::Tree& tree() const { return *doc_->tree; }
  const LintSettings& settings() const { return settings_; }

  // Removes the findings located at (or related to) a value the container
  // format leaves unknown (Document::touches_unknown): the engine calls it
  // after the rule ran, so rules need not know about unknown values.
  void drop_unknown();

 private:
  static constexpr std::size_t kOverflowed = SIZE_MAX;
  Finding& at(Reported f) { return f.index_ == kOverflowed ? overflow_ : sink_[f.index_]; }
  // Stores `f`, or hands it to the budget when the file has no room left.
  Reported keep(Finding f, bool unknown);
  // The overflowed finding is counted once its rule can no longer add to it.
  void flush_overflow();
  void mark_unknown(Reported f);
  // Fixes land only where the document's offsets are the file's own.
  bool fixable() const;

  const RuleMeta& meta_;
  const LintSettings& settings_;
  std::vector<Finding>& sink_;
  bool value_hashes_;
  const Document* doc_;
  std::size_t first_;                 // this rule's first finding in sink_
  std::vector<std::size_t> unknown_;  // indices into sink_ to drop
  FindingBudget* budget_;
  Finding overflow_;  // the last finding past the budget, until counted
  bool overflow_pending_ = false;
  bool overflow_unknown_ = false;
};

// A document rule's check for one model type.
template <class M>
using CheckFor = void (*)(const M&, Reporter&);
// A bundle rule's check.
using BundleCheckFn = void (*)(const Setup&, Reporter&);

// One registered rule: its metadata and its checks.
class RuleEntry {
 public:
  // A finding the engine itself produces (E-codes, I000, I001): no check.
  static RuleEntry engine(const RuleMeta& meta) { return RuleEntry(meta); }
  // A document rule: one check per model type it reads.
  template <class... M>
  static RuleEntry document(const RuleMeta& meta, CheckFor<M>... checks) {
    RuleEntry e(meta);
    (e.set_check<M>(checks), ...);
    return e;
  }
  static RuleEntry bundle(const RuleMeta& meta, BundleCheckFn fn) {
    RuleEntry e(meta);
    e.bundle_check_ = fn;
    e.kinds_ = meta.kinds;
    return e;
  }

  const RuleMeta* meta = nullptr;

  // The kinds the rule runs on (a bundle rule: the kinds it compares).
  DocKindSet kinds() const { return kinds_; }
  bool is_document_rule() const { return kinds_ != 0 && bundle_check_ == nullptr; }
  bool is_bundle_rule() const { return bundle_check_ != nullptr; }
  bool runs() const { return is_document_rule() || is_bundle_rule(); }
  bool runs_on(DocKind kind) const { return checks_[static_cast<std::size_t>(kind)].thunk; }

  // Runs the document rule's check for the document's kind (nothing when the
  // rule does not read that kind).
  void check(const Document& doc, Reporter& out) const;
  void check(const Setup& setup, Reporter& out) const { bundle_check_(setup, out); }

 private:
  using AnyFn = void (*)();
  using Thunk = void (*)(AnyFn fn, const Document& doc, Reporter& out);
  struct TypedCheck {
    Thunk thunk = nullptr;
    AnyFn fn = nullptr;
  };

  explicit RuleEntry(const RuleMeta& m) : meta(&m) {}
  template <class M>
  void set_check(CheckFor<M> typed) {
    constexpr DocKind kind = kind_of<M>;
    kinds_ |= kind_bit(kind);
    checks_[static_cast<std::size_t>(kind)] = {[](AnyFn fn, const Document& doc, Reporter& out) {
                                                 reinterpret_cast<CheckFor<M>>(fn)(*doc.as<M>(),
                                                                                   out);
                                               },
                                               reinterpret_cast<AnyFn>(typed)};
  }

  DocKindSet kinds_ = 0;
  std::array<TypedCheck, kDocKindCount> checks_{};
  BundleCheckFn bundle_check_ = nullptr;
};

// All rules, sorted by code. Rules join from their own file through Registration.
class Registry {
 public:
  static Registry& instance();

  void add(RuleEntry entry);
  std::span<const RuleEntry> rules() const;
  // By code ("C003") or name ("cors-origin-never-matches"), or null.
  const RuleEntry* find(std::string_view code_or_name) const;
  // Duplicate codes or names, malformed codes: empty when the registry is sound.
  std::vector<std::string> problems() const;

 private:
  Registry();
  void sort_if_needed() const;
  mutable std::vector<RuleEntry> rules_;
  mutable bool sorted_ = false;
};

// Remembers the file that registers a rule, for its doc page's Source link.
void note_rule_source(const RuleMeta& meta, std::string_view file);

struct Registration {
  // A document rule with one check (its kind is the check's model type).
  template <class M>
  Registration(const RuleMeta& meta, CheckFor<M> check, const char* file = __builtin_FILE()) {
    Registry::instance().add(RuleEntry::document<M>(meta, check));
    note_rule_source(meta, file);
  }
  // A document rule that reads several kinds, one check each. The file
  // (__FILE__) comes first: a default argument cannot follow a parameter pack.
  template <class... M>
  Registration(const RuleMeta& meta, const char* file, CheckFor<M>... checks) {
    Registry::instance().add(RuleEntry::document<M...>(meta, checks...));
    note_rule_source(meta, file);
  }
  Registration(const RuleMeta& meta, BundleCheckFn check, const char* file = __builtin_FILE()) {
    Registry::instance().add(RuleEntry::bundle(meta, check));
    note_rule_source(meta, file);
  }
};

// The address of a rule's documentation page.
std::string help_uri(std::string_view code);

}  // namespace corslint
