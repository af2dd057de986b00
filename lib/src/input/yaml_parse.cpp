// YAML (libyaml's event stream, once) into the located tree json::parse
// builds from JSON. This is the only file that includes yaml.h.
#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/core.h>

#include "corslint/model/source.hpp"
#include "input/yaml.hpp"

namespace corslint::yaml {
namespace {

using json::kMaxDepth;
using json::kNoNode;
using json::Node;
using json::NodeId;
using json::Type;

// libyaml 0.2.5 counts a mark's index in characters, not bytes (reader.c
// advances it once per decoded character): this walks from the previous mark
// to the byte offset of the next. Marks come nearly in order, so the walk is
// linear in the text.
class Offsets {
 public:
  explicit Offsets(std::string_view text) : text_(text) {}
  uint32_t byte(std::size_t index) {
    while (chars_ < index && bytes_ < text_.size()) {
      bytes_ += width(static_cast<unsigned char>(text_[bytes_]));
      ++chars_;
    }
    bytes_ = std::min(bytes_, text_.size());
    while (chars_ > index && bytes_ > 0) {
      --bytes_;
      while (bytes_ > 0 && (static_cast<unsigned char>(text_[bytes_]) & 0xC0) == 0x80) --bytes_;
      --chars_;
    }
    return static_cast<uint32_t>(bytes_);
  }

 private:
  static std::size_t width(unsigned char c) {
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  std::string_view text_;
  std::size_t chars_ = 0;
  std::size_t bytes_ = 0;
};

constexpr std::string_view kYamlTag = "tag:yaml.org,2002:";

// YAML 1.1 (the version CloudFormation reads) types of a plain scalar, as
// PyYAML and SnakeYAML resolve them. Timestamps (`2012-10-17`) stay strings:
// CloudFormation does not support the timestamp tag.
bool is_null(std::string_view v) {
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

std::optional<bool> yaml_bool(std::string_view v) {
  for (std::string_view t : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}) {
    if (v == t) return true;
  }
  for (std::string_view f : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}) {
    if (v == f) return false;
  }
  return std::nullopt;
}

bool digits_in(std::string_view s, std::string_view allowed) {
  return !s.empty() && s.find_first_not_of(allowed) == std::string_view::npos && s.front() != '_';
}

// Integers: [-+]? then 0b…, 0x…, 0… (octal) or decimal, `_` allowed between digits.
bool yaml_int(std::string_view v, Node& n) {
  bool negative = !v.empty() && v[0] == '-';
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) v.remove_prefix(1);
  int base = 10;
  if (v.starts_with("0b")) {
    base = 2, v.remove_prefix(2);
    if (!digits_in(v, "01_")) return false;
  } else if (v.starts_with("0x")) {
    base = 16, v.remove_prefix(2);
    if (!digits_in(v, "0123456789abcdefABCDEF_")) return false;
  } else if (v.size() > 1 && v[0] == '0') {
    base = 8, v.remove_prefix(1);
    if (!digits_in(v, "01234567_")) return false;
  } else if (!digits_in(v, "0123456789_")) {
    return false;
  }
  std::string clean;
  for (char c : v) {
    if (c != '_') clean += c;
  }
  uint64_t u = 0;
  auto [p, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), u, base);
  n.type = Type::Number;
  if (ec == std::errc() && u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    n.is_integer = true;
    n.integer = negative ? -static_cast<int64_t>(u) : static_cast<int64_t>(u);
    n.number = static_cast<double>(n.integer);
    return true;
  }
  double d = 0;
  for (char c : clean) d = d * base + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  n.number = negative ? -d : d;
  return true;
}

