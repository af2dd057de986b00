#include <catch2/catch.hpp>

#include <algorithm>

#include "corslint/analysis/catalog.hpp"
#include "corslint/analysis/policy_catalog_checks.hpp"
#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"

using namespace corslint::policy_catalog;
using corslint::catalog::find_condition_key;
using corslint::catalog::ResourceType;

TEST_CASE("condition operators are found ignoring case, by their base name", "[policy_catalog]") {
  CHECK(condition_operators().size() == 27);
  CHECK(condition_operator_names().size() == condition_operators().size());
  const ConditionOperator* op = find_condition_operator("StringEquals");
  REQUIRE(op != nullptr);
  CHECK(op->family == OperatorFamily::String);
  const ConditionOperator* lower = find_condition_operator("stringequals");
  REQUIRE(lower == op);
  CHECK(lower->name != "stringequals");  // the caller can tell the spelling apart
  CHECK(find_condition_operator("NotIpAddress")->family == OperatorFamily::IpAddress);
  CHECK(find_condition_operator("ArnLike")->family == OperatorFamily::Arn);
  CHECK(find_condition_operator("Null")->family == OperatorFamily::Null);
  CHECK(find_condition_operator("StringEqual") == nullptr);
  CHECK(find_condition_operator("StringEqualsIfExists") == nullptr);  // the model strips it
  CHECK(find_condition_operator("") == nullptr);
  CHECK(to_string(OperatorFamily::Date) == "Date");
}

TEST_CASE("condition key format is service:name", "[policy_catalog]") {
  CHECK(is_condition_key_format("aws:SourceIp"));
  CHECK(is_condition_key_format("s3:ExistingObjectTag/team"));
  CHECK(is_condition_key_format("cognito-identity.amazonaws.com:aud"));
  CHECK(is_condition_key_format("aws:PrincipalTag/cost center"));
  CHECK_FALSE(is_condition_key_format("SourceIp"));
  CHECK_FALSE(is_condition_key_format(":SourceIp"));
  CHECK_FALSE(is_condition_key_format("aws:"));
  CHECK_FALSE(is_condition_key_format("aws: SourceIp"));
  CHECK_FALSE(is_condition_key_format("a ws:SourceIp"));
  CHECK_FALSE(is_condition_key_format(""));
}

TEST_CASE("bool and number values", "[policy_catalog]") {
  CHECK(is_bool_value("true"));
  CHECK(is_bool_value("false"));
  CHECK(is_bool_value("False"));
  CHECK_FALSE(is_bool_value("yes"));
  CHECK_FALSE(is_bool_value("0"));
  CHECK_FALSE(is_bool_value(""));

  CHECK(is_number_value("0"));
  CHECK(is_number_value("1.2"));
  CHECK(is_number_value("-3600"));
  CHECK(is_number_value("1e3"));
  CHECK_FALSE(is_number_value(""));
  CHECK_FALSE(is_number_value("1."));
  CHECK_FALSE(is_number_value(".5"));
  CHECK_FALSE(is_number_value("TLSv1.2"));
  CHECK_FALSE(is_number_value("1,000"));
  CHECK_FALSE(is_number_value("1e"));
  CHECK_FALSE(is_number_value("-"));
}

TEST_CASE("dates: the W3C ISO 8601 profile and epoch seconds", "[policy_catalog]") {
  CHECK(is_date_value("2024-01-01T00:00:00Z"));
  CHECK(is_date_value("2024-01-01T00:00Z"));
  CHECK(is_date_value("2024-01-01T12:30:15.250+01:00"));
  CHECK(is_date_value("2024-01-01T12:30:15-0500"));
  CHECK(is_date_value("2024-01-01"));
  CHECK(is_date_value("2024-01"));
  CHECK(is_date_value("2024"));
  CHECK(is_date_value("1704067200"));
  CHECK_FALSE(is_date_value("2024-13-01"));
  CHECK_FALSE(is_date_value("2024-01-32"));
  CHECK_FALSE(is_date_value("2024-01-01 00:00:00"));
  CHECK_FALSE(is_date_value("2024-01-01T25:00:00Z"));
  CHECK_FALSE(is_date_value("2024-01-01T00:00:00."));
  CHECK_FALSE(is_date_value("2024-01-01T00:00:00Q"));
  CHECK_FALSE(is_date_value("01/01/2024"));
  CHECK_FALSE(is_date_value("yesterday"));
  CHECK_FALSE(is_date_value(""));
  CHECK_FALSE(is_date_value("-1"));
}

