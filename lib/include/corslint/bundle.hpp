#pragma once

#include <string>
#include <vector>

#include "corslint/document.hpp"

namespace corslint {

// Documents that describe one setup (a bucket, its policy and CORS, the
// distribution in front of it and its policies), so cross-document rules can
// run. Every bundle says why each member belongs.
struct Bundle {
  std::string name;  // the directory, or the config file's bundle name
  std::vector<const Document*> documents;
  std::vector<std::string> reasons;  // one line per link: "b.json (policy): same directory"
  // The group could not be split unambiguously (two documents of one kind and
  // no evidence to pair them): X009 reports it, no other cross rule runs.
  bool ambiguous = false;
  std::vector<const Document*> duplicates;  // when ambiguous: the clashing documents

  std::vector<const Document*> of(DocKind kind) const;
  // The single document of that kind, or null (none, or ambiguous).
  const Document* only(DocKind kind) const;
};

// Groups the documents of one directory. With at most one document of each
// kind the directory is one bundle; otherwise the bundle is marked ambiguous.
// Evidence-based linking (bucket names, distribution ids, policy ids) refines
// this as more document kinds are modelled.
std::vector<Bundle> form_bundles(const std::string& directory,
                                 const std::vector<const Document*>& documents);

// The file name of a document's source, for reasons and messages.
std::string_view file_label(const Document& doc);

}  // namespace corslint
