// One simdjson On-Demand pass over a source builds the located tree. This is
// the only file that includes simdjson.h.
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

#include <fmt/core.h>

#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"

namespace corslint::json {
namespace {

namespace od = simdjson::ondemand;
static_assert(Source::kPadding >= simdjson::SIMDJSON_PADDING);

std::string_view friendly(simdjson::error_code e) {
  switch (e) {
    case simdjson::EMPTY:
      return "the file is empty; expected a JSON value";
    case simdjson::TAPE_ERROR:
      return "unexpected character (a missing or extra comma, bracket, brace or quote?)";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "unexpected end of file inside an array or object";
    case simdjson::UNCLOSED_STRING:
      return "unterminated string";
    case simdjson::STRING_ERROR:
      return "invalid string: a bad escape or a raw control character";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "invalid literal (expected true, false or null)";
    case simdjson::NUMBER_ERROR:
      return "invalid number";
    case simdjson::DEPTH_ERROR:
      return "nesting too deep";
    case simdjson::UTF8_ERROR:
      return "invalid UTF-8";
    case simdjson::TRAILING_CONTENT:
      return "unexpected content after the JSON value";
    default:
      return "invalid JSON";
  }
}

// The value of a number simdjson refuses though it is valid JSON: out of a
// double's range (1e400, -1e400, 400 digits) it is infinite, or zero when it
// underflows; its text is kept. nullopt when `s` is not a JSON number.
std::optional<double> out_of_range_number(std::string_view s) {
  auto digits = [&](std::size_t& i) {
    std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - from;
  };
  std::size_t i = s.starts_with('-') ? 1 : 0;
  std::size_t int_from = i;
  std::size_t int_digits = digits(i);
  if (int_digits == 0 || (int_digits > 1 && s[int_from] == '0')) return std::nullopt;
  std::size_t frac_from = i;
  if (i < s.size() && s[i] == '.' && (++i, digits(i)) == 0) return std::nullopt;
  std::size_t mantissa_end = i;
  long exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative = i < s.size() && (s[i] == '-' || s[i] == '+') && s[i++] == '-';
    std::size_t from = i;
    if (digits(i) == 0) return std::nullopt;
    for (std::size_t k = from; k < i; ++k)
      exponent = std::min(exponent * 10 + (s[k] - '0'), 1L << 30);
    if (negative) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc() && end == s.data() + s.size()) return value;
  // Out of range: the decimal order of the first significant digit says which way.
  long order = static_cast<long>(int_digits) - 1;
  std::size_t first = s.find_first_not_of("0.", int_from);
  if (first >= mantissa_end) return s.starts_with('-') ? -0.0 : 0.0;
  order = first < frac_from ? static_cast<long>(frac_from - first) - 1
                            : -static_cast<long>(first - frac_from);
  double magnitude = order + exponent >= 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return s.starts_with('-') ? -magnitude : magnitude;
}

// Where, in `text` (from a string's opening quote on), the escape that makes
// the string invalid starts: its backslash. A bad escape letter, a \u without
// four hex digits, a lone or reversed UTF-16 surrogate. npos when none is
// found before the closing quote.
std::size_t bad_escape(std::string_view text) {
  auto hex4 = [&](std::size_t at) -> std::optional<uint32_t> {
    uint32_t v = 0;
    auto [end, ec] = std::from_chars(text.data() + std::min(at, text.size()),
                                     text.data() + std::min(at + 4, text.size()), v, 16);
    if (ec != std::errc() || end != text.data() + at + 4) return std::nullopt;
    return v;
  };
  for (std::size_t i = 1; i < text.size() && text[i] != '"'; ++i) {
    if (text[i] != '\\') continue;
    char e = i + 1 < text.size() ? text[i + 1] : '\0';
    if (e != 'u') {
      if (e == '\0' || std::strchr("\"\\/bfnrt", e) == nullptr) return i;
      ++i;
      continue;
    }
    auto cp = hex4(i + 2);
    if (!cp || (*cp >= 0xDC00 && *cp <= 0xDFFF)) return i;
    if (*cp >= 0xD800 && *cp <= 0xDBFF) {
      auto lo = text.substr(i + 6, 2) == "\\u" ? hex4(i + 8) : std::nullopt;
      if (!lo || *lo < 0xDC00 || *lo > 0xDFFF) return i;
      i += 6;
    }
    i += 5;
  }
  return std::string_view::npos;
}

// The first raw control character inside a string (simdjson's stage 1 says
// only that there is one), or the end of the text.
uint32_t unescaped_control(std::string_view text) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string && static_cast<unsigned char>(c) < 0x20) return static_cast<uint32_t>(i);
    if (in_string && c == '\\') {
      ++i;
    } else if (c == '"') {
      in_string = !in_string;
    }
  }
  return static_cast<uint32_t>(text.size());
}

