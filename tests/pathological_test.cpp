// Hostile and huge input (issue 9, item 7): each case must end with a clear
// finding instead of a crash, a hang or quadratic time. Big inputs are built
// here at run time, never committed. There are no timing assertions (they
// would be flaky on a loaded machine); a regression shows as a test that takes
// minutes instead of a fraction of a second. Tag: [pathological].
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "corslint/analysis/policy_access.hpp"
#include "corslint/analysis/policy_values.hpp"
#include "corslint/engine.hpp"
#include "corslint/text.hpp"
#include "engine/files.hpp"

using namespace corslint;
namespace fs = std::filesystem;

namespace {

// Every finding: these tests count them (max_findings_per_file caps a file's
// findings by default; tests/engine_test.cpp tests the cap).
LintOptions uncapped() {
  LintOptions o;
  o.max_findings_per_file = 0;
  return o;
}

std::vector<Finding> lint_text(std::string text, LintOptions o = uncapped()) {
  Linter linter(std::move(o));
  std::vector<Finding> out;
  linter.lint_bytes("big.json", std::move(text), out);
  return out;
}

std::size_t count(const std::vector<Finding>& fs, std::string_view code) {
  return static_cast<std::size_t>(
      std::count_if(fs.begin(), fs.end(), [&](const Finding& f) { return f.code == code; }));
}

const Finding* first(const std::vector<Finding>& fs, std::string_view code) {
  auto it = std::find_if(fs.begin(), fs.end(), [&](const Finding& f) { return f.code == code; });
  return it == fs.end() ? nullptr : &*it;
}

const char* kStatementHead =
    R"({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, )";

// A scratch directory removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "corslint-patho-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write(const fs::path& p, std::string_view text) { std::ofstream(p, std::ios::binary) << text; }

}  // namespace

TEST_CASE("a condition list of 1,000,000 addresses is linted in linear time", "[pathological]") {
  std::string text = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", )"
                     R"("Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", )"
                     R"("Condition": {"NotIpAddress": {"aws:SourceIp": [)";
  text.reserve(24'000'000);
  for (int i = 0; i < 1'000'000; ++i) {
    if (i) text += ", ";
    text += "\"52." + std::to_string(i >> 16 & 255) + "." + std::to_string(i >> 8 & 255) + "." +
            std::to_string(i & 255) + "/32\"";
  }
  text += "]}}}]}";
  auto out = lint_text(std::move(text));
  // Public addresses: nothing to say about each one, only about the policy.
  CHECK(count(out, "P025") == 1);  // no aws:SecureTransport deny
  CHECK(count(out, "P005") == 1);  // larger than 20 KB
  CHECK(count(out, "P021") == 0);
  CHECK(count(out, "E002") == 0);
}

TEST_CASE("1,000,000 CORS origins: repeats found by hashing, columns exact far along a line",
          "[pathological]") {
  std::string text = R"([{"AllowedMethods": ["GET"], "AllowedOrigins": [)";
  text.reserve(40'000'000);
  const int n = 1'000'000;
  for (int i = 0; i < n; ++i) {
    if (i) text += ",";
    text += "\"https://app" + std::to_string(i) + ".acme-widgets.io\"";
  }
  text += ",\"https://app7.acme-widgets.io\",\"https://app999999.acme-widgets.io\"]}]";
  const std::size_t last_offset = text.rfind("\"https://");
  const std::size_t first_offset = text.find("\"https://app999999.");
  LintOptions o = uncapped();
  o.rules.select = std::vector<std::string>{"C017"};
  auto out = lint_text(std::move(text), o);
  REQUIRE(count(out, "C017") == 2);
  // The last repeat, 33 MB along a single line, still has its exact column.
  const Finding& last = out.back();
  CHECK(last.start.line == 1);
  CHECK(last.start.column == last_offset + 1);
  REQUIRE(last.related.size() == 1);
  CHECK(last.related[0].start.column == first_offset + 1);
}

