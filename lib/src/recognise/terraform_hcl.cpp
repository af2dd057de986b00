// Terraform HCL → the tf.json-shaped located tree (terraform_hcl.hpp).
//
// Top-level blocks become `{"<type>": [<one object per block>]}`, each block
// nested under its labels (`resource "t" "n" {}` → `{"t": {"n": {...}}}`), as
// Terraform's JSON syntax writes them; nested blocks become arrays of objects,
// a `dynamic "x"` block an unknown element of `x`. Attribute values are
// evaluated into `Val`s (a small value tree whose unknowns keep the expression
// they stand for, so that a later symbolic evaluation can name
// `aws_s3_bucket.site.arn`), then written with the offsets of the HCL tokens
// they came from.
#include "recognise/terraform_hcl.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "input/hcl.hpp"

namespace corslint::formats {
namespace {

using hcl::Ast;
using hcl::Kind;
using json::Type;
using AstId = hcl::NodeId;
using hcl::kNone;

using ValId = uint32_t;
constexpr ValId kNoVal = UINT32_MAX;

struct Val {
  enum Kind : unsigned char { Unknown, Null, Bool, Number, String, Tuple, Object } kind = Unknown;
  bool boolean = false;
  bool integral = false;
  uint32_t at = 0;  // source offsets of the expression that gave the value
  uint32_t end = 0;
  std::string_view text;  // string value, number literal, or an unknown's "${...}"
  double number = 0;
  int64_t integer = 0;
  uint32_t first = 0;  // Tuple/Object: items_[first, first + count)
  uint32_t count = 0;
  AstId origin = kNone;  // the expression (an unknown's reference, a string's template)
};

struct Item {
  std::string_view key;  // objects only
  uint32_t key_at = 0;
  ValId value = kNoVal;
};

// Values nest at most this deep in the written tree (json::kMaxDepth bounds
// every tree, with room for the blocks above the value).
constexpr uint32_t kMaxValueDepth = 200;

class Hcl;

// What the files of one module folder define, by name: each entry names the
// evaluator of the file that holds it, so a value defined in another file is
// evaluated there and copied in, located at the reference.
struct Scope {
  struct Ref {
    Hcl* owner = nullptr;
    AstId node = kNone;
  };
  std::unordered_map<std::string_view, Ref> variables;  // name → default expression
  std::unordered_map<std::string_view, Ref> tfvars;     // name → value (terraform.tfvars …)
  std::unordered_map<std::string_view, Ref> locals;     // name → expression
  std::unordered_map<std::string_view, Ref> policies;   // aws_iam_policy_document name → body
};

class Hcl {
 public:
  Hcl(const Ast& ast, std::string_view src, json::Tree& tree, Scope& scope)
      : ast_(ast), src_(src), b_(tree), scope_(scope) {
    budget_ = 262144 + 16 * ast.nodes.size();
    text_budget_ = (std::size_t{4} << 20) + 16 * src.size();
  }

  void write();
  // Records this file's variables, locals and policy documents (a tfvars
  // file: its attributes) in the scope.
  void collect_top(bool tfvars);

