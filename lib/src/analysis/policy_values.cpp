#include "corslint/analysis/policy_values.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <iterator>
#include <unordered_map>

#include <fmt/core.h>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/origin.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/text.hpp"

namespace corslint::policy {
namespace {

using json::NodeId;
using json::Tree;
using json::Type;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_upper_or_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_upper_or_digit(c) || (c >= 'a' && c <= 'z'); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Condition keys: "service:name", where tag keys after '/' may use + = . _ : / @ -.
bool is_key_text(std::string_view key) {
  auto colon = key.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon + 1 == key.size()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return is_alnum(c) || std::string_view("+=._:/@-").find(c) != std::string_view::npos;
  });
}

VariableDefect classify_body(std::string_view body, std::string_view& key) {
  if (body == "*" || body == "?" || body == "$") {
    key = body;
    return VariableDefect::None;
  }
  auto comma = body.find(',');
  std::string_view raw_key = body.substr(0, comma);
  key = trim(raw_key);
  if (key.empty()) return VariableDefect::Empty;
  if (key.find("::") != std::string_view::npos) return VariableDefect::CloudFormation;
  if (std::any_of(raw_key.begin(), raw_key.end(), is_space)) return VariableDefect::Space;
  if (!is_key_text(key)) return VariableDefect::NotAKey;
  if (comma != std::string_view::npos) {
    std::string_view def = trim(body.substr(comma + 1));
    if (def.size() < 2 || def.front() != '\'' || def.back() != '\'') {
      return VariableDefect::UnquotedDefault;
    }
  }
  return VariableDefect::None;
}

// A run of upper-case words ending in ID, NAME, ARN or NUMBER: "ACCOUNT-ID",
// "BUCKET_NAME", "DISTRIBUTION-ID". Real ids (E2871DO4EZ36H2) have no separators.
bool is_upper_name_placeholder(std::string_view seg) {
  if (seg.size() < 4 || seg.front() < 'A' || seg.front() > 'Z') return false;  // "A-ID" at least
  std::size_t words = 0;
  std::string_view last;
  for (std::size_t i = 0; i <= seg.size();) {
    std::size_t sep = i;
    while (sep < seg.size() && seg[sep] != '-' && seg[sep] != '_') ++sep;
    std::string_view w = seg.substr(i, sep - i);
    if (w.empty() || !std::all_of(w.begin(), w.end(), is_upper_or_digit)) return false;
    ++words;
    last = w;
    i = sep + 1;
  }
  if (words < 2 || seg.front() < 'A' || seg.front() > 'Z') return false;
  return last == "ID" || last == "NAME" || last == "ARN" || last == "NUMBER";
}

// Template names for the values people most often forget to fill in:
// "elb-account-id", "myAccountID", "bucket_name", "your-distribution-id".
bool has_placeholder_suffix(std::string_view seg) {
  // No lower-cased copy: this runs on every segment of every policy string.
  if (seg.empty()) return false;
  char last = seg.back();
  if (last != 'd' && last != 'D' && last != 'e' && last != 'E') return false;  // -id, -name
  for (std::string_view s : {"account-id", "account_id", "accountid", "bucket-name", "bucket_name",
                             "bucketname", "distribution-id", "distribution_id"}) {
    if (seg.size() >= s.size() && iequals(seg.substr(seg.size() - s.size()), s)) return true;
  }
  return false;
}

