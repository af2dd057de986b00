// P023/P024 depend on who owns the bucket: without account_id or
// trusted_accounts an account principal may be the owner itself.
#include <catch2/catch.hpp>

#include "corslint/engine.hpp"
#include "fixture_support.hpp"

using namespace corslint;

namespace {

constexpr const char* kPartnerAdmin = R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
  "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}]})";

constexpr const char* kOaiAll = R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"AWS":
    "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"},
  "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]})";

std::vector<Finding> lint(std::string code, LintSettings settings, std::string text) {
  LintOptions o;
  o.rules.select = std::vector<std::string>{code};
  o.settings = std::move(settings);
  Linter linter(std::move(o));
  std::vector<Finding> out;
  linter.lint_bytes("policy.json", std::move(text), out);
  std::erase_if(out, [&](const Finding& f) { return f.code != code; });
  return out;
}

}  // namespace

TEST_CASE("without a known owner, account principals are not judged") {
  CHECK(lint("P023", {}, kPartnerAdmin).empty());
  CHECK(lint("P024", {}, kPartnerAdmin).empty());
  // Services and CloudFront identities are never the owner.
  CHECK(lint("P023", {}, kOaiAll).size() == 1);
  // P024 stays silent without an owner even for them.
  CHECK(lint("P024", {}, kOaiAll).empty());
}

TEST_CASE("account_id and trusted_accounts make other accounts external") {
  LintSettings owner;
  owner.account_id = "111122223333";
  CHECK(lint("P023", owner, kPartnerAdmin).size() == 1);
  auto p024 = lint("P024", owner, kPartnerAdmin);
  REQUIRE(p024.size() == 1);
  CHECK(p024[0].message.find("outside the owner account 111122223333") != std::string::npos);

  LintSettings trusted;
  trusted.trusted_accounts = {"777788889999"};
  p024 = lint("P024", trusted, kPartnerAdmin);
  REQUIRE(p024.size() == 1);
  CHECK(p024[0].message.find("outside the trusted accounts") != std::string::npos);

  LintSettings partner_trusted;
  partner_trusted.account_id = "111122223333";
  partner_trusted.trusted_accounts = {"444455556666"};
  CHECK(lint("P023", partner_trusted, kPartnerAdmin).empty());
  CHECK(lint("P024", partner_trusted, kPartnerAdmin).empty());
}
