#pragma once

// The simulator's stages, in the order a request meets them
// (docs/reference/cors-semantics.md): the browser prepares the request
// (request.cpp), CloudFront routes and caches it (cloudfront.cpp), S3 answers
// (s3.cpp), the response headers policy edits the answer (response_policy.cpp),
// the browser checks it (browser.cpp), and diagnose.cpp says why it failed and
// what to change. simulate.cpp runs them.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "simulate/context.hpp"

namespace corslint::simulate {

// --- request.cpp: what the browser sends (§3.2) -----------------------------

// Normalises the method, fills in the URL and path, and warns about what the
// browser would refuse or what the setup cannot show. False when the page and
// the URL share an origin (no CORS: the trace is complete).
bool prepare(const Setup& s, Trace& t);

// The headers the script sets that the browser lets through, and the names
// (lower case, sorted) of those that need a preflight.
struct ScriptHeaders {
  std::vector<Header> sent;
  std::vector<std::string> unsafe;
};
// Also fills t.preflight and t.preflight_reasons.
ScriptHeaders classify(Trace& t);

// "fetch" / "XMLHttpRequest", as the console message names the API.
std::string_view request_kind(Api api);

// --- cloudfront.cpp (§2) ------------------------------------------------------

// The behaviour that serves c.path and its resolved policies.
void choose_behavior(Context& c);

// What CloudFront does with one exchange before the origin.
struct Routed {
  std::vector<Header> forwarded;       // what reaches the origin
  std::vector<std::string> key_names;  // request headers in the cache key
  bool to_s3 = true;
  bool refused = false;  // the behaviour's AllowedMethods refuse the method
  const cloudfront::CorsConfig* policy = nullptr;
};
// Fills the exchange's CloudFront part (behaviour, forwarding, cache key,
// assumptions); straight to the bucket without a distribution.
Routed route(const Context& c, Exchange& ex, const std::vector<Header>& sent);
// CloudFront's own 403 page for a method the behaviour refuses.
void refuse(Exchange& ex);

// The request that filled the cache under this request's key, if any.
struct CacheLookup {
  bool hit = false;
  std::vector<Header> filler;  // what that request sent to the origin
};
CacheLookup consult_cache(const Context& c, Exchange& ex, const Routed& r);

// --- s3.cpp (§1.3-1.5) --------------------------------------------------------

// What the origin answered (before the response headers policy).
struct OriginAnswer {
  int status = 200;
  std::string error;
  std::vector<ResponseHeader> headers;
  std::vector<RuleCheck> rules;
  int matched = -1;
  bool saw_origin = false;
};
// S3's answer to a request carrying `fwd` (the headers that reached it).
OriginAnswer s3_answer(const Setup& s, const std::vector<Header>& fwd, std::string_view method,
                       Stage stage);

// --- response_policy.cpp (§2.1) -----------------------------------------------

void apply_policy(Exchange& ex, const cloudfront::CorsConfig& c, std::string_view origin);

// --- browser.cpp (§3.4, §4) ---------------------------------------------------

// Failure of one browser check: which error (§4.2) and its text.
enum class Failure : unsigned char {
  None,
  MissingAcao,
  Wildcard,
  Multiple,
  Mismatch,
  InvalidAcao,
  Credentials,
  Status,
  ParseMethods,
  ParseHeaders,
  Method,
  HeaderField,
};

struct Verdict {
  Verdict() = default;
  Verdict(Failure f, std::string r, std::string i = {})
      : failure(f), reason(std::move(r)), item(std::move(i)) {}

  Failure failure = Failure::None;
  std::string reason;
  std::string item;              // the method or header at fault
  std::vector<std::string> all;  // every refused header (the browser names one)
};

// Chromium's CheckAccess, on the actual response.
Verdict check_access(const std::vector<ResponseHeader>& hs, std::string_view origin,
                     bool credentials, Api api);
// The preflight checks in Chromium's order; `unsafe_names` as classify() gives them.
Verdict check_preflight(const Exchange& ex, const Request& req,
                        const std::vector<std::string>& unsafe_names);

// --- diagnose.cpp ---------------------------------------------------------------

struct Diagnosis {
  std::string why;
  std::optional<Fix> fix;
};
// Why the browser blocked `ex`, in terms of the setup, and the one setting to change.
Diagnosis diagnose(const Context& c, const Exchange& ex, const Verdict& v);

}  // namespace corslint::simulate
