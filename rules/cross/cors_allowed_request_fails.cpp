#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/cors_eval.hpp"
#include "corslint/analysis/http_headers.hpp"
#include "corslint/analysis/origin.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"
#include "corslint/simulate.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "X010",
    .name = "cors-allowed-request-fails",
    .kinds = kinds(DocKind::S3Cors, DocKind::CloudFrontResponseHeadersPolicy,
                   DocKind::CloudFrontDistribution),
    .default_severity = Severity::Error,
    .summary = "A request the CORS configuration means to allow is still blocked by the browser",
    .rationale =
        "For every origin and method that the S3 CORS configuration or a response headers "
        "policy allows (a wildcard origin stands for one representative origin), corslint runs "
        "the request simulator (`corslint simulate`) through the bundle: the CloudFront "
        "behaviour that serves it, what reaches S3, the S3 rule that answers, what the policy "
        "changes, and Chromium's checks. A combination that the browser still blocks is "
        "reported with the console message it would print. To avoid saying the same thing "
        "twice, X010 leaves out failures whose cause a more specific rule already reports: a "
        "behaviour's AllowedMethods or method sets that disagree (F005, F006, X007) and a cache "
        "key or forwarding that loses Origin or the preflight headers (F007, F008). What "
        "remains are failures only the whole chain shows: a policy that answers while S3 "
        "refuses the preflight, OriginOverride keeping the wrong answer, a policy or bucket "
        "that does not answer an origin the other allows, headers missing from the preflight "
        "answer. Requests are simulated without credentials and with a cold cache. The "
        "simulation is bounded so that no input can stall a scan: a CORS configuration over "
        "S3's 100 rules is not simulated (S3 rejects it; C001), at most 256 behaviours that "
        "reach S3 are tried, and one bundle's simulations stop after about 8 million rule, "
        "origin and behaviour checks, with an info finding naming the first entry left "
        "unchecked.",
    .bad_example =
        R"((a bundle: a response headers policy allowing https://app.example.com to send x-api-key, with
OriginOverride true, in front of a bucket whose CORS rule allows only content-type: S3 refuses
the preflight with 403)
// file: cors.json
[{"AllowedHeaders": ["content-type"], "AllowedMethods": ["GET", "PUT"],
  "AllowedOrigins": ["https://app.example.com"]}]
// file: distribution.json
{"Distribution": {"DistributionConfig": {"CallerReference": "sim", "Comment": "",
  "Enabled": true, "Origins": {"Quantity": 1, "Items": [{"Id": "S3-assets",
  "DomainName": "example-assets.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-assets",
  "ViewerProtocolPolicy": "redirect-to-https", "AllowedMethods": {"Quantity": 7,
  "Items": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]},
  "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  "OriginRequestPolicyId": "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
  "ResponseHeadersPolicyId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"}}}}
// file: response-headers-policy.json
{"ResponseHeadersPolicy": {"Id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  "ResponseHeadersPolicyConfig": {"Name": "site-cors",
  "CorsConfig": {"AccessControlAllowOrigins": {"Quantity": 1,
  "Items": ["https://app.example.com"]}, "AccessControlAllowHeaders": {"Quantity": 1,
  "Items": ["x-api-key"]}, "AccessControlAllowMethods": {"Quantity": 3, "Items": ["GET", "PUT",
  "OPTIONS"]}, "AccessControlAllowCredentials": false, "AccessControlMaxAgeSec": 600,
  "OriginOverride": true}}}})",
    .good_example =
        R"((the same bundle with the S3 CORS rule allowing x-api-key, the header the policy lists)
// file: cors.json
[{"AllowedHeaders": ["x-api-key"], "AllowedMethods": ["GET", "PUT"],
  "AllowedOrigins": ["https://app.example.com"]}]
