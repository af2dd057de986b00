#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/core.h>

#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C017",
    .name = "cors-duplicate-entry",
    .default_severity = Severity::Warning,
    .summary = "A rule repeats an origin, method or header, or two rules share an ID",
    .rationale =
        "A repeated entry changes nothing S3 does, so it usually marks a copy-paste or "
        "merge slip: the entry that was meant to be there (another origin, another "
        "header) is missing. Two rules with the same ID make findings, logs and "
        "infrastructure diffs ambiguous about which rule is meant.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://app.example.com", "https://app.example.com"], "AllowedMethods": ["GET"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com", "https://admin.example.com"], "AllowedMethods": ["GET"]}])",
    .fix_hint =
        "Remove the repeated entry, or replace it with the value that was meant; give "
        "each rule its own ID.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html",
};

struct List {
  const std::vector<Value>& values;
  std::string_view key;
  std::string_view what;
  bool ignore_case;  // header names compare case-insensitively in S3 and HTTP
};

struct TextHash {
  bool icase;
  std::size_t operator()(std::string_view s) const {
    std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
    for (char c : s) {
      h ^= static_cast<unsigned char>(icase ? lower(c) : c);
      h *= 0x100000001b3ULL;
    }
    return static_cast<std::size_t>(h);
  }
};
struct TextEqual {
  bool icase;
  bool operator()(std::string_view a, std::string_view b) const {
    return icase ? iequals(a, b) : a == b;
  }
};

void check_list(const cors::Rule& rule, const List& list, Reporter& out) {
  if (list.values.size() < 2) return;
  // The first entry of each text: linear in the list however long it is.
  std::unordered_map<std::string_view, std::size_t, TextHash, TextEqual> firsts(
      16, TextHash{list.ignore_case}, TextEqual{list.ignore_case});
  for (std::size_t i = 0; i < list.values.size(); ++i) {
    const Value& v = list.values[i];
    auto [it, fresh] = firsts.emplace(v.text, i);
    if (fresh) continue;
    {
      const Value& first = list.values[it->second];
      Reported f = out.report(
          v.node,
          "{} \"{}\" appears again in {} of {}{}; remove the repeat or "
          "replace it with the entry that was meant",
          list.what, v.text, list.key, rule.label(),
          first.text == v.text ? std::string()
                               : fmt::format(" (as \"{}\"; header names ignore case)", first.text));
      out.add_related(f, first.node, "first occurrence");
      if (out.tree().is(out.tree()[v.node].parent, json::Type::Array)) {
        out.add_remove_element_fix(f, fmt::format("remove the repeated \"{}\"", v.text), v.node);
      }
    }
  }
}

void check(const cors::Config& config, Reporter& out) {
  const auto& rules = config.rules;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const cors::Rule& rule = rules[i];
    check_list(rule, {rule.allowed_origins, "AllowedOrigins", "origin", false}, out);
    check_list(rule, {rule.allowed_methods, "AllowedMethods", "method", false}, out);
    check_list(rule, {rule.allowed_headers, "AllowedHeaders", "header", true}, out);
    check_list(rule, {rule.expose_headers, "ExposeHeaders", "header", true}, out);
    if (!rule.id || rule.id->text.empty()) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (!rules[j].id || rules[j].id->text != rule.id->text) continue;
      Reported f = out.report(rule.id->node,
                              "ID \"{}\" of rule {} is already used by rule {}; give each rule "
                              "its own ID so findings and logs name one rule",
                              rule.id->text, rule.index, rules[j].index);
      out.add_related(f, rules[j].id->node, "first use of this ID");
      break;
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
