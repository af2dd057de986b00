// S3 CORS XML → the located JSON tree of the API's shape. Expat reads the
// text once into a flat list of elements (byte offsets of each start tag and
// text); a second, linear walk groups the repeated elements of a rule into the
// API's lists. This is the only file that includes expat.h.
#include <expat.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "corslint/model/source.hpp"
#include "input/xml.hpp"

namespace corslint::xml {
namespace {

using json::kNoNode;
using json::Node;
using json::NodeId;
using json::Type;

constexpr uint32_t kNone = UINT32_MAX;
constexpr char kNsSeparator = '\x01';

bool xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// One element as read: where it is, its name, and (for an element without
// child elements) its text, trimmed.
struct Element {
  std::string_view qname;     // as written, prefix included: a view into the source
  std::string_view local;     // the name without its prefix
  bool s3_namespace = false;  // no namespace, or the S3 API's
  uint32_t offset = 0;        // the start tag's '<'
  uint32_t tag_end = 0;       // one past the start tag's '>'
  uint32_t end = 0;           // one past the end tag
  uint32_t first_child = kNone;
  uint32_t last_child = kNone;
  uint32_t next_sibling = kNone;
  bool has_children = false;
  std::string_view text;  // trimmed; a view into the source, or interned
  uint32_t text_offset = 0;
  uint32_t text_end = 0;
};

class Reader {
 public:
  Reader(const Source& source, json::Tree& tree)
      : src_(source.text()), tree_(tree), builder_(tree) {}

  // Parses the whole text; false with `error_` set on invalid XML.
  bool read();
  bool cors() const { return cors_; }
  uint32_t root_offset() const { return elements_.empty() ? 0 : elements_[0].offset; }
  const json::ParseError& error() const { return error_; }
  void build(std::vector<json::DuplicateKey>& duplicates);

 private:
  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attrs);
  static void XMLCALL on_end(void* self, const XML_Char* name);
  static void XMLCALL on_text(void* self, const XML_Char* s, int len);
  static void XMLCALL on_entity_decl(void* self, const XML_Char*, int, const XML_Char*, int,
                                     const XML_Char*, const XML_Char*, const XML_Char*,
                                     const XML_Char*);
  static void XMLCALL on_skipped_entity(void* self, const XML_Char* name, int is_parameter);

  void start(const XML_Char* name);
  void end();
  void finish_text(Element& e, uint32_t end_tag);
  void stop(std::string message, uint32_t offset);
  uint32_t index() const { return static_cast<uint32_t>(XML_GetCurrentByteIndex(parser_)); }

  // The tree, in the API's shape (build()).
  void emit_rules(uint32_t first_rule);
  void emit_rule(const Element& rule);
  void emit_list(uint32_t first, std::string_view key);
  NodeId emit_value(uint32_t id, std::string_view key, bool keyed, bool number);
  // Which API list an element of a rule belongs to, or "".
  static std::string_view list_key(const Element& e);

