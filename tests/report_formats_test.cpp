// The report format table (lib/src/report/formats.cpp) is the one list of
// formats: these checks fail until the text that cannot read it (the bash
// completion, the man page, docs/usage.md) names every format in it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "corslint/report.hpp"
#include "fixture_support.hpp"

using namespace corslint;
using namespace corslint::testing;

namespace {

std::string source_file(const std::string& relative) {
  return read_file((std::filesystem::path(kSourceDir) / relative).string());
}

// `text`, `json`, ... or .BR-style pieces: each name through `item`, joined
// with `middle` and with `last` before the final one.
template <class Item>
std::string listed(Item item, std::string_view middle, std::string_view last) {
  std::string out;
  auto all = report::formats();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i > 0) out += i + 1 == all.size() ? last : middle;
    out += item(all[i].name);
  }
  return out;
}

}  // namespace

TEST_CASE("the format table: one row per enumerator, in order, names unique") {
  auto all = report::formats();
  REQUIRE_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(static_cast<std::size_t>(all[i].format) == i);
    CHECK(report::parse_format(all[i].name) == all[i].format);
    CHECK(report::format_info(all[i].format).name == all[i].name);
    CHECK(all[i].make != nullptr);
  }
  CHECK_FALSE(report::parse_format("markdown"));
  CHECK(report::format_names(", ").starts_with("text, "));
}

TEST_CASE("the bash completion offers every report format") {
  std::string expected =
      fmt::format("-f|--format) COMPREPLY=($(compgen -W \"{}\"", report::format_names(" "));
  INFO("completions/corslint.bash should hold: " << expected);
  CHECK(source_file("completions/corslint.bash").find(expected) != std::string::npos);
}

TEST_CASE("the man page lists every report format") {
  // .BR text " (default), " json ", " sarif " or " gitlab .
  std::string expected =
      ".BR " + listed([](std::string_view n) { return std::string(n); }, " \", \" ", " \" or \" ") +
      " .";
  expected.replace(expected.find(" \", \" "), 6, " \" (default), \" ");
  INFO("docs/corslint.1 should hold: " << expected);
  CHECK(source_file("docs/corslint.1").find(expected) != std::string::npos);
}

TEST_CASE("docs/usage.md lists and describes every report format") {
  std::string usage = source_file("docs/usage.md");
  std::string row = "| `-f, --format FORMAT` | " +
                    listed([](std::string_view n) { return fmt::format("`{}`", n); }, ", ", ", ");
  row.replace(row.find("`, "), 3, "` (default), ");
  INFO("docs/usage.md's options table should hold: " << row);
  CHECK(usage.find(row + " — see below |") != std::string::npos);
  for (const report::FormatInfo& f : report::formats()) {
    INFO("docs/usage.md needs a section `### " << f.name << "` under Output formats");
    CHECK(usage.find(fmt::format("\n### {}\n", f.name)) != std::string::npos);
  }
}
