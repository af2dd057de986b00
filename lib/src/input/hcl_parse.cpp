// HCL native syntax: lexer and parser (see hcl.hpp). The lexer works on
// demand from the parser's position, because what a character means depends
// on where the parser is (a template's text, an expression, a body where a
// newline ends an attribute). Nesting is bounded by kMaxDepth.
#include <algorithm>
#include <cctype>

#include "input/hcl.hpp"

namespace corslint::hcl {
namespace {

enum class Tok : unsigned char { Eof, Newline, Ident, Number, Quote, Heredoc, Punct, Invalid };

struct Token {
  Tok type = Tok::Eof;
  uint32_t start = 0;
  uint32_t end = 0;
  std::string_view text;
};

// Thrown on the first syntax error; caught in parse() and never beyond it.
struct Failure {
  std::string message;
  uint32_t offset;
};

bool ident_start(unsigned char c) { return std::isalpha(c) != 0 || c == '_' || c >= 0x80; }
bool ident_char(unsigned char c) { return ident_start(c) || std::isdigit(c) != 0 || c == '-'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

class Parser {
 public:
  Parser(std::string_view text, Ast& ast) : s_(text), ast_(ast) {}

  void file() {
    ast_.nodes.reserve(s_.size() / 4 + 16);
    ast_.root = body(true);
  }

 private:
  // --- nodes -------------------------------------------------------------
  NodeId make(Kind kind, uint32_t offset, std::string_view text = {}) {
    Node n;
    n.kind = kind;
    n.offset = offset;
    n.end = offset;
    n.text = text;
    ast_.nodes.push_back(n);
    return static_cast<NodeId>(ast_.nodes.size() - 1);
  }
  // Appends `child` to `parent`, whose last child so far is `last`.
  void append(NodeId parent, NodeId& last, NodeId child) {
    Node& p = ast_.nodes[parent];
    if (last == kNone) {
      p.first = child;
    } else {
      ast_.nodes[last].next = child;
    }
    ++p.count;
    last = child;
  }
  Node& at(NodeId id) { return ast_.nodes[id]; }

  [[noreturn]] void fail(uint32_t offset, std::string what) {
    throw Failure{"invalid HCL: " + what, offset};
  }
  std::string describe(const Token& t) const {
    switch (t.type) {
      case Tok::Eof:
        return "end of file";
      case Tok::Newline:
        return "end of line";
      case Tok::Quote:
        return "string";
      case Tok::Heredoc:
        return "heredoc";
      default:
        return "\"" + std::string(t.text.substr(0, 40)) + "\"";
    }
  }

  // Nesting guard: every construct that can contain itself takes one level.
  struct Deeper {
    explicit Deeper(Parser& p, uint32_t offset) : p_(p) {
      if (++p_.depth_ > kMaxDepth) {
        p_.fail(offset, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
      }
    }
    ~Deeper() { --p_.depth_; }
    Deeper(const Deeper&) = delete;
    Deeper& operator=(const Deeper&) = delete;
    Parser& p_;
  };
  // Newlines are insignificant inside (), [] and ${}; significant in bodies
  // and objects, where they end an item.
  struct Newlines {
    Newlines(Parser& p, bool skip) : p_(p), saved_(p.nl_skip_) { p_.nl_skip_ = skip; }
    ~Newlines() { p_.nl_skip_ = saved_; }
    Newlines(const Newlines&) = delete;
    Newlines& operator=(const Newlines&) = delete;
    Parser& p_;
    bool saved_;
  };

  // --- lexer ---------------------------------------------------------------
  char ch(std::size_t i) const { return i < s_.size() ? s_[i] : '\0'; }

  // Skips spaces and comments (and newlines when they are insignificant).
  std::size_t skip(std::size_t i) const {
    while (i < s_.size()) {
      char c = s_[i];
      if (c == ' ' || c == '\t' || (c == '\r' && ch(i + 1) == '\n' && nl_skip_)) {
        ++i;
      } else if (c == '\r' && ch(i + 1) == '\n') {
        return i;
      } else if (c == '\n') {
        if (!nl_skip_) return i;
        ++i;
      } else if (c == '#' || (c == '/' && ch(i + 1) == '/')) {
        while (i < s_.size() && s_[i] != '\n' && !(s_[i] == '\r' && ch(i + 1) == '\n')) ++i;
      } else if (c == '/' && ch(i + 1) == '*') {
        std::size_t close = s_.find("*/", i + 2);
        if (close == std::string_view::npos) {
          throw Failure{"invalid HCL: unterminated comment", static_cast<uint32_t>(i)};
        }
        i = close + 2;
      } else {
        return i;
      }
    }
    return i;
  }

  Token scan(std::size_t from) const {
    std::size_t i = skip(from);
    Token t;
    t.start = static_cast<uint32_t>(i);
    auto done = [&](Tok type, std::size_t end) {
      t.type = type;
      t.end = static_cast<uint32_t>(end);
      t.text = s_.substr(t.start, end - t.start);
      return t;
    };
    if (i >= s_.size()) return done(Tok::Eof, i);
    char c = s_[i];
    if (c == '\n') return done(Tok::Newline, i + 1);
    if (c == '\r') return done(Tok::Newline, i + 2);
    if (ident_start(static_cast<unsigned char>(c))) {
      std::size_t j = i + 1;
      while (j < s_.size() && ident_char(static_cast<unsigned char>(s_[j]))) ++j;
      return done(Tok::Ident, j);
    }
    if (digit(c)) return done(Tok::Number, number_end(i));
    if (c == '"') return done(Tok::Quote, i + 1);
    if (c == '<' && ch(i + 1) == '<') {
      std::size_t j = i + 2 + (ch(i + 2) == '-' ? 1 : 0);
      if (ident_start(static_cast<unsigned char>(ch(j)))) return done(Tok::Heredoc, j);
    }
    static constexpr std::string_view kThree[] = {"..."};
    static constexpr std::string_view kTwo[] = {"&&", "||", "==", "!=", "<=", ">=", "=>"};
    for (std::string_view p : kThree) {
      if (s_.substr(i, 3) == p) return done(Tok::Punct, i + 3);
    }
    for (std::string_view p : kTwo) {
      if (s_.substr(i, 2) == p) return done(Tok::Punct, i + 2);
    }
    if (std::string_view("+-*/%<>!?:=.,{}[]()").find(c) != std::string_view::npos) {
      return done(Tok::Punct, i + 1);
    }
    // One UTF-8 sequence at most, so the message shows a whole character.
    std::size_t j = i + 1;
    while (j < s_.size() && (static_cast<unsigned char>(s_[j]) & 0xC0) == 0x80) ++j;
    return done(Tok::Invalid, j);
  }

  std::size_t number_end(std::size_t i) const {
    while (digit(ch(i))) ++i;
    if (ch(i) == '.' && digit(ch(i + 1))) {
      ++i;
      while (digit(ch(i))) ++i;
    }
    if (ch(i) == 'e' || ch(i) == 'E') {
      std::size_t j = i + 1;
      if (ch(j) == '+' || ch(j) == '-') ++j;
      if (digit(ch(j))) {
        i = j;
        while (digit(ch(i))) ++i;
      }
    }
    return i;
  }

  Token peek() const { return scan(pos_); }
  Token take() {
    Token t = scan(pos_);
    pos_ = t.end;
    return t;
  }
  bool is(const Token& t, std::string_view punct) const {
    return t.type == Tok::Punct && t.text == punct;
  }
  bool accept(std::string_view punct) {
    Token t = peek();
    if (!is(t, punct)) return false;
    pos_ = t.end;
    return true;
  }
  Token expect(std::string_view punct, std::string_view where) {
    Token t = peek();
    if (!is(t, punct)) {
      fail(t.start, "expected \"" + std::string(punct) + "\" " + std::string(where) + ", found " +
                        describe(t));
    }
    pos_ = t.end;
    return t;
  }
  void skip_newlines() {
    while (peek().type == Tok::Newline) take();
  }

  // --- structure -----------------------------------------------------------
  // Body = (Attribute | Block)*, up to "}" (or the end of the file at the top).
  NodeId body(bool top, uint32_t open = 0) {
    Newlines nl(*this, false);
    NodeId b = make(Kind::Body, static_cast<uint32_t>(pos_));
    NodeId last = kNone;
    for (;;) {
      skip_newlines();
      Token t = peek();
      if (t.type == Tok::Eof) {
        if (!top) fail(open, "unterminated block: no \"}\" closes this \"{\"");
        break;
      }
      if (is(t, "}")) {
        if (top) fail(t.start, "unexpected \"}\"");
        break;
      }
      if (t.type != Tok::Ident) {
        fail(t.start, "expected an attribute or a block, found " + describe(t));
      }
      append(b, last, item());
    }
    at(b).end = static_cast<uint32_t>(pos_);
    return b;
  }

  NodeId item() {
    Token name = take();
    Token t = peek();
    if (is(t, "=")) {
      take();
      NodeId a = make(Kind::Attribute, name.start, name.text);
      NodeId last = kNone;
      append(a, last, expression());
      at(a).end = at(at(a).first).end;
      end_of_line("after the attribute's value");
      return a;
    }
    Deeper d(*this, name.start);
    NodeId blk = make(Kind::Block, name.start, name.text);
    NodeId last = kNone;
    for (;;) {
      t = peek();
      if (t.type == Tok::Ident) {
        take();
        NodeId l = make(Kind::Label, t.start, t.text);
        at(l).end = t.end;
        append(blk, last, l);
      } else if (t.type == Tok::Quote) {
        take();
        append(blk, last, string_label(t.start));
      } else {
        break;
      }
    }
    if (!is(t, "{")) {
      fail(t.start, "expected \"=\" or a block's \"{\" after \"" + std::string(name.text) +
                        "\", found " + describe(t));
    }
    take();
    NodeId inner = body(false, t.start);
    append(blk, last, inner);
    expect("}", "to close the block");
    at(blk).end = static_cast<uint32_t>(pos_);
    end_of_line("after the block's \"}\"");
    return blk;
  }

  void end_of_line(std::string_view where) {
    Token t = peek();
    if (t.type == Tok::Newline) {
      take();
    } else if (t.type != Tok::Eof && !is(t, "}")) {
      fail(t.start, "expected a new line " + std::string(where) + ", found " + describe(t));
    }
  }

  // A block label in quotes: a string literal, no template sequences.
  NodeId string_label(uint32_t quote) {
    std::size_t i = quote + 1;
    for (; i < s_.size() && s_[i] != '"'; ++i) {
      if (s_[i] == '\n') break;
      if (s_[i] == '\\') ++i;
    }
    if (i >= s_.size() || s_[i] != '"') fail(quote, "unterminated string");
    NodeId l = make(Kind::Label, quote + 1, s_.substr(quote + 1, i - quote - 1));
    at(l).end = static_cast<uint32_t>(i + 1);
    pos_ = i + 1;
    return l;
  }

  // --- expressions ---------------------------------------------------------
  NodeId expression() {
    Deeper d(*this, static_cast<uint32_t>(pos_));
    NodeId cond = binary(1);
    if (!is(peek(), "?")) return cond;
    take();
    NodeId yes = expression();
    expect(":", "in a conditional (a ? b : c)");
    NodeId no = expression();
    NodeId c = make(Kind::Conditional, at(cond).offset);
    NodeId last = kNone;
    append(c, last, cond);
    append(c, last, yes);
    append(c, last, no);
    at(c).end = at(no).end;
    return c;
  }

  static int precedence(std::string_view op, unsigned char& code) {
    struct Row {
      std::string_view op;
      Op code;
      int level;
    };
    static constexpr Row kOps[] = {
        {"||", kOr, 1}, {"&&", kAnd, 2}, {"==", kEq, 3}, {"!=", kNe, 3}, {"<", kLt, 4},
        {"<=", kLe, 4}, {">", kGt, 4},   {">=", kGe, 4}, {"+", kAdd, 5}, {"-", kSub, 5},
        {"*", kMul, 6}, {"/", kDiv, 6},  {"%", kMod, 6},
    };
    for (const Row& r : kOps) {
      if (r.op == op) {
        code = r.code;
        return r.level;
      }
    }
    return 0;
  }

  // Precedence climbing over HCL's six binary levels (left-associative).
  NodeId binary(int min_level) {
    NodeId left = unary();
    for (;;) {
      Token t = peek();
      unsigned char code = 0;
      int level = t.type == Tok::Punct ? precedence(t.text, code) : 0;
      if (level < min_level || level == 0) return left;
      take();
      NodeId right = level < 6 ? binary(level + 1) : unary();
      NodeId b = make(Kind::Binary, at(left).offset);
      at(b).op = code;
      NodeId last = kNone;
      append(b, last, left);
      append(b, last, right);
      at(b).end = at(right).end;
      left = b;
    }
  }

  NodeId unary() {
    Token t = peek();
    if (is(t, "-") || is(t, "!")) {
      Deeper d(*this, t.start);
      take();
      NodeId operand = unary();
      NodeId u = make(Kind::Unary, t.start);
      at(u).op = static_cast<unsigned char>(t.text[0]);
      NodeId last = kNone;
      append(u, last, operand);
      at(u).end = at(operand).end;
      return u;
    }
    return postfix(primary());
  }

  NodeId wrap(Kind kind, NodeId inner, uint32_t end, std::string_view text = {}) {
    NodeId n = make(kind, at(inner).offset, text);
    NodeId last = kNone;
    append(n, last, inner);
    at(n).end = end;
    return n;
  }

  // Index, attribute access, legacy index (`.0`) and splats.
  NodeId postfix(NodeId e) {
    for (;;) {
      Token t = peek();
      if (is(t, ".")) {
        take();
        std::size_t i = pos_;
        if (digit(ch(i))) {  // legacy index: digits only, never a number
          std::size_t j = i;
          while (digit(ch(j))) ++j;
          pos_ = j;
          e = wrap(Kind::LegacyIndex, e, static_cast<uint32_t>(j), s_.substr(i, j - i));
          continue;
        }
        Token n = take();
        if (is(n, "*")) {
          e = wrap(Kind::Splat, e, n.end);
        } else if (n.type == Tok::Ident) {
          e = wrap(Kind::GetAttr, e, n.end, n.text);
        } else {
          fail(n.start, "expected an attribute name after \".\", found " + describe(n));
        }
      } else if (is(t, "[")) {
        take();
        Newlines nl(*this, true);
        Token star = peek();
        if (is(star, "*")) {
          take();
          Token close = expect("]", "after \"[*\"");
          e = wrap(Kind::Splat, e, close.end);
          continue;
        }
        NodeId key = expression();
        Token close = expect("]", "to close the index");
        NodeId ix = wrap(Kind::Index, e, close.end);
        NodeId last = at(ix).first;
        append(ix, last, key);
        e = ix;
      } else {
        return e;
      }
    }
  }

  NodeId primary() {
    Token t = peek();
    switch (t.type) {
      case Tok::Number: {
        take();
        NodeId n = make(Kind::Number, t.start, t.text);
        at(n).end = t.end;
        return n;
      }
      case Tok::Ident:
        return identifier();
      case Tok::Quote:
        take();
        return quoted(t.start);
      case Tok::Heredoc:
        take();
        return heredoc(t);
      case Tok::Punct:
        if (is(t, "(")) return paren();
        if (is(t, "[")) return tuple();
        if (is(t, "{")) return object();
        break;
      default:
        break;
    }
    fail(t.start, "expected an expression, found " + describe(t));
  }

  NodeId identifier() {
    Token t = take();
    // Terraform's provider-defined functions: provider::aws::arn_parse(...).
    while (ch(pos_) == ':' && ch(pos_ + 1) == ':' &&
           ident_start(static_cast<unsigned char>(ch(pos_ + 2)))) {
      std::size_t j = pos_ + 3;
      while (j < s_.size() && ident_char(static_cast<unsigned char>(s_[j]))) ++j;
      pos_ = j;
      t.end = static_cast<uint32_t>(j);
      t.text = s_.substr(t.start, j - t.start);
    }
    NodeId n;
    if (t.text == "true") {
      n = make(Kind::True, t.start, t.text);
    } else if (t.text == "false") {
      n = make(Kind::False, t.start, t.text);
    } else if (t.text == "null") {
      n = make(Kind::Null, t.start, t.text);
    } else if (is(peek(), "(")) {
      return call(t);
    } else {
      n = make(Kind::Variable, t.start, t.text);
    }
    at(n).end = t.end;
    return n;
  }

  NodeId call(const Token& name) {
    take();  // (
    Newlines nl(*this, true);
    Deeper d(*this, name.start);
    NodeId c = make(Kind::Call, name.start, name.text);
    NodeId last = kNone;
    for (;;) {
      if (accept(")")) break;
      append(c, last, expression());
      if (accept("...")) {
        at(c).op = 1;
        expect(")", "after \"...\" in a function call");
        break;
      }
      if (accept(")")) break;
      expect(",", "between a function's arguments");
    }
    at(c).end = static_cast<uint32_t>(pos_);
    return c;
  }

  NodeId paren() {
    Token open = take();
    Newlines nl(*this, true);
    NodeId inner = expression();
    Token close = expect(")", "to close the parenthesis");
    NodeId p = wrap(Kind::Paren, inner, close.end);
    at(p).offset = open.start;
    return p;
  }

  // `for` starts a for expression when an identifier follows it.
  bool for_intro() const {
    Token t = peek();
    if (t.type != Tok::Ident || t.text != "for") return false;
    return scan(t.end).type == Tok::Ident;
  }

  NodeId tuple() {
    Token open = take();
    Newlines nl(*this, true);
    Deeper d(*this, open.start);
    if (for_intro()) return for_expr(open, false);
    NodeId tu = make(Kind::Tuple, open.start);
    NodeId last = kNone;
    for (;;) {
      if (accept("]")) break;
      append(tu, last, expression());
      if (accept("]")) break;
      expect(",", "between a tuple's elements");
    }
    at(tu).end = static_cast<uint32_t>(pos_);
    return tu;
  }

  NodeId object() {
    Token open = take();
    Newlines nl(*this, false);
    Deeper d(*this, open.start);
    skip_newlines();
    if (for_intro()) {
      Newlines inner(*this, true);
      return for_expr(open, true);
    }
    NodeId ob = make(Kind::Object, open.start);
    NodeId last = kNone;
    for (;;) {
      skip_newlines();
      if (accept("}")) break;
      append(ob, last, object_item());
      Token t = peek();
      if (is(t, ",")) {
        take();
      } else if (t.type == Tok::Newline) {
        skip_newlines();
      } else if (!is(t, "}")) {
        fail(t.start,
             "expected \",\", a new line or \"}\" after an object's element, found " + describe(t));
      }
    }
    at(ob).end = static_cast<uint32_t>(pos_);
    return ob;
  }

  NodeId object_item() {
    Token t = peek();
    NodeId key;
    bool bare = false;
    {
      Newlines nl(*this, true);
      if (t.type == Tok::Ident && [&] {
            Token after = scan(t.end);
            return is(after, "=") || is(after, ":");
          }()) {
        take();
        key = make(Kind::Variable, t.start, t.text);
        at(key).end = t.end;
        bare = true;
      } else {
        key = expression();
      }
      Token sep = take();
      if (!is(sep, "=") && !is(sep, ":")) {
        fail(sep.start, "expected \"=\" or \":\" after an object's key, found " + describe(sep));
      }
    }
    NodeId value;
    {
      Newlines nl(*this, true);
      value = expression();
    }
    NodeId item = make(Kind::ObjectItem, at(key).offset);
    at(item).op = bare ? 1 : 0;
    NodeId last = kNone;
    append(item, last, key);
    append(item, last, value);
    at(item).end = at(value).end;
    return item;
  }

  // [for k, v in coll : value if cond] / {for k, v in coll : key => value... if cond}
  NodeId for_expr(const Token& open, bool object) {
    take();  // for
    NodeId f = make(Kind::For, open.start);
    at(f).op = object ? 1 : 0;
    Token k = take();
    if (k.type != Tok::Ident) fail(k.start, "expected a variable name after \"for\"");
    at(f).text = k.text;
    if (accept(",")) {
      Token v = take();
      if (v.type != Tok::Ident) fail(v.start, "expected a variable name after \",\"");
      at(f).text = s_.substr(k.start, v.end - k.start);  // "k, v"
    }
    Token in = take();
    if (in.type != Tok::Ident || in.text != "in") {
      fail(in.start, "expected \"in\" in a for expression, found " + describe(in));
    }
    NodeId last = kNone;
    append(f, last, expression());
    expect(":", "after a for expression's collection");
    append(f, last, expression());
    if (object) {
      expect("=>", "between a for expression's key and value");
      append(f, last, expression());
      if (accept("...")) at(f).op = 2;  // grouping mode
    }
    Token t = peek();
    if (t.type == Tok::Ident && t.text == "if") {
      take();
      append(f, last, expression());
    }
    expect(object ? "}" : "]", "to close the for expression");
    at(f).end = static_cast<uint32_t>(pos_);
    return f;
  }

  // --- templates -----------------------------------------------------------
  NodeId quoted(uint32_t quote) {
    Deeper d(*this, quote);
    NodeId tpl = make(Kind::Template, quote);
    NodeId last = kNone;
    std::vector<unsigned char> open;  // directives awaiting their end
    std::size_t i = pos_;
    std::size_t lit = i;
    for (;;) {
      if (i >= s_.size() || s_[i] == '\n' || (s_[i] == '\r' && ch(i + 1) == '\n')) {
        fail(quote, "unterminated string (a quoted string ends on its line)");
      }
      char c = s_[i];
      if (c == '"') {
        literal(tpl, last, lit, i, false);
        break;
      }
      if (c == '\\') {
        i += 2;
        continue;
      }
      if ((c == '$' || c == '%') && ch(i + 1) == c && ch(i + 2) == '{') {
        i += 3;  // $${ and %%{ are literal
        continue;
      }
      if ((c == '$' || c == '%') && ch(i + 1) == '{') {
        literal(tpl, last, lit, i, false);
        i = sequence(tpl, last, i, open);
        lit = i;
        continue;
      }
      ++i;
    }
    if (!open.empty()) fail(quote, "template directive not closed (missing %{ end... })");
    pos_ = i + 1;
    at(tpl).end = static_cast<uint32_t>(pos_);
    return tpl;
  }

  void literal(NodeId tpl, NodeId& last, std::size_t from, std::size_t to, bool heredoc) {
    if (to <= from) return;
    NodeId l = make(Kind::Literal, static_cast<uint32_t>(from), s_.substr(from, to - from));
    at(l).end = static_cast<uint32_t>(to);
    at(l).heredoc = heredoc;
    append(tpl, last, l);
  }

  // `${ expr }` or `%{ directive }` starting at `i`; returns the offset past its "}".
  std::size_t sequence(NodeId tpl, NodeId& last, std::size_t i, std::vector<unsigned char>& open) {
    bool interp = s_[i] == '$';
    pos_ = i + 2;
    if (ch(pos_) == '~') ++pos_;
    Newlines nl(*this, true);
    NodeId n;
    if (interp) {
      n = make(Kind::Interp, static_cast<uint32_t>(i));
      NodeId inner = kNone;
      append(n, inner, expression());
    } else {
      n = directive(static_cast<uint32_t>(i), open);
    }
    std::size_t j = skip(pos_);
    if (ch(j) == '~') ++j;
    if (ch(j) != '}') {
      Token t = scan(j);
      fail(t.start, std::string("expected \"}\" to close the template ") +
                        (interp ? "interpolation" : "directive") + ", found " + describe(t));
    }
    at(n).end = static_cast<uint32_t>(j + 1);
    append(tpl, last, n);
    return j + 1;
  }

  NodeId directive(uint32_t start, std::vector<unsigned char>& open) {
    Token kw = take();
    NodeId n = make(Kind::Directive, start, kw.text);
    NodeId last = kNone;
    if (kw.type == Tok::Ident && kw.text == "if") {
      at(n).op = kIf;
      append(n, last, expression());
      open.push_back(kIf);
    } else if (kw.type == Tok::Ident && kw.text == "for") {
      at(n).op = kFor;
      Token v = take();
      if (v.type != Tok::Ident) fail(v.start, "expected a variable name after \"for\"");
      if (accept(",")) {
        Token v2 = take();
        if (v2.type != Tok::Ident) fail(v2.start, "expected a variable name after \",\"");
      }
      Token in = take();
      if (in.type != Tok::Ident || in.text != "in") {
        fail(in.start, "expected \"in\" in a template for directive, found " + describe(in));
      }
      append(n, last, expression());
      open.push_back(kFor);
    } else if (kw.type == Tok::Ident && kw.text == "else") {
      if (open.empty() || open.back() != kIf) fail(kw.start, "\"else\" without \"if\"");
      at(n).op = kElse;
    } else if (kw.type == Tok::Ident && (kw.text == "endif" || kw.text == "endfor")) {
      unsigned char want = kw.text == "endif" ? kIf : kFor;
      if (open.empty() || open.back() != want) {
        fail(kw.start, "\"" + std::string(kw.text) + "\" without its opening directive");
      }
      open.pop_back();
      at(n).op = want == kIf ? kEndIf : kEndFor;
    } else {
      fail(kw.start, "unknown template directive " + describe(kw));
    }
    return n;
  }

  // <<ID or <<-ID, a newline, lines, then ID alone on a line.
  NodeId heredoc(const Token& intro) {
    Deeper d(*this, intro.start);
    bool flush = intro.text.size() > 2 && intro.text[2] == '-';
    std::size_t i = intro.end;
    while (i < s_.size() && ident_char(static_cast<unsigned char>(s_[i]))) ++i;
    std::string_view marker = s_.substr(intro.end, i - intro.end);
    if (ch(i) == '\r') ++i;
    if (ch(i) != '\n')
      fail(static_cast<uint32_t>(i), "expected a new line after the heredoc's marker");
    ++i;
    NodeId tpl = make(Kind::Template, intro.start);
    at(tpl).heredoc = true;
    at(tpl).flush = flush;
    NodeId last = kNone;
    std::vector<unsigned char> open;
    std::size_t lit = i;
    bool line_start = true;
    for (;;) {
      if (line_start) {
        std::size_t j = i;
        while (ch(j) == ' ' || ch(j) == '\t') ++j;
        if (s_.substr(j, marker.size()) == marker) {
          std::size_t k = j + marker.size();
          if (k >= s_.size() || s_[k] == '\n' || (s_[k] == '\r' && ch(k + 1) == '\n')) {
            literal(tpl, last, lit, i, true);
            at(tpl).end = static_cast<uint32_t>(k);
            pos_ = k;
            break;
          }
        }
        line_start = false;
      }
      if (i >= s_.size()) {
        fail(intro.start,
             "unterminated heredoc: no line \"" + std::string(marker) + "\" closes it");
      }
      char c = s_[i];
      if (c == '\n') {
        literal(tpl, last, lit, i + 1, true);  // one literal per line, for <<- stripping
        lit = ++i;
        line_start = true;
        continue;
      }
      if ((c == '$' || c == '%') && ch(i + 1) == c && ch(i + 2) == '{') {
        i += 3;
        continue;
      }
      if ((c == '$' || c == '%') && ch(i + 1) == '{') {
        literal(tpl, last, lit, i, true);
        i = sequence(tpl, last, i, open);
        lit = i;
        continue;
      }
      ++i;
    }
    if (!open.empty()) fail(intro.start, "template directive not closed (missing %{ end... })");
    if (flush) strip_indent(tpl);
    return tpl;
  }

  // `<<-`: the smallest indentation of the lines is removed from each line.
  void strip_indent(NodeId tpl) {
    std::size_t min = SIZE_MAX;
    bool line_start = true;
    for (NodeId p = at(tpl).first; p != kNone; p = at(p).next) {
      const Node& n = at(p);
      if (line_start) {
        if (n.kind != Kind::Literal) {
          min = 0;
        } else {
          // Indentation before an interpolation counts; a blank line does not.
          std::size_t spaces = n.text.find_first_not_of(" \t");
          if (spaces == std::string_view::npos) {
            min = std::min(min, n.text.size());
          } else if (n.text[spaces] != '\n' && n.text[spaces] != '\r') {
            min = std::min(min, spaces);
          }
        }
      }
      line_start = n.kind == Kind::Literal && !n.text.empty() && n.text.back() == '\n';
    }
    if (min == SIZE_MAX || min == 0) return;
    line_start = true;
    for (NodeId p = at(tpl).first; p != kNone; p = at(p).next) {
      Node& n = at(p);
      if (line_start && n.kind == Kind::Literal) {
        std::size_t spaces = std::min(min, n.text.find_first_not_of(" \t"));
        spaces = std::min(spaces, n.text.size());
        if (n.text.size() > spaces || n.text.back() != '\n') {
          n.text.remove_prefix(spaces);
          n.offset += static_cast<uint32_t>(spaces);
        }
      }
      line_start = n.kind == Kind::Literal && !n.text.empty() && n.text.back() == '\n';
    }
  }

  std::string_view s_;
  Ast& ast_;
  std::size_t pos_ = 0;
  uint32_t depth_ = 0;
  bool nl_skip_ = false;
};

uint32_t hex_value(std::string_view h) {
  uint32_t v = 0;
  for (char c : h) {
    v = v * 16 + static_cast<uint32_t>(digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return v;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

NodeId Ast::child(NodeId id, uint32_t n) const {
  NodeId c = nodes[id].first;
  while (c != kNone && n-- > 0) c = nodes[c].next;
  return c;
}

bool parse(std::string_view text, Ast& ast, ParseError& error) {
  ast = Ast{};
  Parser p(text, ast);
  try {
    p.file();
  } catch (const Failure& f) {
    error.message = f.message;
    error.offset = f.offset;
    return false;
  }
  return true;
}

void decode_literal(std::string_view text, uint32_t offset, bool heredoc, std::string& out,
                    std::vector<uint32_t>* offsets) {
  for (std::size_t i = 0; i < text.size();) {
    auto from = static_cast<uint32_t>(offset + i);
    std::size_t before = out.size();
    char c = text[i];
    if ((c == '$' || c == '%') && i + 2 < text.size() && text[i + 1] == c && text[i + 2] == '{') {
      out.push_back(c);
      out.push_back('{');
      i += 3;
    } else if (c != '\\' || heredoc || i + 1 >= text.size()) {
      out.push_back(c);
      ++i;
    } else {
      char e = text[i + 1];
      std::size_t hex = e == 'u' ? 4 : e == 'U' ? 8 : 0;
      if (hex != 0 && i + 2 + hex <= text.size()) {
        append_utf8(out, std::min<uint32_t>(hex_value(text.substr(i + 2, hex)), 0x10FFFF));
        i += 2 + hex;
      } else {
        out.push_back(e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e);
        i += 2;
      }
    }
    if (offsets != nullptr) offsets->insert(offsets->end(), out.size() - before, from);
  }
}

}  // namespace corslint::hcl
