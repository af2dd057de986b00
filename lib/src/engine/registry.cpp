#include <algorithm>
#include <mutex>
#include <optional>
#include <set>

#include <fmt/core.h>

#include "corslint/engine.hpp"
#include "corslint/rule.hpp"

namespace corslint {
namespace {

// Findings the engine itself produces. They are listed like rules so that
// `rules`, `explain`, SARIF and the docs cover them, but they have no check.
constexpr RuleMeta kFileUnreadable{
    .code = "E001",
    .name = "file-unreadable",
    .kinds = 0,
    .default_severity = Severity::Error,
    .summary = "The file cannot be read",
    .rationale =
        "A path that does not exist, is a directory or is not readable cannot be linted. "
        "corslint reports it and goes on with the other files, so one bad path does not "
        "hide the rest of the results.",
    .bad_example = "corslint lint missing.json",
    .good_example = "corslint lint cors.json",
    .fix_hint = "Check the path and its permissions, or exclude it in .corslint.json.",
    .references = "https://github.com/corslint/corslint/blob/main/docs/usage.md",
};
constexpr RuleMeta kInvalidJson{
    .code = "E002",
    .name = "invalid-json",
    .kinds = 0,
    .default_severity = Severity::Error,
    .summary = "The file is not valid JSON",
    .rationale =
        "AWS rejects a document that does not parse, and no other rule can check it. The "
        "finding points where parsing stopped; trailing commas, comments and single "
        "quotes are the usual causes. Nesting deeper than 256 levels is refused too.",
    .bad_example = R"([{"AllowedOrigins": ["https://app.example.com"],}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}])",
    .fix_hint =
        "Fix the JSON syntax at the reported position (for example remove the trailing "
        "comma).",
    .references = "https://www.rfc-editor.org/rfc/rfc8259",
};
constexpr RuleMeta kDuplicateKey{
    .code = "E003",
    .name = "duplicate-key",
    .kinds = 0,
    .default_severity = Severity::Error,
    .summary = "An object has the same key twice",
    .rationale =
        "JSON parsers disagree about duplicate keys: some keep the first, some the last. "
        "In a policy that difference is a security problem, because the document a "
        "reviewer reads is not the one AWS enforces.",
    .bad_example = R"({"Version": "2012-10-17", "Version": "2008-10-17", "Statement": []})",
    .good_example = R"({"Version": "2012-10-17", "Statement": []})",
    .fix_hint = "Keep one occurrence of the key and delete the others.",
    .references = "https://www.rfc-editor.org/rfc/rfc8259#section-4",
};
constexpr RuleMeta kInvalidEncoding{
    .code = "E004",
    .name = "invalid-encoding",
    .kinds = 0,
    .default_severity = Severity::Error,
    .summary = "The file is not valid UTF-8 or UTF-16",
    .rationale =
        "JSON must be Unicode. A UTF-8 byte-order mark is accepted and UTF-16 with a "
        "byte-order mark (what PowerShell's `>` writes) is decoded, but bytes that are "
        "not valid in the file's encoding mean the file is corrupt or in a legacy code "
        "page, and AWS would reject it.",
    .bad_example = "{\"Sid\": \"caf\xE9\"}",
    .good_example = "{\"Sid\": \"caf\xC3\xA9\"}",
    .fix_hint = "Save the file as UTF-8 (without a byte-order mark).",
    .references = "https://www.rfc-editor.org/rfc/rfc8259#section-8.1",
};
constexpr RuleMeta kRuleCrashed{
    .code = "E900",
    .name = "internal-error",
    .kinds = 0,
    .default_severity = Severity::Error,
    .summary = "A rule failed while checking this document",
    .rationale =
        "A bug in corslint stopped one rule on one document. The other rules and files "
        "were still checked; the run exits with status 2 so the failure is not missed.",
    .bad_example = "(produced by a rule bug, not by input)",
    .good_example = "(produced by a rule bug, not by input)",
    .fix_hint =
        "Report the file and the message to the corslint maintainers; use --ignore "
        "with the rule's code as a workaround.",
    .references = "https://github.com/corslint/corslint/issues",
};
constexpr RuleMeta kUnknownDocument{
    .code = "I000",
    .name = "unknown-document",
    .kinds = 0,
    .default_severity = Severity::Info,
    .summary = "The file is not a document corslint reads",
    .rationale =
        "A repository scan meets package.json, tsconfig.json and other JSON that is not "
        "an S3 or CloudFront configuration. corslint skips them silently by default; "
        "this finding (shown with --verbose or --select I000) says which files were "
        "skipped.",
    .bad_example = R"({"name": "my-app", "version": "1.0.0"})",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}])",
    .fix_hint = "Nothing to fix; use --kind to force a kind if recognition was wrong.",
    .references = "https://github.com/corslint/corslint/blob/main/docs/usage.md",
    .enabled_by_default = false,
};