// Distribution, OAI and key ids are long runs of capitals and digits, and may
// contain "TODO" by chance.
bool looks_like_generated_id(std::string_view seg) {
  return seg.size() >= 12 && std::all_of(seg.begin(), seg.end(), is_upper_or_digit) &&
         std::any_of(seg.begin(), seg.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// What a placeholder stands for: from its ARN field when the value is an ARN
// (arn:aws:s3:::REPLACE_ME), else from its own words (your-account-id).
std::string_view meaning_of(std::string_view value, std::size_t at, std::string_view text) {
  if (auto arn = parse_arn(value)) {
    auto field_of = [&](std::string_view f) {
      return at >= static_cast<std::size_t>(f.data() - value.data()) &&
             at < static_cast<std::size_t>(f.data() - value.data()) + f.size();
    };
    if (field_of(arn->account)) return "account id";
    std::string_view res = arn->resource;
    if (arn->service == "s3" && field_of(res.substr(0, res.find('/')))) return "bucket name";
    if (arn->service == "cloudfront" && res.starts_with("distribution/") && field_of(res)) {
      return "distribution id";
    }
  }
  std::string l = lower(text);
  if (l.find("bucket") != std::string::npos || l.starts_with("doc-example")) return "bucket name";
  if (l.find("account") != std::string::npos) return "account id";
  if (l.find("distribution") != std::string::npos) return "distribution id";
  return "value";
}

bool is_delimiter(char c) { return c == ':' || c == '/' || c == ',' || c == ';' || is_space(c); }
bool starts_variable(std::string_view v, std::size_t i) {
  return v[i] == '$' && i + 1 < v.size() && v[i + 1] == '{';
}

void collect_canonical(const Tree& t, NodeId node, std::string_view skip_key, std::string& out) {
  const json::Node& n = t[node];
  switch (n.type) {
    case Type::Object: {
      std::vector<std::string> members;
      for (NodeId c : t.children(node)) {
        if (!skip_key.empty() && t[c].key == skip_key) continue;
        std::string m = json_quote(t[c].key) + ":";
        collect_canonical(t, c, {}, m);
        members.push_back(std::move(m));
      }
      std::sort(members.begin(), members.end());
      out += '{';
      for (std::size_t i = 0; i < members.size(); ++i) out += (i ? "," : "") + members[i];
      out += '}';
      return;
    }
    case Type::Array: {
      std::vector<std::string> items;
      for (NodeId c : t.children(node)) {
        std::string s;
        collect_canonical(t, c, {}, s);
        items.push_back(std::move(s));
      }
      std::sort(items.begin(), items.end());
      items.erase(std::unique(items.begin(), items.end()), items.end());
      if (items.size() == 1) {
        out += items.front();
        return;
      }
      out += '[';
      for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
      out += ']';
      return;
    }
    case Type::String:
      out += json_quote(n.text);
      return;
    case Type::Number:
      out += n.text;
      return;
    case Type::Bool:
      out += n.boolean ? "true" : "false";
      return;
    case Type::Null:
      out += "null";
      return;
  }
}

// The length of a member name as written, quotes and escapes included.
std::size_t raw_key_length(std::string_view source, const json::Node& member) {
  std::size_t i = member.key_offset;
  if (i >= source.size() || source[i] != '"') return member.key.size() + 2;
  for (++i; i < source.size(); ++i) {
    if (source[i] == '\\') {
      ++i;
    } else if (source[i] == '"') {
      return i + 1 - member.key_offset;
    }
  }
  return member.key.size() + 2;
}

constexpr std::array<std::string_view, 8> kPartitions = {
    "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};

bool is_bucket_path(std::string_view s) {
  std::string_view bucket = s.substr(0, s.find('/'));
  return !bucket.empty() && std::all_of(bucket.begin(), bucket.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '*';
  });
}

bool is_lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}
bool is_canonical_user_id(std::string_view s) { return s.size() == 64 && is_lower_hex(s); }

constexpr std::array<std::string_view, 5> kServiceSuffixes = {
    ".amazonaws.com", ".amazonaws.com.cn", ".amazon.com", ".c2s.ic.gov", ".sc2s.sgov.gov"};

std::optional<ValueProblem> service_problem(std::string_view v) {
  if (v.find('*') != std::string_view::npos) {
    return ValueProblem{
        "uses a wildcard, which service principals do not support; name the "
        "service, such as cloudfront.amazonaws.com",
        {}};
  }
  if (v.starts_with("arn:")) {
    return ValueProblem{
        "is an ARN, but \"Service\" takes a service name such as "
        "cloudfront.amazonaws.com; put ARNs under \"AWS\"",
        {}};
  }
  std::string l = lower(trim(v));
  if (l.empty())
    return ValueProblem{"is empty; name the service, such as cloudfront.amazonaws.com", {}};
  if (l.find('.') == std::string::npos &&
      std::all_of(l.begin(), l.end(), [](char c) { return is_alnum(c) || c == '-'; })) {
    return ValueProblem{"is not a service principal name; they end in .amazonaws.com",
                        l + ".amazonaws.com"};
  }
  if (l != v) {
    return ValueProblem{
        "is not written in lower case without spaces, as service principal "
        "names are",
        l};
  }
  if (std::none_of(kServiceSuffixes.begin(), kServiceSuffixes.end(),
                   [&](std::string_view suffix) { return l.ends_with(suffix); })) {
    return ValueProblem{"is not a service principal name; they end in .amazonaws.com", {}};
  }
  return std::nullopt;
}

std::optional<ValueProblem> aws_arn_problem(std::string_view v) {
  auto arn = parse_arn(v);
  if (!arn) {
    return ValueProblem{"is neither \"*\", a 12-digit account id nor an IAM or STS ARN", {}};
  }
  if (!is_aws_partition(arn->partition)) {
    return ValueProblem{fmt::format("has partition \"{}\", which is not an AWS partition (aws, "
                                    "aws-cn, aws-us-gov, ...)",
                                    arn->partition),
                        {}};
  }
  if (arn->service != "iam" && arn->service != "sts") {
    return ValueProblem{
        fmt::format("is an ARN of the {} service; principals are account roots, IAM users and "
                    "roles, and STS role sessions",
                    arn->service),
        {}};
  }
  if (!arn->region.empty()) {
    return ValueProblem{
        "sets a Region, but IAM and STS ARNs leave it empty",
        fmt::format("arn:{}:{}::{}:{}", arn->partition, arn->service, arn->account, arn->resource)};
  }
  if (arn->account == "cloudfront") {
    return ValueProblem{
        "uses the account \"cloudfront\", which only appears in origin access "
        "identity ARNs: arn:aws:iam::cloudfront:user/CloudFront Origin Access "
        "Identity <ID>",
        {}};
  }
  if (!is_account_id(arn->account)) {
    return ValueProblem{
        fmt::format("has account \"{}\", which is not a 12-digit account id", arn->account), {}};
  }
  if (arn->service == "iam" && arn->resource.starts_with("group/")) {
    return ValueProblem{
        "names an IAM group, and groups cannot be principals; name the users or "
        "roles, or the account root",
        {}};
  }
  return ValueProblem{fmt::format("names \"{}\", which is not the account root, an IAM user or "
                                  "role, or an STS role session",
                                  arn->resource),
                      {}};
}

std::optional<ValueProblem> aws_problem(std::string_view v) {
  if (v.find('*') != std::string_view::npos) {
    return ValueProblem{
        "uses a partial wildcard, which Principal does not support; use "
        "Principal \"*\" with a condition such as ArnLike aws:PrincipalArn or "
        "StringEquals aws:PrincipalOrgID",
        {}};
  }
  std::string digits;
  std::copy_if(v.begin(), v.end(), std::back_inserter(digits),
               [](char c) { return c >= '0' && c <= '9'; });
  if (!digits.empty() && std::all_of(v.begin(), v.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == ' ';
      })) {
    return ValueProblem{"is not a 12-digit account id; write the digits without separators",
                        digits.size() == 12 ? digits : ""};
  }
  if (v.ends_with(".amazonaws.com")) {
    return ValueProblem{
        "is a service name; service principals go under \"Service\", not "
        "\"AWS\"",
        {}};
  }
  if (is_canonical_user_id(v)) {
    return ValueProblem{
        "is an S3 canonical user id; those go under \"CanonicalUser\", not "
        "\"AWS\"",
        {}};
  }
  return aws_arn_problem(v);
}

}  // namespace

