// CloudFormation JSON templates: one document per relevant resource, with
// intrinsics resolved where the template determines the value and unknown
// otherwise (see docs/formats.md).
#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "recognise/formats.hpp"
#include "recognise/recognise.hpp"

namespace corslint::formats {
namespace {

using json::kNoNode;
using json::NodeId;
using json::Tree;
using json::Type;

constexpr int kMaxEvalDepth = 32;

// Resolving intrinsics is bounded per template, in work and in size, so that
// nested Fn::Sub variable maps ("${X}${X}" at each level) or conditions and
// mappings that name each other twice cannot double the work or the string at
// each level. Past a bound the value is unknown, as a value the template does
// not determine is: rules stay silent on it. The budget grows with the
// template, so an honest one of any size never reaches it.
constexpr std::size_t kMaxResolvedString = std::size_t{1} << 20;  // bytes in one resolved string
constexpr std::size_t kBaseSteps = std::size_t{1} << 18;          // evaluations per template...
constexpr std::size_t kStepsPerNode = 16;                         // ...plus these per JSON value
constexpr std::size_t kBaseBytes = std::size_t{1} << 22;          // bytes resolved per template...
constexpr std::size_t kBytesPerByte = 16;                         // ...plus these per byte of it

struct Budget {
  std::size_t steps = 0;  // evaluations left
  std::size_t bytes = 0;  // bytes of resolved strings left
  // Once a bound is passed, everything left to resolve in the template is unknown.
  bool take(std::size_t s, std::size_t b) {
    if (s > steps || b > bytes) {
      steps = bytes = 0;
      return false;
    }
    steps -= s;
    bytes -= b;
    return true;
  }
};

// The value of a template expression.
struct Val {
  enum Kind : unsigned char { Node, Str, Num, List, Unknown, NoValue } kind = Unknown;
  NodeId node = kNoNode;  // Node: the file's value (not an intrinsic)
  std::string str;        // Str, Num (the literal)
  std::vector<Val> list;  // List
};

// A Serverless Framework variable (`${self:custom.bucket}`, `${opt:stage}`,
// `${sls:stage}`, `${env:NAME}`, `${file(x.yml)}`, `${ssm:/path}`, …): a
// source name then `:` or `(`. The framework replaces it before CloudFormation
// sees the template, so its value is unknown here. `${AWS::Region}` (two
// colons) and `${Bucket}` are Fn::Sub's, not the framework's.
bool has_serverless_variable(std::string_view s) {
  for (std::size_t at = s.find("${"); at != std::string_view::npos; at = s.find("${", at + 2)) {
    std::size_t i = at + 2;
    while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) ++i;
    if (i == at + 2 || i >= s.size()) continue;
    if (s[i] == '(' || (s[i] == ':' && (i + 1 >= s.size() || s[i + 1] != ':'))) return true;
  }
  return false;
}

bool is_intrinsic(const Tree& t, NodeId n) {
  if (!t.is(n, Type::Object) || t.children(n).size() != 1) return false;
  std::string_view k = t[t.children(n)[0]].key;
  return k == "Ref" || k.starts_with("Fn::") || k == "Condition";
}

class Template {
 public:
  // `root` holds the sections (kNoNode for a bare resources fragment).
  Template(const Tree& t, NodeId root, NodeId resources) : t_(t) {
    NodeId whole = root == kNoNode ? resources : root;
    budget_.steps = kBaseSteps + kStepsPerNode * t.size();
    budget_.bytes = kBaseBytes + kBytesPerByte * (t[whole].end - t[whole].offset);
    auto section = [&](std::string_view name) {
      return root == kNoNode ? kNoNode : t.get(root, name);
    };
    parameters_ = Section(t, section("Parameters"));
    resources_ = Section(t, resources);
    mappings_ = Section(t, section("Mappings"));
    conditions_ = Section(t, section("Conditions"));
  }

  const Tree& tree() const { return t_; }
  NodeId resources() const { return resources_.node; }
  NodeId parameter(std::string_view name) const { return parameters_.find(name); }
  NodeId resource(std::string_view name) const { return resources_.find(name); }
  NodeId mapping(std::string_view name) const { return mappings_.find(name); }
  NodeId condition(std::string_view name) const { return conditions_.find(name); }
  std::string_view type_of(NodeId res) const { return t_.str(t_.get(res, "Type")); }
  // What is left for resolving this template's intrinsics, shared by its Resolvers.
  Budget& budget() const { return budget_; }

