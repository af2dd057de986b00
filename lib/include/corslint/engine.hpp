#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corslint/config.hpp"
#include "corslint/document.hpp"
#include "corslint/finding.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/rule.hpp"
#include "corslint/settings.hpp"

namespace corslint {

// Which rules run and at what severity. Entries are codes ("C003"), names
// ("cors-null-origin"), code prefixes ("C", "C01") or "ALL".
struct RuleSelection {
  std::optional<std::vector<std::string>> select;  // none: the default set
  std::vector<std::string> ignore;
  std::map<std::string, Severity, std::less<>> severity;  // per code or name

  bool enabled(const RuleMeta& meta) const;
  Severity severity_for(const RuleMeta& meta, Severity emitted) const;
};

// True when `entry` (code, name, prefix or ALL) names the rule.
bool selector_matches(std::string_view entry, const RuleMeta& meta);
// True when `entry` names at least one rule (or is ALL).
bool selector_known(std::string_view entry);
// For an entry that names no rule: the code or name it most likely meant
// ("C0002" -> "C002", "cors-invalid-methods" -> "cors-invalid-method").
std::optional<std::string> closest_rule(std::string_view entry);

// --- Baselines ---------------------------------------------------------
// Accepted findings, matched by code + file + JSON pointer + a hash of the
// offending value, never by line, so edits elsewhere do not resurrect them.
// (The writer, make_baseline_writer and baseline_json, is in report.hpp.)
struct BaselineEntry {
  std::string code;
  std::string file;
  std::string pointer;
  uint64_t value_hash = 0;
};

struct Baseline {
  std::vector<BaselineEntry> entries;
};

// Reads a baseline file; on error returns false with a located message.
bool load_baseline(const std::string& path, Baseline& out, std::string& error);

// Removes the findings the baseline accepts (each entry accepts one finding)
// and returns the entries that matched nothing: stale, reported as I001.
std::vector<BaselineEntry> apply_baseline(const Baseline& baseline, std::vector<Finding>& findings);

struct LintOptions {
  RuleSelection rules;
  LintSettings settings;
  std::optional<DocKind> kind;  // --kind: skip recognition
  // glob -> codes ignored in matching files
  std::vector<std::pair<std::string, std::vector<std::string>>> per_file_ignores;
  // Single accepted findings (config `suppress`).
  std::vector<Suppression> suppress;
  // Rules a library user brings in addition to the registry (not listed in
  // docs): document rules, and bundle rules after the registry's.
  std::vector<RuleEntry> extra_rules;
  // Config `bundles`: files matching a bundle's globs (relative to
  // `bundle_base`, the config file's directory) form that bundle, wherever
  // they are; `bundle_source` names the config file in reasons.
  std::vector<BundleSpec> bundles;
  std::string bundle_base;
  std::string bundle_source;
  // Fill Finding::source_line. Only the text report (without --quiet) prints
  // it; the CLI turns it off otherwise, which saves the line copy (up to 400
  // bytes) and its control-character scan per finding.
  bool excerpts = true;
  // Fill Finding::value_hash (a hash of the offending value's text, up to
  // 4 KB). Only baselines and gitlab's fingerprints read it; the CLI turns
  // it off otherwise (it was ~2% of a run, more where findings sit on whole
  // statements).
  bool value_hashes = true;
  // Fill Fix::linted (the size and a hash of the file a fix's offsets are
  // into), which fix_files needs to apply the fix. The CLI turns it off
  // unless --fix or --diff.
  bool fix_digests = true;
  // --baseline: the accepted findings, hidden from the collected result; its
  // entries that match nothing become I001 (stale-baseline-entry).
  std::optional<Baseline> baseline;
  // --fail-on: the lowest severity that fails the run (LintSummary::failing);
  // none: nothing does ("never").
  std::optional<Severity> fail_on = Severity::Error;
  // Findings of rules one file keeps (config `max_findings_per_file`; 0: no
  // cap). Past it, the rest are counted by severity and reported as one
  // I003 (findings-left-out) with the most severe of them, so the exit
  // status is what it would have been.
  std::size_t max_findings_per_file = 1000;
};

// The options a config file asks for: its rule selection and severities,
// settings, per-file ignores, suppressions and bundles (relative to the
// config file's directory).
LintOptions lint_options(const Config& config);

// A file after loading: its documents, or the findings that stopped it loading.
struct LoadedFile {
  std::shared_ptr<const Source> source;
  std::vector<Document> documents;
  std::vector<Finding> findings;  // E001-E004, I000
};

// One group's findings as Linter::lint hands them to a FindingSink. A group is
// a directory's files (or a configured bundle's files); groups come in the
// order their first file appears in the path list (collect_files walks a
// directory's entries by name, depth first), whatever `jobs` is.
struct FindingGroup {
  std::size_t index = 0;                // 0, 1, 2, ... in group order
  std::vector<Finding> findings;        // sorted with finding_less
  std::vector<std::string> bundle_log;  // only when asked for
  std::string rendered;                 // free for FindingSink::prepare to fill
};

// Receives findings group by group while the scan runs, so a report can be
// written before the last file is read and memory follows the largest group,
// not the corpus.
class FindingSink {
 public:
  virtual ~FindingSink() = default;
  // On the worker that linted the group, possibly at the same time as other
  // groups' prepare and as consume: may only touch `group` and const state
  // (e.g. render the group to text into group.rendered).
  virtual void prepare(FindingGroup& group) const { (void)group; }
  // In group order, one call at a time. The group (and everything it points
  // at) is freed when it returns.
  virtual void consume(FindingGroup& group) = 0;
};

// The summary stage: what a run's findings say about the run. The exit
// status (DESIGN §3) is read from it, however the findings were collected.
struct LintSummary {
  std::size_t findings = 0;
  bool failing = false;         // a finding at or above LintOptions::fail_on
  bool internal_error = false;  // a rule failed (E900)