// Floats need a dot (`1e3` is a string in YAML 1.1), an exponent needs a sign.
bool yaml_float(std::string_view v, Node& n) {
  std::string_view s = v;
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s == ".inf" || s == ".Inf" || s == ".INF" || v == ".nan" || v == ".NaN" || v == ".NAN") {
    n.type = Type::Number;
    n.number = s[1] == 'n' || s[1] == 'N' ? std::numeric_limits<double>::quiet_NaN()
               : negative                 ? -std::numeric_limits<double>::infinity()
                                          : std::numeric_limits<double>::infinity();
    return true;
  }
  std::size_t dot = s.find('.');
  if (dot == std::string_view::npos) return false;
  std::size_t e = s.find_first_of("eE");
  if (e != std::string_view::npos && e < dot) return false;
  std::string_view mantissa = s.substr(0, e);
  std::string_view whole = mantissa.substr(0, dot), frac = mantissa.substr(dot + 1);
  if (whole.empty() ? !digits_in(frac, "0123456789_") || !v.starts_with('.')
                    : !digits_in(whole, "0123456789_") ||
                          frac.find_first_not_of("0123456789_") != std::string_view::npos) {
    return false;
  }
  if (e != std::string_view::npos) {
    std::string_view exp = s.substr(e + 1);
    if (exp.size() < 2 || (exp[0] != '+' && exp[0] != '-') ||
        !digits_in(exp.substr(1), "0123456789")) {
      return false;
    }
  }
  std::string clean = negative ? "-" : "";
  for (char c : s) {
    if (c != '_') clean += c;
  }
  n.type = Type::Number;
  n.number = std::strtod(clean.c_str(), nullptr);
  return true;
}

