// The summary stage: what a run's findings say about the run. The exit
// status (DESIGN §3) is read from here, whichever way the findings came.
#include "corslint/engine.hpp"

namespace corslint {

void LintSummary::add(std::span<const Finding> group, std::optional<Severity> fail_on) {
  findings += group.size();
  for (const Finding& f : group) {
    if (f.code == "E900") internal_error = true;
    if (fail_on && f.severity >= *fail_on) failing = true;
  }
}

}  // namespace corslint
