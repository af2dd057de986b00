#include "corslint/analysis/policy_catalog_checks.hpp"

#include <array>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/text.hpp"

namespace corslint::policy_catalog {
namespace {

using catalog::KeyType;
using catalog::ResourceType;

// IAM's condition operators, as listed in the IAM user guide's condition
// operator reference.
constexpr std::array<ConditionOperator, 27> kOperators = {{
    {"StringEquals", OperatorFamily::String},
    {"StringNotEquals", OperatorFamily::String},
    {"StringEqualsIgnoreCase", OperatorFamily::String},
    {"StringNotEqualsIgnoreCase", OperatorFamily::String},
    {"StringLike", OperatorFamily::String},
    {"StringNotLike", OperatorFamily::String},
    {"NumericEquals", OperatorFamily::Numeric},
    {"NumericNotEquals", OperatorFamily::Numeric},
    {"NumericLessThan", OperatorFamily::Numeric},
    {"NumericLessThanEquals", OperatorFamily::Numeric},
    {"NumericGreaterThan", OperatorFamily::Numeric},
    {"NumericGreaterThanEquals", OperatorFamily::Numeric},
    {"DateEquals", OperatorFamily::Date},
    {"DateNotEquals", OperatorFamily::Date},
    {"DateLessThan", OperatorFamily::Date},
    {"DateLessThanEquals", OperatorFamily::Date},
    {"DateGreaterThan", OperatorFamily::Date},
    {"DateGreaterThanEquals", OperatorFamily::Date},
    {"Bool", OperatorFamily::Bool},
    {"BinaryEquals", OperatorFamily::Binary},
    {"IpAddress", OperatorFamily::IpAddress},
    {"NotIpAddress", OperatorFamily::IpAddress},
    {"ArnEquals", OperatorFamily::Arn},
    {"ArnLike", OperatorFamily::Arn},
    {"ArnNotEquals", OperatorFamily::Arn},
    {"ArnNotLike", OperatorFamily::Arn},
    {"Null", OperatorFamily::Null},
}};

constexpr std::array<std::string_view, kOperators.size()> operator_names() {
  std::array<std::string_view, kOperators.size()> out{};
  for (std::size_t i = 0; i < kOperators.size(); ++i) out[i] = kOperators[i].name;
  return out;
}
constexpr std::array<std::string_view, kOperators.size()> kOperatorNames = operator_names();
constexpr std::array<std::string_view, 2> kQualifiers = {"ForAllValues", "ForAnyValue"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// A fixed-width decimal field in [lo, hi]; advances `s` past it.
bool take_field(std::string_view& s, std::size_t width, int lo, int hi) {
  if (s.size() < width) return false;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    if (!is_digit(s[i])) return false;
    value = value * 10 + (s[i] - '0');
  }
  s.remove_prefix(width);
  return value >= lo && value <= hi;
}

bool take_char(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

// Z, +hh:mm or -hh:mm; W3C's profile also has no offset at all.
bool is_time_zone(std::string_view s) {
  if (s.empty() || s == "Z") return true;
  if (s.front() != '+' && s.front() != '-') return false;
  s.remove_prefix(1);
  if (!take_field(s, 2, 0, 23)) return false;
  take_char(s, ':');  // +0100 is as common as +01:00
  return take_field(s, 2, 0, 59) && s.empty();
}

bool is_iso_date(std::string_view s) {
  if (!take_field(s, 4, 0, 9999)) return false;
  if (s.empty()) return true;  // YYYY
  if (!take_char(s, '-') || !take_field(s, 2, 1, 12)) return false;
  if (s.empty()) return true;  // YYYY-MM
  if (!take_char(s, '-') || !take_field(s, 2, 1, 31)) return false;
  if (s.empty()) return true;  // YYYY-MM-DD
  if (!take_char(s, 'T') || !take_field(s, 2, 0, 24) || !take_char(s, ':') ||
      !take_field(s, 2, 0, 59)) {
    return false;
  }
  if (take_char(s, ':')) {
    if (!take_field(s, 2, 0, 60)) return false;
    if (take_char(s, '.')) {
      std::size_t digits = 0;
      while (digits < s.size() && is_digit(s[digits])) ++digits;
      if (digits == 0) return false;
      s.remove_prefix(digits);
    }
  }
  return is_time_zone(s);
}

// A decimal number without leading zeros in [0, max].
bool small_number(std::string_view s, int max) {
  if (!all_digits(s) || s.size() > 3 || (s.size() > 1 && s.front() == '0')) return false;
  int value = 0;
  for (char c : s) value = value * 10 + (c - '0');
  return value <= max;
}

// Splits "addr/prefix"; `prefix` is empty when there is no '/'.
bool split_cidr(std::string_view v, std::string_view& addr, std::string_view& prefix) {
  const std::size_t slash = v.find('/');
  addr = v.substr(0, slash);
  prefix = slash == std::string_view::npos ? std::string_view{} : v.substr(slash + 1);
  return slash == std::string_view::npos || !prefix.empty();
}

bool vpc_style_id(std::string_view v, std::string_view prefix) {
  if (!v.starts_with(prefix)) return false;
  v.remove_prefix(prefix.size());
  if (v.size() != 8 && v.size() != 17) return false;
  for (char c : v) {
    if (!is_alpha(c) && !is_digit(c)) return false;
  }
  return true;
}

// Does any string this resource pattern matches reach past the bucket name?
bool bucket_part_is_open(std::string_view bucket) {
  return bucket.find_first_of("*?") != std::string_view::npos ||
         bucket.find("${") != std::string_view::npos;
}

std::string did_you_mean_or(std::string_view guess, std::string_view otherwise) {
  return guess.empty() ? std::string(otherwise) : fmt::format("did you mean \"{}\"?", guess);
}

}  // namespace

std::span<const ConditionOperator> condition_operators() { return kOperators; }
std::span<const std::string_view> condition_operator_names() { return kOperatorNames; }

const ConditionOperator* find_condition_operator(std::string_view base) {
  for (const ConditionOperator& op : kOperators) {
    if (iequals(op.name, base)) return &op;
  }
  return nullptr;
}

std::string_view to_string(OperatorFamily family) {
  switch (family) {
    case OperatorFamily::String:
      return "String";
    case OperatorFamily::Numeric:
      return "Numeric";
    case OperatorFamily::Date:
      return "Date";
    case OperatorFamily::Bool:
      return "Bool";
    case OperatorFamily::Binary:
      return "Binary";
    case OperatorFamily::IpAddress:
      return "IpAddress";
    case OperatorFamily::Arn:
      return "Arn";
    case OperatorFamily::Null:
      return "Null";
  }
  return "String";
}

ActionCheck check_action(std::string_view text) {
  auto wildcard = [](std::string_view x) {
    return x.find_first_of("*?") != std::string_view::npos;
  };
  if (text == "*" || has_policy_variable(text)) return {};
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    const catalog::Action* a = catalog::find_s3_action(text);
    if (a == nullptr && catalog::match_s3_actions(text).empty())
      return {ActionProblem::NoService, {}, {}};
    return {ActionProblem::MissingPrefix, fmt::format("s3:{}", a != nullptr ? a->name : text), {}};
  }
  const std::string_view service = text.substr(0, colon);
  const std::string_view name = text.substr(colon + 1);
  ActionCheck out{ActionProblem::None, {}, service};
  if (wildcard(service) && glob_match(service, "s3", true)) {
    out = {ActionProblem::ServiceWildcard, fmt::format("s3:{}", name), service};
  } else if (!iequals(service, "s3")) {
    const catalog::Action* a = catalog::find_s3_action(name);
    if (a != nullptr && edit_distance(normalise_key(service), "s3", 1) <= 1) {
      return {ActionProblem::LikelyS3, fmt::format("s3:{}", a->name), service};
    }
    return {ActionProblem::OtherService, {}, service};
  }
  if (wildcard(name)) {
    if (catalog::match_s3_actions(fmt::format("s3:{}", name)).empty()) {
      return {ActionProblem::MatchesNothing, {}, service};
    }
    return out;
  }
  const catalog::Action* a = catalog::find_s3_action(name);
  if (a == nullptr) {
    const auto guess = catalog::suggest_s3_action(name);
    return {ActionProblem::Unknown, guess ? fmt::format("s3:{}", *guess) : "", service};
  }
  if (a->resource_types == catalog::ResourceType::None)
    return {ActionProblem::NoResource, {}, service};
  return out;
}

OperatorCheck check_condition_operator(std::string_view op, std::string_view base_op,
                                       bool has_qualifier, bool if_exists) {
  OperatorCheck out;
  const std::size_t colon = base_op.find(':');
  if (colon != std::string_view::npos) {
    out.problem = OperatorProblem::UnknownPrefix;
    if (auto guess = did_you_mean(base_op.substr(0, colon), kQualifiers)) {
      out.suggestion = fmt::format("{}:{}", *guess, base_op.substr(colon + 1));
    }
    return out;
  }
  out.op = find_condition_operator(base_op);
  if (out.op == nullptr) {
    out.problem = OperatorProblem::Unknown;
    if (auto guess = did_you_mean(base_op, kOperatorNames)) out.suggestion = *guess;
    return out;
  }
  if (out.op->family == OperatorFamily::Null && if_exists) {
    out.problem = OperatorProblem::NullIfExists;
    out.suggestion = "Null";
    return out;
  }
  std::string canonical;
  if (has_qualifier) {
    canonical = istarts_with(op, "ForAllValues:") ? "ForAllValues:" : "ForAnyValue:";
  }
  canonical += out.op->name;
  if (if_exists) canonical += "IfExists";
  if (canonical != op) {
    out.problem = OperatorProblem::CaseOnly;
    out.suggestion = std::move(canonical);
  }
  return out;
}

KeyCheck check_condition_key(std::string_view key) {
  if (!is_condition_key_format(key)) return {KeyProblem::BadFormat, nullptr, {}};
  // Access Analyzer: "Unsupported global condition key".
  if (iequals(key, "aws:ARN")) return {KeyProblem::Unsupported, nullptr, {}};
  if (const catalog::ConditionKey* k = catalog::find_condition_key(key)) {
    return {KeyProblem::None, k, {}};
  }
  if (!istarts_with(key, "aws:") && !istarts_with(key, "s3:")) {
    return {KeyProblem::Foreign, nullptr, {}};
  }
  return {KeyProblem::Unknown, nullptr, catalog::suggest_condition_key(key).value_or("")};
}

std::string describe_problem(const OperatorCheck& oc) {
  switch (oc.problem) {
    case OperatorProblem::None:
      return {};
    case OperatorProblem::UnknownPrefix:
      return "has an unknown set prefix, so the policy is invalid; " +
             did_you_mean_or(oc.suggestion, "use ForAnyValue: or ForAllValues:");
    case OperatorProblem::Unknown:
      return "is unknown, so the policy is invalid; " +
             did_you_mean_or(oc.suggestion, "use one of IAM's condition operators");
    case OperatorProblem::NullIfExists:
      return "adds IfExists to Null, which already tests whether the key exists, so the policy "
             "is invalid; write \"Null\"";
    case OperatorProblem::CaseOnly:
      return fmt::format(
          "differs from the documented \"{}\" only by case; write it that way so "
          "every parser reads it",
          oc.suggestion);
  }
  return {};
}

std::string describe_problem(std::string_view key, const KeyCheck& kc) {
  switch (kc.problem) {
    case KeyProblem::None:
    case KeyProblem::Foreign:  // not in the catalog: nothing to say
      return {};
    case KeyProblem::BadFormat:
      return "is not of the form service:key (e.g. aws:SourceIp), so the policy is invalid";
    case KeyProblem::Unsupported:
      return "is not supported by IAM; use aws:SourceArn for the calling resource or "
             "aws:PrincipalArn for the caller";
    case KeyProblem::Unknown:
      return fmt::format("is not a known {} condition key, so the condition cannot work; {}",
                         istarts_with(key, "aws:") ? "global aws:" : "S3",
                         did_you_mean_or(kc.suggestion, "check it against the key lists"));
  }
  return {};
}

bool is_condition_key_format(std::string_view key) {
  const std::size_t colon = key.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon + 1 == key.size()) return false;
  for (char c : key.substr(0, colon)) {
    if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.') return false;
  }
  // Tag keys after a '/' may hold spaces ("aws:PrincipalTag/cost center"); names may not.
  const std::string_view name = key.substr(colon + 1);
  for (char c : name.substr(0, name.find('/'))) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return false;
  }
  return true;
}

