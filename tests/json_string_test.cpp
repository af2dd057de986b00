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
  // Non-ASCII bytes and DEL are copied as they are (the output is UTF-8).
  CHECK(quoted("caf\xc3\xa9 \x7f") == "prefix:\"caf\xc3\xa9 \x7f\"");
}