  // Counts a group of findings in (groups may come in any order).
  void add(std::span<const Finding> group, std::optional<Severity> fail_on);
};

namespace engine {
struct Pipeline;
}

// Runs the pipeline in stages, load → check → filter → summary:
// source -> tree -> recognise -> model -> rules -> findings -> filter.
// A Linter is immutable after construction and safe to share between threads.
class Linter {
 public:
  explicit Linter(LintOptions options);

  // Lints files (as collect_files gives them) with `jobs` threads: document
  // rules per file, then cross-document rules per directory bundle. Findings
  // come back sorted, the baseline (if any) applied. With `bundle_log`, each
  // bundle and why its members belong together is described there
  // (--explain-bundles).
  std::vector<Finding> lint(const std::vector<std::string>& paths, unsigned jobs,
                            std::vector<std::string>* bundle_log = nullptr) const;
  // The streaming form: each group's findings (sorted within the group) go to
  // `sink` in group order as soon as the groups before it are done; workers
  // pull groups from a shared index and run at most a few groups ahead of the
  // sink. With `bundle_log`, FindingGroup::bundle_log is filled. A baseline
  // needs every finding first: with one, the whole run is one group.
  LintSummary lint(const std::vector<std::string>& paths, unsigned jobs, FindingSink& sink,
                   bool bundle_log = false) const;

  // Lints one file ("-" is stdin) with document rules only; never throws for bad input.
  void lint_path(std::string_view path, std::vector<Finding>& out) const;
  // Lints bytes held in memory as if read from `display_path`.
  void lint_bytes(std::string display_path, std::string bytes, std::vector<Finding>& out) const;

  // The load stage alone: a source's documents and load findings (unfiltered).
  LoadedFile load(std::shared_ptr<const Source> source) const;

  // The summary of findings collected by lint() (LintOptions::fail_on).
  LintSummary summarise(std::span<const Finding> findings) const;

  const LintOptions& options() const;

