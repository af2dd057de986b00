#include <catch2/catch.hpp>

#include <memory>

#include "analysis/facts.hpp"
#include "corslint/analysis/condition_keys.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/document.hpp"
#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"
#include "corslint/text.hpp"

using namespace corslint;

namespace {

// Keeps the source and tree alive for the statements' string views.
struct Parsed {
  std::shared_ptr<const Source> source;
  json::ParseResult parsed;
  policy::Policy policy;
};

std::unique_ptr<Parsed> parse_policy(std::string statement) {
  auto p = std::make_unique<Parsed>();
  SourceError err;
  p->source = Source::from_bytes(
      "t.json", R"({"Version": "2012-10-17", "Statement": [)" + statement + "]}", err);
  REQUIRE(p->source);
  p->parsed = json::parse(*p->source);
  REQUIRE(p->parsed.ok);
  p->policy = policy::build(p->parsed.tree, p->parsed.tree.root(), p->source->text().size());
  Model model = std::move(p->policy);
  add_facts(model);
  p->policy = std::move(std::get<policy::Policy>(model));
  REQUIRE(p->policy.statements.size() == 1);
  return p;
}

std::string allow(std::string_view principal, std::string_view action,
                  std::string_view condition = "") {
  std::string s = R"({"Effect": "Allow", "Principal": )" + std::string(principal) +
                  R"(, "Action": )" + std::string(action) + R"(, "Resource": "arn:aws:s3:::b/*")";
  if (!condition.empty()) s += R"(, "Condition": )" + std::string(condition);
  return s + "}";
}

bool is_public(std::string_view principal, std::string_view condition) {
  auto p = parse_policy(allow(principal, R"("s3:GetObject")", condition));
  return public_access(p->policy.statements[0]).is_public();
}

}  // namespace

TEST_CASE("IAM wildcards: '*' any run, '?' one character") {
  CHECK(glob_match("s3:Get*", "s3:GetObject", true));
  CHECK(glob_match("S3:get*", "s3:GetObject", true));
  CHECK_FALSE(glob_match("S3:get*", "s3:GetObject", false));
  CHECK(glob_match("*", "anything", false));
  CHECK(glob_match("s3:*Bucket*Policy", "s3:PutBucketPolicy", true));
  CHECK(glob_match("s3:?etObject", "s3:GetObject", true));
  CHECK_FALSE(glob_match("s3:?etObject", "s3:etObject", true));
  CHECK_FALSE(glob_match("s3:Get*", "s3:PutObject", true));
  CHECK(glob_match("a*b*c", "abbbc", false));
  CHECK_FALSE(glob_match("a*b*c", "abbb", false));
  CHECK(glob_match("", "", false));
}

TEST_CASE("action access levels by name") {
  CHECK(action_access_level("s3:GetObject") == AccessLevel::Read);
  CHECK(action_access_level("s3:ListBucket") == AccessLevel::Read);
  CHECK(action_access_level("s3:PutObject") == AccessLevel::Write);
  CHECK(action_access_level("s3:DeleteObject") == AccessLevel::Write);
  CHECK(action_access_level("s3:PutBucketPolicy") == AccessLevel::PermissionsManagement);
  CHECK(action_access_level("s3:putbucketacl") == AccessLevel::PermissionsManagement);
  CHECK(action_access_level("s3:PutEncryptionConfiguration") == AccessLevel::PermissionsManagement);
  CHECK(to_string(AccessLevel::PermissionsManagement) == "permissions-management");
}

TEST_CASE("a statement's access summary expands wildcards and NotAction") {
  auto get = parse_policy(allow(R"("*")", R"("s3:GetObject")"));
  AccessSummary s = statement_access(get->policy.statements[0]);
  CHECK(s.read == "s3:GetObject");
  CHECK(s.write.empty());
  CHECK(s.levels() == "read");

  auto put = parse_policy(allow(R"("*")", R"("s3:Put*")"));
  s = statement_access(put->policy.statements[0]);
  CHECK(s.permissions == "s3:PutBucketPolicy");
  CHECK(s.write == "s3:PutObject");
  CHECK(s.read.empty());
  CHECK(s.levels() == "write and permissions-management");

  auto all = parse_policy(allow(R"("*")", R"("s3:*")"));
  CHECK(statement_access(all->policy.statements[0]).levels() ==
        "read, write and permissions-management");

  auto other = parse_policy(allow(R"("*")", R"("kms:*")"));
  CHECK_FALSE(statement_access(other->policy.statements[0]).any());

  auto p = parse_policy(R"({"Effect": "Allow", "Principal": "*", "NotAction": "s3:Put*",
                            "Resource": "arn:aws:s3:::b/*"})");
  const policy::Statement& st = p->policy.statements[0];
  s = statement_access(st);
  CHECK(s.read == "s3:GetObject");
  CHECK(s.write == "s3:DeleteObject");
  CHECK(s.permissions == "s3:DeleteBucketPolicy");
  CHECK(statement_covers_action(st, "s3:GetObject"));
  CHECK_FALSE(statement_covers_action(st, "s3:PutBucketPolicy"));
  CHECK(is_every_action("S3:*"));
  CHECK(is_every_action("*"));
  CHECK_FALSE(is_every_action("s3:Get*"));
}

TEST_CASE("public classification follows S3's fixed-value rules") {
  // No condition: public, whichever form says "everyone".
  CHECK(is_public(R"("*")", ""));
  CHECK(is_public(R"({"AWS": "*"})", ""));
  CHECK(is_public(R"({"AWS": ["*"]})", ""));
  CHECK(is_public(R"({"Federated": "graph.facebook.com"})", ""));
  // Named principals are never public.
  CHECK_FALSE(is_public(R"({"AWS": "arn:aws:iam::111122223333:root"})", ""));
  CHECK_FALSE(is_public(R"({"Service": "cloudfront.amazonaws.com"})", ""));
  // Fixed values of S3's keys restrict, in any key case.
  CHECK_FALSE(is_public(R"("*")", R"({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})"));
  CHECK_FALSE(is_public(R"("*")", R"({"StringEquals": {"AWS:SOURCEVPCE": "vpce-1a2b3c4d"}})"));
  CHECK_FALSE(is_public(R"("*")", R"({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}})"));
  CHECK_FALSE(is_public(R"("*")", R"({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})"));
  CHECK_FALSE(is_public(
      R"("*")", R"({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}})"));
  CHECK_FALSE(is_public(R"("*")", R"({"StringLike": {"aws:userid": "AROAEXAMPLEID:*"}})"));
  CHECK_FALSE(is_public(R"("*")",
                        R"({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1/r-b2/*"}})"));
  // One restricting key among others is enough (conditions are ANDed).
  CHECK_FALSE(is_public(R"("*")", R"({"StringLike": {"aws:Referer": "https://x/*"},
                                      "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}})"));
  // What does not restrict: negated, IfExists, ForAllValues, wildcards, /0, other keys.
  CHECK(is_public(R"("*")", R"({"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})"));
  CHECK(is_public(R"("*")", R"({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}})"));
  CHECK(is_public(R"("*")", R"({"ForAllValues:StringEquals": {"aws:SourceVpc": "vpc-1a2b"}})"));
  CHECK(is_public(R"("*")", R"({"StringLike": {"aws:SourceVpc": "vpc-*"}})"));
  CHECK(is_public(R"("*")", R"({"StringLike": {"aws:PrincipalOrgID": "o-*"}})"));
  CHECK(is_public(R"("*")", R"({"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::*:*"}})"));
  CHECK(is_public(R"("*")", R"({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "::/0"]}})"));
  CHECK(is_public(R"("*")", R"({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})"));
  CHECK(is_public(R"("*")", R"({"StringLike": {"aws:Referer": "https://example.com/*"}})"));
  CHECK(is_public(R"("*")", R"({"Bool": {"aws:SecureTransport": "true"}})"));
  CHECK(is_public(R"("*")", R"({"Null": {"aws:SourceVpce": "false"}})"));
  CHECK(is_public(R"("*")", R"({"StringLike": {"aws:userid": "Cognito*"}})"));
}

TEST_CASE("the reason a condition does not restrict names the operator and key") {
  auto p = parse_policy(allow(R"("*")", R"("s3:GetObject")",
                              R"({"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})"));
  PublicAccess a = public_access(p->policy.statements[0]);
  REQUIRE(a.weak != nullptr);
  CHECK(a.weak_reason ==
        "\"StringNotEquals\" on aws:SourceVpce is true for requests without aws:SourceVpce, as "
        "every anonymous request from the internet is");
  auto ip = parse_policy(
      allow(R"("*")", R"("s3:GetObject")", R"({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})"));
  a = public_access(ip->policy.statements[0]);
  CHECK_FALSE(a.is_public());
  CHECK(a.only_source_ip());
}

TEST_CASE("owners decide who is outside") {
  LintSettings s;
  CHECK(owner_accounts(s).empty());
  s.account_id = "111122223333";
  s.trusted_accounts = {"444455556666"};
  auto owners = owner_accounts(s);
  REQUIRE(owners.size() == 2);
  PrincipalInfo own{PrincipalKind::Account, "111122223333", {}};
  PrincipalInfo trusted{PrincipalKind::IamIdentity, "444455556666", {}};
  PrincipalInfo other{PrincipalKind::AssumedRole, "777788889999", {}};
  CHECK(outside_owner(own, owners) == false);
  CHECK(outside_owner(trusted, owners) == false);
  CHECK(outside_owner(other, owners) == true);
  CHECK_FALSE(outside_owner(other, {}).has_value());
  CHECK(outside_owner({PrincipalKind::Service, {}, "cloudfront.amazonaws.com"}, {}) == true);
  CHECK_FALSE(outside_owner({PrincipalKind::CanonicalUser, {}, "ab"}, owners).has_value());
}

TEST_CASE("placeholders and multivalued keys") {
  CHECK(looks_like_placeholder("arn:aws:cloudfront::your-account-id:distribution/x"));
  CHECK(looks_like_placeholder("arn:aws:cloudfront::ACCOUNT-ID:distribution/DISTRIBUTION-ID"));
  CHECK(looks_like_placeholder("arn:aws:cloudfront::<account>:distribution/E1"));
  CHECK(looks_like_placeholder("arn:aws:cloudfront::{account}:distribution/E1"));
  CHECK(looks_like_placeholder("cloud-front-distribution-arn"));
  CHECK_FALSE(looks_like_placeholder("arn:aws:s3:::b/${aws:username}/*"));
  CHECK_FALSE(looks_like_placeholder("E2871DO4EZ36H2"));
  CHECK_FALSE(
      looks_like_placeholder("arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"));
  CHECK(is_multivalued_condition_key("aws:PrincipalOrgPaths"));
  CHECK(is_multivalued_condition_key("AWS:TagKeys"));
  CHECK(is_multivalued_condition_key("s3:RequestObjectTagKeys"));
  CHECK_FALSE(is_multivalued_condition_key("aws:SourceVpce"));
  CHECK_FALSE(is_multivalued_condition_key("aws:SourceArn"));
}

TEST_CASE("ARN patterns pin an account") {
  CHECK(arn_pins_account("arn:aws:cloudfront::111122223333:distribution/*"));
  CHECK(arn_pins_account("arn:aws:s3:::source-bucket"));
  CHECK(arn_pins_account("arn:aws:s3:::source-bucket/logs/*"));
  CHECK_FALSE(arn_pins_account("arn:aws:s3:::source-*"));
  CHECK_FALSE(arn_pins_account("arn:aws:cloudfront::*:distribution/E1"));
  CHECK_FALSE(arn_pins_account("arn:aws:cloudfront::1111*:distribution/E1"));
  CHECK_FALSE(arn_pins_account("arn:aws:*::111122223333:x"));
  CHECK_FALSE(arn_pins_account("*"));
}

TEST_CASE("buckets named by a policy and statements covering them") {
  auto p = parse_policy(R"({"Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*", "arn:aws:s3:::your-bucket/*",
                   "arn:aws:s3:::logs-*"]})");
  auto buckets = policy_buckets(p->policy);
  REQUIRE(buckets.size() == 1);
  CHECK(buckets[0] == "b");
  const policy::Statement& st = p->policy.statements[0];
  CHECK(statement_covers_bucket(st, "b", false));
  CHECK(statement_covers_bucket(st, "b", true));
  CHECK(statement_covers_bucket(st, "logs-2024", false));
  CHECK_FALSE(statement_covers_bucket(st, "logs-2024", true));
  CHECK_FALSE(statement_covers_bucket(st, "other", false));
  auto prefix = parse_policy(allow(R"("*")", R"("s3:*")"));
  CHECK(statement_covers_bucket(prefix->policy.statements[0], "b", true));
  CHECK_FALSE(statement_covers_bucket(prefix->policy.statements[0], "b", false));
}
