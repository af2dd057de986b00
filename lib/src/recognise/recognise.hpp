#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/document.hpp"
#include "corslint/model/json.hpp"

namespace corslint {

class DocumentMap;

// A subtree of a file that is a document of some kind.
struct Recognised {
  Recognised() = default;
  Recognised(json::NodeId root_, DocKind kind_, bool json_string_ = false)
      : root(root_), kind(kind_), json_string(json_string_) {}

  json::NodeId root = json::kNoNode;
  DocKind kind = DocKind::Unknown;
  // `root` is a JSON string whose text is the document (parsed again, located
  // inside the string).
  bool json_string = false;
  // Container formats (formats.hpp): the document is a translated tree, not
  // a subtree of the file; `root` is then a node of `tree`.
  std::shared_ptr<const json::Tree> tree;
  std::shared_ptr<DocumentMap> map;
  // CloudFront documents in CloudFormation's list shapes (no Quantity).
  bool cloudformation_form = false;
  // Facts for bundling, copied to Document (see document.hpp).
  std::string resource;
  std::string bucket_name;
  std::string link_group;
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

// What a YAML file holds: the templates of its root (CloudFormation, a
// serverless.yml's resources, a resources fragment), or one Unknown.
std::vector<Recognised> recognise_templates(const json::Tree& tree);

// What the file holds. With `forced`, the whole file is that kind.
std::vector<Recognised> recognise(const json::Tree& tree, std::optional<DocKind> forced);

}  // namespace corslint