TEST_CASE("100,000 statements: duplicates and Sids found without comparing all pairs",
          "[pathological]") {
  std::string text = R"({"Version": "2012-10-17", "Statement": [)";
  const int n = 100'000;
  for (int i = 0; i < n; ++i) {
    if (i) text += ",\n";
    // Every statement but the last is different; the last repeats the first
    // (Sid aside), and every statement 1000 apart shares a Sid.
    int bucket = i == n - 1 ? 0 : i;
    text += std::string(kStatementHead) + "\"Sid\": \"S" + std::to_string(i % 1000) +
            "\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/k" +
            std::to_string(bucket) + "\"}";
  }
  text += "]}";
  auto out = lint_text(std::move(text));
  REQUIRE(count(out, "P028") == 1);
  CHECK(first(out, "P028")->start.line == static_cast<uint32_t>(n));
  CHECK(count(out, "P004") == static_cast<std::size_t>(n - 1000));
  CHECK(count(out, "P005") == 1);  // far beyond the 20 KB policy size limit
}

TEST_CASE("20,000 keys in one condition block: case twins found without comparing all pairs",
          "[pathological]") {
  std::string text =
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", )"
      R"("Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", )"
      R"("Condition": {"StringEquals": {)";
  const int n = 20'000;
  for (int i = 0; i < n; ++i) {
    if (i) text += ", ";
    text += "\"aws:PrincipalTag/k" + std::to_string(i) + "\": \"v\"";
  }
  // Two spellings of key 7 (one repeated exactly) and one of key 19,999.
  text +=
      R"(, "AWS:PrincipalTag/k7": "v", "AWS:PrincipalTag/k7": "v", "aws:principaltag/K19999": "v"}}}]})";
  LintOptions o = uncapped();
  o.rules.select = std::vector<std::string>{"P018"};
  auto out = lint_text(std::move(text), o);
  std::vector<std::string> twins;
  for (const Finding& f : out) {
    if (f.message.find("differing only by case") != std::string::npos) twins.push_back(f.message);
  }
  REQUIRE(twins.size() == 3);
  for (const std::string& m : twins)
    CHECK(m.find("repeats \"aws:PrincipalTag/k") != std::string::npos);
}

TEST_CASE("100,000 buckets in one policy: the bucket list stays linear", "[pathological]") {
  std::string text = R"({"Version": "2012-10-17", "Statement": [)";
  const int n = 100'000;
  for (int i = 0; i < n; ++i) {
    if (i) text += ",\n";
    text += std::string(kStatementHead) + "\"Action\": \"s3:GetObject\", " +
            "\"Resource\": \"arn:aws:s3:::bucket-" + std::to_string(i) + "/*\"}";
  }
  text += "]}";
  LintOptions o = uncapped();
  o.rules.select = std::vector<std::string>{"P025"};
  auto out = lint_text(std::move(text), o);
  CHECK(count(out, "P025") == 1);
}

TEST_CASE("a 10 MB string value is one finding, not a stall", "[pathological]") {
  std::string big(10 * 1024 * 1024, 'a');
  std::string text = R"({"Version": "2012-10-17", "Id": ")" + big + R"(", "Statement": [)" +
                     kStatementHead + R"("Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/)" +
                     big + R"("}]})";
  auto out = lint_text(std::move(text));
  CHECK(count(out, "P005") == 1);  // policy size
  CHECK(count(out, "E002") == 0);
  for (const Finding& f : out) CHECK(f.source_line.size() <= 400 + 3);  // excerpts stay bounded
}

