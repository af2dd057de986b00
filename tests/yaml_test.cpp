// The YAML reader (input/yaml_parse.cpp): every node at its token, tags as
// their long form, YAML 1.1 typing, aliases, and hostile input.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include <fmt/core.h>

#include "corslint/engine.hpp"
#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"
#include "input/yaml.hpp"

using namespace corslint;
using json::NodeId;
using json::Type;

namespace {
struct Parsed {
  std::shared_ptr<const Source> src;
  json::ParseResult result;
  const json::Tree& tree() const { return result.tree; }
  // "line:column" of a node's value, or of its key.
  std::string at(NodeId n) const {
    Position p = src->position(result.tree[n].offset);
    return fmt::format("{}:{}", p.line, p.column);
  }
  std::string key_at(NodeId n) const {
    Position p = src->position(result.tree[n].key_offset);
    return fmt::format("{}:{}", p.line, p.column);
  }
  std::string error_at() const {
    Position p = src->position(result.error.offset);
    return fmt::format("{}:{}", p.line, p.column);
  }
  // The node at a JSON pointer made of plain member names and indexes.
  NodeId get(std::string_view pointer) const {
    const json::Tree& t = result.tree;
    NodeId n = t.root();
    while (!pointer.empty() && n != json::kNoNode) {
      pointer.remove_prefix(1);
      std::string_view token = pointer.substr(0, pointer.find('/'));
      pointer.remove_prefix(token.size());
      if (t.is(n, Type::Array)) {
        std::size_t i = std::stoul(std::string(token));
        n = i < t.children(n).size() ? t.children(n)[i] : json::kNoNode;
      } else {
        n = t.get(n, token);
      }
    }
    REQUIRE(n != json::kNoNode);
    return n;
  }
  bool in_source(std::string_view s) const {
    std::string_view text = src->text();
    return s.data() >= text.data() && s.data() + s.size() <= text.data() + text.size();
  }
};

Parsed parse(std::string text) {
  SourceError err;
  auto src = Source::from_bytes("t.yaml", std::move(text), err);
  REQUIRE(err.code.empty());
  auto r = yaml::parse(*src);
  return {src, std::move(r)};
}

std::vector<Finding> lint(std::string name, std::string text) {
  LintOptions o;
  o.rules.select = std::vector<std::string>{"ALL", "I000"};
  Linter linter(o);
  std::vector<Finding> findings;
  linter.lint_bytes(std::move(name), std::move(text), findings);
  return findings;
}
}  // namespace

TEST_CASE("YAML scalars are located at their first byte, keys at the key") {
  auto p = parse(
      "plain: value here\n"
      "single: 'it''s'\n"
      "double: \"a\\tb\"\n"
      "literal: |\n"
      "  line one\n"
      "  line two\n"
      "folded: >\n"
      "  folded\n"
      "  text\n"
      "flow_seq: [a, 'b', \"c\"]\n"
      "flow_map: {k: v, 'q': 1}\n"
      "  # a comment\n"
      "nested:\n"
      "  - x\n"
      "  -   y: z\n");
  REQUIRE(p.result.ok);
  CHECK(p.at(p.get("/plain")) == "1:8");
  CHECK(p.key_at(p.get("/plain")) == "1:1");
  CHECK(p.tree().str(p.get("/plain")) == "value here");
  CHECK(p.in_source(p.tree().str(p.get("/plain"))));
  CHECK(p.at(p.get("/single")) == "2:9");  // the quote
  CHECK(p.tree().str(p.get("/single")) == "it's");
  CHECK_FALSE(p.in_source(p.tree().str(p.get("/single"))));  // unescaped: interned
  CHECK(p.at(p.get("/double")) == "3:9");
  CHECK(p.tree().str(p.get("/double")) == "a\tb");
  CHECK(p.at(p.get("/literal")) == "4:10");  // the indicator
  CHECK(p.tree().str(p.get("/literal")) == "line one\nline two\n");
  CHECK(p.at(p.get("/folded")) == "7:9");
  CHECK(p.tree().str(p.get("/folded")) == "folded text\n");
  CHECK(p.at(p.get("/flow_seq")) == "10:11");
  CHECK(p.at(p.get("/flow_seq/0")) == "10:12");
  CHECK(p.at(p.get("/flow_seq/1")) == "10:15");
  CHECK(p.in_source(p.tree().str(p.get("/flow_seq/1"))));  // quoted, no escapes: a view
  CHECK(p.at(p.get("/flow_seq/2")) == "10:20");
  CHECK(p.at(p.get("/flow_map")) == "11:11");
  CHECK(p.key_at(p.get("/flow_map/k")) == "11:12");
  CHECK(p.at(p.get("/flow_map/k")) == "11:15");
  CHECK(p.key_at(p.get("/flow_map/q")) == "11:18");
  CHECK(p.at(p.get("/nested/0")) == "14:5");
  CHECK(p.key_at(p.get("/nested/1/y")) == "15:7");
  CHECK(p.at(p.get("/nested/1/y")) == "15:10");
  CHECK(p.tree().pointer(p.get("/nested/1/y")) == "/nested/1/y");
  // Containers end after their last child (block) or their bracket (flow).
  const json::Node& seq = p.tree()[p.get("/flow_seq")];
  CHECK(p.src->text().substr(seq.offset, seq.end - seq.offset) == "[a, 'b', \"c\"]");
}

