#include "corslint/report.hpp"

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

}  // namespace

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
  code_block(m.bad_example);
  out += "\nUse instead:\n\n";
  code_block(m.good_example);
  fmt::format_to(std::back_inserter(out), "\n## How to fix\n\n{}\n\n", m.fix_hint);
  fmt::format_to(std::back_inserter(out), "## References\n\n- <{}>\n", m.references);
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
  fmt::format_to(std::back_inserter(out), "Example:\n{}\n\nUse instead:\n{}\n\n",
                 indent(pretty_json(m.bad_example)), indent(pretty_json(m.good_example)));
  fmt::format_to(std::back_inserter(out), "How to fix:\n  {}\n\nReferences:\n  {}\n  {}\n",
                 m.fix_hint, m.references, help_uri(m.code));
  return out;
}

}  // namespace corslint