TEST_CASE("megabyte-long unknown actions, keys and operators: no stall, bounded messages",
          "[pathological]") {
  // Each of these is compared with a catalog of names for a "did you mean";
  // an unbounded edit distance made this file take minutes.
  const std::string big(1024 * 1024, 'x');
  std::string text = R"({"Version": "2012-10-17", "Statement": [)" + std::string(kStatementHead) +
                     R"("Action": ["s3:Get)" + big + R"(", "s3)" + big +
                     R"(:GetObject"], "Resource": "arn:aws:s3:::b/*", "Condition": {)" +
                     R"("StringEquals": {"aws:SourceVpc)" + big + R"(": "v"}, "StringEquals)" +
                     big + R"(": {"aws:SourceVpc": "v"}}, "Sid)" + big + R"(": "s"}]})";
  auto out = lint_text(std::move(text));
  CHECK(count(out, "P005") == 1);  // policy size
  CHECK(count(out, "E002") == 0);
  std::size_t quoting_big = 0;
  for (const Finding& f : out) {
    CHECK(f.message.size() <= kMaxMessageBytes);
    if (f.message.find("xxxx \xe2\x80\xa6 xxxx") != std::string::npos) ++quoting_big;
  }
  CHECK(quoting_big >= 5);  // two actions, the key, the operator, the member
}

TEST_CASE("bounded_message keeps short messages and cuts long ones on code points") {
  CHECK(bounded_message("short") == "short");
  std::string exact(kMaxMessageBytes, 'a');
  CHECK(bounded_message(exact) == exact);
  // Two-byte characters all along: a cut in the middle of one would leave a
  // stray continuation byte.
  std::string accents;
  while (accents.size() < 3 * kMaxMessageBytes) accents += "\xc3\xa9";
  std::string cut = bounded_message("head " + accents + " tail");
  CHECK(cut.size() <= kMaxMessageBytes);
  CHECK(cut.starts_with("head \xc3\xa9"));
  CHECK(cut.ends_with("\xc3\xa9 tail"));
  const std::size_t gap = cut.find(" \xe2\x80\xa6 ");
  REQUIRE(gap != std::string::npos);
  CHECK(cut.substr(5, gap - 5).size() % 2 == 0);  // whole characters before the gap
  CHECK((cut.size() - gap - 5 - 5) % 2 == 0);     // and after it
}

// Rules that compare entries pairwise or simulate a request per entry are
// bounded by AWS's own limits (or a multiple of them), and say where they
// stopped; each case below took minutes before.
TEST_CASE("100,000 CORS rules: shadowing compares the first 1,000, X010 simulates none",
          "[pathological]") {
  std::string text = R"({"CORSRules": [)";
  for (int i = 0; i < 100000; ++i) {
    if (i != 0) text += ", ";
    text += R"({"AllowedOrigins": ["https://)" + std::to_string(i) +
            R"(.example.com"], "AllowedMethods": ["GET"], "AllowedHeaders": ["x-)" +
            std::to_string(i) + R"(-*"]})";
  }
  text += "]}";
  auto out = lint_text(std::move(text));
  CHECK(count(out, "C001") >= 1);  // over S3's 100 rules and 64 KB
  CHECK(count(out, "X010") == 0);  // S3 rejects it: nothing to simulate
}

TEST_CASE("one CORS rule of 100,000 wildcard origins: X010 stops on its budget and says where",
          "[pathological]") {
  std::string text = R"([{"AllowedMethods": ["GET"], "AllowedOrigins": [)";
  for (int i = 0; i < 100000; ++i) {
    text += (i != 0 ? ", " : "") + std::string(R"("https://*.)") + std::to_string(i) +
            R"(.example.com")";
  }
  text += "]}]";
  TempDir dir;  // X010 is a bundle rule: lint a directory
  write(dir.path / "cors.json", text);
  auto out = Linter(uncapped()).lint(collect_files({dir.path.string()}, {}), 1);
  REQUIRE(count(out, "X010") == 1);
  const Finding& f = *first(out, "X010");
  CHECK(f.severity == Severity::Info);
  CHECK(f.message.starts_with("X010 stopped here (its limit of simulated requests"));
  CHECK(f.pointer.starts_with("/0/AllowedOrigins/"));
}