// True when `s` is a number as JSON writes it (its text can stand as is).
bool json_number(std::string_view s) {
  std::size_t i = s.starts_with('-') ? 1 : 0;
  auto digits = [&] {
    std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - from;
  };
  std::size_t from = i;
  std::size_t whole = digits();
  if (whole == 0 || (whole > 1 && s[from] == '0')) return false;
  if (i < s.size() && s[i] == '.' && (++i, digits()) == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

struct Anchor {
  NodeId node = kNoNode;  // kNoNode while the anchored node is still open
  uint32_t size = 0;      // nodes of its subtree (contiguous from `node`)
};

// Where the next node goes.
struct Slot {
  bool is_key = false;
  std::string_view key;
  uint32_t key_offset = 0;
  bool has_key = false;
};

struct Frame {
  NodeId node = kNoNode;     // the mapping or sequence
  NodeId wrapper = kNoNode;  // a tag's {"Fn::X": …} around it
  bool mapping = false;
  bool want_key = true;
  std::string_view key;  // mapping: the pending member's name
  uint32_t key_offset = 0;
  std::string anchor;
  NodeId first = 0;  // first node of the subtree (the wrapper when there is one)
};

class Reader {
 public:
  explicit Reader(const Source& source)
      : text_(source.text()), offsets_(text_), builder_(result_.tree) {
    limit_ = kBaseNodes + kNodesPerByte * static_cast<uint64_t>(text_.size());
  }

  json::ParseResult run() {
    yaml_parser_t parser;
    if (yaml_parser_initialize(&parser) == 0) {
      fail(0, "libyaml could not start (out of memory)");
      return finish();
    }
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text_.data()),
                                 text_.size());
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    bool done = false;
    while (!done && !failed_) {
      yaml_event_t event;
      if (yaml_parser_parse(&parser, &event) == 0) {
        syntax_error(parser);
        break;
      }
      done = event.type == YAML_STREAM_END_EVENT;
      handle(event);
      yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    return finish();
  }

 private:
  json::ParseResult finish() {
    result_.ok = !failed_;
    if (failed_) {
      result_.tree = json::Tree();
      result_.duplicates.clear();
    }
    return std::move(result_);
  }

  void fail(uint32_t offset, std::string message) {
    if (failed_) return;
    failed_ = true;
    result_.error = {"E002", "invalid YAML: " + message,
                     std::min(offset, static_cast<uint32_t>(text_.size()))};
  }

  void syntax_error(const yaml_parser_t& p) {
    std::string problem = p.problem != nullptr ? p.problem : "syntax error";
    if (p.error == YAML_READER_ERROR) {
      // Reader errors (bad UTF-8, control characters) are located in bytes.
      return fail(static_cast<uint32_t>(p.problem_offset), problem);
    }
    if (p.context != nullptr) problem += fmt::format(" ({})", p.context);
    fail(offsets_.byte(p.problem_mark.index), problem);
  }

  void handle(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_DOCUMENT_START_EVENT:
        ++documents_;
        anchors_.clear();
        key_anchors_.clear();
        return;
      case YAML_SCALAR_EVENT:
        if (documents_ == 1) scalar(e);
        return;
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT:
        if (documents_ == 1) open(e);
        return;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        if (documents_ == 1) close(e);
        return;
      case YAML_ALIAS_EVENT:
        if (documents_ == 1) alias(e);
        return;
      default:
        return;
    }
  }

  // Skips a node's properties (`&anchor`, `!tag`) and the space after them:
  // the token itself. `tag_at` gets where the tag starts.
  uint32_t token_start(uint32_t at, uint32_t& tag_at) const {
    tag_at = at;
    std::size_t i = at;
    while (i < text_.size() && (text_[i] == '&' || text_[i] == '!')) {
      if (text_[i] == '!') tag_at = static_cast<uint32_t>(i);
      while (i < text_.size() && text_[i] != ' ' && text_[i] != '\t' && text_[i] != '\n' &&
             text_[i] != '\r')
        ++i;
      skip_space(i);
    }
    return static_cast<uint32_t>(std::min(i, text_.size()));
  }

  void skip_space(std::size_t& i) const {
    while (i < text_.size()) {
      char c = text_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
      } else if (c == '#' && i > 0 &&
                 (text_[i - 1] == ' ' || text_[i - 1] == '\t' || text_[i - 1] == '\n' ||
                  text_[i - 1] == '\r')) {
        while (i < text_.size() && text_[i] != '\n') ++i;
      } else {
        break;
      }
    }
  }

  Slot slot() const {
    Slot s;
    if (stack_.empty()) return s;
    const Frame& f = stack_.back();
    if (!f.mapping) return s;
    if (f.want_key) {
      s.is_key = true;
      return s;
    }
    s.has_key = true;
    s.key = f.key;
    s.key_offset = f.key_offset;
    return s;
  }

  // After a member's value or an element: the parent mapping wants a key again.
  void placed() {
    if (!stack_.empty() && stack_.back().mapping) stack_.back().want_key = true;
  }

  bool budget(uint64_t more, uint32_t at) {
    if (result_.tree.size() + more <= limit_) return true;
    fail(at, fmt::format("alias expansion exceeds {} nodes ({} per byte of the file); corslint "
                         "stops here",
                         limit_, kNodesPerByte));
    return false;
  }

  bool depth_ok(uint32_t extra, uint32_t at) {
    if (depth_ + extra <= kMaxDepth) return true;
    fail(at, fmt::format("nesting deeper than {} levels; corslint stops here", kMaxDepth));
    return false;
  }

  // A scalar's text: a view into the source when it is written there verbatim.
  // The long form of a short-form tag, as `aws cloudformation package` reads
  // it (awscli yamlhelper.py): `!Ref` and `!Condition` keep their name, every
  // other `!Name` is `Fn::Name`. Empty for other tags. Names are kept once in
  // the tree's arena.
  std::string_view intrinsic_of(std::string_view tag) {
    if (tag.size() < 2 || tag[0] != '!' || tag[1] == '!') return {};
    tag.remove_prefix(1);
    auto it = intrinsics_.find(tag);
    if (it != intrinsics_.end()) return it->second;
    std::string name = tag == "Ref" || tag == "Condition" ? "" : "Fn::";
    name += tag;
    std::string_view kept = builder_.intern(name);
    intrinsics_.emplace(std::string(tag), kept);
    return kept;
  }

  std::string_view scalar_text(const yaml_event_t& e, uint32_t at, uint32_t end) {
    std::string_view value(reinterpret_cast<const char*>(e.data.scalar.value),
                           e.data.scalar.length);
    std::string_view raw;
    switch (e.data.scalar.style) {
      case YAML_PLAIN_SCALAR_STYLE:
        raw = text_.substr(at, end - at);
        break;
      case YAML_SINGLE_QUOTED_SCALAR_STYLE:
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
        if (end >= at + 2) raw = text_.substr(at + 1, end - at - 2);
        break;
      default:
        break;
    }
    if (raw.data() != nullptr && raw == value) return raw;
    return builder_.intern(value);
  }

  void scalar(const yaml_event_t& e);
  void open(const yaml_event_t& e);
  void close(const yaml_event_t& e);
  void alias(const yaml_event_t& e);
  void typed_scalar(const yaml_event_t& e, std::string_view tag, Node& n);
  void get_att(Node n, std::string_view name, uint32_t tag_at, bool verbatim);
  void copy(const Anchor& a, const Slot& s, uint32_t at, uint32_t end);
  void record(const char* anchor, NodeId first);
  void find_duplicates(NodeId object);
  void key_alias(const std::string& name, uint32_t at, uint32_t end);

  std::string_view text_;
  Offsets offsets_;
  json::ParseResult result_;
  json::TreeBuilder builder_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, Anchor> anchors_;
  std::unordered_map<std::string, std::string_view> key_anchors_;  // anchored mapping keys
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
  };
  std::unordered_map<std::string, std::string_view, Hash, std::equal_to<>> intrinsics_;
  uint64_t limit_ = 0;
  uint32_t depth_ = 0;
  int documents_ = 0;
  bool failed_ = false;
};