bool is_aws_partition(std::string_view partition) {
  return std::find(kPartitions.begin(), kPartitions.end(), partition) != kPartitions.end();
}

std::optional<ValueProblem> s3_resource_problem(std::string_view v) {
  constexpr std::string_view kOnly = "a bucket policy can only name its own bucket and objects";
  std::string_view trimmed = v;
  while (!trimmed.empty() && trimmed.front() == ' ') trimmed.remove_prefix(1);
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
  if (trimmed.empty())
    return ValueProblem{"is empty; name the bucket as arn:aws:s3:::BUCKET/*", {}};
  if (v == "*") {
    return ValueProblem{fmt::format("is rejected by S3 (\"Policy has invalid resource\"): {}; use "
                                    "arn:aws:s3:::BUCKET/* and arn:aws:s3:::BUCKET",
                                    kOnly),
                        {}};
  }
  if (trimmed.size() != v.size()) {
    return ValueProblem{"has leading or trailing spaces, so it names no resource; remove them",
                        std::string(trimmed)};
  }
  if (!istarts_with(v, "arn:")) {
    std::string_view path = v.starts_with("s3://") ? v.substr(5) : v;
    bool guess = v.find(':') == std::string_view::npos || v.starts_with("s3://");
    return ValueProblem{
        "is not an ARN; write bucket and object resources as arn:aws:s3:::BUCKET/KEY",
        guess && is_bucket_path(path) ? fmt::format("arn:aws:s3:::{}", path) : ""};
  }
  if (!v.starts_with("arn:")) {
    return ValueProblem{"starts with an upper-case \"ARN:\"; ARNs start with \"arn:\"",
                        fmt::format("arn:{}", v.substr(4))};
  }
  auto arn = parse_arn(v);
  if (!arn) {
    std::string fix;
    if (auto s3 = v.find(":s3:"); s3 != std::string_view::npos && v.find(':') < s3) {
      std::string_view rest = v.substr(s3 + 4);
      rest.remove_prefix(std::min(rest.find_first_not_of(':'), rest.size()));
      if (!rest.empty()) fix = fmt::format("{}:s3:::{}", v.substr(0, s3), rest);
    }
    return ValueProblem{
        "has fewer than the six colon-separated fields of an ARN; S3 ARNs look like "
        "arn:aws:s3:::BUCKET/KEY",
        fix};
  }
  if (arn->partition.find('*') == std::string_view::npos && !is_aws_partition(arn->partition)) {
    return ValueProblem{fmt::format("has partition \"{}\", which is not an AWS partition (aws, "
                                    "aws-cn, aws-us-gov, ...)",
                                    arn->partition),
                        {}};
  }
  if (arn->service != "s3") {
    if (iequals(arn->service, "s3")) {
      return ValueProblem{"writes the service as \"" + std::string(arn->service) +
                              "\"; ARN service names are lower case",
                          fmt::format("arn:{}:s3:{}:{}:{}", arn->partition, arn->region,
                                      arn->account, arn->resource)};
    }
    return ValueProblem{
        fmt::format(
            "is an ARN of the {} service, but {}; grant access to it in that resource's own "
            "policy or an IAM policy",
            arn->service, kOnly),
        {}};
  }
  if (arn->resource.starts_with("accesspoint/")) {
    return ValueProblem{
        "is an access point ARN, which belongs in the access point's own policy; a "
        "bucket policy names only its bucket and objects",
        {}};
  }
  if (!arn->region.empty() || !arn->account.empty()) {
    return ValueProblem{"sets a Region or account, but S3 bucket and object ARNs leave both empty",
                        fmt::format("arn:{}:s3:::{}", arn->partition, arn->resource)};
  }
  // "arn:aws:s3:::" has no resource at all, so no target (found by fuzz_struct).
  if (auto t = s3_target(*arn); !t || t->bucket.empty()) {
    return ValueProblem{"names no bucket", {}};
  }
  return std::nullopt;
}

