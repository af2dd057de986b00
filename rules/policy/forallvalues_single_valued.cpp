#include <algorithm>
#include <string>

#include "corslint/analysis/condition_keys.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P020",
    .name = "policy-forallvalues-single-valued",
    .default_severity = Severity::Error,
    .summary = "ForAllValues: is used on a single-valued condition key in an Allow",
    .rationale =
        "ForAllValues: is true when every value of the request's key is in the list, and "
        "also when the key is missing, because an empty set has no value outside the list. "
        "On a single-valued key such as aws:SourceVpce it adds nothing but that loophole: the "
        "Allow also admits every request without the key, anonymous internet requests "
        "included. AWS advises never to use ForAllValues with Allow on such keys. Source "
        "keys of service-principal grants are left to P016.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "ReadFromVpce",
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "ReadFromVpce",
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]})",
    .fix_hint =
        "Drop the ForAllValues: prefix on single-valued keys; for multivalued keys in an "
        "Allow prefer ForAnyValue:, or add a Null condition requiring the key.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_multi-value-conditions.html",
};

// P016 reports weak source conditions of service-principal grants.
bool left_to_p016(const policy::Statement& st, const policy::Condition& c) {
  if (!iequals(c.key, "aws:SourceArn") && !iequals(c.key, "aws:SourceAccount") &&
      !iequals(c.key, "aws:SourceOwner")) {
    return false;
  }
  return std::any_of(st.principal->entries.begin(), st.principal->entries.end(),
                     [](const policy::PrincipalEntry& e) { return e.type == "Service"; });
}

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    if (!st.is_allow()) continue;
    for (const policy::Condition& c : st.conditions) {
      if (c.qualifier != policy::SetQualifier::ForAllValues) continue;
      if (is_multivalued_condition_key(c.key)) continue;
      if (st.principal && !st.principal->negated && left_to_p016(st, c)) continue;
      std::string plain(c.op.substr(c.op.find(':') + 1));
      out.report(c.key_node,
                 "\"{}\" on single-valued {} in {} is true when the request has no {}, so the "
                 "Allow also admits requests without it; use \"{}\"",
                 c.op, c.key, st.label(), c.key, plain);
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
