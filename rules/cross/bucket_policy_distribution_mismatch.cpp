#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/aws_names.hpp"
#include "corslint/bundle.hpp"
#include "corslint/match.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/origin_access.hpp"
#include "corslint/policy_access.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "X001",
    .name = "bucket-policy-distribution-mismatch",
    .kinds = kinds(DocKind::S3BucketPolicy, DocKind::CloudFrontDistribution),
    .default_severity = Severity::Error,
    .summary = "The bucket policy's AWS:SourceArn names another distribution or account",
    .rationale =
        "With origin access control, S3 lets CloudFront read the bucket only for requests "
        "whose aws:SourceArn matches the policy's condition. When the condition names a "
        "different distribution id (a copied policy, a recreated distribution) or another "
        "account, every request through the bundled distribution is refused with 403, "
        "while the other distribution keeps access it should not have. Values with "
        "placeholders or ${...} are not compared.",
    .bad_example =
        "(a bundle: distribution EDFDVBD6EXAMPLE in front of bucket example-site, whose "
        "policy grants cloudfront.amazonaws.com with AWS:SourceArn "
        "arn:aws:cloudfront::111122223333:distribution/E2OLDDIST0001)",
    .good_example =
        "(the same bundle with AWS:SourceArn "
        "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE)",
    .fix_hint =
        "Set AWS:SourceArn to the ARN of the distribution that serves the bucket "
        "(arn:aws:cloudfront::<account>:distribution/<id>), and aws:SourceAccount to its "
        "account.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "private-content-restricting-access-to-s3.html",
};

struct Served {
  std::string_view id;
  std::string_view account;
  json::NodeId id_node = json::kNoNode;
};

// The distribution's id and account, from its Id and ARN.
Served served_by(const cloudfront::Distribution& d) {
  Served s;
  if (d.arn) {
    if (auto a = parse_distribution_arn(d.arn->text)) {
      s.id = a->id;
      s.account = a->account;
      s.id_node = d.arn->node;
    }
  }
  if (d.id) {
    s.id = d.id->text;
    s.id_node = d.id->node;
  }
  if (unknown_value(s.id)) s.id = {};
  if (!is_account_id(s.account)) s.account = {};
  return s;
}

bool is_cloudfront_grant(const policy::Statement& st) {
  if (!st.is_allow() || !st.principal || st.principal->negated) return false;
  return std::any_of(st.principal->entries.begin(), st.principal->entries.end(),
                     [](const policy::PrincipalEntry& e) {
                       return e.type == "Service" &&
                              iequals(e.value.text, "cloudfront.amazonaws.com");
                     });
}

void check(const Bundle& bundle, BundleReporter& out) {
  // Each policy statement is judged once per distribution, not per origin.
  std::vector<std::pair<const Document*, const Document*>> seen;
  for (const OriginPolicy& op : origin_policies(bundle)) {
    std::pair key{op.distribution, op.policy};
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    Served served = served_by(*op.distribution->distribution);
    if (served.id.empty() && served.account.empty()) continue;
    const policy::Policy& p = *op.policy->policy;
    for (const policy::Statement& st : p.statements) {
      if (!is_cloudfront_grant(st)) continue;
      for (const policy::Condition& c : st.conditions) {
        bool source_arn = iequals(c.key, "aws:SourceArn");
        bool source_account = iequals(c.key, "aws:SourceAccount");
        if ((!source_arn && !source_account) || c.negated() || c.values.empty()) continue;
        bool like =
            c.base_op.find("Like") != std::string_view::npos || istarts_with(c.base_op, "Arn");
        bool any_unknown = false, any_match = false;
        const policy::Value* first = nullptr;
        std::string_view wrong_what;
        for (const policy::Value& v : c.values) {
          // A wildcard under StringEquals never matches: P-rules report that.
          if (unknown_value(v.text) || (!like && has_iam_wildcard(v.text))) {
            any_unknown = true;
            continue;
          }
          std::string_view id, account;
          if (source_arn) {
            auto a = parse_distribution_arn(v.text);
            if (!a) {
              // Not a distribution ARN at all (a wildcard ARN, another service):
              // P-rules judge the value; no claim about which distribution.
              any_unknown = true;
              continue;
            }
            id = a->id;
            account = a->account;
          } else {
            account = v.text;
          }
          if (unknown_value(id) && source_arn) {
            any_unknown = true;
            continue;
          }
          auto same = [&](std::string_view pattern, std::string_view actual) {
            if (actual.empty()) return true;  // not known: cannot differ
            return like ? iam_wildcard_match(pattern, actual, false) : pattern == actual;
          };
          bool id_ok = !source_arn || same(id, served.id);
          bool account_ok = same(account, served.account) || unknown_value(account);
          if (id_ok && account_ok) {
            any_match = true;
            break;
          }
          if (first == nullptr) {
            first = &v;
            wrong_what = !id_ok ? "distribution" : "account";
          }
        }
        if (any_match || any_unknown || first == nullptr) continue;
        Finding& f =
            wrong_what == "distribution"
                ? out.report(*op.policy, first->node,
                             "{} lets CloudFront read only for {} \"{}\", but the bundled "
                             "distribution serving this bucket is {}: every request through it "
                             "gets 403 from S3; name arn:aws:cloudfront::{}:distribution/{}",
                             st.label(), c.key, first->text, served.id,
                             served.account.empty() ? "<account>" : served.account, served.id)
                : out.report(*op.policy, first->node,
                             "{} lets CloudFront read only for {} \"{}\", but the bundled "
                             "distribution {} belongs to account {}: every request through it "
                             "gets 403 from S3",
                             st.label(), c.key, first->text,
                             served.id.empty() ? "(id unknown)" : served.id, served.account);
        if (served.id_node != json::kNoNode) {
          out.add_related(f, *op.distribution, served.id_node, "the bundled distribution");
        }
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
