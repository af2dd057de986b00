#include "corslint/text.hpp"

namespace corslint {
namespace {

bool equal(std::string_view a, std::string_view b, bool icase) {
  return icase ? iequals(a, b) : a == b;
}

bool match(std::string_view pattern, std::string_view value, bool icase) {
  auto star = pattern.find('*');
  if (star == std::string_view::npos) return equal(pattern, value, icase);
  std::string_view prefix = pattern.substr(0, star);
  std::string_view suffix = pattern.substr(star + 1);
  // S3 allows one '*'; with more, the rest are treated as literal here and
  // C004 reports the configuration as invalid.
  if (value.size() < prefix.size() + suffix.size()) return false;
  return equal(value.substr(0, prefix.size()), prefix, icase) &&
         equal(value.substr(value.size() - suffix.size()), suffix, icase);
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool wildcard_match(std::string_view pattern, std::string_view value) {
  return match(pattern, value, false);
}

bool wildcard_match_icase(std::string_view pattern, std::string_view value) {
  return match(pattern, value, true);
}

bool glob_match(std::string_view pattern, std::string_view value, bool ignore_case) {
  std::size_t p = 0, v = 0, star = std::string_view::npos, mark = 0;
  auto same = [&](char a, char b) { return ignore_case ? lower(a) == lower(b) : a == b; };
  while (v < value.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || (pattern[p] != '*' && same(pattern[p], value[v])))) {
      ++p;
      ++v;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = v;
    } else if (star != std::string_view::npos) {
      // Let the last '*' swallow one more character; earlier stars never need
      // revisiting, which is what keeps this from backtracking exponentially.
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool path_pattern_match(std::string_view pattern, std::string_view path) {
  if (!pattern.starts_with('/') && path.starts_with('/')) path.remove_prefix(1);
  return glob_match(pattern, path, false);
}

bool wildcard_covers(std::string_view outer, std::string_view inner, bool icase) {
  auto outer_star = outer.find('*');
  if (outer_star == std::string_view::npos) {
    // A literal covers only itself (and a pattern only when it is that literal).
    return inner.find('*') == std::string_view::npos && equal(outer, inner, icase);
  }
  std::string_view prefix = outer.substr(0, outer_star);
  std::string_view suffix = outer.substr(outer_star + 1);
  auto inner_star = inner.find('*');
  if (inner_star == std::string_view::npos) return match(outer, inner, icase);
  // Every expansion of inner = P*S starts with P and ends with S; outer covers it
  // when P starts with outer's prefix and S ends with outer's suffix.
  std::string_view p = inner.substr(0, inner_star);
  std::string_view s = inner.substr(inner_star + 1);
  return p.size() >= prefix.size() && s.size() >= suffix.size() &&
         equal(p.substr(0, prefix.size()), prefix, icase) &&
         equal(s.substr(s.size() - suffix.size()), suffix, icase);
}

bool wildcard_overlaps(std::string_view a, std::string_view b, bool icase) {
  auto a_star = a.find('*');
  auto b_star = b.find('*');
  if (a_star == std::string_view::npos) return match(b, a, icase);
  if (b_star == std::string_view::npos) return match(a, b, icase);
  // P1*S1 and P2*S2 share a string exactly when one prefix starts the other
  // and one suffix ends the other (then P_longer + S_longer matches both).
  auto prefix_compatible = [&](std::string_view x, std::string_view y) {
    std::size_t n = x.size() < y.size() ? x.size() : y.size();
    return equal(x.substr(0, n), y.substr(0, n), icase);
  };
  auto suffix_compatible = [&](std::string_view x, std::string_view y) {
    std::size_t n = x.size() < y.size() ? x.size() : y.size();
    return equal(x.substr(x.size() - n), y.substr(y.size() - n), icase);
  };
  return prefix_compatible(a.substr(0, a_star), b.substr(0, b_star)) &&
         suffix_compatible(a.substr(a_star + 1), b.substr(b_star + 1));
}

}  // namespace corslint
