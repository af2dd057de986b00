// S3 CORS XML: the reader's tree (shape, exact offsets, text), hostile input,
// and the pipeline through the Linter (findings, fixes, I000).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <tuple>
#include <vector>

#include "corslint/engine.hpp"
#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"
#include "input/xml.hpp"

using namespace corslint;

namespace {

struct Read {
  std::shared_ptr<const Source> src;
  xml::CorsResult result;
};

Read read(std::string text) {
  SourceError err;
  auto src = Source::from_bytes("cors.xml", std::move(text), err);
  REQUIRE(src);
  auto r = xml::parse_cors(*src);
  return {src, std::move(r)};
}

// Line and column of a byte offset, as "line:column".
std::string at(const Source& s, uint32_t offset) {
  Position p = s.position(offset);
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

std::vector<Finding> lint(const std::string& name, const std::string& text,
                          std::vector<std::string> select = {}) {
  LintOptions options;
  if (!select.empty()) options.rules.select = select;
  Linter linter(options);
  std::vector<Finding> out;
  linter.lint_bytes(name, text, out);
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.start.line, a.start.column) < std::tie(b.start.line, b.start.column);
  });
  return out;
}

std::string summary(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += std::to_string(f.start.line) + ":" + std::to_string(f.start.column) + " " +
           std::string(f.code) + " " + f.pointer + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("XML CORS reads into the API's JSON shape with exact offsets", "[xml]") {
  auto r = read(
      "<?xml version=\"1.0\"?>\n"
      "<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n"
      "  <CORSRule>\n"
      "    <ID>site</ID>\n"
      "    <AllowedMethod>GET</AllowedMethod>\n"
      "    <AllowedOrigin>https://a.example</AllowedOrigin>\n"
      "    <AllowedMethod>PUT</AllowedMethod>\n"
      "    <MaxAgeSeconds>3000</MaxAgeSeconds>\n"
      "  </CORSRule>\n"
      "  <CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>\n"
      "</CORSConfiguration>\n");
  REQUIRE(r.result.parsed.ok);
  REQUIRE(r.result.cors);
  const json::Tree& t = r.result.parsed.tree;
  const Source& s = *r.src;
  json::NodeId root = t.root();
  CHECK(t[root].type == json::Type::Object);
  CHECK(at(s, t[root].offset) == "2:1");
  json::NodeId rules = t.get(root, "CORSRules");
  REQUIRE(t.is(rules, json::Type::Array));
  CHECK(at(s, t[rules].offset) == "3:3");
  REQUIRE(t.children(rules).size() == 2);
  json::NodeId rule = t.children(rules)[0];
  CHECK(at(s, t[rule].offset) == "3:3");
  // Members in the order of their first element; lists gather every element.
  std::vector<std::string> keys;
  for (json::NodeId m : t.children(rule)) keys.emplace_back(t[m].key);
  CHECK(keys ==
        std::vector<std::string>{"ID", "AllowedMethods", "AllowedOrigins", "MaxAgeSeconds"});
  json::NodeId id = t.get(rule, "ID");
  CHECK(t.str(id) == "site");
  CHECK(at(s, t[id].key_offset) == "4:5");  // the start tag
  CHECK(at(s, t[id].offset) == "4:9");      // the text
  CHECK(t[id].end - t[id].offset == 4);
  json::NodeId methods = t.get(rule, "AllowedMethods");
  REQUIRE(t.children(methods).size() == 2);
  CHECK(at(s, t[methods].offset) == "5:5");
  json::NodeId put = t.children(methods)[1];
  CHECK(t.str(put) == "PUT");
  CHECK(at(s, t[put].offset) == "7:20");
  CHECK(t[put].key_offset == t[put].offset);  // an array element has no key
  json::NodeId age = t.get(rule, "MaxAgeSeconds");
  CHECK(t[age].type == json::Type::Number);
  CHECK(t[age].is_integer);
  CHECK(t[age].integer == 3000);
  CHECK(at(s, t[age].offset) == "8:20");
  CHECK(t.pointer(put) == "/CORSRules/0/AllowedMethods/1");
  json::NodeId second = t.children(rules)[1];
  CHECK(at(s, t[second].offset) == "10:3");
  CHECK(at(s, t[t.children(t.get(second, "AllowedOrigins"))[0]].offset) == "10:28");
  CHECK(r.result.parsed.duplicates.empty());
}

TEST_CASE("XML CORS text: entities, CDATA, whitespace, namespaces, unknown elements", "[xml]") {
  auto r = read(
      "<s3:CORSConfiguration xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\" "
      "xmlns:x=\"urn:other\">\n"
      "<s3:CORSRule>\n"
      "<s3:AllowedOrigin>https://a.example/?a=1&amp;b=2</s3:AllowedOrigin>\n"
      "<s3:AllowedOrigin><![CDATA[https://<b>.example]]></s3:AllowedOrigin>\n"
      "<s3:AllowedMethod>\n   GET  \n</s3:AllowedMethod>\n"
      "<s3:AllowedHeader>&#65;uthorization</s3:AllowedHeader>\n"
      "<x:AllowedMethod>PUT</x:AllowedMethod>\n"
      "<Colour>blue</Colour>\n"
      "<MaxAgeSeconds>soon</MaxAgeSeconds>\n"
      "</s3:CORSRule>\n"
      "</s3:CORSConfiguration>");
  REQUIRE(r.result.parsed.ok);
  REQUIRE(r.result.cors);
  const json::Tree& t = r.result.parsed.tree;
  const Source& s = *r.src;
  json::NodeId rule = t.children(t.get(t.root(), "CORSRules"))[0];
  auto origins = t.children(t.get(rule, "AllowedOrigins"));
  REQUIRE(origins.size() == 2);
  CHECK(t.str(origins[0]) == "https://a.example/?a=1&b=2");
  CHECK(at(s, t[origins[0]].offset) == "3:19");
  CHECK(t.str(origins[1]) == "https://<b>.example");
  json::NodeId get = t.children(t.get(rule, "AllowedMethods"))[0];
  REQUIRE(t.children(t.get(rule, "AllowedMethods")).size() == 1);  // x:AllowedMethod is not S3's
  CHECK(t.str(get) == "GET");
  CHECK(at(s, t[get].offset) == "6:4");
  CHECK(t[get].end - t[get].offset == 3);
  CHECK(t.str(t.children(t.get(rule, "AllowedHeaders"))[0]) == "Authorization");
  // Elements S3 does not define stay members under their own names.
  CHECK(t.str(t.get(rule, "x:AllowedMethod")) == "PUT");
  CHECK(t.str(t.get(rule, "Colour")) == "blue");
  json::NodeId age = t.get(rule, "MaxAgeSeconds");
  CHECK(t[age].type == json::Type::String);  // not a number: the model says so
}

TEST_CASE("XML that is not a CORS configuration is not read past its root", "[xml]") {
  auto r = read("<?xml version=\"1.0\"?>\n<project><unclosed></project>");
  REQUIRE(r.result.parsed.ok);
  CHECK_FALSE(r.result.cors);
  CHECK(at(*r.src, r.result.root_offset) == "2:1");
  // An empty-element root: expat reports its end after the reader stopped.
  auto empty = read("<C/>ORSConfiguration>");
  REQUIRE(empty.result.parsed.ok);
  CHECK_FALSE(empty.result.cors);
  auto other = read("<CORSConfiguration xmlns=\"urn:not-s3\"><CORSRule/></CORSConfiguration>");
  REQUIRE(other.result.parsed.ok);
  CHECK_FALSE(other.result.cors);
}

TEST_CASE("invalid XML is a located E002 naming expat's message", "[xml]") {
  auto r = read("<CORSConfiguration>\n  <CORSRule>\n    <ID>x</Id>\n</CORSConfiguration>");
  REQUIRE_FALSE(r.result.parsed.ok);
  CHECK(r.result.parsed.error.code == "E002");
  CHECK(r.result.parsed.error.message == "invalid XML: mismatched tag (expat)");
  CHECK(at(*r.src, r.result.parsed.error.offset) == "3:12");
  auto empty = read("  \n");
  REQUIRE_FALSE(empty.result.parsed.ok);
  CHECK(empty.result.parsed.error.message.starts_with("invalid XML: "));
  auto findings = lint("cors.xml", "<CORSConfiguration>\n<CORSRule>&nope;</CORSRule>");
  CHECK(summary(findings) == "2:11 E002 \n");
}

TEST_CASE("entity declarations are refused before any expansion", "[xml]") {
  std::string bomb =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE CORSConfiguration [\n <!ENTITY a \"aaaaaaaaaa\">\n";
  for (int i = 1; i < 10; ++i) {
    bomb += " <!ENTITY " + std::string(1, static_cast<char>('a' + i)) + " \"";
    for (int k = 0; k < 10; ++k) bomb += "&" + std::string(1, static_cast<char>('a' + i - 1)) + ";";
    bomb += "\">\n";
  }
  bomb += "]>\n<CORSConfiguration><CORSRule><ID>&j;</ID></CORSRule></CORSConfiguration>\n";
  auto r = read(bomb);
  REQUIRE_FALSE(r.result.parsed.ok);
  CHECK(r.result.parsed.error.message ==
        "invalid XML: the document type declares entity \"a\"; corslint does not expand DTD "
        "entities");
  CHECK(at(*r.src, r.result.parsed.error.offset) == "3:2");
  // An external entity is refused the same way (and never fetched).
  auto ext = read(
      "<!DOCTYPE c [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
      "<CORSConfiguration><CORSRule><ID>&e;</ID></CORSRule></CORSConfiguration>");
  REQUIRE_FALSE(ext.result.parsed.ok);
  CHECK(ext.result.parsed.error.message.find("declares entity \"e\"") != std::string::npos);
  // A reference to an entity of an external DTD that is not read is refused too.
  auto skipped = read(
      "<!DOCTYPE c SYSTEM \"cors.dtd\">\n"
      "<CORSConfiguration><CORSRule><ID>&e;</ID></CORSRule></CORSConfiguration>");
  REQUIRE_FALSE(skipped.result.parsed.ok);
  CHECK(skipped.result.parsed.error.message.find("entity \"e\"") != std::string::npos);
  CHECK(at(*skipped.src, skipped.result.parsed.error.offset) == "2:34");
}

TEST_CASE("deep XML nesting stops at json::kMaxDepth with a located E002", "[xml]") {
  std::string deep = "<CORSConfiguration>";
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  for (int i = 0; i < 100000; ++i) deep += "</a>";
  deep += "</CORSConfiguration>";
  auto r = read(deep);
  REQUIRE_FALSE(r.result.parsed.ok);
  CHECK(r.result.parsed.error.message ==
        "invalid XML: nesting deeper than 256 levels; corslint stops here");
  CHECK(r.result.parsed.error.offset == 19 + 255 * 3);
  // Just under the bound is read (every level a member of the one above).
  std::string ok = "<CORSConfiguration>";
  for (int i = 0; i < 255; ++i) ok += "<a>";
  ok += "x";
  for (int i = 0; i < 255; ++i) ok += "</a>";
  ok += "</CORSConfiguration>";
  auto fine = read(ok);
  REQUIRE(fine.result.parsed.ok);
  CHECK(fine.result.parsed.tree.size() == 256);
}

TEST_CASE("a huge XML CORS file is read in linear time", "[xml]") {
  // 200,000 origins in one rule (~9 MB): one pass, no quadratic grouping.
  std::string big = "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod>\n";
  for (int i = 0; i < 200000; ++i) {
    big += "<AllowedOrigin>https://o" + std::to_string(i) + ".example</AllowedOrigin>\n";
  }
  big += "</CORSRule></CORSConfiguration>\n";
  auto start = std::chrono::steady_clock::now();
  auto r = read(big);
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(r.result.parsed.ok);
  const json::Tree& t = r.result.parsed.tree;
  json::NodeId rule = t.children(t.get(t.root(), "CORSRules"))[0];
  auto origins = t.children(t.get(rule, "AllowedOrigins"));
  REQUIRE(origins.size() == 200000);
  CHECK(t.str(origins[199999]) == "https://o199999.example");
  CHECK(at(*r.src, t[origins[199999]].offset) == "200001:16");
  CHECK(elapsed < std::chrono::seconds(20));  // ~0.2 s here; generous for ASan
}

TEST_CASE("XML CORS findings are located at the XML token, with XML-safe fixes", "[xml]") {
  std::string text =
      "<CORSConfiguration>\n"
      "  <CORSRule>\n"
      "    <ID>a</ID>\n"
      "    <ID>b</ID>\n"
      "    <AllowedOrigin>https://shop.example</AllowedOrigin>\n"
      "    <AllowedMethod>get</AllowedMethod>\n"
      "    <AllowedMethod>OPTIONS</AllowedMethod>\n"
      "    <Colour>blue</Colour>\n"
      "  </CORSRule>\n"
      "</CORSConfiguration>\n";
  auto findings = lint("cors.xml", text, {"C001", "C002", "E003"});
  CHECK(summary(findings) ==
        "4:5 E003 /CORSRules/0/ID\n"
        "6:20 C002 /CORSRules/0/AllowedMethods/0\n"
        "7:20 C002 /CORSRules/0/AllowedMethods/1\n"
        "8:5 C001 /CORSRules/0/Colour\n");
  REQUIRE(findings.size() == 4);
  CHECK(findings[0].message == "element <ID> repeated in one rule; keep only one");
  // "get" → "GET" is a replacement of the value's text; removing the OPTIONS
  // element is not offered (its list entry is not a span of the XML text).
  REQUIRE(findings[1].fixes.size() == 1);
  CHECK(findings[1].fixes[0].edits[0].replacement == "GET");
  CHECK(findings[2].fixes.empty());
  FixOutcome fixed = apply_fixes(text, findings);
  CHECK(fixed.applied == 1);
  CHECK(fixed.text.find("<AllowedMethod>GET</AllowedMethod>") != std::string::npos);
  // Text that is not verbatim in the file (an entity) gets no fix.
  auto entity = lint("cors.xml",
                     "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>"
                     "<AllowedMethod>g&#101;t</AllowedMethod></CORSRule></CORSConfiguration>",
                     {"C002"});
  REQUIRE(entity.size() == 1);
  CHECK(entity[0].fixes.empty());
}

TEST_CASE("XML input: stdin by its first byte, I000 for other XML, no rules", "[xml]") {
  std::string cors =
      "\n <CORSConfiguration><CORSRule><AllowedOrigin>null</AllowedOrigin>"
      "<AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>";
  CHECK(summary(lint("-", cors, {"C007"})) == "2:46 C007 /CORSRules/0/AllowedOrigins/0\n");
  // A .json file that holds XML is not what its name says: invalid JSON.
  CHECK(summary(lint("cors.json", cors, {"C007", "E002"})) == "2:2 E002 \n");
  CHECK(summary(lint("pom.xml", "<project><modelVersion>4</modelVersion></project>", {"I000"})) ==
        "1:1 I000 \n");
  // A configuration without rules: the model's own finding, at the root.
  CHECK(summary(lint("cors.xml", "<CORSConfiguration/>", {"C001"})) == "1:1 C001 \n");
}