// value::raw_json_token cannot fail; document::raw_json_token can.
simdjson::error_code token_of(od::value& v, std::string_view& out) {
  out = v.raw_json_token();
  return simdjson::SUCCESS;
}
simdjson::error_code token_of(od::document& d, std::string_view& out) {
  return d.raw_json_token().get(out);
}

class Walker {
 public:
  Walker(const char* base, std::size_t size, Tree& tree)
      : base_(base), size_(size), builder_(tree), tree_(tree) {}

  bool failed() const { return failed_; }
  simdjson::error_code code() const { return code_; }
  const ParseError& error() const { return error_; }
  // Duplicate keys in the order they have always been reported: by the
  // duplicate's id up to the last object of more than 32 members, then in the
  // order their objects closed. Each id is a duplicate at most once, so one
  // sort of that prefix equals sorting it after each such object.
  std::vector<DuplicateKey>& duplicates() {
    std::sort(
        duplicates_.begin(), duplicates_.begin() + static_cast<std::ptrdiff_t>(sorted_until_),
        [](const DuplicateKey& a, const DuplicateKey& b) { return a.duplicate < b.duplicate; });
    sorted_until_ = 0;
    return duplicates_;
  }

  uint32_t offset_of(const char* p) const {
    if (p < base_) return 0;
    auto off = static_cast<std::size_t>(p - base_);
    return static_cast<uint32_t>(std::min(off, size_));
  }
  uint32_t last_offset() const { return last_offset_; }
  bool root_unconsumed() const { return root_unconsumed_; }

  // The backslash of the bad escape in the string starting at `quote`, or `quote`.
  uint32_t escape_at(uint32_t quote) const {
    std::size_t at = bad_escape(std::string_view(base_ + quote, size_ - quote));
    return at == std::string_view::npos ? quote : quote + static_cast<uint32_t>(at);
  }

  void fail(simdjson::error_code e, uint32_t offset) {
    if (failed_) return;
    failed_ = true;
    code_ = e;
    error_ = {
        "E002",
        fmt::format("invalid JSON: {} (simdjson: {})", friendly(e), simdjson::error_message(e)),
        offset};
  }
  void fail_depth(uint32_t offset) {
    if (failed_) return;
    failed_ = true;
    error_ = {
        "E002",
        fmt::format("invalid JSON: nesting deeper than {} levels; corslint stops here", kMaxDepth),
        offset};
  }

  // fail() for the readers below, which say whether to go on.
  bool failed_with(simdjson::error_code e, uint32_t offset) {
    fail(e, offset);
    return false;
  }

  // A string scalar: a view into the source when it has no escapes (stage 1
  // already rejected raw control characters), else unescaped into the arena.
  template <class V>
  bool read_string(V& v, std::string_view trimmed, uint32_t offset, Node& n) {
    n.type = Type::String;
    std::string_view inner = trimmed.size() >= 2 ? trimmed.substr(1, trimmed.size() - 2) : "";
    if (inner.find('\\') == std::string_view::npos) {
      n.text = inner;
      if constexpr (std::is_same_v<V, od::document>) {
        // A scalar document must be consumed, or it looks unfinished.
        std::string_view consumed;
        if (auto e = v.get_string().get(consumed)) return failed_with(e, offset);
      }
      return true;
    }
    std::string_view unescaped;
    if (auto e = v.get_string().get(unescaped)) return failed_with(e, escape_at(offset));
    n.text = builder_.intern(unescaped);
    return true;
  }