constexpr RuleMeta kStaleBaseline{
    .code = "I001",
    .name = "stale-baseline-entry",
    .kinds = 0,
    .default_severity = Severity::Info,
    .summary = "A baseline entry matches no finding any more",
    .rationale =
        "The accepted finding was fixed or its value changed, so the entry no longer hides "
        "anything. Left in place it would silently accept a future finding that happens "
        "to match it.",
    .bad_example =
        "corslint --baseline corslint-baseline.json . (after fixing a baselined finding)",
    .good_example = "corslint --write-baseline corslint-baseline.json .",
    .fix_hint = "Regenerate the baseline with --write-baseline, or delete the entry.",
    .references = "https://github.com/corslint/corslint/blob/main/docs/usage.md",
};

// Retired: never reported since YAML templates are read (issue 17). The code
// stays reserved (codes are never reused) and `explain I002` says why.
constexpr RuleMeta kYamlTemplate{
    .code = "I002",
    .name = "cloudformation-yaml-not-read",
    .kinds = 0,
    .default_severity = Severity::Info,
    .summary = "Retired: corslint reads CloudFormation YAML templates, so this is never reported",
    .rationale =
        "Retired, kept reserved. Before corslint read YAML, a scan that met a CloudFormation "
        "template in YAML reported it once with this code, so that a repository of YAML "
        "templates did not look clean by accident. YAML templates, SAM templates and "
        "serverless.yml resources are now read like JSON templates (short-form tags, "
        "anchors, YAML 1.1 scalars; see docs/formats.md, \"CloudFormation YAML\"), with "
        "findings at their YAML tokens, so nothing reports I002 any more; selecting or "
        "ignoring it has no effect.",
    .bad_example = "(retired: no input reports I002)",
    .good_example = "(retired: no input reports I002)",
    .fix_hint = "Nothing to do: lint the YAML template itself.",
    .references = "https://github.com/corslint/corslint/blob/main/docs/formats.md",
    .enabled_by_default = false,
};

constexpr RuleMeta kFindingsLeftOut{
    .code = "I003",
    .name = "findings-left-out",
    .kinds = 0,
    .default_severity = Severity::Info,
    .summary = "A file drew more findings than a report keeps; the rest were counted",
    .rationale =
        "A file with thousands of findings (a generated policy, a value that repeats one "
        "mistake) would make a report no one reads, and hold every finding in memory. "
        "corslint keeps the first max_findings_per_file findings of rules in a file (1,000 "
        "by default) and counts the rest by severity in this one finding. Its severity is "
        "that of the most severe finding left out, so the exit status does not change.",
    .bad_example = "a policy of 5,000 statements, each granting s3:* to everyone",
    .good_example = "the same policy, fixed: each statement grants what it needs",
    .fix_hint =
        "Fix the findings shown and lint again, lint with --select to see one rule's "
        "findings, or raise max_findings_per_file in .corslint.json (0: no cap).",
    .references = "https://github.com/corslint/corslint/blob/main/docs/usage.md",
};

