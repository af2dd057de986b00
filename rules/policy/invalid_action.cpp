#include <string>

#include <fmt/core.h>

#include "corslint/catalog.hpp"
#include "corslint/match.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/origin.hpp"
#include "corslint/policy_catalog_checks.hpp"
#include "corslint/rule.hpp"
#include "corslint/suggest.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P006",
    .name = "policy-invalid-action",
    .kinds = kinds(DocKind::S3BucketPolicy),
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

using catalog::ResourceType;

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

void check_unprefixed(const policy::Statement& st, const policy::Value& v, Reporter& out) {
  if (!catalog::match_s3_actions(v.text).empty()) {
    const catalog::Action* a = catalog::find_s3_action(v.text);
    const std::string fixed = fmt::format("s3:{}", a != nullptr ? a->name : v.text);
    Finding& f = out.report(v.node,
                            "action \"{}\" in {} has no service prefix, so it is invalid; "
                            "write \"{}\"",
                            v.text, st.label(), fixed);
    out.add_fix(f, fmt::format("write \"{}\"", fixed), v.node, json_quote(fixed));
    return;
  }
  out.report(v.node,
             "action \"{}\" in {} is not of the form service:action, so it is invalid; S3 "
             "actions are written \"s3:Name\", e.g. \"s3:GetObject\"",
             v.text, st.label());
}

// A named (non-wildcard) S3 action: does it exist, and can it apply here?
void check_named(const policy::Statement& st, const policy::Value& v, std::string_view name,
                 Reporter& out) {
  const catalog::Action* a = catalog::find_s3_action(name);
  if (a == nullptr) {
    const auto guess = catalog::suggest_s3_action(name);
    out.report(v.node, "action \"{}\" in {} is not an S3 action, so the policy is invalid; {}",
               v.text, st.label(),
               guess ? fmt::format("did you mean \"s3:{}\"?", *guess)
                     : std::string("check the name against the S3 actions table"));
    return;
  }
  // Excluding such an action with NotAction is pointless but harmless.
  if (a->resource_types != ResourceType::None || st.not_action) return;
  out.report(v.node,
             "action \"{}\" in {} takes no resource, so it applies to none of the statement's "
             "resources and S3 rejects the statement; grant it in an IAM identity policy instead",
             v.text, st.label());
}

void check_other_service(const policy::Statement& st, const policy::Value& v,
                         std::string_view service, std::string_view name, Reporter& out) {
  const catalog::Action* a = catalog::find_s3_action(name);
  if (a != nullptr && edit_distance(normalise_key(service), "s3") <= 1) {
    out.report(v.node,
               "action \"{}\" in {} names service \"{}\", which is not S3, so the policy is "
               "invalid; did you mean \"s3:{}\"?",
               v.text, st.label(), service, a->name);
    return;
  }
  out.report(
      v.node,
      "action \"{}\" in {} belongs to service \"{}\", but a bucket policy governs only "
      "s3: actions, so the action is unsupported here; move it to an IAM policy or remove it",
      v.text, st.label(), service);
}

void check_action(const policy::Statement& st, const policy::Value& v, Reporter& out) {
  const std::string_view text = v.text;
  if (text == "*" || policy_catalog::has_policy_variable(text)) return;  // P003: variables
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return check_unprefixed(st, v, out);
  const std::string_view service = text.substr(0, colon);
  const std::string_view name = text.substr(colon + 1);
  if (has_wildcard(service) && catalog::action_glob_match(service, "s3")) {
    const std::string fixed = fmt::format("s3:{}", name);
    Finding& f = out.report(Severity::Info, v.node,
                            "action \"{}\" in {} has a wildcard in the service name; in a bucket "
                            "policy only s3 can match, so write \"{}\"",
                            text, st.label(), fixed);
    out.add_fix(f, fmt::format("write \"{}\"", fixed), v.node, json_quote(fixed));
  } else if (!iequals(service, "s3")) {
    return check_other_service(st, v, service, name, out);
  }
  if (!has_wildcard(name)) return check_named(st, v, name, out);
  if (catalog::match_s3_actions(fmt::format("s3:{}", name)).empty()) {
    out.report(v.node,
               "action pattern \"{}\" in {} matches no S3 action, so it is invalid; fix the "
               "pattern or name the actions",
               text, st.label());
  }
}

void check(const Document& doc, Reporter& out) {
  for (const policy::Statement& st : doc.policy->statements) {
    for (const policy::Value& v : st.actions) check_action(st, v, out);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