// file: distribution.json
{"Distribution": {"DistributionConfig": {"CallerReference": "sim", "Comment": "",
  "Enabled": true, "Origins": {"Quantity": 1, "Items": [{"Id": "S3-assets",
  "DomainName": "example-assets.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "S3-assets",
  "ViewerProtocolPolicy": "redirect-to-https", "AllowedMethods": {"Quantity": 7,
  "Items": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]},
  "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  "OriginRequestPolicyId": "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
  "ResponseHeadersPolicyId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"}}}}
// file: response-headers-policy.json
{"ResponseHeadersPolicy": {"Id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  "ResponseHeadersPolicyConfig": {"Name": "site-cors",
  "CorsConfig": {"AccessControlAllowOrigins": {"Quantity": 1,
  "Items": ["https://app.example.com"]}, "AccessControlAllowHeaders": {"Quantity": 1,
  "Items": ["x-api-key"]}, "AccessControlAllowMethods": {"Quantity": 3, "Items": ["GET", "PUT",
  "OPTIONS"]}, "AccessControlAllowCredentials": false, "AccessControlMaxAgeSec": 600,
  "OriginOverride": true}}}})",
    .fix_hint =
        "Follow the fix the finding names (file, line and setting); "
        "`corslint simulate PATH --origin ORIGIN --method METHOD` shows the whole trace.",
    .references = "https://fetch.spec.whatwg.org/#http-cors-protocol",
};

// One origin a browser could send for an allowed entry; empty when the entry
// can never match (C003/F004 report those).
std::string representative(std::string_view entry) {
  if (entry == "*") return "https://example.com";
  if (!origin_defect(entry).empty() || entry == "null") return {};
  auto star = entry.find('*');
  if (star == std::string_view::npos) return std::string(entry);
  if (entry.find('*', star + 1) != std::string_view::npos) return {};
  bool in_port = entry.rfind(':', star) != std::string_view::npos &&
                 entry.rfind(':', star) > entry.find("://") + 2;
  std::string out(entry);
  out.replace(star, 1, in_port ? "8443" : "app");
  if (!simulate::origin_error(out).empty()) return {};
  return out;
}

// A path that the behaviour's PathPattern matches.
std::string representative_path(const cloudfront::CacheBehavior& b) {
  if (b.is_default || !b.path_pattern) return "/index.html";
  std::string p(b.path_pattern->text);
  for (char& c : p) {
    if (c == '?') c = 'x';
  }
  std::string out;
  for (char c : p) {
    if (c == '*') {
      out += "x";
    } else {
      out += c;
    }
  }
  if (!out.starts_with('/')) out.insert(out.begin(), '/');
  return out;
}

// A path that reaches `b` (an earlier pattern may catch the obvious one), or empty.
std::string path_to(const cloudfront::Distribution& dist, const cloudfront::CacheBehavior& b) {
  std::string first = representative_path(b);
  for (const std::string& p : {first, std::string("/corslint-x010/a.txt"), std::string("/a")}) {
    if ((p == first || b.is_default) && dist.behavior_for(p) == &b) return p;
  }
  return {};
}

// Failures a more specific rule already reports: method sets that disagree
// (F005, F006, X007) and a cache key or forwarding that loses a header (F007, F008).
bool explained_elsewhere(const simulate::Trace& t) {
  if (!t.fix) return false;
  using simulate::Setting;
  switch (t.fix->setting) {
    case Setting::AllowedMethods:
    case Setting::BehaviorAllowedMethods:
    case Setting::CachePolicyId:
    case Setting::ForwardedValuesHeaders:
      return true;
    default:
      return false;
  }
}

struct Target {
  const Document* doc;
  json::NodeId node;
  std::string where;  // "S3 CORS rule 0" / `response headers policy "x"`
  std::string origin;
  std::vector<std::string> methods;
  std::vector<simulate::Header> headers;  // the named headers it allows, sent together
  std::vector<std::string> paths;         // empty: no distribution, straight to S3
};

// What one bundle may spend on simulations. A request costs about one step per
// S3 CORS rule, allowed origin and cache behaviour it is matched against, so
// the budget is counted in those steps: ~19,000 requests for 100 rules of 3
// origins and 20 behaviours (a few seconds at most), fewer for huge lists. Without
// it, 100,000 behaviours or thousands of rules took minutes (every entry is
// a target, and each target scans the rules before it).
constexpr std::size_t kMaxSteps = 8'000'000;
// Behaviours that reach S3, each with a path of its own; finding the path
// scans the behaviours before it.
constexpr std::size_t kMaxPaths = 256;

struct Budget {
  std::size_t steps_per_request = 1;
  std::size_t steps_left = kMaxSteps;

