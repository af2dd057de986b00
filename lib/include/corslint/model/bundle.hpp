#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "corslint/document.hpp"

namespace corslint {

// Why two documents of a bundle belong together: a fact both state (a bucket
// name, a distribution id, a policy id, a shared template or plan).
struct BundleLink {
  const Document* from = nullptr;
  const Document* to = nullptr;
  std::string why;  // "policy Resource names bucket `b`, origin S3 domain `b.s3.amazonaws.com`"
};

// Documents that describe one setup (a bucket, its policy and CORS, the
// distribution in front of it and its policies), so cross-document rules can
// run. Every bundle says why each member belongs.
struct Bundle {
  std::string name;  // the directory, "dir [bucket b]" for a split, or the config bundle's name
  std::vector<const Document*> documents;
  // One line per member or link, for --explain-bundles and --verbose:
  // "b.json (policy): same directory",
  // "p.json (policy) ↔ d.json (distribution): policy Resource names bucket `b`, ..."
  std::vector<std::string> reasons;
  std::vector<BundleLink> links;  // the evidence links among the members
  bool configured = false;        // from `bundles` in .corslint.json: never ambiguous
  // The group could not be split unambiguously (two documents of one kind and
  // no evidence to pair them): X009 reports it, no other cross rule runs.
  bool ambiguous = false;
  std::vector<const Document*> duplicates;  // when ambiguous: the undecided documents
  std::string ambiguity;                    // when ambiguous: why, for X009's message

  std::vector<const Document*> of(DocKind kind) const;
  // The single document of that kind, or null (none, or more than one).
  const Document* only(DocKind kind) const;
};

}  // namespace corslint
