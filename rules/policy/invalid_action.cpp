#include <string>

#include <fmt/core.h>

#include "corslint/analysis/origin.hpp"
#include "corslint/analysis/policy_catalog_checks.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P006",
    .name = "policy-invalid-action",
    .default_severity = Severity::Error,
    .summary = "An action is unknown, not an S3 action, or can never apply in a bucket policy",
    .rationale =
        "A bucket policy governs only s3: actions on its bucket and objects. A misspelt "
        "action, another service's action, or an action that takes no resource (such as "
        "s3:ListAllMyBuckets or s3:CreateJob) makes the policy invalid, so the deploy fails "
        "or the statement never does what it says.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": ["s3:GetObjects", "s3:ListAllMyBuckets"], "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": ["s3:GetObject", "s3:getobjectversion"], "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .fix_hint =
        "Write actions as s3:Name using the names in the S3 actions table; grant actions "
        "without a resource, and other services' actions, in an IAM identity policy.",
    .references =
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "list_amazons3.html",
};

using policy_catalog::ActionProblem;

void check_action(const policy::Statement& st, const Value& v, Reporter& out) {
  const policy_catalog::ActionCheck ac = policy_catalog::check_action(v.text);
  std::string why;
  switch (ac.problem) {
    case ActionProblem::None:
      return;
    case ActionProblem::NoService:
      why =
          "is not of the form service:action, so it is invalid; S3 actions are written "
          "\"s3:Name\", e.g. \"s3:GetObject\"";
      break;
    case ActionProblem::MissingPrefix:
      why = fmt::format("has no service prefix, so it is invalid; write \"{}\"", ac.replacement);
      break;
    case ActionProblem::ServiceWildcard:
      why = fmt::format(
          "has a wildcard in the service name; in a bucket policy only s3 can "
          "match, so write \"{}\"",
          ac.replacement);
      break;
    case ActionProblem::LikelyS3:
      why = fmt::format(
          "names service \"{}\", which is not S3, so the policy is invalid; did "
          "you mean \"{}\"?",
          ac.service, ac.replacement);
      break;
    case ActionProblem::OtherService:
      why = fmt::format(
          "belongs to service \"{}\", but a bucket policy governs only s3: "
          "actions, so the action is unsupported here; move it to an IAM policy or "
          "remove it",
          ac.service);
      break;
    case ActionProblem::Unknown:
      why = "is not an S3 action, so the policy is invalid; " +
            (ac.replacement.empty() ? std::string("check the name against the S3 actions table")
                                    : fmt::format("did you mean \"{}\"?", ac.replacement));
      break;
    case ActionProblem::MatchesNothing:
      why = "matches no S3 action, so it is invalid; fix the pattern or name the actions";
      break;
    case ActionProblem::NoResource:
      // Excluding such an action with NotAction is pointless but harmless.
      if (st.not_action) return;
      why =
          "takes no resource, so it applies to none of the statement's resources and S3 "
          "rejects the statement; grant it in an IAM identity policy instead";
      break;
  }
  // A service wildcard still works (AA rates it a suggestion); the rest is invalid.
  const bool info = ac.problem == ActionProblem::ServiceWildcard;
  const bool pattern = ac.problem == ActionProblem::MatchesNothing;
  Reported f = out.emit(info ? Severity::Info : Severity::Error, v.node, false,
                        fmt::format("{} \"{}\" in {} {}", pattern ? "action pattern" : "action",
                                    v.text, st.label(), why));
  // Adding "s3:" or naming the only service that can match changes nothing else.
  if (ac.problem == ActionProblem::MissingPrefix || info) {
    out.add_fix(f, fmt::format("write \"{}\"", ac.replacement), v.node, json_quote(ac.replacement));
  }
}

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    for (const Value& v : st.actions) check_action(st, v, out);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