TEST_CASE("YAML offsets are bytes after multi-byte UTF-8, a BOM and CRLF") {
  // libyaml 0.2.5 counts marks in characters: "é€😀" is 3 of them, 9 bytes.
  auto p = parse("\xEF\xBB\xBFk\xC3\xA9: \xE2\x82\xAC\xF0\x9F\x98\x80 x\r\nb: 'y'\r\n");
  REQUIRE(p.result.ok);
  NodeId k = p.tree().children(p.tree().root())[0];
  CHECK(p.tree()[k].key == "k\xC3\xA9");
  CHECK(p.tree()[k].text == "\xE2\x82\xAC\xF0\x9F\x98\x80 x");
  CHECK(p.in_source(p.tree()[k].text));
  CHECK(p.at(k) == "1:5");
  CHECK(p.at(p.get("/b")) == "2:4");
  CHECK(p.src->text()[p.tree()[p.get("/b")].offset] == '\'');
}

TEST_CASE("short-form tags are the long form, located at the tag") {
  auto p = parse(
      "a: !Ref Bucket\n"
      "b: !GetAtt Site.RegionalDomainName\n"
      "c: !Sub 'arn:aws:s3:::${Bucket}/*'\n"
      "d: !If [IsProd, !Ref A, !Ref 'AWS::NoValue']\n"
      "e: !Join\n"
      "  - ''\n"
      "  - - 'arn:aws:s3:::'\n"
      "    - !Ref Bucket\n"
      "f: !Equals [!Ref Env, prod]\n"
      "g: !GetAtt [Dist, DomainName]\n"
      "h: !Condition IsProd\n"
      "i: !Base64 {\"Fn::Sub\": x}\n");
  REQUIRE(p.result.ok);
  const json::Tree& t = p.tree();
  NodeId a = p.get("/a");
  REQUIRE(t.is(a, Type::Object));
  CHECK(p.at(a) == "1:4");
  NodeId ref = p.get("/a/Ref");
  CHECK(p.key_at(ref) == "1:4");
  CHECK(p.at(ref) == "1:9");
  CHECK(t.str(ref) == "Bucket");
  NodeId att = p.get("/b/Fn::GetAtt");
  REQUIRE(t.children(att).size() == 2);
  CHECK(t.str(p.get("/b/Fn::GetAtt/0")) == "Site");
  CHECK(t.str(p.get("/b/Fn::GetAtt/1")) == "RegionalDomainName");
  CHECK(p.at(p.get("/b/Fn::GetAtt/0")) == "2:12");
  CHECK(p.at(p.get("/b/Fn::GetAtt/1")) == "2:17");
  CHECK(t.str(p.get("/c/Fn::Sub")) == "arn:aws:s3:::${Bucket}/*");
  CHECK(p.at(p.get("/c/Fn::Sub")) == "3:9");
  CHECK(t.children(p.get("/d/Fn::If")).size() == 3);
  CHECK(t.str(p.get("/d/Fn::If/2/Ref")) == "AWS::NoValue");
  CHECK(p.at(p.get("/d/Fn::If/1")) == "4:17");
  CHECK(t.str(p.get("/e/Fn::Join/1/1/Ref")) == "Bucket");
  CHECK(p.key_at(p.get("/e/Fn::Join")) == "5:4");
  CHECK(t.str(p.get("/f/Fn::Equals/0/Ref")) == "Env");
  CHECK(t.str(p.get("/g/Fn::GetAtt/1")) == "DomainName");
  CHECK(t.str(p.get("/h/Condition")) == "IsProd");
  CHECK(t.str(p.get("/i/Fn::Base64/Fn::Sub")) == "x");
  CHECK(t.pointer(p.get("/d/Fn::If/2/Ref")) == "/d/Fn::If/2/Ref");
}

