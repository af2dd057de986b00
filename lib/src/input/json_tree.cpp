// The located JSON tree and its builder. No simdjson here: see json_parse.cpp.
#include <algorithm>
#include <cstring>

#include "corslint/model/json.hpp"
#include "corslint/text.hpp"

namespace corslint::json {

std::string_view to_string(Type t) {
  switch (t) {
    case Type::Null:
      return "null";
    case Type::Bool:
      return "boolean";
    case Type::Number:
      return "number";
    case Type::String:
      return "string";
    case Type::Array:
      return "array";
    case Type::Object:
      return "object";
  }
  return "value";
}

Tree::Tree() = default;
Tree::~Tree() = default;
Tree::Tree(Tree&&) noexcept = default;
Tree& Tree::operator=(Tree&&) noexcept = default;

NodeId Tree::get(NodeId object, std::string_view key) const {
  if (!is(object, Type::Object)) return kNoNode;
  for (NodeId c : children(object)) {
    if (nodes_[c].key == key) return c;
  }
  return kNoNode;
}

NodeId Tree::get_icase(NodeId object, std::string_view key) const {
  if (!is(object, Type::Object)) return kNoNode;
  for (NodeId c : children(object)) {
    if (iequals(nodes_[c].key, key)) return c;
  }
  return kNoNode;
}

void append_pointer_token(std::string& out, std::string_view token) {
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

std::string Tree::pointer_from(NodeId base, NodeId id) const {
  // Walk up collecting the path, then write it root-first.
  NodeId path[kMaxDepth + 2];
  std::size_t depth = 0;
  for (NodeId n = id;
       n != kNoNode && n != base && nodes_[n].parent != kNoNode && depth < kMaxDepth + 2;
       n = nodes_[n].parent) {
    path[depth++] = n;
  }
  std::string out;
  while (depth > 0) {
    const Node& n = nodes_[path[--depth]];
    out += '/';
    if (nodes_[n.parent].type == Type::Object) {
      append_pointer_token(out, n.key);
    } else {
      out += std::to_string(n.index);
    }
  }
  return out;
}

std::string Tree::pointer(NodeId id) const { return pointer_from(kNoNode, id); }

NodeId TreeBuilder::push(Node n) {
  auto id = static_cast<NodeId>(tree_.nodes_.size());
  if (!open_.empty()) {
    n.parent = open_.back();
    n.index = static_cast<uint32_t>(pending_.size() - starts_.back());
    pending_.push_back(id);
  }
  tree_.nodes_.push_back(n);
  return id;
}

NodeId TreeBuilder::open(Type container, uint32_t offset, uint32_t key_offset,
                         std::string_view key) {
  Node n;
  n.type = container;
  n.offset = offset;
  n.end = offset + 1;
  n.key_offset = key_offset;
  n.key = key;
  NodeId id = push(n);
  open_.push_back(id);
  starts_.push_back(pending_.size());
  return id;
}

void TreeBuilder::set_end(NodeId container, uint32_t end) { tree_.nodes_[container].end = end; }

void TreeBuilder::close(NodeId container) {
  std::size_t start = starts_.back();
  Node& n = tree_.nodes_[container];
  n.first_child = static_cast<uint32_t>(tree_.children_.size());
  n.child_count = static_cast<uint32_t>(pending_.size() - start);
  tree_.children_.insert(tree_.children_.end(),
                         pending_.begin() + static_cast<std::ptrdiff_t>(start), pending_.end());
  pending_.resize(start);
  starts_.pop_back();
  open_.pop_back();
}

NodeId TreeBuilder::scalar(const Node& value) { return push(value); }

std::string_view TreeBuilder::intern(std::string_view text) {
  if (text.empty()) return {};
  if (tree_.arena_used_ + text.size() > tree_.arena_capacity_) {
    // Blocks double from 256 bytes up to 16 KiB: most files unescape a few
    // short strings, and a 16 KiB first block was most of a small file's cost.
    std::size_t grown = tree_.arena_capacity_ == 0 ? 256 : tree_.arena_capacity_ * 2;
    std::size_t size = std::max<std::size_t>(text.size(), std::min<std::size_t>(grown, 16 * 1024));
    tree_.arena_blocks_.emplace_back(new char[size]);
    tree_.arena_used_ = 0;
    tree_.arena_capacity_ = size;
  }
  char* dst = tree_.arena_blocks_.back().get() + tree_.arena_used_;
  std::memcpy(dst, text.data(), text.size());
  tree_.arena_used_ += text.size();
  return {dst, text.size()};
}

}  // namespace corslint::json
