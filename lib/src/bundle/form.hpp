#pragma once

// Bundle formation: which documents of a directory describe one setup.
#include <string>
#include <string_view>
#include <vector>

#include "corslint/model/bundle.hpp"

namespace corslint {

// Groups the documents of one directory. With at most one document of each
// kind (or documents of a single kind) the directory is one bundle. Otherwise
// the documents are split by evidence: a bucket named by a policy's Resource
// ARNs, a distribution's S3 origin or a container's bucket_name; a
// distribution id in a policy's AWS:SourceArn; an origin access identity in
// both the origin and the policy's principal; a shared link_group; and
// (attached to each distribution that names them) response-headers, cache and
// origin-request policies by Id, and the documents of the bucket a
// distribution logs to (Logging.Bucket). Each evidence group with at most one
// document of each kind is a bundle; a group holding two of a kind, and
// documents no evidence places, are marked ambiguous (X009). Evidence never links documents
// of different directories: only `bundles` in the config file does. A bucket
// policy governing only a distribution's logging bucket does not count as a
// second policy: the setup holds it beside its site bucket's.
std::vector<Bundle> form_bundles(const std::string& directory,
                                 const std::vector<const Document*>& documents);

// A bundle named in the config file: its documents belong together because the
// user said so (never ambiguous); evidence links among them are listed too.
Bundle form_configured_bundle(const std::string& name, std::string_view config_path,
                              const std::vector<const Document*>& documents);

}  // namespace corslint
