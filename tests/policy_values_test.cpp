#include <catch2/catch.hpp>

#include <string>

#include "corslint/analysis/policy_values.hpp"
#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"

using namespace corslint;
using namespace corslint::policy;

namespace {
struct Parsed {
  std::shared_ptr<const Source> source;
  json::ParseResult result;
};
Parsed parse(std::string text) {
  SourceError err;
  auto src = Source::from_bytes("t.json", std::move(text), err);
  REQUIRE(src);
  Parsed p{src, json::parse(*src)};
  REQUIRE(p.result.ok);
  return p;
}
std::vector<std::string> placeholder_texts(std::string_view value, bool upper_names = true) {
  std::vector<std::string> out;
  for (const Placeholder& p : find_placeholders(value, upper_names)) out.emplace_back(p.text);
  return out;
}
}  // namespace

TEST_CASE("policy variables are found and checked") {
  auto v = find_variables("arn:aws:s3:::b/home/${aws:username}/*");
  REQUIRE(v.size() == 1);
  CHECK(v[0].text == "${aws:username}");
  CHECK(v[0].key == "aws:username");
  CHECK(v[0].defect == VariableDefect::None);
  CHECK(v[0].begin == 20);

  CHECK(find_variables("${aws:PrincipalTag/team}")[0].defect == VariableDefect::None);
  CHECK(find_variables("${*}${?}${$}").size() == 3);
  CHECK(find_variables("${aws:username, 'anonymous'}")[0].defect == VariableDefect::None);
  CHECK(find_variables("no variables here").empty());
  CHECK(find_variables("price is $5 {not one}").empty());

  CHECK(find_variables("home/${aws:username/*")[0].defect == VariableDefect::Unclosed);
  CHECK(find_variables("${}")[0].defect == VariableDefect::Empty);
  CHECK(find_variables("${ aws:username}")[0].defect == VariableDefect::Space);
  CHECK(find_variables("${aws:username, anonymous}")[0].defect == VariableDefect::UnquotedDefault);
  CHECK(find_variables("arn:aws:s3:::${bucket_name}/*")[0].defect == VariableDefect::NotAKey);
  CHECK(find_variables("${AWS::AccountId}")[0].defect == VariableDefect::CloudFormation);
  CHECK_FALSE(describe(VariableDefect::NotAKey).empty());
  CHECK(describe(VariableDefect::None).empty());
}

TEST_CASE("variables are searched in values and member names") {
  auto p = parse(R"({"a": ["x", {"b": "${aws:userid}"}]})");
  CHECK(tree_has_variable(p.result.tree, p.result.tree.root()));
  auto q = parse(R"({"a": ["x", {"${k}": 1}]})");
  CHECK(tree_has_variable(q.result.tree, q.result.tree.root()));
  auto r = parse(R"({"a": ["x", {"b": "$", "c": "{d}"}]})");
  CHECK_FALSE(tree_has_variable(r.result.tree, r.result.tree.root()));
}

TEST_CASE("only String and Arn operators expand variables") {
  Condition c;
  c.base_op = "StringLike";
  CHECK(operator_takes_variables(c));
  c.base_op = "ArnEquals";
  CHECK(operator_takes_variables(c));
  c.base_op = "NumericLessThan";
  CHECK_FALSE(operator_takes_variables(c));
  c.base_op = "IpAddress";
  CHECK_FALSE(operator_takes_variables(c));
}

