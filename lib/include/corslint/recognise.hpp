#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "corslint/document.hpp"
#include "corslint/json.hpp"

namespace corslint {

// A subtree of a file that is a document of some kind.
struct Recognised {
  json::NodeId root = json::kNoNode;
  DocKind kind = DocKind::Unknown;
  // `root` is a JSON string whose text is the document (parsed again, located
  // inside the string).
  bool json_string = false;
};

// A detector looks at a tree's root and, when it knows the shape, appends one or
// more documents and returns true. Detectors are tried in table order; the first
// that matches wins. Later formats (CLI exports, CloudFormation, Terraform) add
// a row to the table, not code to the engine.
struct Detector {
  std::string_view name;
  bool (*detect)(const json::Tree& tree, json::NodeId root, std::vector<Recognised>& out);
};

std::span<const Detector> detectors();

// Runs the detectors on one node (wrappers use it to look inside themselves).
bool recognise_node(const json::Tree& tree, json::NodeId node, std::vector<Recognised>& out);

// What the file holds. With `forced`, the whole file is that kind.
std::vector<Recognised> recognise(const json::Tree& tree, std::optional<DocKind> forced);

}  // namespace corslint
