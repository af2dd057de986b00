#include <catch2/catch.hpp>

#include "corslint/analysis/aws_names.hpp"

using namespace corslint;

namespace {
PrincipalInfo classify(std::string_view type, std::string_view value) {
  policy::PrincipalEntry e;
  e.type = type;
  e.value.text = value;
  return classify_principal(e);
}
}  // namespace

TEST_CASE("ARNs split into six fields") {
  auto a = parse_arn("arn:aws:s3:::my-bucket/path/to/*");
  REQUIRE(a);
  CHECK(a->service == "s3");
  CHECK(a->account.empty());
  CHECK(a->resource == "my-bucket/path/to/*");
  auto t = s3_target(*a);
  REQUIRE(t);
  CHECK(t->bucket == "my-bucket");
  CHECK(t->key == "path/to/*");
  CHECK(t->object);
  CHECK_FALSE(parse_arn("arn:aws:s3"));
  CHECK_FALSE(parse_arn("my-bucket"));
  auto d = parse_distribution_arn("arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE");
  REQUIRE(d);
  CHECK(d->account == "111122223333");
  CHECK(d->id == "EDFDVBD6EXAMPLE");
}

TEST_CASE("principal forms are classified") {
  CHECK(classify("*", "*").kind == PrincipalKind::Everyone);
  CHECK(classify("AWS", "*").kind == PrincipalKind::Everyone);
  CHECK(classify("AWS", "111122223333").account == "111122223333");
  auto root = classify("AWS", "arn:aws:iam::111122223333:root");
  CHECK(root.kind == PrincipalKind::Account);
  CHECK(root.account == "111122223333");
  CHECK(classify("AWS", "arn:aws:iam::111122223333:role/Admin").kind == PrincipalKind::IamIdentity);
  CHECK(classify("AWS", "arn:aws:sts::111122223333:assumed-role/Admin/s").kind ==
        PrincipalKind::AssumedRole);
  auto oai = classify(
      "AWS", "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL");
  CHECK(oai.kind == PrincipalKind::OriginAccessIdentity);
  CHECK(oai.name == "E2QWRUHAPOMQZL");
  CHECK(classify("AWS", "AROA1234567890EXAMPLE").kind == PrincipalKind::UniqueId);
  CHECK(classify("AWS", "arn:aws:iam::*:root").kind == PrincipalKind::Invalid);
  CHECK(classify("Service", "cloudfront.amazonaws.com").kind == PrincipalKind::Service);
}
