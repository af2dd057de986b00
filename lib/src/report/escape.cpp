// Each report format's escaping (escape.hpp); every writer applies its
// format's function to every string that came from input.
#include "escape.hpp"

#include "corslint/report.hpp"

namespace corslint::report {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void append_u_escape(std::string& out, uint32_t cp) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
}

void append_x_escape(std::string& out, unsigned char c) {
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// What a terminal or a log viewer would act on, or lay out differently from
// the bytes: C0 controls but tab, DEL, C1 controls (ESC's one-byte forms:
// CSI U+009B, OSC U+009D, NEL U+0085), the line and paragraph separators, and
// the bidirectional marks, embeddings, overrides and isolates ("Trojan Source").
bool shown_escaped(uint32_t cp) {
  if (cp < 0x20) return cp != '\t';
  if (cp >= 0x7F && cp <= 0x9F) return true;
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// What .NET's String.TrimStart() removes that append_text writes as itself.
bool blank(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// `s[i]` is the '[' of "##[".
bool legacy_command_bracket(std::string_view s, std::size_t i) {
  return s[i] == '[' && i >= 2 && s[i - 1] == '#' && s[i - 2] == '#';
}

void append_json_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      append_u_escape(out, c);
  }
}

}  // namespace

Utf8Unit next_utf8(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1, true};
  std::size_t len = 0;
  uint32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return {c, 1, false};
  }
  if (i + len > s.size()) return {c, 1, false};
  for (std::size_t k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {c, 1, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return {c, 1, false};
  }
  return {cp, len, true};
}

// --- JSON (RFC 8259): json, sarif, gitlab, baselines, the simulator's JSON ---

// Copies runs of characters that need no escape in one append: messages and
// rule metadata are almost all plain text, and one push_back per character
// was the largest cost of rendering SARIF. Control characters (C0, DEL, C1)
// and U+2028/U+2029 are written as escapes; a byte that is not UTF-8 becomes
// U+FFFD, so the report is valid UTF-8 whatever the file names and values hold.
// The '[' of "##[" is escaped too: a report printed in a GitHub Actions step is
// read by the runner, which takes "##[error]" anywhere in a line for a command.
void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '[') {
      ++i;
      continue;
    }
    Utf8Unit u = next_utf8(s, i);
    bool legacy = legacy_command_bracket(s, i);
    if (u.valid && (u.cp >= 0x80 || u.cp == '[') && !shown_escaped(u.cp) && !legacy) {
      i += u.len;
      continue;
    }
    out.append(s.data() + run, i - run);
    if (!u.valid) {
      out += kReplacement;
    } else if (legacy) {
      append_u_escape(out, '[');
    } else if (u.cp < 0x80) {
      append_json_escape(out, c);
    } else {
      append_u_escape(out, u.cp);  // C1, U+2028/9, bidi controls: valid raw, escaped for terminals
    }
    i += u.len;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

// --- text ---------------------------------------------------------------------

std::size_t text_width(std::string_view s, std::size_t i, const Utf8Unit& u) {
  if (!u.valid) return 4;                      // \xff
  if (shown_escaped(u.cp)) return 6;           // \u001b
  if (legacy_command_bracket(s, i)) return 6;  // ##\u005b
  return 1;
}

void append_text(std::string& out, std::string_view s, bool line_start) {
  bool leading = line_start;
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (!leading && c >= 0x20 && c < 0x7F && c != '[') {
      ++i;
      continue;
    }
    Utf8Unit u = next_utf8(s, i);
    bool escape =
        !u.valid || shown_escaped(u.cp) || legacy_command_bracket(s, i) || (leading && u.cp == ':');
    if (leading && !blank(u.cp)) leading = false;
    if (!escape) {
      i += u.len;
      continue;
    }
    out.append(s.data() + run, i - run);
    if (u.valid)
      append_u_escape(out, u.cp);
    else
      append_x_escape(out, c);
    i += u.len;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
}