bool is_bool_value(std::string_view v) { return iequals(v, "true") || iequals(v, "false"); }

bool is_number_value(std::string_view v) {
  if (!v.empty() && (v.front() == '-' || v.front() == '+')) v.remove_prefix(1);
  std::size_t i = 0;
  while (i < v.size() && is_digit(v[i])) ++i;
  if (i == 0) return false;
  if (i < v.size() && v[i] == '.') {
    const std::size_t start = ++i;
    while (i < v.size() && is_digit(v[i])) ++i;
    if (i == start) return false;
  }
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    ++i;
    if (i < v.size() && (v[i] == '-' || v[i] == '+')) ++i;
    const std::size_t start = i;
    while (i < v.size() && is_digit(v[i])) ++i;
    if (i == start) return false;
  }
  return i == v.size();
}

bool is_date_value(std::string_view v) {
  // Epoch seconds, the other form the IAM docs name; a four-digit year is both.
  if (all_digits(v)) return true;
  return is_iso_date(v);
}

bool is_ipv4_address(std::string_view v) {
  int parts = 0;
  while (true) {
    const std::size_t dot = v.find('.');
    const std::string_view part = v.substr(0, dot);
    if (!all_digits(part) || part.size() > 3) return false;
    int value = 0;
    for (char c : part) value = value * 10 + (c - '0');
    if (value > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    v.remove_prefix(dot + 1);
  }
  return parts == 4;
}

bool is_ipv6_address(std::string_view v) {
  if (v.empty()) return false;
  const std::size_t gap = v.find("::");
  if (gap != std::string_view::npos && v.find("::", gap + 1) != std::string_view::npos) {
    return false;
  }
  // Count 16-bit groups on either side of the "::"; a trailing IPv4 counts as two.
  auto groups = [](std::string_view side, bool may_end_in_ipv4, int& count) {
    count = 0;
    if (side.empty()) return true;
    while (true) {
      const std::size_t colon = side.find(':');
      const std::string_view g = side.substr(0, colon);
      if (colon == std::string_view::npos && may_end_in_ipv4 &&
          g.find('.') != std::string_view::npos) {
        if (!is_ipv4_address(g)) return false;
        count += 2;
        return true;
      }
      if (g.empty() || g.size() > 4) return false;
      for (char c : g) {
        if (!is_hex(c)) return false;
      }
      ++count;
      if (colon == std::string_view::npos) return true;
      side.remove_prefix(colon + 1);
    }
  };
  int left = 0;
  int right = 0;
  if (gap == std::string_view::npos) return groups(v, true, left) && left == 8;
  if (!groups(v.substr(0, gap), false, left) || !groups(v.substr(gap + 2), true, right)) {
    return false;
  }
  return left + right <= 7;
}

bool is_ip_or_cidr(std::string_view v) {
  std::string_view addr;
  std::string_view prefix;
  if (!split_cidr(v, addr, prefix)) return false;
  if (is_ipv4_address(addr)) return prefix.empty() || small_number(prefix, 32);
  if (is_ipv6_address(addr)) return prefix.empty() || small_number(prefix, 128);
  return false;
}

bool is_base64(std::string_view v) {
  if (v.empty() || v.size() % 4 != 0) return false;
  std::size_t padding = 0;
  while (padding < 2 && v.size() > padding && v[v.size() - 1 - padding] == '=') ++padding;
  for (char c : v.substr(0, v.size() - padding)) {
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '/') return false;
  }
  return true;
}