 private:
  // A top-level section with its members indexed by name: every Ref looks a
  // name up, and a scan per lookup made a template of 40,000 resources take
  // minutes. The first of duplicate names wins, as Tree::get does.
  struct Section {
    NodeId node = kNoNode;
    std::unordered_map<std::string_view, NodeId> by_name;
    Section() = default;
    Section(const Tree& t, NodeId n) : node(t.is(n, Type::Object) ? n : kNoNode) {
      if (node == kNoNode) return;
      by_name.reserve(t.children(node).size());
      for (NodeId c : t.children(node)) by_name.emplace(t[c].key, c);
    }
    NodeId find(std::string_view name) const {
      auto it = by_name.find(name);
      return it == by_name.end() ? kNoNode : it->second;
    }
  };
  const Tree& t_;
  Section parameters_, resources_, mappings_, conditions_;
  mutable Budget budget_;
};

// Evaluates intrinsics. Records the resources an expression refers to.
class Resolver {
 public:
  Resolver(const Template& tpl, std::vector<std::string>* refs)
      : tpl_(tpl), t_(tpl.tree()), refs_(refs) {}

  Val eval(NodeId n) { return eval(n, 0); }
  const Template& tpl() const { return tpl_; }

  std::optional<std::string> eval_string(NodeId n, int depth = 0) {
    return as_string(eval(n, depth));
  }

  static std::optional<std::string> as_string(const Val& v, const Tree& t) {
    if (v.kind == Val::Str || v.kind == Val::Num) return v.str;
    if (v.kind == Val::Node) {
      const json::Node& n = t[v.node];
      if (n.type == Type::String || n.type == Type::Number) return std::string(n.text);
      if (n.type == Type::Bool) return std::string(n.boolean ? "true" : "false");
    }
    return std::nullopt;
  }
  std::optional<std::string> as_string(const Val& v) const { return as_string(v, t_); }

  // Condition name → true/false when the template determines it.
  std::optional<bool> condition(std::string_view name, int depth) {
    NodeId c = tpl_.condition(name);
    if (c == kNoNode || depth > kMaxEvalDepth || !step()) return std::nullopt;
    return condition_expr(c, depth + 1);
  }

 private:
  bool step() { return tpl_.budget().take(1, 0); }
  bool spend(std::size_t bytes) { return tpl_.budget().take(0, bytes); }
  // Appends to a resolved string within its bound and the template's budget.
  bool append(std::string& out, std::string_view piece) {
    if (out.size() + piece.size() > kMaxResolvedString || !spend(piece.size())) return false;
    out.append(piece);
    return true;
  }

  void ref(std::string_view name) {
    if (refs_ != nullptr && tpl_.resource(name) != kNoNode) refs_->emplace_back(name);
  }

  Val eval(NodeId n, int depth) {
    if (!step()) return {};
    if (!is_intrinsic(t_, n)) {
      if (t_.is(n, Type::String) && has_serverless_variable(t_[n].text)) return {};
      return Val{Val::Node, n, {}, {}};
    }
    if (depth > kMaxEvalDepth) return {};
    NodeId m = t_.children(n)[0];
    std::string_view fn = t_[m].key;
    if (fn == "Ref") return eval_ref(t_.str(m), depth);
    if (fn == "Fn::GetAtt") {
      NodeId first = t_.is(m, Type::Array) && !t_.children(m).empty() ? t_.children(m)[0] : m;
      std::string_view s = t_.str(first);
      ref(s.substr(0, s.find('.')));
      return {};
    }
    if (fn == "Fn::Sub") return eval_sub(m, depth);
    if (fn == "Fn::Join") return eval_join(m, depth);
    if (fn == "Fn::Select") return eval_select(m, depth);
    if (fn == "Fn::Split") return eval_split(m, depth);
    if (fn == "Fn::If") return eval_if(m, depth);
    if (fn == "Fn::FindInMap") return eval_find_in_map(m, depth);
    // Fn::ImportValue, Fn::Base64, Fn::GetAZs, Fn::Cidr, Fn::Transform, ...:
    // determined outside the template. Still note the resources they name.
    note_refs(m, depth);
    return {};
  }

  void note_refs(NodeId n, int depth) {
    if (depth > kMaxEvalDepth || !step()) return;
    if (is_intrinsic(t_, n)) {
      eval(n, depth + 1);
      return;
    }
    if (t_.is(n, Type::Array) || t_.is(n, Type::Object)) {
      for (NodeId c : t_.children(n)) note_refs(c, depth + 1);
    }
  }

