// The path glob of `exclude`, `per_file_ignores`, `suppress`, `bundles` and
// .gitignore lines, run as a set of pattern positions (an NFA) over the path:
// time is at most pattern length x path length, memory two flags per pattern
// element, whatever the pattern holds. No recursion and no backtracking, so
// `**/` repeated a million times neither overflows the stack nor takes
// exponential time.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "corslint/text.hpp"

namespace corslint {
namespace {

// One element of a compiled pattern.
enum class Op : std::uint8_t {
  Literal,     // one byte, itself
  AnyOne,      // `?`: one byte other than '/'
  Star,        // `*`: a run of bytes without '/' (possibly empty)
  Cross,       // `**` not followed by '/': any run of bytes (possibly empty)
  CrossSlash,  // `**/`: nothing, or any run of bytes that ends with '/'
};

struct Element {
  Op op;
  char byte = 0;
};

// A run of stars is one element: two or more cross segments. `**/` twice in a
// row means what one does, so repeats collapse.
std::vector<Element> compile(std::string_view pattern) {
  std::vector<Element> out;
  out.reserve(pattern.size());
  for (std::size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    if (c != '*') {
      out.push_back({c == '?' ? Op::AnyOne : Op::Literal, c});
      ++i;
      continue;
    }
    std::size_t run = 0;
    while (i < pattern.size() && pattern[i] == '*') ++i, ++run;
    Op op = run == 1 ? Op::Star : Op::Cross;
    if (op == Op::Cross && i < pattern.size() && pattern[i] == '/') {
      op = Op::CrossSlash;
      ++i;
    }
    if (!out.empty() && out.back().op == Op::CrossSlash && op == Op::CrossSlash) continue;
    out.push_back({op, 0});
  }
  return out;
}

bool skippable(Op op) { return op == Op::Star || op == Op::Cross || op == Op::CrossSlash; }

// Positions reachable without reading a byte: every star may match nothing.
void close(const std::vector<Element>& p, std::vector<std::uint8_t>& live) {
  for (std::size_t k = 0; k < p.size(); ++k) {
    if (live[k] && skippable(p[k].op)) live[k + 1] = 1;
  }
}

}  // namespace

bool path_glob_match(std::string_view pattern, std::string_view path) {
  const std::vector<Element> p = compile(pattern);
  const std::size_t n = p.size();
  std::vector<std::uint8_t> live(n + 1, 0), next(n + 1, 0);
  live[0] = 1;
  close(p, live);
  std::size_t lo = 0;  // no position below lo is live
  for (char c : path) {
    while (lo <= n && !live[lo]) ++lo;  // live positions only ever move forward
    if (lo > n) return false;
    std::fill(next.begin(), next.end(), 0);
    for (std::size_t k = lo; k < n; ++k) {
      if (!live[k]) continue;
      switch (p[k].op) {
        case Op::Literal:
          if (c == p[k].byte) next[k + 1] = 1;
          break;
        case Op::AnyOne:
          if (c != '/') next[k + 1] = 1;
          break;
        case Op::Star:
          if (c != '/') next[k] = 1;
          break;
        case Op::Cross:
          next[k] = 1;
          break;
        case Op::CrossSlash:
          next[k] = 1;
          if (c == '/') next[k + 1] = 1;
          break;
      }
    }
    close(p, next);
    live.swap(next);
  }
  return live[n] != 0;
}

}  // namespace corslint