bool is_arn_value(std::string_view v) {
  if (!v.starts_with("arn:")) return false;
  if (v.find_first_of("*?") != std::string_view::npos) return true;
  return parse_arn(v).has_value();
}

bool is_vpc_id(std::string_view v) { return vpc_style_id(v, "vpc-"); }
bool is_vpce_id(std::string_view v) { return vpc_style_id(v, "vpce-"); }

bool has_policy_variable(std::string_view v) { return v.find("${") != std::string_view::npos; }

std::string_view value_defect(OperatorFamily family, std::string_view key, std::string_view value) {
  if (has_policy_variable(value)) return {};
  switch (family) {
    case OperatorFamily::String:
      if (value.find_first_of("*?") != std::string_view::npos) return {};
      if (iequals(key, "aws:SourceVpc") && !is_vpc_id(value)) {
        return "is not a VPC id (vpc- and 8 or 17 letters or digits, e.g. vpc-1a2b3c4d)";
      }
      if (iequals(key, "aws:SourceVpce") && !is_vpce_id(value)) {
        return "is not a VPC endpoint id (vpce- and 8 or 17 letters or digits, e.g. "
               "vpce-1a2b3c4d)";
      }
      return {};
    case OperatorFamily::Numeric:
      return is_number_value(value) ? "" : "is not a number (e.g. 1.2)";
    case OperatorFamily::Date:
      return is_date_value(value)
                 ? ""
                 : "is not an ISO 8601 date (e.g. 2024-01-31T00:00:00Z) or epoch seconds";
    case OperatorFamily::Bool:
    case OperatorFamily::Null:
      return is_bool_value(value) ? "" : "is not true or false";
    case OperatorFamily::Binary:
      return is_base64(value) ? "" : "is not base64";
    case OperatorFamily::IpAddress:
      return is_ip_or_cidr(value)
                 ? ""
                 : "is not an IPv4 or IPv6 address or CIDR block (e.g. 203.0.113.0/24)";
    case OperatorFamily::Arn:
      // A bare "*" parses; whether it restricts anything is another rule's question.
      if (value.find_first_not_of('*') == std::string_view::npos) return {};
      return is_arn_value(value) ? ""
                                 : "is not an ARN (arn:partition:service:region:account:resource)";
  }
  return {};
}

