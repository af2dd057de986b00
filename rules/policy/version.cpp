#include <string>

#include "corslint/analysis/policy_values.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P002",
    .name = "policy-version",
    .default_severity = Severity::Warning,
    .summary = "Version is missing, the old 2008-10-17 language, or not a language version",
    .rationale =
        "Without Version, or with \"2008-10-17\", the policy is read in the old policy "
        "language, in which ${...} policy variables are matched as literal text. Any "
        "Version other than \"2012-10-17\" and \"2008-10-17\" is not a language version at "
        "all, which makes the policy invalid.",
    .bad_example = R"({"Version": "2008-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .fix_hint = "Set \"Version\": \"2012-10-17\" as the policy's first element.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html",
};

constexpr std::string_view kCurrent = "2012-10-17";
constexpr std::string_view kOld = "2008-10-17";

void missing(const policy::Policy& p, Reporter& out, bool variables) {
  const json::Tree& t = out.tree();
  const json::NodeId root = p.root;
  Reported f =
      out.report(root,
                 "the policy has no \"Version\", so it is read in the 2008-10-17 "
                 "language, where ${{...}} policy variables are literal text; add "
                 "\"Version\": \"2012-10-17\"{}",
                 variables ? " and check the variables it uses, which it then expands" : "");
  auto members = t.children(root);
  if (variables || members.empty() || !t.is(root, json::Type::Object)) return;
  // Insert before the first member with the same indentation it has. The
  // Reporter drops the fix where the document is not the file's own text (a
  // policy inside a CLI export's "Policy" string, a template's resource).
  uint32_t at = t[members.front()].key_offset;
  std::string_view text = out.document().source->text();
  std::string_view indent = text.substr(t[root].offset + 1, at - t[root].offset - 1);
  out.add_insert_fix(f, "add \"Version\": \"2012-10-17\"", at,
                     fmt::format("\"Version\": \"{}\",{}", kCurrent, indent));
}

void check(const policy::Policy& p, Reporter& out) {
  const json::NodeId root = p.root;
  if (!out.tree().is(root, json::Type::Object)) return;  // P001
  bool variables = policy::tree_has_variable(out.tree(), root);
  if (p.version_node == json::kNoNode) {
    // Without Statement it is hardly a policy (P001 says so); do not add to the noise.
    if (p.statement_node != json::kNoNode) missing(p, out, variables);
    return;
  }
  if (!p.version) return;  // not a string: P001
  std::string_view v = p.version->text;
  if (v == kCurrent) return;
  if (v == kOld) {
    if (variables) {
      out.report(p.version->node,
                 "version \"2008-10-17\" selects the old policy language, in which the ${{...}} "
                 "variables this policy uses are literal text; change it to \"2012-10-17\" "
                 "after checking that each variable should expand");
      return;
    }
    Reported f = out.report(p.version->node,
                            "version \"2008-10-17\" selects the old policy language, in which "
                            "${{...}} policy variables are literal text; use the current "
                            "\"2012-10-17\"");
    out.add_fix(f, "change Version to \"2012-10-17\"", p.version->node,
                fmt::format("\"{}\"", kCurrent));
    return;
  }
  out.report(Severity::Error, p.version->node,
             "version \"{}\" is not a policy language version (only \"2012-10-17\" and "
             "\"2008-10-17\" exist), so the policy is invalid; use \"2012-10-17\"",
             v);
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