  template <class V>
  bool read_number(V& v, std::string_view trimmed, uint32_t offset, Node& n) {
    n.type = Type::Number;
    n.text = trimmed;
    od::number num;
    if (auto e = v.get_number().get(num)) {
      // Integers past 64 bits are valid JSON; keep them as doubles.
      double d = 0;
      if (!v.get_double().get(d)) {
        n.number = d;
        return true;
      }
      // So are numbers past a double's range: text kept, value infinite.
      auto big = out_of_range_number(trimmed);
      if (!big) return failed_with(e, offset);
      n.number = *big;
      // A root number simdjson refused is not consumed: parse_with checks what follows.
      if constexpr (std::is_same_v<V, od::document>) root_unconsumed_ = true;
      return true;
    }
    switch (num.get_number_type()) {
      case od::number_type::signed_integer:
        n.is_integer = true;
        n.integer = num.get_int64();
        n.number = static_cast<double>(n.integer);
        break;
      case od::number_type::unsigned_integer:
        n.number = static_cast<double>(num.get_uint64());
        break;
      default:
        n.number = num.get_double();
        break;
    }
    return true;
  }

  // `V` is od::value or od::document: they share the getters we use.
  template <class V>
  void walk(V& v, uint32_t depth, uint32_t key_offset, std::string_view key, bool has_key) {
    if (failed_) return;
    std::string_view token;
    if (auto e = token_of(v, token)) return fail(e, last_offset_);
    uint32_t offset = offset_of(token.data());
    last_offset_ = offset;
    if (!has_key) key_offset = offset;
    od::json_type type;
    if (auto e = v.type().get(type)) return fail(e, offset);
    switch (type) {
      case od::json_type::object:
        return walk_object(v, depth, offset, key_offset, key);
      case od::json_type::array:
        return walk_array(v, depth, offset, key_offset, key);
      default:
        break;
    }
    Node n;
    n.offset = offset;
    n.key_offset = key_offset;
    n.key = key;
    std::string_view trimmed = token;
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\n' ||
                                trimmed.back() == '\r' || trimmed.back() == '\t')) {
      trimmed.remove_suffix(1);
    }
    n.end = offset + static_cast<uint32_t>(trimmed.size());
    switch (type) {
      case od::json_type::string:
        if (!read_string(v, trimmed, offset, n)) return;
        break;
      case od::json_type::number:
        if (!read_number(v, trimmed, offset, n)) return;
        break;
      case od::json_type::boolean: {
        n.type = Type::Bool;
        if (auto e = v.get_bool().get(n.boolean)) return fail(e, offset);
        break;
      }
      case od::json_type::null: {
        n.type = Type::Null;
        bool is_null = false;
        if (auto e = v.is_null().get(is_null)) return fail(e, offset);
        if (!is_null) return fail(simdjson::N_ATOM_ERROR, offset);
        break;
      }
      default:
        return fail(simdjson::TAPE_ERROR, offset);
    }
    builder_.scalar(n);
  }

 private:
  template <class V>
  void walk_object(V& v, uint32_t depth, uint32_t offset, uint32_t key_offset,
                   std::string_view key) {
    if (depth >= kMaxDepth) return fail_depth(offset);
    od::object obj;
    if (auto e = v.get_object().get(obj)) return fail(e, offset);
    NodeId id = builder_.open(Type::Object, offset, key_offset, key);
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return fail(e, last_offset_);
      const char* raw = field.key().raw();
      uint32_t koff = offset_of(raw) - 1;  // the opening quote
      last_offset_ = koff;
      const char* p = raw;
      const char* end = base_ + size_;
      while (p < end && *p != '"' && *p != '\\') ++p;
      std::string_view name;
      if (p < end && *p == '"') {
        name = std::string_view(raw, static_cast<std::size_t>(p - raw));
      } else {
        std::string_view unescaped;
        if (auto e = field.unescaped_key().get(unescaped)) return fail(e, escape_at(koff));
        name = builder_.intern(unescaped);
      }
      walk(field.value(), depth + 1, koff, name, true);
      if (failed_) return;
    }
    builder_.close(id);
    builder_.set_end(id, closing_end(id, offset));
    find_duplicates(id);
  }

  template <class V>
  void walk_array(V& v, uint32_t depth, uint32_t offset, uint32_t key_offset,
                  std::string_view key) {
    if (depth >= kMaxDepth) return fail_depth(offset);
    od::array arr;
    if (auto e = v.get_array().get(arr)) return fail(e, offset);
    NodeId id = builder_.open(Type::Array, offset, key_offset, key);
    for (auto element : arr) {
      od::value item;
      if (auto e = element.get(item)) return fail(e, last_offset_);
      walk(item, depth + 1, 0, {}, false);
      if (failed_) return;
    }
    builder_.close(id);
    builder_.set_end(id, closing_end(id, offset));
  }

  // JSON allows only whitespace between a container's last child and its
  // closing bracket, so the bracket is found by skipping whitespace.
  uint32_t closing_end(NodeId id, uint32_t offset) const {
    auto kids = tree_.children(id);
    std::size_t p = kids.empty() ? offset + 1 : tree_[kids.back()].end;
    while (p < size_ &&
           (base_[p] == ' ' || base_[p] == '\n' || base_[p] == '\r' || base_[p] == '\t'))
      ++p;
    return static_cast<uint32_t>(std::min(p + 1, size_));
  }

  void find_duplicates(NodeId object) {
    auto kids = tree_.children(object);
    if (kids.size() < 2) return;
    if (kids.size() <= 32) {
      for (std::size_t i = 1; i < kids.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          if (tree_[kids[i]].key == tree_[kids[j]].key) {
            duplicates_.push_back({kids[j], kids[i]});
            break;
          }
        }
      }
      return;
    }
    // Large objects: sort member ids by (key, position) and compare neighbours.
    std::vector<NodeId> sorted(kids.begin(), kids.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](NodeId a, NodeId b) { return tree_[a].key < tree_[b].key; });
    for (std::size_t i = 1; i < sorted.size(); ++i) {
      std::size_t first = i - 1;
      while (i < sorted.size() && tree_[sorted[i]].key == tree_[sorted[first]].key) {
        duplicates_.push_back({sorted[first], sorted[i]});
        ++i;
      }
    }
    // The list up to here is in id order (as it always was): sorted once, by
    // duplicates(), not after every large object, which was quadratic.
    sorted_until_ = duplicates_.size();
  }

  const char* base_;
  std::size_t size_;
  TreeBuilder builder_;
  const Tree& tree_;
  bool failed_ = false;
  simdjson::error_code code_ = simdjson::SUCCESS;
  ParseError error_;
  uint32_t last_offset_ = 0;
  std::vector<DuplicateKey> duplicates_;
  std::size_t sorted_until_ = 0;
  bool root_unconsumed_ = false;  // duplicates_[0, sorted_until_) to sort by id
};