TEST_CASE("IPv4 and IPv6 addresses and CIDR blocks", "[policy_catalog]") {
  CHECK(is_ipv4_address("203.0.113.7"));
  CHECK_FALSE(is_ipv4_address("203.0.113"));
  CHECK_FALSE(is_ipv4_address("203.0.113.256"));
  CHECK_FALSE(is_ipv4_address("203.0.113.7."));
  CHECK_FALSE(is_ipv4_address("a.b.c.d"));

  CHECK(is_ipv6_address("2001:db8::1"));
  CHECK(is_ipv6_address("::"));
  CHECK(is_ipv6_address("::1"));
  CHECK(is_ipv6_address("2001:DB8:0:0:0:0:0:1"));
  CHECK(is_ipv6_address("::ffff:192.0.2.1"));
  CHECK(is_ipv6_address("1:2:3:4:5:6:7::"));
  CHECK_FALSE(is_ipv6_address("2001:db8::1::2"));
  CHECK_FALSE(is_ipv6_address("1:2:3:4:5:6:7:8:9"));
  CHECK_FALSE(is_ipv6_address("1:2:3:4:5:6:7"));
  CHECK_FALSE(is_ipv6_address("12345::"));
  CHECK_FALSE(is_ipv6_address("2001:db8::g"));
  CHECK_FALSE(is_ipv6_address(":1::"));
  CHECK_FALSE(is_ipv6_address("1:2:3:4:5:6:7:"));

  CHECK(is_ip_or_cidr("203.0.113.0/24"));
  CHECK(is_ip_or_cidr("203.0.113.7"));
  CHECK(is_ip_or_cidr("0.0.0.0/0"));
  CHECK(is_ip_or_cidr("2001:db8::/32"));
  CHECK(is_ip_or_cidr("::/0"));
  CHECK(is_ip_or_cidr("2001:db8::1/128"));
  CHECK_FALSE(is_ip_or_cidr("203.0.113.0/33"));
  CHECK_FALSE(is_ip_or_cidr("203.0.113.0/"));
  CHECK_FALSE(is_ip_or_cidr("203.0.113.0/024"));
  CHECK_FALSE(is_ip_or_cidr("2001:db8::/129"));
  CHECK_FALSE(is_ip_or_cidr(" 203.0.113.0/24"));
  CHECK_FALSE(is_ip_or_cidr("203.0.113.0-203.0.113.9"));
  CHECK_FALSE(is_ip_or_cidr("localhost"));
  CHECK_FALSE(is_ip_or_cidr(""));
}

TEST_CASE("base64, ARN and VPC id values", "[policy_catalog]") {
  CHECK(is_base64("QmluYXJ5VmFsdWU="));
  CHECK(is_base64("YWJj"));
  CHECK_FALSE(is_base64("YWJ"));
  CHECK_FALSE(is_base64("not base64!"));
  CHECK_FALSE(is_base64(""));

  CHECK(is_arn_value("arn:aws:cloudfront::111122223333:distribution/E1"));
  CHECK(is_arn_value("arn:aws:iam::*"));  // a wildcard may span components
  CHECK_FALSE(is_arn_value("arn:aws:iam::111122223333"));
  CHECK_FALSE(is_arn_value("111122223333"));
  CHECK_FALSE(is_arn_value("*"));

  CHECK(is_vpc_id("vpc-1a2b3c4d"));
  CHECK(is_vpc_id("vpc-0123456789abcdef0"));
  CHECK_FALSE(is_vpc_id("vpc-123"));
  CHECK_FALSE(is_vpc_id("vpce-1a2b3c4d"));
  CHECK_FALSE(is_vpc_id("1a2b3c4d"));
  CHECK(is_vpce_id("vpce-1a2b3c4d"));
  CHECK(is_vpce_id("vpce-0123456789abcdef0"));
  CHECK_FALSE(is_vpce_id("vpce-1a2b3c4d5"));
  CHECK_FALSE(is_vpce_id("vpc-1a2b3c4d"));
  CHECK_FALSE(is_vpce_id("vpce-1a2b_c4d"));

  CHECK(has_policy_variable("${aws:username}"));
  CHECK(has_policy_variable("home/${aws:userid}/*"));
  CHECK_FALSE(has_policy_variable("$aws:username"));
}

