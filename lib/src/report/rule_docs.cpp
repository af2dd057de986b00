#include "corslint/report.hpp"

#include <map>

#include <fmt/format.h>

#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"
#include "corslint/report.hpp"

namespace corslint {
namespace {

void print(const json::Tree& t, json::NodeId id, int indent, std::string& out) {
  const json::Node& n = t[id];
  auto pad = [&](int level) { out.append(static_cast<std::size_t>(level) * 2, ' '); };
  switch (n.type) {
    case json::Type::Null:
      out += "null";
      break;
    case json::Type::Bool:
      out += n.boolean ? "true" : "false";
      break;
    case json::Type::Number:
      out += n.text;
      break;
    case json::Type::String:
      report::append_json_string(out, n.text);
      break;
    case json::Type::Array:
    case json::Type::Object: {
      bool obj = n.type == json::Type::Object;
      auto kids = t.children(id);
      if (kids.empty()) {
        out += obj ? "{}" : "[]";
        break;
      }
      // Short arrays of scalars stay on one line, as people write them.
      bool inline_list = !obj && kids.size() <= 4;
      for (json::NodeId k : kids) {
        if (t[k].type == json::Type::Array || t[k].type == json::Type::Object) inline_list = false;
      }
      out += obj ? '{' : '[';
      for (std::size_t i = 0; i < kids.size(); ++i) {
        if (i > 0) out += ',';
        if (inline_list) {
          if (i > 0) out += ' ';
        } else {
          out += '\n';
          pad(indent + 1);
        }
        if (obj) {
          report::append_json_string(out, t[kids[i]].key);
          out += ": ";
        }
        print(t, kids[i], indent + 1, out);
      }
      if (!inline_list) {
        out += '\n';
        pad(indent);
      }
      out += obj ? '}' : ']';
      break;
    }
  }
}

std::string_view severity_word(Severity s) { return to_string(s); }

std::map<const RuleMeta*, std::string_view>& rule_sources() {
  static std::map<const RuleMeta*, std::string_view> sources;  // filled during static init
  return sources;
}

}  // namespace

void note_rule_source(const RuleMeta& meta, std::string_view file) {
  // The compiler's path is absolute in CMake builds: keep it from rules/ on, so
  // the docs do not depend on where the tree was built.
  std::size_t at = file.rfind("/rules/");
  if (at != std::string_view::npos) file.remove_prefix(at + 1);
  rule_sources()[&meta] = file;
}

std::string_view rule_source(const RuleMeta& meta) {
  auto it = rule_sources().find(&meta);
  // Findings of the engine itself (E-codes, I-codes) are described there.
  return it == rule_sources().end() ? "lib/src/engine/registry.cpp" : it->second;
}

std::string pretty_json(std::string_view text) {
  SourceError err;
  auto src = Source::from_bytes("example", std::string(text), err);
  if (!err.code.empty() || !src) return std::string(text);
  json::ParseResult parsed = json::parse(*src);
  if (!parsed.ok) return std::string(text);
  std::string out;
  print(parsed.tree, parsed.tree.root(), 0, out);
  return out;
}

Example parse_example(std::string_view text) {
  static constexpr std::string_view kMarker = "// file: ";
  Example out;
  std::size_t at = text.starts_with(kMarker) ? 0 : text.find(fmt::format("\n{}", kMarker));
  if (at == std::string_view::npos) {
    out.files.push_back({{}, text});
    return out;
  }
  out.caption = text.substr(0, at);
  while (at != std::string_view::npos) {
    if (text[at] == '\n') ++at;
    std::size_t name_end = text.find('\n', at);
    std::string_view name = text.substr(at + kMarker.size(), name_end - at - kMarker.size());
    std::size_t body = name_end == std::string_view::npos ? text.size() : name_end + 1;
    at = text.find(fmt::format("\n{}", kMarker), body);
    out.files.push_back({name, text.substr(body, at == std::string_view::npos ? at : at - body)});
  }
  return out;
}

std::string kinds_description(DocKindSet kinds) {
  if (kinds == 0) return "any file";
  std::string out;
  for (int i = 1; i < kDocKindCount; ++i) {
    auto k = static_cast<DocKind>(i);
    if ((kinds & kind_bit(k)) == 0) continue;
    if (!out.empty()) out += ", ";
    switch (k) {
      case DocKind::S3Cors:
        out += "S3 CORS configuration";
        break;
      case DocKind::S3BucketPolicy:
        out += "S3 bucket policy";
        break;
      case DocKind::CloudFrontDistribution:
        out += "CloudFront distribution";
        break;
      case DocKind::CloudFrontResponseHeadersPolicy:
        out += "CloudFront response headers policy";
        break;
      case DocKind::CloudFrontCachePolicy:
        out += "CloudFront cache policy";
        break;
      case DocKind::CloudFrontOriginRequestPolicy:
        out += "CloudFront origin request policy";
        break;
      default:
        out += to_string(k);
        break;
    }
  }
  return out;
}

std::string kinds_description(const RuleMeta& meta) {
  // A document rule's kinds are its checks' (the registry knows them).
  const RuleEntry* e = Registry::instance().find(meta.code);
  return kinds_description(e != nullptr ? e->kinds() : meta.kinds);
}

std::string rule_page_markdown(const RuleMeta& m) {
  std::string out;
  auto code_block = [&](std::string_view example) {
    std::string pretty = pretty_json(example);
    bool is_json = !example.empty() && (example[0] == '{' || example[0] == '[');
    fmt::format_to(std::back_inserter(out), "```{}\n{}\n```\n", is_json ? "json" : "", pretty);
  };
  // A file map: its caption, then each file under its name.
  auto example_block = [&](std::string_view text) {
    Example example = parse_example(text);
    if (!example.is_file_map()) return code_block(text);
    if (!example.caption.empty())
      fmt::format_to(std::back_inserter(out), "{}\n\n", example.caption);
    for (std::size_t i = 0; i < example.files.size(); ++i) {
      fmt::format_to(std::back_inserter(out), "{}`{}`:\n\n", i > 0 ? "\n" : "",
                     example.files[i].name);
      code_block(example.files[i].text);
    }
  };
  fmt::format_to(std::back_inserter(out),
                 "<!-- Generated from the rule metadata by `corslint rules --format markdown`. "
                 "Do not edit. -->\n\n");
  fmt::format_to(std::back_inserter(out), "# {} ({})\n\n", m.name, m.code);
  fmt::format_to(std::back_inserter(out), "**Severity:** {}{} · **Applies to:** {}\n\n",
                 severity_word(m.default_severity),
                 m.enabled_by_default ? "" : " (off by default; enable with `--select`)",
                 kinds_description(m));
  fmt::format_to(std::back_inserter(out), "{}\n\n", m.summary);
  fmt::format_to(std::back_inserter(out), "## Why is this bad?\n\n{}\n\n", m.rationale);
  out += "## Example\n\n";
  example_block(m.bad_example);
  out += "\nUse instead:\n\n";
  example_block(m.good_example);
  fmt::format_to(std::back_inserter(out), "\n## How to fix\n\n{}\n\n", m.fix_hint);
  fmt::format_to(std::back_inserter(out), "## References\n\n- <{}>\n", m.references);
  fmt::format_to(std::back_inserter(out), "\n## Source\n\n[`{0}`](../../{0})\n", rule_source(m));
  return out;
}

std::string rule_index_markdown() {
  std::string out =
      "<!-- Generated from the rule metadata by `corslint rules --format markdown`. Do not edit. "
      "-->\n\n# corslint rules\n\n| code | name | severity | applies to | summary |\n"
      "|---|---|---|---|---|\n";
  for (const RuleEntry& e : Registry::instance().rules()) {
    const RuleMeta& m = *e.meta;
    fmt::format_to(std::back_inserter(out), "| [{}]({}.md) | {} | {} | {} | {} |\n", m.code, m.code,
                   m.name, severity_word(m.default_severity), kinds_description(m), m.summary);
  }
  return out;
}

std::string rule_explain_text(const RuleMeta& m) {
  std::string out;
  fmt::format_to(std::back_inserter(out), "{} {} ({}, {})\n\n{}\n\nWhy is this bad?\n  {}\n\n",
                 m.code, m.name, severity_word(m.default_severity), kinds_description(m), m.summary,
                 m.rationale);
  auto indent = [](std::string_view s) {
    std::string r = "    ";
    for (char c : s) {
      r += c;
      if (c == '\n') r += "    ";
    }
    return r;
  };
  // A file map keeps its `// file:` lines, each file re-indented.
  auto pretty = [](std::string_view text) {
    Example example = parse_example(text);
    if (!example.is_file_map()) return pretty_json(text);
    std::string r(example.caption);
    for (const ExampleFile& f : example.files) {
      fmt::format_to(std::back_inserter(r), "{}// file: {}\n{}", r.empty() ? "" : "\n", f.name,
                     pretty_json(f.text));
    }
    return r;
  };
  fmt::format_to(std::back_inserter(out), "Example:\n{}\n\nUse instead:\n{}\n\n",
                 indent(pretty(m.bad_example)), indent(pretty(m.good_example)));
  fmt::format_to(std::back_inserter(out), "How to fix:\n  {}\n\nReferences:\n  {}\n  {}\n",
                 m.fix_hint, m.references, help_uri(m.code));
  return out;
}

}  // namespace corslint
