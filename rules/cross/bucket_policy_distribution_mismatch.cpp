#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/analysis/origin_access.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

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
        "while the other distribution keeps access it should not have. Reported only when "
        "no CloudFront grant of the policy admits the bundled distribution (a bucket may sit "
        "behind two distributions); values with placeholders or ${...} are not compared.",
    .bad_example =
        R"((a bundle: distribution EDFDVBD6EXAMPLE in front of bucket example-site, whose policy grants
cloudfront.amazonaws.com with AWS:SourceArn
arn:aws:cloudfront::111122223333:distribution/E2OLDDIST0001)
// file: bucket-policy.json
{"Version": "2012-10-17", "Statement": [{"Sid": "AllowCloudFrontServicePrincipal",
  "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-site/*",
  "Condition": {"StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/E2OLDDIST0001"}}}]}
// file: distribution.json
{"Distribution": {"ARN": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE",
  "DistributionConfig": {"CallerReference": "cli-1718000000-123456", "Origins": {"Quantity": 1,
  "Items": [{"Id": "S3-site", "DomainName": "example-site.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-site",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}, "Comment": "example.com site",
  "Enabled": true}}})",
    .good_example = R"((the same bundle with AWS:SourceArn
arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE)
// file: bucket-policy.json
{"Version": "2012-10-17", "Statement": [{"Sid": "AllowCloudFrontServicePrincipal",
  "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-site/*",
  "Condition": {"StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]}
// file: distribution.json
{"Distribution": {"ARN": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE",
  "DistributionConfig": {"CallerReference": "cli-1718000000-123456", "Origins": {"Quantity": 1,
  "Items": [{"Id": "S3-site", "DomainName": "example-site.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-site",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}, "Comment": "example.com site",
  "Enabled": true}}})",
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

// One AWS:SourceArn / aws:SourceAccount condition judged against the distribution.
struct Verdict {
  enum State : unsigned char { Admits, Refuses, Unknown } state = Admits;
  const Value* value = nullptr;     // when Refuses: the first value that names another
  bool wrong_distribution = false;  // else the account differs
};

Verdict judge(const policy::Condition& c, const Served& served) {
  bool source_arn = iequals(c.key, "aws:SourceArn");
  bool like = c.base_op.find("Like") != std::string_view::npos || istarts_with(c.base_op, "Arn");
  Verdict v{Verdict::Refuses};
  for (const Value& val : c.values) {
    // A wildcard under StringEquals never matches: P-rules report that.
    if (unknown_value(val.text) || (!like && has_iam_wildcard(val.text))) return {Verdict::Unknown};
    std::string_view id, account;
    if (source_arn) {
      auto a = parse_distribution_arn(val.text);
      // Not a distribution ARN (another service, a malformed value): P-rules
      // judge the value; no claim about which distribution it means.
      if (!a || unknown_value(a->id)) return {Verdict::Unknown};
      id = a->id;
      account = a->account;
    } else {
      account = val.text;
    }
    auto same = [&](std::string_view pattern, std::string_view actual) {
      if (actual.empty() || unknown_value(pattern)) return true;  // cannot differ
      return like ? glob_match(pattern, actual, false) : pattern == actual;
    };
    bool id_ok = !source_arn || same(id, served.id);
    bool account_ok = same(account, served.account);
    if (id_ok && account_ok) return {Verdict::Admits};
    if (v.value == nullptr) {
      v.value = &val;
      v.wrong_distribution = !id_ok;
    }
  }
  return v;
}

void check(const Setup& setup, Reporter& out) {
  const Bundle& bundle = setup.bundle();
  // Each policy is judged once per distribution, not per origin.
  std::vector<std::pair<const Document*, const Document*>> seen;
  for (const OriginPolicy& op : origin_policies(bundle)) {
    std::pair key{op.distribution, op.policy};
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    Served served = served_by(*op.distribution->as<cloudfront::Distribution>());
    if (served.id.empty() && served.account.empty()) continue;
    // The refusing conditions of every CloudFront grant; none is reported
    // when some grant admits the distribution (a bucket may sit behind two
    // distributions) or cannot be judged.
    std::vector<std::pair<const policy::Statement*, const policy::Condition*>> refusals;
    std::vector<Verdict> verdicts;
    bool admitted = false;
    for (const policy::Statement& st : op.policy->as<policy::Policy>()->statements) {
      if (!is_cloudfront_grant(st)) continue;
      bool statement_admits = true;
      for (const policy::Condition& c : st.conditions) {
        bool source = iequals(c.key, "aws:SourceArn") || iequals(c.key, "aws:SourceAccount");
        if (!source || c.negated() || c.values.empty()) continue;
        Verdict v = judge(c, served);
        if (v.state == Verdict::Admits) continue;
        statement_admits = false;
        if (v.state == Verdict::Unknown) {
          admitted = true;  // cannot prove a refusal
          continue;
        }
        refusals.push_back({&st, &c});
        verdicts.push_back(v);
      }
      if (statement_admits) admitted = true;
    }
    if (admitted) continue;
    for (std::size_t i = 0; i < refusals.size(); ++i) {
      const policy::Statement& st = *refusals[i].first;
      const policy::Condition& c = *refusals[i].second;
      const Verdict& v = verdicts[i];
      Reported f =
          v.wrong_distribution
              ? out.report(*op.policy, v.value->node,
                           "{} lets CloudFront read only for {} \"{}\", but the bundled "
                           "distribution serving this bucket is {}: every request through it "
                           "gets 403 from S3; name arn:aws:cloudfront::{}:distribution/{}",
                           st.label(), c.key, v.value->text, served.id,
                           served.account.empty() ? "<account>" : served.account, served.id)
              : out.report(*op.policy, v.value->node,
                           "{} lets CloudFront read only for {} \"{}\", but the bundled "
                           "distribution {} belongs to account {}: every request through it "
                           "gets 403 from S3",
                           st.label(), c.key, v.value->text,
                           served.id.empty() ? "(id unknown)" : served.id, served.account);
      if (served.id_node != json::kNoNode) {
        out.add_related(f, *op.distribution, served.id_node, "the bundled distribution");
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
