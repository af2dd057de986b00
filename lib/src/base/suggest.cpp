#include "corslint/text.hpp"

#include <algorithm>
#include <vector>

namespace corslint {

std::string normalise_key(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '_' || c == '-' || c == ' ') continue;
    out.push_back(lower(c));
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (length_gap > limit) return limit + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    std::size_t row_min = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      row_min = std::min(row_min, row[j]);
      diag = up;
    }
    // Every later row is at least this row's minimum.
    if (row_min > limit) return limit + 1;
  }
  return std::min(row[b.size()], limit + 1);
}

std::optional<std::string_view> did_you_mean(std::string_view key,
                                             std::span<const std::string_view> known) {
  std::string k = normalise_key(key);
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;  // at most 2 edits after normalising
  for (std::string_view cand : known) {
    std::string c = normalise_key(cand);
    if (c == k) return cand;
    // Singular/plural mix-ups: "AllowedOrigin" for "AllowedOrigins".
    if (c.size() == k.size() + 1 && c.back() == 's' && c.compare(0, k.size(), k) == 0) return cand;
    std::size_t d = edit_distance(k, c, best_distance - 1);
    if (d < best_distance) {
      best_distance = d;
      best = cand;
    }
  }
  return best;
}

}  // namespace corslint
