// Hostile input (issue 22, items 9-13): unbounded stdin, quadratic duplicate
// keys, exponential Fn::Sub, findings without a cap, valid input misread.
// Like tests/pathological_test.cpp, no timing assertions: a regression shows
// as a test that runs for minutes (or never ends) instead of a second.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "corslint/engine.hpp"
#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"
#include "fixture_support.hpp"

using namespace corslint;
using namespace corslint::testing;

namespace {

std::vector<Finding> lint_text(std::string text, std::string name = "hostile.json") {
  Linter linter(LintOptions{});
  std::vector<Finding> out;
  linter.lint_bytes(std::move(name), std::move(text), out);
  return out;
}

std::vector<const Finding*> with_code(const std::vector<Finding>& fs, std::string_view code) {
  std::vector<const Finding*> out;
  for (const Finding& f : fs) {
    if (f.code == code) out.push_back(&f);
  }
  return out;
}

json::ParseResult parse(std::string text, std::shared_ptr<const Source>& src) {
  SourceError err;
  src = Source::from_bytes("t.json", std::move(text), err);
  REQUIRE(err.code.empty());
  return json::parse(*src);
}

// Runs a shell command line; returns its exit status and stdout.
int run_shell(const std::string& cmd, std::string& out) {
  out.clear();
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// {"Fn::Sub": ["${X}${X}", {"X": ...}]} `levels` deep around "ab", as an
// allowed origin of a bucket's CORS configuration.
std::string nested_sub_template(int levels) {
  std::string v = "\"ab\"";
  for (int i = 0; i < levels; ++i) v = R"({"Fn::Sub": ["${X}${X}", {"X": )" + v + "}]}";
  return R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": )"
         R"("AWS::S3::Bucket", "Properties": {"BucketName": "b", "CorsConfiguration": )"
         R"({"CorsRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": [)" +
         v + "]}]}}}}}";
}

}  // namespace

// ---- item 9: stdin has the size cap files have -----------------------------

TEST_CASE("corslint - reading an endless stdin stops at the size cap with E001", "[pathological]") {
  std::string out;
  // `timeout`: before the cap, this read /dev/zero until memory ran out.
  int code =
      run_shell(fmt::format("timeout 300 '{}' --format json - < /dev/zero", CORSLINT_BINARY), out);
  CHECK(code == 1);  // as for an oversized file: a finding, not a usage error
  CHECK(out.find("\"code\": \"E001\"") != std::string::npos);
  CHECK(out.find(fmt::format("file is larger than {} MiB", Source::kMaxFileSize >> 20)) !=
        std::string::npos);
}

TEST_CASE("stdin below the cap is still read whole", "[pathological]") {
  std::string out;
  int code = run_shell(fmt::format("cd '{}' && '{}' --kind cors --format json - "
                                   "< testdata/rules/C002/bad-lower-case.json",
                                   kSourceDir, CORSLINT_BINARY),
                       out);
  CHECK(code == 1);
  CHECK(out.find("\"code\": \"C002\"") != std::string::npos);
}

// ---- item 10: duplicate keys in linear-ish time ----------------------------

TEST_CASE("30000 objects of 33 members with a duplicate each: found without re-sorting",
          "[pathological]") {
  std::string text = "[";
  for (int i = 0; i < 30'000; ++i) {
    text += i ? ",{" : "{";
    for (int k = 0; k < 33; ++k) text += fmt::format("\"k{}\":{},", k, k);
    text += "\"k0\":0}";
  }
  text += "]";
  std::shared_ptr<const Source> src;
  auto r = parse(std::move(text), src);
  REQUIRE(r.ok);
  REQUIRE(r.duplicates.size() == 30'000);
  CHECK(std::is_sorted(r.duplicates.begin(), r.duplicates.end(),
                       [](auto& a, auto& b) { return a.duplicate < b.duplicate; }));
  CHECK(std::all_of(r.duplicates.begin(), r.duplicates.end(),
                    [&](auto& d) { return r.tree[d.duplicate].key == "k0"; }));
}

TEST_CASE("duplicate keys keep their order: by id up to the last large object, then as closed") {
  std::string large = "{";
  for (int k = 0; k < 33; ++k) large += fmt::format("\"k{}\":{},", k, k);
  large += "\"k0\":0}";
  std::shared_ptr<const Source> src;
  auto r = parse(R"({"p": {"a": 1, "a": {"y": 1, "y": 2}}, "L": )" + large +
                     R"(, "q": {"b": 1, "b": {"z": 1, "z": 2}}})",
                 src);
  REQUIRE(r.ok);
  std::vector<std::string> order;
  for (const json::DuplicateKey& d : r.duplicates) order.push_back(r.tree.pointer(d.duplicate));
  // Objects close inner first: y, a, then L sorts what came so far by id
  // (a before y); z and b come after the last large object, as closed.
  CHECK(order == std::vector<std::string>{"/p/a", "/p/a/y", "/L/k0", "/q/b/z", "/q/b"});
}

// ---- item 11: intrinsics resolve within a budget ---------------------------

TEST_CASE("nested Fn::Sub variable maps stay within the budget; past it the value is unknown",
          "[pathological]") {
  // 12 levels: 8 KB, resolved; the origin is checked.
  auto small = lint_text(nested_sub_template(12), "template.json");
  REQUIRE(with_code(small, "C003").size() == 1);
  CHECK(with_code(small, "C003")[0]->message.find("abababab") != std::string::npos);
  // 30 levels would be 2 GiB built by 2^30 evaluations: unknown, so silent.
  auto deep = lint_text(nested_sub_template(30), "template.json");
  CHECK(deep.empty());
}

TEST_CASE("mappings whose values join each other eight times stay within the budget",
          "[pathological]") {
  // Each level is two evaluation levels deep, so the depth bound alone
  // leaves 8^16 evaluations; the budget stops them.
  std::string maps = R"("M": {"L0": {"v": "ab"})";
  for (int i = 1; i <= 30; ++i) {
    std::string find = fmt::format(R"({{"Fn::FindInMap": ["M", "L{}", "v"]}})", i - 1);
    std::string finds = find;
    for (int k = 1; k < 8; ++k) finds += ", " + find;
    maps += fmt::format(R"(, "L{}": {{"v": {{"Fn::Join": ["", [{}]]}}}})", i, finds);
  }
  maps += "}";
  std::string text =
      R"({"AWSTemplateFormatVersion": "2010-09-09", "Mappings": {)" + maps +
      R"(}, "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "b", )"
      R"("CorsConfiguration": {"CorsRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": )"
      R"([{"Fn::FindInMap": ["M", "L30", "v"]}]}]}}}}})";
  CHECK(lint_text(text, "template.json").empty());
}

// ---- item 13: valid input read as such ------------------------------------

TEST_CASE("a CLI export's policy string starting with a BOM is linted, located in the file") {
  const std::string policy =
      R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",)"
      R"(\"Principal\":\"*\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]})";
  for (const auto& [bom, column] : {std::pair<std::string, uint32_t>{"\\ufeff", 98},
                                    std::pair<std::string, uint32_t>{"\xEF\xBB\xBF", 93}}) {
    auto out = lint_text(R"({"Policy": ")" + bom + policy + "\"}");
    auto p010 = with_code(out, "P010");  // public write: must not be skipped
    REQUIRE(p010.size() == 1);
    CHECK(p010[0]->start.line == 1);
    CHECK(p010[0]->start.column == column);  // the "*" of Principal
    CHECK(with_code(out, "I000").empty());
  }
}