// simdjson's stage 1 reports unbalanced brackets for both a truncated file and
// content after the root value, without a location. This scan (run only after
// that error) finds which it is and where: the offset of the first byte after
// the root value closes, or the end of the text.
ParseError locate_unbalanced_raw(std::string_view text) {
  uint32_t depth = 0;
  bool in_string = false;
  bool started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (started && depth == 0) {
      return {"E002", "invalid JSON: unexpected content after the JSON value",
              static_cast<uint32_t>(i)};
    }
    started = true;
    if (c != '"' && c != '[' && c != '{' && c != ']' && c != '}' && c != ',' && c != ':') {
      // A bare word must be a number or a literal; anything else is where a
      // human would say the file stops being JSON.
      std::size_t j = i;
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) ||
                                 text[j] == '-' || text[j] == '+' || text[j] == '.')) {
        ++j;
      }
      std::string_view word = text.substr(i, j - i);
      bool number =
          !word.empty() && (std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-');
      if (word.empty()) {
        return {"E002", fmt::format("invalid JSON: unexpected character '{}'", c),
                static_cast<uint32_t>(i)};
      }
      if (!number && word != "true" && word != "false" && word != "null") {
        return {"E002", fmt::format("invalid JSON: unexpected '{}'", word.substr(0, 40)),
                static_cast<uint32_t>(i)};
      }
      i = j - 1;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (depth == 0) {
        return {"E002", fmt::format("invalid JSON: unexpected '{}'", c), static_cast<uint32_t>(i)};
      }
      --depth;
    }
  }
  return {"E002",
          in_string ? "invalid JSON: unexpected end of file inside a string"
                    : "invalid JSON: unexpected end of file: an array or object is not closed",
          static_cast<uint32_t>(text.size())};
}

ParseError locate_unbalanced(std::string_view text, simdjson::error_code e) {
  ParseError err = locate_unbalanced_raw(text);
  err.message += fmt::format(" (simdjson: {})", simdjson::error_message(e));
  return err;
}

