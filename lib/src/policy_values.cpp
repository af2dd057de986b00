#include "corslint/policy_values.hpp"

#include <algorithm>
#include <array>

#include "corslint/match.hpp"
#include "corslint/origin.hpp"

namespace corslint::policy {
namespace {

using json::NodeId;
using json::Tree;
using json::Type;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_upper_or_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_upper_or_digit(c) || (c >= 'a' && c <= 'z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Condition keys: "service:name", where tag keys after '/' may use + = . _ : / @ -.
bool is_key_text(std::string_view key) {
  auto colon = key.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon + 1 == key.size()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return is_alnum(c) || std::string_view("+=._:/@-").find(c) != std::string_view::npos;
  });
}

VariableDefect classify_body(std::string_view body, std::string_view& key) {
  if (body == "*" || body == "?" || body == "$") {
    key = body;
    return VariableDefect::None;
  }
  auto comma = body.find(',');
  std::string_view raw_key = body.substr(0, comma);
  key = trim(raw_key);
  if (key.empty()) return VariableDefect::Empty;
  if (key.find("::") != std::string_view::npos) return VariableDefect::CloudFormation;
  if (std::any_of(raw_key.begin(), raw_key.end(), is_space)) return VariableDefect::Space;
  if (!is_key_text(key)) return VariableDefect::NotAKey;
  if (comma != std::string_view::npos) {
    std::string_view def = trim(body.substr(comma + 1));
    if (def.size() < 2 || def.front() != '\'' || def.back() != '\'') {
      return VariableDefect::UnquotedDefault;
    }
  }
  return VariableDefect::None;
}

// A run of upper-case words ending in ID, NAME, ARN or NUMBER: "ACCOUNT-ID",
// "BUCKET_NAME", "DISTRIBUTION-ID". Real ids (E2871DO4EZ36H2) have no separators.
bool is_upper_name_placeholder(std::string_view seg) {
  std::size_t words = 0;
  std::string_view last;
  for (std::size_t i = 0; i <= seg.size();) {
    std::size_t sep = std::min(seg.find_first_of("-_", i), seg.size());
    std::string_view w = seg.substr(i, sep - i);
    if (w.empty() || !std::all_of(w.begin(), w.end(), is_upper_or_digit)) return false;
    ++words;
    last = w;
    i = sep + 1;
  }
  if (words < 2 || seg.front() < 'A' || seg.front() > 'Z') return false;
  return last == "ID" || last == "NAME" || last == "ARN" || last == "NUMBER";
}

// Distribution, OAI and key ids are long runs of capitals and digits, and may
// contain "TODO" by chance.
bool looks_like_generated_id(std::string_view seg) {
  return seg.size() >= 12 && std::all_of(seg.begin(), seg.end(), is_upper_or_digit) &&
         std::any_of(seg.begin(), seg.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view meaning_of(std::string_view text) {
  std::string l(text);
  std::transform(l.begin(), l.end(), l.begin(), lower);
  if (l.find("bucket") != std::string::npos) return "bucket name";
  if (l.find("account") != std::string::npos) return "account id";
  if (l.find("distribution") != std::string::npos) return "distribution id";
  return "value";
}

bool is_delimiter(char c) { return c == ':' || c == '/' || c == ',' || c == ';' || is_space(c); }
bool starts_variable(std::string_view v, std::size_t i) {
  return v[i] == '$' && i + 1 < v.size() && v[i + 1] == '{';
}

void collect_canonical(const Tree& t, NodeId node, std::string_view skip_key, std::string& out) {
  const json::Node& n = t[node];
  switch (n.type) {
    case Type::Object: {
      std::vector<std::string> members;
      for (NodeId c : t.children(node)) {
        if (!skip_key.empty() && t[c].key == skip_key) continue;
        std::string m = json_quote(t[c].key) + ":";
        collect_canonical(t, c, {}, m);
        members.push_back(std::move(m));
      }
      std::sort(members.begin(), members.end());
      out += '{';
      for (std::size_t i = 0; i < members.size(); ++i) out += (i ? "," : "") + members[i];
      out += '}';
      return;
    }
    case Type::Array: {
      std::vector<std::string> items;
      for (NodeId c : t.children(node)) {
        std::string s;
        collect_canonical(t, c, {}, s);
        items.push_back(std::move(s));
      }
      std::sort(items.begin(), items.end());
      items.erase(std::unique(items.begin(), items.end()), items.end());
      if (items.size() == 1) {
        out += items.front();
        return;
      }
      out += '[';
      for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
      out += ']';
      return;
    }
    case Type::String:
      out += json_quote(n.text);
      return;
    case Type::Number:
      out += n.text;
      return;
    case Type::Bool:
      out += n.boolean ? "true" : "false";
      return;
    case Type::Null:
      out += "null";
      return;
  }
}

// The length of a member name as written, quotes and escapes included.
std::size_t raw_key_length(std::string_view source, const json::Node& member) {
  std::size_t i = member.key_offset;
  if (i >= source.size() || source[i] != '"') return member.key.size() + 2;
  for (++i; i < source.size(); ++i) {
    if (source[i] == '\\') {
      ++i;
    } else if (source[i] == '"') {
      return i + 1 - member.key_offset;
    }
  }
  return member.key.size() + 2;
}

}  // namespace

std::vector<Variable> find_variables(std::string_view value) {
  std::vector<Variable> out;
  for (std::size_t pos = value.find("${"); pos != std::string_view::npos;) {
    Variable v;
    v.begin = pos;
    std::size_t close = value.find('}', pos + 2);
    if (close == std::string_view::npos) {
      v.end = value.size();
      v.text = value.substr(pos);
      v.key = trim(value.substr(pos + 2));
      v.defect = VariableDefect::Unclosed;
      out.push_back(v);
      break;
    }
    v.end = close + 1;
    v.text = value.substr(pos, v.end - pos);
    v.defect = classify_body(value.substr(pos + 2, close - pos - 2), v.key);
    out.push_back(v);
    pos = value.find("${", v.end);
  }
  return out;
}

std::string_view describe(VariableDefect defect) {
  switch (defect) {
    case VariableDefect::None:
      return {};
    case VariableDefect::Unclosed:
      return "has no closing \"}\", so it is not a variable; close the brace";
    case VariableDefect::Empty:
      return "names no condition key; write the key, as in ${aws:username}";
    case VariableDefect::Space:
      return "has a space in its key, which IAM does not support; remove the spaces";
    case VariableDefect::UnquotedDefault:
      return "has a default value without single quotes; write it as ${aws:username, 'default'}";
    case VariableDefect::NotAKey:
      return "names no condition key (variables look like ${aws:username}); if it is a "
             "template placeholder, substitute it before uploading the policy";
    case VariableDefect::CloudFormation:
      return "is a CloudFormation Fn::Sub reference, which only CloudFormation substitutes; "
             "wrap the value in Fn::Sub or write the real value";
  }
  return {};
}

bool tree_has_variable(const Tree& tree, NodeId root) {
  const json::Node& n = tree[root];
  if (n.key.find("${") != std::string_view::npos) return true;
  if (n.type == Type::String) return n.text.find("${") != std::string_view::npos;
  for (NodeId c : tree.children(root)) {
    if (tree_has_variable(tree, c)) return true;
  }
  return false;
}

bool operator_takes_variables(const Condition& c) {
  return istarts_with(c.base_op, "String") || istarts_with(c.base_op, "Arn");
}

std::vector<Placeholder> find_placeholders(std::string_view v, bool upper_names) {
  std::vector<Placeholder> out;
  auto add = [&](std::size_t at, std::size_t end) {
    std::string_view text = v.substr(at, end - at);
    out.push_back({at, text, meaning_of(text)});
  };
  for (std::size_t i = 0; i < v.size();) {
    if (starts_variable(v, i)) {
      std::size_t close = v.find('}', i);
      i = close == std::string_view::npos ? v.size() : close + 1;
    } else if (v[i] == '<' || v[i] == '{') {
      std::size_t close = v.find(v[i] == '<' ? '>' : '}', i);
      std::size_t end = close == std::string_view::npos ? v.size() : close + 1;
      add(i, end);
      i = end;
    } else if (is_delimiter(v[i])) {
      ++i;
    } else {
      std::size_t j = i;
      while (j < v.size() && !is_delimiter(v[j]) && v[j] != '<' && v[j] != '{' &&
             !starts_variable(v, j)) {
        ++j;
      }
      std::string_view seg = v.substr(i, j - i);
      if (!looks_like_generated_id(seg) &&
          (!placeholder_marker(seg).empty() || (upper_names && is_upper_name_placeholder(seg)))) {
        add(i, j);
      }
      i = j;
    }
  }
  return out;
}

bool glob_covers(std::string_view outer, std::string_view inner, bool ignore_case) {
  const std::size_t m = outer.size(), n = inner.size();
  if ((m + 1) * (n + 1) > (std::size_t{1} << 22)) return outer == inner;
  // covers[i][j]: outer[i..] covers inner[j..]. An inner '*' or '?' stands for
  // unknown text, so only an outer '*' (or '?' for '?') may absorb it.
  std::vector<char> covers((m + 1) * (n + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> char& { return covers[i * (n + 1) + j]; };
  at(m, n) = 1;
  for (std::size_t i = m; i-- > 0;) {
    for (std::size_t j = n + 1; j-- > 0;) {
      char o = outer[i];
      if (o == '*') {
        at(i, j) = at(i + 1, j) || (j < n && at(i, j + 1));
      } else if (j == n) {
        at(i, j) = 0;
      } else if (o == '?') {
        at(i, j) = inner[j] != '*' && at(i + 1, j + 1);
      } else {
        char c = inner[j];
        bool same = ignore_case ? lower(c) == lower(o) : c == o;
        at(i, j) = c != '*' && c != '?' && same && at(i + 1, j + 1);
      }
    }
  }
  return at(0, 0) != 0;
}

std::size_t minified_size(const Tree& tree, NodeId node, std::string_view source) {
  const json::Node& n = tree[node];
  if (n.type != Type::Object && n.type != Type::Array) return n.end - n.offset;
  auto kids = tree.children(node);
  std::size_t size = 2 + (kids.empty() ? 0 : kids.size() - 1);  // brackets and commas
  for (NodeId c : kids) {
    if (n.type == Type::Object) size += raw_key_length(source, tree[c]) + 1;  // name and ':'
    size += minified_size(tree, c, source);
  }
  return size;
}

std::string canonical_json(const Tree& tree, NodeId node, std::string_view skip_key) {
  std::string out;
  collect_canonical(tree, node, skip_key, out);
  return out;
}

}  // namespace corslint::policy