TEST_CASE("plain scalars are typed as YAML 1.1 types them, quoted ones are strings") {
  auto p = parse(
      "[index.html, 1.2.3, e.5, yes, No, on, OFF, true, y, 0777, 0x1F, 1_000, -42, 1e3, 1.5, "
      "1.0e+3, ~, null, '',"
      " '12', \"true\", 2012-10-17, .inf, !!str 5, !!int '7', 09, 3.]");
  REQUIRE(p.result.ok);
  const json::Tree& t = p.tree();
  auto all = t.children(t.root());
  REQUIRE(all.size() == 27);
  CHECK(t.str(all[0]) == "index.html");
  CHECK(t.str(all[1]) == "1.2.3");
  CHECK(t.str(all[2]) == "e.5");
  auto v = all.subspan(3);
  CHECK((t[v[0]].type == Type::Bool && t[v[0]].boolean));
  CHECK((t[v[1]].type == Type::Bool && !t[v[1]].boolean));
  CHECK((t[v[2]].type == Type::Bool && t[v[2]].boolean));
  CHECK((t[v[3]].type == Type::Bool && !t[v[3]].boolean));
  CHECK(t[v[4]].boolean);
  CHECK(t.str(v[5]) == "y");  // not a bool in PyYAML or SnakeYAML
  CHECK((t[v[6]].is_integer && t[v[6]].integer == 511 && t[v[6]].text == "511"));
  CHECK(t[v[7]].integer == 31);
  CHECK((t[v[8]].integer == 1000 && t[v[8]].text == "1000"));
  CHECK((t[v[9]].integer == -42 && t[v[9]].text == "-42"));
  CHECK(t.str(v[10]) == "1e3");  // YAML 1.1 floats need a dot
  CHECK((t[v[11]].type == Type::Number && t[v[11]].number == 1.5));
  CHECK(t[v[12]].number == 1000.0);
  CHECK(t[v[13]].type == Type::Null);
  CHECK(t[v[14]].type == Type::Null);
  CHECK(t.is(v[15], Type::String));
  CHECK(t.str(v[16]) == "12");
  CHECK(t.str(v[17]) == "true");
  CHECK(t.str(v[18]) == "2012-10-17");  // no timestamp tag in CloudFormation
  CHECK(t[v[19]].number > 1e308);
  CHECK(t.str(v[20]) == "5");
  CHECK(t[v[21]].integer == 7);
  CHECK(t.str(v[22]) == "09");  // not octal, not decimal: a string
  CHECK(t[v[23]].number == 3.0);
}

TEST_CASE("anchors are copied where their aliases stand") {
  auto p = parse(
      "base: &b\n"
      "  Effect: Allow\n"
      "  Action: [s3:GetObject]\n"
      "one: *b\n"
      "two: [*b, &s solo, *s]\n"
      "&k key: 1\n"
      "*k : 2\n");
  REQUIRE(p.result.ok);
  const json::Tree& t = p.tree();
  CHECK(t.str(p.get("/one/Effect")) == "Allow");
  CHECK(t.str(p.get("/one/Action/0")) == "s3:GetObject");
  CHECK(p.at(p.get("/one")) == "4:6");          // the copy at the alias
  CHECK(p.at(p.get("/one/Effect")) == "2:11");  // its members where written
  CHECK(t.pointer(p.get("/two/0/Action/0")) == "/two/0/Action/0");
  CHECK(t.str(p.get("/two/2")) == "solo");
  CHECK(p.at(p.get("/two/2")) == "5:20");
  // A repeated key through an alias is a duplicate, as in JSON.
  REQUIRE(p.result.duplicates.size() == 1);
  CHECK(t[p.result.duplicates[0].duplicate].key == "key");
}

