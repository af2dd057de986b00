#include "corslint/analysis/ip_cidr.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P011",
    .name = "policy-anonymous-ip-restricted",
    .default_severity = Severity::Warning,
    .summary = "Anonymous access is limited only by aws:SourceIp",
    .rationale =
        "S3 does not call a grant to \"*\" public when fixed aws:SourceIp ranges limit it, but "
        "the caller is still anonymous: everyone behind the same NAT gateway, proxy, VPN exit "
        "or shared cloud address gets the access, with no identity to audit or revoke. Access "
        "Analyzer reports such grants as external access.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "OfficeRead",
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "OfficeRead",
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Office"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",
        "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]})",
    .fix_hint =
        "Grant a named principal (keeping the IP range as an extra condition), or use a fixed "
        "aws:SourceVpce for traffic from your network.",
    .references =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",
};

// A grant whose ranges are all private never matches: P021 reports that.
bool has_public_range(const policy::Condition& c) {
  for (const Value& v : c.values) {
    auto cidr = parse_ip_cidr(v.text);
    if (!cidr || non_public_range(*cidr).empty()) return true;
  }
  return false;
}

void check(const policy::Policy& policy, Reporter& out) {
  for (const policy::Statement& st : policy.statements) {
    PublicAccess access = public_access(st);
    if (!access.only_source_ip()) continue;
    const policy::Condition* ip = access.restricting.front();
    bool reachable = false;
    for (const policy::Condition* c : access.restricting) reachable |= has_public_range(*c);
    const AccessSummary& s = st.access;
    if (!reachable || !s.any()) continue;
    for (const policy::PrincipalEntry* e : access.open_principals) {
      Reported f = out.report(
          e->value.node,
          "{} gives anonymous callers {} access limited only by aws:SourceIp: everyone behind "
          "those addresses (NAT, proxies, shared cloud hosts) gets it with no identity to audit "
          "or revoke; grant a named principal and keep the IP range as an extra condition",
          st.label(), s.levels());
      out.add_related(f, ip->key_node, "the only restriction");
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