  Val eval_ref(std::string_view name, int depth) {
    if (name == "AWS::NoValue") return Val{Val::NoValue, kNoNode, {}, {}};
    if (name.starts_with("AWS::")) return {};  // pseudo-parameters depend on the stack
    NodeId p = tpl_.parameter(name);
    if (p != kNoNode) return parameter(p, depth);
    ref(name);
    // A CloudFront policy's id is not known before deployment, but within the
    // template its logical id names it: the policy's document carries the
    // same symbol (plain_document), so a behaviour finds its policy.
    std::string_view type = tpl_.type_of(tpl_.resource(name));
    if (type == "AWS::CloudFront::ResponseHeadersPolicy" ||
        type == "AWS::CloudFront::CachePolicy" || type == "AWS::CloudFront::OriginRequestPolicy") {
      return Val{Val::Str, kNoNode, std::string(name), {}};
    }
    return {};  // a resource's physical id, or an undefined name
  }

  Val parameter(NodeId p, int) {
    NodeId def = t_.get(p, "Default");
    if (def == kNoNode) return {};
    // `Default: ""` is how templates mark a required input: the value comes
    // from the stack's parameters, so it is unknown, never an empty string.
    if (t_.is(def, Type::String) && t_[def].text.empty()) return {};
    std::string_view type = t_.str(t_.get(p, "Type"));
    auto text = as_string(Val{Val::Node, def, {}, {}});
    bool list = type == "CommaDelimitedList" || type.starts_with("List<");
    bool number = type == "Number" || type == "List<Number>";
    if (text && !spend(text->size())) return {};
    if (list) {
      if (t_.is(def, Type::Array)) return Val{Val::Node, def, {}, {}};
      if (!text) return {};
      Val v{Val::List, kNoNode, {}, {}};
      std::string_view s = *text;
      while (true) {
        auto comma = s.find(',');
        std::string_view item = s.substr(0, comma);
        if (number) {
          while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
          while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        }
        v.list.push_back(Val{number ? Val::Num : Val::Str, kNoNode, std::string(item), {}});
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
      }
      return v;
    }
    if (!text) return {};
    return Val{number ? Val::Num : Val::Str, kNoNode, *text, {}};
  }

  Val eval_sub(NodeId m, int depth) {
    std::string_view pattern;
    NodeId vars = kNoNode;
    if (t_.is(m, Type::String)) {
      pattern = t_[m].text;
    } else if (t_.is(m, Type::Array) && !t_.children(m).empty()) {
      pattern = t_.str(t_.children(m)[0]);
      if (t_.children(m).size() > 1) vars = t_.children(m)[1];
    } else {
      return {};
    }
    std::string out;
    bool known = true;
    std::size_t i = 0;
    while (i < pattern.size()) {
      auto open = pattern.find("${", i);
      if (open == std::string_view::npos) {
        if (!append(out, pattern.substr(i))) return {};
        break;
      }
      if (!append(out, pattern.substr(i, open - i))) return {};
      auto close = pattern.find('}', open + 2);
      if (close == std::string_view::npos) {
        if (!append(out, pattern.substr(open))) return {};
        break;
      }
      std::string_view name = pattern.substr(open + 2, close - open - 2);
      i = close + 1;
      if (name.starts_with("!")) {  // ${!Literal} is the text ${Literal}
        if (!append(out, "${") || !append(out, name.substr(1)) || !append(out, "}")) return {};
        continue;
      }
      std::optional<std::string> value;
      if (NodeId v = t_.is(vars, Type::Object) ? t_.get(vars, name) : kNoNode; v != kNoNode) {
        value = as_string(eval(v, depth + 1));
      } else if (auto dot = name.find('.'); dot != std::string_view::npos) {
        ref(name.substr(0, dot));  // ${Resource.Attribute}: Fn::GetAtt
      } else {
        value = as_string(eval_ref(name, depth + 1));
      }
      if (value) {
        if (!append(out, *value)) return {};
      } else {
        known = false;
      }
    }
    if (!known) return {};
    return Val{Val::Str, kNoNode, std::move(out), {}};
  }

  // A list argument: an array (elements evaluated) or an expression giving a list.
  std::optional<std::vector<Val>> eval_list(NodeId n, int depth) {
    Val v = eval(n, depth + 1);
    if (v.kind == Val::List) return std::move(v.list);
    if (v.kind == Val::Node && t_.is(v.node, Type::Array)) {
      std::vector<Val> out;
      for (NodeId c : t_.children(v.node)) {
        Val e = eval(c, depth + 1);
        if (e.kind == Val::NoValue) continue;
        out.push_back(std::move(e));
      }
      return out;
    }
    return std::nullopt;
  }

