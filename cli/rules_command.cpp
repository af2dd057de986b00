// `corslint rules` and `corslint explain`.
#include <algorithm>
#include <filesystem>

#include <fmt/core.h>
#include <cxxopts.hpp>

#include "commands.hpp"
#include "corslint/engine.hpp"
#include "corslint/report.hpp"
#include "corslint/rule.hpp"

namespace corslint::cli {
namespace {

std::string rules_text() {
  std::string out;
  for (const RuleEntry& e : Registry::instance().rules()) {
    const RuleMeta& m = *e.meta;
    out += fmt::format("{}  {:<44} {:<8} {}{}\n", m.code, m.name, to_string(m.default_severity),
                       m.summary, m.enabled_by_default ? "" : " (off by default)");
  }
  return out;
}

std::string rules_json() {
  std::string out = "[\n";
  bool first = true;
  for (const RuleEntry& e : Registry::instance().rules()) {
    const RuleMeta& m = *e.meta;
    if (!first) out += ",\n";
    first = false;
    out += "  {\"code\": ";
    report::append_json_string(out, m.code);
    out += ", \"name\": ";
    report::append_json_string(out, m.name);
    out += ", \"severity\": ";
    report::append_json_string(out, to_string(m.default_severity));
    out += ", \"enabled_by_default\": ";
    out += m.enabled_by_default ? "true" : "false";
    out += ", \"applies_to\": ";
    report::append_json_string(out, kinds_description(m));
    out += ", \"summary\": ";
    report::append_json_string(out, m.summary);
    out += ", \"fix\": ";
    report::append_json_string(out, m.fix_hint);
    out += ", \"help_uri\": ";
    report::append_json_string(out, help_uri(m.code));
    out += "}";
  }
  out += "\n]\n";
  return out;
}

int write_markdown(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return usage_error(fmt::format("cannot create '{}': {}", dir, ec.message()));
  for (const RuleEntry& e : Registry::instance().rules()) {
    std::string path = (fs::path(dir) / fmt::format("{}.md", e.meta->code)).string();
    WriteError error;
    if (!write_output(path, rule_page_markdown(*e.meta), &error)) return write_error(path, error);
  }
  std::string index = (fs::path(dir) / "README.md").string();
  WriteError error;
  if (!write_output(index, rule_index_markdown(), &error)) return write_error(index, error);
  return kExitOk;
}

}  // namespace

int run_rules(std::vector<std::string> args) {
  cxxopts::Options o("corslint rules", "List every rule with code, name, severity and summary.");
  o.add_options()("f,format", "text, json or markdown",
                  cxxopts::value<std::string>()->default_value("text"))(
      "o,output", "markdown: the folder to write one page per rule into (json/text: a file)",
      cxxopts::value<std::string>())("h,help", "print this help");
  std::vector<const char*> argv{"corslint rules"};
  for (const auto& a : args) argv.push_back(a.c_str());
  cxxopts::ParseResult parsed;
  try {
    parsed = o.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const cxxopts::exceptions::exception& e) {
    return usage_error(e.what(), "run 'corslint rules --help'");
  }
  if (parsed.count("help")) {
    fmt::print("{}\n", o.help());
    return kExitOk;
  }
  if (!parsed.unmatched().empty()) {
    return usage_error(fmt::format("unexpected argument '{}'", parsed.unmatched().front()),
                       "run 'corslint rules --help'");
  }
  std::string format = parsed["format"].as<std::string>();
  std::string output = parsed.count("output") ? parsed["output"].as<std::string>() : "";
  if (format == "markdown") {
    if (output.empty()) return usage_error("--format markdown needs --output DIR");
    return write_markdown(output);
  }
  if (format != "text" && format != "json") {
    return usage_error(fmt::format("unknown format '{}'", format),
                       "use one of: text, json, markdown");
  }
  WriteError error;
  if (!write_output(output, format == "json" ? rules_json() : rules_text(), &error)) {
    return write_error(output, error);
  }
  return kExitOk;
}

int run_explain(std::vector<std::string> args) {
  if (args.size() != 1 || args[0].starts_with("-")) {
    if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
      fmt::print("usage: corslint explain CODE|NAME\n");
      return kExitOk;
    }
    return usage_error("explain takes exactly one rule code or name", "e.g. corslint explain C003");
  }
  const RuleEntry* e = Registry::instance().find(args[0]);
  if (e == nullptr) {
    auto guess = closest_rule(args[0]);
    return usage_error(fmt::format("unknown rule '{}'", args[0]),
                       guess ? fmt::format("did you mean '{}'?", *guess)
                             : std::string("run 'corslint rules' to list codes and names"));
  }
  fmt::print("{}", rule_explain_text(*e->meta));
  return kExitOk;
}

}  // namespace corslint::cli