TEST_CASE("hostile YAML gives a located E002") {
  SECTION("an alias bomb is refused in linear time") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'z'; ++c) {
      bomb += fmt::format(
          "{0}: &{0} [*{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}]\n", c, prev);
      prev = c;
    }
    auto start = std::chrono::steady_clock::now();
    auto p = parse(bomb);
    auto took = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(p.result.ok);
    CHECK(p.result.error.code == "E002");
    CHECK_THAT(p.result.error.message, Catch::StartsWith("invalid YAML: alias expansion exceeds"));
    CHECK(p.error_at() == "4:32");  // the alias that passes the budget
    CHECK(took < std::chrono::seconds(2));
  }
  SECTION("a recursive alias") {
    auto p = parse("a: &a [1, *a]\n");
    REQUIRE_FALSE(p.result.ok);
    CHECK(p.result.error.message ==
          "invalid YAML: alias *a is inside the node it names (a "
          "recursive alias)");
    CHECK(p.error_at() == "1:11");
  }
  SECTION("an alias without its anchor") {
    auto p = parse("a: 1\nb: *nothing\n");
    REQUIRE_FALSE(p.result.ok);
    CHECK(p.result.error.message == "invalid YAML: alias *nothing names no anchor before it");
    CHECK(p.error_at() == "2:4");
  }
  SECTION("deep nesting, flow and block") {
    auto p = parse(std::string(100000, '[') + std::string(100000, ']'));
    REQUIRE_FALSE(p.result.ok);
    CHECK(p.result.error.message ==
          "invalid YAML: nesting deeper than 256 levels; corslint stops here");
    CHECK(p.error_at() == "1:257");
    std::string block;
    for (int i = 0; i < 300; ++i) block += std::string(i, ' ') + "k:\n";
    auto q = parse(block);
    REQUIRE_FALSE(q.result.ok);
    CHECK(q.error_at() == "257:257");
  }
  SECTION("syntax errors at libyaml's problem mark") {
    auto p = parse("Resources:\n  A: [1, 2\n  B: x\n");
    REQUIRE_FALSE(p.result.ok);
    CHECK(p.result.error.code == "E002");
    CHECK_THAT(p.result.error.message, Catch::StartsWith("invalid YAML: did not find expected"));
    CHECK(p.error_at() == "3:4");
    auto q = parse("a: b\n\tc: d\n");
    REQUIRE_FALSE(q.result.ok);
    CHECK_THAT(q.result.error.message, Catch::StartsWith("invalid YAML: "));
    CHECK(q.error_at() == "2:1");
    auto r = parse("k: \xC3\xA9 'x\n");  // an unterminated quote after a multi-byte char
    CHECK(r.result.ok);
    auto s = parse("[a, b]]\n");
    REQUIRE_FALSE(s.result.ok);
    CHECK(s.error_at() == "1:7");
  }
  SECTION("a complex key") {
    auto p = parse("? [a, b]\n: c\n");
    REQUIRE_FALSE(p.result.ok);
    CHECK(p.error_at() == "1:3");
  }
}

TEST_CASE("only the first document of a stream is read; the others are checked") {
  auto p = parse("---\na: 1\n---\nb: 2\n");
  REQUIRE(p.result.ok);
  CHECK(p.tree().children(p.tree().root()).size() == 1);
  CHECK(p.tree().get(p.tree().root(), "a") != json::kNoNode);
  auto q = parse("---\na: 1\n---\nb: [\n");
  REQUIRE_FALSE(q.result.ok);
  CHECK(q.error_at() == "5:1");
}

TEST_CASE("a 100,000-line template reads in linear time") {
  std::string text = "Resources:\n";
  for (int i = 0; i < 25000; ++i) {
    text += fmt::format(
        "  Bucket{}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: b-{}\n", i, i);
  }
  auto start = std::chrono::steady_clock::now();
  auto p = parse(text);
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(p.result.ok);
  CHECK(p.at(p.get("/Resources/Bucket24999/Properties/BucketName")) == "100001:19");
  CHECK(took < std::chrono::seconds(5));
}