void Reader::record(const char* anchor, NodeId first) {
  if (anchor == nullptr || failed_) return;
  anchors_[anchor] = {first, static_cast<uint32_t>(result_.tree.size() - first)};
}

// The node of a plain scalar without a tag, or with a `!!` standard tag.
void Reader::typed_scalar(const yaml_event_t& e, std::string_view tag, Node& n) {
  std::string_view v = n.text;
  bool plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && tag.empty();
  auto is = [&](std::string_view name) {
    return tag.size() == kYamlTag.size() + name.size() && tag.starts_with(kYamlTag) &&
           tag.ends_with(name);
  };
  n.type = Type::String;
  if ((plain || is("null")) && is_null(v)) {
    n.type = Type::Null;
  } else if (plain || is("bool")) {
    if (auto b = yaml_bool(v)) {
      n.type = Type::Bool;
      n.boolean = *b;
    } else if (plain || is("int") || is("float")) {
      Node num = n;
      if (yaml_int(v, num) || yaml_float(v, num)) n = num;
    }
  } else if (is("int") || is("float")) {
    Node num = n;
    if (yaml_int(v, num) || yaml_float(v, num)) n = num;
  }
  if (n.type == Type::Number && !json_number(v)) {
    n.text =
        builder_.intern(n.is_integer ? fmt::format("{}", n.integer) : fmt::format("{}", n.number));
  }
}

// `!GetAtt Resource.Attribute` is ["Resource", "Attribute"] (split at the
// first dot, as awscli's yamlhelper does); the parts stay views when verbatim.
void Reader::get_att(Node n, std::string_view name, uint32_t tag_at, bool verbatim) {
  NodeId arr = builder_.open(Type::Array, n.offset, tag_at, name);
  std::string_view v = n.text;
  std::size_t dot = v.find('.');
  char first = n.offset < text_.size() ? text_[n.offset] : ' ';
  uint32_t content = n.offset + (first == '\'' || first == '"' ? 1 : 0);
  Node part = n;
  part.key = {};
  part.type = Type::String;
  part.text = v.substr(0, dot);
  part.end = verbatim ? content + static_cast<uint32_t>(part.text.size()) : n.end;
  part.key_offset = part.offset;
  builder_.scalar(part);
  if (dot != std::string_view::npos) {
    part.text = v.substr(dot + 1);
    part.offset = verbatim ? content + static_cast<uint32_t>(dot) + 1 : n.offset;
    part.key_offset = part.offset;
    part.end = n.end;
    builder_.scalar(part);
  }
  builder_.close(arr);
  builder_.set_end(arr, n.end);
}

