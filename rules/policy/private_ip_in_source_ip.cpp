#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/analysis/ip_cidr.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P021",
    .name = "policy-private-ip-in-source-ip",
    .default_severity = Severity::Error,
    .summary = "aws:SourceIp lists a private, loopback or link-local range it never carries",
    .rationale =
        "aws:SourceIp holds the public address a request comes from; requests through a VPC "
        "endpoint carry aws:VpcSourceIp and aws:SourceVpce instead. A private range (RFC 1918, "
        "loopback, link-local, unique local fc00::/7, ...) therefore never matches: an "
        "IpAddress grant never applies, and NotIpAddress is true for every request. A range "
        "with bits set after the mask is reported as info, since AWS matches the whole block.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "OfficeOnly",
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/16"}}}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "OfficeOnly",
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]})",
    .fix_hint =
        "Use the public (NAT) addresses your requests leave from, or aws:SourceVpce / "
        "aws:VpcSourceIp for traffic that reaches S3 through a VPC endpoint.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_condition-keys.html#condition-keys-sourceip",
};

std::string consequence(const policy::Statement& st, const policy::Condition& c, bool all) {
  if (!c.negated()) return all ? "the condition never matches" : "that entry never matches";
  if (!all) return "that entry excludes nothing";
  return st.is_deny() ? "NotIpAddress is true for every request and the deny hits everyone"
                      : "NotIpAddress is true for every request and excludes no one";
}

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    // Made at the statement's first finding: a long address list can give thousands.
    std::string label;
    auto labelled = [&]() -> const std::string& {
      if (label.empty()) label = st.label();
      return label;
    };
    for (const policy::Condition& c : st.conditions) {
      if (!is_source_ip_key(c.key)) continue;
      std::vector<std::optional<IpCidr>> cidrs;
      std::vector<std::string_view> ranges;  // non_public_range of each, once
      cidrs.reserve(c.values.size());
      ranges.reserve(c.values.size());
      bool all_private = !c.values.empty();
      for (const Value& v : c.values) {
        cidrs.push_back(parse_ip_cidr(v.text));
        ranges.push_back(cidrs.back() ? non_public_range(*cidrs.back()) : std::string_view());
        all_private &= !ranges.back().empty();
      }
      for (std::size_t i = 0; i < c.values.size(); ++i) {
        const Value& v = c.values[i];
        if (!cidrs[i]) continue;  // not an address: the value checks report it
        if (std::string_view range = ranges[i]; !range.empty()) {
          out.report(all_private ? Severity::Error : Severity::Info, v.node,
                     "\"{}\" in aws:SourceIp of {} is in {}, which aws:SourceIp never carries "
                     "(it holds the public address; VPC traffic carries aws:VpcSourceIp), so "
                     "{}; use your public NAT addresses or aws:SourceVpce",
                     v.text, labelled(), range, consequence(st, c, all_private));
        } else if (has_host_bits(*cidrs[i])) {
          out.report(Severity::Info, v.node,
                     "\"{}\" in aws:SourceIp of {} has bits set after the /{} mask; AWS matches "
                     "the whole block {}, so write that",
                     v.text, labelled(), cidrs[i]->prefix, to_string(network_of(*cidrs[i])));
        }
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
