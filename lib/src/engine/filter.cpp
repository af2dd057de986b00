// The filter stage: which rules run, at what severity, and which findings the
// user has accepted (per-file ignores, suppressions, the baseline).
#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>

#include <fmt/core.h>

#include "corslint/text.hpp"
#include "engine/files.hpp"
#include "engine/stages.hpp"

namespace corslint {

bool selector_matches(std::string_view entry, const RuleMeta& meta) {
  if (entry == "ALL" || entry == "all") return true;
  if (entry == meta.name) return true;
  if (entry.empty() || entry.size() > meta.code.size()) return false;
  // A code or a code prefix: "C", "C01", "C013" (case-insensitive letter).
  return iequals(meta.code.substr(0, entry.size()), entry);
}

bool selector_known(std::string_view entry) {
  for (const RuleEntry& e : Registry::instance().rules()) {
    if (selector_matches(entry, *e.meta)) return true;
  }
  return false;
}

std::optional<std::string> closest_rule(std::string_view entry) {
  std::vector<std::string_view> known;
  for (const RuleEntry& e : Registry::instance().rules()) {
    known.push_back(e.meta->code);
    known.push_back(e.meta->name);
  }
  // Codes are short: "X" would be two edits from many; demand a close match.
  auto guess = did_you_mean(entry, known);
  if (!guess) return std::nullopt;
  if (entry.size() <= 4 && edit_distance(normalise_key(entry), normalise_key(*guess), 1) > 1) {
    return std::nullopt;
  }
  return std::string(*guess);
}

bool RuleSelection::enabled(const RuleMeta& meta) const {
  // Explicit ignores win, most specific first is unnecessary: any match ignores.
  for (const auto& i : ignore) {
    if (selector_matches(i, meta)) return false;
  }
  // Load errors always show unless explicitly ignored: a file that cannot be
  // read must never pass silently. Nor may findings the per-file cap left
  // out (I003): it carries their severity.
  if (meta.code[0] == 'E' || meta.code == "I003") return true;
  if (!select) return meta.enabled_by_default;
  for (const auto& s : *select) {
    // "ALL" and prefixes select only rules that are on by default; naming an
    // off-by-default rule (I000) by code or name turns it on.
    if (selector_matches(s, meta) &&
        (meta.enabled_by_default || s == meta.code || s == meta.name)) {
      return true;
    }
  }
  return false;
}

Severity RuleSelection::severity_for(const RuleMeta& meta, Severity emitted) const {
  if (auto it = severity.find(meta.code); it != severity.end()) return it->second;
  if (auto it = severity.find(meta.name); it != severity.end()) return it->second;
  return emitted;
}

// --- Baselines ---------------------------------------------------------------

bool load_baseline(const std::string& path, Baseline& out, std::string& error) {
  SourceError err;
  auto src = Source::read_file(path, err);
  if (!err.code.empty()) {
    error = fmt::format("{}: {}", path, err.message);
    return false;
  }
  json::ParseResult parsed = json::parse(*src);
  if (!parsed.ok) {
    Position p = src->position(parsed.error.offset);
    error = fmt::format("{}:{}:{}: {}", path, p.line, p.column, parsed.error.message);
    return false;
  }
  const json::Tree& t = parsed.tree;
  json::NodeId list = t.get(t.root(), "findings");
  if (!t.is(list, json::Type::Array)) {
    error = fmt::format("{}: not a corslint baseline (no \"findings\" array)", path);
    return false;
  }
  for (json::NodeId e : t.children(list)) {
    std::string_view hash = t.str(t.get(e, "hash"));
    std::string_view code = t.str(t.get(e, "code"));
    if (code.empty() || hash.size() != 16) {
      Position p = src->position(t[e].offset);
      error = fmt::format(
          "{}:{}:{}: a baseline entry needs \"code\", \"file\", \"pointer\" and a "
          "16-digit \"hash\"",
          path, p.line, p.column);
      return false;
    }
    out.entries.push_back({std::string(code), std::string(t.str(t.get(e, "file"))),
                           std::string(t.str(t.get(e, "pointer"))),
                           std::strtoull(std::string(hash).c_str(), nullptr, 16)});
  }
  return true;
}

std::vector<BaselineEntry> apply_baseline(const Baseline& baseline,
                                          std::vector<Finding>& findings) {
  using Key = std::tuple<std::string_view, std::string_view, std::string_view, uint64_t>;
  std::map<Key, std::vector<std::size_t>> open;  // entry indices not yet matched
  for (std::size_t i = 0; i < baseline.entries.size(); ++i) {
    const BaselineEntry& e = baseline.entries[i];
    open[{e.code, e.file, e.pointer, e.value_hash}].push_back(i);
  }
  std::vector<bool> used(baseline.entries.size(), false);
  std::erase_if(findings, [&](const Finding& f) {
    auto it = open.find({f.code, f.file, f.pointer, f.value_hash});
    if (it == open.end() || it->second.empty()) return false;
    used[it->second.back()] = true;
    it->second.pop_back();
    return true;
  });
  std::vector<BaselineEntry> stale;
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) stale.push_back(baseline.entries[i]);
  }
  return stale;
}

}  // namespace corslint