std::vector<Variable> find_variables(std::string_view value) {
  std::vector<Variable> out;
  for (std::size_t pos = value.find("${"); pos != std::string_view::npos;) {
    Variable v;
    v.begin = pos;
    std::size_t close = value.find('}', pos + 2);
    if (close == std::string_view::npos) {
      v.end = value.size();
      v.text = value.substr(pos);
      v.key = trim(value.substr(pos + 2));
      v.defect = VariableDefect::Unclosed;
      out.push_back(v);
      break;
    }
    v.end = close + 1;
    v.text = value.substr(pos, v.end - pos);
    v.defect = classify_body(value.substr(pos + 2, close - pos - 2), v.key);
    out.push_back(v);
    pos = value.find("${", v.end);
  }
  return out;
}

std::string_view describe(VariableDefect defect) {
  switch (defect) {
    case VariableDefect::None:
      return {};
    case VariableDefect::Unclosed:
      return "has no closing \"}\", so it is not a variable; close the brace";
    case VariableDefect::Empty:
      return "names no condition key; write the key, as in ${aws:username}";
    case VariableDefect::Space:
      return "has a space in its key, which IAM does not support; remove the spaces";
    case VariableDefect::UnquotedDefault:
      return "has a default value without single quotes; write it as ${aws:username, 'default'}";
    case VariableDefect::NotAKey:
      return "names no condition key (variables look like ${aws:username}); if it is a "
             "template placeholder, substitute it before uploading the policy";
    case VariableDefect::CloudFormation:
      return "is a CloudFormation Fn::Sub reference, which only CloudFormation substitutes; "
             "wrap the value in Fn::Sub or write the real value";
  }
  return {};
}

bool tree_has_variable(const Tree& tree, NodeId root) {
  // TreeBuilder adds a container before its children, so a subtree is the
  // contiguous run of ids from its root to its last descendant: one loop, no
  // recursion.
  NodeId last = root;
  while (tree[last].child_count != 0) last = tree.children(last).back();
  auto has = [](std::string_view s) { return s.find("${") != std::string_view::npos; };
  for (NodeId id = root; id <= last; ++id) {
    const json::Node& n = tree[id];
    if (has(n.key) || (n.type == Type::String && has(n.text))) return true;
  }
  return false;
}

bool operator_takes_variables(const Condition& c) {
  return istarts_with(c.base_op, "String") || istarts_with(c.base_op, "Arn");
}

