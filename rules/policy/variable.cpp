#include <algorithm>
#include <string>

#include <fmt/core.h>

#include "corslint/analysis/policy_values.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P003",
    .name = "policy-variable",
    .default_severity = Severity::Error,
    .summary =
        "A ${...} policy variable is literal text, malformed, or where IAM does not expand it",
    .rationale =
        "Policy variables such as ${aws:username} are expanded only under Version "
        "2012-10-17 and only in Resource and in String and Arn condition values. Anywhere "
        "else, under Version 2008-10-17 or with no Version, or when the variable is "
        "malformed, the text is compared literally, so the grant or deny it was meant to "
        "scope never matches as intended.",
    .bad_example = R"({"Version": "2008-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/home/${aws:username}/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/home/${aws:username}/*"}]})",
    .fix_hint =
        "Use Version 2012-10-17, write variables as ${service:key}, and use them only in "
        "Resource and in String or Arn condition values.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
};

struct Scan {
  const policy::Policy& policy;
  Reporter& out;
  bool old_language;
};

// `supported_note` is empty where IAM expands variables, else why it does not there.
void scan(const Scan& s, const Value& v, std::string_view where, const policy::Statement& st,
          std::string_view supported_note, bool at_key = false) {
  auto vars = policy::find_variables(v.text);
  for (const policy::Variable& var : vars) {
    if (var.defect == policy::VariableDefect::None) continue;
    std::string msg = fmt::format("variable \"{}\" in {} of {} {}", var.text, where, st.label(),
                                  policy::describe(var.defect));
    if (at_key) {
      s.out.report_key(v.node, "{}", msg);
    } else {
      s.out.report(v.node, "{}", msg);
    }
    return;
  }
  if (vars.empty()) return;
  if (!supported_note.empty()) {
    std::string msg = fmt::format(
        "variable \"{}\" in {} of {} is not expanded there: {}; write the literal "
        "value or move the check into a condition",
        vars.front().text, where, st.label(), supported_note);
    if (at_key) {
      s.out.report_key(v.node, "{}", msg);
    } else {
      s.out.report(v.node, "{}", msg);
    }
  } else if (s.old_language) {
    bool missing = s.policy.version_node == json::kNoNode;
    Reported f = s.out.report(v.node,
                              "variable \"{}\" in {} of {} is matched as literal text because the "
                              "policy {}; set \"Version\": \"2012-10-17\"",
                              vars.front().text, where, st.label(),
                              missing ? "has no Version" : "uses Version 2008-10-17");
    if (!missing) s.out.add_related(f, s.policy.version_node, "the old policy language version");
  }
}

constexpr std::string_view kOnlyThere =
    "IAM expands variables only in Resource and in String and Arn condition values";

void check(const policy::Policy& p, Reporter& out) {
  bool old = p.version_node == json::kNoNode || (p.version && p.version->text == "2008-10-17");
  Scan s{p, out, old};
  for (const policy::Statement& st : p.statements) {
    if (st.sid) scan(s, *st.sid, "Sid", st, kOnlyThere);
    if (st.principal) {
      for (const policy::PrincipalEntry& e : st.principal->entries) {
        scan(s, e.value, st.principal->negated ? "NotPrincipal" : "Principal", st, kOnlyThere);
      }
    }
    for (const Value& a : st.actions) {
      scan(s, a, st.not_action ? "NotAction" : "Action", st, kOnlyThere);
    }
    for (const Value& r : st.resources) {
      scan(s, r, st.not_resource ? "NotResource" : "Resource", st, {});
    }
    for (const policy::Condition& c : st.conditions) {
      // Every variable starts with '$': skip the messages' parts when none can be there.
      auto dollar = [](std::string_view t) { return t.find('$') != std::string_view::npos; };
      if (!dollar(c.key) && std::none_of(c.values.begin(), c.values.end(),
                                         [&](const Value& v) { return dollar(v.text); })) {
        continue;
      }
      std::string key_where = fmt::format("condition key \"{}\"", c.key);
      scan(s, {c.key, c.key_node}, key_where, st, kOnlyThere, true);
      std::string where = fmt::format("the \"{}\" values under \"{}\"", c.key, c.op);
      std::string note = policy::operator_takes_variables(c)
                             ? std::string()
                             : fmt::format("{}, not {}", kOnlyThere, c.base_op);
      for (const Value& v : c.values) scan(s, v, where, st, note);
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
