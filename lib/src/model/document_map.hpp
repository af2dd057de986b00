#pragma once

// Where the nodes of a translated document (a CloudFormation or Terraform
// resource read into the API shape, recognise/formats.hpp) are in the user's
// file, and which of them hold values the file does not determine. A
// Document keeps one so that its findings are located in the file.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "corslint/model/json.hpp"

namespace corslint {

class DocumentMap {
 public:
  // The file as parsed: pointers are computed in it.
  std::shared_ptr<const json::Tree> file_tree;
  // Per node of the translated tree: the node of the file it stands for.
  std::vector<json::NodeId> origin;
  // Per node of the translated tree: kUnknown for a value the file does not
  // determine (a Ref to a resource, Fn::GetAtt, "known after apply", ...),
  // kHoldsUnknown for the containers above one.
  enum : uint8_t { kKnown = 0, kUnknown = 1, kHoldsUnknown = 2 };
  std::vector<uint8_t> state;

  bool has_unknown() const { return !state.empty() && state[0] != kKnown; }
  bool is_unknown(json::NodeId n) const { return n < state.size() && state[n] == kUnknown; }
  // A finding located here may rest on an unknown value: the node is unknown,
  // or it is a container holding one (the rule judged the container's content).
  // Also true inside an entity that holds an unknown (see Translator::finish).
  bool touches_unknown(json::NodeId n) const;
  // Per node: the nearest enclosing object that is an array element, or kNoNode.
  std::vector<json::NodeId> entity;
  // An unknown identifier linking entities (an origin Id): every finding of
  // the document may rest on it.
  bool whole_unknown = false;
  // RFC 6901 pointer of a translated node, in the file.
  std::string pointer(json::NodeId n) const;
};

}  // namespace corslint