bool operator_fits_key(OperatorFamily family, const catalog::ConditionKey& key) {
  switch (family) {
    case OperatorFamily::Null:
      return true;
    case OperatorFamily::String:
      return key.type == KeyType::String || key.type == KeyType::Arn;
    case OperatorFamily::Numeric:
      return key.type == KeyType::Numeric || iequals(key.name, "aws:EpochTime");
    case OperatorFamily::Date:
      return key.type == KeyType::Date;
    case OperatorFamily::Bool:
      return key.type == KeyType::Bool;
    case OperatorFamily::Binary:
      return key.type == KeyType::Binary;
    case OperatorFamily::IpAddress:
      return key.type == KeyType::IpAddress;
    case OperatorFamily::Arn:
      // Several String-typed keys hold ARNs (aws:SourceVpcArn); IAM compares them.
      return key.type == KeyType::Arn || key.type == KeyType::String;
  }
  return true;
}

std::string_view describe_key_type(KeyType type) {
  switch (type) {
    case KeyType::String:
      return "a String";
    case KeyType::Numeric:
      return "a Numeric";
    case KeyType::Date:
      return "a Date";
    case KeyType::Bool:
      return "a Bool";
    case KeyType::Binary:
      return "a Binary";
    case KeyType::IpAddress:
      return "an IP address";
    case KeyType::Arn:
      return "an ARN";
  }
  return "a String";
}