void Reader::scalar(const yaml_event_t& e) {
  uint32_t prop = offsets_.byte(e.start_mark.index);
  uint32_t end = std::max(prop, offsets_.byte(e.end_mark.index));
  uint32_t tag_at = prop;
  uint32_t at = std::min(token_start(prop, tag_at), end);
  std::string_view text = scalar_text(e, at, end);
  Slot s = slot();
  if (s.is_key) {
    Frame& f = stack_.back();
    f.key = text;
    f.key_offset = at;
    f.want_key = false;
    if (e.data.scalar.anchor != nullptr) {
      key_anchors_[reinterpret_cast<const char*>(e.data.scalar.anchor)] = text;
    }
    return;
  }
  if (!budget(3, at)) return;
  std::string_view tag =
      e.data.scalar.tag != nullptr ? reinterpret_cast<const char*>(e.data.scalar.tag) : "";
  std::string_view fn = intrinsic_of(tag);
  NodeId first = static_cast<NodeId>(result_.tree.size());
  Node n;
  n.offset = at;
  n.end = end;
  n.text = text;
  n.type = Type::String;
  if (fn.empty()) {
    typed_scalar(e, tag, n);
    n.key = s.key;
    n.key_offset = s.has_key ? s.key_offset : at;
    builder_.scalar(n);
  } else {
    if (!depth_ok(1, tag_at)) return;
    NodeId w = builder_.open(Type::Object, tag_at, s.has_key ? s.key_offset : tag_at, s.key);
    n.key = fn;
    n.key_offset = tag_at;
    if (fn == "Fn::GetAtt") {
      get_att(n, fn, tag_at, text.data() >= text_.data() && text.data() < text_.data() + end);
    } else {
      builder_.scalar(n);
    }
    builder_.close(w);
    builder_.set_end(w, end);
  }
  record(reinterpret_cast<const char*>(e.data.scalar.anchor), first);
  placed();
}

void Reader::open(const yaml_event_t& e) {
  bool mapping = e.type == YAML_MAPPING_START_EVENT;
  uint32_t prop = offsets_.byte(e.start_mark.index);
  uint32_t tag_at = prop;
  uint32_t at = token_start(prop, tag_at);
  Slot s = slot();
  if (s.is_key) {
    return fail(prop,
                "a mapping key that is a mapping or a sequence; CloudFormation keys are "
                "strings");
  }
  if (!budget(2, at) || !depth_ok(1, prop)) return;
  const yaml_char_t* raw_tag = mapping ? e.data.mapping_start.tag : e.data.sequence_start.tag;
  const yaml_char_t* anchor = mapping ? e.data.mapping_start.anchor : e.data.sequence_start.anchor;
  std::string_view tag = raw_tag != nullptr ? reinterpret_cast<const char*>(raw_tag) : "";
  std::string_view fn = intrinsic_of(tag);
  Frame f;
  f.mapping = mapping;
  f.first = static_cast<NodeId>(result_.tree.size());
  if (anchor != nullptr) {
    f.anchor = reinterpret_cast<const char*>(anchor);
    anchors_[f.anchor] = {};  // open: an alias to it now would be recursive
  }
  uint32_t key_offset = s.has_key ? s.key_offset : at;
  std::string_view key = s.key;
  if (!fn.empty()) {
    if (!depth_ok(2, tag_at)) return;
    f.wrapper = builder_.open(Type::Object, tag_at, s.has_key ? s.key_offset : tag_at, s.key);
    ++depth_;
    key = fn;
    key_offset = tag_at;
  }
  f.node = builder_.open(mapping ? Type::Object : Type::Array, at, key_offset, key);
  ++depth_;
  stack_.push_back(std::move(f));
}

void Reader::close(const yaml_event_t& e) {
  if (stack_.empty()) return;
  Frame f = std::move(stack_.back());
  stack_.pop_back();
  builder_.close(f.node);
  // A flow collection ends past its bracket (the end mark); a block one after
  // its last child (its end mark is where the next token starts).
  const json::Tree& t = result_.tree;
  auto kids = t.children(f.node);
  char opener = t[f.node].offset < text_.size() ? text_[t[f.node].offset] : ' ';
  uint32_t end = opener == '[' || opener == '{' || kids.empty()
                     ? std::max(t[f.node].offset + 1, offsets_.byte(e.end_mark.index))
                     : t[kids.back()].end;
  builder_.set_end(f.node, end);
  --depth_;
  if (f.mapping) find_duplicates(f.node);
  if (f.wrapper != kNoNode) {
    builder_.close(f.wrapper);
    builder_.set_end(f.wrapper, end);
    --depth_;
  }
  if (!f.anchor.empty()) {
    anchors_[f.anchor] = {f.first, static_cast<uint32_t>(result_.tree.size() - f.first)};
  }
  placed();
}