namespace {
// `v` at `i` starts with `word` (lower case), ignoring case.
bool at_iword(std::string_view v, std::size_t i, std::string_view word) {
  if (v.size() - i < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (lower(v[i + k]) != word[k]) return false;
  }
  return true;
}

// A necessary condition for scan_placeholders to find anything, in one pass
// without calls: every test below needs one of these in the value. '<' '>'
// '{' '}' (brackets and placeholder_marker), "TODO", "replace", "change" or
// "your" in any case (placeholder_marker), "DOC-EXAMPLE", and with
// `upper_names` a '-' or '_' before ID, NAME, ARN or NUMBER
// (is_upper_name_placeholder needs two words) or "account", "bucket" or
// "distribution" in any case (has_placeholder_suffix). Keep it in step with
// those functions.
// The markers above as pairs of their first two bytes: kMarkerPairs.first[a] &
// kMarkerPairs.second[b] is non-zero when "ab" may start one, so a clean value
// costs two table loads a byte and the words are compared only there.
enum : std::uint16_t {
  kBracket = 1,     // '<' '>' '{' '}': any next byte
  kAnyCase = 2,     // "re"place, "ch"ange, "yo"ur in any case
  kTodo = 4,        // "TO"DO and "DO"C-EXAMPLE, upper case only
  kUpperWords = 8,  // "ac"count, "bu"cket, "di"stribution; '-'/'_' + ID, NAME, ARN, NUMBER
};
struct PairTables {
  std::array<std::uint16_t, 256> first{};
  std::array<std::uint16_t, 256> second{};
};
constexpr PairTables kMarkerPairs = [] {
  PairTables t;
  auto idx = [](char c) { return static_cast<unsigned char>(c); };
  for (char c : std::string_view("<>{}")) t.first[idx(c)] |= kBracket;
  for (auto& s : t.second) s |= kBracket;
  auto pair = [&](char a, char b, std::uint16_t bit) {
    t.first[idx(a)] |= bit;
    t.second[idx(b)] |= bit;
  };
  auto any_case = [&](char a, char b, std::uint16_t bit) {  // a, b lower case
    const char ua = static_cast<char>(a - 'a' + 'A'), ub = static_cast<char>(b - 'a' + 'A');
    pair(a, b, bit);
    pair(ua, b, bit);
    pair(a, ub, bit);
    pair(ua, ub, bit);
  };
  any_case('r', 'e', kAnyCase);
  any_case('c', 'h', kAnyCase);
  any_case('y', 'o', kAnyCase);
  pair('T', 'O', kTodo);
  pair('D', 'O', kTodo);
  any_case('a', 'c', kUpperWords);
  any_case('b', 'u', kUpperWords);
  any_case('d', 'i', kUpperWords);
  for (char sep : {'-', '_'}) {
    for (char next : {'I', 'N', 'A'}) pair(sep, next, kUpperWords);
  }
  return t;
}();

// The whole-word tests behind a pair hit at `i` (i + 1 < v.size()).
bool marker_at(std::string_view v, std::size_t i, bool upper_names) {
  switch (v[i]) {
    case 'T':
      return v.substr(i).starts_with("TODO");
    case 'D':
      if (v.substr(i).starts_with("DOC-EXAMPLE")) return true;
      return upper_names && at_iword(v, i, "distribution");
    case 'd':
      return upper_names && at_iword(v, i, "distribution");
    case 'R':
    case 'r':
      return at_iword(v, i, "replace");
    case 'C':
    case 'c':
      return at_iword(v, i, "change");
    case 'Y':
    case 'y':
      return at_iword(v, i, "your");
    case 'A':
    case 'a':
      return upper_names && at_iword(v, i, "account");
    case 'B':
    case 'b':
      return upper_names && at_iword(v, i, "bucket");
    case '-':
    case '_': {
      if (!upper_names) return false;
      std::string_view rest = v.substr(i + 1);
      return rest.starts_with("ID") || rest.starts_with("NAME") || rest.starts_with("ARN") ||
             rest.starts_with("NUMBER");
    }
    default:
      return false;
  }
}

// Both tables in one word per byte: `first` in the low half, `second` in the
// high half, so the loop makes one table load a byte.
constexpr std::array<std::uint32_t, 256> kMarkerPairWords = [] {
  std::array<std::uint32_t, 256> w{};
  for (std::size_t c = 0; c < 256; ++c) {
    w[c] = kMarkerPairs.first[c] | (std::uint32_t{kMarkerPairs.second[c]} << 16);
  }
  return w;
}();

bool may_hold_placeholder(std::string_view v, bool upper_names) {
  if (v.empty()) return false;
  const auto* const begin = reinterpret_cast<const unsigned char*>(v.data());
  const auto* const end = begin + v.size();
  std::uint32_t prev = kMarkerPairWords[*begin];  // the pair (p[-1], p) is tested at p
  for (const auto* p = begin + 1; p != end; ++p) {
    const std::uint32_t cur = kMarkerPairWords[*p];
    if ((prev & (cur >> 16)) != 0) {
      if ((prev & (cur >> 16) & kBracket) != 0) return true;
      if (marker_at(v, static_cast<std::size_t>(p - 1 - begin), upper_names)) return true;
    }
    prev = cur;
  }
  return (prev & kBracket) != 0;
}

// Calls hit(begin, end) for each placeholder in `v`, until it returns true.
template <class Hit>
void scan_placeholders(std::string_view v, bool upper_names, Hit hit) {
  if (!may_hold_placeholder(v, upper_names)) return;
  for (std::size_t i = 0; i < v.size();) {
    if (starts_variable(v, i)) {
      std::size_t close = v.find('}', i);
      i = close == std::string_view::npos ? v.size() : close + 1;
    } else if (v[i] == '<' || v[i] == '{') {
      std::size_t close = v.find(v[i] == '<' ? '>' : '}', i);
      std::size_t end = close == std::string_view::npos ? v.size() : close + 1;
      if (hit(i, end)) return;
      i = end;
    } else if (is_delimiter(v[i])) {
      ++i;
    } else {
      std::size_t j = i;
      while (j < v.size() && !is_delimiter(v[j]) && v[j] != '<' && v[j] != '{' &&
             !starts_variable(v, j)) {
        ++j;
      }
      std::string_view seg = v.substr(i, j - i);
      // DOC-EXAMPLE-BUCKET: the AWS docs' bucket placeholder (upper case, never a real name).
      if (!looks_like_generated_id(seg) &&
          (!placeholder_marker(seg).empty() ||
           (upper_names && (is_upper_name_placeholder(seg) || has_placeholder_suffix(seg))) ||
           seg.starts_with("DOC-EXAMPLE"))) {
        if (hit(i, j)) return;
      }
      i = j;
    }
  }
}
}  // namespace

std::vector<Placeholder> find_placeholders(std::string_view v, bool upper_names) {
  std::vector<Placeholder> out;
  scan_placeholders(v, upper_names, [&](std::size_t at, std::size_t end) {
    std::string_view text = v.substr(at, end - at);
    out.push_back({at, text, meaning_of(v, at, text)});
    return false;
  });
  return out;
}

bool has_placeholder(std::string_view v, bool upper_names) {
  bool found = false;
  scan_placeholders(v, upper_names, [&](std::size_t, std::size_t) { return found = true; });
  return found;
}

bool has_placeholder(const Value& v, bool upper_names) {
  return v.may_hold_placeholder && has_placeholder(v.text, upper_names);
}

bool may_hold_placeholder(std::string_view v) { return may_hold_placeholder(v, true); }