  std::string_view src_;
  json::Tree& tree_;
  json::TreeBuilder builder_;
  XML_Parser parser_ = nullptr;
  std::vector<Element> elements_;
  std::vector<uint32_t> open_;  // elements whose end tag is still to come
  std::string text_;            // character data of the innermost open element
  uint32_t text_start_ = kNone;
  bool cors_ = false;
  bool stopped_ = false;  // by us: error_ says why, or the root is not CORS
  json::ParseError error_;
  std::vector<json::DuplicateKey>* duplicates_ = nullptr;
};

void Reader::stop(std::string message, uint32_t offset) {
  if (stopped_) return;
  stopped_ = true;
  if (!message.empty()) error_ = {"E002", std::move(message), offset};
  XML_StopParser(parser_, XML_FALSE);
}

void XMLCALL Reader::on_start(void* self, const XML_Char* name, const XML_Char**) {
  static_cast<Reader*>(self)->start(name);
}
void XMLCALL Reader::on_end(void* self, const XML_Char*) { static_cast<Reader*>(self)->end(); }

void XMLCALL Reader::on_text(void* self, const XML_Char* s, int len) {
  auto* r = static_cast<Reader*>(self);
  if (r->stopped_ || r->open_.empty() || r->elements_[r->open_.back()].has_children) return;
  if (r->text_start_ == kNone) r->text_start_ = r->index();
  r->text_.append(s, static_cast<std::size_t>(len));
}

// A DTD that declares entities (the "billion laughs" and external entities
// start here) is refused outright: S3 configurations never need one.
void XMLCALL Reader::on_entity_decl(void* self, const XML_Char* name, int, const XML_Char*, int,
                                    const XML_Char*, const XML_Char*, const XML_Char*,
                                    const XML_Char*) {
  auto* r = static_cast<Reader*>(self);
  // Expat reports the declaration's end; the finding goes to its start.
  std::size_t at = r->src_.rfind("<!ENTITY", r->index());
  r->stop(fmt::format("invalid XML: the document type declares entity \"{}\"; corslint does "
                      "not expand DTD entities",
                      name),
          at == std::string_view::npos ? r->index() : static_cast<uint32_t>(at));
}

void XMLCALL Reader::on_skipped_entity(void* self, const XML_Char* name, int) {
  auto* r = static_cast<Reader*>(self);
  r->stop(fmt::format("invalid XML: reference to entity \"{}\", which is not declared here; "
                      "corslint reads no external DTD",
                      name),
          r->index());
}

void Reader::start(const XML_Char* name) {
  if (stopped_) return;
  uint32_t at = index();
  if (open_.size() >= json::kMaxDepth) {
    return stop(fmt::format("invalid XML: nesting deeper than {} levels; corslint stops here",
                            json::kMaxDepth),
                at);
  }
  Element e;
  e.offset = at;
  e.tag_end = at + static_cast<uint32_t>(XML_GetCurrentByteCount(parser_));
  std::size_t from = at + 1;
  std::size_t to = from;
  while (to < src_.size() && !xml_space(src_[to]) && src_[to] != '/' && src_[to] != '>') ++to;
  e.qname = src_.substr(from, to - from);
  std::size_t colon = e.qname.rfind(':');
  e.local = colon == std::string_view::npos ? e.qname : e.qname.substr(colon + 1);
  const char* sep = std::strchr(name, kNsSeparator);
  e.s3_namespace = sep == nullptr ||
                   std::string_view(name, static_cast<std::size_t>(sep - name)) == kS3Namespace;
  auto id = static_cast<uint32_t>(elements_.size());
  if (open_.empty()) {
    cors_ = e.local == "CORSConfiguration" && e.s3_namespace;
    if (!cors_) {
      elements_.push_back(e);
      return stop("", at);  // not a CORS configuration: nothing more to read
    }
  } else {
    Element& parent = elements_[open_.back()];
    parent.has_children = true;
    if (parent.last_child == kNone) {
      parent.first_child = id;
    } else {
      elements_[parent.last_child].next_sibling = id;
    }
    parent.last_child = id;
  }
  elements_.push_back(e);
  open_.push_back(id);
  text_.clear();
  text_start_ = kNone;
}

void Reader::end() {
  // Expat still reports the end of an empty-element root (<C/>) after stop().
  if (stopped_ || open_.empty()) return;
  uint32_t at = index();
  Element& e = elements_[open_.back()];
  e.end = at + static_cast<uint32_t>(XML_GetCurrentByteCount(parser_));
  if (!e.has_children) finish_text(e, e.end == e.tag_end ? e.tag_end : at);
  open_.pop_back();
  text_.clear();
  text_start_ = kNone;
}

// The element's text, trimmed of XML whitespace. A view into the source when
// the text is written there verbatim (no entity, character reference, CDATA
// or line-end normalisation), else a copy in the tree's arena.
void Reader::finish_text(Element& e, uint32_t end_tag) {
  if (text_start_ == kNone || text_start_ > end_tag) {
    e.text_offset = e.text_end = e.tag_end;
    return;
  }
  std::string_view raw = src_.substr(text_start_, end_tag - text_start_);
  std::size_t lead = 0;
  while (lead < raw.size() && xml_space(raw[lead])) ++lead;
  std::size_t trail = raw.size();
  while (trail > lead && xml_space(raw[trail - 1])) --trail;
  e.text_offset = text_start_ + static_cast<uint32_t>(lead);
  e.text_end = text_start_ + static_cast<uint32_t>(trail);
  if (raw == text_) {
    e.text = raw.substr(lead, trail - lead);
    return;
  }
  std::string_view value = text_;
  while (!value.empty() && xml_space(value.front())) value.remove_prefix(1);
  while (!value.empty() && xml_space(value.back())) value.remove_suffix(1);
  e.text = builder_.intern(value);
}

bool Reader::read() {
  parser_ = XML_ParserCreateNS("UTF-8", kNsSeparator);  // Source is UTF-8 already
  if (parser_ == nullptr) {
    error_ = {"E002", "invalid XML: the parser could not start", 0};
    return false;
  }
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &Reader::on_start, &Reader::on_end);
  XML_SetCharacterDataHandler(parser_, &Reader::on_text);
  XML_SetEntityDeclHandler(parser_, &Reader::on_entity_decl);
  XML_SetSkippedEntityHandler(parser_, &Reader::on_skipped_entity);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
  elements_.reserve(std::min<std::size_t>(src_.size() / 64 + 4, std::size_t{1} << 16));
  XML_Status status = XML_Parse(parser_, src_.data(), static_cast<int>(src_.size()), XML_TRUE);
  bool ok = true;
  if (status != XML_STATUS_OK && XML_GetErrorCode(parser_) != XML_ERROR_ABORTED) {
    error_ = {"E002",
              fmt::format("invalid XML: {} (expat)", XML_ErrorString(XML_GetErrorCode(parser_))),
              index()};
    ok = false;
  } else if (!error_.message.empty()) {
    ok = false;
  }
  XML_ParserFree(parser_);
  parser_ = nullptr;
  return ok;
}

