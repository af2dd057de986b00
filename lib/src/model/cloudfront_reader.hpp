#pragma once

// Internal: the typed, lenient reading shared by the CloudFront builders. Every
// accessor records a StructureIssue for a wrong type and still returns what it
// could read.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/model/cloudfront.hpp"
#include "corslint/model/json.hpp"

namespace corslint::cloudfront::detail {

class Reader {
 public:
  Reader(const json::Tree& tree, std::vector<StructureIssue>& issues, Form form)
      : t_(tree), issues_(issues), form_(form) {}

  const json::Tree& tree() const { return t_; }
  Form form() const { return form_; }

  void issue(json::NodeId node, bool at_key, std::string message,
             std::optional<IssueFix> fix = std::nullopt);

  // `where` names the enclosing object in messages ("DefaultCacheBehavior",
  // "origin \"S3-x\"", "CorsConfig").
  bool object(json::NodeId m, std::string_view where);
  std::optional<Value> string(json::NodeId m, std::string_view where);
  std::optional<Flag> boolean(json::NodeId m, std::string_view where);
  std::optional<Integer> integer(json::NodeId m, std::string_view where);
  // A string that must be one of `allowed` (case-sensitive, as CloudFront compares).
  std::optional<Value> enumerated(json::NodeId m, std::string_view where,
                                  std::span<const std::string_view> allowed);

  // A list member in the API shape {"Quantity": N, "Items": [...]} (the
  // CloudFormation form also takes a bare array or {"Items": [...]}). Returns
  // the Items entries; a wrong Quantity gets a fix.
  // `extra` names one more member the list object may hold (AllowedMethods
  // holds CachedMethods).
  std::vector<json::NodeId> list(json::NodeId m, std::string_view where,
                                 std::string_view extra = {});
  StringList string_list(json::NodeId m, std::string_view where, std::string_view extra = {});
  // Objects of a list; non-objects are reported.
  std::vector<json::NodeId> object_list(json::NodeId m, std::string_view where);

  // Quantity against Items in every {"Quantity", "Items"} object under `node`,
  // for the parts of a configuration corslint does not model.
  void check_quantities(json::NodeId node);

  void unknown_key(json::NodeId m, std::string_view where, std::span<const std::string_view> known);
  // Reports each name in `required` that `obj` lacks.
  void require(json::NodeId obj, std::string_view where,
               std::span<const std::string_view> required);

 private:
  const json::Tree& t_;
  std::vector<StructureIssue>& issues_;
  Form form_;
};

// One row of a key-dispatch table: how to read the member named `key` of an
// object into `T` (`where` names the object in messages).
template <class T>
struct Member {
  std::string_view key;
  void (*read)(Reader& r, json::NodeId m, std::string_view where, T& out);
};

// Reads each member of `node` through its key's row; a key without a row is
// unknown, and the rows' keys, in table order, are the suggestions.
template <class T, std::size_t N>
void read_members(Reader& r, json::NodeId node, std::string_view where,
                  const std::array<Member<T>, N>& table, T& out) {
  std::array<std::string_view, N> known;
  for (std::size_t i = 0; i < N; ++i) known[i] = table[i].key;
  for (json::NodeId m : r.tree().children(node)) {
    std::string_view k = r.tree()[m].key;
    const Member<T>* row = nullptr;
    for (const Member<T>& candidate : table) {
      if (candidate.key == k) row = &candidate;
    }
    if (row != nullptr) {
      row->read(r, m, where, out);
    } else {
      r.unknown_key(m, where, known);
    }
  }
}

// Row readers that keep what they read in a member of T, and ones that only
// check the type of a member corslint does not model.
template <class T, auto Field>
void read_string_list(Reader& r, json::NodeId m, std::string_view where, T& out) {
  out.*Field = r.string_list(m, where);
}
template <class T, auto Field>
void read_boolean(Reader& r, json::NodeId m, std::string_view where, T& out) {
  out.*Field = r.boolean(m, where);
}
template <class T, auto Field>
void read_integer(Reader& r, json::NodeId m, std::string_view where, T& out) {
  out.*Field = r.integer(m, where);
}
template <class T, auto Field>
void read_string(Reader& r, json::NodeId m, std::string_view where, T& out) {
  out.*Field = r.string(m, where);
}
template <class T>
void check_string(Reader& r, json::NodeId m, std::string_view where, T&) {
  r.string(m, where);
}
template <class T>
void check_boolean(Reader& r, json::NodeId m, std::string_view where, T&) {
  r.boolean(m, where);
}
template <class T>
void check_object(Reader& r, json::NodeId m, std::string_view where, T&) {
  r.object(m, where);
}

// The Id of the wrapper a config sits in ({"Id": ..., "XConfig": {...}}).
std::optional<Value> wrapper_string(const json::Tree& t, json::NodeId config, std::string_view key);

// "a, b or c" for messages.
std::string one_of(std::span<const std::string_view> names);

}  // namespace corslint::cloudfront::detail