TEST_CASE("operator families fit key types", "[policy_catalog]") {
  const auto* source_ip = find_condition_key("aws:SourceIp");
  const auto* source_arn = find_condition_key("AWS:SourceArn");
  const auto* secure = find_condition_key("aws:SecureTransport");
  const auto* epoch = find_condition_key("aws:EpochTime");
  const auto* org = find_condition_key("aws:PrincipalOrgID");
  const auto* tls = find_condition_key("s3:TlsVersion");
  REQUIRE(source_ip != nullptr);
  REQUIRE(source_arn != nullptr);
  REQUIRE(secure != nullptr);
  REQUIRE(epoch != nullptr);
  REQUIRE(org != nullptr);
  REQUIRE(tls != nullptr);

  CHECK(operator_fits_key(OperatorFamily::IpAddress, *source_ip));
  CHECK_FALSE(operator_fits_key(OperatorFamily::String, *source_ip));
  CHECK(operator_fits_key(OperatorFamily::String, *source_arn));  // the OAC docs' form
  CHECK(operator_fits_key(OperatorFamily::Arn, *source_arn));
  CHECK(operator_fits_key(OperatorFamily::Bool, *secure));
  CHECK_FALSE(operator_fits_key(OperatorFamily::String, *secure));
  CHECK(operator_fits_key(OperatorFamily::Date, *epoch));
  CHECK(operator_fits_key(OperatorFamily::Numeric, *epoch));
  CHECK_FALSE(operator_fits_key(OperatorFamily::IpAddress, *org));
  CHECK_FALSE(operator_fits_key(OperatorFamily::Bool, *org));
  CHECK_FALSE(operator_fits_key(OperatorFamily::Date, *org));
  CHECK(operator_fits_key(OperatorFamily::Null, *org));
  CHECK(operator_fits_key(OperatorFamily::Numeric, *tls));
  CHECK_FALSE(operator_fits_key(OperatorFamily::Date, *tls));
}

TEST_CASE("bucket-policy resources are buckets, objects or both", "[policy_catalog]") {
  const auto both = ResourceType::Bucket | ResourceType::Object;
  CHECK(s3_resource_class("arn:aws:s3:::my-bucket") == ResourceType::Bucket);
  CHECK(s3_resource_class("arn:aws:s3:::my-bucket/*") == ResourceType::Object);
  CHECK(s3_resource_class("arn:aws:s3:::my-bucket/logs/") == ResourceType::Object);
  CHECK(s3_resource_class("arn:aws:s3:::my-bucket/") == ResourceType::Object);
  CHECK(s3_resource_class("arn:aws-cn:s3:::my-bucket") == ResourceType::Bucket);
  CHECK(s3_resource_class("arn:*:s3:::my-bucket/*") == ResourceType::Object);
  CHECK(s3_resource_class("arn:aws:s3:::my-bucket/${aws:username}/*") == ResourceType::Object);
  CHECK(s3_resource_class("arn:aws:s3:::*") == both);
  CHECK(s3_resource_class("arn:aws:s3:::my-bucket*") == both);
  CHECK(s3_resource_class("arn:aws:s3:::my-bucke?") == both);
  CHECK(s3_resource_class("arn:aws:s3:::${aws:username}") == both);
  CHECK(s3_resource_class("*") == ResourceType::None);
  CHECK(s3_resource_class("arn:aws:s3:::") == ResourceType::None);
  CHECK(s3_resource_class("arn:aws:s3:us-east-1:111122223333:accesspoint/ap") ==
        ResourceType::None);
  CHECK(s3_resource_class("arn:aws:S3:::my-bucket") == ResourceType::None);
  CHECK(s3_resource_class("arn:aws:kms:us-east-1:111122223333:key/k") == ResourceType::None);
  CHECK(s3_resource_class("my-bucket/*") == ResourceType::None);
}