 private:
  // --- values --------------------------------------------------------------
  ValId add(Val v) {
    vals_.push_back(v);
    return static_cast<ValId>(vals_.size() - 1);
  }
  ValId unknown(AstId e) {
    const hcl::Node& n = ast_[e];
    std::string_view expr = src_.substr(n.offset, std::min<uint32_t>(n.end - n.offset, 200));
    Val v;
    v.at = n.offset;
    v.end = n.end;
    v.origin = e;
    v.text = b_.intern("${" + std::string(expr) + "}");
    return add(v);
  }
  ValId scalar(Val::Kind kind, AstId e) {
    Val v;
    v.kind = kind;
    v.at = ast_[e].offset;
    v.end = ast_[e].end;
    v.origin = e;
    return add(v);
  }
  ValId string(AstId e, std::string_view text) {
    ValId v = scalar(Val::String, e);
    vals_[v].text = text;
    return v;
  }
  // Items of a collection under construction are pushed on stack_, then
  // moved to items_ in one piece.
  ValId collection(Val::Kind kind, AstId e, std::size_t mark) {
    ValId v = scalar(kind, e);
    vals_[v].first = static_cast<uint32_t>(items_.size());
    vals_[v].count = static_cast<uint32_t>(stack_.size() - mark);
    items_.insert(items_.end(), stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
    stack_.resize(mark);
    return v;
  }
  const Item& item(ValId v, uint32_t i) const { return items_[vals_[v].first + i]; }
  bool known_scalar(ValId v) const {
    Val::Kind k = vals_[v].kind;
    return k == Val::String || k == Val::Number || k == Val::Bool;
  }

  ValId eval(AstId e, uint32_t depth);
  ValId eval_template(AstId e, uint32_t depth);
  ValId eval_object(AstId e, uint32_t depth);
  ValId eval_traversal(AstId e, uint32_t depth);
  ValId eval_call(AstId e, uint32_t depth);
  ValId eval_binary(AstId e, uint32_t depth);
  ValId eval_for(AstId e, uint32_t depth);
  bool for_item(AstId e, ValId key, ValId value, uint32_t depth);
  ValId step(ValId v, AstId op, uint32_t depth);
  ValId named(std::unordered_map<std::string_view, AstId>& where,
              std::unordered_map<std::string_view, ValId>& memo, std::string_view name, AstId ref,
              uint32_t depth);
  ValId policy_document(AstId body, AstId ref, uint32_t depth);
  ValId statement(AstId block, uint32_t depth);
  ValId principals(AstId statement_body, std::string_view type, uint32_t depth);
  ValId conditions(AstId statement_body, uint32_t depth);
  void emit_policy(ValId v, AstId expr, std::string_view key, uint32_t key_at, uint32_t depth);
  bool decode_string(AstId tpl, std::string& out, std::vector<uint32_t>* offsets, uint32_t depth,
                     bool keep_unknown = false);

  // --- writing -------------------------------------------------------------
  void emit(ValId v, std::string_view key, uint32_t key_at, uint32_t depth);
  void emit_body(AstId body, uint32_t depth);
  void emit_block(AstId block, uint32_t depth);
  void emit_group(AstId head, uint32_t depth);
  bool no_instances(AstId blk);
  void emit_json(const json::Tree& t, json::NodeId n, std::string_view key, uint32_t key_at,
                 const std::vector<uint32_t>& map, uint32_t depth);
  enum Which : unsigned char { kVariable, kTfvar, kLocal, kPolicy };
  ValId resolve(Which which, std::string_view name, AstId ref, uint32_t depth);
  std::unordered_map<std::string_view, ValId>& memo(Which w) {
    return w == kVariable ? variable_vals_
           : w == kTfvar  ? tfvar_vals_
           : w == kLocal  ? local_vals_
                          : policy_vals_;
  }
  ValId copy_in(const Hcl& from, ValId v, uint32_t at, uint32_t end, uint32_t depth);

  std::string_view label(AstId l) const { return ast_[l].text; }
  AstId body_of(AstId block) const {
    AstId c = ast_[block].first;
    while (c != kNone && ast_[c].kind != Kind::Body) c = ast_[c].next;
    return c;
  }
  AstId attribute(AstId body, std::string_view name) const {
    for (AstId c = ast_[body].first; c != kNone; c = ast_[c].next) {
      if (ast_[c].kind == Kind::Attribute && ast_[c].text == name) return ast_[c].first;
    }
    return kNone;
  }
  bool spend(std::size_t n = 1) {
    if (budget_ < n) return false;
    budget_ -= n;
    return true;
  }

  const Ast& ast_;
  std::string_view src_;
  json::TreeBuilder b_;
  std::vector<Val> vals_;
  std::vector<Item> items_;
  std::vector<Item> stack_;
  Scope& scope_;
  // Variables of the `for` expressions being evaluated, innermost last.
  std::vector<std::pair<std::string_view, ValId>> bindings_;
  // Values of this file's definitions, evaluated once (kInProgress meanwhile).
  std::unordered_map<std::string_view, ValId> variable_vals_, tfvar_vals_, local_vals_,
      policy_vals_;
  std::unordered_map<std::string_view, AstId> groups_;  // per body: block type → last block
  std::vector<AstId> next_same_;                        // per AST node: next block of its group
  std::vector<unsigned char> head_;                     // per AST node: first block of its group
  std::size_t budget_;
  std::size_t text_budget_;
};

constexpr ValId kInProgress = UINT32_MAX - 1;

// --- evaluation ----------------------------------------------------------

ValId Hcl::eval(AstId e, uint32_t depth) {
  const hcl::Node& n = ast_[e];
  if (depth > kMaxValueDepth || !spend()) return unknown(e);
  switch (n.kind) {
    case Kind::Number: {
      ValId v = scalar(Val::Number, e);
      Val& x = vals_[v];
      x.text = n.text;
      std::from_chars(n.text.data(), n.text.data() + n.text.size(), x.number);
      auto [p, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), x.integer);
      x.integral = ec == std::errc() && p == n.text.data() + n.text.size();
      return v;
    }
    case Kind::True:
    case Kind::False: {
      ValId v = scalar(Val::Bool, e);
      vals_[v].boolean = n.kind == Kind::True;
      return v;
    }
    case Kind::Null:
      return scalar(Val::Null, e);
    case Kind::Template:
      return eval_template(e, depth);
    case Kind::Paren:
      return eval(n.first, depth + 1);
    case Kind::Tuple: {
      std::size_t mark = stack_.size();
      for (AstId c = n.first; c != kNone; c = ast_[c].next) {
        ValId x = eval(c, depth + 1);
        stack_.push_back({{}, 0, x});
      }
      return collection(Val::Tuple, e, mark);
    }
    case Kind::Object:
      return eval_object(e, depth);
    case Kind::Variable:
    case Kind::GetAttr:
    case Kind::Index:
    case Kind::LegacyIndex:
      return eval_traversal(e, depth);
    case Kind::Call:
      return eval_call(e, depth);
    case Kind::Conditional: {
      ValId c = eval(n.first, depth + 1);
      if (vals_[c].kind != Val::Bool) return unknown(e);
      return eval(ast_.child(e, vals_[c].boolean ? 1 : 2), depth + 1);
    }
    case Kind::Unary: {
      ValId x = eval(n.first, depth + 1);
      if (n.op == '-' && vals_[x].kind == Val::Number && ast_[n.first].kind == Kind::Number) {
        ValId v = scalar(Val::Number, e);
        vals_[v].text = b_.intern("-" + std::string(vals_[x].text));
        vals_[v].number = -vals_[x].number;
        vals_[v].integer = -vals_[x].integer;
        vals_[v].integral = vals_[x].integral;
        return v;
      }
      if (n.op == '!' && vals_[x].kind == Val::Bool) {
        ValId v = scalar(Val::Bool, e);
        vals_[v].boolean = !vals_[x].boolean;
        return v;
      }
      return unknown(e);
    }
    case Kind::Binary:
      return eval_binary(e, depth);
    case Kind::For:
      return eval_for(e, depth);
    default:  // splats: not evaluated
      return unknown(e);
  }
}

// Equality of known scalars, && and || of bools, comparisons of numbers
// (what conditionals test); arithmetic is not evaluated.
ValId Hcl::eval_binary(AstId e, uint32_t depth) {
  const hcl::Node& n = ast_[e];
  ValId a = eval(n.first, depth + 1);
  ValId b = eval(ast_[n.first].next, depth + 1);
  const Val& x = vals_[a];
  const Val& y = vals_[b];
  bool result = false;
  if ((n.op == hcl::kEq || n.op == hcl::kNe) && known_scalar(a) && known_scalar(b)) {
    bool same = x.kind == y.kind && (x.kind == Val::Bool     ? x.boolean == y.boolean
                                     : x.kind == Val::Number ? x.number == y.number
                                                             : x.text == y.text);
    result = n.op == hcl::kEq ? same : !same;
  } else if ((n.op == hcl::kAnd || n.op == hcl::kOr) && x.kind == Val::Bool &&
             y.kind == Val::Bool) {
    result = n.op == hcl::kAnd ? (x.boolean && y.boolean) : (x.boolean || y.boolean);
  } else if (n.op >= hcl::kLt && n.op <= hcl::kGe && x.kind == Val::Number &&
             y.kind == Val::Number) {
    result = n.op == hcl::kLt   ? x.number < y.number
             : n.op == hcl::kLe ? x.number <= y.number
             : n.op == hcl::kGt ? x.number > y.number
                                : x.number >= y.number;
  } else {
    return unknown(e);
  }
  ValId v = scalar(Val::Bool, e);
  vals_[v].boolean = result;
  return v;
}

// [for k, v in coll : value if cond] and {for k, v in coll : key => value}
// over a known collection (an object's keys in lexical order, as the spec
// says); a grouping object (`...`) is not evaluated.
ValId Hcl::eval_for(AstId e, uint32_t depth) {
  const hcl::Node& n = ast_[e];
  ValId c = eval(n.first, depth + 1);
  if (n.op == 2 || (vals_[c].kind != Val::Tuple && vals_[c].kind != Val::Object)) {
    return unknown(e);
  }
  bool object = vals_[c].kind == Val::Object;
  std::vector<uint32_t> order(vals_[c].count);
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  if (object) {
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return item(c, a).key < item(c, b).key; });
  }
  std::size_t mark = stack_.size();
  for (uint32_t i : order) {
    Item it = item(c, i);
    ValId key = object ? string(e, it.key) : scalar(Val::Number, e);
    if (!object) {
      vals_[key].text = b_.intern(std::to_string(i));
      vals_[key].number = i;
      vals_[key].integer = i;
      vals_[key].integral = true;
    }
    if (!spend(4) || !for_item(e, key, it.value, depth)) {
      stack_.resize(mark);
      return unknown(e);
    }
  }
  return collection(n.op == 1 ? Val::Object : Val::Tuple, e, mark);
}