std::string_view Reader::list_key(const Element& e) {
  if (!e.s3_namespace) return {};
  if (e.local == "AllowedOrigin") return "AllowedOrigins";
  if (e.local == "AllowedMethod") return "AllowedMethods";
  if (e.local == "AllowedHeader") return "AllowedHeaders";
  if (e.local == "ExposeHeader") return "ExposeHeaders";
  return {};
}

bool is_rule(const Element& e) { return e.s3_namespace && e.local == "CORSRule"; }

void Reader::build(std::vector<json::DuplicateKey>& duplicates) {
  const Element& root = elements_[0];
  tree_.reserve(elements_.size() + 2);
  duplicates_ = &duplicates;
  NodeId id = builder_.open(Type::Object, root.offset, root.offset, {});
  bool rules_done = false;
  for (uint32_t c = root.first_child; c != kNone; c = elements_[c].next_sibling) {
    if (is_rule(elements_[c])) {
      if (!rules_done) emit_rules(c);
      rules_done = true;
      continue;
    }
    emit_value(c, elements_[c].qname, true, false);
  }
  builder_.close(id);
  builder_.set_end(id, root.end);
}

// "CORSRules": every CORSRule of the configuration, located at the first.
void Reader::emit_rules(uint32_t first_rule) {
  const Element& first = elements_[first_rule];
  NodeId list = builder_.open(Type::Array, first.offset, first.offset, "CORSRules");
  uint32_t last_end = first.end;
  for (uint32_t c = first_rule; c != kNone; c = elements_[c].next_sibling) {
    if (!is_rule(elements_[c])) continue;
    emit_rule(elements_[c]);
    last_end = elements_[c].end;
  }
  builder_.close(list);
  builder_.set_end(list, last_end);
}

