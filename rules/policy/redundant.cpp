#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/core.h>

#include "corslint/analysis/policy_values.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P028",
    .name = "policy-redundant",
    .default_severity = Severity::Info,
    .summary = "An action, resource, condition value or statement adds nothing, or a list is empty",
    .rationale =
        "An action already matched by a wildcard next to it (s3:GetObject beside s3:Get*), "
        "a resource inside another one of the same statement, a repeated condition value and "
        "a statement that repeats another change nothing S3 does. They make the policy "
        "longer (it is limited to 20 KB) and harder to review, and often mark an edit that "
        "went wrong. Empty lists and objects are noise, except that an empty value list "
        "under ForAllValues or IfExists quietly changes what the condition tests.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": ["s3:Get*", "s3:GetObject"], "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "s3:Get*", "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .fix_hint = "Remove the covered entry, the repeated value or statement, or the empty element.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "access-analyzer-reference-policy-checks.html",
};

// Reports each entry that another entry of the same list already covers.
// `where` is a callable naming the list; it runs only when there is a finding.
template <class Where>
void list(const std::vector<Value>& v, policy::ValueMatch m, std::string_view what,
          const Where& where, Reporter& out) {
  if (v.size() < 2) return;
  auto found = policy::redundant_values(v, m);
  if (found.empty()) return;
  const std::string place = where();
  std::vector<bool> flagged(v.size() + 1, false);  // one past the end: never flagged
  for (const policy::Redundancy& r : found) flagged[r.index] = true;
  for (const policy::Redundancy& r : found) {
    const Value& value = v[r.index];
    Reported f =
        out.report(value.node, "{} \"{}\" in {} {} \"{}\", so it adds nothing; remove it", what,
                   value.text, place, r.repeat ? "repeats" : "is already covered by", v[r.by].text);
    out.add_related(f, v[r.by].node, r.repeat ? "first occurrence" : "the covering entry");
    // Removing two neighbours would edit the same comma twice.
    bool alone = (r.index == 0 || !flagged[r.index - 1]) && !flagged[r.index + 1];
    if (alone && out.tree().is(out.tree()[value.node].parent, json::Type::Array)) {
      out.add_remove_element_fix(f, fmt::format("remove \"{}\"", value.text), value.node);
    }
  }
}

std::string_view key_of(const json::Tree& t, json::NodeId n) {
  return n == json::kNoNode ? std::string_view() : t[n].key;
}

void empties(const policy::Statement& st, Reporter& out) {
  const json::Tree& t = out.tree();
  // `what` is a callable naming the element; it runs only for an empty one.
  auto empty = [&](json::NodeId n, const auto& what, std::string_view then,
                   Severity sev = Severity::Info) {
    if (n == json::kNoNode || t[n].child_count != 0 || t.is(n, json::Type::String)) return;
    if (t.is(n, json::Type::Array) || t.is(n, json::Type::Object))
      out.report(sev, n, "the {} of {} is empty, so {}", what(), st.label(), then);
  };
  empty(
      st.action_node, [&] { return fmt::format("{} list", key_of(t, st.action_node)); },
      "it matches no action; list some or remove it");
  empty(
      st.resource_node, [&] { return fmt::format("{} list", key_of(t, st.resource_node)); },
      "it names no resource; list some or remove it");
  if (st.principal && t.is(st.principal->node, json::Type::Object)) {
    for (json::NodeId type : t.children(st.principal->node))
      empty(
          type, [&] { return fmt::format("\"{}\" principal list", t[type].key); },
          "it names nobody; remove it");
  }
  empty(
      st.condition_node, [] { return std::string("Condition block"); },
      "it restricts nothing; remove it");
  if (t.is(st.condition_node, json::Type::Object)) {
    for (json::NodeId op : t.children(st.condition_node))
      empty(
          op, [&] { return fmt::format("\"{}\" operator", t[op].key); },
          "it tests no key; remove it");
  }
  for (const policy::Condition& c : st.conditions) {
    auto what = [&] { return fmt::format("value list of \"{}\" under \"{}\"", c.key, c.op); };
    if (c.qualifier == policy::SetQualifier::ForAllValues || c.if_exists) {
      empty(c.key_node, what,
            "the test holds only when the request lacks the key; list the values meant",
            Severity::Warning);
    } else {
      empty(c.key_node, what, "it compares with nothing; list the values meant or remove it");
    }
  }
}

void lists(const policy::Statement& st, Reporter& out) {
  const json::Tree& t = out.tree();
  list(
      st.actions, policy::ValueMatch::GlobIgnoreCase, "action",
      [&] { return fmt::format("{} of {}", key_of(t, st.action_node), st.label()); }, out);
  list(
      st.resources, policy::ValueMatch::Glob, "resource",
      [&] { return fmt::format("{} of {}", key_of(t, st.resource_node), st.label()); }, out);
  for (const policy::Condition& c : st.conditions) {
    bool like = istarts_with(c.base_op, "StringLike") || istarts_with(c.base_op, "StringNotLike");
    bool icase = c.base_op.find("IgnoreCase") != std::string_view::npos;
    list(
        c.values,
        like ? policy::ValueMatch::Glob
             : (icase ? policy::ValueMatch::IgnoreCase : policy::ValueMatch::Exact),
        "value", [&] { return fmt::format("\"{}\" under \"{}\" of {}", c.key, c.op, st.label()); },
        out);
  }
}

void check(const policy::Policy& p, Reporter& out) {
  const json::Tree& t = out.tree();
  // Statements are grouped by a hash of their canonical form and compared only
  // with earlier ones of the same hash (100,000 statements are not 5e9
  // comparisons); canonical texts are built only then, to rule out a collision.
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> seen;
  for (std::size_t i = 0; i < p.statements.size(); ++i) {
    const policy::Statement& st = p.statements[i];
    lists(st, out);
    empties(st, out);
    std::vector<std::size_t>& same = seen[policy::canonical_hash(t, st.node, "Sid")];
    same.push_back(i);
    for (std::size_t k = 0; k + 1 < same.size(); ++k) {
      const policy::Statement& first = p.statements[same[k]];
      if (policy::canonical_json(t, first.node, "Sid") != policy::canonical_json(t, st.node, "Sid"))
        continue;
      Reported f = out.report(st.node, "{} repeats {} (Sid aside), so it adds nothing; remove it",
                              st.label(), first.label());
      out.add_related(f, first.node, "the same statement");
      if (t.is(p.statement_node, json::Type::Array)) {
        out.add_remove_element_fix(f, fmt::format("remove {}", st.label()), st.node);
      }
      break;
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
