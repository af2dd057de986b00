#pragma once

// Building a document's typed model: one row per kind.
#include <cstddef>

#include "corslint/document.hpp"

namespace corslint {

// The model of a recognised document: `bytes` is the document's size in its
// file (the limits AWS applies), `form` the spelling CloudFront documents use.
Model build_model(DocKind kind, const json::Tree& tree, json::NodeId root, std::size_t bytes,
                  cloudfront::Form form);

}  // namespace corslint