TEST_CASE("YAML templates are linted, with findings at their YAML tokens") {
  std::string tpl =
      "AWSTemplateFormatVersion: 2010-09-09\n"
      "Resources:\n"
      "  SitePolicy:\n"
      "    Type: AWS::S3::BucketPolicy\n"
      "    Properties:\n"
      "      Bucket: site\n"
      "      PolicyDocument:\n"
      "        Version: 2012-10-17\n"
      "        Statement:\n"
      "          - Effect: Allow\n"
      "            Principal: '*'\n"
      "            Action: s3:GetObject\n"
      "            Resource: arn:aws:s3:::site/*\n";
  auto found = lint("t.yaml", tpl);
  bool p010 = false;
  for (const Finding& f : found) {
    CHECK(f.code != "E002");
    if (f.code != "P010") continue;
    p010 = true;
    CHECK(f.start.line == 11);
    CHECK(f.start.column == 24);
    CHECK(f.pointer == "/Resources/SitePolicy/Properties/PolicyDocument/Statement/0/Principal");
    CHECK(f.fixes.empty());  // documents from templates get no fixes
  }
  CHECK(p010);
  // Not a template: skipped (I000), never an error.
  auto workflow = lint("ci.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n");
  REQUIRE(workflow.size() == 1);
  CHECK(workflow[0].code == "I000");
  auto bad = lint("t.yaml", "Resources: [\n");
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].code == "E002");
  CHECK(bad[0].start.line == 2);
}

TEST_CASE("serverless.yml resources and bare resources fragments are templates") {
  auto codes_at = [](const std::vector<Finding>& found) {
    std::vector<std::string> out;
    for (const Finding& f : found) {
      if (f.code == "C005")
        out.push_back(fmt::format("{}:{} {}", f.start.line, f.start.column, f.pointer));
    }
    return out;
  };
  std::string bucket =
      "    Type: AWS::S3::Bucket\n"
      "    Properties:\n"
      "      BucketName: ${self:custom.bucket}-${sls:stage}\n"
      "      CorsConfiguration:\n"
      "        CorsRules:\n"
      "          - AllowedOrigins: ['*']\n"
      "            AllowedMethods: [PUT]\n"
      "          - AllowedOrigins: ['${env:ORIGIN}']\n"
      "            AllowedMethods: [PUT]\n";
  auto indent = [](const std::string& text, std::size_t n) {
    std::string out;
    for (std::size_t at = 0; at < text.size();) {
      std::size_t nl = text.find('\n', at);
      out += std::string(n, ' ') + text.substr(at, nl + 1 - at);
      at = nl + 1;
    }
    return out;
  };
  auto sls = lint("serverless.yml",
                  "service: site\nprovider:\n  name: aws\ncustom:\n  bucket: site-${opt:stage}\n"
                  "resources:\n  Resources:\n    Uploads:\n" +
                      indent(bucket, 2));
  // The second rule's origin is a variable: unknown, so silent.
  CHECK(codes_at(sls) ==
        std::vector<std::string>{"14:32 /resources/Resources/Uploads/Properties/CorsConfiguration/"
                                 "CorsRules/0/AllowedOrigins/0"});
  auto in_rule_1 = [](const std::vector<Finding>& found) {
    return std::count_if(found.begin(), found.end(), [](const Finding& f) {
      return f.pointer.find("/CorsRules/1/") != std::string::npos;
    });
  };
  CHECK(in_rule_1(sls) == 0);
  // The same origin without the variable syntax is a literal, and wrong.
  std::string literal = bucket;
  literal.replace(literal.find("${env:ORIGIN}"), 13, "{env-ORIGIN}");
  CHECK(in_rule_1(lint("serverless.yml",
                       "service: site\nprovider: aws\nresources:\n  Resources:\n    Uploads:\n" +
                           indent(literal, 2))) > 0);
  auto list = lint("serverless.yml",
                   "service: site\nprovider: aws\nresources:\n  - Outputs: {}\n  - Resources:\n"
                   "      Uploads:\n" +
                       indent(bucket, 4));
  CHECK(codes_at(list) ==
        std::vector<std::string>{"12:34 /resources/1/Resources/Uploads/Properties/"
                                 "CorsConfiguration/CorsRules/0/AllowedOrigins/0"});
  auto fragment = lint("resources/s3.yml", "Uploads:\n" + bucket);
  CHECK(codes_at(fragment) ==
        std::vector<std::string>{"7:30 /Uploads/Properties/CorsConfiguration/CorsRules/0/"
                                 "AllowedOrigins/0"});
  auto json_fragment =
      lint("resources/s3.json",
           R"({"Uploads": {"Type": "AWS::S3::Bucket", "Properties": {"CorsConfiguration":
               {"CorsRules": [{"AllowedOrigins": ["*"], "AllowedMethods": ["PUT"]}]}}}})");
  CHECK(codes_at(json_fragment).size() == 1);
  // A mapping of objects with a Type that is not AWS's is not a fragment.
  auto other = lint("x.yml", "a:\n  Type: thing\n");
  REQUIRE(other.size() == 1);
  CHECK(other[0].code == "I000");
}
