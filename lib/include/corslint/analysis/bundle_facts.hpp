#pragma once

// Facts about a bundle's documents that linking and cross-document rules
// share: names that are not yet known, ids inside origin fields, the buckets
// a policy governs.
#include <string>
#include <string_view>
#include <vector>

#include "corslint/document.hpp"

namespace corslint {

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