namespace corslint::engine {

bool Filter::suppressed(const Finding& f) const {
  for (const Suppression& s : options_.suppress) {
    if (!path_matches(s.path, f.file)) continue;
    bool at = s.pointer.empty() || f.pointer == s.pointer ||
              (f.pointer.starts_with(s.pointer) && f.pointer.size() > s.pointer.size() &&
               (f.pointer[s.pointer.size()] == '/' || f.pointer[s.pointer.size()] == '#'));
    const RuleEntry* e = Registry::instance().find(f.code);
    if (at && e != nullptr && selector_matches(s.code, *e->meta)) return true;
  }
  return false;
}

bool Filter::ignored_in(const Finding& f, std::string_view file) const {
  const RuleEntry* e = Registry::instance().find(f.code);
  if (e == nullptr) return false;
  for (const auto& [pattern, codes] : options_.per_file_ignores) {
    if (!path_matches(pattern, file)) continue;
    for (const auto& c : codes) {
      if (selector_matches(c, *e->meta)) return true;
    }
  }
  return false;
}

bool Filter::hides(const Finding& f, std::string_view file) const {
  return (!options_.suppress.empty() && suppressed(f)) ||
         (!options_.per_file_ignores.empty() && ignored_in(f, file));
}

void Filter::apply(std::vector<Finding>& out, std::size_t from, std::string_view file) const {
  if (!options_.suppress.empty()) {
    out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(),
                             [&](const Finding& f) { return suppressed(f); }),
              out.end());
  }
  if (options_.per_file_ignores.empty()) return;
  std::vector<const std::vector<std::string>*> ignores;
  for (const auto& [pattern, codes] : options_.per_file_ignores) {
    if (path_matches(pattern, file)) ignores.push_back(&codes);
  }
  if (ignores.empty()) return;
  auto ignored = [&](const Finding& f) {
    const RuleEntry* e = Registry::instance().find(f.code);
    for (const auto* codes : ignores) {
      for (const auto& c : *codes) {
        if (e != nullptr && selector_matches(c, *e->meta)) return true;
      }
    }
    return false;
  };
  out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(), ignored),
            out.end());
}

namespace {

// `# corslint:ignore CODE[,CODE...] reason` (or `//`) on `line`, naming the finding's rule.
bool ignored_on(std::string_view text, const RuleMeta& meta) {
  std::size_t at = text.find("corslint:ignore");
  if (at == std::string_view::npos) return false;
  std::string_view before = text.substr(0, at);
  if (before.find('#') == std::string_view::npos && before.find("//") == std::string_view::npos) {
    return false;  // not in a comment
  }
  std::string_view rest = text.substr(at + std::string_view("corslint:ignore").size());
  if (rest.empty() || (rest[0] != ' ' && rest[0] != '\t')) return false;
  rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
  std::string_view codes = rest.substr(0, rest.find_first_of(" \t\r"));
  while (!codes.empty()) {
    std::string_view code = codes.substr(0, codes.find(','));
    codes.remove_prefix(std::min(code.size() + 1, codes.size()));
    if (!code.empty() && selector_matches(code, meta)) return true;
  }
  return false;
}

}  // namespace

void Filter::apply_inline(std::vector<Finding>& out, std::size_t from, const Source& source) const {
  // Only HCL has comments among the formats corslint reads.
  if (source.is_embedded() || !source.path().ends_with(".tf")) return;
  auto ignored = [&](const Finding& f) {
    if (f.file != source.path()) return false;
    const RuleEntry* e = Registry::instance().find(f.code);
    if (e == nullptr) return false;
    for (uint32_t line = f.start.line; line + 1 >= f.start.line && line > 0; --line) {
      if (ignored_on(source.line_text(line), *e->meta)) return true;
    }
    return false;
  };
  out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(), ignored),
            out.end());
}

void Filter::apply(std::vector<Finding>& out, std::size_t from) const {
  if (options_.per_file_ignores.empty() && options_.suppress.empty()) return;
  std::vector<Finding> kept;
  for (std::size_t i = from; i < out.size(); ++i) {
    std::vector<Finding> one;
    one.push_back(std::move(out[i]));
    apply(one, 0, one.front().file);
    for (Finding& f : one) kept.push_back(std::move(f));
  }
  out.resize(from);
  for (Finding& f : kept) out.push_back(std::move(f));
}

void Filter::apply_baseline(std::vector<Finding>& findings) const {
  if (!options_.baseline) return;
  std::vector<BaselineEntry> stale = corslint::apply_baseline(*options_.baseline, findings);
  const RuleMeta& i001 = *Registry::instance().find("I001")->meta;
  // Stale entries show whatever --select says (the baseline itself is out of
  // date), unless I001 is ignored explicitly; suppressions and per-file
  // ignores do not apply to them.
  const auto& ignores = options_.rules.ignore;
  bool ignored = std::any_of(ignores.begin(), ignores.end(),
                             [&](const std::string& i) { return selector_matches(i, i001); });
  if (ignored) return;
  for (const BaselineEntry& e : stale) {
    Finding f;
    f.code = i001.code;
    f.name = i001.name;
    f.severity = severity(i001, Severity::Info);
    f.file = e.file;
    f.start = f.end = {1, 1};
    f.pointer = e.pointer;
    f.message = fmt::format(
        "the baseline entry for {} at {} matches no finding any more; "
        "regenerate the baseline with --write-baseline",
        e.code, e.pointer.empty() ? "the document" : e.pointer);
    findings.push_back(std::move(f));
  }
  // std::sort, not the stable sort_findings, as the CLI has always done here.
  std::sort(findings.begin(), findings.end(), finding_less);
}

}  // namespace corslint::engine