  Val eval_join(NodeId m, int depth) {
    if (!t_.is(m, Type::Array) || t_.children(m).size() != 2) return {};
    auto delim = eval_string(t_.children(m)[0], depth + 1);
    auto items = eval_list(t_.children(m)[1], depth);
    if (!delim || !items) return {};
    std::string out;
    bool first = true;
    bool known = true;
    for (const Val& e : *items) {
      auto s = as_string(e);
      if (!s) known = false;
      if (!first && !append(out, *delim)) return {};
      if (s && !append(out, *s)) return {};
      first = false;
    }
    if (!known) return {};
    return Val{Val::Str, kNoNode, std::move(out), {}};
  }

  Val eval_select(NodeId m, int depth) {
    if (!t_.is(m, Type::Array) || t_.children(m).size() != 2) return {};
    auto index = eval_string(t_.children(m)[0], depth + 1);
    auto items = eval_list(t_.children(m)[1], depth);
    if (!index || !items || index->empty() ||
        index->find_first_not_of("0123456789") != std::string::npos || index->size() > 6) {
      return {};
    }
    std::size_t i = std::stoul(*index);
    if (i >= items->size()) return {};
    return std::move((*items)[i]);
  }

  Val eval_split(NodeId m, int depth) {
    if (!t_.is(m, Type::Array) || t_.children(m).size() != 2) return {};
    auto delim = eval_string(t_.children(m)[0], depth + 1);
    auto text = eval_string(t_.children(m)[1], depth + 1);
    if (!delim || !text || delim->empty() || !spend(text->size())) return {};
    Val v{Val::List, kNoNode, {}, {}};
    std::string_view s = *text;
    while (true) {
      auto at = s.find(*delim);
      v.list.push_back(Val{Val::Str, kNoNode, std::string(s.substr(0, at)), {}});
      if (at == std::string_view::npos) break;
      s.remove_prefix(at + delim->size());
    }
    return v;
  }

  Val eval_if(NodeId m, int depth) {
    if (!t_.is(m, Type::Array) || t_.children(m).size() != 3) return {};
    auto kids = t_.children(m);
    auto c = condition(t_.str(kids[0]), depth + 1);
    if (!c) {
      note_refs(kids[1], depth + 1);
      note_refs(kids[2], depth + 1);
      return {};
    }
    return eval(*c ? kids[1] : kids[2], depth + 1);
  }

  Val eval_find_in_map(NodeId m, int depth) {
    if (!t_.is(m, Type::Array) || t_.children(m).size() < 3) return {};
    auto kids = t_.children(m);
    auto name = eval_string(kids[0], depth + 1);
    auto top = eval_string(kids[1], depth + 1);
    auto second = eval_string(kids[2], depth + 1);
    if (!name || !top || !second) return {};
    NodeId map = tpl_.mapping(*name);
    NodeId level = t_.is(map, Type::Object) ? t_.get(map, *top) : kNoNode;
    NodeId value = t_.is(level, Type::Object) ? t_.get(level, *second) : kNoNode;
    if (value == kNoNode) return {};
    Val v = eval(value, depth + 1);
    // A mapping value is a literal: it is copied to the FindInMap's place.
    if (v.kind == Val::Node) {
      if (t_.is(value, Type::Array)) {
        Val l{Val::List, kNoNode, {}, {}};
        for (NodeId c : t_.children(value)) {
          auto s = as_string(Val{Val::Node, c, {}, {}});
          if (!s || !step() || !spend(s->size())) return {};
          l.list.push_back(Val{t_.is(c, Type::Number) ? Val::Num : Val::Str, kNoNode, *s, {}});
        }
        return l;
      }
      auto s = as_string(v);
      if (!s || !spend(s->size())) return {};
      return Val{t_.is(value, Type::Number) ? Val::Num : Val::Str, kNoNode, *s, {}};
    }
    return v;
  }