  // Takes one request's steps; false (for good: the cost never changes) once
  // the budget is spent.
  bool take() {
    if (steps_left < steps_per_request) return false;
    steps_left -= steps_per_request;
    return true;
  }
};

// Says once, on the first entry left out, that the simulation stopped.
void report_stopped(const Document& doc, json::NodeId node, std::string_view why, Reporter& out) {
  out.report(Severity::Info, doc, node,
             "X010 stopped here ({}): this entry and the ones after it were not fully "
             "simulated; `corslint simulate` checks one origin at a time",
             why);
}

bool run_target(const Setup& setup, const Target& t, Budget& budget, Reporter& out) {
  bool has_cors_file = setup.cors_doc() != nullptr;
  // Grouped by the console reason so one entry gets one finding per cause.
  std::map<std::string, std::pair<std::vector<std::string>, simulate::Trace>> blocked;
  std::vector<std::string> paths = t.paths.empty() ? std::vector<std::string>{""} : t.paths;
  for (const std::string& path : paths) {
    for (const std::string& m : t.methods) {
      if (!budget.take()) return false;
      simulate::Request r;
      r.origin = t.origin;
      r.method = m;
      r.path = path;
      r.headers = t.headers;
      simulate::Trace trace = simulate::run(setup, r);
      if (trace.allowed || explained_elsewhere(trace)) continue;
      // Without the bucket's CORS file, what S3 answers is unknown: no guess.
      if (!has_cors_file && !trace.exchanges.empty() &&
          trace.exchanges.back().origin_kind == simulate::OriginKind::S3) {
        continue;
      }
      auto& slot = blocked[trace.reason + "\n" + (trace.fix ? trace.fix->change : "")];
      if (std::find(slot.first.begin(), slot.first.end(), m) == slot.first.end()) {
        slot.first.push_back(m);
      }
      if (slot.first.size() == 1) slot.second = std::move(trace);
    }
  }
  for (auto& [key, value] : blocked) {
    const auto& [methods, trace] = value;
    std::string fix;
    if (trace.fix) {
      fix =
          trace.fix->location.known()
              ? fmt::format("; fix {}:{} {}: {}", trace.fix->location.file,
                            trace.fix->location.line, simulate::setting_label(*trace.fix),
                            trace.fix->change)
              : fmt::format("; fix {}: {}", simulate::setting_label(*trace.fix), trace.fix->change);
    }
    std::string with;
    for (const simulate::Header& h : t.headers) {
      with += fmt::format("{}{}", with.empty() ? " with " : ", ", h.name);
    }
    out.report(*t.doc, t.node,
               "{} allows {}{} from {}, but the browser still blocks it at the {}: \"{}\" ({}){}",
               t.where, fmt::join(methods, ", "), with, t.origin,
               trace.blocked_at == simulate::Stage::Preflight ? "preflight" : "actual request",
               trace.reason, trace.explanation, fix);
  }
  return true;
}

// A request header named in an allow list, with a value that makes the
// browser send it in the preflight.
template <class V>
std::vector<simulate::Header> named_headers(const std::vector<V>& allowed) {
  std::vector<simulate::Header> out;
  for (const V& h : allowed) {
    if (h.text.empty() || h.text.find('*') != std::string_view::npos ||
        is_forbidden_request_header(h.text) || is_response_only_header(h.text)) {
      continue;
    }
    out.push_back(
        {std::string(h.text), iequals(h.text, "content-type") ? "application/json" : "1"});
  }
  return out;
}

std::vector<std::string> s3_methods(const cors::Rule& rule) {
  std::vector<std::string> out;
  for (const Value& m : rule.allowed_methods) {
    if (m.text == "GET" || m.text == "PUT" || m.text == "POST" || m.text == "DELETE" ||
        m.text == "HEAD") {
      out.emplace_back(m.text);
    }
  }
  return out;
}

constexpr std::string_view kOutOfBudget = "its limit of simulated requests for one bundle";