void Reader::alias(const yaml_event_t& e) {
  uint32_t at = offsets_.byte(e.start_mark.index);
  uint32_t end = std::max(at, offsets_.byte(e.end_mark.index));
  std::string name = reinterpret_cast<const char*>(e.data.alias.anchor);
  auto it = anchors_.find(name);
  if (it == anchors_.end()) return key_alias(name, at, end);
  Anchor a = it->second;
  if (a.node == kNoNode) {
    return fail(at, fmt::format("alias *{} is inside the node it names (a recursive alias)", name));
  }
  Slot s = slot();
  const Node& target = result_.tree[a.node];
  if (s.is_key) {
    if (target.type != Type::String && target.type != Type::Number) {
      return fail(at, fmt::format("alias *{} as a mapping key must name a string", name));
    }
    Frame& f = stack_.back();
    f.key = target.text;
    f.key_offset = at;
    f.want_key = false;
    return;
  }
  copy(a, s, at, end);
  placed();
}

// An alias of an anchored mapping key (`&k Key: …`): its name again.
void Reader::key_alias(const std::string& name, uint32_t at, uint32_t end) {
  auto it = key_anchors_.find(name);
  if (it == key_anchors_.end()) {
    return fail(at, fmt::format("alias *{} names no anchor before it", name));
  }
  Slot s = slot();
  if (s.is_key) {
    Frame& f = stack_.back();
    f.key = it->second;
    f.key_offset = at;
    f.want_key = false;
    return;
  }
  if (!budget(1, at)) return;
  Node n;
  n.type = Type::String;
  n.text = it->second;
  n.offset = at;
  n.end = end;
  n.key = s.key;
  n.key_offset = s.has_key ? s.key_offset : at;
  builder_.scalar(n);
  placed();
}

// An alias: a copy of the anchored subtree, its root located at the alias and
// its descendants where they are written.
void Reader::copy(const Anchor& a, const Slot& s, uint32_t at, uint32_t end) {
  if (!budget(a.size, at)) return;
  std::vector<std::pair<NodeId, uint32_t>> open;  // copy's containers, children left
  for (uint32_t k = 0; k < a.size; ++k) {
    Node n = result_.tree[a.node + k];
    while (!open.empty() && open.back().second == 0) {
      builder_.close(open.back().first);
      open.pop_back();
    }
    if (!open.empty()) --open.back().second;
    if (k == 0) {
      n.key = s.key;
      n.key_offset = s.has_key ? s.key_offset : at;
      n.offset = at;
      n.end = end;
    }
    if (n.type == Type::Array || n.type == Type::Object) {
      if (!depth_ok(static_cast<uint32_t>(open.size()) + 1, at)) return;
      NodeId id = builder_.open(n.type, n.offset, n.key_offset, n.key);
      builder_.set_end(id, n.end);
      open.emplace_back(id, n.child_count);
    } else {
      builder_.scalar(n);
    }
  }
  while (!open.empty()) {
    builder_.close(open.back().first);
    open.pop_back();
  }
}

// E003 as for JSON: each repeated member name in one mapping.
void Reader::find_duplicates(NodeId object) {
  const json::Tree& t = result_.tree;
  auto kids = t.children(object);
  if (kids.size() < 2) return;
  if (kids.size() <= 32) {
    for (std::size_t i = 1; i < kids.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (t[kids[i]].key == t[kids[j]].key) {
          result_.duplicates.push_back({kids[j], kids[i]});
          break;
        }
      }
    }
    return;
  }
  std::vector<NodeId> sorted(kids.begin(), kids.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](NodeId x, NodeId y) { return t[x].key < t[y].key; });
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    std::size_t first = i - 1;
    while (i < sorted.size() && t[sorted[i]].key == t[sorted[first]].key) {
      result_.duplicates.push_back({sorted[first], sorted[i]});
      ++i;
    }
  }
}

}  // namespace

json::ParseResult parse(const Source& source) {
  Reader reader(source);
  json::ParseResult r = reader.run();
  std::sort(r.duplicates.begin(), r.duplicates.end(),
            [](const json::DuplicateKey& a, const json::DuplicateKey& b) {
              return a.duplicate < b.duplicate;
            });
  return r;
}

}  // namespace corslint::yaml