void Reader::emit_rule(const Element& rule) {
  NodeId id = builder_.open(Type::Object, rule.offset, rule.offset, {});
  // Each list at the place of its first element; ID and MaxAgeSeconds in place.
  bool done[4] = {false, false, false, false};
  NodeId first_id = kNoNode;
  NodeId first_age = kNoNode;
  constexpr std::string_view kLists[4] = {"AllowedOrigins", "AllowedMethods", "AllowedHeaders",
                                          "ExposeHeaders"};
  for (uint32_t c = rule.first_child; c != kNone; c = elements_[c].next_sibling) {
    const Element& e = elements_[c];
    std::string_view list = list_key(e);
    if (!list.empty()) {
      std::size_t k = 0;
      while (kLists[k] != list) ++k;
      if (!done[k]) emit_list(c, list);
      done[k] = true;
      continue;
    }
    bool id_key = e.s3_namespace && e.local == "ID";
    bool age = e.s3_namespace && e.local == "MaxAgeSeconds";
    NodeId v = emit_value(c, id_key || age ? e.local : e.qname, true, age);
    // A repeated ID or MaxAgeSeconds is a duplicate key, as in JSON (E003).
    if (id_key || age) {
      NodeId& first = id_key ? first_id : first_age;
      if (first == kNoNode) {
        first = v;
      } else {
        duplicates_->push_back({first, v});
      }
    }
  }
  builder_.close(id);
  builder_.set_end(id, rule.end);
}

// One API list: the rule's elements of one name, located at the first.
void Reader::emit_list(uint32_t first, std::string_view key) {
  const Element& head = elements_[first];
  NodeId id = builder_.open(Type::Array, head.offset, head.offset, key);
  uint32_t last_end = head.end;
  for (uint32_t c = first; c != kNone; c = elements_[c].next_sibling) {
    if (list_key(elements_[c]) != key) continue;
    emit_value(c, {}, false, false);
    last_end = elements_[c].end;
  }
  builder_.close(id);
  builder_.set_end(id, last_end);
}

// An element as a value: an object of its child elements (each under its own
// name), or its text: a string, or for MaxAgeSeconds a number when it is one.
// Recursion is bounded: the reader refused nesting deeper than kMaxDepth.
NodeId Reader::emit_value(uint32_t id, std::string_view key, bool keyed, bool number) {
  const Element& e = elements_[id];
  if (e.has_children) {
    NodeId obj = builder_.open(Type::Object, e.offset, e.offset, key);
    for (uint32_t c = e.first_child; c != kNone; c = elements_[c].next_sibling) {
      emit_value(c, elements_[c].qname, true, false);
    }
    builder_.close(obj);
    builder_.set_end(obj, e.end);
    return obj;
  }
  Node n;
  n.type = Type::String;
  n.offset = e.text_offset;
  n.end = e.text_end;
  n.key_offset = keyed ? e.offset : e.text_offset;
  n.key = key;
  n.text = e.text;
  if (number && !e.text.empty()) {
    const char* b = e.text.data();
    const char* f = b + e.text.size();
    int64_t i = 0;
    double d = 0;
    if (auto r = std::from_chars(b, f, i); r.ec == std::errc() && r.ptr == f) {
      n.type = Type::Number;
      n.is_integer = true;
      n.integer = i;
      n.number = static_cast<double>(i);
    } else if (auto r2 = std::from_chars(b, f, d); r2.ec == std::errc() && r2.ptr == f) {
      n.type = Type::Number;
      n.number = d;
    }
  }
  return builder_.scalar(n);
}

}  // namespace

CorsResult parse_cors(const Source& source) {
  CorsResult out;
  Reader reader(source, out.parsed.tree);
  if (!reader.read()) {
    out.parsed.error = reader.error();
    return out;
  }
  out.parsed.ok = true;
  out.cors = reader.cors();
  out.root_offset = reader.root_offset();
  if (out.cors) reader.build(out.parsed.duplicates);
  return out;
}

}  // namespace corslint::xml
