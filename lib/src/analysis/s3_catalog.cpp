#include "corslint/analysis/catalog.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <unordered_map>
#include <vector>

#include "corslint/text.hpp"

namespace corslint::catalog {
namespace {

#include "s3_catalog_data.inc"

constexpr int compare_icase(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const char x = lower(a[i]);
    const char y = lower(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// Templated keys are found by their prefix up to and including the '/'.
constexpr std::string_view lookup_key(std::string_view name) {
  const std::size_t slash = name.find('/');
  return slash == std::string_view::npos ? name : name.substr(0, slash + 1);
}

constexpr bool action_less(const Action& a, const Action& b) {
  return compare_icase(a.name, b.name) < 0;
}
constexpr bool key_less(const ConditionKey& a, const ConditionKey& b) {
  return compare_icase(lookup_key(a.name), lookup_key(b.name)) < 0;
}

// Binary search relies on these; strictness also rules out duplicates.
template <typename T, std::size_t N, typename Less>
constexpr bool strictly_sorted(const T (&table)[N], Less less) {
  for (std::size_t i = 1; i < N; ++i) {
    if (!less(table[i - 1], table[i])) return false;
  }
  return true;
}
static_assert(strictly_sorted(kS3Actions, action_less));
static_assert(strictly_sorted(kConditionKeys, key_less));
static_assert(std::size(kConditionKeys) <= 255, "kKeyPool stores uint8_t indices");

// Splits "svc:Name" into the service part and the name; no colon means no service.
struct Split {
  std::optional<std::string_view> service;
  std::string_view name;
};
Split split_service(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return {std::nullopt, text};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

std::span<const std::uint8_t> pool(std::uint16_t begin, std::uint16_t count) {
  return std::span<const std::uint8_t>(kKeyPool).subspan(begin, count);
}

// Every key index the action may use: its own list plus its resource types' lists.
template <typename Visit>
void for_each_key_index(const Action& action, Visit visit) {
  for (std::uint8_t i : pool(action.keys_begin, action.keys_count)) visit(i);
  for (const ResourceTypeInfo& rt : kResourceTypes) {
    if (!has_any(action.resource_types, rt.type)) continue;
    for (std::uint8_t i : pool(rt.keys_begin, rt.keys_count)) visit(i);
  }
}

// Case-insensitive exact lookup by hashing: the binary searches it replaces cost
// ~1,000 instructions per call (eight case-folding comparisons), and the rules
// look up every action and condition key of every statement. Open addressing
// over a power-of-two table at most a quarter full; built once, read-only after.
constexpr std::uint64_t icase_hash(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (char c : s) {
    h ^= static_cast<unsigned char>(lower(c));
    h *= 0x100000001b3ULL;
  }
  return h ^ (h >> 29);
}

template <typename T, std::size_t N>
class IcaseIndex {
 public:
  template <typename KeyOf>
  IcaseIndex(const T (&table)[N], KeyOf key_of) : table_(table), slots_(size(), kEmpty) {
    for (std::size_t i = 0; i < N; ++i) {
      std::size_t at = icase_hash(key_of(table[i])) & (slots_.size() - 1);
      while (slots_[at] != kEmpty) at = (at + 1) & (slots_.size() - 1);
      slots_[at] = static_cast<std::uint16_t>(i);
    }
  }
  // The entry whose key equals `key` ignoring case, or null.
  template <typename KeyOf>
  const T* find(std::string_view key, KeyOf key_of) const {
    for (std::size_t at = icase_hash(key) & (slots_.size() - 1); slots_[at] != kEmpty;
         at = (at + 1) & (slots_.size() - 1)) {
      const T& e = table_[slots_[at]];
      if (compare_icase(key_of(e), key) == 0) return &e;
    }
    return nullptr;
  }

 private:
  static constexpr std::uint16_t kEmpty = 0xffff;
  static_assert(N < kEmpty);
  static std::size_t size() {
    std::size_t n = 16;
    while (n < 4 * N) n *= 2;
    return n;
  }
  const T (&table_)[N];
  std::vector<std::uint16_t> slots_;
};

constexpr std::string_view action_name(const Action& a) { return a.name; }
constexpr std::string_view key_lookup_name(const ConditionKey& k) { return lookup_key(k.name); }

const auto& action_index() {
  static const IcaseIndex index(kS3Actions, action_name);
  return index;
}
const auto& key_index() {
  static const IcaseIndex index(kConditionKeys, key_lookup_name);
  return index;
}

// Up to a quarter of the name may be wrong, between one and three edits.
std::size_t max_edits(std::string_view name) {
  return std::clamp<std::size_t>(name.size() / 4, 1, 3);
}

}  // namespace

std::string_view catalog_source() { return kSourcePackage; }
std::string_view catalog_source_version() { return kSourceVersion; }

std::span<const Action> s3_actions() { return kS3Actions; }
std::span<const ResourceTypeInfo> s3_resource_types() { return kResourceTypes; }
std::span<const ConditionKey> condition_keys() { return kConditionKeys; }

const Action* find_s3_action(std::string_view name) {
  const Split split = split_service(name);
  if (split.service && compare_icase(*split.service, "s3") != 0) return nullptr;
  // kS3Actions is strictly sorted ignoring case, so at most one entry matches.
  return action_index().find(split.name, action_name);
}

std::vector<const Action*> match_s3_actions(std::string_view pattern) {
  // Policies repeat a handful of patterns ("s3:*", "s3:Get*") and several rules
  // expand each one; matching 180 names every time was a quarter of a scan.
  // The cache is per thread (no locks) and bounded.
  // Without a wildcard it names at most one action: a hash lookup, no cache.
  if (std::none_of(pattern.begin(), pattern.end(), [](char c) { return c == '*' || c == '?'; })) {
    if (const Action* a = find_s3_action(pattern)) return {a};
    return {};
  }
  thread_local std::unordered_map<std::string, std::vector<const Action*>> cache;
  std::string key(pattern);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  const Split split = split_service(pattern);
  std::vector<const Action*> out;
  if (!split.service || glob_match(*split.service, "s3", true)) {
    for (const Action& a : kS3Actions) {
      if (glob_match(split.name, a.name, true)) out.push_back(&a);
    }
  }
  if (cache.size() >= 1024) cache.clear();
  cache.emplace(std::move(key), out);
  return out;
}

std::optional<std::string_view> suggest_s3_action(std::string_view name) {
  const Split split = split_service(name);
  const std::string wanted = lower(split.name);
  std::optional<std::string_view> best;
  std::size_t best_distance = max_edits(wanted) + 1;
  for (const Action& a : kS3Actions) {
    const std::size_t d = edit_distance(wanted, lower(a.name), best_distance - 1);
    if (d < best_distance) {
      best_distance = d;
      best = a.name;
    }
  }
  return best;
}

const ResourceTypeInfo* find_resource_type(ResourceType single) {
  for (const ResourceTypeInfo& rt : kResourceTypes) {
    if (rt.type == single) return &rt;
  }
  return nullptr;
}

const ConditionKey* find_condition_key(std::string_view name) {
  const std::string_view wanted = lookup_key(name);
  // "aws:ResourceTag/" names no tag at all.
  if (wanted.size() == name.size() && wanted.ends_with('/')) return nullptr;
  return key_index().find(wanted, key_lookup_name);
}

std::optional<std::string_view> suggest_condition_key(std::string_view name) {
  const std::string wanted = lower(lookup_key(name));
  std::optional<std::string_view> best;
  std::size_t best_distance = max_edits(wanted) + 1;
  for (const ConditionKey& k : kConditionKeys) {
    const std::size_t d = edit_distance(wanted, lower(lookup_key(k.name)), best_distance - 1);
    if (d < best_distance) {
      best_distance = d;
      best = k.name;
    }
  }
  return best;
}

std::vector<const ConditionKey*> s3_action_condition_keys(const Action& action) {
  bool seen[std::size(kConditionKeys)] = {};
  for_each_key_index(action, [&](std::uint8_t i) { seen[i] = true; });
  std::vector<const ConditionKey*> out;
  for (std::size_t i = 0; i < std::size(kConditionKeys); ++i) {
    if (seen[i]) out.push_back(&kConditionKeys[i]);
  }
  return out;
}

bool s3_action_supports_key(const Action& action, std::string_view key) {
  const ConditionKey* k = find_condition_key(key);
  return k != nullptr && s3_action_supports_key(action, *k);
}

bool s3_action_supports_key(const Action& action, const ConditionKey& key) {
  if (key.global) return true;
  const auto index = static_cast<std::size_t>(&key - std::begin(kConditionKeys));
  bool found = false;
  for_each_key_index(action, [&](std::uint8_t i) { found = found || i == index; });
  return found;
}

}  // namespace corslint::catalog
