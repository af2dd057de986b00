#pragma once

// One escaping function per report format, applied by each writer to every
// string it did not write itself (file names, messages, pointers, excerpts):
// no file name and no value may forge a line, a workflow command or a
// terminal escape, nor make a report invalid in its format, whatever its bytes
// (docs/security.md, "Reports"). JSON's is append_json_string (report.hpp),
// shared by json, sarif, gitlab, baselines and the simulator's JSON.
//
// Any report may be printed in a GitHub Actions step, whose runner reads every
// line of output for workflow commands (actions/runner,
// src/Runner.Common/ActionCommand.cs: `TryParseV2` takes a line whose
// TrimStart() starts with "::"; the legacy `TryParse` takes "##[" anywhere in
// a line). So no format writes a raw line break inside a value, none lets a
// value start a line with "::", and all but github (whose own lines are
// commands, parsed first) escape the '[' of "##[".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace corslint::report {

// One UTF-8 character of `s` at `i`: its code point and length, or, for a
// byte that does not start a valid sequence (bad lead, truncated, overlong,
// surrogate, past U+10FFFF), that one byte with valid == false.
struct Utf8Unit {
  uint32_t cp = 0;
  std::size_t len = 1;
  bool valid = true;
};
Utf8Unit next_utf8(std::string_view s, std::size_t i);

// Text (terminal) output. Control characters (C0 but tab, DEL, C1), U+2028,
// U+2029 and the bidirectional overrides and isolates are shown as `\u001b`;
// a byte that is not UTF-8 as `\xff`. Two GitHub Actions runner commands are
// also defused, since text output is read by the runner too: `##[` (a legacy
// command, parsed anywhere in a line) becomes `##\u005b`, and with
// `line_start` a ':' after only blanks becomes `\u003a` (a line whose trimmed
// start is "::" is a command).
void append_text(std::string& out, std::string_view s, bool line_start = false);
std::string text_escaped(std::string_view s, bool line_start = false);
// How many columns one unit takes once escaped (1 when shown as itself).
std::size_t text_width(std::string_view s, std::size_t i, const Utf8Unit& u);

// GitHub workflow commands (`::error file=…::data`): GitHub's own escapes,
// then what append_text shows as escapes (no raw control character, valid UTF-8).
void append_github_data(std::string& out, std::string_view s);
void append_github_property(std::string& out, std::string_view s);

// XML 1.0 character data (`attribute` = false) or a double-quoted attribute
// value: markup escaped, every character one XML 1.0 may hold (invalid UTF-8,
// C0 controls other than tab/LF/CR, U+FFFE and U+FFFF become U+FFFD); C1
// controls, DEL, LF, CR and the '[' of "##[" as character references (and tab
// in attributes, so attribute-value normalisation keeps it).
void append_xml(std::string& out, std::string_view s, bool attribute);
std::string xml_escaped(std::string_view s, bool attribute);

}  // namespace corslint::report
