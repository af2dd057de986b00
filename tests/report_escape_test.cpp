// Each report format's escaping (lib/src/report/escape.hpp) and every format
// rendered over hostile file names and values: no forged line, workflow
// command or terminal escape, and valid UTF-8 / XML (issue 22, items 14-15).
// tests/report_validity_test.py does the same through real files and real
// validators (xmllint, the SARIF multitool, a strict UTF-8 decoder).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "corslint/report.hpp"
#include "report/escape.hpp"

namespace report = corslint::report;
using corslint::Finding;
using corslint::Severity;

namespace {

std::string github_data(std::string_view s) {
  std::string out;
  report::append_github_data(out, s);
  return out;
}

std::string github_property(std::string_view s) {
  std::string out;
  report::append_github_property(out, s);
  return out;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    lines.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    report::Utf8Unit u = report::next_utf8(s, i);
    if (!u.valid) return false;
    i += u.len;
  }
  return true;
}

// C0 (but tab and LF), DEL, C1: what no line of a report holds raw.
bool has_raw_control(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    report::Utf8Unit u = report::next_utf8(s, i);
    if (u.valid &&
        ((u.cp < 0x20 && u.cp != '\t' && u.cp != '\n') || (u.cp >= 0x7F && u.cp <= 0x9F)))
      return true;
    i += u.len;
  }
  return false;
}

const std::string kForgedName =
    "dir/nl\n::error file=forged.json,line=1::forged\r::warning::cr.json";
const std::string kForgedValue =
    "version \"\n::error file=x::forged \x1b[31mred\x1b]0;t\x07 \xc2\x9b"
    "2J ##[error]legacy \xff\xfe \xef\xbf\xbf \xe2\x80\xae\"";

std::vector<Finding> hostile_findings() {
  std::vector<Finding> fs;
  for (const std::string& file :
       {kForgedName, std::string("esc\x1b[2Jname\xff.json"), std::string("::error::x.json")}) {
    Finding f;
    f.code = "P002";
    f.name = "policy-version";
    f.severity = Severity::Error;
    f.message = kForgedValue;
    f.file = file;
    f.start = {1, 3};
    f.end = {1, 9};
    f.pointer = "/Version\n::error::p";
    f.source_line = "{\"\x1b[2J\":\"\n::error::x\"}";
    f.related.push_back({file, {1, 1}, "/x", "note\n::error::related"});
    fs.push_back(f);
  }
  return fs;
}

}  // namespace