// One element of a for expression, with its variables bound: pushed on
// stack_ unless its condition is false; false when it cannot be evaluated.
bool Hcl::for_item(AstId e, ValId key, ValId value, uint32_t depth) {
  const hcl::Node& n = ast_[e];
  std::string_view names = n.text;
  std::size_t comma = names.find(',');
  std::string_view value_name = names;
  if (comma != std::string_view::npos) {
    value_name = names.substr(names.find_first_not_of(" \t\r\n", comma + 1));
    bindings_.emplace_back(names.substr(0, names.find_first_of(" \t\r\n,")), key);
  }
  bindings_.emplace_back(value_name, value);
  std::size_t bound = comma != std::string_view::npos ? 2 : 1;
  AstId first = ast_[n.first].next;  // the value (object: the key)
  AstId second = n.op == 1 ? ast_[first].next : kNone;
  AstId cond = ast_[n.op == 1 ? second : first].next;
  bool ok = true;
  bool keep = true;
  if (cond != kNone) {
    ValId cv = eval(cond, depth + 1);
    ok = vals_[cv].kind == Val::Bool;
    keep = ok && vals_[cv].boolean;
  }
  if (ok && keep && n.op == 1) {
    ValId k = eval(first, depth + 1);
    ok = vals_[k].kind == Val::String;
    if (ok) stack_.push_back({vals_[k].text, ast_[first].offset, eval(second, depth + 1)});
  } else if (ok && keep) {
    stack_.push_back({{}, 0, eval(first, depth + 1)});
  }
  bindings_.resize(bindings_.size() - bound);
  return ok;
}

ValId Hcl::eval_object(AstId e, uint32_t depth) {
  std::size_t mark = stack_.size();
  for (AstId it = ast_[e].first; it != kNone; it = ast_[it].next) {
    AstId k = ast_[it].first;
    AstId v = ast_[k].next;
    std::string_view key;
    if (ast_[it].op == 1) {
      key = ast_[k].text;
    } else {
      ValId kv = eval(k, depth + 1);
      if (vals_[kv].kind != Val::String) {
        stack_.resize(mark);
        return unknown(e);  // a computed key: the object's shape is not known
      }
      key = vals_[kv].text;
    }
    ValId x = eval(v, depth + 1);
    stack_.push_back({key, ast_[k].offset, x});
  }
  return collection(Val::Object, e, mark);
}

// A template's text, when every part is known. `offsets` (optional) receives
// each byte's source offset (an interpolated value: its expression's). With
// `keep_unknown`, an unknown interpolation stays in the text as "${...}" (its
// source, without quotes or backslashes, so that it stays inside a JSON
// string): a JSON document then keeps its known parts.
bool Hcl::decode_string(AstId tpl, std::string& out, std::vector<uint32_t>* offsets, uint32_t depth,
                        bool keep_unknown) {
  const hcl::Node& t = ast_[tpl];
  for (AstId p = t.first; p != kNone; p = ast_[p].next) {
    const hcl::Node& n = ast_[p];
    if (n.kind == Kind::Literal) {
      hcl::decode_literal(n.text, n.offset, n.heredoc, out, offsets);
      continue;
    }
    if (n.kind != Kind::Interp) return false;  // a directive
    ValId v = eval(n.first, depth + 1);
    std::size_t before = out.size();
    if (known_scalar(v)) {
      out += vals_[v].kind == Val::Bool ? (vals_[v].boolean ? "true" : "false") : vals_[v].text;
    } else if (keep_unknown) {
      for (char c : src_.substr(n.offset, std::min<uint32_t>(n.end - n.offset, 200))) {
        out.push_back(c == '"' ? '\'' : c == '\\' ? '/' : (c == '\n' || c == '\r') ? ' ' : c);
      }
      if (!out.ends_with('}')) out += '}';
    } else {
      return false;
    }
    if (offsets != nullptr) offsets->insert(offsets->end(), out.size() - before, n.offset);
  }
  return out.size() <= text_budget_;
}

ValId Hcl::eval_template(AstId e, uint32_t depth) {
  const hcl::Node& t = ast_[e];
  // "${x}" alone is x itself, not a string conversion of it.
  if (t.count == 1 && ast_[t.first].kind == Kind::Interp)
    return eval(ast_[t.first].first, depth + 1);
  if (t.count == 0) return string(e, {});
  // One literal without escapes is a view of the source.
  if (t.count == 1 && ast_[t.first].kind == Kind::Literal) {
    std::string_view raw = ast_[t.first].text;
    bool plain = raw.find("{") == std::string_view::npos &&
                 (t.heredoc || raw.find('\\') == std::string_view::npos);
    if (plain) return string(e, raw);
  }
  std::string text;
  if (!decode_string(e, text, nullptr, depth)) return unknown(e);
  text_budget_ -= text.size();
  return string(e, b_.intern(text));
}