TEST_CASE("numbers past a double's range are valid JSON: text kept, value infinite") {
  std::shared_ptr<const Source> src;
  auto r =
      parse(R"({"a": 1e400, "b": -1e400, "c": 1e-400, "d": 1)" + std::string(400, '0') + "}", src);
  REQUIRE(r.ok);
  const json::Tree& t = r.tree;
  CHECK(t[t.get(t.root(), "a")].text == "1e400");
  CHECK(t[t.get(t.root(), "a")].number == INFINITY);
  CHECK(t[t.get(t.root(), "b")].number == -INFINITY);
  CHECK(t[t.get(t.root(), "c")].number == 0);
  CHECK(t[t.get(t.root(), "d")].number == INFINITY);
  CHECK(parse("1e400", src).ok);
  CHECK(parse(" -1e400 \n", src).ok);
  CHECK_FALSE(parse("1e400 2", src).ok);
  CHECK_FALSE(parse("[01]", src).ok);
  CHECK_FALSE(parse("[1.e400]", src).ok);
  CHECK_FALSE(parse("[1e400x]", src).ok);
  // In a document: a rule's finding about the value, not E002.
  auto out = lint_text(
      R"({"CORSRules": [{"AllowedOrigins": ["https://a.example"], "AllowedMethods": ["GET"], )"
      R"("MaxAgeSeconds": 1e400}]})");
  CHECK(with_code(out, "E002").empty());
  REQUIRE(with_code(out, "C016").size() == 1);
  CHECK(with_code(out, "C016")[0]->message.find("1e400") != std::string::npos);
}

TEST_CASE("a raw NUL inside a string is located where it is") {
  auto out = lint_text(std::string("{\"Version\": \"2012-10-17\",\n  \"Id\": \"x\0y\"}", 40));
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == "E002");
  CHECK(out[0].start.line == 2);
  CHECK(out[0].start.column == 11);  // the NUL, after "  \"Id\": \"x"
}

TEST_CASE("a bad escape is located at its backslash, in values and in keys") {
  auto at = [](const std::string& text) {
    auto out = lint_text(text);
    REQUIRE(out.size() == 1);
    CHECK(out[0].code == "E002");
    return std::pair{out[0].start.line, out[0].start.column};
  };
  const std::string head = "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Resource\": ";
  CHECK(at(head + R"("x\ud800"}]})") == std::pair{2u, 31u});        // a lone high surrogate
  CHECK(at(head + R"("x\ud800\u0041"}]})") == std::pair{2u, 31u});  // not followed by a low
  CHECK(at(head + R"("x\u0041\udc00"}]})") == std::pair{2u, 37u});  // a lone low surrogate
  CHECK(at(head + R"("x\n\q"}]})") == std::pair{2u, 33u});          // an unknown escape
  CHECK(at(head + R"("x\u12"}]})") == std::pair{2u, 31u});          // too few hex digits
  CHECK(at(R"({"Version": "2012-10-17", "a\ud800": 1})") == std::pair{1u, 29u});  // a key
}
