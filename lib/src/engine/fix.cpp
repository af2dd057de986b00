#include <algorithm>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "corslint/engine.hpp"
#include "corslint/file_write.hpp"
#include "corslint/model/source.hpp"

namespace corslint {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

// Whether every fix of the group is into exactly `content`: the bytes the
// findings were computed from (Fix::linted), or a reason why not.
std::optional<std::string> linted_mismatch(std::span<const Finding> group,
                                           std::string_view content) {
  ContentDigest now = content_digest(content);
  for (const Finding& f : group) {
    for (const Fix& fix : f.fixes) {
      if (!fix.linted) return "its fixes do not say which bytes were linted (fix_digests is off)";
      if (*fix.linted != now) return "it changed since it was linted";
    }
  }
  return std::nullopt;
}

void warn(FixRun& run, std::string_view path, const WriteError& e) {
  std::string text = fmt::format("not fixing '{}': {}", path, e.reason);
  if (!e.hint.empty()) text += fmt::format("; {}", e.hint);
  run.messages.push_back({false, std::move(text)});
}

void fail(FixRun& run, std::string_view doing, std::string_view path, const WriteError& e) {
  std::string text = fmt::format("cannot {} '{}': {}", doing, path, e.reason);
  if (!e.hint.empty()) text += fmt::format("; {}", e.hint);
  run.messages.push_back({true, std::move(text)});
  ++run.failed_files;
  run.failed = true;
}

// Fixes one file's findings (all of them in `path`) into `run`: read under a
// lock, compared with what was linted, rewritten (file_write.hpp).
void fix_file(const std::string& path, std::span<const Finding> group, bool diff_only,
              FixRun& run) {
  FileRewrite file;
  if (!file.open(path, Source::kMaxFileSize, !diff_only)) {
    if (file.error().refused) return warn(run, path, file.error());
    return fail(run, "read", path, file.error());
  }
  const std::string& original = file.content();
  if (original.starts_with("\xEF\xBB\xBF") || original.starts_with("\xFF\xFE") ||
      original.starts_with("\xFE\xFF")) {
    run.messages.push_back(
        {false,
         fmt::format("not fixing '{}': it has a byte-order mark; save it as plain UTF-8", path)});
    return;
  }
  if (auto why = linted_mismatch(group, original)) {
    return warn(run, path, WriteError{true, *why, "run corslint --fix again"});
  }
  FixOutcome outcome = apply_fixes(original, group);
  run.conflicts += outcome.conflicts;
  if (outcome.applied == 0 || outcome.text == original) return;
  if (diff_only) {
    run.diff += unified_diff(path, original, outcome.text);
  } else if (!file.replace(outcome.text)) {
    if (file.error().refused) return warn(run, path, file.error());
    return fail(run, "write", path, file.error());
  }
  ++run.changed_files;
  run.fixed += outcome.applied;
}

}  // namespace

FixRun fix_files(std::span<const Finding> findings, bool diff_only) {
  FixRun run;
  std::size_t i = 0;
  while (i < findings.size()) {
    std::size_t j = i;
    bool any = false;
    while (j < findings.size() && findings[j].file == findings[i].file) {
      any = any || !findings[j].fixes.empty();
      ++j;
    }
    const std::string& path = findings[i].file;
    if (any && path != "<stdin>") fix_file(path, findings.subspan(i, j - i), diff_only, run);
    i = j;
  }
  return run;
}

FixOutcome apply_fixes(std::string_view original, std::span<const Finding> findings) {
  struct Pending {
    const TextEdit* edit;
    std::size_t finding;
  };
  std::vector<Pending> edits;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    for (const Fix& fix : findings[i].fixes) {
      if (!fix.safe) continue;
      for (const TextEdit& e : fix.edits) edits.push_back({&e, i});
      break;  // the first safe fix of a finding
    }
  }
  std::stable_sort(edits.begin(), edits.end(), [](const Pending& a, const Pending& b) {
    return a.edit->begin < b.edit->begin;
  });
  FixOutcome out;
  std::vector<bool> rejected(findings.size(), false);
  uint32_t cursor = 0;
  // First pass: a finding whose edits overlap earlier ones is rejected whole.
  for (const Pending& p : edits) {
    if (p.edit->begin < cursor || p.edit->end > original.size() || p.edit->end < p.edit->begin) {
      rejected[p.finding] = true;
    } else if (!rejected[p.finding]) {
      cursor = p.edit->end;
    }
  }
  cursor = 0;
  std::vector<bool> counted(findings.size(), false);
  for (const Pending& p : edits) {
    if (rejected[p.finding]) continue;
    out.text.append(original.substr(cursor, p.edit->begin - cursor));
    out.text.append(p.edit->replacement);
    cursor = p.edit->end;
    if (!counted[p.finding]) {
      counted[p.finding] = true;
      ++out.applied;
    }
  }
  out.text.append(original.substr(cursor));
  for (std::size_t i = 0; i < findings.size(); ++i) {
    bool had = std::any_of(findings[i].fixes.begin(), findings[i].fixes.end(),
                           [](const Fix& f) { return f.safe; });
    if (had && rejected[i]) ++out.conflicts;
  }
  return out;
}

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after) {
  if (before == after) return {};
  auto a = split_lines(before);
  auto b = split_lines(after);
  // Fixes change a few lines of a file: trim the common head and tail, then
  // diff the middle with an LCS table (small after trimming).
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  std::size_t n = a.size() - head - tail, m = b.size() - head - tail;
  std::vector<std::pair<char, std::string_view>> ops;  // ' ', '-', '+'
  if (n * m <= 4'000'000) {
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1
                                              : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        ops.push_back({' ', a[head + i]});
        ++i;
        ++j;
      } else if (j < m && (i == n || at(i, j + 1) > at(i + 1, j))) {
        ops.push_back({'+', b[head + j++]});
      } else {
        ops.push_back({'-', a[head + i++]});
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) ops.push_back({'-', a[head + i]});
    for (std::size_t j = 0; j < m; ++j) ops.push_back({'+', b[head + j]});
  }
  // One hunk with up to three lines of context on each side.
  std::size_t ctx_before = std::min<std::size_t>(3, head);
  std::size_t ctx_after = std::min<std::size_t>(3, tail);
  std::size_t a_count = ctx_before + ctx_after, b_count = ctx_before + ctx_after;
  for (const auto& op : ops) {
    if (op.first != '+') ++a_count;
    if (op.first != '-') ++b_count;
  }
  std::string out = fmt::format("--- a/{}\n+++ b/{}\n@@ -{},{} +{},{} @@\n", path, path,
                                head - ctx_before + 1, a_count, head - ctx_before + 1, b_count);
  auto line = [&](char tag, std::string_view text) {
    out += tag;
    out += text;
    if (text.empty() || text.back() != '\n') out += "\n\\ No newline at end of file\n";
  };
  for (std::size_t i = head - ctx_before; i < head; ++i) line(' ', a[i]);
  for (const auto& op : ops) line(op.first, op.second);
  for (std::size_t i = a.size() - tail; i < a.size() - tail + ctx_after; ++i) line(' ', a[i]);
  return out;
}

}  // namespace corslint