// var.x, local.x, data.aws_iam_policy_document.x.json, then attribute and
// index steps on a known value; anything else is unknown.
ValId Hcl::eval_traversal(AstId e, uint32_t depth) {
  AstId chain[16];  // the steps, outermost first
  std::size_t len = 0;
  AstId root = e;
  for (Kind k = ast_[root].kind; k == Kind::GetAttr || k == Kind::Index || k == Kind::LegacyIndex;
       k = ast_[root].kind) {
    if (len == 16) return unknown(e);
    chain[len++] = root;
    root = ast_[root].first;
  }
  // The i-th step from the root, when it is an attribute access.
  auto attr = [&](std::size_t i) -> std::string_view {
    return i < len && ast_[chain[len - 1 - i]].kind == Kind::GetAttr ? ast_[chain[len - 1 - i]].text
                                                                     : std::string_view{};
  };
  ValId v = kNoVal;
  std::size_t used = 0;
  std::string_view name = ast_[root].kind == Kind::Variable ? ast_[root].text : std::string_view{};
  auto bound = std::find_if(bindings_.rbegin(), bindings_.rend(),
                            [&](const auto& b) { return !name.empty() && b.first == name; });
  if (ast_[root].kind != Kind::Variable) {
    v = eval(root, depth + 1);
  } else if (bound != bindings_.rend()) {
    v = bound->second;  // a for expression's variable
  } else if (name == "var" && !attr(0).empty()) {
    // A tfvars file's value wins over the default.
    v = resolve(scope_.tfvars.contains(attr(0)) ? kTfvar : kVariable, attr(0), e, depth);
    used = 1;
  } else if (name == "local" && !attr(0).empty()) {
    v = resolve(kLocal, attr(0), e, depth);
    used = 1;
  } else if (name == "data" && attr(0) == "aws_iam_policy_document" && attr(2) == "json") {
    v = resolve(kPolicy, attr(1), e, depth);
    used = 3;
  }
  if (v == kNoVal) return unknown(e);
  for (std::size_t i = used; i < len && vals_[v].kind != Val::Unknown; ++i) {
    v = step(v, chain[len - 1 - i], depth);
  }
  return vals_[v].kind == Val::Unknown ? unknown(e) : v;
}

// One attribute or index step applied to a value.
ValId Hcl::step(ValId v, AstId op, uint32_t depth) {
  if (vals_[v].kind == Val::Unknown) return unknown(op);
  const hcl::Node& n = ast_[op];
  std::string_view key;
  int64_t index = -1;
  if (n.kind == Kind::GetAttr) {
    key = n.text;
  } else if (n.kind == Kind::LegacyIndex) {
    std::from_chars(n.text.data(), n.text.data() + n.text.size(), index);
  } else if (n.kind == Kind::Index) {
    ValId k = eval(ast_.child(op, 1), depth + 1);
    if (vals_[k].kind == Val::String) key = vals_[k].text;
    if (vals_[k].kind == Val::Number && vals_[k].integral) index = vals_[k].integer;
  } else {
    return unknown(op);
  }
  const Val& c = vals_[v];
  if (c.kind == Val::Object && !key.empty()) {
    for (uint32_t i = c.count; i-- > 0;) {
      if (item(v, i).key == key) return item(v, i).value;
    }
  } else if (c.kind == Val::Tuple && index >= 0 && index < c.count) {
    return item(v, static_cast<uint32_t>(index)).value;
  }
  return unknown(op);
}

// A definition's value, evaluated once by the file that holds it (a cycle
// is unknown); a value from another file is copied in, located at `ref`.
ValId Hcl::resolve(Which which, std::string_view name, AstId ref, uint32_t depth) {
  auto& where = which == kVariable ? scope_.variables
                : which == kTfvar  ? scope_.tfvars
                : which == kLocal  ? scope_.locals
                                   : scope_.policies;
  auto it = where.find(name);
  if (it == where.end() || it->second.node == kNone) return unknown(ref);
  Hcl& owner = *it->second.owner;
  auto [m, fresh] = owner.memo(which).try_emplace(name, kInProgress);
  ValId v = m->second;
  if (fresh) {
    AstId node = it->second.node;
    // A definition does not see the for expression that refers to it.
    std::vector<std::pair<std::string_view, ValId>> hidden;
    std::swap(hidden, owner.bindings_);
    v = which == kPolicy ? owner.policy_document(node, node, depth + 1)
                         : owner.eval(node, depth + 1);
    std::swap(hidden, owner.bindings_);
    // An empty default is the usual sign of a required input, not a value.
    if (which == kVariable && owner.vals_[v].kind == Val::String && owner.vals_[v].text.empty()) {
      v = owner.unknown(node);
    }
    owner.memo(which)[name] = v;
  }
  if (v == kInProgress) return unknown(ref);
  if (&owner == this) return v;
  return copy_in(owner, v, ast_[ref].offset, ast_[ref].end, depth);
}

// A deep copy of another file's value, every node located at [at, end).
ValId Hcl::copy_in(const Hcl& from, ValId v, uint32_t at, uint32_t end, uint32_t depth) {
  const Val& x = from.vals_[v];
  bool container = x.kind == Val::Tuple || x.kind == Val::Object;
  Val c = x;
  c.at = at;
  c.end = end;
  c.origin = kNone;
  c.text = b_.intern(x.text);
  if (depth > kMaxValueDepth || !spend(1 + (container ? x.count : 0))) {
    c.kind = Val::Unknown;
    c.text = "${...}";
    return add(c);
  }
  if (!container) return add(c);
  std::size_t mark = stack_.size();
  for (uint32_t i = 0; i < x.count; ++i) {
    const Item& it = from.item(v, i);
    stack_.push_back({b_.intern(it.key), at, copy_in(from, it.value, at, end, depth + 1)});
  }
  ValId out = add(c);
  vals_[out].first = static_cast<uint32_t>(items_.size());
  vals_[out].count = static_cast<uint32_t>(stack_.size() - mark);
  items_.insert(items_.end(), stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
  stack_.resize(mark);
  return out;
}

// format(): %s, %d, %v and %% over known scalars.
bool format_into(std::string& out, std::string_view spec,
                 const std::vector<std::string_view>& args) {
  std::size_t next = 0;
  for (std::size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] != '%') {
      out.push_back(spec[i]);
      continue;
    }
    char verb = i + 1 < spec.size() ? spec[i + 1] : '\0';
    ++i;
    if (verb == '%') {
      out.push_back('%');
    } else if ((verb == 's' || verb == 'd' || verb == 'v') && next < args.size()) {
      out += args[next++];
    } else {
      return false;  // widths, flags, other verbs: not evaluated
    }
  }
  return true;
}