namespace {
// glob_covers when the caller already knows which side holds a wildcard.
// `cells_left`, when given, is what the caller lets the comparison table of
// two wildcard entries use in all; past it two such entries cover each other
// only when equal (glob_covers is not complete anyway). Without it, 256 long
// wildcard resources made one list take seconds (a fuzzer's slow unit).
bool glob_covers_known(std::string_view outer, bool outer_wild, std::string_view inner,
                       bool inner_wild, bool ignore_case, std::size_t* cells_left = nullptr) {
  const std::size_t m = outer.size(), n = inner.size();
  // Fast paths, which are nearly every real pair: a literal outer covers only
  // itself, and a literal inner needs one linear wildcard match.
  if (!outer_wild) return ignore_case ? iequals(outer, inner) : outer == inner;
  if (!inner_wild) return glob_match(outer, inner, ignore_case);
  // Necessary: outer's literal head and tail (before its first and after its
  // last wildcard) match inner's own characters one to one, since an inner
  // wildcard is unknown text no outer literal can absorb. Most pairs of a
  // list fail here, before the table.
  const auto literal_match = [&](char o, char c) {
    return c != '*' && c != '?' && (ignore_case ? lower(c) == lower(o) : c == o);
  };
  const std::size_t head = outer.find_first_of("*?");
  const std::size_t tail = m - 1 - outer.find_last_of("*?");
  if (head + tail > n) return false;
  for (std::size_t k = 0; k < head; ++k) {
    if (!literal_match(outer[k], inner[k])) return false;
  }
  for (std::size_t k = 0; k < tail; ++k) {
    if (!literal_match(outer[m - 1 - k], inner[n - 1 - k])) return false;
  }
  const std::size_t cells = (m + 1) * (n + 1);
  if (cells > (std::size_t{1} << 22)) return outer == inner;
  if (cells_left != nullptr) {
    if (cells > *cells_left) return outer == inner;
    *cells_left -= cells;
  }
  // covers[i][j]: outer[i..] covers inner[j..]. An inner '*' or '?' stands for
  // unknown text, so only an outer '*' (or '?' for '?') may absorb it.
  std::vector<char> covers((m + 1) * (n + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> char& { return covers[i * (n + 1) + j]; };
  at(m, n) = 1;
  for (std::size_t i = m; i-- > 0;) {
    for (std::size_t j = n + 1; j-- > 0;) {
      char o = outer[i];
      if (o == '*') {
        at(i, j) = at(i + 1, j) || (j < n && at(i, j + 1));
      } else if (j == n) {
        at(i, j) = 0;
      } else if (o == '?') {
        at(i, j) = inner[j] != '*' && at(i + 1, j + 1);
      } else {
        char c = inner[j];
        bool same = ignore_case ? lower(c) == lower(o) : c == o;
        at(i, j) = c != '*' && c != '?' && same && at(i + 1, j + 1);
      }
    }
  }
  return at(0, 0) != 0;
}
}  // namespace

bool glob_covers(std::string_view outer, std::string_view inner, bool ignore_case) {
  return glob_covers_known(outer, has_iam_wildcard(outer), inner, has_iam_wildcard(inner),
                           ignore_case);
}

std::size_t minified_size(const Tree& tree, NodeId node, std::string_view source) {
  const json::Node& n = tree[node];
  if (n.type != Type::Object && n.type != Type::Array) return n.end - n.offset;
  auto kids = tree.children(node);
  std::size_t size = 2 + (kids.empty() ? 0 : kids.size() - 1);  // brackets and commas
  for (NodeId c : kids) {
    if (n.type == Type::Object) size += raw_key_length(source, tree[c]) + 1;  // name and ':'
    size += minified_size(tree, c, source);
  }
  return size;
}

std::string canonical_json(const Tree& tree, NodeId node, std::string_view skip_key) {
  std::string out;
  collect_canonical(tree, node, skip_key, out);
  return out;
}

namespace {
constexpr std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
std::uint64_t text_hash(std::string_view s, std::uint64_t tag) {
  return mix(std::hash<std::string_view>{}(s) ^ tag);
}
constexpr std::uint64_t kStringTag = 0x5354520000000001ULL, kNumberTag = 0x4e554d0000000002ULL,
                        kKeyTag = 0x4b45590000000003ULL, kObjectTag = 0x4f424a0000000004ULL,
                        kArrayTag = 0x4152520000000005ULL;

// Mirrors collect_canonical: objects are multisets of members (a commutative
// sum), arrays are sets (sorted, repeats dropped) and a one-element set is its
// element.
std::uint64_t hash_canonical(const Tree& t, NodeId node, std::string_view skip_key) {
  const json::Node& n = t[node];
  switch (n.type) {
    case Type::Object: {
      std::uint64_t sum = 0;
      for (NodeId c : t.children(node)) {
        if (!skip_key.empty() && t[c].key == skip_key) continue;
        sum += mix(text_hash(t[c].key, kKeyTag) * 31 + hash_canonical(t, c, {}));
      }
      return mix(sum ^ kObjectTag);
    }
    case Type::Array: {
      auto kids = t.children(node);
      std::array<std::uint64_t, 16> small{};
      std::vector<std::uint64_t> big;
      std::uint64_t* items = small.data();
      if (kids.size() > small.size()) {
        big.resize(kids.size());
        items = big.data();
      }
      std::size_t count = 0;
      for (NodeId c : kids) items[count++] = hash_canonical(t, c, {});
      std::sort(items, items + count);
      count = static_cast<std::size_t>(std::unique(items, items + count) - items);
      if (count == 1) return items[0];
      std::uint64_t h = kArrayTag;
      for (std::size_t i = 0; i < count; ++i) h = mix(h * 31 + items[i]);
      return h;
    }
    case Type::String:
      return text_hash(n.text, kStringTag);
    case Type::Number:
      return text_hash(n.text, kNumberTag);
    case Type::Bool:
      return n.boolean ? 0x7472756501ULL : 0x66616c736502ULL;
    case Type::Null:
      return 0x6e756c6c03ULL;
  }
  return 0;
}
}  // namespace

std::uint64_t canonical_hash(const Tree& tree, NodeId node, std::string_view skip_key) {
  return hash_canonical(tree, node, skip_key);
}

std::optional<ValueProblem> principal_problem(const PrincipalEntry& e) {
  PrincipalInfo info = classify_principal(e);
  std::string_view v = e.value.text;
  if (e.type == "Service") return service_problem(v);
  if (e.type == "CanonicalUser") {
    if (is_canonical_user_id(v)) return std::nullopt;
    return ValueProblem{"is not an S3 canonical user id (64 lower-case hexadecimal digits)", {}};
  }
  if (e.type != "AWS") return std::nullopt;
  if (v != "*" && v.find('*') != std::string_view::npos) return aws_problem(v);
  switch (info.kind) {
    case PrincipalKind::Invalid:
      return aws_problem(v);
    case PrincipalKind::IamIdentity:
      if (v.find(":group/") != std::string_view::npos) return aws_arn_problem(v);
      return std::nullopt;
    case PrincipalKind::OriginAccessIdentity:
      if (!trim(info.name).empty()) return std::nullopt;
      return ValueProblem{
          "names no origin access identity id after \"CloudFront Origin Access "
          "Identity \"",
          {}};
    default:
      return std::nullopt;
  }
}

namespace {
// Case-insensitive (or exact) hashing of list entries, without copies.
struct EntryHash {
  bool icase;
  std::size_t operator()(std::string_view s) const {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : s) {
      h ^= static_cast<unsigned char>(icase ? lower(c) : c);
      h *= 0x100000001b3ULL;
    }
    return static_cast<std::size_t>(h);
  }
};
struct EntryEqual {
  bool icase;
  bool operator()(std::string_view a, std::string_view b) const {
    return icase ? iequals(a, b) : a == b;
  }
};
// Wildcard entries compared pairwise (glob_covers of two globs is a table of
// their lengths' product) and literal texts checked against every wildcard are
// bounded, so a generated list of a million entries stays linear; beyond the
// bounds only exact repeats are reported. Hand-written lists are far below.
constexpr std::size_t kMaxWildPairs = 256 * 256;
constexpr std::size_t kMaxLiteralWildChecks = std::size_t{1} << 20;
using TextIndex = std::unordered_map<std::string_view, std::size_t, EntryHash, EntryEqual>;

// Compares the entries of one list. Every comparison of the list draws on one
// allowance of table cells, so the order of the calls is part of the result.
class ListCovers {
 public:
  ListCovers(const std::vector<Value>& v, ValueMatch match) : v_(v), match_(match) {
    const std::size_t n = v.size();
    if (n > small_wild_.size()) big_wild_.resize(n);
    if (globbing()) {
      for (std::size_t i = 0; i < n; ++i) {
        const bool w = has_iam_wildcard(v[i].text);
        if (n > small_wild_.size()) {
          big_wild_[i] = w;
        } else {
          small_wild_[i] = w;
        }
      }
    }
    if (globbing()) {
      for (const Value& x : v) cells_left_ += 256 * x.text.size();
    }
  }

  bool globbing() const {
    return match_ == ValueMatch::Glob || match_ == ValueMatch::GlobIgnoreCase;
  }
  bool wild(std::size_t i) const {
    return v_.size() > small_wild_.size() ? static_cast<bool>(big_wild_[i]) : small_wild_[i];
  }
  bool covers(std::size_t outer, std::size_t inner) {
    const Value& o = v_[outer];
    const Value& in = v_[inner];
    switch (match_) {
      case ValueMatch::Exact:
        return o.text == in.text;
      case ValueMatch::IgnoreCase:
        return iequals(o.text, in.text);
      case ValueMatch::Glob:
        return glob_covers_known(o.text, wild(outer), in.text, wild(inner), false, &cells_left_);
      case ValueMatch::GlobIgnoreCase:
        return glob_covers_known(o.text, wild(outer), in.text, wild(inner), true, &cells_left_);
    }
    return false;
  }
  // v[j] makes v[i] redundant; of two equivalent entries the later one goes.
  bool dominated(std::size_t i, std::size_t j) {
    return j != i && covers(j, i) && (!covers(i, j) || j < i);
  }

 private:
  const std::vector<Value>& v_;
  ValueMatch match_;
  // Which entries hold a wildcard, worked out once instead of once per pair.
  std::array<bool, 16> small_wild_{};
  std::vector<bool> big_wild_;
  // Tables comparing two wildcard entries: a fixed allowance plus 256 cells
  // a byte of the list, so the work stays linear in the list's size.
  std::size_t cells_left_ = std::size_t{1} << 20;
};

// Short lists (nearly all): every pair, no tables.
std::vector<Redundancy> redundant_in_short(ListCovers& c, std::size_t n) {
  std::vector<Redundancy> out;
  bool redundant[16] = {};
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n && !redundant[i]; ++j) redundant[i] = c.dominated(i, j);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!redundant[i]) continue;
    // Name a cover that stays; glob_covers is not complete, so fall back to any cover.
    std::size_t by = n;
    for (std::size_t j = 0; j < n; ++j) {
      if (!c.dominated(i, j)) continue;
      if (by == n || !redundant[j]) by = j;
      if (!redundant[j]) break;
    }
    out.push_back({i, by, c.covers(i, by)});
  }
  return out;
}