TEST_CASE("next_utf8 takes valid sequences whole and anything else one byte at a time") {
  CHECK(report::next_utf8("a", 0).cp == 'a');
  auto euro = report::next_utf8("\xe2\x82\xac", 0);
  CHECK((euro.valid && euro.cp == 0x20AC && euro.len == 3));
  for (std::string_view bad :
       {"\xff", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80", "\xe2\x82"}) {
    auto u = report::next_utf8(bad, 0);
    CHECK_FALSE(u.valid);
    CHECK(u.len == 1);
  }
}

TEST_CASE("text shows control characters and bytes that are not UTF-8 as escapes") {
  using report::text_escaped;
  CHECK(text_escaped("plain: text, 100% [ok] #x") == "plain: text, 100% [ok] #x");
  CHECK(text_escaped("a\nb\rc\td") == "a\\u000ab\\u000dc\td");  // tab kept: excerpts line up
  CHECK(text_escaped("\x1b[31mred\x1b]0;title\x07") == "\\u001b[31mred\\u001b]0;title\\u0007");
  CHECK(text_escaped("\x7f \xc2\x9b \xc2\x85") == "\\u007f \\u009b \\u0085");
  CHECK(text_escaped("\xe2\x80\xae \xe2\x81\xa6 \xe2\x80\xa8") == "\\u202e \\u2066 \\u2028");
  CHECK(text_escaped("bad\xff\xfe\xc3(") == "bad\\xff\\xfe\\xc3(");
  CHECK(text_escaped("caf\xc3\xa9") == "caf\xc3\xa9");
}

TEST_CASE(
    "text defuses GitHub runner commands: '::' at a line's start, '##' and a bracket anywhere") {
  using report::text_escaped;
  CHECK(text_escaped("##[error]x") == "##\\u005berror]x");
  CHECK(text_escaped("a ##[debug]") == "a ##\\u005bdebug]");
  CHECK(text_escaped("#[ ##") == "#[ ##");
  CHECK(text_escaped("::error::x", true) == "\\u003a:error::x");
  CHECK(text_escaped("  \xc2\xa0::error::x", true) == "  \xc2\xa0\\u003a:error::x");
  CHECK(text_escaped("a::b", true) == "a::b");
  CHECK(text_escaped("::error::x", false) == "::error::x");  // not at a line's start
}

TEST_CASE("github escapes data and properties as the Actions toolkit does") {
  // actions/toolkit packages/core/src/command.ts: escapeData, escapeProperty.
  CHECK(github_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d");
  CHECK(github_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d");
  CHECK(github_property("pct%0A.json") == "pct%250A.json");
  // What the runner would show raw is shown escaped, and the line stays UTF-8.
  CHECK(github_data("\x1b[31m \xc2\x9b \xff") == "\\u001b[31m \\u009b \\xff");
  CHECK(github_property("\x1b]0;t\x07") == "\\u001b]0;t\\u0007");
}

TEST_CASE("XML escaping keeps JUnit well-formed whatever the bytes") {
  using report::xml_escaped;
  const std::string r = "\xEF\xBF\xBD";
  CHECK(xml_escaped("<a & 'b'>\"", false) == "&lt;a &amp; &apos;b&apos;&gt;&quot;");
  CHECK(xml_escaped("a\x01"
                    "b\x1b"
                    "c",
                    false) == "a" + r + "b" + r + "c");
  CHECK(xml_escaped("\xef\xbf\xbf\xef\xbf\xbe", false) == r + r);
  CHECK(xml_escaped("\xff\xc3(", false) == r + r + "(");
  CHECK(xml_escaped("\xc2\x9b\x7f", false) == "&#x9b;&#x7f;");
  CHECK(xml_escaped("a\tb\nc\rd", false) == "a\tb&#xa;c&#xd;d");
  CHECK(xml_escaped("##[error]x", false) == "##&#x5b;error]x");
  CHECK(xml_escaped("a\tb\nc\rd", true) == "a&#x9;b&#xa;c&#xd;d");
  CHECK(xml_escaped("caf\xc3\xa9", true) == "caf\xc3\xa9");
}

TEST_CASE("no format lets a hostile file name or value forge a line or break the format") {
  std::vector<Finding> fs = hostile_findings();
  report::Context ctx;
  ctx.files_checked = 3;
  for (const report::FormatInfo& info : report::formats()) {
    INFO("format " << info.name);
    std::string out = report::render(info.format, fs, ctx);
    CHECK(valid_utf8(out));
    CHECK_FALSE(has_raw_control(out));
    // github's own lines are commands, which the runner parses before it
    // looks for a legacy "##[" command: no need to defuse one there.
    if (info.format != report::Format::Github) CHECK(out.find("##[") == std::string::npos);
    for (const std::string& line : lines_of(out)) {
      INFO(line);
      std::size_t first = line.find_first_not_of(" \t");
      bool command = first != std::string::npos && line.compare(first, 2, "::") == 0;
      if (info.format == report::Format::Github) {
        CHECK(line.rfind("::error file=", 0) == 0);
      } else {
        CHECK_FALSE(command);
      }
    }
    if (info.format == report::Format::Github) CHECK(lines_of(out).size() == fs.size());
  }
}

TEST_CASE("the text excerpt's caret stays under the column when escapes widen the line") {
  Finding f;
  f.code = "P002";
  f.name = "policy-version";
  f.message = "m";
  f.file = "a.json";
  f.source_line =
      "{\"\x1b\":\"ab\x1b"
      "cd\"}";       // columns: { " ESC " : " a b ESC c d " }
  f.start = {1, 7};  // 'a'
  f.end = {1, 11};   // up to 'd': a b ESC c
  report::Context ctx;
  ctx.files_checked = 1;
  std::vector<Finding> fs{f};
  std::vector<std::string> lines = lines_of(report::render(report::Format::Text, fs, ctx));
  REQUIRE(lines.size() >= 3);
  CHECK(lines[1] == " 1 | {\"\\u001b\":\"ab\\u001bcd\"}");
  std::size_t caret = lines[2].find('^');
  REQUIRE(caret != std::string::npos);
  CHECK(lines[1][caret] == 'a');
  CHECK(lines[2].substr(caret) == "^" + std::string(8, '~'));  // a, b, \u001b (6), c
}

TEST_CASE("sarif writes any path as an ASCII URI reference, an absolute one as a file URI") {
  Finding f;
  f.code = "P002";
  f.name = "policy-version";
  f.message = "m";
  f.start = {1, 1};
  report::Context ctx;
  for (auto [file, uri] : {std::pair<std::string, std::string>{"dir/a b.json", "dir/a%20b.json"},
                           {"/abs/x\n\xff.json", "file:///abs/x%0A%FF.json"}}) {
    f.file = file;
    std::vector<Finding> fs{f};
    std::string out = report::render(report::Format::Sarif, fs, ctx);
    CHECK(out.find("\"uri\": \"" + uri + "\"") != std::string::npos);
  }
}