ValId Hcl::eval_call(AstId e, uint32_t depth) {
  const hcl::Node& n = ast_[e];
  if (n.op == 1) return unknown(e);  // `...` expansion
  std::size_t mark = stack_.size();
  for (AstId a = n.first; a != kNone; a = ast_[a].next)
    stack_.push_back({{}, 0, eval(a, depth + 1)});
  std::vector<Item> args(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
  stack_.resize(mark);
  auto kind = [&](std::size_t i) {
    return i < args.size() ? vals_[args[i].value].kind : Val::Unknown;
  };
  std::string_view f = n.text;
  if ((f == "jsonencode" || f == "tolist" || f == "toset" || f == "tomap") && args.size() == 1) {
    Val::Kind k = kind(0);
    if (f == "jsonencode" ? (k == Val::Object || k == Val::Tuple) : k != Val::Unknown) {
      return args[0].value;
    }
    return unknown(e);
  }
  if ((f == "lower" || f == "upper" || f == "tostring") && args.size() == 1 &&
      known_scalar(args[0].value) && kind(0) != Val::Bool) {
    std::string s(vals_[args[0].value].text);
    if (f != "tostring") {
      for (char& c : s)
        c = static_cast<char>(f == "lower" ? std::tolower(static_cast<unsigned char>(c))
                                           : std::toupper(static_cast<unsigned char>(c)));
    }
    return string(e, b_.intern(s));
  }
  if (f == "format" && kind(0) == Val::String) {
    std::vector<std::string_view> texts;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (!known_scalar(args[i].value) || kind(i) == Val::Bool) return unknown(e);
      texts.push_back(vals_[args[i].value].text);
    }
    std::string out;
    if (!format_into(out, vals_[args[0].value].text, texts) || out.size() > text_budget_)
      return unknown(e);
    text_budget_ -= out.size();
    return string(e, b_.intern(out));
  }
  bool merge = f == "merge";
  if (merge || f == "concat") {
    Val::Kind want = merge ? Val::Object : Val::Tuple;
    std::unordered_map<std::string_view, std::size_t> seen;
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (merge && kind(i) == Val::Null) continue;
      if (kind(i) != want || !spend(vals_[args[i].value].count)) {
        stack_.resize(mark);
        return unknown(e);
      }
      for (uint32_t j = 0; j < vals_[args[i].value].count; ++j) {
        const Item& it = item(args[i].value, j);
        auto [at, fresh] = seen.try_emplace(it.key, stack_.size());
        if (merge && !fresh) {
          stack_[at->second] = it;  // a later argument's key wins
        } else {
          stack_.push_back(it);
        }
      }
    }
    return collection(want, e, mark);
  }
  return unknown(e);
}

// --- aws_iam_policy_document ---------------------------------------------
// The JSON the data source renders (terraform-provider-aws,
// website/docs/d/iam_policy_document.html.markdown): Version (default
// 2012-10-17), Id, and one Statement per `statement` block.
ValId Hcl::policy_document(AstId body, AstId ref, uint32_t depth) {
  for (std::string_view merged :
       {"source_json", "source_policy_documents", "override_json", "override_policy_documents"}) {
    if (attribute(body, merged) != kNone) return unknown(ref);  // merging: not evaluated
  }
  std::size_t mark = stack_.size();
  AstId version = attribute(body, "version");
  ValId vv = version != kNone ? eval(version, depth + 1) : string(body, "2012-10-17");
  stack_.push_back({"Version", version != kNone ? ast_[version].offset : ast_[body].offset, vv});
  if (AstId id = attribute(body, "policy_id"); id != kNone) {
    stack_.push_back({"Id", ast_[id].offset, eval(id, depth + 1)});
  }
  std::size_t statements = stack_.size();
  bool dynamic = false;
  AstId first = kNone;
  for (AstId c = ast_[body].first; c != kNone; c = ast_[c].next) {
    if (ast_[c].kind != Kind::Block) continue;
    if (ast_[c].text == "dynamic") dynamic = true;
    if (ast_[c].text != "statement") continue;
    if (first == kNone) first = c;
    stack_.push_back({{}, 0, statement(c, depth + 1)});
  }
  if (dynamic) {
    stack_.resize(mark);
    return unknown(ref);
  }
  ValId list = collection(Val::Tuple, first != kNone ? first : body, statements);
  stack_.push_back({"Statement", first != kNone ? ast_[first].offset : ast_[body].offset, list});
  return collection(Val::Object, body, mark);
}

ValId Hcl::statement(AstId block, uint32_t depth) {
  static constexpr std::pair<std::string_view, std::string_view> kLists[] = {
      {"sid", "Sid"},
      {"effect", "Effect"},
      {"actions", "Action"},
      {"not_actions", "NotAction"},
      {"resources", "Resource"},
      {"not_resources", "NotResource"},
  };
  AstId body = body_of(block);
  std::size_t mark = stack_.size();
  for (auto [tf, api] : kLists) {
    AstId a = attribute(body, tf);
    if (a != kNone) {
      stack_.push_back({api, ast_[a].offset, eval(a, depth + 1)});
    } else if (tf == "effect") {
      stack_.push_back({api, ast_[block].offset, string(block, "Allow")});
    }
  }
  for (auto [tf, api] : {std::pair<std::string_view, std::string_view>{"principals", "Principal"},
                         {"not_principals", "NotPrincipal"}}) {
    ValId p = principals(body, tf, depth + 1);
    if (p != kNoVal) stack_.push_back({api, vals_[p].at, p});
  }
  ValId c = conditions(body, depth + 1);
  if (c != kNoVal) stack_.push_back({"Condition", vals_[c].at, c});
  return collection(Val::Object, block, mark);
}