TEST_CASE("placeholders are found part by part") {
  using V = std::vector<std::string>;
  CHECK(placeholder_texts("arn:aws:s3:::your-bucket-name/*") == V{"your-bucket-name"});
  CHECK(
      placeholder_texts("arn:aws:cloudfront::your-account-id:distribution/your-distribution-id") ==
      V{"your-account-id", "your-distribution-id"});
  CHECK(placeholder_texts("arn:aws:iam::<AccountId2>:role/CodeBuild") == V{"<AccountId2>"});
  CHECK(placeholder_texts("arn:aws:s3:::<S3 bucket name>/*") == V{"<S3 bucket name>"});
  CHECK(placeholder_texts("arn:aws:s3:::{bucket}/*") == V{"{bucket}"});
  CHECK(placeholder_texts("arn:aws:cloudfront::ACCOUNT-ID:distribution/DISTRIBUTION-ID") ==
        V{"ACCOUNT-ID", "DISTRIBUTION-ID"});
  CHECK(placeholder_texts("REPLACE_ME") == V{"REPLACE_ME"});
  CHECK(placeholder_texts("arn:aws:s3:::changeme/*") == V{"changeme"});
  CHECK(placeholder_texts("TODO") == V{"TODO"});
  CHECK(placeholder_texts("arn:aws:s3:::DOC-EXAMPLE-BUCKET/*") == V{"DOC-EXAMPLE-BUCKET"});
  CHECK(placeholder_texts("arn:aws:s3:::amzn-s3-demo-bucket/*").empty());
  CHECK(placeholder_texts("arn:aws:iam::elb-account-id:root") == V{"elb-account-id"});
  CHECK(placeholder_texts("arn:aws:s3:::myBucketName/AWSLogs/myAccountID/*") ==
        V{"myBucketName", "myAccountID"});
  CHECK(placeholder_texts("arn:aws:s3:::b/session-id/*").empty());

  CHECK(placeholder_texts("arn:aws:s3:::b/home/${aws:username}/*").empty());
  CHECK(placeholder_texts("arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE").empty());
  CHECK(placeholder_texts("arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity "
                          "E2TODO5XAMPLE1")
            .empty());
  CHECK(placeholder_texts("s3:PutReplicationConfiguration").empty());
  CHECK(placeholder_texts("arn:aws:s3:::my-todo-app/*").empty());
  CHECK(placeholder_texts("ALLOW_BY_ID", false).empty());
  CHECK(placeholder_texts("ALLOW_BY_ID") == V{"ALLOW_BY_ID"});

  auto p = find_placeholders("arn:aws:s3:::your-bucket-name/*");
  REQUIRE(p.size() == 1);
  CHECK(p[0].offset == 13);
  CHECK(p[0].meaning == "bucket name");
  CHECK(find_placeholders("x:your-account-id")[0].meaning == "account id");
  CHECK(find_placeholders("x:<thing>")[0].meaning == "value");
  CHECK(find_placeholders("arn:aws:s3:::REPLACE_ME/*")[0].meaning == "bucket name");
  CHECK(find_placeholders("arn:aws:iam::<Acct>:root")[0].meaning == "account id");
  CHECK(find_placeholders("arn:aws:cloudfront::111122223333:distribution/<ID>")[0].meaning ==
        "distribution id");
}

TEST_CASE("glob containment of actions and resources") {
  CHECK(glob_covers("s3:*", "s3:GetObject", true));
  CHECK(glob_covers("s3:Get*", "s3:getobject", true));
  CHECK_FALSE(glob_covers("s3:Get*", "s3:getobject", false));
  CHECK(glob_covers("*", "s3:Get*", true));
  CHECK(glob_covers("s3:Get*", "s3:GetObject*", true));
  CHECK(glob_covers("s3:*Object", "s3:Get?Object", true));
  CHECK(glob_covers("s3:Get?bject", "s3:GetObject", true));
  CHECK_FALSE(glob_covers("s3:Get?bject", "s3:Get*bject", true));
  CHECK_FALSE(glob_covers("s3:GetObject", "s3:Get*", true));
  CHECK_FALSE(glob_covers("s3:Put*", "s3:GetObject", true));
  CHECK_FALSE(glob_covers("s3:GetObject", "s3:GetObjectAcl", true));
  CHECK(glob_covers("arn:aws:s3:::b/*", "arn:aws:s3:::b/logs/*", false));
  CHECK_FALSE(glob_covers("arn:aws:s3:::b/*", "arn:aws:s3:::b", false));
  CHECK(glob_covers("arn:aws:s3:::b*", "arn:aws:s3:::b", false));
  CHECK(glob_covers("a*b*c", "a*xb*yc", false));
  // Wildcard against wildcard: the literal head and tail of the outer entry
  // must match the inner one's own characters (checked before the table).
  CHECK(glob_covers("a*b", "a?x*b", false));
  CHECK(glob_covers("a*", "a*b", false));
  CHECK(glob_covers("*b", "a*b", false));
  CHECK(glob_covers("ab?*", "ab?x*", false));
  CHECK(glob_covers("AB*", "ab*", true));
  CHECK_FALSE(glob_covers("AB*", "ab*", false));
  CHECK_FALSE(glob_covers("*b", "a*c", false));
  CHECK_FALSE(glob_covers("ab*", "a*b*", false));      // inner '*' under the outer's literal head
  CHECK_FALSE(glob_covers("*ab", "*a*b", false));      // and under its literal tail
  CHECK_FALSE(glob_covers("abc*def", "ab*f", false));  // inner too short for head and tail
  CHECK(glob_covers("abc*def", "abc*def", false));
  CHECK(glob_covers("abc*def", "abc?*?def", false));
  CHECK_FALSE(glob_covers("a*b*c", "a*c", false));
}

