#include <catch2/catch.hpp>

#include "corslint/model/source.hpp"

using corslint::Source;
using corslint::SourceError;

namespace {
std::shared_ptr<const Source> make(std::string bytes) {
  SourceError err;
  auto s = Source::from_bytes("t.json", std::move(bytes), err);
  REQUIRE(err.code.empty());
  return s;
}
}  // namespace

TEST_CASE("offsets become 1-based line and code-point columns") {
  auto s = make("{\n\t\"a\": \"h\xC3\xA9llo\", \"b\": 1\r\n}\r}");
  CHECK(s->position(0).line == 1);
  CHECK(s->position(0).column == 1);
  // Line 2 starts after "{\n"; the tab counts as one column.
  CHECK(s->position(3).line == 2);
  CHECK(s->position(3).column == 2);
  // "é" is two bytes but one column: `"b"` starts at column 16.
  auto b = std::string_view(s->text()).find("\"b\"");
  CHECK(s->position(static_cast<uint32_t>(b)).column == 16);
  CHECK(s->position(static_cast<uint32_t>(s->text().size() - 1)).line == 4);
  CHECK(s->line_text(2) == "\t\"a\": \"h\xC3\xA9llo\", \"b\": 1");
}

TEST_CASE("a UTF-8 byte-order mark is skipped") {
  auto s = make("\xEF\xBB\xBF[1]");
  CHECK(s->text() == "[1]");
  CHECK(s->encoding() == corslint::Encoding::Utf8Bom);
}

TEST_CASE("UTF-16 with a BOM is decoded and keeps line and column") {
  std::string le = "\xFF\xFE";
  for (char c : std::string("[\n \"\xE9\"]")) {
    if (static_cast<unsigned char>(c) == 0xE9) {
      le += '\xE9';
      le += '\0';
    } else {
      le += c;
      le += '\0';
    }
  }
  auto s = make(le);
  CHECK(s->text() == "[\n \"\xC3\xA9\"]");
  CHECK(s->encoding() == corslint::Encoding::Utf16Le);
  CHECK(s->position(static_cast<uint32_t>(s->text().find(']'))).column == 5);
}

TEST_CASE("invalid UTF-8 is located") {
  SourceError err;
  auto s = Source::from_bytes("t.json", "[\"ok\",\n \"\xFF\"]", err);
  CHECK(err.code == "E004");
  REQUIRE(s);
  CHECK(s->position(err.offset).line == 2);
  CHECK(s->position(err.offset).column == 3);
  CHECK(corslint::find_invalid_utf8("\xC0\xAF") == 0u);        // overlong
  CHECK(corslint::find_invalid_utf8("ab\xED\xA0\x80") == 2u);  // surrogate
  CHECK_FALSE(corslint::find_invalid_utf8("\xF0\x9F\x98\x80").has_value());
}

TEST_CASE("an embedded source maps every byte back into the outer string") {
  // Outer:  {"P": "{\"a\":\"\u00e9\ud83d\ude00x\"}"}
  std::string outer_text = R"({"P": "{\"a\":\"\u00e9\ud83d\ude00x\"}"})";
  SourceError err;
  auto outer = Source::from_bytes("o.json", outer_text, err);
  REQUIRE(err.code.empty());
  auto begin = static_cast<uint32_t>(outer_text.find("\"{"));
  auto end = static_cast<uint32_t>(outer_text.rfind('"') + 1);
  auto inner =
      Source::embedded(outer, begin, std::string_view(outer_text).substr(begin, end - begin));
  CHECK(inner->text() == "{\"a\":\"\xC3\xA9\xF0\x9F\x98\x80x\"}");
  CHECK(inner->is_embedded());
  CHECK(inner->path() == "o.json");
  // Inner byte 0 ('{') is outer column 8; the 'x' after the escapes maps to its own column.
  CHECK(inner->position(0).column == 8);
  auto x = static_cast<uint32_t>(inner->text().find('x'));
  CHECK(inner->position(x).column == static_cast<uint32_t>(outer_text.find("x\\\"") + 1));
  // Both bytes of "é" map to the start of its \u escape.
  auto e = static_cast<uint32_t>(inner->text().find('\xC3'));
  CHECK(inner->file_offset(e) == outer_text.find("\\u00e9"));
  CHECK(inner->file_offset(e + 1) == outer_text.find("\\u00e9"));
}
