#include "corslint/finding.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <tuple>

namespace corslint {

namespace {

bool utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string bounded_message(std::string message) {
  if (message.size() <= kMaxMessageBytes) return message;
  constexpr std::string_view kGap = " \xe2\x80\xa6 ";  // " … " in UTF-8
  const std::size_t keep = (kMaxMessageBytes - kGap.size()) / 2;
  // Cut on code point boundaries so the message stays valid UTF-8.
  std::size_t head = keep;
  while (head > 0 && utf8_continuation(message[head])) --head;
  std::size_t tail = message.size() - keep;
  while (tail < message.size() && utf8_continuation(message[tail])) ++tail;
  std::string out;
  out.reserve(head + kGap.size() + (message.size() - tail));
  out.append(message, 0, head);
  out.append(kGap);
  out.append(message, tail, std::string::npos);
  return out;
}

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.file, a.start.line, a.start.column, a.code, a.message) <
         std::tie(b.file, b.start.line, b.start.column, b.code, b.message);
}

void sort_findings(std::vector<Finding>& findings) {
  if (findings.size() < 2) return;
  // Sort indices, then move each finding once: a Finding is ~250 bytes with
  // five heap members, and swapping them inside std::sort cost more than the
  // comparisons. Ties keep their emitted order, so the result is stable.
  std::vector<uint32_t> order(findings.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (finding_less(findings[a], findings[b])) return true;
    if (finding_less(findings[b], findings[a])) return false;
    return a < b;
  });
  // Apply the permutation in place, cycle by cycle (a second vector of
  // findings would double the peak on a file with a million findings).
  for (std::size_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    Finding held = std::move(findings[start]);
    std::size_t at = start;
    while (order[at] != start) {
      std::size_t from = order[at];
      findings[at] = std::move(findings[from]);
      order[at] = static_cast<uint32_t>(at);
      at = from;
    }
    findings[at] = std::move(held);
    order[at] = static_cast<uint32_t>(at);
  }
}

ContentDigest content_digest(std::string_view content) {
  // std::hash reads 8 bytes at a time (FNV-1a one): a whole file is hashed
  // for every file with a fix, and the digest never leaves the process.
  return {content.size(), std::hash<std::string_view>{}(content)};
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
