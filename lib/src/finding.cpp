#include "corslint/finding.hpp"

#include <tuple>

namespace corslint {

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.file, a.start.line, a.start.column, a.code, a.message) <
         std::tie(b.file, b.start.line, b.start.column, b.code, b.message);
}

}  // namespace corslint
