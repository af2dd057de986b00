#pragma once

#include <cstdint>

#include "corslint/model/json.hpp"

namespace corslint::yaml {

// Alias expansion is bounded: a stream may hold at most this many tree nodes
// per byte of its text (plus kBaseNodes), however its aliases nest, so a
// "billion laughs" file is refused (E002) in time linear in its size.
inline constexpr uint32_t kNodesPerByte = 4;
inline constexpr uint32_t kBaseNodes = 4096;

// Reads YAML 1.1 (libyaml) into the located tree json::parse builds from JSON,
// so templates read the same whatever their syntax: every node at its token,
// CloudFormation's short-form tags (`!Ref X`) as their long form, plain
// scalars typed as YAML 1.1 types them, anchors copied where their aliases
// stand. Only the first document of a stream is read; the rest are checked
// for syntax. See docs/formats.md, "CloudFormation YAML".
json::ParseResult parse(const Source& source);

}  // namespace corslint::yaml
