#include <string>
#include <vector>

#include <fmt/core.h>
#include <fmt/format.h>

#include "corslint/analysis/catalog.hpp"
#include "corslint/analysis/policy_catalog_checks.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P019",
    .name = "policy-condition-mismatch",
    .default_severity = Severity::Warning,
    .summary = "A condition's operator, key and actions do not fit together",
    .rationale =
        "An operator compares values of one type: StringEquals on aws:SourceIp compares text, "
        "not address ranges. An S3 key that none of the statement's actions carries is never "
        "present, so the condition is always false (or always true when negated), and "
        "aws:VpcSourceIp without aws:SourceVpc matches that range in any VPC.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"StringEquals": {"aws:SourceIp": "203.0.113.0/24"}}}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]})",
    .fix_hint =
        "Use the operator family of the key's type, put S3 keys in statements whose actions "
        "carry them, and pair aws:VpcSourceIp with aws:SourceVpc.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "access-analyzer-reference-policy-checks.html",
};

// The S3 actions a statement's Action names (wildcards expanded); empty when it
// uses NotAction, holds non-string entries, or names nothing the catalog knows.
std::vector<const catalog::Action*> statement_actions(const policy::Statement& st,
                                                      const json::Tree& t) {
  std::vector<const catalog::Action*> out;
  if (st.not_action || !policy_catalog::every_entry_is_string(t, st.action_node)) return out;
  for (const Value& v : st.actions) {
    if (v.text.find(':') == std::string_view::npos && v.text != "*") continue;
    for (const catalog::Action* a : catalog::match_s3_actions(v.text)) out.push_back(a);
  }
  return out;
}

void check_key_for_actions(const policy::Statement& st, const policy::Condition& c,
                           const catalog::ConditionKey& key,
                           const std::vector<const catalog::Action*>& actions, Reporter& out) {
  for (const catalog::Action* a : actions) {
    if (catalog::s3_action_supports_key(*a, key)) return;
  }
  const auto supporting = policy_catalog::s3_actions_supporting(key);
  const std::size_t shown = supporting.size() <= 4 ? 4 : 3;
  std::vector<std::string> carriers;
  for (const catalog::Action* a : supporting) {
    if (carriers.size() == shown) break;
    carriers.push_back(fmt::format("s3:{}", a->name));
  }
  if (supporting.size() > carriers.size()) {
    carriers.push_back(fmt::format("{} more", supporting.size() - carriers.size()));
  }
  // Null asks about absence itself: "true" then always holds, "false" never does.
  const bool always = iequals(c.base_op, "Null")
                          ? !c.values.empty() && iequals(c.values.front().text, "true")
                          : c.true_when_key_absent();
  out.report_key(c.key_node,
                 "condition key \"{}\" in {} is carried by none of the statement's actions, so "
                 "it is never present and \"{}\" is always {}; it is set for {}: move the "
                 "condition to a statement with those actions or remove it",
                 c.key, st.label(), c.op, always ? "true" : "false", fmt::join(carriers, ", "));
}

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    const auto actions = statement_actions(st, out.tree());
    bool paired_vpc = !st.conditions_on("aws:SourceVpc").empty();
    for (const policy::Condition& c : st.conditions) {
      const auto kc = policy_catalog::check_condition_key(c.key);
      if (kc.key == nullptr) continue;  // P018: unknown or malformed keys
      const auto oc = policy_catalog::check_condition_operator(
          c.op, c.base_op, c.qualifier != policy::SetQualifier::None, c.if_exists);
      if (oc.op != nullptr && !policy_catalog::operator_fits_key(oc.op->family, *kc.key)) {
        out.report_key(c.key_node,
                       "condition key \"{}\" in {} is {} key, but \"{}\" compares {} values, so "
                       "the condition does not test what it seems to; use {}",
                       c.key, st.label(), policy_catalog::describe_key_type(kc.key->type), c.op,
                       policy_catalog::to_string(oc.op->family),
                       policy_catalog::operators_for(kc.key->type));
      }
      if (iequals(kc.key->name, "s3:ResourceAccount")) {
        out.emit(Severity::Info, c.key_node, true,
                 fmt::format("condition key \"{}\" in {} is irrelevant in a bucket policy, which "
                             "only governs its own bucket; remove the condition",
                             c.key, st.label()));
      } else if (!kc.key->global && !actions.empty()) {
        check_key_for_actions(st, c, *kc.key, actions, out);
      }
      if (iequals(kc.key->name, "aws:VpcSourceIp") && !paired_vpc) {
        out.report_key(c.key_node,
                       "condition key \"{}\" in {} is not paired with aws:SourceVpc, so an "
                       "address in that range from any VPC matches; add an aws:SourceVpc "
                       "condition naming your VPC",
                       c.key, st.label());
        paired_vpc = true;  // once per statement
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
