// libFuzzer target: every report format is valid, and forges no line, for
// any file name and any content (issue 22, items 14-15; docs/security.md,
// "Reports"). The input is the file's content, then optionally a NUL and the
// file's name (any bytes: newlines, ESC, bytes that are not UTF-8, "::error");
// without a NUL the name is "fuzz.json", so the usual seeds work unchanged.
// Each format's output is checked by a checker written here, independent of
// the writers' escaping:
//   json, gitlab, sarif: strict UTF-8 and JSON (simdjson's DOM parser, which
//                        validates UTF-8 too);
//   junit: strict UTF-8, only XML 1.0 characters, every '&' a known or
//          numeric reference to an XML character, tags balanced, no raw '<',
//          '>', LF or tab in attribute values;
//   github: one line per finding, each starting "::" and a known command;
//   text: no raw control character but LF and tab, valid UTF-8;
//   all but github: no line the GitHub runner takes for a command ("::" after
//   leading blanks, "##[" anywhere).
// A violation prints the format and the output, then traps.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/engine.hpp"
#include "corslint/report.hpp"

namespace {

const corslint::Linter& linter() {
  static const corslint::Linter instance([] {
    corslint::LintOptions o;
    o.rules.select = std::vector<std::string>{"ALL", "I000"};
    o.settings.allowed_origins = {"https://*.example.com"};
    return o;
  }());
  return instance;
}

[[noreturn]] void fail(std::string_view format, std::string_view what, std::string_view out) {
  std::fprintf(stderr, "fuzz_reports: %.*s report: %.*s\n---\n%.*s\n---\n",
               static_cast<int>(format.size()), format.data(), static_cast<int>(what.size()),
               what.data(), static_cast<int>(out.size() > 4000 ? 4000 : out.size()), out.data());
  __builtin_trap();
}

// The code points of `s`, or false at the first byte that is not UTF-8
// (overlong forms, surrogates and values past U+10FFFF included).
bool decode_utf8(std::string_view s, std::vector<uint32_t>& cps) {
  cps.clear();
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    cps.push_back(cp);
    i += len;
  }
  return true;
}

bool raw_control(uint32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F);
}

bool xml_char(uint32_t cp) {
  return cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

void check_lines_not_commands(std::string_view format, std::string_view out) {
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t nl = out.find('\n', start);
    if (nl == std::string_view::npos) nl = out.size();
    std::string_view line = out.substr(start, nl - start);
    std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line.substr(first).starts_with("::"))
      fail(format, "a line starts with \"::\"", out);
    if (line.find("##[") != std::string_view::npos) fail(format, "a line holds \"##[\"", out);
    start = nl + 1;
  }
}

void check_json(std::string_view format, const std::string& out) {
  std::vector<uint32_t> cps;
  if (!decode_utf8(out, cps)) fail(format, "not UTF-8", out);
  static simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(out).get(doc) != simdjson::SUCCESS) fail(format, "not JSON", out);
  check_lines_not_commands(format, out);
}

