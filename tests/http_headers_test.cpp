#include <catch2/catch.hpp>

#include "corslint/analysis/http_headers.hpp"

using namespace corslint;

TEST_CASE("forbidden request headers: the Fetch list and prefixes, any case") {
  for (const char* name : {"Origin", "host", "Cookie", "Content-Length", "Referer", "DNT",
                           "Access-Control-Request-Headers", "Access-Control-Request-Method",
                           "Sec-Fetch-Mode", "sec-ch-ua", "Proxy-Authorization", "Set-Cookie"}) {
    INFO(name);
    CHECK(is_forbidden_request_header(name));
  }
  for (const char* name : {"Content-Type", "Authorization", "x-amz-date", "X-HTTP-Method-Override",
                           "Originator", "section", "proxy", "Accept"}) {
    INFO(name);
    CHECK_FALSE(is_forbidden_request_header(name));
  }
}

TEST_CASE("response-only headers: CORS response headers and response metadata") {
  for (const char* name : {"Access-Control-Allow-Origin", "access-control-allow-credentials",
                           "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
                           "Access-Control-Expose-Headers", "Access-Control-Max-Age", "ETag",
                           "etag", "Last-Modified", "x-amz-request-id", "WWW-Authenticate"}) {
    INFO(name);
    CHECK(is_response_only_header(name));
  }
  for (const char* name : {"Access-Control-Request-Method", "If-None-Match", "Content-Type",
                           "Expires", "Cache-Control", "Set-Cookie", "x-amz-meta-etag"}) {
    INFO(name);
    CHECK_FALSE(is_response_only_header(name));
  }
}

TEST_CASE("the two catalogues do not overlap") {
  for (const char* name : {"Set-Cookie", "Access-Control-Request-Headers", "Origin", "ETag",
                           "Access-Control-Allow-Origin", "Sec-Fetch-Site"}) {
    INFO(name);
    CHECK_FALSE((is_forbidden_request_header(name) && is_response_only_header(name)));
  }
}

TEST_CASE("CORS-safelisted request-header names") {
  CHECK(is_cors_safelisted_request_header_name("Accept"));
  CHECK(is_cors_safelisted_request_header_name("content-type"));
  CHECK(is_cors_safelisted_request_header_name("Range"));
  CHECK_FALSE(is_cors_safelisted_request_header_name("Authorization"));
  CHECK_FALSE(is_cors_safelisted_request_header_name("x-amz-date"));
}

TEST_CASE("header patterns count only when every name they match qualifies") {
  CHECK(is_forbidden_request_header_pattern("Origin"));
  CHECK(is_forbidden_request_header_pattern("Sec-*"));
  CHECK(is_forbidden_request_header_pattern("proxy-*"));
  CHECK_FALSE(is_forbidden_request_header_pattern("*"));
  CHECK_FALSE(is_forbidden_request_header_pattern("x-amz-*"));
  CHECK_FALSE(is_forbidden_request_header_pattern("*-length"));
  CHECK(is_response_only_header_pattern("Access-Control-Allow-*"));
  CHECK(is_response_only_header_pattern("ETag"));
  CHECK_FALSE(is_response_only_header_pattern("Access-Control-*"));
  CHECK_FALSE(is_response_only_header_pattern("*"));
  CHECK_FALSE(is_response_only_header_pattern("x-amz-*"));
}
