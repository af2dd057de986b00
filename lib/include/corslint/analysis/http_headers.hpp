#pragma once

#include <string_view>

namespace corslint {

// HTTP header catalogues from the WHATWG Fetch standard, for judging what a
// browser can put in a request. Names compare case-insensitively.

// A forbidden request-header (Fetch §2.2.2): scripts cannot set it, so a
// preflight's Access-Control-Request-Headers never names it. Covers the fixed
// list and the `proxy-` / `sec-` prefixes. The X-HTTP-Method(-Override) family
// is forbidden only for some values, so it is not included.
bool is_forbidden_request_header(std::string_view name);

// A header only servers send: the CORS response headers (`Access-Control-Allow-*`,
// `Access-Control-Expose-Headers`, `Access-Control-Max-Age`) and response metadata
// such as `ETag`, `Last-Modified`, `Location` or `WWW-Authenticate`. A browser
// never needs it in a request. Disjoint from the forbidden request-headers
// (`Set-Cookie` counts as forbidden).
bool is_response_only_header(std::string_view name);

// A CORS-safelisted request-header name (Accept, Accept-Language,
// Content-Language, Content-Type, Range). Whether a request with it needs a
// preflight still depends on the value (Content-Type: application/json does).
bool is_cors_safelisted_request_header_name(std::string_view name);

// A CORS-safelisted request-header (Fetch §2.2.2) judged by name and value:
// Accept and Content-Type without CORS-unsafe bytes (Content-Type's essence
// must be application/x-www-form-urlencoded, multipart/form-data or
// text/plain), Accept-Language / Content-Language from the allowed
// characters, Range as one `bytes=N-[M]`; every value at most 128 bytes.
// Anything else makes a cross-origin request preflighted.
bool is_cors_safelisted_request_header(std::string_view name, std::string_view value);

// The same questions for an S3 AllowedHeaders entry, which may hold one `*`:
// true only when every name the pattern matches has the property (`sec-*` is
// forbidden; `*` and `x-amz-*` are not).
bool is_forbidden_request_header_pattern(std::string_view pattern);
bool is_response_only_header_pattern(std::string_view pattern);

}  // namespace corslint
