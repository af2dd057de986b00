#pragma once

// The CORS request simulator (`corslint simulate`, rule X010): one browser
// request against a bundle (S3 CORS, bucket policy, CloudFront distribution and
// its policies), traced step by step the way docs/reference/cors-semantics.md
// §5 outlines it: does the browser preflight, which CloudFront behaviour
// answers, what reaches S3 and what the cache key holds, which S3 CORS rule
// matches (or the first condition each rule fails), what the response headers
// policy changes, the final response headers, and the browser's verdict with
// its console message (Chromium's wording, §4.0) and a fix.
//
// Matching (origins, methods, headers) is cors_eval / cloudfront_eval / match,
// and the cache behaviour for a path is Distribution::behavior_for: the rules and the
// simulator share one implementation. The stages are lib/src/simulate/{request,
// cloudfront, s3, response_policy, browser, diagnose}.cpp; the renderers,
// lib/src/report/trace.cpp.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/model/bundle.hpp"

namespace corslint {
class Setup;
}

namespace corslint::simulate {

enum class Api : unsigned char { Fetch, Xhr };
// Chromium: Debian's Chromium 156 as observed (§4.0; `*` in
// Access-Control-Allow-Headers admits Authorization). Spec: the Fetch standard
// (it does not). Both print Chromium's wording.
enum class Browser : unsigned char { Chromium, Spec };
// What CloudFront's cache held before this request:
// Cold: nothing; AfterNonCors: the same URL requested without Origin (an <img>,
// curl, a crawler); AfterOrigin: the same request from another page origin.
enum class CacheState : unsigned char { Cold, AfterNonCors, AfterOrigin };

std::string_view to_string(Api api);
std::string_view to_string(Browser browser);
std::string_view to_string(CacheState cache);

// The trace's vocabulary. Code branches on these; the renderers print them
// with to_string (docs/simulate.md lists the strings).

// Which HTTP exchange: "preflight" | "actual".
enum class Stage : unsigned char { Preflight, Actual };
// What answers behind CloudFront (or the bucket itself): "s3" | "custom" |
// "none" (CloudFront refused, or the behaviour's TargetOriginId names no origin).
enum class OriginKind : unsigned char { S3, Custom, None };
// Who put a final response header there: "s3" | "cloudfront" |
// "response-headers-policy" | "cache" (S3's earlier answer, replayed).
enum class SetBy : unsigned char { S3, CloudFront, ResponseHeadersPolicy, Cache };
// The first condition an S3 CORS rule fails: "" (none: it matched) | "origin" |
// "method" | "headers".
enum class Mismatch : unsigned char { None, Origin, Method, Headers };
// The setting a fix changes. Two settings print alike: an S3 CORS rule's
// AllowedMethods and a cache behaviour's AllowedMethods.
enum class Setting : unsigned char {
  // S3 CORS
  AllowedOrigins,
  AllowedMethods,
  AllowedHeaders,
  RuleOrder,          // "CORSRules order"
  CorsConfiguration,  // "S3 CORS configuration": the bucket has none
  // a CloudFront cache behaviour
  BehaviorAllowedMethods,  // "AllowedMethods"
  CachePolicyId,
  ForwardedValuesHeaders,  // "ForwardedValues.Headers" (legacy cache settings)
  ResponseHeadersPolicyId,
  // a response headers policy's CORS settings
  AccessControlAllowOrigins,
  AccessControlAllowMethods,
  AccessControlAllowHeaders,
  AccessControlAllowCredentials,
  OriginOverride,
};

std::string_view to_string(Stage stage);
std::string_view to_string(OriginKind kind);
std::string_view to_string(SetBy who);
std::string_view to_string(Mismatch failed);
std::string_view to_string(Setting setting);

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string origin;  // the page's origin, e.g. http://localhost:3000
  std::string method = "GET";
  std::vector<Header> headers;  // set by the script (fetch init headers / setRequestHeader)
  std::string url;              // full URL; empty: built from `path` and the bundle
  std::string path;             // used when `url` is empty; default "/"
  bool credentials = false;     // fetch credentials: 'include' / XHR withCredentials
  Api api = Api::Fetch;
  Browser browser = Browser::Chromium;
  CacheState cache = CacheState::Cold;
  std::string cache_origin;  // AfterOrigin: the origin whose request filled the cache
};