// principals { type = "AWS", identifiers = [...] } blocks → {"AWS": [...]};
// type "*" with identifiers ["*"] → "*". kNoVal when there is none.
ValId Hcl::principals(AstId body, std::string_view type, uint32_t depth) {
  std::size_t mark = stack_.size();
  AstId first = kNone;
  for (AstId c = ast_[body].first; c != kNone; c = ast_[c].next) {
    if (ast_[c].kind != Kind::Block) continue;
    bool dyn = ast_[c].text == "dynamic" && ast_[c].first != kNone &&
               ast_[ast_[c].first].kind == Kind::Label && label(ast_[c].first) == type;
    if (ast_[c].text != type && !dyn) continue;
    if (first == kNone) first = c;
    AstId inner = body_of(c);
    AstId t = attribute(inner, "type");
    AstId ids = attribute(inner, "identifiers");
    ValId tv = t != kNone ? eval(t, depth + 1) : kNoVal;
    if (dyn || tv == kNoVal || vals_[tv].kind != Val::String || ids == kNone) {
      stack_.resize(mark);
      return unknown(c);
    }
    ValId iv = eval(ids, depth + 1);
    if (vals_[tv].text == "*") {
      const Val& l = vals_[iv];
      if (l.kind == Val::Tuple && l.count == 1 && vals_[item(iv, 0).value].kind == Val::String &&
          vals_[item(iv, 0).value].text == "*" && stack_.size() == mark) {
        return item(iv, 0).value;
      }
    }
    stack_.push_back({vals_[tv].text, ast_[t].offset, iv});
  }
  if (first == kNone) return kNoVal;
  return collection(Val::Object, first, mark);
}

// condition { test, variable, values } blocks → {"<test>": {"<variable>": values}}.
ValId Hcl::conditions(AstId body, uint32_t depth) {
  struct Cond {
    std::string_view test;
    uint32_t test_at;
    Item entry;
  };
  std::vector<Cond> all;
  AstId first = kNone;
  for (AstId c = ast_[body].first; c != kNone; c = ast_[c].next) {
    if (ast_[c].kind != Kind::Block) continue;
    bool dyn =
        ast_[c].text == "dynamic" && ast_[c].first != kNone && label(ast_[c].first) == "condition";
    if (ast_[c].text != "condition" && !dyn) continue;
    if (first == kNone) first = c;
    AstId inner = body_of(c);
    AstId t = attribute(inner, "test");
    AstId var = attribute(inner, "variable");
    AstId values = attribute(inner, "values");
    ValId tv = t != kNone ? eval(t, depth + 1) : kNoVal;
    ValId vv = var != kNone ? eval(var, depth + 1) : kNoVal;
    if (dyn || all.size() == 64 || tv == kNoVal || vv == kNoVal || values == kNone ||
        vals_[tv].kind != Val::String || vals_[vv].kind != Val::String) {
      return unknown(c);
    }
    all.push_back({vals_[tv].text,
                   ast_[t].offset,
                   {vals_[vv].text, ast_[var].offset, eval(values, depth + 1)}});
  }
  if (first == kNone) return kNoVal;
  std::size_t mark = stack_.size();
  for (std::size_t i = 0; i < all.size(); ++i) {
    bool earlier = false;
    for (std::size_t j = 0; j < i && !earlier; ++j) earlier = all[j].test == all[i].test;
    if (earlier) continue;
    std::size_t inner = stack_.size();
    for (std::size_t j = i; j < all.size(); ++j) {
      if (all[j].test == all[i].test) stack_.push_back(all[j].entry);
    }
    ValId op = collection(Val::Object, first, inner);
    vals_[op].at = all[i].test_at;
    stack_.push_back({all[i].test, all[i].test_at, op});
  }
  return collection(Val::Object, first, mark);
}

// --- writing ---------------------------------------------------------------

json::Node located(Type type, uint32_t at, uint32_t end, std::string_view key, uint32_t key_at) {
  json::Node n;
  n.type = type;
  n.offset = at;
  n.end = end;
  n.key = key;
  n.key_offset = key_at;
  return n;
}

void Hcl::emit(ValId v, std::string_view key, uint32_t key_at, uint32_t depth) {
  const Val& x = vals_[v];
  bool container = x.kind == Val::Tuple || x.kind == Val::Object;
  if (depth > kMaxValueDepth || !spend(1 + (container ? x.count : 0))) {
    json::Node n = located(Type::String, x.at, x.end, key, key_at);
    n.text = "${...}";  // past the bounds: unknown
    b_.scalar(n);
    return;
  }
  json::Node n = located(Type::Null, x.at, x.end, key, key_at);
  switch (x.kind) {
    case Val::Unknown:
    case Val::String:
      n.type = Type::String;
      n.text = x.text;
      break;
    case Val::Null:
      break;
    case Val::Bool:
      n.type = Type::Bool;
      n.boolean = x.boolean;
      break;
    case Val::Number:
      n.type = Type::Number;
      n.text = x.text;
      n.number = x.number;
      n.integer = x.integer;
      n.is_integer = x.integral;
      break;
    case Val::Tuple:
    case Val::Object: {
      json::NodeId c = b_.open(x.kind == Val::Tuple ? Type::Array : Type::Object, x.at,
                               key.empty() ? x.at : key_at, key);
      uint32_t first = x.first;
      uint32_t count = x.count;
      for (uint32_t i = 0; i < count; ++i) {
        const Item it = items_[first + i];  // a copy: emitting may grow items_
        emit(it.value, it.key, it.key.empty() ? vals_[it.value].at : it.key_at, depth + 1);
      }
      b_.set_end(c, x.end);
      b_.close(c);
      return;
    }
  }
  b_.scalar(n);
}

