#include "corslint/finding.hpp"

#include <tuple>

namespace corslint {

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.file, a.start.line, a.start.column, a.code, a.message) <
         std::tie(b.file, b.start.line, b.start.column, b.code, b.message);
}

uint64_t stable_hash(std::string_view text, uint64_t seed) {
  uint64_t h = seed;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace corslint