// Long lists: a literal (no wildcard, or not a glob list) covers only an equal literal,
// and is covered only by an equal literal or a wildcard entry; a wildcard
// entry is covered only by wildcard entries. So literals are grouped by
// text, and only wildcard entries are compared with everything.
struct LongList {
  LongList(std::size_t n, bool icase)
      : first(n, n), groups(16, EntryHash{icase}, EntryEqual{icase}) {}

  const std::vector<std::size_t>* covering_of(std::size_t g0) const {
    auto it = covering.find(g0);
    return it == covering.end() ? nullptr : &it->second;
  }

  std::vector<std::size_t> wild;
  std::vector<std::size_t> first;  // literal: first entry with its text
  TextIndex groups;
  // The wildcard entries covering each literal group, in index order.
  std::unordered_map<std::size_t, std::vector<std::size_t>> covering;  // by the group's first
  // Dominators of wildcard entries (all of them, or exact repeats past the bound).
  std::unordered_map<std::size_t, std::vector<std::size_t>> wild_by;
};

void group_literals(LongList& l, const ListCovers& c, const std::vector<Value>& v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (c.globbing() && c.wild(i)) {
      l.wild.push_back(i);
    } else {
      l.first[i] = l.groups.emplace(v[i].text, i).first->second;
    }
  }
}