TEST_CASE("resource types read as a phrase", "[policy_catalog]") {
  CHECK(describe_resource_types(ResourceType::Bucket) == "the bucket (arn:aws:s3:::bucket)");
  CHECK(describe_resource_types(ResourceType::Object | ResourceType::AccessPointObject) ==
        "objects (arn:aws:s3:::bucket/key) or objects through access points");
  CHECK(describe_resource_types(ResourceType::Job | ResourceType::AccessPoint |
                                ResourceType::StorageLensGroup) ==
        "access points, batch jobs or Storage Lens groups");
  CHECK(describe_resource_types(ResourceType::None) == "no resource");
}

TEST_CASE("value defects follow the operator family", "[policy_catalog]") {
  CHECK(value_defect(OperatorFamily::IpAddress, "aws:SourceIp", "203.0.113.0/24").empty());
  CHECK(value_defect(OperatorFamily::IpAddress, "aws:SourceIp", "203.0.113.*")
            .starts_with("is not an IPv4"));
  CHECK(value_defect(OperatorFamily::Numeric, "s3:TlsVersion", "1.2").empty());
  CHECK_FALSE(value_defect(OperatorFamily::Numeric, "s3:TlsVersion", "TLSv1.2").empty());
  CHECK(value_defect(OperatorFamily::Date, "aws:CurrentTime", "2024-01-01T00:00:00Z").empty());
  CHECK_FALSE(value_defect(OperatorFamily::Date, "aws:CurrentTime", "01/01/2024").empty());
  CHECK(value_defect(OperatorFamily::Bool, "aws:SecureTransport", "false").empty());
  CHECK_FALSE(value_defect(OperatorFamily::Bool, "aws:SecureTransport", "no").empty());
  CHECK_FALSE(value_defect(OperatorFamily::Null, "aws:SourceIp", "yes").empty());
  CHECK_FALSE(value_defect(OperatorFamily::Binary, "aws:SourceIp", "%%%").empty());
  CHECK(value_defect(OperatorFamily::Arn, "aws:SourceArn", "*").empty());
  CHECK(value_defect(OperatorFamily::Arn, "aws:SourceArn", "arn:aws:sns:*:111122223333:*").empty());
  CHECK_FALSE(value_defect(OperatorFamily::Arn, "aws:SourceArn", "111122223333").empty());
  CHECK(value_defect(OperatorFamily::String, "aws:SourceVpce", "vpce-1a2b3c4d").empty());
  CHECK(value_defect(OperatorFamily::String, "AWS:SOURCEVPCE", "vpce-*").empty());
  CHECK_FALSE(value_defect(OperatorFamily::String, "aws:sourcevpce", "vpc-1a2b3c4d").empty());
  CHECK_FALSE(value_defect(OperatorFamily::String, "aws:SourceVpc", "vpc-12").empty());
  CHECK(value_defect(OperatorFamily::String, "aws:PrincipalOrgID", "anything").empty());
  CHECK(value_defect(OperatorFamily::IpAddress, "aws:SourceIp", "${aws:SourceIp}").empty());
}

