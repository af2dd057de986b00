#include "corslint/bundle.hpp"

#include <algorithm>

#include <fmt/core.h>

namespace corslint {

std::vector<const Document*> Bundle::of(DocKind kind) const {
  std::vector<const Document*> out;
  for (const Document* d : documents) {
    if (d->kind == kind) out.push_back(d);
  }
  return out;
}

const Document* Bundle::only(DocKind kind) const {
  const Document* found = nullptr;
  for (const Document* d : documents) {
    if (d->kind != kind) continue;
    if (found != nullptr) return nullptr;
    found = d;
  }
  return found;
}

std::string_view file_label(const Document& doc) {
  std::string_view p = doc.source->path();
  auto slash = p.rfind('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

std::vector<Bundle> form_bundles(const std::string& directory,
                                 const std::vector<const Document*>& documents) {
  std::vector<Bundle> out;
  if (documents.empty()) return out;
  Bundle b;
  b.name = directory.empty() ? "." : directory;
  b.documents = documents;
  for (const Document* d : documents) {
    b.reasons.push_back(fmt::format("{} ({}{}): same directory", file_label(*d), to_string(d->kind),
                                    d->pointer_prefix.empty() ? "" : ", embedded"));
  }
  // Two documents of one kind next to a document of another kind: which
  // policy goes with which CORS file is a guess, and corslint does not guess.
  // (A folder of policies only has nothing to link, so it is not ambiguous.)
  int kinds_present = 0;
  for (int k = 1; k < kDocKindCount; ++k)
    kinds_present += b.of(static_cast<DocKind>(k)).empty() ? 0 : 1;
  for (int k = 1; k < kDocKindCount && kinds_present > 1; ++k) {
    auto same = b.of(static_cast<DocKind>(k));
    if (same.size() > 1) {
      b.ambiguous = true;
      b.duplicates.insert(b.duplicates.end(), same.begin(), same.end());
    }
  }
  out.push_back(std::move(b));
  return out;
}

}  // namespace corslint