void find_covering(LongList& l, ListCovers& c) {
  const bool literal_checks = l.groups.size() * l.wild.size() <= kMaxLiteralWildChecks;
  if (!literal_checks || l.wild.empty()) return;
  for (const auto& [text, g0] : l.groups) {
    for (std::size_t w : l.wild) {
      if (c.covers(w, g0)) l.covering[g0].push_back(w);
    }
  }
}

void find_wild_dominators(LongList& l, ListCovers& c, const std::vector<Value>& v, bool icase) {
  const bool wild_pairs = l.wild.size() * l.wild.size() <= kMaxWildPairs;
  if (wild_pairs) {
    for (std::size_t i : l.wild) {
      for (std::size_t j : l.wild) {
        if (c.dominated(i, j)) l.wild_by[i].push_back(j);
      }
    }
    return;
  }
  TextIndex seen(16, EntryHash{icase}, EntryEqual{icase});
  for (std::size_t i : l.wild) {
    auto [it, fresh] = seen.emplace(v[i].text, i);
    if (!fresh) l.wild_by[i].push_back(it->second);
  }
}

std::vector<bool> redundant_entries(const LongList& l, std::size_t n) {
  std::vector<bool> redundant(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (l.first[i] == n) {
      redundant[i] = l.wild_by.count(i) != 0;
    } else {
      redundant[i] = l.covering_of(l.first[i]) != nullptr || l.first[i] != i;
    }
  }
  return redundant;
}

// Names a cover that stays (the first in list order); glob_covers is not
// complete, so falls back to the first cover.
std::size_t staying_cover(LongList& l, const std::vector<bool>& redundant, std::size_t i) {
  const std::size_t n = redundant.size();
  std::size_t by = n;
  if (l.first[i] == n) {
    for (std::size_t j : l.wild_by[i]) {
      if (by == n) by = j;
      if (!redundant[j]) {
        by = j;
        break;
      }
    }
  } else if (const auto* w = l.covering_of(l.first[i])) {
    // Every entry of the group is redundant; only a wildcard can stay.
    for (std::size_t j : *w) {
      if (!redundant[j]) {
        by = j;
        break;
      }
    }
    if (by == n) by = l.first[i] < i ? std::min(l.first[i], w->front()) : w->front();
  } else {
    by = l.first[i];
  }
  return by;
}

std::vector<Redundancy> redundant_in_long(ListCovers& c, const std::vector<Value>& v,
                                          ValueMatch match) {
  const std::size_t n = v.size();
  const bool icase = match == ValueMatch::IgnoreCase || match == ValueMatch::GlobIgnoreCase;
  LongList l(n, icase);
  group_literals(l, c, v);
  find_covering(l, c);
  find_wild_dominators(l, c, v, icase);
  const std::vector<bool> redundant = redundant_entries(l, n);
  std::vector<Redundancy> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (!redundant[i]) continue;
    std::size_t by = staying_cover(l, redundant, i);
    out.push_back({i, by, c.covers(i, by)});
  }
  return out;
}

}  // namespace

std::vector<Redundancy> redundant_values(const std::vector<Value>& v, ValueMatch match) {
  const std::size_t n = v.size();
  if (n < 2) return {};
  ListCovers c(v, match);
  if (n <= 16) return redundant_in_short(c, n);
  return redundant_in_long(c, v, match);
}

}  // namespace corslint::policy