TEST_CASE("condition operators are checked as written", "[policy_catalog]") {
  auto ok = check_condition_operator("ForAnyValue:StringLikeIfExists", "StringLike", true, true);
  CHECK(ok.problem == OperatorProblem::None);
  REQUIRE(ok.op != nullptr);
  CHECK(ok.op->name == "StringLike");

  auto prefix =
      check_condition_operator("ForAnyValues:StringLike", "ForAnyValues:StringLike", false, false);
  CHECK(prefix.problem == OperatorProblem::UnknownPrefix);
  CHECK(prefix.suggestion == "ForAnyValue:StringLike");

  auto unknown = check_condition_operator("StringEqual", "StringEqual", false, false);
  CHECK(unknown.problem == OperatorProblem::Unknown);
  CHECK(unknown.suggestion == "StringEquals");
  CHECK(check_condition_operator("Whatever", "Whatever", false, false).suggestion.empty());

  auto null_if = check_condition_operator("NullIfExists", "Null", false, true);
  CHECK(null_if.problem == OperatorProblem::NullIfExists);

  auto lower =
      check_condition_operator("forallvalues:stringequalsifexists", "stringequals", true, true);
  CHECK(lower.problem == OperatorProblem::CaseOnly);
  CHECK(lower.suggestion == "ForAllValues:StringEqualsIfExists");
  CHECK(check_condition_operator("Bool", "Bool", false, false).problem == OperatorProblem::None);
}

TEST_CASE("condition keys are checked against the catalog", "[policy_catalog]") {
  auto oac = check_condition_key("AWS:SourceArn");
  CHECK(oac.problem == KeyProblem::None);
  REQUIRE(oac.key != nullptr);
  CHECK(oac.key->name == "aws:SourceArn");
  CHECK(check_condition_key("s3:ExistingObjectTag/team").problem == KeyProblem::None);
  CHECK(check_condition_key("SourceIp").problem == KeyProblem::BadFormat);
  CHECK(check_condition_key("aws:ARN").problem == KeyProblem::Unsupported);
  CHECK(check_condition_key("aws:arn").problem == KeyProblem::Unsupported);
  auto typo = check_condition_key("aws:SourceIps");
  CHECK(typo.problem == KeyProblem::Unknown);
  CHECK(typo.suggestion == "aws:SourceIp");
  CHECK(check_condition_key("s3:nosuchkeyatallhere").problem == KeyProblem::Unknown);
  CHECK(check_condition_key("kms:ViaService").problem == KeyProblem::Foreign);
  CHECK(check_condition_key("cognito-identity.amazonaws.com:aud").problem == KeyProblem::Foreign);
}

TEST_CASE("operator and key problems read as message phrases", "[policy_catalog]") {
  CHECK(describe_problem(check_condition_operator("Bool", "Bool", false, false)).empty());
  CHECK(describe_problem(check_condition_operator("StringEqual", "StringEqual", false, false)) ==
        "is unknown, so the policy is invalid; did you mean \"StringEquals\"?");
  CHECK(describe_problem(check_condition_operator("bool", "bool", false, false)) ==
        "differs from the documented \"Bool\" only by case; write it that way so every parser "
        "reads it");
  CHECK(describe_problem("aws:SourceIp", check_condition_key("aws:SourceIp")).empty());
  CHECK(describe_problem("kms:ViaService", check_condition_key("kms:ViaService")).empty());
  CHECK(describe_problem("aws:SourceIps", check_condition_key("aws:SourceIps")) ==
        "is not a known global aws: condition key, so the condition cannot work; did you mean "
        "\"aws:SourceIp\"?");
  CHECK(describe_problem("s3:zzzzzzzzzzzzzzzz", check_condition_key("s3:zzzzzzzzzzzzzzzz")) ==
        "is not a known S3 condition key, so the condition cannot work; check it against the key "
        "lists");
}

TEST_CASE("key types read as phrases, with their operators", "[policy_catalog]") {
  using corslint::catalog::KeyType;
  CHECK(describe_key_type(KeyType::IpAddress) == "an IP address");
  CHECK(describe_key_type(KeyType::Bool) == "a Bool");
  CHECK(operators_for(KeyType::IpAddress) == "IpAddress or NotIpAddress");
  CHECK(operators_for(KeyType::Bool) == "Bool");
}

