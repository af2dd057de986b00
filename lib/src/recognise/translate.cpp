// Translated trees for container formats (see formats.hpp).
#include <cerrno>
#include <cstdlib>

#include "recognise/formats.hpp"

#include <string_view>

namespace corslint {

using json::kNoNode;
using json::Node;
using json::NodeId;
using json::Type;

bool DocumentMap::touches_unknown(NodeId n) const {
  if (n >= state.size()) return false;
  if (whole_unknown || state[n] != kKnown) return true;
  NodeId e = entity[n];
  return e != kNoNode && state[e] != kKnown;
}

std::string DocumentMap::pointer(NodeId n) const {
  if (!file_tree || n >= origin.size()) return {};
  return file_tree->pointer(origin[n]);
}

Translator::Translator(const json::Tree& file)
    : file_(file),
      tree_(std::make_shared<json::Tree>()),
      builder_(std::make_unique<json::TreeBuilder>(*tree_)),
      map_(std::make_shared<DocumentMap>()) {}

Translator::~Translator() = default;

NodeId Translator::add(const Node& n, NodeId from) {
  NodeId id = builder_->scalar(n);
  map_->origin.resize(id + 1, from);
  map_->origin[id] = from;
  map_->state.resize(id + 1, DocumentMap::kKnown);
  return id;
}

namespace {
// Location fields of a node standing for `from`; `key` is the translated name.
Node located(const json::Tree& file, NodeId from, std::string_view key) {
  const Node& f = file[from];
  Node n;
  n.offset = f.offset;
  n.end = f.end;
  n.key_offset = f.key_offset;
  n.key = key;
  return n;
}
}  // namespace

NodeId Translator::open(Type container, NodeId from, std::string_view key) {
  const Node& f = file_[from];
  NodeId id = builder_->open(container, f.offset, f.key_offset, key);
  builder_->set_end(id, f.end);
  map_->origin.resize(id + 1, from);
  map_->origin[id] = from;
  map_->state.resize(id + 1, DocumentMap::kKnown);
  return id;
}

void Translator::close(NodeId container) { builder_->close(container); }

NodeId Translator::scalar(NodeId from, std::string_view key) {
  Node n = file_[from];
  n.key = key;
  n.parent = kNoNode;
  n.index = 0;
  n.first_child = 0;
  n.child_count = 0;
  if (n.type == Type::Array || n.type == Type::Object) n.type = Type::Null;
  return add(n, from);
}

NodeId Translator::string(NodeId from, std::string_view key, std::string_view text) {
  Node n = located(file_, from, key);
  n.type = Type::String;
  n.text = builder_->intern(text);
  return add(n, from);
}

NodeId Translator::number(NodeId from, std::string_view key, std::string_view literal) {
  Node n = located(file_, from, key);
  n.type = Type::Number;
  n.text = builder_->intern(literal);
  std::string buf(literal);
  char* end = nullptr;
  n.number = std::strtod(buf.c_str(), &end);
  if (!buf.empty() && buf.find_first_of(".eE") == std::string::npos) {
    errno = 0;
    long long v = std::strtoll(buf.c_str(), &end, 10);
    if (errno == 0 && end != nullptr && *end == '\0') {
      n.is_integer = true;
      n.integer = v;
    }
  }
  return add(n, from);
}

NodeId Translator::boolean(NodeId from, std::string_view key, bool value) {
  Node n = located(file_, from, key);
  n.type = Type::Bool;
  n.boolean = value;
  n.text = value ? "true" : "false";
  return add(n, from);
}

NodeId Translator::unknown(NodeId from, std::string_view key) {
  Node n = located(file_, from, key);
  n.type = Type::Null;
  NodeId id = add(n, from);
  map_->state[id] = DocumentMap::kUnknown;
  return id;
}

NodeId Translator::copy(NodeId from, std::string_view key) {
  const Node& f = file_[from];
  if (f.type != Type::Array && f.type != Type::Object) return scalar(from, key);
  NodeId id = open(f.type, from, key);
  for (NodeId c : file_.children(from)) copy(c, file_[c].key);
  close(id);
  return id;
}

Translator::Result Translator::finish(NodeId doc_root) {
  // Containers above an unknown value hold it.
  const json::Tree& t = *tree_;
  for (NodeId id = 0; id < map_->state.size(); ++id) {
    if (map_->state[id] != DocumentMap::kUnknown) continue;
    for (NodeId p = t[id].parent; p != kNoNode; p = t[p].parent) {
      if (map_->state[p] != DocumentMap::kKnown) break;
      map_->state[p] = DocumentMap::kHoldsUnknown;
    }
  }
  // Inside an unknown value everything is unknown (Translator::unknown has no
  // children, but a caller may mark a container).
  for (NodeId id = 0; id < map_->state.size(); ++id) {
    NodeId p = t[id].parent;
    if (p != kNoNode && map_->state[p] == DocumentMap::kUnknown) {
      map_->state[id] = DocumentMap::kUnknown;
    }
  }
  // A finding inside an entity (an object in an array or directly in the
  // document: a statement, a CORS rule, an origin, a cache behaviour, a CorsConfig) may rest on any
  // value of that entity (a public-access finding on the Principal reads the Condition beside it),
  // so an unknown anywhere in the entity silences findings in all of it.
  // An unknown identifier that links entities of one document (an origin's
  // Id, named by a behaviour's TargetOriginId or an origin group's OriginId)
  // silences the whole document. Ids of other resources (OriginAccessControlId,
  // ResponseHeadersPolicyId …) only silence their entity.
  bool whole = false;
  for (NodeId id = 0; id < map_->state.size(); ++id) {
    if (map_->state[id] != DocumentMap::kUnknown) continue;
    std::string_view key = t[id].key;
    // (A top-level Id, the policy's own, is referenced from other documents only.)
    NodeId parent = t[id].parent;
    bool top = parent == kNoNode || parent == doc_root || t[parent].parent == kNoNode;
    if ((key == "Id" || key == "OriginId" || key == "TargetOriginId") && !top) whole = true;
  }
  map_->entity.assign(map_->state.size(), kNoNode);
  for (NodeId id = 0; id < map_->state.size(); ++id) {
    NodeId p = t[id].parent;
    if (p == kNoNode) continue;
    if (t[id].type == Type::Object && (t[p].type == Type::Array || p == doc_root)) {
      map_->entity[id] = id;
    } else {
      map_->entity[id] = map_->entity[p];
    }
  }
  map_->whole_unknown = whole;
  Result r{tree_, map_};
  builder_.reset();
  return r;
}

}  // namespace corslint
