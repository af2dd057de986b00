#pragma once

// HCL native syntax (Terraform's `*.tf`), after HashiCorp's hclsyntax
// specification (hashicorp/hcl, hclsyntax/spec.md): a lexer and a
// recursive-descent parser with an explicit depth bound, into a flat syntax
// tree whose nodes keep their byte offsets in the source. One pass, linear in
// the input; a syntax error stops the parse with a located message.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corslint::hcl {

using NodeId = uint32_t;
inline constexpr NodeId kNone = UINT32_MAX;

enum class Kind : unsigned char {
  Body,       // children: Attribute and Block items
  Attribute,  // text: name; child: the expression
  Block,      // text: type; children: Label*, then one Body
  Label,      // text: the label (quoted labels: the raw text between the quotes)
  Number,     // text: the literal
  True,
  False,
  Null,
  Template,     // a quoted or heredoc template; children: Literal, Interp, Directive parts
  Literal,      // text: raw source text of a template literal (escapes not yet decoded)
  Interp,       // ${ expr }; child: the expression
  Directive,    // %{ ... }: op = if/else/endif/for/endfor; children: its expressions
  Variable,     // text: the name
  GetAttr,      // child: the object; text: the attribute name
  Index,        // children: the collection, the key
  LegacyIndex,  // child: the collection; text: the digits (`.0`)
  Splat,        // child: the collection (`.*` or `[*]`, then the traversal that follows)
  Call,         // text: the function; children: arguments; op = 1 when the last is `...`
  Tuple,        // children: elements
  Object,       // children: ObjectItem
  ObjectItem,   // children: key, value; op = 1 when the key is a bare identifier
  For,          // op = 0 tuple, 1 object, 2 grouping object (`...`); text: "v" or "k, v";
                // children: collection, value (object: key, value), cond?
  Conditional,  // children: condition, then, else
  Unary,        // op: '-' or '!'; child
  Binary,       // op: the operator (see Op); children: left, right
  Paren,        // child
};

// Binary operators and directive kinds, stored in Node::op.
enum Op : unsigned char {
  kOr = 1,
  kAnd,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kIf = 20,
  kElse,
  kEndIf,
  kFor,
  kEndFor,
};

struct Node {
  Kind kind = Kind::Null;
  unsigned char op = 0;
  bool heredoc = false;  // Template / Literal: from a heredoc (no backslash escapes)
  bool flush = false;    // Template: a `<<-` heredoc (indentation stripped)
  uint32_t offset = 0;   // first byte
  uint32_t end = 0;      // one past the last byte
  NodeId first = kNone;  // first child
  NodeId next = kNone;   // next sibling
  uint32_t count = 0;    // number of children
  std::string_view text;
};

struct Ast {
  std::vector<Node> nodes;
  NodeId root = kNone;  // a Body
  const Node& operator[](NodeId id) const { return nodes[id]; }
  // The n-th child of `id`, or kNone.
  NodeId child(NodeId id, uint32_t n) const;
};

struct ParseError {
  std::string message;  // "invalid HCL: ..."
  uint32_t offset = 0;
};

// Deeper nesting (of blocks, brackets, templates and operators together) is
// refused with a located error instead of risking the stack.
inline constexpr uint32_t kMaxDepth = 128;

// Parses a whole configuration file. On failure `error` is set and the tree
// is incomplete.
bool parse(std::string_view text, Ast& ast, ParseError& error);

// The value of a template literal: escapes decoded (quoted templates),
// `$${` and `%%{` unescaped. Appends to `out`; when `offsets` is given, the
// source offset of every byte appended.
void decode_literal(std::string_view text, uint32_t offset, bool heredoc, std::string& out,
                    std::vector<uint32_t>* offsets);

}  // namespace corslint::hcl