  std::optional<bool> condition_expr(NodeId n, int depth) {
    if (depth > kMaxEvalDepth || !step()) return std::nullopt;
    if (t_.is(n, Type::Bool)) return t_[n].boolean;
    if (!t_.is(n, Type::Object) || t_.children(n).size() != 1) return std::nullopt;
    NodeId m = t_.children(n)[0];
    std::string_view fn = t_[m].key;
    if (fn == "Condition") return condition(t_.str(m), depth + 1);
    if (!t_.is(m, Type::Array)) return std::nullopt;
    auto kids = t_.children(m);
    if (fn == "Fn::Equals" && kids.size() == 2) {
      auto a = eval_string(kids[0], depth + 1);
      auto b = eval_string(kids[1], depth + 1);
      if (!a || !b) return std::nullopt;
      return *a == *b;
    }
    if (fn == "Fn::Not" && kids.size() == 1) {
      auto a = condition_expr(kids[0], depth + 1);
      if (!a) return std::nullopt;
      return !*a;
    }
    if (fn == "Fn::And" || fn == "Fn::Or") {
      bool is_and = fn == "Fn::And";
      bool unknown = false;
      for (NodeId k : kids) {
        auto a = condition_expr(k, depth + 1);
        if (!a) {
          unknown = true;
        } else if (*a != is_and) {
          return !is_and;  // one false decides And, one true decides Or
        }
      }
      if (unknown) return std::nullopt;
      return is_and;
    }
    return std::nullopt;
  }

  const Template& tpl_;
  const Tree& t_;
  std::vector<std::string>* refs_;
};

// Key renames for one translated object: CloudFormation's S3 CORS names to the API's.
struct Rename {
  std::string_view from, to;
};
constexpr Rename kCorsConfigNames[] = {{"CorsRules", "CORSRules"}};
constexpr Rename kCorsRuleNames[] = {
    {"ExposedHeaders", "ExposeHeaders"}, {"MaxAge", "MaxAgeSeconds"}, {"Id", "ID"}};

struct EmitOptions {
  bool coerce_booleans = false;  // CloudFront: CloudFormation accepts "true"/"false" strings
};

class Emitter {
 public:
  Emitter(Translator& tr, Resolver& r, EmitOptions opt) : tr_(tr), r_(r), t_(tr.file()), opt_(opt) {
    NodeId res = r.tpl().resources();
    if (res != kNoNode) resources_ = {t_[res].offset, t_[res].end};
  }

  // Emits the file's member `n` (any value, intrinsics resolved) under `key`.
  // Returns kNoNode when the value is AWS::NoValue (the member is absent).
  NodeId member(NodeId n, std::string_view key) { return value(r_.eval(n), n, key, 0); }

  // An object whose members are renamed by `names`; the members' values are
  // emitted with `child` (which may rename further down).
  template <class Child>
  NodeId object(NodeId n, std::string_view key, std::span<const Rename> names, Child child) {
    Val v = r_.eval(n);
    if (v.kind != Val::Node || !t_.is(v.node, Type::Object)) return value(v, n, key, 0);
    NodeId id = tr_.open(Type::Object, n, key);
    for (NodeId c : t_.children(v.node)) {
      std::string_view k = t_[c].key;
      for (const Rename& r : names) {
        if (r.from == k) k = r.to;
      }
      child(c, k);
    }
    tr_.close(id);
    return id;
  }

  // An array whose elements are emitted with `element`.
  template <class Element>
  NodeId array(NodeId n, std::string_view key, Element element) {
    Val v = r_.eval(n);
    if (v.kind != Val::Node || !t_.is(v.node, Type::Array)) return value(v, n, key, 0);
    NodeId id = tr_.open(Type::Array, n, key);
    for (NodeId c : t_.children(v.node)) element(c);
    tr_.close(id);
    return id;
  }