std::string_view operators_for(KeyType type) {
  switch (type) {
    case KeyType::String:
      return "String operators (StringEquals, StringLike, ...)";
    case KeyType::Numeric:
      return "Numeric operators (NumericEquals, NumericLessThan, ...)";
    case KeyType::Date:
      return "Date operators (DateGreaterThan, DateLessThan, ...)";
    case KeyType::Bool:
      return "Bool";
    case KeyType::Binary:
      return "BinaryEquals";
    case KeyType::IpAddress:
      return "IpAddress or NotIpAddress";
    case KeyType::Arn:
      return "Arn operators (ArnEquals, ArnLike, ...)";
  }
  return "String operators";
}

std::vector<const catalog::Action*> s3_actions_supporting(std::string_view key) {
  const catalog::ConditionKey* k = catalog::find_condition_key(key);
  if (k == nullptr) return {};
  return s3_actions_supporting(*k);
}

std::vector<const catalog::Action*> s3_actions_supporting(const catalog::ConditionKey& key) {
  std::vector<const catalog::Action*> out;
  for (const catalog::Action& a : catalog::s3_actions()) {
    if (catalog::s3_action_supports_key(a, key)) out.push_back(&a);
  }
  return out;
}

bool every_entry_is_string(const json::Tree& tree, json::NodeId member) {
  if (tree.is(member, json::Type::String)) return true;
  if (!tree.is(member, json::Type::Array)) return false;
  for (json::NodeId e : tree.children(member)) {
    if (!tree.is(e, json::Type::String)) return false;
  }
  return true;
}

