// The request simulator: browser (Fetch/Chromium) -> CloudFront -> S3 -> back,
// one stage per file (simulate/stages.hpp); this file runs them in order.
// docs/reference/cors-semantics.md §1.3-1.5 (S3), §2 (CloudFront), §3-4 (browser).
#include "corslint/simulate.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include "corslint/analysis/setup.hpp"
#include "simulate/stages.hpp"

namespace corslint::simulate {
namespace {

// One HTTP exchange, from the browser to the origin and back.
Exchange run_exchange(const Context& c, Stage stage, const std::vector<Header>& sent) {
  Exchange ex;
  ex.kind = stage;
  ex.method = stage == Stage::Preflight ? "OPTIONS" : c.req.method;
  ex.request_headers = sent;
  Routed r = route(c, ex, sent);
  if (r.refused) {
    refuse(ex);
    return ex;  // CloudFront's own page: no CORS headers, no policy
  }
  CacheLookup cached = consult_cache(c, ex, r);
  OriginAnswer answer;
  if (cached.hit) {
    if (r.to_s3) answer = s3_answer(c.s, cached.filler, ex.method, stage);
  } else if (r.to_s3) {
    answer = s3_answer(c.s, r.forwarded, ex.method, stage);
  } else {
    ex.uncertain.push_back(
        "the origin is not S3: corslint does not know its answer and takes it to send no CORS "
        "headers");
  }
  ex.s3_has_cors = c.s.cors() != nullptr;
  ex.s3_saw_origin = answer.saw_origin;
  ex.rules = std::move(answer.rules);
  ex.matched_rule = answer.matched;
  ex.origin_status = answer.status;
  ex.origin_error = answer.error;
  ex.origin_headers = answer.headers;
  ex.status = answer.status;
  ex.response_headers = std::move(answer.headers);
  if (ex.served_from_cache) {
    for (ResponseHeader& h : ex.response_headers) h.set_by = SetBy::Cache;
  }
  if (r.policy != nullptr) apply_policy(ex, *r.policy, c.req.origin);
  return ex;
}

void block(const Context& c, Trace& t, const Exchange& ex, const Verdict& v) {
  t.allowed = false;
  t.blocked_at = ex.kind;
  t.reason = v.reason;
  t.message = fmt::format(
      "Access to {} at '{}' from origin '{}' has been blocked by CORS "
      "policy: {}",
      request_kind(c.req.api), c.req.url, c.req.origin, v.reason);
  Diagnosis d = diagnose(c, ex, v);
  t.explanation = std::move(d.why);
  t.fix = std::move(d.fix);
}

}  // namespace

Trace run(const Setup& setup, const Request& request) {
  Trace t;
  t.request = request;
  if (!prepare(setup, t)) return t;
  ScriptHeaders script = classify(t);
  const Request& req = t.request;
  Context c{setup, req, nullptr, std::nullopt, req.path};
  choose_behavior(c);
  if (t.preflight) {
    std::vector<Header> sent{{"Origin", req.origin}, {std::string(kAcrm), req.method}};
    if (!script.unsafe.empty()) {
      sent.push_back({std::string(kAcrh), fmt::format("{}", fmt::join(script.unsafe, ","))});
    }
    t.exchanges.push_back(run_exchange(c, Stage::Preflight, sent));
    Verdict v = check_preflight(t.exchanges.back(), req, script.unsafe);
    if (v.failure != Failure::None) {
      block(c, t, t.exchanges.back(), v);
      return t;
    }
  }
  std::vector<Header> sent{{"Origin", req.origin}};
  for (const Header& h : script.sent) sent.push_back(h);
  t.exchanges.push_back(run_exchange(c, Stage::Actual, sent));
  const Exchange& actual = t.exchanges.back();
  Verdict v = check_access(actual.response_headers, req.origin, req.credentials, req.api);
  if (v.failure != Failure::None) {
    block(c, t, actual, v);
    return t;
  }
  t.allowed = true;
  t.explanation = actual.status >= 400
                      ? fmt::format(
                            "the response passes the CORS check; its status {} reaches "
                            "the script (CORS does not look at an actual response's "
                            "status)",
                            actual.status)
                      : "every CORS check passes";
  return t;
}

Trace run(const Bundle& bundle, const Request& request) {
  Setup setup(bundle);
  return run(setup, request);
}

}  // namespace corslint::simulate