// One parser per thread: it keeps its buffers between files.
od::parser& thread_parser() {
  thread_local od::parser parser;
  return parser;
}

}  // namespace

namespace {

ParseResult parse_with(od::parser& parser, const Source& source) {
  ParseResult result;
  std::string_view text = source.text();
  // Whitespace-only input is "empty" to simdjson; say so plainly.
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    result.error = {"E002", "invalid JSON: the file is empty; expected a JSON value",
                    static_cast<uint32_t>(text.size())};
    return result;
  }
  simdjson::padded_string_view input(text.data(), text.size(), source.padded_capacity());
  od::document doc;
  Walker walker(text.data(), text.size(), result.tree);
  // Small documents: one allocation for the nodes instead of a growth series.
  // (Large ones grow as needed rather than reserving for the worst case.)
  // Real configurations hold one value per 25-40 bytes (policies ~34, CORS
  // ~26, the shared corpus ~38; the densest seen ~12). A directory in flight
  // holds every file's tree until its bundles are checked, so the reserve is
  // what a policy needs (a byte count / 32) and a denser file grows once;
  // giving back the unused part after the parse (a copy per file) cost more
  // instructions than it saved memory was worth (measured: +1.2%, -12% peak).
  result.tree.reserve(std::min<std::size_t>(text.size() / 32 + 16, 4096));
  if (auto e = parser.iterate(input).get(doc)) {
    walker.fail(e, e == simdjson::UNESCAPED_CHARS ? unescaped_control(text) : 0);
    result.error = walker.error();
    if (e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT || e == simdjson::UNCLOSED_STRING) {
      result.error = locate_unbalanced(text, e);
    }
    return result;
  }
  walker.walk(doc, 0, 0, {}, false);
  // simdjson 3.0 has no document::at_end(): a location still in bounds after
  // the root value is consumed means there is more after it.
  const char* rest = nullptr;
  if (!walker.failed() && walker.root_unconsumed()) {
    auto after = text.find_first_not_of(" \t\r\n", result.tree[result.tree.root()].end);
    if (after != std::string_view::npos) {
      walker.fail(simdjson::TRAILING_CONTENT, static_cast<uint32_t>(after));
    }
  } else if (!walker.failed() && !doc.current_location().get(rest)) {
    walker.fail(simdjson::TRAILING_CONTENT, walker.offset_of(rest));
  }
  if (walker.failed()) {
    result.error = walker.error();
    // Prefer simdjson's own idea of where it stopped when it has one.
    const char* loc = nullptr;
    if (result.error.offset == walker.last_offset() && !doc.current_location().get(loc)) {
      uint32_t off = walker.offset_of(loc);
      if (off > result.error.offset) result.error.offset = off;
    }
    if (walker.code() == simdjson::TAPE_ERROR) {
      // A bare word or stray character before simdjson's stop is the better
      // place to point at: "unexpected 'aws'" says more than "improper structure".
      ParseError scan = locate_unbalanced_raw(text);
      if (scan.offset <= result.error.offset &&
          (scan.message.find("unexpected '") != std::string::npos ||
           scan.message.find("unexpected character '") != std::string::npos)) {
        scan.message += fmt::format(" (simdjson: {})", simdjson::error_message(walker.code()));
        result.error = scan;
        result.tree = Tree();
        return result;
      }
    }
    if (walker.code() == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
      result.error = locate_unbalanced(text, walker.code());
      result.tree = Tree();
      return result;
    }
    result.tree = Tree();
    return result;
  }
  result.duplicates = std::move(walker.duplicates());
  result.ok = true;
  return result;
}

// simdjson keeps about five bytes of buffers per byte of the largest input it
// has parsed (a 51 MB policy: ~290 MB). Past this size they are given back at
// once, before the rules and the report run, instead of being held by the
// thread to the end of the scan.
constexpr std::size_t kKeepParserCapacity = std::size_t{16} << 20;

}  // namespace

ParseResult parse(const Source& source) {
  od::parser& parser = thread_parser();
  ParseResult result = parse_with(parser, source);
  if (parser.capacity() > kKeepParserCapacity) parser = od::parser{};
  return result;
}

}  // namespace corslint::json
