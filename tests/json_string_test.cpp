// report::append_json_string: the escaping every JSON-based format (json,
// sarif, gitlab, baselines) shares.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "corslint/report.hpp"

using corslint::report::append_json_string;

namespace {

std::string quoted(std::string_view s) {
  std::string out = "prefix:";
  append_json_string(out, s);
  return out;
}

}  // namespace

TEST_CASE("append_json_string escapes what JSON requires and copies the rest") {
  CHECK(quoted("") == R"(prefix:"")");
  CHECK(quoted("plain text, 100% ASCII") == R"(prefix:"plain text, 100% ASCII")");
  CHECK(quoted(R"(say "hi")") == R"(prefix:"say \"hi\"")");
  CHECK(quoted(R"(C:\path\)") == R"(prefix:"C:\\path\\")");
  CHECK(quoted("a\nb\rc\td\be\ff") == R"(prefix:"a\nb\rc\td\be\ff")");
  CHECK(quoted(std::string_view("\x01\x1f\0", 3)) == R"(prefix:"\u0001\u001f\u0000")");
  // Escapes at both ends and back to back, around runs of plain characters.
  CHECK(quoted("\"\"x\\\n") == R"(prefix:"\"\"x\\\n")");
  // Valid UTF-8 is copied as it is; DEL, C1 controls and the line separators
  // are escaped (valid raw, but a terminal would act on them).
  CHECK(quoted("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") ==
        "prefix:\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
  CHECK(quoted("\x7f \xc2\x9b \xe2\x80\xa8") == R"(prefix:"\u007f \u009b \u2028")");
  // The GitHub runner's legacy commands, taken anywhere in a line.
  CHECK(quoted("[a] #[ ##[error]x") == R"(prefix:"[a] #[ ##\u005berror]x")");
}

TEST_CASE("append_json_string writes valid UTF-8 whatever the bytes") {
  // Each byte that does not start a valid sequence becomes U+FFFD: a bad
  // lead, a truncated sequence, an overlong form, a surrogate, past U+10FFFF.
  const std::string r = "\xEF\xBF\xBD";
  CHECK(quoted("a\xff"
               "b") == "prefix:\"a" + r + "b\"");
  CHECK(quoted("\x93smart\x94") == "prefix:\"" + r + "smart" + r + "\"");
  CHECK(quoted("\xc3") == "prefix:\"" + r + "\"");
  CHECK(quoted("\xc0\xaf") == "prefix:\"" + r + r + "\"");
  CHECK(quoted("\xed\xa0\x80") == "prefix:\"" + r + r + r + "\"");
  CHECK(quoted("\xf4\x90\x80\x80") == "prefix:\"" + r + r + r + r + "\"");
  // Noncharacters are valid UTF-8 and valid JSON: kept.
  CHECK(quoted("\xef\xbf\xbf") == "prefix:\"\xef\xbf\xbf\"");
}
