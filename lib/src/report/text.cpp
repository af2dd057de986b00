// Compiler-style text: `path:line:col: severity: message [CODE name]`, an
// excerpt with a caret, and a summary line.
#include <algorithm>
#include <charconv>
#include <map>

#include <fmt/format.h>

#include "corslint/report.hpp"
#include "escape.hpp"
#include "writers.hpp"

namespace corslint::report {
namespace {

struct Style {
  bool on;
  std::string_view bold() const { return on ? "\x1b[1m" : ""; }
  std::string_view reset() const { return on ? "\x1b[0m" : ""; }
  std::string_view dim() const { return on ? "\x1b[2m" : ""; }
  std::string_view severity(Severity s) const {
    if (!on) return "";
    switch (s) {
      case Severity::Error:
        return "\x1b[1;31m";
      case Severity::Warning:
        return "\x1b[1;33m";
      case Severity::Info:
        return "\x1b[1;36m";
    }
    return "";
  }
};

void append_number(std::string& out, uint32_t n) {
  char buf[16];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

// Columns, in the excerpt as shown (escapes take several), of the units of
// `line` from byte `i` until column `to`: tabs kept so the caret lines up.
struct Walk {
  std::size_t i = 0;
  uint32_t col = 1;
};
std::size_t shown_until(std::string_view line, Walk& w, uint32_t to, std::string* marks) {
  std::size_t width = 0;
  while (w.i < line.size() && w.col < to) {
    Utf8Unit u = next_utf8(line, w.i);
    std::size_t n = text_width(line, w.i, u);
    if (marks) marks->append(n, u.valid && u.cp == '\t' ? '\t' : ' ');
    width += n;
    // A column is a code point; a stray continuation byte is none.
    if (u.valid || (static_cast<unsigned char>(line[w.i]) & 0xC0) != 0x80) ++w.col;
    w.i += u.len;
  }
  return width;
}

// The excerpt, escaped as every text is, and its caret line: '^' and '~' to
// the end when on one line.
void append_excerpt(std::string& out, const Finding& f, const Style& st) {
  if (f.source_line.empty() || f.start.line == 0) return;
  std::string_view line = f.source_line;
  std::string gutter = std::to_string(f.start.line);
  std::string pad(gutter.size(), ' ');
  fmt::format_to(std::back_inserter(out), " {}{} |{} {}\n", st.dim(), gutter, st.reset(),
                 text_escaped(line));
  std::string marks;
  Walk w;
  shown_until(line, w, f.start.column, &marks);
  std::size_t width = 1;
  if (f.end.line == f.start.line && f.end.column > f.start.column) {
    std::size_t columns = f.end.column - f.start.column;
    uint32_t start_col = w.col;
    std::size_t shown = shown_until(line, w, f.end.column, nullptr);
    // Past the line's end each column is one; escapes make the rest wider.
    width = std::min<std::size_t>(shown + (columns - (w.col - start_col)), 200);
  }
  std::string caret = "^" + std::string(width - 1, '~');
  fmt::format_to(std::back_inserter(out), " {}{} |{} {}{}{}{}\n", st.dim(), pad, st.reset(), marks,
                 st.severity(f.severity), caret, st.reset());
}

}  // namespace

namespace {

class TextWriter final : public StreamWriter {
 public:
  explicit TextWriter(const Context& ctx) : ctx_(ctx), st_{ctx.color} {}

  void render_group(std::span<const Finding> group, std::string& out) const override {
    for (const Finding& f : group) {
      // `path:line:col: severity: message [CODE name]`, appended piece by
      // piece: this line is written for every finding, and a format string
      // with 13 fields cost ~4,500 instructions a line (17% of a -q run).
      out += st_.bold();
      append_text(out, f.file, true);  // a file name must not start a workflow command
      out += ':';
      append_number(out, f.start.line);
      out += ':';
      append_number(out, f.start.column);
      out += ':';
      out += st_.reset();
      out += ' ';
      out += st_.severity(f.severity);
      out += to_string(f.severity);
      out += ':';
      out += st_.reset();
      out += ' ';
      append_text(out, f.message);
      out += ' ';
      out += st_.dim();
      out += '[';
      append_text(out, f.code);
      out += ' ';
      append_text(out, f.name);
      out += ']';
      out += st_.reset();
      out += '\n';
      if (ctx_.quiet) continue;
      append_excerpt(out, f, st_);
      for (const RelatedLocation& r : f.related) {
        fmt::format_to(std::back_inserter(out), "  {}note:{} {} at {}:{}:{}\n", st_.bold(),
                       st_.reset(), text_escaped(r.message), text_escaped(r.file), r.start.line,
                       r.start.column);
      }
      for (const Fix& fix : f.fixes) {
        fmt::format_to(std::back_inserter(out), "  {}fix:{} {}\n", st_.bold(), st_.reset(),
                       text_escaped(fix.description));
      }
    }
  }

  void end(std::string& out) override {
    if (ctx_.statistics && total_ > 0) {
      std::vector<std::pair<std::size_t, std::pair<std::string_view, std::string_view>>> rows;
      for (const auto& [k, n] : per_code_) rows.push_back({n, k});
      std::stable_sort(rows.begin(), rows.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      for (const auto& [n, k] : rows) {
        fmt::format_to(std::back_inserter(out), "{:>6}  {}  {}\n", n, text_escaped(k.first),
                       text_escaped(k.second));
      }
    }
    if (ctx_.quiet) return;
    if (total_ == 0) {
      fmt::format_to(std::back_inserter(out), "No problems found in {} file{}.\n",
                     ctx_.files_checked, ctx_.files_checked == 1 ? "" : "s");
    } else {
      fmt::format_to(std::back_inserter(out),
                     "Found {} problem{} ({} error{}, {} warning{}, {} info) in {} of {} file{}.\n",
                     total_, total_ == 1 ? "" : "s", counts_[2], counts_[2] == 1 ? "" : "s",
                     counts_[1], counts_[1] == 1 ? "" : "s", counts_[0], files_with_,
                     ctx_.files_checked, ctx_.files_checked == 1 ? "" : "s");
    }
  }

 private:
  Context ctx_;
  Style st_;
};

}  // namespace

std::unique_ptr<StreamWriter> make_text_writer(const Context& ctx) {
  return std::make_unique<TextWriter>(ctx);
}

}  // namespace corslint::report