// A place in one of the bundle's files.
struct Location {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string pointer;

  bool known() const { return !file.empty(); }
};

// One S3 CORS rule tried against a request (§1.3).
struct RuleCheck {
  std::size_t index = 0;  // position among the configuration's rules (0-based)
  std::string label;      // "rule 1" / `rule "id"`
  bool matched = false;
  Mismatch failed = Mismatch::None;
  std::string detail;  // why, in words
  Location location;
};

// Who put a final response header there.
struct ResponseHeader {
  std::string name;
  std::string value;
  SetBy set_by = SetBy::S3;
};

// One HTTP exchange: the preflight or the actual request.
struct Exchange {
  Stage kind = Stage::Actual;
  std::string method;
  std::vector<Header> request_headers;  // what the browser sends (CORS-relevant ones)

  // CloudFront (empty `behavior` when the bundle has no distribution).
  std::string behavior;
  Location behavior_location;
  std::string behavior_reason;             // why this behaviour (path pattern)
  bool method_allowed = true;              // by the behaviour's AllowedMethods
  std::vector<std::string> forwarded;      // request headers that reach the origin
  std::vector<std::string> not_forwarded;  // request headers CloudFront drops
  std::vector<std::string> cache_key;      // headers in the cache key
  bool cacheable = false;                  // this method is cached by the behaviour
  bool served_from_cache = false;          // the answer came from the cache
  std::string cache_note;                  // what the cache did, in words
  std::vector<std::string> uncertain;      // assumptions about unresolved policies

  // The origin.
  OriginKind origin_kind = OriginKind::S3;
  std::string origin_label;
  bool s3_saw_origin = false;
  bool s3_has_cors = false;
  std::vector<RuleCheck> rules;
  int matched_rule = -1;  // index into `rules`
  int origin_status = 0;
  std::string origin_error;  // S3's error code/message when it refuses
  std::vector<ResponseHeader> origin_headers;

  // The response headers policy.
  std::string policy;  // its label, empty when none
  std::vector<std::string> policy_changes;

  int status = 0;  // what the browser receives
  std::vector<ResponseHeader> response_headers;
};

struct Fix {
  Location location;  // may be unknown (no file holds the setting)
  Setting setting = Setting::AllowedOrigins;
  std::string change;
  // `setting` belongs to an AWS-managed response headers policy, which cannot
  // change: the fix attaches a custom policy (ResponseHeadersPolicyId) instead.
  bool in_managed_policy = false;
};

// The setting as the trace prints it: to_string(setting), or for a managed
// policy "ResponseHeadersPolicyId (a managed policy: attach a custom one whose X)".
std::string setting_label(const Fix& fix);

struct Trace {
  Request request;  // as normalised (method upper-cased, url filled in)
  std::string url;
  bool cross_origin = true;
  bool preflight = false;
  std::vector<std::string> preflight_reasons;
  std::vector<std::string> warnings;
  std::vector<Exchange> exchanges;
  bool allowed = false;
  std::optional<Stage> blocked_at;  // none when allowed
  std::string reason;               // the reason part of the console message
  std::string message;              // the full console message, exactly as the browser prints it
  std::string explanation;          // why, in terms of the configuration
  std::optional<Fix> fix;
};

// Runs the request through a setup (corslint/analysis/setup.hpp), prepared once
// for any number of requests. Never throws for odd input: problems with the
// request become warnings, unknown settings become `uncertain` notes.
Trace run(const Setup& setup, const Request& request);
// The same for a single request: builds the bundle's Setup first.
Trace run(const Bundle& bundle, const Request& request);

// Validates a page origin as a browser serialises it: scheme://host[:port],
// lower case, no path, no default port. Returns an error text, or empty.
std::string origin_error(std::string_view origin);

// Renderings (docs/simulate.md documents the JSON structure).
std::string to_text(const Trace& trace);
std::string to_json(const Trace& trace);

}  // namespace corslint::simulate
