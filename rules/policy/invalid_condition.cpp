#include <cctype>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/core.h>

#include "corslint/analysis/origin.hpp"
#include "corslint/analysis/policy_catalog_checks.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P018",
    .name = "policy-invalid-condition",
    .default_severity = Severity::Error,
    .summary = "A condition has an unknown operator or key, or values its operator cannot read",
    .rationale =
        "IAM evaluates a condition only when its operator and key exist and its values parse "
        "for the operator. A misspelt key or operator, an IP range that is not CIDR, a date "
        "that is not ISO 8601, or a multi-valued key without ForAnyValue:/ForAllValues: makes "
        "the policy invalid or the condition never match as intended.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"IpAddress": {"aws:SourceIP": "203.0.113.0/33"}}}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"IpAddress": {"aws:SourceIP": "203.0.113.0/24"}}}]})",
    .fix_hint =
        "Use a documented operator and key, write values in the operator's format, and prefix "
        "multi-valued keys with ForAnyValue: or ForAllValues:.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_condition_operators.html",
};

using policy_catalog::ConditionOperator;
using policy_catalog::OperatorFamily;
using policy_catalog::OperatorProblem;

void check_values(const policy::Statement& st, const policy::Condition& c,
                  const ConditionOperator& op, Reporter& out) {
  if (op.family == OperatorFamily::Bool && c.values.size() > 1) {
    out.report(c.key_node,
               "condition key \"{}\" under \"{}\" in {} lists {} values, but a Bool condition "
               "takes a single true or false; keep one",
               c.key, c.op, st.label(), c.values.size());
  }
  for (const Value& v : c.values) {
    const std::string_view defect = policy_catalog::value_defect(op.family, c.key, v.text);
    if (defect.empty()) continue;
    const bool string_op = op.family == OperatorFamily::String;
    Reported f = out.report(v.node, "value \"{}\" of \"{}\" under \"{}\" in {} {}, so {}", v.text,
                            c.key, c.op, st.label(), defect,
                            string_op ? "no request carries it"
                                      : "IAM cannot compare it and the condition does not work");
    const std::size_t b = v.text.find_first_not_of(" \t");
    const std::size_t e = v.text.find_last_not_of(" \t");
    if (b == std::string_view::npos) continue;
    const std::string_view trimmed = v.text.substr(b, e - b + 1);
    // Stray spaces are the whole problem: dropping them is mechanical.
    if (trimmed.size() != v.text.size() &&
        policy_catalog::value_defect(op.family, c.key, trimmed).empty()) {
      out.add_fix(f, fmt::format("write \"{}\"", trimmed), v.node, json_quote(trimmed));
    }
  }
}

// An earlier key of the same operator block that differs from st.conditions[i]'s
// only by case (the first such), or null. Long blocks are indexed by the
// lower-cased key, so thousands of keys are not compared pairwise.
class CaseTwins {
 public:
  explicit CaseTwins(const policy::Statement& st) : st_(st) {}
  const policy::Condition* before(std::size_t i) {
    const policy::Condition& c = st_.conditions[i];
    if (st_.conditions.size() <= kPairwise) {
      for (std::size_t j = 0; j < i; ++j) {
        const policy::Condition& prev = st_.conditions[j];
        if (prev.op_node == c.op_node && prev.key != c.key && iequals(prev.key, c.key)) {
          return &prev;
        }
      }
      return nullptr;
    }
    std::string folded = fmt::format("{}:", c.op_node);
    folded += lower(c.key);
    // Each distinct spelling once, in order of first appearance.
    std::vector<const policy::Condition*>& spellings = seen_[folded];
    const policy::Condition* twin = nullptr;
    bool known = false;
    for (const policy::Condition* prev : spellings) {
      if (prev->key == c.key) {
        known = true;
      } else if (twin == nullptr) {
        twin = prev;
      }
    }
    if (!known) spellings.push_back(&c);
    return twin;
  }

 private:
  static constexpr std::size_t kPairwise = 16;
  const policy::Statement& st_;
  std::unordered_map<std::string, std::vector<const policy::Condition*>> seen_;
};

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    CaseTwins twins(st);
    for (std::size_t i = 0; i < st.conditions.size(); ++i) {
      const policy::Condition& c = st.conditions[i];
      const auto oc = policy_catalog::check_condition_operator(
          c.op, c.base_op, c.qualifier != policy::SetQualifier::None, c.if_exists);
      // One operator block holds several keys; its name is reported once.
      const std::string op_problem = policy_catalog::describe_problem(oc);
      if (!op_problem.empty() && (i == 0 || st.conditions[i - 1].op_node != c.op_node)) {
        // IAM does not document whether operator names are case-sensitive: only warn.
        out.emit(oc.problem == OperatorProblem::CaseOnly ? Severity::Warning : Severity::Error,
                 c.op_node, true,
                 fmt::format("condition operator \"{}\" in {} {}", c.op, st.label(), op_problem));
      }
      const auto kc = policy_catalog::check_condition_key(c.key);
      if (std::string problem = policy_catalog::describe_problem(c.key, kc); !problem.empty()) {
        out.report_key(c.key_node, "condition key \"{}\" in {} {}", c.key, st.label(), problem);
      }
      if (const policy::Condition* prev = twins.before(i)) {
        Reported f = out.report_key(c.key_node,
                                    "condition key \"{}\" in {} repeats \"{}\" in the same "
                                    "operator block, differing only by case; keys are "
                                    "case-insensitive, so the policy is invalid; merge the values",
                                    c.key, st.label(), prev->key);
        out.add_related(f, prev->key_node, "the same key, first spelling");
      }
      if (oc.op == nullptr) continue;
      if (kc.key != nullptr && kc.key->multi_valued && oc.op->family != OperatorFamily::Null &&
          c.qualifier == policy::SetQualifier::None) {
        out.report_key(c.key_node,
                       "condition key \"{}\" in {} is multi-valued, so \"{}\" needs a set prefix; "
                       "write \"ForAnyValue:{}\" (or ForAllValues: to require every value)",
                       c.key, st.label(), c.op, c.op);
      }
      check_values(st, c, *oc.op, out);
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