std::string text_escaped(std::string_view s, bool line_start) {
  std::string out;
  append_text(out, s, line_start);
  return out;
}

// --- GitHub workflow commands -------------------------------------------------
//
// GitHub's escaping, as the Actions toolkit writes it (actions/toolkit,
// packages/core/src/command.ts, `escapeData`: % -> %25, CR -> %0D, LF -> %0A;
// `escapeProperty`: the same and : -> %3A, , -> %2C) and the runner reads it
// back (actions/runner, src/Runner.Common/ActionCommand.cs: `_escapeDataMappings`
// and `_escapePropertyMappings` hold exactly these; `TryParseV2` takes the
// command to the first "::" after the leading one, so an escaped property
// cannot end it). '%' goes first so "%0A" in a name stays "%250A". Everything
// else append_text would escape is shown the same way here (the runner reads
// output as UTF-8 and the log viewer renders ANSI escapes).

namespace {

void append_github(std::string& out, std::string_view s, bool property) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else if (property && c == ':') {
      out += "%3A";
    } else if (property && c == ',') {
      out += "%2C";
    } else {
      Utf8Unit u = next_utf8(s, i);
      if (!u.valid)
        append_x_escape(out, c);
      else if (shown_escaped(u.cp))
        append_u_escape(out, u.cp);
      else
        out.append(s.substr(i, u.len));
      i += u.len;
      continue;
    }
    ++i;
  }
}

}  // namespace

void append_github_data(std::string& out, std::string_view s) { append_github(out, s, false); }
void append_github_property(std::string& out, std::string_view s) { append_github(out, s, true); }

// --- XML 1.0 (JUnit) ------------------------------------------------------------

namespace {

void append_char_ref(std::string& out, uint32_t cp) {
  out += "&#x";
  if (cp >= 0x10) out += kHex[(cp >> 4) & 0xF];
  out += kHex[cp & 0xF];
  out += ';';
}

// Markup, and what XML 1.0's Char production excludes or a parser would
// normalise away.
bool xml_special(uint32_t cp, bool attribute) {
  switch (cp) {
    case '&':
    case '<':
    case '>':
    case '"':
    case '\'':
    case '\r':  // parsers turn CR and CRLF into LF, even in content
    case '\n':  // one line per element: a report printed in a CI log forges no line
    case 0xFFFE:
    case 0xFFFF:
      return true;
    case '\t':
      return attribute;  // attribute-value normalisation turns it into a space
    default:
      return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
  }
}

void append_xml_escape(std::string& out, uint32_t cp) {
  switch (cp) {
    case '&':
      out += "&amp;";
      return;
    case '<':
      out += "&lt;";
      return;
    case '>':
      out += "&gt;";
      return;
    case '"':
      out += "&quot;";
      return;
    case '\'':
      out += "&apos;";
      return;
    case '[':
    case '\t':
    case '\n':
    case '\r':
      append_char_ref(out, cp);
      return;
    default:
      break;
  }
  if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) {
    out += kReplacement;  // no character reference may name these in XML 1.0
  } else {
    append_char_ref(out, cp);  // DEL and C1 controls
  }
}

}  // namespace

void append_xml(std::string& out, std::string_view s, bool attribute) {
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' &&
        c != '[') {
      ++i;
      continue;
    }
    Utf8Unit u = next_utf8(s, i);
    if (u.valid && !xml_special(u.cp, attribute) && !legacy_command_bracket(s, i)) {
      i += u.len;
      continue;
    }
    out.append(s.data() + run, i - run);
    if (u.valid)
      append_xml_escape(out, u.cp);
    else
      out += kReplacement;
    i += u.len;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
}

std::string xml_escaped(std::string_view s, bool attribute) {
  std::string out;
  append_xml(out, s, attribute);
  return out;
}

std::string terminal_line(std::string_view s) { return text_escaped(s, true); }

}  // namespace corslint::report