  NodeId value(const Val& v, NodeId at, std::string_view key, int depth) {
    // `at`: the file node the value is located at (the member, or the
    // intrinsic that produced it).
    switch (v.kind) {
      case Val::NoValue:
        return kNoNode;
      case Val::Unknown:
        return tr_.unknown(at, key);
      case Val::Str:
        if (opt_.coerce_booleans && (v.str == "true" || v.str == "false")) {
          return tr_.boolean(at, key, v.str == "true");
        }
        return tr_.string(at, key, v.str);
      case Val::Num:
        return tr_.number(at, key, v.str);
      case Val::List: {
        NodeId id = tr_.open(Type::Array, at, key);
        for (const Val& e : v.list) value(e, at, "", depth + 1);
        tr_.close(id);
        return id;
      }
      case Val::Node:
        break;
    }
    NodeId c = v.node;
    // A value from elsewhere in Resources (an Fn::If branch, an Fn::Select
    // element) is located where it is written; a parameter default is
    // located at the intrinsic that uses it.
    if (c != at && in_resources(c)) at = c;
    bool relocated = c != at;
    const json::Node& n = t_[c];
    if (n.type == Type::Array || n.type == Type::Object) {
      NodeId id = tr_.open(n.type, at, key);
      if (depth < kMaxEvalDepth * 8) {
        for (NodeId k : t_.children(c)) {
          Val e = r_.eval(k);
          std::string_view ck = t_[k].key;
          // CloudFormation's name for the API's IsIPV6Enabled.
          if (opt_.coerce_booleans && ck == "IPV6Enabled") ck = "IsIPV6Enabled";
          value(e, relocated ? at : k, ck, depth + 1);
        }
      }
      tr_.close(id);
      return id;
    }
    if (n.type == Type::String && opt_.coerce_booleans && (n.text == "true" || n.text == "false")) {
      return tr_.boolean(at, key, n.text == "true");
    }
    if (n.type == Type::String && opt_.coerce_booleans && numeric_key(key) && !n.text.empty() &&
        n.text.size() < 19 && n.text.find_first_not_of("0123456789") == std::string_view::npos) {
      return tr_.number(at, key, n.text);  // CloudFormation takes "80" for 80
    }
    if (!relocated) return tr_.scalar(c, key);
    if (n.type == Type::String) return tr_.string(at, key, n.text);
    if (n.type == Type::Number) return tr_.number(at, key, n.text);
    if (n.type == Type::Bool) return tr_.boolean(at, key, n.boolean);
    return tr_.unknown(at, key);
  }

 private:
  // CloudFront members that are numbers (CloudFormation also takes numeric strings).
  static bool numeric_key(std::string_view key) {
    for (std::string_view k :
         {"HTTPPort", "HTTPSPort", "OriginReadTimeout", "OriginKeepaliveTimeout", "MinTTL",
          "DefaultTTL", "MaxTTL", "AccessControlMaxAgeSec", "ConnectionAttempts",
          "ConnectionTimeout", "ErrorCachingMinTTL", "ErrorCode"}) {
      if (key == k) return true;
    }
    return false;
  }

  bool in_resources(NodeId n) const {
    return t_[n].offset >= resources_.first && t_[n].end <= resources_.second;
  }