ResourceType s3_resource_class(std::string_view resource) {
  const auto arn = parse_arn(resource);
  if (!arn || arn->service != "s3" || !arn->region.empty() || !arn->account.empty()) {
    return ResourceType::None;
  }
  const auto target = s3_target(*arn);
  if (!target || target->bucket.empty()) return ResourceType::None;
  if (bucket_part_is_open(target->bucket)) return ResourceType::Bucket | ResourceType::Object;
  return target->object ? ResourceType::Object : ResourceType::Bucket;
}

std::string describe_resource_types(ResourceType types) {
  struct Phrase {
    ResourceType type;
    std::string_view text;
  };
  static constexpr std::array<Phrase, 13> kPhrases = {{
      {ResourceType::Bucket, "the bucket (arn:aws:s3:::bucket)"},
      {ResourceType::Object, "objects (arn:aws:s3:::bucket/key)"},
      {ResourceType::AccessPoint, "access points"},
      {ResourceType::AccessPointObject, "objects through access points"},
      {ResourceType::Job, "batch jobs"},
      {ResourceType::StorageLensConfiguration, "Storage Lens configurations"},
      {ResourceType::StorageLensGroup, "Storage Lens groups"},
      {ResourceType::MultiRegionAccessPoint, "Multi-Region Access Points"},
      {ResourceType::MultiRegionAccessPointRequestArn, "Multi-Region Access Point requests"},
      {ResourceType::ObjectLambdaAccessPoint, "Object Lambda access points"},
      {ResourceType::AccessGrantsInstance, "Access Grants instances"},
      {ResourceType::AccessGrantsLocation, "Access Grants locations"},
      {ResourceType::AccessGrant, "access grants"},
  }};
  std::vector<std::string_view> parts;
  for (const Phrase& p : kPhrases) {
    if (catalog::has_any(types, p.type)) parts.push_back(p.text);
  }
  if (parts.empty()) return "no resource";
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " or " : ", ";
    out += parts[i];
  }
  return out;
}

}  // namespace corslint::policy_catalog
