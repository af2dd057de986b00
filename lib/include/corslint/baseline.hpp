#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "corslint/finding.hpp"
#include "corslint/report.hpp"

namespace corslint {

// Accepted findings, matched by code + file + JSON pointer + a hash of the
// offending value, never by line, so edits elsewhere do not resurrect them.
struct BaselineEntry {
  std::string code;
  std::string file;
  std::string pointer;
  uint64_t value_hash = 0;
};

struct Baseline {
  std::vector<BaselineEntry> entries;
};

// The JSON a baseline file holds ({"version": 1, "findings": [...]}).
std::string baseline_json(std::span<const Finding> findings);
// The same, written group by group as a report is (--write-baseline).
std::unique_ptr<report::StreamWriter> make_baseline_writer();
// Reads a baseline file; on error returns false with a located message.
bool load_baseline(const std::string& path, Baseline& out, std::string& error);

// Removes the findings the baseline accepts (each entry accepts one finding)
// and returns the entries that matched nothing: stale, reported as I001.
std::vector<BaselineEntry> apply_baseline(const Baseline& baseline, std::vector<Finding>& findings);

}  // namespace corslint
