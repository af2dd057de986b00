#include <catch2/catch.hpp>

#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"

using namespace corslint;

namespace {
struct Parsed {
  std::shared_ptr<const Source> src;
  json::ParseResult result;
};
Parsed parse(std::string text) {
  SourceError err;
  auto src = Source::from_bytes("t.json", std::move(text), err);
  REQUIRE(err.code.empty());
  auto r = json::parse(*src);
  return {src, std::move(r)};
}
}  // namespace

TEST_CASE("the tree keeps source order, offsets and duplicate keys") {
  auto p = parse(R"({"b": [1, "x\ny", true, null], "a": {"k": 2.5}, "b": -3})");
  REQUIRE(p.result.ok);
  const json::Tree& t = p.result.tree;
  auto kids = t.children(t.root());
  REQUIRE(kids.size() == 3);
  CHECK(t[kids[0]].key == "b");
  CHECK(t[kids[1]].key == "a");
  CHECK(t[kids[2]].key == "b");
  CHECK(t.get(t.root(), "b") == kids[0]);  // the first occurrence
  REQUIRE(p.result.duplicates.size() == 1);
  CHECK(p.result.duplicates[0].first == kids[0]);
  CHECK(p.result.duplicates[0].duplicate == kids[2]);
  auto arr = t.children(kids[0]);
  REQUIRE(arr.size() == 4);
  CHECK(t[arr[0]].is_integer);
  CHECK(t[arr[0]].integer == 1);
  CHECK(t[arr[1]].text == "x\ny");  // unescaped into the arena
  CHECK(t[arr[2]].boolean);
  CHECK(t[arr[3]].type == json::Type::Null);
  CHECK(t[kids[2]].integer == -3);
  CHECK_FALSE(t[t.get(kids[1], "k")].is_integer);
  CHECK(t[t.get(kids[1], "k")].number == 2.5);
  // Offsets point at the value's first byte; keys at their opening quote.
  CHECK(t[arr[1]].offset == 10);
  CHECK(t[kids[1]].key_offset == 31);
}

TEST_CASE("JSON pointers follow RFC 6901") {
  auto p = parse(R"({"a/b": {"m~n": [0, {"": 1}]}})");
  REQUIRE(p.result.ok);
  const json::Tree& t = p.result.tree;
  json::NodeId ab = t.get(t.root(), "a/b");
  json::NodeId mn = t.get(ab, "m~n");
  json::NodeId empty = t.get(t.children(mn)[1], "");
  CHECK(t.pointer(t.root()).empty());
  CHECK(t.pointer(ab) == "/a~1b");
  CHECK(t.pointer(mn) == "/a~1b/m~0n");
  CHECK(t.pointer(empty) == "/a~1b/m~0n/1/");
}

TEST_CASE("scalar documents and big numbers parse") {
  auto s = parse(R"("just a string")");
  REQUIRE(s.result.ok);
  CHECK(s.result.tree[0].text == "just a string");
  auto n = parse("123456789012345678901234567890");
  REQUIRE(n.result.ok);
  CHECK(n.result.tree[0].number > 1e29);
}

TEST_CASE("raw control characters in strings are invalid JSON") {
  auto p = parse("{\"a\": \"x\x01y\"}");
  REQUIRE_FALSE(p.result.ok);
  CHECK(p.result.error.code == "E002");
  auto tab = parse("[\"a\tb\"]");
  CHECK_FALSE(tab.result.ok);
}

TEST_CASE("parse errors are located where parsing stopped") {
  auto p = parse("{\n  \"a\": [1, 2,]\n}");
  REQUIRE_FALSE(p.result.ok);
  CHECK(p.result.error.code == "E002");
  auto pos = p.src->position(p.result.error.offset);
  CHECK(pos.line == 2);
  auto deep = parse(std::string(100000, '[') + std::string(100000, ']'));
  REQUIRE_FALSE(deep.result.ok);
  CHECK(deep.result.error.message.find("nesting deeper than 256") != std::string::npos);
}

TEST_CASE("containers end after their closing bracket") {
  auto p = parse("{\"a\": [1, {\"b\": []} ] , \"c\": {  }\n}");
  REQUIRE(p.result.ok);
  const json::Tree& t = p.result.tree;
  json::NodeId a = t.get(t.root(), "a");
  CHECK(t[a].end == 21);  // one past "]" at offset 20
  json::NodeId c = t.get(t.root(), "c");
  CHECK(t[c].end == 33);
  CHECK(t[t.root()].end == 35);
}
