#pragma once

// Container formats: CloudFormation JSON templates, Terraform plan JSON and
// Terraform JSON configuration. Each relevant resource becomes its own
// document. The document's tree is a *translation* of part of the file:
// intrinsics resolved where the file determines them, Terraform blocks
// renamed to the API shape the models read. Every translated node keeps the
// byte offsets of the token it came from, so findings are located in the file
// the user has; `DocumentMap` gives each node's pointer in the file and says
// which nodes hold values that cannot be known offline.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/model/json.hpp"
#include "model/document_map.hpp"

namespace corslint {

struct Recognised;

// Builds a translated tree. Every node is located at a node of the file
// (`from`): its offsets, and its key offset when `from` is an object member.
class Translator {
 public:
  explicit Translator(const json::Tree& file);
  ~Translator();

  const json::Tree& file() const { return file_; }

  json::NodeId open(json::Type container, json::NodeId from, std::string_view key);
  void close(json::NodeId container);
  // A copy of the file's scalar `from` (any scalar type).
  json::NodeId scalar(json::NodeId from, std::string_view key);
  // A scalar with a resolved value, located at `from` (the intrinsic).
  json::NodeId string(json::NodeId from, std::string_view key, std::string_view text);
  json::NodeId number(json::NodeId from, std::string_view key, std::string_view literal);
  json::NodeId boolean(json::NodeId from, std::string_view key, bool value);
  // A value the file does not determine: a null located at `from`, marked unknown.
  json::NodeId unknown(json::NodeId from, std::string_view key);
  // A deep copy of `from` (no translation).
  json::NodeId copy(json::NodeId from, std::string_view key);

  // The finished tree and its map (origins and unknown states).
  struct Result {
    std::shared_ptr<json::Tree> tree;
    std::shared_ptr<DocumentMap> map;
  };
  // `doc_root`: the document's root node (a wrapper may sit above it).
  Result finish(json::NodeId doc_root);

 private:
  const json::Tree& file_;
  std::shared_ptr<json::Tree> tree_;
  std::unique_ptr<json::TreeBuilder> builder_;
  std::shared_ptr<DocumentMap> map_;
  json::NodeId add(const json::Node& n, json::NodeId from);
};

namespace formats {

// Detector rows (see recognise.cpp): a CloudFormation JSON template, a
// Terraform plan (`terraform show -json`) and Terraform JSON configuration.
bool cloudformation(const json::Tree& t, json::NodeId root, std::vector<Recognised>& out);
bool terraform_plan(const json::Tree& t, json::NodeId root, std::vector<Recognised>& out);
bool terraform_config(const json::Tree& t, json::NodeId root, std::vector<Recognised>& out);

}  // namespace formats
}  // namespace corslint