 private:
  std::shared_ptr<const engine::Pipeline> pipeline_;
};

// Builds a located finding for `node` of `doc` (shared by Reporter and the engine).
Finding make_finding(const RuleMeta& meta, Severity sev, const Document& doc, json::NodeId node,
                     bool at_key, std::string message, bool value_hash = true);

// --- Fixes -------------------------------------------------------------

struct FixOutcome {
  std::string text;           // the file after the edits
  std::size_t applied = 0;    // findings whose fix was applied
  std::size_t conflicts = 0;  // fixes skipped because they overlapped an earlier one
};

// Applies the first safe fix of each finding to `original` (the findings must
// all belong to that file, and the file must be plain UTF-8 so offsets are
// byte offsets). Edits are applied in file order; an edit that overlaps one
// already taken is skipped, so fixes never fight and one pass is final.
FixOutcome apply_fixes(std::string_view original, std::span<const Finding> findings);

// What --fix (or --diff) did to the files the findings are in.
struct FixRun {
  std::size_t fixed = 0;          // findings whose fix was applied (and written)
  std::size_t changed_files = 0;  // files changed (or, with --diff, that would change)
  std::size_t conflicts = 0;      // fixes left for another run (overlaps)
  bool failed = false;            // a file could not be read or written
  std::size_t failed_files = 0;   // how many (their fixes are not counted above)
  std::string diff;               // diff_only: the unified diffs, file by file
  // For the user, in order: "cannot write 'x': <strerror> (hint)" (errors:
  // `failed`) and files left alone ("not fixing 'x': it has a byte-order
  // mark; ...", "... it changed since it was linted", "... it is a symbolic
  // link", "... it is read-only", ...).
  struct Message {
    bool error = false;
    std::string text;
  };
  std::vector<Message> messages;
};

// Applies the safe fixes of sorted findings to their files, file by file, or
// with `diff_only` only describes them in FixRun::diff. Each file is read
// again under a lock (FileRewrite, file_write.hpp) and fixed only if it still
// has the bytes that were linted (Fix::linted), then replaced atomically with
// its owner, group and mode kept. Links, hard-linked and read-only files are
// left alone, as are files with a byte-order mark and stdin: fix offsets are
// into the decoded text, so only plain UTF-8 files are edited.
FixRun fix_files(std::span<const Finding> findings, bool diff_only);

// A unified diff (`--- a/path`, `+++ b/path`, three lines of context) of two
// texts, or an empty string when they are equal.
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after);

// How a scan walks directories.
struct CollectOptions {
  std::vector<std::string> exclude;  // config `exclude` globs
  // Follow symbolic links (to directories and to files) whose target is
  // outside the directory being scanned (--follow-symlinks). Off: they are
  // left out and listed in CollectedFiles::skipped. Links that stay inside are
  // always followed; a directory is walked once however it is reached, so a
  // link cycle ends either way.
  bool follow_symlinks = false;
};

// A symbolic link a scan did not follow because its target leaves the scanned
// directory.
struct SkippedLink {
  std::string path;    // as displayed (the link, not its target)
  std::string target;  // the target's real path
  bool directory = false;
};

struct CollectedFiles {
  std::vector<std::string> files;  // what to lint, in order
  std::vector<SkippedLink> skipped;
  // With follow_symlinks: the files (also in `files`) reached through a link
  // that leaves the scanned directory. Linted, never to be fixed.
  std::vector<std::string> outside;
};

// Expands the paths a user gave into the files to lint: directories are walked
// recursively for *.json, *.template and YAML (skipping .git, node_modules, build
// output and what .gitignore files ignore; each directory once; symbolic links
// that leave the directory only with follow_symlinks), files and "-" are kept as
// given (a missing one becomes E001 when linted). Sorted within each directory
// so output is deterministic.
CollectedFiles collect(const std::vector<std::string>& paths, const CollectOptions& options);
// collect() with `exclude` and the default options: its files.
std::vector<std::string> collect_files(const std::vector<std::string>& paths,
                                       const std::vector<std::string>& exclude);

}  // namespace corslint

namespace corslint::simulate {

// Files (or folders, searched for *.json) loaded the way `corslint lint` loads
// them, every document in one bundle. `errors` holds unreadable or unparsable
// files and ambiguity (two documents of one kind); documents and the bundle
// stay valid while the object lives.
struct LoadedBundle {
  std::vector<LoadedFile> files;
  Bundle bundle;
  std::vector<std::string> errors;
};
std::unique_ptr<LoadedBundle> load_bundle(const std::vector<std::string>& paths);

}  // namespace corslint::simulate