TEST_CASE("100,000 cache behaviours: X010 tries 256 paths to S3 and says which it left",
          "[pathological]") {
  TempDir dir;
  write(dir.path / "cors.json",
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}])");
  auto behavior = [](const std::string& pattern) {
    return R"({"PathPattern": ")" + pattern +
           R"(", "TargetOriginId": "s3", "ViewerProtocolPolicy": "https-only", )"
           R"("ForwardedValues": {"QueryString": false, "Cookies": {"Forward": "none"}, )"
           R"("Headers": {"Quantity": 1, "Items": ["Origin"]}}, "MinTTL": 0})";
  };
  std::string items;
  for (int i = 0; i < 100000; ++i) {
    items += (i != 0 ? ", " : "") + behavior("/p" + std::to_string(i) + "/*");
  }
  write(dir.path / "distribution.json",
        R"({"DistributionConfig": {"CallerReference": "x", "Comment": "", "Enabled": true, )"
        R"("Origins": {"Quantity": 1, "Items": [{"Id": "s3", )"
        R"("DomainName": "b.s3.us-east-1.amazonaws.com", )"
        R"("S3OriginConfig": {"OriginAccessIdentity": ""}}]}, )"
        R"("DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "https-only", )"
        R"("ForwardedValues": {"QueryString": false, "Cookies": {"Forward": "none"}, )"
        R"("Headers": {"Quantity": 1, "Items": ["Origin"]}}, "MinTTL": 0}, )"
        R"("CacheBehaviors": {"Quantity": 100000, "Items": [)" +
            items + "]}}}");
  Linter linter(uncapped());
  auto out = linter.lint(collect_files({dir.path.string()}, {}), 1);
  std::vector<const Finding*> x010;
  for (const Finding& f : out) {
    if (f.code == "X010") x010.push_back(&f);
  }
  std::string listed;
  for (const Finding* f : x010) listed += f->pointer + ": " + f->message + "\n";
  INFO(listed);
  // Two stops, both said: the 256-path cap, and the request budget (each
  // request is matched against 100,000 behaviours, so few fit).
  REQUIRE(x010.size() == 2);
  const Finding& paths = *x010[1];  // distribution.json sorts after cors.json
  CHECK(paths.severity == Severity::Info);
  CHECK(paths.message.starts_with("X010 stopped here (it tries at most 256 behaviours"));
  // The default behaviour is the first path; the 256th behaviour is the 255th item.
  CHECK(paths.pointer == "/DistributionConfig/CacheBehaviors/Items/255");
  CHECK(x010[0]->message.starts_with("X010 stopped here (its limit of simulated requests"));
  CHECK(x010[0]->pointer == "/0/AllowedOrigins/0");
}

