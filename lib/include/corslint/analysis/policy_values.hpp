#pragma once

// Helpers over the values inside a bucket policy: ${...} policy variables,
// template placeholders, glob containment of actions and resources, and the
// policy's size without whitespace.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/model/json.hpp"
#include "corslint/model/policy.hpp"

namespace corslint::policy {

enum class VariableDefect : unsigned char {
  None,
  Unclosed,         // "${aws:username" : no closing brace
  Empty,            // "${}"
  Space,            // "${ aws:username}" : spaces are allowed only before a default value
  UnquotedDefault,  // "${aws:username, anonymous}" : the default needs single quotes
  NotAKey,          // "${bucket_name}" : not a condition key (a template placeholder)
  CloudFormation,   // "${AWS::AccountId}" : an Fn::Sub reference
};

// One "${...}" in a value. Offsets are into the value's text.
struct Variable {
  std::size_t begin = 0;
  std::size_t end = 0;    // one past "}" (the end of the value when unclosed)
  std::string_view text;  // the whole "${...}"
  std::string_view key;   // "aws:username" (no default value, spaces trimmed)
  VariableDefect defect = VariableDefect::None;
};

// Every "${" in `value` and what it holds. ${*}, ${?} and ${$} (the escapes
// for those characters) are well-formed.
std::vector<Variable> find_variables(std::string_view value);
// What is wrong with a variable, why, and what to write instead; empty for None.
std::string_view describe(VariableDefect defect);
// Any "${" in a string value or member name of the subtree.
bool tree_has_variable(const json::Tree& tree, json::NodeId root);
// IAM expands variables in Resource and in String and Arn condition operators only.
bool operator_takes_variables(const Condition& c);

// A template placeholder inside a value: "your-bucket-name", "<AccountId>",
// "{bucket}", "REPLACE_ME", "TODO", "CHANGEME", "ACCOUNT-ID". ${...} variables
// are not placeholders (P003 checks those).
struct Placeholder {
  std::size_t offset = 0;  // into the value
  std::string_view text;   // the placeholder part: "your-bucket-name"
  // What the placeholder most likely stands for: "bucket name", "account id",
  // "distribution id" or "value".
  std::string_view meaning;
};
// `upper_names` also counts "ACCOUNT-ID"-style names, which are too common in
// free text (Sid, Id) to flag there.
std::vector<Placeholder> find_placeholders(std::string_view value, bool upper_names = true);
// !find_placeholders(value, upper_names).empty(), without building the list.
bool has_placeholder(std::string_view value, bool upper_names = true);
// The same for a model value, skipping the scan when build found the value clean.
bool has_placeholder(const Value& value, bool upper_names = true);
// A quick necessary condition for has_placeholder(value, true) (and so for
// upper_names = false too): false proves the value holds no placeholder.
bool may_hold_placeholder(std::string_view value);

// Does every string that glob `inner` matches also match glob `outer`? Both may
// use '*' (any run) and '?' (one character), as in IAM actions and resources.
// Sound: true only when containment holds.
bool glob_covers(std::string_view outer, std::string_view inner, bool ignore_case);

// aws, aws-cn, aws-us-gov and the isolated partitions.
bool is_aws_partition(std::string_view partition);

// What is wrong with one value: `what` completes a sentence about the value
// ("is not an ARN; ..."), `fix` is the value most likely meant, or empty.
// Placeholders are not recognised here (find_placeholders does that).
struct ValueProblem {
  std::string what;
  std::string fix;
};
// Why a Resource value is not an ARN of an S3 bucket or its objects.
std::optional<ValueProblem> s3_resource_problem(std::string_view value);
// Why a principal value is not one a bucket policy accepts: partial wildcards,
// malformed account ids and ARNs, IAM groups, service names in the wrong form,
// canonical user ids that are not 64 hex digits. Unique ids (AROA...) and
// entries under unknown keys or the bare "*" form are left to the caller.
std::optional<ValueProblem> principal_problem(const PrincipalEntry& entry);

// How two entries of one list compare: as literals or as globs, with or
// without case (actions ignore case, resources and most condition values do not).
enum class ValueMatch : unsigned char { Exact, IgnoreCase, Glob, GlobIgnoreCase };
// An entry of a list that another entry already covers: `by` is a covering
// entry that is not itself redundant; `repeat` when the two match the same strings.
struct Redundancy {
  std::size_t index = 0;
  std::size_t by = 0;
  bool repeat = false;
};
std::vector<Redundancy> redundant_values(const std::vector<Value>& values, ValueMatch match);

// The size of the subtree written without insignificant whitespace, summed from
// the tokens as written in `source` (escapes kept as written).
std::size_t minified_size(const json::Tree& tree, json::NodeId node, std::string_view source);

// A canonical text for structural comparison: object members sorted by name,
// arrays treated as sets (sorted, repeats dropped) and a one-element array the
// same as its element. Members named `skip_key` at the top level are left out.
std::string canonical_json(const json::Tree& tree, json::NodeId node,
                           std::string_view skip_key = {});
// A hash of canonical_json(tree, node, skip_key) computed without building it:
// equal canonical texts give equal hashes, so unequal hashes prove two subtrees
// differ (compare canonical_json when they are equal). Stable within a process.
std::uint64_t canonical_hash(const json::Tree& tree, json::NodeId node,
                             std::string_view skip_key = {});

}  // namespace corslint::policy