// A JSON document parsed out of a string, written with every node at the
// source offset its text came from.
void Hcl::emit_json(const json::Tree& t, json::NodeId id, std::string_view key, uint32_t key_at,
                    const std::vector<uint32_t>& map, uint32_t depth) {
  auto at = [&](uint32_t off) {
    return off < map.size() ? map[off] : map.empty() ? 0 : map.back() + 1;
  };
  const json::Node& n = t[id];
  json::Node out = located(n.type, at(n.offset), at(n.end - 1) + 1, key, key_at);
  if (depth > kMaxValueDepth || !spend(1 + n.child_count)) {
    out.type = Type::String;
    out.text = "${...}";
    b_.scalar(out);
    return;
  }
  if (n.type == Type::Array || n.type == Type::Object) {
    json::NodeId c = b_.open(n.type, out.offset, key_at, key);
    for (json::NodeId k : t.children(id)) {
      std::string_view name = n.type == Type::Object ? b_.intern(t[k].key) : std::string_view{};
      emit_json(t, k, name, n.type == Type::Object ? at(t[k].key_offset) : at(t[k].offset), map,
                depth + 1);
    }
    b_.set_end(c, out.end);
    b_.close(c);
    return;
  }
  out.boolean = n.boolean;
  out.is_integer = n.is_integer;
  out.number = n.number;
  out.integer = n.integer;
  out.text = b_.intern(n.text);
  b_.scalar(out);
}

// An attribute that holds a JSON policy: jsonencode({...}) and
// aws_iam_policy_document are values already; a string (quoted, heredoc, a
// variable's default) is parsed as the embedded document it is.
void Hcl::emit_policy(ValId v, AstId expr, std::string_view key, uint32_t key_at, uint32_t depth) {
  // A template with unknown parts: the JSON around them is still known.
  std::string partial;
  std::vector<uint32_t> partial_map;
  if (vals_[v].kind == Val::Unknown && ast_[expr].kind == Kind::Template &&
      decode_string(expr, partial, &partial_map, depth, true) &&
      partial.find("${") != std::string::npos) {
    Val p = vals_[v];
    p.kind = Val::String;
    p.origin = kNone;
    p.text = b_.intern(partial);
    v = add(p);
  }
  const Val& x = vals_[v];
  std::string_view text = x.text;
  auto first = text.find_first_not_of(" \t\r\n");
  if (x.kind != Val::String || first == std::string_view::npos || text[first] != '{') {
    emit(v, key, key_at, depth);
    return;
  }
  std::string decoded;
  std::vector<uint32_t> map;
  if (!partial_map.empty() && text.data() != nullptr && text == partial) {
    decoded = std::move(partial);
    map = std::move(partial_map);
  } else if (x.origin != kNone && ast_[x.origin].kind == Kind::Template &&
             decode_string(x.origin, decoded, &map, depth) && decoded == text) {
    // each byte located where it is written
  } else {
    decoded.assign(text);
    map.assign(decoded.size(), x.at);
  }
  SourceError error;
  auto source = Source::from_bytes("", decoded, error);
  json::ParseResult parsed;
  if (source) parsed = json::parse(*source);
  if (!source || !error.code.empty() || !parsed.ok) {
    // Not JSON (Terraform would refuse it at apply): unknown, not guessed.
    Val bad = x;
    bad.kind = Val::Unknown;
    bad.text = "${invalid JSON}";
    emit(add(bad), key, key_at, depth);
    return;
  }
  emit_json(parsed.tree, parsed.tree.root(), key, key_at, map, depth);
}

// Blocks of one body grouped by type (a `dynamic "x"` block joins group x),
// in the order of each group's first block.
void Hcl::emit_body(AstId body, uint32_t depth) {
  groups_.clear();
  for (AstId c = ast_[body].first; c != kNone; c = ast_[c].next) {
    if (ast_[c].kind != Kind::Block) continue;
    std::string_view type = ast_[c].text;
    if (type == "dynamic" && ast_[c].first != kNone && ast_[ast_[c].first].kind == Kind::Label) {
      type = label(ast_[c].first);
    }
    auto [it, fresh] = groups_.try_emplace(type, c);
    if (!fresh) {
      next_same_[it->second] = c;
      it->second = c;
      head_[c] = 0;
    } else {
      head_[c] = 1;
    }
  }
  for (AstId c = ast_[body].first; c != kNone; c = ast_[c].next) {
    const hcl::Node& n = ast_[c];
    if (n.kind == Kind::Attribute) {
      ValId v = eval(n.first, depth);
      if (n.text == "policy") {
        emit_policy(v, n.first, n.text, n.offset, depth);
      } else {
        emit(v, n.text, n.offset, depth);
      }
    } else if (n.kind == Kind::Block && head_[c] != 0) {
      emit_group(c, depth);
    }
  }
}

bool dynamic_block(const Ast& ast, AstId block) {
  return ast[block].text == "dynamic" && ast[block].first != kNone &&
         ast[ast[block].first].kind == Kind::Label;
}

// A resource or data source whose `count` is a known 0 or whose `for_each`
// is a known empty collection (`count = var.enabled ? 1 : 0` with the
// default false): Terraform creates no instance of it.
bool Hcl::no_instances(AstId blk) {
  AstId body = body_of(blk);
  if (body == kNone) return false;
  AstId count = attribute(body, "count");
  if (count != kNone) {
    const Val& v = vals_[eval(count, 1)];
    return v.kind == Val::Number && v.number == 0;
  }
  AstId each = attribute(body, "for_each");
  if (each != kNone) {
    const Val& v = vals_[eval(each, 1)];
    return (v.kind == Val::Tuple || v.kind == Val::Object) && v.count == 0;
  }
  return false;
}

void Hcl::emit_group(AstId head, uint32_t depth) {
  bool dyn = dynamic_block(ast_, head);
  AstId key_node = dyn ? ast_[head].first : head;
  std::string_view key = dyn ? label(key_node) : ast_[head].text;
  json::NodeId arr = b_.open(Type::Array, ast_[head].offset, ast_[key_node].offset, key);
  uint32_t end = ast_[head].end;
  for (AstId blk = head; blk != kNone; blk = next_same_[blk]) {
    end = ast_[blk].end;
    if (dynamic_block(ast_, blk) || depth > kMaxValueDepth) {
      // Its content depends on for_each: an unknown element.
      json::Node u = located(Type::String, ast_[blk].offset, ast_[blk].end, {}, ast_[blk].offset);
      u.text = "${dynamic}";
      b_.scalar(u);
      continue;
    }
    if (depth <= 1 && no_instances(blk)) continue;  // count = 0: not created
    emit_block(blk, depth + 1);
  }
  b_.set_end(arr, end);
  b_.close(arr);
}

