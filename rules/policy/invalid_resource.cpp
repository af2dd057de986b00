#include <algorithm>
#include <map>
#include <string>

#include <fmt/core.h>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/origin.hpp"
#include "corslint/analysis/policy_values.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P007",
    .name = "policy-invalid-resource",
    .default_severity = Severity::Error,
    .summary = "A Resource is not an ARN of this bucket or its objects",
    .rationale =
        "A bucket policy can only govern the bucket it is attached to. S3 rejects "
        "Resource \"*\" (\"Policy has invalid resource\"), ARNs of other services or other "
        "buckets, malformed ARNs, and S3 ARNs with a Region or account, which bucket and "
        "object ARNs leave empty. The deploy fails and the old policy stays in force.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
        "Resource": "*"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .fix_hint =
        "Write arn:aws:s3:::BUCKET for the bucket and arn:aws:s3:::BUCKET/KEY-PATTERN for "
        "objects, naming only the bucket the policy is attached to.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html",
};

struct Seen {
  std::string_view bucket;
  const Value* value;
  const policy::Statement* statement;  // labelled only when reported
};

void check(const policy::Policy& policy, Reporter& out) {
  std::vector<Seen> seen;
  std::map<std::string_view, std::size_t> count;
  for (const policy::Statement& st : policy.statements) {
    for (const Value& r : st.resources) {
      if (policy::has_placeholder(r)) continue;  // P029 reports those
      if (auto problem = policy::s3_resource_problem(r.text)) {
        Reported f = out.report(r.node, "{} \"{}\" in {} {}",
                                st.not_resource ? "excluded resource (NotResource)" : "resource",
                                r.text, st.label(), problem->what);
        if (!problem->fix.empty()) {
          out.add_fix(f, fmt::format("write \"{}\"", problem->fix), r.node,
                      json_quote(problem->fix));
        }
        continue;
      }
      auto arn = parse_arn(r.text);
      auto target = arn ? s3_target(*arn) : std::nullopt;
      if (!target) continue;  // s3_resource_problem reports any other shape
      std::string_view bucket = target->bucket;
      if (std::any_of(bucket.begin(), bucket.end(),
                      [](char c) { return c == '*' || c == '?' || c == '$'; }))
        continue;
      seen.push_back({bucket, &r, &st});
      ++count[bucket];
    }
  }
  if (count.size() < 2) return;
  // The bucket most resources name is taken as the one the policy is attached to.
  const Seen* main = &seen.front();
  for (const Seen& s : seen) {
    if (count[s.bucket] > count[main->bucket]) main = &s;
  }
  for (const Seen& s : seen) {
    if (s.bucket == main->bucket) continue;
    Reported f = out.report(s.value->node,
                            "resource \"{}\" in {} names bucket \"{}\", but the other resources "
                            "name \"{}\": a bucket policy governs only the bucket it is attached "
                            "to, so S3 rejects other buckets' ARNs; give \"{}\" its own policy",
                            s.value->text, s.statement->label(), s.bucket, main->bucket, s.bucket);
    out.add_related(f, main->value->node, fmt::format("resource in bucket \"{}\"", main->bucket));
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