TEST_CASE("the S3 actions that carry a condition key", "[policy_catalog]") {
  auto names = [](std::string_view key) {
    std::vector<std::string_view> out;
    for (const auto* a : s3_actions_supporting(key)) out.push_back(a->name);
    return out;
  };
  auto prefix = names("s3:prefix");
  CHECK(std::find(prefix.begin(), prefix.end(), "ListBucket") != prefix.end());
  CHECK(std::find(prefix.begin(), prefix.end(), "GetObject") == prefix.end());
  auto acl = names("S3:X-AMZ-ACL");
  CHECK(std::find(acl.begin(), acl.end(), "PutObject") != acl.end());
  CHECK(names("aws:SourceIp").size() == corslint::catalog::s3_actions().size());
  CHECK(names("aws:NoSuchKey").empty());
}

TEST_CASE("Action and Resource lists are trusted only when every entry is a string",
          "[policy_catalog]") {
  corslint::SourceError err;
  auto src = corslint::Source::from_bytes(
      "t.json", R"({"a": "s3:GetObject", "b": ["x", "y"], "c": ["x", {"Fn::Sub": "y"}], "d": 1})",
      err);
  REQUIRE(err.code.empty());
  auto parsed = corslint::json::parse(*src);
  REQUIRE(parsed.ok);
  const auto& t = parsed.tree;
  CHECK(every_entry_is_string(t, t.get(t.root(), "a")));
  CHECK(every_entry_is_string(t, t.get(t.root(), "b")));
  CHECK_FALSE(every_entry_is_string(t, t.get(t.root(), "c")));
  CHECK_FALSE(every_entry_is_string(t, t.get(t.root(), "d")));
  CHECK_FALSE(every_entry_is_string(t, corslint::json::kNoNode));
}

TEST_CASE("bucket-policy actions are classified", "[policy_catalog]") {
  auto problem = [](std::string_view a) { return check_action(a).problem; };
  CHECK(problem("*") == ActionProblem::None);
  CHECK(problem("s3:GetObject") == ActionProblem::None);
  CHECK(problem("s3:getobject") == ActionProblem::None);  // IAM ignores case
  CHECK(problem("S3:GETOBJECT") == ActionProblem::None);
  CHECK(problem("s3:Get*") == ActionProblem::None);
  CHECK(problem("s3:*") == ActionProblem::None);
  CHECK(problem("s3:?etObject") == ActionProblem::None);
  CHECK(problem("s3:${aws:username}") == ActionProblem::None);  // variables: not ours

  CHECK(problem("Upload") == ActionProblem::NoService);
  auto prefix = check_action("getobject");
  CHECK(prefix.problem == ActionProblem::MissingPrefix);
  CHECK(prefix.replacement == "s3:GetObject");
  CHECK(check_action("Get*").replacement == "s3:Get*");

  auto wild = check_action("s*:DeleteObject");
  CHECK(wild.problem == ActionProblem::ServiceWildcard);
  CHECK(wild.replacement == "s3:DeleteObject");
  CHECK(problem("*:GetObjectz") == ActionProblem::Unknown);  // the name problem wins

  auto s4 = check_action("s4:PutObject");
  CHECK(s4.problem == ActionProblem::LikelyS3);
  CHECK(s4.replacement == "s3:PutObject");
  auto ec2 = check_action("ec2:DescribeInstances");
  CHECK(ec2.problem == ActionProblem::OtherService);
  CHECK(ec2.service == "ec2");
  CHECK(problem("ec*:Describe*") == ActionProblem::OtherService);
  CHECK(problem("s3-object-lambda:GetObject") == ActionProblem::OtherService);

  auto typo = check_action("s3:GetObjects");
  CHECK(typo.problem == ActionProblem::Unknown);
  CHECK(typo.replacement == "s3:GetObject");
  CHECK(check_action("s3:").problem == ActionProblem::Unknown);
  CHECK(check_action("s3:").replacement.empty());
  CHECK(problem("s3:Gte*") == ActionProblem::MatchesNothing);
  CHECK(problem("s3:ListAllMyBuckets") == ActionProblem::NoResource);
  CHECK(problem("s3:CreateJob") == ActionProblem::NoResource);
}