// One block: its labels as nested objects ({"t": {"n": {...}}}), then its body.
void Hcl::emit_block(AstId blk, uint32_t depth) {
  json::NodeId opened[8];
  std::size_t count = 0;
  opened[count++] = b_.open(Type::Object, ast_[blk].offset, ast_[blk].offset, {});
  AstId c = ast_[blk].first;
  for (; c != kNone && ast_[c].kind == Kind::Label && count < 8; c = ast_[c].next) {
    opened[count++] = b_.open(Type::Object, ast_[c].offset, ast_[c].offset, label(c));
  }
  AstId body = body_of(blk);
  if (body != kNone) emit_body(body, depth + static_cast<uint32_t>(count));
  while (count > 0) {
    json::NodeId o = opened[--count];
    b_.set_end(o, ast_[blk].end);
    b_.close(o);
  }
}

// Variables' defaults, locals and aws_iam_policy_document data sources, by
// name (the first definition in the module wins; Terraform refuses twice).
void Hcl::collect_top(bool tfvars) {
  for (AstId c = ast_[ast_.root].first; c != kNone; c = ast_[c].next) {
    if (tfvars) {
      if (ast_[c].kind == Kind::Attribute)
        scope_.tfvars.insert_or_assign(ast_[c].text, Scope::Ref{this, ast_[c].first});
      continue;
    }
    if (ast_[c].kind != Kind::Block) continue;
    std::string_view type = ast_[c].text;
    AstId l1 = ast_[c].first;
    bool has1 = l1 != kNone && ast_[l1].kind == Kind::Label;
    AstId l2 = has1 ? ast_[l1].next : kNone;
    bool has2 = l2 != kNone && ast_[l2].kind == Kind::Label;
    AstId body = body_of(c);
    if (type == "variable" && has1) {
      scope_.variables.try_emplace(label(l1), Scope::Ref{this, attribute(body, "default")});
    } else if (type == "locals") {
      for (AstId a = ast_[body].first; a != kNone; a = ast_[a].next) {
        if (ast_[a].kind == Kind::Attribute)
          scope_.locals.try_emplace(ast_[a].text, Scope::Ref{this, ast_[a].first});
      }
    } else if (type == "data" && has2 && label(l1) == "aws_iam_policy_document") {
      scope_.policies.try_emplace(label(l2), Scope::Ref{this, body});
    }
  }
}

void Hcl::write() {
  next_same_.assign(ast_.nodes.size(), kNone);
  head_.assign(ast_.nodes.size(), 0);
  json::NodeId root = b_.open(Type::Object, 0, 0, {});
  emit_body(ast_.root, 1);
  b_.set_end(root, static_cast<uint32_t>(src_.size()));
  b_.close(root);
}

// The other files of a module folder: its `.tf` files and the variable files
// Terraform loads by itself (terraform.tfvars, then *.auto.tfvars in
// lexical order, a later value winning). Only small folders are read, so
// that linting every file of a folder stays linear in practice.
struct Sibling {
  std::shared_ptr<const Source> source;
  hcl::Ast ast;
  json::Tree scratch;  // strings its evaluator interns
  std::unique_ptr<Hcl> hcl;
};
constexpr std::size_t kMaxModuleFiles = 64;
constexpr std::uintmax_t kMaxModuleBytes = std::uintmax_t{1} << 20;

void load_module(std::string_view path, Scope& scope, std::vector<std::unique_ptr<Sibling>>& out) {
  namespace fs = std::filesystem;
  fs::path self{std::string(path)};
  fs::path dir = self.parent_path().empty() ? fs::path(".") : self.parent_path();
  std::vector<std::pair<int, std::string>> names;  // (0 .tf, 1 terraform.tfvars, 2 auto), name
  std::error_code ec;
  std::uintmax_t total = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    int kind = name.ends_with(".auto.tfvars") ? 2
               : name == "terraform.tfvars"   ? 1
               : name.ends_with(".tf")        ? 0
                                              : -1;
    // A planted link (x.tf -> /etc/...) is never followed: only regular files
    // of the folder itself are read, as a scan reads them.
    if (kind < 0 || name == self.filename().string() || it->is_symlink(ec) ||
        !it->is_regular_file(ec)) {
      continue;
    }
    total += it->file_size(ec);
    if (ec || names.size() == kMaxModuleFiles || total > kMaxModuleBytes) return;  // too big
    names.emplace_back(kind, std::move(name));
  }
  std::sort(names.begin(), names.end());
  for (const auto& [kind, name] : names) {
    auto sib = std::make_unique<Sibling>();
    SourceError error;
    sib->source = Source::read_file((dir / name).string(), error);
    hcl::ParseError perr;
    if (!sib->source || !hcl::parse(sib->source->text(), sib->ast, perr)) continue;
    sib->hcl = std::make_unique<Hcl>(sib->ast, sib->source->text(), sib->scratch, scope);
    sib->hcl->collect_top(kind != 0);
    out.push_back(std::move(sib));
  }
}

}  // namespace

json::ParseResult terraform_hcl(const Source& source, bool module) {
  json::ParseResult out;
  std::string_view text = source.text();
  if (auto bad = find_invalid_utf8(text)) {
    out.error = {"E004", "invalid UTF-8 in HCL", static_cast<uint32_t>(*bad)};
    return out;
  }
  hcl::Ast ast;
  hcl::ParseError error;
  if (!hcl::parse(text, ast, error)) {
    out.error = {"E002", std::move(error.message), error.offset};
    return out;
  }
  Scope scope;
  Hcl main(ast, text, out.tree, scope);
  main.collect_top(false);  // the file's own definitions first
  std::vector<std::unique_ptr<Sibling>> siblings;
  if (module) load_module(source.path(), scope, siblings);
  main.write();
  out.ok = true;
  return out;
}

}  // namespace corslint::formats