TEST_CASE("minified size sums the tokens as written") {
  std::string compact =
      R"({"Version":"2012-10-17","Statement":[{"Sid":"a\"b","N":[1,true,null]},{}]})";
  auto c = parse(compact);
  CHECK(minified_size(c.result.tree, c.result.tree.root(), c.source->text()) == compact.size());
  auto spaced = parse(
      "{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\": [ {\"Sid\": \"a\\\"b\", \"N\": [1, "
      "true, null]}, { } ]\n}\n");
  CHECK(minified_size(spaced.result.tree, spaced.result.tree.root(), spaced.source->text()) ==
        compact.size());
}

TEST_CASE("canonical JSON ignores member order, set order and one-element arrays") {
  auto a = parse(R"({"Sid": "One", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                    "Resource": "arn:aws:s3:::b/*"})");
  auto b = parse(R"({"Resource": ["arn:aws:s3:::b/*"], "Action": ["s3:PutObject", "s3:GetObject"],
                    "Effect": "Allow", "Sid": "Two"})");
  auto ta = canonical_json(a.result.tree, a.result.tree.root(), "Sid");
  auto tb = canonical_json(b.result.tree, b.result.tree.root(), "Sid");
  CHECK(ta == tb);
  CHECK(canonical_json(a.result.tree, a.result.tree.root()) !=
        canonical_json(b.result.tree, b.result.tree.root()));
}

TEST_CASE("S3 resource ARNs are checked field by field") {
  CHECK_FALSE(s3_resource_problem("arn:aws:s3:::my-bucket"));
  CHECK_FALSE(s3_resource_problem("arn:aws:s3:::my-bucket/*"));
  CHECK_FALSE(s3_resource_problem("arn:aws-cn:s3:::my-bucket/home/${aws:username}/*"));
  CHECK_FALSE(s3_resource_problem("arn:*:s3:::my-bucket/*"));

  auto star = s3_resource_problem("*");
  REQUIRE(star);
  CHECK(star->what.find("Policy has invalid resource") != std::string::npos);
  CHECK(star->fix.empty());
  CHECK(s3_resource_problem("")->fix.empty());
  CHECK(s3_resource_problem("   ")->what.starts_with("is empty"));
  CHECK(s3_resource_problem(" arn:aws:s3:::b/* ")->fix == "arn:aws:s3:::b/*");
  CHECK(s3_resource_problem("my-bucket/*")->fix == "arn:aws:s3:::my-bucket/*");
  CHECK(s3_resource_problem("s3://my-bucket/*")->fix == "arn:aws:s3:::my-bucket/*");
  CHECK(s3_resource_problem("My_Bucket/*")->fix.empty());
  CHECK(s3_resource_problem("ARN:aws:s3:::b")->fix == "arn:aws:s3:::b");
  CHECK(s3_resource_problem("arn:aws:s3::my-bucket/*")->fix == "arn:aws:s3:::my-bucket/*");
  CHECK(s3_resource_problem("arn:aws:s3")->fix.empty());
  CHECK(s3_resource_problem("arn:amazon:s3:::b")->what.find("partition") != std::string::npos);
  CHECK(s3_resource_problem("arn:aws:S3:::b/*")->fix == "arn:aws:s3:::b/*");
  CHECK(s3_resource_problem("arn:aws:kms:us-east-1:111122223333:key/abc")->fix.empty());
  CHECK(s3_resource_problem("arn:aws:s3:us-east-1:111122223333:b/*")->fix == "arn:aws:s3:::b/*");
  CHECK(s3_resource_problem("arn:aws:s3:us-east-1:111122223333:accesspoint/ap")
            ->what.find("access point") != std::string::npos);
  CHECK(s3_resource_problem("arn:aws:s3:::/*"));
  CHECK(is_aws_partition("aws-us-gov"));
  CHECK_FALSE(is_aws_partition("amazon"));
}

namespace {
std::optional<ValueProblem> principal(std::string_view type, std::string_view value) {
  PrincipalEntry e;
  e.type = type;
  e.value.text = value;
  return principal_problem(e);
}
}  // namespace

TEST_CASE("principal values are checked by form") {
  // Valid forms, OAI in both of its forms included.
  CHECK_FALSE(principal("AWS", "*"));
  CHECK_FALSE(principal("AWS", "111122223333"));
  CHECK_FALSE(principal("AWS", "arn:aws:iam::111122223333:root"));
  CHECK_FALSE(principal("AWS", "arn:aws:iam::111122223333:role/app"));
  CHECK_FALSE(principal("AWS", "arn:aws:sts::111122223333:assumed-role/app/session"));
  CHECK_FALSE(principal("AWS",
                        "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity "
                        "E2QWRUHAPOMQZL"));
  CHECK_FALSE(principal("CanonicalUser", std::string(64, 'a')));
  CHECK_FALSE(principal("Service", "cloudfront.amazonaws.com"));
  CHECK_FALSE(principal("Service", "logging.s3.amazonaws.com"));
  CHECK_FALSE(principal("Federated", "cognito-identity.amazonaws.com"));
  CHECK_FALSE(principal("AWS", "AROAEXAMPLEID1234567"));  // unique ids: the caller's warning

  CHECK(principal("AWS", "arn:aws:iam::*:root")->what.find("partial wildcard") !=
        std::string::npos);
  CHECK(principal("AWS", "arn:aws:iam::111122223333:role/*"));
  CHECK(principal("AWS", "1111-2222-3333")->fix == "111122223333");
  CHECK(principal("AWS", "11112222333")->fix.empty());
  CHECK(principal("AWS", "cloudfront.amazonaws.com")->what.find("\"Service\"") !=
        std::string::npos);
  CHECK(principal("AWS", std::string(64, 'b'))->what.find("CanonicalUser") != std::string::npos);
  CHECK(principal("AWS", "arn:aws:iam::111122223333:group/admins")->what.find("group") !=
        std::string::npos);
  CHECK(principal("AWS", "arn:aws:s3:::bucket"));
  CHECK(principal("AWS", "arn:aws:iam:us-east-1:111122223333:root")->fix ==
        "arn:aws:iam::111122223333:root");
  CHECK(principal("AWS", "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity"));
  CHECK(principal("AWS", "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity "));
  CHECK(principal("AWS", "bob"));
  CHECK(principal("Service", "*"));
  CHECK(principal("Service", "cloudfront")->fix == "cloudfront.amazonaws.com");
  CHECK(principal("Service", "CloudFront.amazonaws.com")->fix == "cloudfront.amazonaws.com");
  CHECK(principal("Service", "arn:aws:cloudfront::111122223333:distribution/E1"));
  CHECK(principal("Service", "cloudfront.example.com"));
  CHECK(principal("CanonicalUser", "not-hex"));
}

TEST_CASE("redundant list entries name a cover that stays") {
  std::vector<Value> v = {{"s3:GetObject"}, {"s3:Get*"}, {"s3:*"}, {"S3:GETOBJECT"}, {"s3:Put*"}};
  auto r = redundant_values(v, ValueMatch::GlobIgnoreCase);
  REQUIRE(r.size() == 4);  // everything but "s3:*"
  for (const Redundancy& x : r) CHECK(x.by == 2);
  CHECK(r[0].index == 0);
  CHECK_FALSE(r[0].repeat);
  CHECK(r[2].index == 3);

  std::vector<Value> same = {{"a"}, {"A"}, {"a"}};
  auto exact = redundant_values(same, ValueMatch::Exact);
  REQUIRE(exact.size() == 1);
  CHECK(exact[0].index == 2);
  CHECK(exact[0].by == 0);
  CHECK(exact[0].repeat);
  CHECK(redundant_values(same, ValueMatch::IgnoreCase).size() == 2);
  CHECK(redundant_values({}, ValueMatch::Glob).empty());
}