TEST_CASE("a template of 10,000 buckets with policies: Refs and bundling stay linear",
          "[pathological]") {
  // Each Ref looked its resource up by scanning Resources, and bundling
  // compared every document with every bundle and link: minutes at 40,000.
  std::string text = R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {)";
  for (int i = 0; i < 10000; ++i) {
    const std::string n = std::to_string(i);
    text += (i != 0 ? ", " : "") + std::string(R"("B)") + n +
            R"(": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "bkt-)" + n +
            R"(", "CorsConfiguration": {"CorsRules": [{"AllowedOrigins": ["https://)" + n +
            R"(.example.com"], "AllowedMethods": ["GET"]}]}}}, "P)" + n +
            R"(": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "B)" + n +
            R"("}, "PolicyDocument": {"Version": "2012-10-17", "Statement": [)" + kStatementHead +
            R"("Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt-)" + n + R"(/*"}]}}})";
  }
  text += "}}";
  TempDir dir;
  write(dir.path / "template.json", text);
  auto out = Linter(uncapped()).lint(collect_files({dir.path.string()}, {}), 1);
  CHECK(count(out, "P025") == 10000);  // one per policy: no secure-transport deny
  CHECK(count(out, "E002") == 0);
  CHECK(count(out, "X009") == 0);  // every policy found its bucket: nothing ambiguous
}

TEST_CASE("20,000 origins, origin groups and behaviours: targets found by id, not by scans",
          "[pathological]") {
  std::string origins, groups, behaviors;
  for (int i = 0; i < 20000; ++i) {
    const std::string n = std::to_string(i);
    const char* sep = i != 0 ? ", " : "";
    origins += sep + std::string(R"({"Id": "o)") + n + R"(", "DomainName": "b)" + n +
               R"(.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}})";
    groups += sep + std::string(R"({"Id": "g)") + n +
              R"(", "FailoverCriteria": {"StatusCodes": {"Quantity": 1, "Items": [500]}}, )"
              R"("Members": {"Quantity": 2, "Items": [{"OriginId": "o)" +
              n + R"("}, {"OriginId": "o)" + std::to_string((i + 1) % 20000) + R"("}]}})";
    behaviors += sep + std::string(R"({"PathPattern": "/p)") + n + R"(/*", "TargetOriginId": ")" +
                 (i % 2 ? "g" : "o") + n +
                 R"(", "ViewerProtocolPolicy": "https-only", )"
                 R"("CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"})";
  }
  // One behaviour names nothing: the only structural finding about targets.
  behaviors += R"(, {"PathPattern": "/none/*", "TargetOriginId": "missing", )"
               R"("ViewerProtocolPolicy": "https-only", )"
               R"("CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"})";
  auto out = lint_text(
      R"({"DistributionConfig": {"CallerReference": "x", "Comment": "", "Enabled": true, )"
      R"("Origins": {"Quantity": 20000, "Items": [)" +
      origins + R"(]}, "OriginGroups": {"Quantity": 20000, "Items": [)" + groups +
      R"(]}, "DefaultCacheBehavior": {"TargetOriginId": "o0", "ViewerProtocolPolicy": )"
      R"("https-only", "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}, )"
      R"("CacheBehaviors": {"Quantity": 20001, "Items": [)" +
      behaviors + "]}}}");
  std::size_t unknown_target = 0;
  for (const Finding& f : out) {
    if (f.message.find("names no origin or origin group") != std::string::npos) {
      ++unknown_target;
      CHECK(f.pointer == "/DistributionConfig/CacheBehaviors/Items/20000/TargetOriginId");
    }
  }
  CHECK(unknown_target == 1);
}

TEST_CASE("50,000 repeated condition values: each repeat found without rescanning the repeats",
          "[pathological]") {
  // P028 asked, for every repeat, whether its neighbours were repeats too by
  // scanning all repeats found: quadratic in the findings.
  std::string values;
  for (int i = 0; i < 100000; ++i) {
    values += (i != 0 ? ", " : "") + std::string(R"("10.0.)") + std::to_string(i % 50000 / 250) +
              "." + std::to_string(i % 250) + R"(/32")";
  }
  auto out = lint_text(R"({"Version": "2012-10-17", "Statement": [)" + std::string(kStatementHead) +
                       R"("Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", )"
                       R"("Condition": {"IpAddress": {"aws:SourceIp": [)" +
                       values + "]}}}]}");
  CHECK(count(out, "P028") == 50000);
}

TEST_CASE("250 long wildcard resources in one statement: containment stays linear",
          "[pathological]") {
  // Every pair of wildcard entries was compared with a table of length x
  // length cells (a fuzzer's slow unit: 284 resources, 0.8 s). Entries that
  // begin and end with '*' pass the cheap head and tail check, so only the
  // tables' budget per list keeps this from taking seconds.
  std::string resources;
  for (int i = 0; i < 250; ++i) {
    std::string r = "*";
    for (int k = 0; k < 100; ++k) r += "a*";
    r += std::to_string(i) + "*";
    resources += (i != 0 ? ", \"" : "\"") + r + "\"";
  }
  auto out = lint_text(R"({"Version": "2012-10-17", "Statement": [)" + std::string(kStatementHead) +
                       R"("Action": "s3:GetObject", "Resource": [)" + resources + "]}]}");
  CHECK(count(out, "E002") == 0);
  CHECK(count(out, "P028") <= 249);  // what the budget allowed; never more than all but one
}

TEST_CASE("nesting at the depth bound parses; one level more is a located E002", "[pathological]") {
  auto nested = [](uint32_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  auto at = lint_text(nested(json::kMaxDepth));
  CHECK(at.empty());  // parsed; an array of arrays is no document corslint reads
  auto past = lint_text(nested(json::kMaxDepth + 1));
  REQUIRE(count(past, "E002") == 1);
  const Finding& e = *first(past, "E002");
  CHECK(e.message.find("nesting deeper than") != std::string::npos);
  CHECK(e.start.line == 1);
  CHECK(e.start.column == json::kMaxDepth + 1);
  // Far past the bound: no stack overflow either.
  CHECK(count(lint_text(std::string(1'000'000, '[')), "E002") == 1);
}

TEST_CASE("\\u0000 in a string is kept and never printed raw; a lone surrogate is E002",
          "[pathological]") {
  auto nul = lint_text(
      std::string(R"({"Version": "2012-10-17", "Statement": [)") + kStatementHead +
      R"("Sid": "a\u0000b", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x"}]})");
  const Finding* sid = first(nul, "P004");  // a Sid with characters other than A-Z, a-z, 0-9
  REQUIRE(sid != nullptr);
  CHECK(sid->message.find(std::string("a\0b", 3)) != std::string::npos);
  CHECK(sid->source_line.find('\0') == std::string::npos);
  auto lone =
      lint_text(std::string(R"({"Version": "2012-10-17", "Statement": [)") + kStatementHead +
                R"("Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/\ud800"}]})");
  REQUIRE(count(lone, "E002") == 1);
  CHECK(first(lone, "E002")->start.line == 1);
}

TEST_CASE("a raw NUL byte is a located error", "[pathological]") {
  auto out = lint_text(std::string("{\"Version\": \"2012-10-17\",\n \0 \"Statement\": []}", 43));
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == "E002");
  CHECK(out[0].start.line == 2);
  CHECK(out[0].start.column == 2);
  CHECK(out[0].source_line.find('\0') == std::string::npos);
}

TEST_CASE("CRLF, lone CR and LF line ends in one file keep lines and columns right",
          "[pathological]") {
  // Line 1 ends CRLF, line 2 CR, line 3 LF; the bad method is on line 4.
  std::string text =
      "[{\r\n"
      "  \"AllowedOrigins\": [\"https://app.acme-widgets.io\"],\r"
      "  \"AllowedHeaders\": [],\n"
      "  \"AllowedMethods\": [\"GET\", \"FETCH\"]\r\n"
      "}]\r\n";
  auto out = lint_text(text);
  const Finding* f = first(out, "C002");
  REQUIRE(f != nullptr);
  CHECK(f->start.line == 4);
  CHECK(f->start.column == 29);
  CHECK(f->source_line == "  \"AllowedMethods\": [\"GET\", \"FETCH\"]");
}

TEST_CASE("a FIFO or a device given as a path is E001, not a hang", "[pathological]") {
  TempDir dir;
  fs::path fifo = dir.path / "policy.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  Linter linter(uncapped());
  std::vector<Finding> out;
  linter.lint_path(fifo.string(), out);
  linter.lint_path("/dev/zero", out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].code == "E001");
  CHECK(out[0].message.find("FIFO") != std::string::npos);
  CHECK(out[1].code == "E001");
  CHECK(out[1].message.find("device") != std::string::npos);
  // A directory scan does not pick the FIFO up either (its name ends in .json,
  // so the walk lists it, and reading it is E001 again).
  auto walked = linter.lint(collect_files({dir.path.string()}, {}), 1);
  REQUIRE(walked.size() == 1);
  CHECK(walked[0].code == "E001");
}

TEST_CASE("a directory symlink loop is walked once", "[pathological]") {
  TempDir dir;
  fs::create_directories(dir.path / "a" / "b");
  write(dir.path / "a" / "b" / "cors.json",
        R"([{"AllowedOrigins": ["https://app.acme-widgets.io"], "AllowedMethods": ["FETCH"]}])");
  fs::create_directory_symlink("../..", dir.path / "a" / "b" / "loop");  // back to the top
  fs::create_directory_symlink(".", dir.path / "a" / "self");            // to itself
  auto files = collect_files({dir.path.string()}, {});
  REQUIRE(files.size() == 1);
  CHECK(files[0].ends_with("a/b/cors.json"));
  Linter linter(uncapped());
  auto out = linter.lint(files, 2);
  CHECK(count(out, "C002") == 1);
}

TEST_CASE("a file replaced while it is read gives its old or new content, never garbage",
          "[pathological]") {
  TempDir dir;
  fs::path target = dir.path / "cors.json";
  const std::string good =
      R"([{"AllowedOrigins": ["https://app.acme-widgets.io"], "AllowedMethods": ["GET"]}])";
  const std::string bad =
      R"([{"AllowedOrigins": ["https://app.acme-widgets.io"], "AllowedMethods": ["FETCH"]}])";
  write(target, good);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      fs::path tmp = dir.path / ("next-" + std::to_string(i % 2) + ".tmp");
      write(tmp, i % 2 ? good : bad + std::string(static_cast<std::size_t>(i % 4096), ' '));
      std::error_code ec;
      fs::rename(tmp, target, ec);  // atomic replacement, as editors save
    }
  });
  Linter linter(uncapped());
  int clean = 0, flagged = 0;
  for (int i = 0; i < 300; ++i) {
    std::vector<Finding> out;
    linter.lint_path(target.string(), out);
    if (out.empty()) {
      ++clean;
    } else {
      // The bad version's findings, never a read or parse error.
      CHECK(count(out, "C002") == 1);
      for (const Finding& f : out) CHECK(f.code[0] != 'E');
      ++flagged;
    }
  }
  stop = true;
  writer.join();
  CHECK(clean + flagged == 300);
}

TEST_CASE("a 10,000-character origin against many-'*' patterns matches in linear time",
          "[pathological]") {
  const std::string origin = "https://" + std::string(10'000, 'a') + ".acme-widgets.io";
  std::string pattern = "https://";
  for (int i = 0; i < 2'000; ++i) pattern += "*a";
  pattern += "*b";  // never matches: a backtracking matcher would try ~C(10000, 2000) ways
  CHECK_FALSE(wildcard_match(pattern, origin));
  CHECK_FALSE(wildcard_match_icase(pattern, origin));
  CHECK_FALSE(glob_match(pattern, origin, false));
  CHECK_FALSE(policy::glob_covers(pattern, origin, false));
  CHECK_FALSE(wildcard_covers(pattern, origin, false));
  std::string almost = pattern.substr(0, pattern.size() - 2) + "*";
  CHECK(glob_match(almost, origin, false));
  CHECK(policy::glob_covers(almost, origin, false));
  // Through the linter: the organisation's allowed origins hold the pattern.
  LintOptions o = uncapped();
  o.settings.allowed_origins = {pattern};
  auto out = lint_text(R"([{"AllowedMethods": ["GET"], "AllowedOrigins": [")" + origin + R"(", ")" +
                           pattern + R"("]}])",
                       o);
  CHECK(count(out, "E002") == 0);
  // S3 allows one '*' per origin: the pattern used as an origin is reported
  // (the 10,000-character host is not a valid one either).
  CHECK_FALSE(out.empty());
}