bool valid_code(std::string_view code) {
  if (code.size() != 4 || std::string_view("ECPFXI").find(code[0]) == std::string_view::npos) {
    return false;
  }
  return std::all_of(code.begin() + 1, code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-') return false;
  if (name.starts_with("no-") || name.starts_with("disallow-")) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

Registry::Registry() {
  for (const RuleMeta* m :
       {&kFileUnreadable, &kInvalidJson, &kDuplicateKey, &kInvalidEncoding, &kRuleCrashed,
        &kUnknownDocument, &kStaleBaseline, &kYamlTemplate, &kFindingsLeftOut}) {
    rules_.push_back(RuleEntry::engine(*m));
  }
}

Registry& Registry::instance() {
  static Registry registry;  // function-local: safe whatever the static init order
  return registry;
}

void Registry::add(RuleEntry entry) {
  std::lock_guard lock(registry_mutex());
  rules_.push_back(entry);
  sorted_ = false;
}

void Registry::sort_if_needed() const {
  std::lock_guard lock(registry_mutex());
  if (sorted_) return;
  std::stable_sort(rules_.begin(), rules_.end(), [](const RuleEntry& a, const RuleEntry& b) {
    return a.meta->code < b.meta->code;
  });
  sorted_ = true;
}

std::span<const RuleEntry> Registry::rules() const {
  sort_if_needed();
  return rules_;
}

const RuleEntry* Registry::find(std::string_view code_or_name) const {
  for (const RuleEntry& e : rules()) {
    if (e.meta->code == code_or_name || e.meta->name == code_or_name) return &e;
  }
  // Codes are case-insensitive for convenience ("c003").
  for (const RuleEntry& e : rules()) {
    if (code_or_name.size() == 4 && e.meta->code[0] == (code_or_name[0] & ~0x20) &&
        e.meta->code.substr(1) == code_or_name.substr(1)) {
      return &e;
    }
  }
  return nullptr;
}

std::vector<std::string> Registry::problems() const {
  std::vector<std::string> out;
  std::set<std::string_view> codes, names;
  for (const RuleEntry& e : rules()) {
    const RuleMeta& m = *e.meta;
    if (!codes.insert(m.code).second) out.push_back(fmt::format("duplicate code {}", m.code));
    if (!names.insert(m.name).second) out.push_back(fmt::format("duplicate name {}", m.name));
    if (!valid_code(m.code)) out.push_back(fmt::format("malformed code '{}'", m.code));
    if (!valid_name(m.name))
      out.push_back(fmt::format("{}: name '{}' is not kebab-case", m.code, m.name));
    if (m.summary.empty() || m.rationale.empty() || m.bad_example.empty() ||
        m.good_example.empty() || m.fix_hint.empty() || m.references.empty()) {
      out.push_back(fmt::format("{}: a metadata field is empty", m.code));
    }
    // A document rule's kinds are its checks' model types; metadata kinds
    // there would be a second, unchecked answer.
    if (e.is_document_rule() && m.kinds != 0)
      out.push_back(fmt::format("{}: kinds come from the check signature", m.code));
    if (e.is_bundle_rule() && m.kinds == 0)
      out.push_back(fmt::format("{}: no document kinds", m.code));
  }
  return out;
}

std::string help_uri(std::string_view code) {
  return fmt::format("https://github.com/corslint/corslint/blob/main/docs/rules/{}.md", code);
}

// --- Running a rule ---------------------------------------------------------

void RuleEntry::check(const Document& doc, Reporter& out) const {
  const TypedCheck& c = checks_[static_cast<std::size_t>(doc.kind)];
  if (c.thunk != nullptr) c.thunk(c.fn, doc, out);
}

// --- Reporter ---------------------------------------------------------------

Reported Reporter::keep(Finding f, bool unknown) {
  if (budget_ != nullptr && sink_.size() - first_ >= budget_->room) {
    flush_overflow();
    overflow_ = std::move(f);
    overflow_pending_ = true;
    overflow_unknown_ = unknown;
    return Reported(kOverflowed);
  }
  sink_.push_back(std::move(f));
  if (unknown) unknown_.push_back(sink_.size() - 1);
  return Reported(sink_.size() - 1);
}

void Reporter::mark_unknown(Reported f) {
  if (f.index_ == kOverflowed) {
    overflow_unknown_ = true;
  } else {
    unknown_.push_back(f.index_);
  }
}

void Reporter::flush_overflow() {
  if (overflow_pending_ && !overflow_unknown_) budget_->overflow(meta_, overflow_);
  overflow_pending_ = false;
}

Reported Reporter::emit(Severity sev, json::NodeId node, bool at_key, std::string message) {
  bool unknown = doc_->touches_unknown(node == json::kNoNode ? doc_->root : node);
  return keep(make_finding(meta_, sev, *doc_, node, at_key, std::move(message), value_hashes_),
              unknown);
}

Reported Reporter::emit(Severity sev, const Document& doc, json::NodeId node, std::string message) {
  bool unknown = doc.touches_unknown(node == json::kNoNode ? doc.root : node);
  return keep(make_finding(meta_, sev, doc, node, false, std::move(message), value_hashes_),
              unknown);
}

void Reporter::drop_unknown() {
  flush_overflow();
  if (unknown_.empty()) return;
  std::sort(unknown_.begin(), unknown_.end());
  unknown_.erase(std::unique(unknown_.begin(), unknown_.end()), unknown_.end());
  for (auto it = unknown_.rbegin(); it != unknown_.rend(); ++it) {
    if (*it >= first_ && *it < sink_.size()) {
      sink_.erase(sink_.begin() + static_cast<std::ptrdiff_t>(*it));
    }
  }
  unknown_.clear();
}

void Reporter::add_related(Reported f, json::NodeId node, std::string message) {
  if (doc_->touches_unknown(node)) mark_unknown(f);
  const json::Node& n = (*doc_->tree)[node];
  at(f).related.push_back({std::string(doc_->source->path()), doc_->source->position(n.key_offset),
                           doc_->pointer(node), std::move(message)});
}

void Reporter::add_related(Reported f, const Document& doc, json::NodeId node,
                           std::string message) {
  if (doc.touches_unknown(node)) mark_unknown(f);
  const json::Node& n = (*doc.tree)[node];
  at(f).related.push_back({std::string(doc.source->path()), doc.source->position(n.offset),
                           doc.pointer(node), std::move(message)});
}

// Offsets inside an embedded document are not file offsets, and the
// replacement would need escaping for the outer string; a translated
// document's tree is not the file's: no mechanical fix in either.
bool Reporter::fixable() const {
  return doc_ != nullptr && !doc_->source->is_embedded() && !doc_->map && !doc_->xml;
}

namespace {

// In an XML document, a fix that writes one JSON string over a string value
// written verbatim in the file (no entity, character reference or CDATA)
// becomes the same text, XML-escaped. nullopt for anything else.
std::optional<std::string> xml_replacement(const Source& source, const json::Node& n,
                                           std::string_view json_text) {
  if (n.type != json::Type::String || n.text.empty() ||
      n.text.data() != source.text().data() + n.offset || n.text.size() != n.end - n.offset) {
    return std::nullopt;
  }
  if (json_text.size() < 2 || json_text.front() != '"' || json_text.back() != '"') {
    return std::nullopt;
  }
  std::string_view inner = json_text.substr(1, json_text.size() - 2);
  if (inner.find_first_of("\\\"") != std::string_view::npos) return std::nullopt;
  std::string out;
  for (char c : inner) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

void Reporter::add_fix(Reported f, std::string description, json::NodeId node,
                       std::string replacement) {
  if (doc_ != nullptr && doc_->xml && !doc_->source->is_embedded() && !doc_->map) {
    const json::Node& n = (*doc_->tree)[node];
    auto text = xml_replacement(*doc_->source, n, replacement);
    if (!text) return;
    at(f).fixes.push_back({std::move(description), {{n.offset, n.end, std::move(*text)}}});
    return;
  }
  if (!fixable()) return;
  const json::Node& n = (*doc_->tree)[node];
  at(f).fixes.push_back({std::move(description), {{n.offset, n.end, std::move(replacement)}}});
}

void Reporter::add_insert_fix(Reported f, std::string description, uint32_t offset,
                              std::string text) {
  // A translated document's nodes keep their offsets in the file, so an
  // insertion before a member lands in the file's own text; a replacement
  // would need the value's translation undone.
  if (doc_ == nullptr || doc_->source->is_embedded() || doc_->xml) return;
  at(f).fixes.push_back({std::move(description), {{offset, offset, std::move(text)}}});
}

void Reporter::add_remove_element_fix(Reported f, std::string description, json::NodeId node) {
  if (!fixable()) return;
  const json::Tree& t = *doc_->tree;
  const json::Node& n = t[node];
  uint32_t begin = n.offset;
  uint32_t end = n.end;
  auto siblings = t.children(n.parent);
  if (n.index + 1 < siblings.size()) {
    end = t[siblings[n.index + 1]].offset;  // element, comma and space up to the next one
  } else if (n.index > 0) {
    begin = t[siblings[n.index - 1]].end;  // the comma before the last element
  } else {
    return;  // the only element: removing it empties the list, not a mechanical fix
  }
  at(f).fixes.push_back({std::move(description), {{begin, end, ""}}});
}

}  // namespace corslint
