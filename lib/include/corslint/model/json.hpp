#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corslint {
class Source;
}

namespace corslint::json {

enum class Type : unsigned char { Null, Bool, Number, String, Array, Object };

std::string_view to_string(Type t);

using NodeId = uint32_t;
inline constexpr NodeId kNoNode = UINT32_MAX;

// One JSON value. Strings and keys are views into the source text, or into the
// tree's own arena when they contained escapes. Containers' children are a
// contiguous range of Tree::children_, in source order, duplicates kept.
struct Node {
  Type type = Type::Null;
  bool boolean = false;
  bool is_integer = false;  // a number written without fraction or exponent that fits int64
  uint32_t offset = 0;      // first byte of the value
  uint32_t end = 0;         // one past the last byte (containers: past the closing bracket)
  uint32_t key_offset = 0;  // an object member's key (its opening quote); else == offset
  NodeId parent = kNoNode;
  uint32_t index = 0;  // position among the parent's children
  uint32_t first_child = 0;
  uint32_t child_count = 0;
  std::string_view key;   // the member name when the parent is an object
  std::string_view text;  // string value (unescaped), or a number's literal text
  double number = 0;
  int64_t integer = 0;
};

// A read-only located JSON document. Built by json::parse (one simdjson On-Demand
// pass) or by tests through TreeBuilder.
class Tree {
 public:
  Tree();
  ~Tree();
  Tree(Tree&&) noexcept;
  Tree& operator=(Tree&&) noexcept;

  bool empty() const { return nodes_.empty(); }
  void reserve(std::size_t nodes) {
    nodes_.reserve(nodes);
    children_.reserve(nodes);
  }
  NodeId root() const { return nodes_.empty() ? kNoNode : 0; }
  std::size_t size() const { return nodes_.size(); }
  const Node& operator[](NodeId id) const { return nodes_[id]; }

  std::span<const NodeId> children(NodeId id) const {
    const Node& n = nodes_[id];
    return {children_.data() + n.first_child, n.child_count};
  }
  // First member named `key` (exact), or kNoNode. Not for arrays.
  NodeId get(NodeId object, std::string_view key) const;
  // First member whose name equals `key` ignoring ASCII case, or kNoNode.
  NodeId get_icase(NodeId object, std::string_view key) const;

  bool is(NodeId id, Type t) const { return id != kNoNode && nodes_[id].type == t; }
  // The string value, or an empty view for non-strings.
  std::string_view str(NodeId id) const {
    return is(id, Type::String) ? nodes_[id].text : std::string_view{};
  }

  // RFC 6901 pointer to the node ("" for the root; "~" and "/" escaped).
  std::string pointer(NodeId id) const;
  // Pointer of `id` relative to `base` (an ancestor), e.g. for documents nested in a template.
  std::string pointer_from(NodeId base, NodeId id) const;

 private:
  friend class TreeBuilder;
  std::vector<Node> nodes_;
  std::vector<NodeId> children_;
  // Arena for strings that needed unescaping; blocks never move once allocated.
  std::vector<std::unique_ptr<char[]>> arena_blocks_;
  std::size_t arena_used_ = 0;
  std::size_t arena_capacity_ = 0;
};

// Appends RFC 6901 escaped `token` ("~" -> "~0", "/" -> "~1") to `out`.
void append_pointer_token(std::string& out, std::string_view token);

// Builds a Tree in document order. A container is opened, its children are
// added (recursively), then it is closed; this lets children be stored
// contiguously without a second pass.
class TreeBuilder {
 public:
  explicit TreeBuilder(Tree& tree) : tree_(tree) {}
  NodeId open(Type container, uint32_t offset, uint32_t key_offset, std::string_view key);
  // Closes the innermost container; its children become contiguous.
  void close(NodeId container);
  // One past the container's closing bracket, known once its children are.
  void set_end(NodeId container, uint32_t end);
  NodeId scalar(const Node& value);
  // Copies text into the tree's arena and returns a stable view.
  std::string_view intern(std::string_view text);

 private:
  NodeId push(Node n);
  Tree& tree_;
  std::vector<NodeId> pending_;      // children of open containers, innermost last
  std::vector<std::size_t> starts_;  // where each open container's children begin in pending_
  std::vector<NodeId> open_;         // open containers, innermost last
};

// A duplicate object member: `duplicate` repeats the name of `first`.
struct DuplicateKey {
  NodeId first;
  NodeId duplicate;
};

struct ParseError {
  std::string_view code;  // "E002" (syntax, depth) or "E004" (encoding)
  std::string message;
  uint32_t offset = 0;
};

struct ParseResult {
  Tree tree;
  bool ok = false;
  ParseError error;                      // when !ok
  std::vector<DuplicateKey> duplicates;  // when ok
};

// Deeper nesting is refused with E002 instead of risking the stack.
inline constexpr uint32_t kMaxDepth = 256;

// Parses the whole source text in one On-Demand pass.
ParseResult parse(const Source& source);

}  // namespace corslint::json
