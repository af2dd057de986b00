#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P001",
    .name = "policy-invalid-structure",
    .default_severity = Severity::Error,
    .summary = "The bucket policy has a shape S3's PutBucketPolicy rejects",
    .rationale =
        "S3 refuses a policy with unknown elements, a statement without Effect, "
        "Principal, Action or Resource, an Effect other than Allow or Deny, both an "
        "element and its Not form, or values of the wrong JSON type. The deploy fails "
        "with MalformedPolicy, or the old policy silently stays in force.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Principal": "*",
        "Actions": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .fix_hint =
        "Use only Version, Id and Statement at the top, and Sid, Effect, Principal, "
        "Action, Resource and Condition (or their Not forms) in each statement.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html",
};

void check(const policy::Policy& policy, Reporter& out) {
  for (const StructureIssue& issue : policy.issues) {
    if (issue.at_key) {
      out.report_key(issue.node, "{}", issue.message);
    } else {
      out.report(issue.node, "{}", issue.message);
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
