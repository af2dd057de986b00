#pragma once

#include <cstdint>
#include <string_view>

#include "corslint/model/json.hpp"

namespace corslint {
class Source;
}

namespace corslint::xml {

// The S3 REST API's namespace for a CORS configuration (PutBucketCors).
inline constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

struct CorsResult {
  // ok with an empty tree when the root element is not a CORSConfiguration
  // (then `root_offset` is its start tag); E002 when the XML is invalid.
  json::ParseResult parsed;
  bool cors = false;
  uint32_t root_offset = 0;
};

// Reads an S3 CORS configuration in XML (`<CORSConfiguration>` with
// `<CORSRule>` elements, the body of PutBucketCors) into a located tree in the
// API's JSON shape: {"CORSRules": [{"ID", "AllowedOrigins": [...],
// "AllowedMethods", "AllowedHeaders", "ExposeHeaders", "MaxAgeSeconds"}]}.
// Containers and members are located at their element's start tag, values at
// their text (trimmed of surrounding whitespace). Elements the API does not
// define are kept as members under their own names, so the model reports them
// as unknown keys; a repeated ID or MaxAgeSeconds is a duplicate key. Entity
// declarations (a DTD's internal subset) and references to undeclared
// entities are refused, and nesting is bounded by json::kMaxDepth.
CorsResult parse_cors(const Source& source);

}  // namespace corslint::xml