// Each S3 CORS rule's origins, on every path that reaches S3; false once the
// budget is spent.
bool check_s3_rules(const Setup& setup, const std::vector<std::string>& s3_paths, Budget& budget,
                    Reporter& out) {
  const Document* cors_doc = setup.cors_doc();
  const cors::Config& cors = *setup.cors();
  for (const cors::Rule& rule : cors.rules) {
    std::vector<std::string> methods = s3_methods(rule);
    if (methods.empty()) continue;
    for (const Value& o : rule.allowed_origins) {
      std::string origin = representative(o.text);
      if (origin.empty()) continue;
      // A later rule that no request reaches is C009's finding, not ours.
      if (cors::first_match(cors, origin, methods.front()) != &rule) continue;
      if (!run_target(setup,
                      {cors_doc, o.node, "S3 CORS " + rule.label(), origin, methods,
                       named_headers(rule.allowed_headers), s3_paths},
                      budget, out)) {
        report_stopped(*cors_doc, o.node, kOutOfBudget, out);
        return false;
      }
    }
  }
  return true;
}

// Each response headers policy's origins, on the behaviours that attach it.
void check_policies(const Setup& setup, Budget& budget, Reporter& out) {
  const cloudfront::Distribution& dist = *setup.distribution();
  for (const auto& [doc, policy] : setup.response_headers_policies()) {
    if (!policy->cors) continue;
    std::vector<std::string> paths;
    for (const cloudfront::CacheBehavior* b : dist.all_behaviors()) {
      cloudfront::BehaviorView v = cloudfront::view(dist, *b, setup.lookup());
      if (v.response_headers.policy != policy) continue;
      if (paths.size() == kMaxPaths) {
        report_stopped(*setup.distribution_doc(), b->node,
                       fmt::format("it tries at most {} behaviours per policy", kMaxPaths), out);
        break;
      }
      if (std::string p = path_to(dist, *b); !p.empty()) paths.push_back(p);
    }
    if (paths.empty()) continue;
    std::vector<std::string> methods;
    for (std::string_view m : policy->cors->methods()) {
      if (m != "OPTIONS") methods.emplace_back(m);
    }
    if (methods.empty()) methods.emplace_back("GET");
    for (const Value& o : policy->cors->allow_origins.items) {
      std::string origin = representative(o.text);
      if (origin.empty()) continue;
      if (!run_target(setup,
                      {doc, o.node, policy->label(), origin, methods,
                       named_headers(policy->cors->allow_headers.items), paths},
                      budget, out)) {
        return report_stopped(*doc, o.node, kOutOfBudget, out);
      }
    }
  }
}

// One setup (the engine's, built once per bundle) for all the simulations.
void check(const Setup& setup, Reporter& out) {
  const cloudfront::Distribution* dist = setup.distribution();
  // Behaviours that send requests to S3, with a path each reaches.
  std::vector<std::string> s3_paths;
  const cloudfront::CacheBehavior* first_untried = nullptr;  // past kMaxPaths
  if (dist != nullptr) {
    for (const cloudfront::CacheBehavior* b : dist->all_behaviors()) {
      const cloudfront::Origin* o = dist->target_origin(*b);
      if (o == nullptr || !o->is_s3()) continue;
      if (s3_paths.size() == kMaxPaths) {
        first_untried = b;
        break;
      }
      if (std::string p = path_to(*dist, *b); !p.empty()) s3_paths.push_back(p);
    }
    if (s3_paths.empty()) return;  // S3 CORS is not reached through this distribution
  }
  const cors::Config* cors = setup.cors();
  Budget budget;
  budget.steps_per_request = 1 + (dist != nullptr ? dist->behaviors.size() : 0);
  if (cors != nullptr) {
    // S3 tries the rules in order, and each rule's origins in order.
    for (const cors::Rule& rule : cors->rules) {
      budget.steps_per_request += 1 + rule.allowed_origins.size();
    }
  }
  // S3 rejects a configuration of more rules (C001): nothing to simulate.
  if (cors != nullptr && cors->rules.size() <= cors::kMaxRules) {
    if (first_untried != nullptr) {
      report_stopped(*setup.distribution_doc(), first_untried->node,
                     fmt::format("it tries at most {} behaviours that reach S3", kMaxPaths), out);
    }
    if (!check_s3_rules(setup, s3_paths, budget, out)) return;
  }
  if (dist != nullptr) check_policies(setup, budget, out);
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
