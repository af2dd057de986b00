#pragma once

#include <fmt/core.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/document.hpp"
#include "corslint/finding.hpp"
#include "corslint/settings.hpp"
#include "corslint/severity.hpp"

namespace corslint {

// Everything a rule says about itself. Docs, `explain`, JSON and SARIF read it.
struct RuleMeta {
  std::string_view code;  // permanent, e.g. "C003"
  std::string_view name;  // kebab-case hazard, e.g. "cors-origin-never-matches"
  DocKindSet kinds = 0;   // documents the rule runs on; 0 = produced by the engine
  Severity default_severity = Severity::Error;
  std::string_view summary;
  std::string_view rationale;
  std::string_view bad_example;
  std::string_view good_example;
  std::string_view fix_hint;
  std::string_view references;
  bool enabled_by_default = true;
  // Bundle rules: whether the rule also runs on a bundle whose documents could
  // not be grouped unambiguously (Bundle::ambiguous), where others would guess.
  bool runs_on_ambiguous_bundles = false;
};

// Collects a rule's findings for one document and locates them.
class Reporter {
 public:
  Reporter(const RuleMeta& meta, const Document& doc, const LintSettings& settings,
           std::vector<Finding>& sink, bool value_hashes = true)
      : meta_(meta), doc_(doc), settings_(settings), sink_(sink), value_hashes_(value_hashes) {}

  template <class... Args>
  Finding& report(json::NodeId node, fmt::format_string<Args...> f, Args&&... args) {
    return emit(meta_.default_severity, node, false, fmt::format(f, std::forward<Args>(args)...));
  }
  template <class... Args>
  Finding& report(Severity sev, json::NodeId node, fmt::format_string<Args...> f, Args&&... args) {
    return emit(sev, node, false, fmt::format(f, std::forward<Args>(args)...));
  }
  // Located at an object member's key instead of its value (unknown keys, duplicates).
  template <class... Args>
  Finding& report_key(json::NodeId node, fmt::format_string<Args...> f, Args&&... args) {
    return emit(meta_.default_severity, node, true, fmt::format(f, std::forward<Args>(args)...));
  }

  Finding& emit(Severity sev, json::NodeId node, bool at_key, std::string message);
  // Adds a related location (in the same document) to a finding.
  void add_related(Finding& f, json::NodeId node, std::string message);
  // Attaches a mechanical fix: replace the node's source text with `replacement`.
  void add_fix(Finding& f, std::string description, json::NodeId node,
               std::string replacement) const;
  // Attaches a fix that deletes an array element (with its separating comma).
  void add_remove_element_fix(Finding& f, std::string description, json::NodeId node) const;

  const Document& document() const { return doc_; }
  const json::Tree& tree() const { return *doc_.tree; }
  const LintSettings& settings() const { return settings_; }

  // Removes the findings located at (or related to) a value the container
  // format leaves unknown (Document::touches_unknown): the engine calls it
  // after the rule ran, so rules need not know about unknown values.
  void drop_unknown();

 private:
  const RuleMeta& meta_;
  const Document& doc_;
  const LintSettings& settings_;
  std::vector<Finding>& sink_;
  bool value_hashes_;
  std::vector<std::size_t> unknown_;  // indices into sink_ to drop
};

using CheckFn = void (*)(const Document&, Reporter&);

struct Bundle;

// Reports findings of a cross-document rule: each finding is located in one of
// the bundle's documents, and related locations may be in others.
class BundleReporter {
 public:
  BundleReporter(const RuleMeta& meta, const LintSettings& settings, std::vector<Finding>& sink,
                 bool value_hashes = true)
      : meta_(meta), settings_(settings), sink_(sink), value_hashes_(value_hashes) {}

  template <class... Args>
  Finding& report(const Document& doc, json::NodeId node, fmt::format_string<Args...> f,
                  Args&&... args) {
    return emit(meta_.default_severity, doc, node, fmt::format(f, std::forward<Args>(args)...));
  }
  template <class... Args>
  Finding& report(Severity sev, const Document& doc, json::NodeId node,
                  fmt::format_string<Args...> f, Args&&... args) {
    return emit(sev, doc, node, fmt::format(f, std::forward<Args>(args)...));
  }
  Finding& emit(Severity sev, const Document& doc, json::NodeId node, std::string message);
  void add_related(Finding& f, const Document& doc, json::NodeId node, std::string message);
  const LintSettings& settings() const { return settings_; }
  // See Reporter::drop_unknown.
  void drop_unknown();

 private:
  const RuleMeta& meta_;
  const LintSettings& settings_;
  std::vector<Finding>& sink_;
  bool value_hashes_;
  std::vector<std::size_t> unknown_;
};

using BundleCheckFn = void (*)(const Bundle&, BundleReporter&);

struct RuleEntry {
  const RuleMeta* meta;
  CheckFn check;  // null for findings the engine itself produces (E-codes, I000)
  BundleCheckFn bundle_check = nullptr;  // cross-document rules (then check is null)

  bool runs() const { return check != nullptr || bundle_check != nullptr; }
};

// All rules, sorted by code. Rules join from their own file through Registration.
class Registry {
 public:
  static Registry& instance();

  void add(const RuleMeta& meta, CheckFn check);
  void add(const RuleMeta& meta, BundleCheckFn check);
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

struct Registration {
  Registration(const RuleMeta& meta, CheckFn check) { Registry::instance().add(meta, check); }
  Registration(const RuleMeta& meta, BundleCheckFn check) { Registry::instance().add(meta, check); }
};

// The address of a rule's documentation page.
std::string help_uri(std::string_view code);

}  // namespace corslint