// A reference after '&' at `i`: a predefined entity or a numeric reference
// to an XML character. Returns the index after ';', or 0.
std::size_t xml_reference(std::string_view s, std::size_t i) {
  for (std::string_view e : {"amp;", "lt;", "gt;", "quot;", "apos;"}) {
    if (s.substr(i, e.size()) == e) return i + e.size();
  }
  if (s.substr(i, 1) != "#") return 0;
  bool hex = s.substr(i + 1, 1) == "x";
  std::size_t j = i + (hex ? 2 : 1);
  uint32_t cp = 0;
  std::size_t digits = 0;
  for (; j < s.size() && s[j] != ';' && digits < 8; ++j, ++digits) {
    char c = s[j];
    int d = (c >= '0' && c <= '9')          ? c - '0'
            : hex && (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : hex && (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                            : -1;
    if (d < 0) return 0;
    cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
  }
  if (digits == 0 || j >= s.size() || s[j] != ';' || !xml_char(cp)) return 0;
  return j + 1;
}

// Character data or an attribute value between `b` and `e`: references
// well-formed, no markup character raw.
void check_xml_text(const std::string& out, std::size_t b, std::size_t e, bool attribute) {
  for (std::size_t i = b; i < e; ++i) {
    char c = out[i];
    if (c == '&') {
      std::size_t after = xml_reference(out, i + 1);
      if (after == 0 || after > e) fail("junit", "a bad reference", out.substr(i, 40));
      i = after - 1;
    } else if (c == '<' || c == '>' || (attribute && (c == '"' || c == '\n' || c == '\t'))) {
      fail("junit", "a raw markup character or line break in a value", out.substr(b, e - b));
    }
  }
}

// One tag at out[i] == '<': its name onto / off `open`; returns the index after '>'.
std::size_t check_xml_tag(const std::string& out, std::size_t i, std::vector<std::string>& open) {
  bool closing = out.compare(i, 2, "</") == 0;
  std::size_t j = i + (closing ? 2 : 1);
  std::size_t name_end = out.find_first_of(" />", j);
  if (name_end == std::string::npos || name_end == j) fail("junit", "a bad tag", out.substr(i, 40));
  std::string name = out.substr(j, name_end - j);
  j = name_end;
  while (j < out.size() && out[j] == ' ') {
    std::size_t eq = out.find("=\"", j);
    if (eq == std::string::npos) fail("junit", "a bad attribute", out.substr(j, 40));
    std::size_t close = out.find('"', eq + 2);
    if (close == std::string::npos) fail("junit", "an unterminated attribute", out.substr(j, 40));
    check_xml_text(out, eq + 2, close, true);
    j = close + 1;
  }
  bool empty = out.compare(j, 2, "/>") == 0;
  if (!empty && out.compare(j, 1, ">") != 0) fail("junit", "a bad tag end", out.substr(i, 80));
  if (closing) {
    if (open.empty() || open.back() != name) fail("junit", "unbalanced tags", out.substr(i, 80));
    open.pop_back();
  } else if (!empty) {
    open.push_back(name);
  }
  return j + (empty ? 2 : 1);
}

void check_junit(const std::string& out) {
  std::vector<uint32_t> cps;
  if (!decode_utf8(out, cps)) fail("junit", "not UTF-8", out);
  for (uint32_t cp : cps) {
    if (!xml_char(cp)) fail("junit", "a character XML 1.0 cannot hold", out);
  }
  constexpr std::string_view kDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  if (!std::string_view(out).starts_with(kDecl)) fail("junit", "no XML declaration", out);
  std::vector<std::string> open;
  bool root_seen = false;
  std::size_t i = kDecl.size();
  while (i < out.size()) {
    std::size_t lt = out.find('<', i);
    if (lt == std::string::npos) lt = out.size();
    if (open.empty() && out.find_first_not_of(" \n", i) < lt)
      fail("junit", "text outside the root element", out);
    check_xml_text(out, i, lt, false);
    if (lt == out.size()) break;
    if (open.empty() && root_seen) fail("junit", "a second root element", out);
    i = check_xml_tag(out, lt, open);
    root_seen = true;
  }
  if (!open.empty() || !root_seen) fail("junit", "unbalanced tags", out);
  check_lines_not_commands("junit", out);
}

void check_github(const std::string& out, std::size_t findings) {
  std::vector<uint32_t> cps;
  if (!decode_utf8(out, cps)) fail("github", "not UTF-8", out);
  for (uint32_t cp : cps) {
    if (raw_control(cp)) fail("github", "a raw control character", out);
  }
  std::size_t lines = 0;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t nl = out.find('\n', start);
    if (nl == std::string::npos) fail("github", "an unterminated line", out);
    std::string_view line(out.data() + start, nl - start);
    bool known = line.starts_with("::error file=") || line.starts_with("::warning file=") ||
                 line.starts_with("::notice file=");
    if (!known || line.find("::", 2) == std::string_view::npos)
      fail("github", "a line that is not one of our commands", out);
    ++lines;
    start = nl + 1;
  }
  if (lines != findings) fail("github", "not one line per finding", out);
}

void check_text(const std::string& out) {
  std::vector<uint32_t> cps;
  if (!decode_utf8(out, cps)) fail("text", "not UTF-8", out);
  for (uint32_t cp : cps) {
    if (raw_control(cp)) fail("text", "a raw control character", out);
  }
  check_lines_not_commands("text", out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t nul = input.find('\0');
  std::string name =
      nul == std::string_view::npos ? "fuzz.json" : std::string(input.substr(nul + 1));
  if (name.empty()) name = "fuzz.json";
  std::vector<corslint::Finding> findings;
  linter().lint_bytes(name, std::string(input.substr(0, nul)), findings);
  corslint::report::Context ctx;
  ctx.files_checked = 1;
  using corslint::report::Format;
  for (const corslint::report::FormatInfo& info : corslint::report::formats()) {
    // SARIF carries every rule's metadata: one input in four (render_reports.hpp).
    if (info.format == Format::Sarif && size % 4 != 0) continue;
    std::string out = corslint::report::render(info.format, findings, ctx);
    switch (info.format) {
      case Format::Json:
      case Format::Sarif:
      case Format::Gitlab:
        check_json(info.name, out);
        break;
      case Format::Junit:
        check_junit(out);
        break;
      case Format::Github:
        check_github(out, findings.size());
        break;
      case Format::Text:
        check_text(out);
        break;
    }
  }
  return 0;
}
