#pragma once

// The engine's stages, in the order a file meets them:
//
//   load (load.cpp) → check (check.cpp) → filter (filter.cpp) → summary (summary.cpp)
//
// scheduler.cpp runs them on threads and hands groups to the sink in order;
// engine.cpp is the public Linter over them. Every stage reads one Pipeline,
// built once per Linter and never changed after.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/engine.hpp"

namespace corslint::engine {

// --- filter ------------------------------------------------------------------
// What the user asked to see: select, ignore, severity overrides, per-file
// ignores, suppressions and the baseline (with I001 for its stale entries).
class Filter {
 public:
  explicit Filter(const LintOptions& options) : options_(options) {}

  // Select and ignore: whether the rule runs (or the engine reports the code).
  bool selects(const RuleMeta& meta) const { return options_.rules.enabled(meta); }
  // The severity a finding of `meta` is reported with (config `severity`).
  Severity severity(const RuleMeta& meta, Severity emitted) const {
    return options_.rules.severity_for(meta, emitted);
  }
  // Drops the findings in [from, end) that a suppression or a per-file ignore
  // for `file` hides.
  void apply(std::vector<Finding>& out, std::size_t from, std::string_view file) const;
  // The same, each finding judged by the file it is located in (bundle rules).
  void apply(std::vector<Finding>& out, std::size_t from) const;
  // Drops the findings in [from, end) located in `source` that an inline
  // `# corslint:ignore CODE reason` comment (HCL only) accepts.
  void apply_inline(std::vector<Finding>& out, std::size_t from, const Source& source) const;
  // Removes the findings the baseline accepts and adds I001 for its stale
  // entries; `findings` is the whole run, sorted. No-op without a baseline.
  void apply_baseline(std::vector<Finding>& findings) const;
  // Whether a suppression or a per-file ignore for `file` hides `f`.
  bool hides(const Finding& f, std::string_view file) const;

 private:
  bool suppressed(const Finding& f) const;
  bool ignored_in(const Finding& f, std::string_view file) const;
  const LintOptions& options_;
};

// --- the pipeline ------------------------------------------------------------
struct Pipeline {
  explicit Pipeline(LintOptions opts);
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  LintOptions options;
  Filter filter{options};
  std::vector<const RuleEntry*> document_rules;  // selected, in code order
  std::vector<const RuleEntry*> bundle_rules;

  // A finding the engine itself reports (E001-E004, E900, I000, I002), if
  // selected, at `offset` of `source` (or at 1:1 when not `located`).
  void engine_finding(std::vector<Finding>& out, std::string_view code, const Source* source,
                      std::string_view path, uint32_t offset, bool located,
                      std::string message) const;
};

// The source line as a report shows it (bounded, control characters replaced).
std::string excerpt(const Source& src, uint32_t line);

// --- load --------------------------------------------------------------------
// Reads a file ("-" is stdin) into documents; a file that cannot be read is
// one E001 finding (and no source). Findings are left unfiltered in the file.
LoadedFile load_path(const Pipeline& p, std::string_view path);
// Bytes held in memory, as if read from `display_path`.
LoadedFile load_bytes(const Pipeline& p, std::string display_path, std::string bytes);
// Parses a source, recognises what it holds and builds each document's model.
// `on_disk`: the source is a file of a folder (a .tf file then sees its module).
LoadedFile load_source(const Pipeline& p, std::shared_ptr<const Source> source,
                       bool on_disk = false);

// The files of a scan, grouped: a directory's files, or a configured bundle's.
struct FileGroup {
  std::string dir;
  const BundleSpec* spec = nullptr;
  std::vector<std::size_t> files;  // indices into the path list
};
std::vector<FileGroup> group_files(const Pipeline& p, const std::vector<std::string>& paths);

// --- check -------------------------------------------------------------------
// One file's room for findings (LintOptions::max_findings_per_file): the
// findings past it are counted here, as the filters would show them, and
// become one I003 at the end of the file.
class FileBudget final : public FindingBudget {
 public:
  FileBudget(const Pipeline& p, const Source& source, std::size_t first);
  void overflow(const RuleMeta& meta, const Finding& f) override;
  // Room left once `out` holds the file's findings so far.
  void update(const std::vector<Finding>& out);
  // Adds the I003 finding when anything was left out.
  void report(std::vector<Finding>& out) const;

 private:
  const Pipeline& p_;
  const Source& source_;
  std::size_t first_;                    // the file's first finding in `out`
  std::size_t left_out_[3] = {0, 0, 0};  // by Severity
};

// Document rules on one document; findings get their final severity and
// excerpt, pass the filters (suppressions, per-file ignores), identical ones
// are collapsed into one, and they lose fixes that cannot be applied to the
// file.
void check_document(const Pipeline& p, const Document& doc, std::vector<Finding>& out,
                    FileBudget& budget);
// Fills Fix::linted of the findings' fixes with the digest of `source`, the
// file they are in (when LintOptions::fix_digests).
void stamp_fixes(const Pipeline& p, const Source& source, std::span<Finding> findings);
// Forms a group's bundles from the documents of its files.
std::vector<Bundle> bundle_group(const Pipeline& p, const FileGroup& group,
                                 const std::vector<LoadedFile>& files);
// Bundle rules on each bundle, filtered by the file each finding is in.
void check_bundles(const Pipeline& p, const std::vector<Bundle>& bundles, std::vector<Finding>& out,
                   std::vector<std::string>* log);

// --- all together -------------------------------------------------------------
// One group (engine.cpp): load and check each file, then bundle the group's
// documents and check the bundles; findings filtered and sorted.
void lint_group(const Pipeline& p, const std::vector<std::string>& paths, const FileGroup& group,
                unsigned jobs, FindingGroup& result, bool bundle_log);

}  // namespace corslint::engine