  Translator& tr_;
  Resolver& r_;
  const Tree& t_;
  EmitOptions opt_;
  std::pair<uint32_t, uint32_t> resources_{0, 0};
};

// Union-find over logical ids, for link groups.
struct Groups {
  std::map<std::string, std::string> parent;
  std::string find(const std::string& x) {
    auto it = parent.find(x);
    if (it == parent.end()) {
      parent[x] = x;
      return x;
    }
    if (it->second == x) return x;
    std::string root = find(it->second);
    parent[x] = root;
    return root;
  }
  void join(const std::string& a, const std::string& b) {
    std::string ra = find(a), rb = find(b);
    if (ra == rb) return;
    if (rb < ra) std::swap(ra, rb);
    parent[rb] = ra;
  }
};

struct Extracted {
  Recognised doc;
  std::string logical_id;
};

Recognised finish(Translator& tr, NodeId root, DocKind kind) {
  Translator::Result res = tr.finish(root);
  Recognised r;
  r.root = root;
  r.kind = kind;
  r.tree = res.tree;
  r.map = res.map;
  return r;
}

// CorsConfiguration → {"CORSRules": [...]} with the API's names.
std::optional<Recognised> cors_document(const Tree& t, Resolver& res, NodeId config) {
  Translator tr(t);
  Emitter e(tr, res, {});
  NodeId root =
      e.object(config, t[config].key, kCorsConfigNames, [&](NodeId m, std::string_view k) {
        if (k != "CORSRules") {
          e.member(m, k);
          return;
        }
        e.array(m, k, [&](NodeId rule) {
          e.object(rule, "", kCorsRuleNames, [&](NodeId f, std::string_view fk) {
            Val v = res.eval(f);
            // CloudFormation takes MaxAge as a number or a numeric string.
            if (fk == "MaxAgeSeconds") {
              auto s = Resolver::as_string(v, t);
              if (s && !s->empty() && s->find_first_not_of("0123456789") == std::string::npos &&
                  s->size() < 10) {
                v = Val{Val::Num, kNoNode, *s, {}};
              }
            }
            e.value(v, f, fk, 1);
          });
        });
      });
  if (root == kNoNode || !tr.file().is(config, Type::Object)) {
    // CorsConfiguration itself unknown: nothing to lint.
    return std::nullopt;
  }
  return finish(tr, root, DocKind::S3Cors);
}

std::optional<Recognised> plain_document(const Tree& t, Resolver& res, NodeId n, DocKind kind,
                                         bool cloudfront, NodeId wrapper = kNoNode) {
  Translator tr(t);
  Emitter e(tr, res, EmitOptions{cloudfront});
  Val v = res.eval(n);
  if (v.kind != Val::Node || !t.is(v.node, Type::Object)) return std::nullopt;
  NodeId outer = kNoNode;
  if (wrapper != kNoNode) {
    // {"Id": "<logical id>", "XConfig": {...}}: see Resolver::eval_ref.
    outer = tr.open(Type::Object, wrapper, "");
    tr.string(wrapper, "Id", t[wrapper].key);
  }
  NodeId root = e.value(v, n, t[n].key, 0);
  if (outer != kNoNode) tr.close(outer);
  Recognised r = finish(tr, root, kind);
  r.cloudformation_form = cloudfront;
  return r;
}

bool is_template(const Tree& t, NodeId root, NodeId resources) {
  bool typed = t.get(root, "AWSTemplateFormatVersion") != kNoNode;
  for (NodeId r : t.children(resources)) {
    std::string_view type = t.str(t.get(r, "Type"));
    if (type.starts_with("AWS::") || type.starts_with("Custom::")) typed = true;
  }
  return typed;
}

// A bucket's BucketName is kept for the bucket policies naming it by Ref,
// whether or not the bucket has a CORS configuration.
std::optional<Recognised> bucket_document(const Template& tpl, Resolver& res, NodeId props,
                                          const std::string& id,
                                          std::map<std::string, std::string>& bucket_names) {
  const Tree& t = tpl.tree();
  Resolver names(tpl, nullptr);
  std::string name;
  if (NodeId bn = t.get(props, "BucketName"); bn != kNoNode) {
    name = names.eval_string(bn).value_or("");
    bucket_names[id] = name;
  }
  if (NodeId cors = t.get(props, "CorsConfiguration"); cors != kNoNode) {
    auto d = cors_document(t, res, cors);
    if (d) d->bucket_name = name;
    return d;
  }
  return std::nullopt;
}

// Resources whose properties hold their document as is.
struct PlainResource {
  std::string_view type;
  std::string_view property;
  DocKind kind;
  bool cloudfront;
  bool wrapped;  // its logical id as its Id, which a behaviour's Ref names (Resolver::eval_ref)
};

constexpr PlainResource kPlainResources[] = {
    {"AWS::S3::BucketPolicy", "PolicyDocument", DocKind::S3BucketPolicy, false, false},
    {"AWS::CloudFront::Distribution", "DistributionConfig", DocKind::CloudFrontDistribution, true,
     false},
    {"AWS::CloudFront::ResponseHeadersPolicy", "ResponseHeadersPolicyConfig",
     DocKind::CloudFrontResponseHeadersPolicy, true, true},
    {"AWS::CloudFront::CachePolicy", "CachePolicyConfig", DocKind::CloudFrontCachePolicy, true,
     true},
    {"AWS::CloudFront::OriginRequestPolicy", "OriginRequestPolicyConfig",
     DocKind::CloudFrontOriginRequestPolicy, true, true},
};

std::optional<Recognised> resource_document(const Template& tpl, Resolver& res, NodeId r,
                                            NodeId props, const std::string& id,
                                            std::map<std::string, std::string>& bucket_names) {
  const Tree& t = tpl.tree();
  std::string_view type = tpl.type_of(r);
  if (type == "AWS::S3::Bucket") return bucket_document(tpl, res, props, id, bucket_names);
  for (const PlainResource& p : kPlainResources) {
    if (type != p.type) continue;
    NodeId doc = t.get(props, p.property);
    if (doc == kNoNode) return std::nullopt;
    return plain_document(t, res, doc, p.kind, p.cloudfront, p.wrapped ? r : kNoNode);
  }
  return std::nullopt;
}

// Every resource's references link it (OriginAccessControl and
// CloudFrontOriginAccessIdentity have no document of their own, but a
// distribution and a bucket policy that both name one belong together).
void collect_references(const Template& tpl, NodeId props, std::vector<std::string>& refs) {
  const Tree& t = tpl.tree();
  Resolver all(tpl, &refs);
  for (NodeId p : t.children(props)) {
    // Walk plain containers too: intrinsics sit anywhere below.
    std::vector<NodeId> stack{p};
    while (!stack.empty()) {
      NodeId n = stack.back();
      stack.pop_back();
      if (is_intrinsic(t, n)) {
        all.eval(n);
      } else if (t.is(n, Type::Array) || t.is(n, Type::Object)) {
        for (NodeId c : t.children(n)) stack.push_back(c);
      }
    }
  }
}

// Bucket policies name their bucket.
void name_policy_buckets(const Template& tpl, std::vector<Extracted>& docs,
                         const std::map<std::string, std::string>& bucket_names) {
  const Tree& t = tpl.tree();
  for (Extracted& e : docs) {
    if (e.doc.kind != DocKind::S3BucketPolicy) continue;
    NodeId props = t.get(tpl.resource(e.logical_id), "Properties");
    NodeId bucket = t.get(props, "Bucket");
    if (bucket == kNoNode) continue;
    if (t.is(bucket, Type::Object) && t.children(bucket).size() == 1 &&
        t[t.children(bucket)[0]].key == "Ref") {
      std::string target(t.str(t.children(bucket)[0]));
      if (auto it = bucket_names.find(target); it != bucket_names.end()) {
        e.doc.bucket_name = it->second;
        continue;
      }
    }
    Resolver names(tpl, nullptr);
    e.doc.bucket_name = names.eval_string(bucket).value_or("");
  }
}

// Components of two or more resources are link groups.
void emit_with_link_groups(Groups& groups, std::vector<Extracted>& docs,
                           std::vector<Recognised>& out) {
  std::map<std::string, int> sizes;
  for (auto& [id, _] : groups.parent) ++sizes[groups.find(id)];
  for (Extracted& e : docs) {
    std::string g = groups.find(e.logical_id);
    if (sizes[g] > 1) e.doc.link_group = "cloudformation:" + g;
    out.push_back(std::move(e.doc));
  }
}

// One template's documents: `root` holds its sections (kNoNode for a bare
// resources fragment), `resources` its resources.
void read_template(const Tree& t, NodeId root, NodeId resources, std::vector<Recognised>& out) {
  Template tpl(t, root, resources);
  Groups groups;
  std::vector<Extracted> docs;
  std::map<std::string, std::string> bucket_names;  // logical id → BucketName when known
  for (NodeId r : t.children(resources)) {
    std::string id(t[r].key);
    groups.find(id);
    std::vector<std::string> refs;
    Resolver res(tpl, &refs);
    NodeId props = t.get(r, "Properties");
    if (!t.is(props, Type::Object)) continue;
    if (auto d = resource_document(tpl, res, r, props, id, bucket_names)) {
      d->resource = id;
      docs.push_back({std::move(*d), id});
    }
    collect_references(tpl, props, refs);
    for (const std::string& ref : refs) groups.join(id, ref);
  }
  name_policy_buckets(tpl, docs, bucket_names);
  emit_with_link_groups(groups, docs, out);
}

// A Serverless Framework `resources` fragment without the Resources wrapper:
// an object whose members are all resources, one of them AWS's.
bool is_resources_fragment(const Tree& t, NodeId root) {
  if (t.children(root).empty()) return false;
  bool aws = false;
  for (NodeId r : t.children(root)) {
    std::string_view type = t.str(t.get(r, "Type"));
    if (!t.is(r, Type::Object) || type.find("::") == std::string_view::npos) return false;
    aws = aws || type.starts_with("AWS::");
  }
  return aws;
}

// serverless.yml: `resources` is CloudFormation template syntax (Resources,
// Outputs, Conditions …), or a list of such fragments.
bool serverless(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  if (t.get(root, "service") == kNoNode || t.get(root, "provider") == kNoNode) return false;
  NodeId resources = t.get(root, "resources");
  std::span<const NodeId> parts(&resources, 1);
  if (t.is(resources, Type::Array)) parts = t.children(resources);
  bool found = false;
  for (NodeId part : parts) {
    if (!t.is(part, Type::Object)) continue;
    NodeId inner = t.get(part, "Resources");
    if (t.is(inner, Type::Object)) {
      read_template(t, part, inner, out);
      found = true;
    }
  }
  return found;
}

}  // namespace

bool cloudformation(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  if (!t.is(root, Type::Object)) return false;
  NodeId resources = t.get(root, "Resources");
  if (t.is(resources, Type::Object)) {
    if (!is_template(t, root, resources)) return false;
    read_template(t, root, resources, out);
    return true;
  }
  if (serverless(t, root, out)) return true;
  if (!is_resources_fragment(t, root)) return false;
  read_template(t, kNoNode, root, out);
  return true;
}

}  // namespace corslint::formats
