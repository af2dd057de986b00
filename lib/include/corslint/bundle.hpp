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

// The file name of a document's source, for reasons and messages.
std::string_view file_label(const Document& doc);

// A value that names nothing yet: empty, a template placeholder
// ("your-bucket-name", "<BUCKET>") or a ${...} substitution. Linking and the
// cross-document rules never compare such values.
bool unknown_value(std::string_view value);

// The id in an S3OriginConfig OriginAccessIdentity
// ("origin-access-identity/cloudfront/E2QWRUHAPOMQZL" -> "E2QWRUHAPOMQZL"), or
// empty when it is not that form or unknown.
std::string_view oai_id(std::string_view origin_access_identity);

// The bucket an ARN names when it is an S3 bucket or object ARN
// (arn:aws:s3:::bucket[/key]; access point and other ARNs with a region or
// account are not), else empty. The bucket may hold wildcards.
std::string_view arn_bucket(std::string_view arn);

// The buckets a bucket policy governs: its Document::bucket_name when the
// container names it, else the buckets its Resource ARNs name (wildcards and
// placeholders left out). Empty when unknown.
std::vector<std::string_view> governed_buckets(const Document& policy_doc);

}  // namespace corslint
