// The request simulator: browser (Fetch/Chromium) -> CloudFront -> S3 -> back.
// docs/reference/cors-semantics.md §1.3-1.5 (S3), §2 (CloudFront), §3-4 (browser).
#include "corslint/simulate.hpp"

#include <algorithm>
#include <array>

#include <fmt/core.h>
#include <fmt/format.h>

#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/analysis/bundle_lookup.hpp"
#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/cors_eval.hpp"
#include "corslint/analysis/http_headers.hpp"
#include "corslint/analysis/origin.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/text.hpp"

namespace corslint::simulate {
namespace {

using cloudfront::Tri;

constexpr std::string_view kAcao = "Access-Control-Allow-Origin";
constexpr std::string_view kAcac = "Access-Control-Allow-Credentials";
constexpr std::string_view kAcam = "Access-Control-Allow-Methods";
constexpr std::string_view kAcah = "Access-Control-Allow-Headers";
constexpr std::string_view kAceh = "Access-Control-Expose-Headers";
constexpr std::string_view kMaxAge = "Access-Control-Max-Age";
constexpr std::string_view kAcrm = "Access-Control-Request-Method";
constexpr std::string_view kAcrh = "Access-Control-Request-Headers";
constexpr std::string_view kSevenMethods = "GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

const Header* find(const std::vector<Header>& hs, std::string_view name) {
  for (const Header& h : hs) {
    if (iequals(h.name, name)) return &h;
  }
  return nullptr;
}

// All values of a response header, joined the way a browser merges repeated lines.
std::optional<std::string> get(const std::vector<ResponseHeader>& hs, std::string_view name) {
  std::optional<std::string> out;
  for (const ResponseHeader& h : hs) {
    if (!iequals(h.name, name)) continue;
    out = out ? *out + ", " + h.value : h.value;
  }
  return out;
}

const ResponseHeader* find(const std::vector<ResponseHeader>& hs, std::string_view name) {
  for (const ResponseHeader& h : hs) {
    if (iequals(h.name, name)) return &h;
  }
  return nullptr;
}

// Comma-separated tokens; false when one is not an HTTP token (Chromium then
// reports "Cannot parse ...").
bool parse_list(std::string_view value, std::vector<std::string>& out) {
  constexpr std::string_view kTchar = "!#$%&'*+-.^_`|~";
  while (true) {
    auto comma = value.find(',');
    std::string_view item = trim(value.substr(0, comma));
    if (!item.empty()) {
      for (char c : item) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                  kTchar.find(c) != std::string_view::npos;
        if (!ok) return false;
      }
      out.emplace_back(item);
    }
    if (comma == std::string_view::npos) return true;
    value.remove_prefix(comma + 1);
  }
}

std::string origin_of_url(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  auto host_end = url.find_first_of("/?#", scheme_end + 3);
  std::string origin = lower(url.substr(0, host_end));
  // Drop a default port, as a browser serialises origins.
  OriginParts p = parse_origin(origin);
  if (p.has_port && p.port == default_port(p.scheme)) {
    origin = fmt::format("{}://{}", p.scheme, p.host);
  }
  return origin;
}

std::string path_of_url(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "/";
  auto path = url.find_first_of("/?#", scheme_end + 3);
  if (path == std::string_view::npos) return "/";
  std::string_view rest = url.substr(path);
  rest = rest.substr(0, rest.find_first_of("?#"));
  return rest.empty() ? "/" : std::string(rest);
}

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

constexpr std::string_view kHaveServer = " Have the server send the header with a valid value.";
constexpr std::string_view kWithCredentials =
    " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the "
    "withCredentials attribute.";

// Chromium's CheckAccess (§4.3) with the wording Debian's Chromium 156 prints (§4.0).
Verdict check_access(const std::vector<ResponseHeader>& hs, std::string_view origin,
                     bool credentials, Api api) {
  bool xhr = api == Api::Xhr;
  std::optional<std::string> acao = get(hs, kAcao);
  if (acao && *acao == "*") {
    if (!credentials) return {};
    return {
        Failure::Wildcard,
        fmt::format("The value of the 'Access-Control-Allow-Origin' header in the response must "
                    "not be the wildcard '*' when the request's credentials mode is "
                    "'include'.{}",
                    xhr ? kWithCredentials : ""),
        {}};
  }
  if (!acao) {
    return {Failure::MissingAcao,
            "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            {}};
  }
  if (*acao != origin) {
    std::string_view suffix = xhr ? "" : kHaveServer;
    if (acao->find_first_of(" ,") != std::string::npos) {
      return {Failure::Multiple,
              fmt::format("The 'Access-Control-Allow-Origin' header contains multiple values '{}', "
                          "but only one is allowed.{}",
                          *acao, suffix),
              {}};
    }
    bool valid_url = *acao == "null" || acao->find("://") != std::string::npos;
    if (!valid_url) {
      return {Failure::InvalidAcao,
              fmt::format("The 'Access-Control-Allow-Origin' header contains the invalid value "
                          "'{}'.{}",
                          *acao, suffix),
              {}};
    }
    return {Failure::Mismatch,
            fmt::format("The 'Access-Control-Allow-Origin' header has a value '{}' that is not "
                        "equal to the supplied origin.{}",
                        *acao, suffix),
            {}};
  }
  if (credentials) {
    std::string acac = get(hs, kAcac).value_or("");
    if (acac != "true") {
      return {Failure::Credentials,
              fmt::format("The value of the 'Access-Control-Allow-Credentials' header in the "
                          "response is '{}' which must be 'true' when the request's credentials "
                          "mode is 'include'.{}",
                          acac, xhr ? kWithCredentials : ""),
              {}};
    }
  }
  return {};
}

constexpr std::string_view kPreflightPrefix =
    "Response to preflight request doesn't pass access control check: ";

// The preflight checks in Chromium's order (§3.4, §4.3).
Verdict check_preflight(const Exchange& ex, const Request& req,
                        const std::vector<std::string>& unsafe_names) {
  Verdict v = check_access(ex.response_headers, req.origin, req.credentials, req.api);
  if (v.failure != Failure::None) {
    v.reason = fmt::format("{}{}", kPreflightPrefix, v.reason);
    return v;
  }
  if (ex.status < 200 || ex.status > 299) {
    return {
        Failure::Status, fmt::format("{}It does not have HTTP ok status.", kPreflightPrefix), {}};
  }
  std::vector<std::string> methods, headers;
  if (!parse_list(get(ex.response_headers, kAcam).value_or(""), methods)) {
    return {Failure::ParseMethods,
            "Cannot parse Access-Control-Allow-Methods response header field in preflight "
            "response.",
            {}};
  }
  if (!parse_list(get(ex.response_headers, kAcah).value_or(""), headers)) {
    return {Failure::ParseHeaders,
            "Cannot parse Access-Control-Allow-Headers response header field in preflight "
            "response.",
            {}};
  }
  auto listed = [](const std::vector<std::string>& l, std::string_view x, bool icase) {
    return std::any_of(l.begin(), l.end(),
                       [&](const std::string& i) { return icase ? iequals(i, x) : i == x; });
  };
  const std::string& m = req.method;
  bool safelisted = m == "GET" || m == "HEAD" || m == "POST";
  if (!safelisted && !listed(methods, m, false) &&
      !(listed(methods, "*", false) && !req.credentials)) {
    return {Failure::Method,
            fmt::format("Method {} is not allowed by Access-Control-Allow-Methods in preflight "
                        "response.",
                        m),
            m};
  }
  bool star = listed(headers, "*", false) && !req.credentials;
  // Chromium 156 names the LAST refused header in sorted order (observed by
  // tests/browser/browser_test.py; the reference does not say which one).
  std::vector<std::string> refused;
  for (const std::string& h : unsafe_names) {
    bool ok = listed(headers, h, true);
    if (!ok && star) ok = h != "authorization" || req.browser == Browser::Chromium;
    if (!ok) refused.push_back(h);
  }
  if (!refused.empty()) {
    Verdict out{
        Failure::HeaderField,
        fmt::format("Request header field {} is not allowed by Access-Control-Allow-Headers "
                    "in preflight response.",
                    refused.back()),
        refused.back()};
    out.all = std::move(refused);
    return out;
  }
  return {};
}

// --- the bundle -------------------------------------------------------------

struct Server {
  const Bundle& bundle;
  const Document* cors_doc = nullptr;
  const cors::Config* cors = nullptr;
  const Document* dist_doc = nullptr;
  const cloudfront::Distribution* dist = nullptr;
  cloudfront::PolicyLookup lookup;

  explicit Server(const Bundle& b) : bundle(b) {
    cors_doc = b.only(DocKind::S3Cors);
    if (cors_doc != nullptr) cors = cors_doc->as<cors::Config>();
    dist_doc = b.only(DocKind::CloudFrontDistribution);
    if (dist_doc != nullptr) dist = dist_doc->as<cloudfront::Distribution>();
    lookup = policy_lookup(b);
  }

  // The document of the bundle that holds a custom policy model.
  template <class P>
  const Document* holder(const P* policy) const {
    if (policy == nullptr || policy->managed) return nullptr;
    for (const Document* d : bundle.documents) {
      if (static_cast<const void*>(d->as<cloudfront::ResponseHeadersPolicy>()) == policy ||
          static_cast<const void*>(d->as<cloudfront::CachePolicy>()) == policy ||
          static_cast<const void*>(d->as<cloudfront::OriginRequestPolicy>()) == policy) {
        return d;
      }
    }
    return nullptr;
  }
};

Location locate(const Document* doc, json::NodeId node) {
  Location l;
  if (doc == nullptr || node == json::kNoNode) return l;
  const json::Node& n = (*doc->tree)[node];
  Position p = doc->source->position(n.offset);
  l.file = std::string(doc->source->path());
  l.line = p.line;
  l.column = p.column;
  l.pointer = doc->pointer_prefix + doc->tree->pointer(node);
  return l;
}

std::string quoted_list(const std::vector<Value>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += fmt::format("{}\"{}\"", i ? ", " : "", values[i].text);
  }
  return out + "]";
}

std::string joined(const std::vector<Value>& values) {
  std::string out;
  for (const Value& v : values) out += (out.empty() ? "" : ", ") + std::string(v.text);
  return out;
}

// What the origin answered (before the response headers policy).
struct OriginAnswer {
  int status = 200;
  std::string error;
  std::vector<ResponseHeader> headers;
  std::vector<RuleCheck> rules;
  int matched = -1;
  bool saw_origin = false;
};

// S3 (§1.3-1.5) for a request carrying `fwd` (the headers that reached it).
OriginAnswer s3_answer(const Server& s, const std::vector<Header>& fwd, std::string_view method,
                       bool preflight) {
  OriginAnswer a;
  const Header* origin = find(fwd, "Origin");
  a.saw_origin = origin != nullptr;
  const Header* acrm = find(fwd, kAcrm);
  const Header* acrh = find(fwd, kAcrh);
  if (preflight) {
    if (origin == nullptr) {
      a.status = 400;
      a.error = "BadRequest: Insufficient information. Origin request header needed.";
      return a;
    }
    if (acrm == nullptr) {
      // [uncertain] S3-compatible servers answer 400 "Invalid
      // Access-Control-Request-Method: null"; AWS's exact text is not recorded.
      a.status = 400;
      a.error = "BadRequest: Invalid Access-Control-Request-Method: null";
      return a;
    }
  } else if (origin == nullptr) {
    return a;  // not a CORS request for S3: no CORS headers
  }
  if (s.cors == nullptr) {
    if (preflight) {
      a.status = 403;
      a.error = "AccessForbidden: CORSResponse: CORS is not enabled for this bucket.";
    }
    return a;
  }
  std::string_view m = preflight ? std::string_view(acrm->value) : method;
  std::vector<std::string> names;
  if (preflight && acrh != nullptr) {
    std::vector<std::string> parsed;
    parse_list(acrh->value, parsed);
    for (auto& n : parsed) names.push_back(lower(n));
  }
  std::vector<std::string_view> name_views(names.begin(), names.end());
  for (std::size_t pos = 0; pos < s.cors->rules.size(); ++pos) {
    const cors::Rule& rule = s.cors->rules[pos];
    RuleCheck c;
    c.index = pos;
    c.label = rule.label();
    c.location = locate(s.cors_doc, rule.node);
    if (!cors::origin_allowed(rule, origin->value)) {
      c.failed = "origin";
      c.detail = fmt::format("Origin \"{}\" is not in AllowedOrigins {}", origin->value,
                             quoted_list(rule.allowed_origins));
    } else if (!cors::method_allowed(rule, m)) {
      c.failed = "method";
      c.detail =
          fmt::format("{}{} is not in AllowedMethods {}", preflight ? "requested method " : "", m,
                      quoted_list(rule.allowed_methods));
    } else {
      for (std::string_view n : name_views) {
        std::array<std::string_view, 1> one{n};
        if (!cors::headers_allowed(rule, one)) {
          c.failed = "headers";
          c.detail = rule.allowed_headers.empty()
                         ? fmt::format("requested header {} but the rule has no AllowedHeaders", n)
                         : fmt::format("requested header {} is not in AllowedHeaders {}", n,
                                       quoted_list(rule.allowed_headers));
          break;
        }
      }
    }
    c.matched = c.failed.empty();
    if (c.matched) {
      c.detail = preflight ? "origin, method and headers match: S3 uses this rule"
                           : "origin and method match: S3 uses this rule";
    }
    a.rules.push_back(std::move(c));
    if (!a.rules.back().matched) continue;
    a.matched = static_cast<int>(a.rules.size() - 1);
    // §1.4
    bool star = cors::answers_with_wildcard_origin(rule);
    a.headers.push_back({std::string(kAcao), star ? "*" : origin->value, "s3"});
    if (!star) a.headers.push_back({std::string(kAcac), "true", "s3"});
    a.headers.push_back(
        {"Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method", "s3"});
    a.headers.push_back({std::string(kAcam), joined(rule.allowed_methods), "s3"});
    if (preflight && !names.empty()) {
      std::string echo;
      for (const auto& n : names) echo += (echo.empty() ? "" : ", ") + n;
      a.headers.push_back({std::string(kAcah), echo, "s3"});
    }
    if (!rule.expose_headers.empty()) {
      a.headers.push_back({std::string(kAceh), joined(rule.expose_headers), "s3"});
    }
    if (preflight && rule.max_age_node != json::kNoNode) {
      const json::Node& n = (*s.cors_doc->tree)[rule.max_age_node];
      if (n.type == json::Type::Number)
        a.headers.push_back({std::string(kMaxAge), std::string(n.text), "s3"});
    }
    return a;
  }
  if (preflight) {
    a.status = 403;
    a.error =
        "AccessForbidden: CORSResponse: This CORS request is not allowed. This is usually because "
        "the evalution of Origin, request method / Access-Control-Request-Method or "
        "Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";
  }
  return a;
}

// --- the response headers policy (§2.1) -------------------------------------

void set_header(Exchange& ex, const cloudfront::CorsConfig& c, std::string_view name,
                std::string value) {
  auto it = std::find_if(ex.response_headers.begin(), ex.response_headers.end(),
                         [&](const ResponseHeader& h) { return iequals(h.name, name); });
  if (it == ex.response_headers.end()) {
    ex.response_headers.push_back({std::string(name), value, "response-headers-policy"});
    ex.policy_changes.push_back(fmt::format("added {}: {}", name, value));
    return;
  }
  if (it->value == value) {
    ex.policy_changes.push_back(fmt::format("{}: {} (the origin sent the same)", name, value));
    return;
  }
  if (c.overrides_origin()) {
    ex.policy_changes.push_back(
        fmt::format("replaced {}: {} with {} (OriginOverride true)", name, it->value, value));
    it->value = std::move(value);
    it->set_by = "response-headers-policy";
  } else {
    ex.policy_changes.push_back(fmt::format(
        "kept the origin's {}: {} instead of {} (OriginOverride false)", name, it->value, value));
  }
}

void apply_policy(Exchange& ex, const cloudfront::CorsConfig& c, std::string_view origin,
                  bool preflight) {
  std::string acao;
  for (const Value& o : c.allow_origins.items) {
    if (o.text == "*") {
      acao = "*";
      break;
    }
    if (wildcard_match(o.text, origin)) {
      acao = std::string(origin);
      break;
    }
  }
  if (acao.empty()) {
    ex.policy_changes.push_back(
        fmt::format("added nothing: {} is not in its AccessControlAllowOrigins", origin));
    return;
  }
  set_header(ex, c, kAcao, acao);
  if (c.credentials()) set_header(ex, c, kAcac, "true");
  if (preflight) {
    if (!c.allow_methods.items.empty()) {
      std::string m;
      if (c.allow_methods.contains("ALL")) {
        m = std::string(kSevenMethods);
      } else {
        for (const auto& v : c.allow_methods.items)
          m += (m.empty() ? "" : ", ") + std::string(v.text);
      }
      set_header(ex, c, kAcam, m);
    }
    if (!c.allow_headers.items.empty()) {
      std::string h;
      for (const auto& v : c.allow_headers.items)
        h += (h.empty() ? "" : ", ") + std::string(v.text);
      set_header(ex, c, kAcah, h);
    }
    if (c.max_age) set_header(ex, c, kMaxAge, std::to_string(c.max_age->value));
  } else if (!c.expose_headers.items.empty()) {
    std::string h;
    for (const auto& v : c.expose_headers.items) h += (h.empty() ? "" : ", ") + std::string(v.text);
    set_header(ex, c, kAceh, h);
  }
}

// --- one exchange -----------------------------------------------------------

struct Context {
  const Server& s;
  Trace& t;
  const Request& req;
  const cloudfront::CacheBehavior* behavior = nullptr;
  std::optional<cloudfront::BehaviorView> view;
  std::string path;
};

void choose_behavior(Context& c) {
  if (c.s.dist == nullptr) return;
  for (const cloudfront::CacheBehavior& b : c.s.dist->behaviors) {
    if (b.path_pattern && path_pattern_match(b.path_pattern->text, c.path)) {
      c.behavior = &b;
      break;
    }
  }
  if (c.behavior == nullptr && c.s.dist->default_behavior) {
    c.behavior = &*c.s.dist->default_behavior;
  }
  if (c.behavior != nullptr) c.view = cloudfront::view(*c.s.dist, *c.behavior, c.s.lookup);
}

Exchange run_exchange(Context& c, bool preflight, const std::vector<Header>& sent) {
  Exchange ex;
  ex.kind = preflight ? "preflight" : "actual";
  ex.method = preflight ? "OPTIONS" : c.req.method;
  ex.request_headers = sent;
  std::vector<Header> fwd = sent;
  bool s3 = true;
  const cloudfront::CorsConfig* policy = nullptr;
  bool cf_refused = false;
  std::vector<Header> key_values;  // for the cache comparison
  std::vector<std::string> key_names;

  if (c.view) {
    const cloudfront::BehaviorView& v = *c.view;
    const cloudfront::CacheBehavior& b = *c.behavior;
    ex.behavior = b.label();
    ex.behavior_location = locate(c.s.dist_doc, b.node);
    if (b.is_default) {
      ex.behavior_reason =
          c.s.dist->behaviors.empty()
              ? "the distribution has only the default behaviour"
              : fmt::format("no CacheBehaviors PathPattern matches \"{}\"", c.path);
    } else {
      ex.behavior_reason = fmt::format("PathPattern \"{}\" matches \"{}\" (first match in order)",
                                       b.path_pattern->text, c.path);
    }
    ex.method_allowed = b.allows_method(ex.method);
    if (v.origin != nullptr) {
      ex.origin_label = v.origin->label();
      s3 = v.origin->is_s3();
      ex.origin_kind = s3 ? "s3" : "custom";
    } else {
      ex.origin_kind = "none";
      ex.origin_label = "no origin (TargetOriginId names none)";
    }
    if (v.response_headers.resolved()) {
      ex.policy = v.response_headers.policy->label();
      policy = v.cors();
    } else if (v.response_headers.unresolved()) {
      ex.policy = fmt::format("response headers policy {} (not in the bundle)",
                              v.response_headers.id->text);
      ex.uncertain.push_back(fmt::format(
          "response headers policy {} is not among the files: its CORS settings are unknown and "
          "taken as none",
          v.response_headers.id->text));
    }
    if (v.cache.unresolved()) {
      ex.uncertain.push_back(
          fmt::format("cache policy {} is not among the files: taken to forward and key no header",
                      v.cache.id->text));
    }
    if (v.origin_request.unresolved()) {
      ex.uncertain.push_back(
          fmt::format("origin request policy {} is not among the files: taken to forward no header",
                      v.origin_request.id->text));
    }
    if (!ex.method_allowed) {
      cf_refused = true;
    } else {
      fwd.clear();
      for (const Header& h : sent) {
        cloudfront::HeaderFate f = cloudfront::header_fate(v, h.name);
        if (f.forwarded == Tri::Yes) {
          fwd.push_back(h);
          ex.forwarded.push_back(h.name);
        } else {
          ex.not_forwarded.push_back(h.name);
        }
        if (f.in_cache_key == Tri::Yes) {
          ex.cache_key.push_back(h.name);
          key_names.push_back(h.name);
        }
      }
      ex.cacheable = b.caches_method(ex.method) && cloudfront::caching_disabled(v) != Tri::Yes;
    }
  } else {
    ex.origin_kind = "s3";
    ex.origin_label = c.s.cors_doc != nullptr
                          ? fmt::format("the bucket ({})", file_label(*c.s.cors_doc))
                          : "the bucket (no CORS configuration in the files)";
  }

  OriginAnswer answer;
  if (cf_refused) {
    ex.origin_kind = "none";
    ex.status = 403;
    ex.origin_status = 403;
    ex.origin_error =
        "CloudFront: This distribution is not configured to allow the HTTP request method that "
        "was used for this request. The distribution supports only cachable requests.";
    return ex;  // CloudFront's own page: no CORS headers, no policy
  }
  // The cache: was an earlier request's answer stored under the same key?
  std::vector<Header> filler;
  bool filled = false;
  if (ex.cacheable && c.req.cache != CacheState::Cold) {
    if (c.req.cache == CacheState::AfterNonCors) {
      if (!preflight) {
        for (const Header& h : fwd) {
          if (!iequals(h.name, "Origin")) filler.push_back(h);
        }
        filled = true;
      } else {
        ex.cache_note = "a request without Origin is never a preflight: the OPTIONS entry is cold";
      }
    } else {
      for (const Header& h : fwd) {
        if (iequals(h.name, "Origin")) {
          filler.push_back({h.name, c.req.cache_origin});
        } else if (!(preflight && iequals(h.name, kAcrh))) {
          filler.push_back(h);
        }
      }
      filled = true;
    }
  }
  bool hit = false;
  if (filled) {
    hit = std::all_of(key_names.begin(), key_names.end(), [&](const std::string& n) {
      const Header* a = find(fwd, n);
      const Header* b = find(filler, n);
      if (a == nullptr || b == nullptr) return a == b;
      return a->value == b->value;
    });
  }
  if (hit) {
    answer = s3 ? s3_answer(c.s, filler, ex.method, preflight) : OriginAnswer{};
    ex.served_from_cache = true;
    std::string who = c.req.cache == CacheState::AfterNonCors
                          ? "a request without Origin"
                          : fmt::format("{} from {}{}", preflight ? "a preflight" : "a request",
                                        c.req.cache_origin,
                                        preflight ? " for the same method without "
                                                    "Access-Control-Request-Headers"
                                                  : "");
    ex.cache_note = fmt::format(
        "cache hit: {} filled the cache first and its key ({}) is the same, so CloudFront serves "
        "the answer S3 gave to that request",
        who, key_names.empty() ? "the path only" : fmt::format("{}", fmt::join(key_names, ", ")));
  } else {
    if (filled) {
      ex.cache_note = fmt::format(
          "cache miss: the earlier request has another value for {} in the cache key, so this "
          "one goes to the origin",
          fmt::join(key_names, ", "));
    } else if (ex.cache_note.empty()) {
      ex.cache_note =
          ex.cacheable
              ? "cache cold: the request goes to the origin"
              : (c.view ? fmt::format("{} is not cached by this behaviour", ex.method) : "");
    }
    bool origin_keyed = std::find(key_names.begin(), key_names.end(), "Origin") != key_names.end();
    if (ex.cacheable && !filled && !origin_keyed && find(fwd, "Origin") != nullptr) {
      ex.cache_note +=
          "; hazard: Origin is forwarded but not in the cache key, so this answer is stored for "
          "every site (--cache after-non-cors / after-origin URL shows the next request)";
    }
    if (s3) {
      answer = s3_answer(c.s, fwd, ex.method, preflight);
    } else {
      ex.uncertain.push_back(
          "the origin is not S3: corslint does not know its answer and takes it to send no CORS "
          "headers");
    }
  }
  ex.s3_has_cors = c.s.cors != nullptr;
  ex.s3_saw_origin = answer.saw_origin;
  ex.rules = std::move(answer.rules);
  ex.matched_rule = answer.matched;
  ex.origin_status = answer.status;
  ex.origin_error = answer.error;
  ex.origin_headers = answer.headers;
  ex.status = answer.status;
  ex.response_headers = answer.headers;
  if (ex.served_from_cache) {
    for (ResponseHeader& h : ex.response_headers) h.set_by = "cache";
  }
  if (policy != nullptr) apply_policy(ex, *policy, c.req.origin, preflight);
  return ex;
}

// --- diagnosis: why, and what to change --------------------------------------

struct Diagnosis {
  std::string why;
  std::optional<Fix> fix;
};

Fix make_fix(Location l, std::string setting, std::string change) {
  return Fix{std::move(l), std::move(setting), std::move(change)};
}

// The S3 rule that came closest, and how to make it match.
Diagnosis s3_no_match(const Context& c, const Exchange& ex) {
  Diagnosis d;
  const cors::Config& cfg = *c.s.cors;
  std::string_view origin = c.req.origin;
  std::vector<std::string> parts;
  for (const RuleCheck& r : ex.rules) parts.push_back(fmt::format("{}: {}", r.label, r.detail));
  d.why = fmt::format("no S3 CORS rule matches ({}), so S3 sends no CORS headers{}",
                      fmt::join(parts, "; "),
                      ex.kind == "preflight" ? " and refuses the preflight with 403" : "");
  // A mis-written entry that means this origin (trailing slash, no scheme, ...).
  for (const cors::Rule& rule : cfg.rules) {
    for (const Value& o : rule.allowed_origins) {
      auto meant = suggested_origin(o.text);
      if (meant && *meant == origin && o.text != origin) {
        std::string defect = origin_defect(o.text);
        d.why += fmt::format("; {} lists \"{}\"{}", rule.label(), o.text,
                             defect.empty() ? "" : fmt::format(" ({})", defect));
        d.fix = make_fix(locate(c.s.cors_doc, o.node), "AllowedOrigins",
                         fmt::format("write \"{}\" instead of \"{}\"", origin, o.text));
        return d;
      }
    }
  }
  const RuleCheck* best = nullptr;
  auto rank = [](const RuleCheck& r) {
    return r.failed == "headers" ? 3 : r.failed == "method" ? 2 : 1;
  };
  for (const RuleCheck& r : ex.rules) {
    if (best == nullptr || rank(r) > rank(*best)) best = &r;
  }
  if (best == nullptr) return d;
  const cors::Rule& rule = cfg.rules[best->index];
  std::string method = ex.kind == "preflight" ? c.req.method : ex.method;
  if (best->failed == "origin") {
    d.fix = make_fix(
        locate(c.s.cors_doc,
               rule.allowed_origins_node != json::kNoNode ? rule.allowed_origins_node : rule.node),
        "AllowedOrigins", fmt::format("add \"{}\" to {}", origin, rule.label()));
  } else if (best->failed == "method") {
    d.fix = make_fix(
        locate(c.s.cors_doc,
               rule.allowed_methods_node != json::kNoNode ? rule.allowed_methods_node : rule.node),
        "AllowedMethods", fmt::format("add \"{}\" to {}", method, rule.label()));
  } else {
    std::vector<std::string> missing;
    if (const Header* acrh = find(ex.request_headers, kAcrh)) {
      std::vector<std::string> names;
      parse_list(acrh->value, names);
      for (const std::string& n : names) {
        std::array<std::string_view, 1> one{n};
        if (!cors::headers_allowed(rule, one)) missing.push_back(n);
      }
    }
    d.fix = make_fix(
        locate(c.s.cors_doc,
               rule.allowed_headers_node != json::kNoNode ? rule.allowed_headers_node : rule.node),
        "AllowedHeaders",
        fmt::format("add \"{}\" to {}", fmt::join(missing, "\", \""), rule.label()));
  }
  return d;
}

// Where the cache key is set: a cache policy, or legacy ForwardedValues.
std::string cache_setting(const Context& c) {
  return c.view->legacy() ? "ForwardedValues.Headers" : "CachePolicyId";
}

Location cache_key_location(const Context& c) {
  return locate(c.s.dist_doc, cloudfront::cache_key_node(*c.view));
}

// The S3 side of a missing Access-Control-Allow-Origin (or a refused preflight).
Diagnosis s3_side(const Context& c, const Exchange& ex) {
  if (ex.origin_kind == "custom") {
    return {fmt::format("{} is not S3: its CORS answer is outside these files", ex.origin_label),
            make_fix(ex.behavior_location, "ResponseHeadersPolicyId",
                     fmt::format("have the origin send Access-Control-Allow-Origin for {}, or "
                                 "attach a response headers policy with CORS to {}",
                                 c.req.origin, ex.behavior))};
  }
  if (ex.kind == "preflight" && ex.origin_status == 400 &&
      ex.origin_error.find("Request-Method") != std::string::npos) {
    return {fmt::format("{} forwards Origin but not Access-Control-Request-Method, so S3 "
                        "answers the preflight with 400",
                        ex.behavior),
            make_fix(cache_key_location(c), cache_setting(c),
                     "forward Access-Control-Request-Method and Access-Control-Request-Headers "
                     "too, in the cache key when OPTIONS is cached")};
  }
  if (c.s.cors == nullptr) {
    Diagnosis d;
    d.why = "the bucket has no CORS configuration among the files, so S3 sends no CORS headers";
    if (c.view) {
      d.fix = make_fix(ex.behavior_location, "ResponseHeadersPolicyId",
                       fmt::format("give the bucket a CORS configuration allowing {} and {}, or "
                                   "attach a response headers policy with CORS to {} (the "
                                   "managed SimpleCORS, 60669652-455b-4ae9-85a4-c4c02393f86c, "
                                   "answers '*')",
                                   c.req.origin, c.req.method, ex.behavior));
    } else {
      d.fix = make_fix({}, "S3 CORS configuration",
                       fmt::format("put a CORS configuration on the bucket with a rule allowing "
                                   "origin {} and method {}",
                                   c.req.origin, c.req.method));
    }
    return d;
  }
  if (c.view && !ex.s3_saw_origin) {
    return {fmt::format("{} does not forward Origin to S3 ({} keeps it out of the origin "
                        "request), so S3 never adds CORS headers",
                        ex.behavior, cloudfront::cache_key_source(*c.view)),
            make_fix(cache_key_location(c), cache_setting(c),
                     "use a cache policy whose key holds Origin, Access-Control-Request-Headers "
                     "and Access-Control-Request-Method (or attach the origin request policy "
                     "Managed-CORS-S3Origin 88a5eaf4-2fd4-4709-b370-b4c650ea3fcf together with "
                     "such a key)")};
  }
  return s3_no_match(c, ex);
}

Diagnosis cache_side(const Context& c, const Exchange& ex, std::string_view what) {
  std::vector<std::string_view> missing;
  std::vector<std::string_view> needed{"Origin"};
  if (ex.kind == "preflight") {
    needed.push_back(kAcrh);
    needed.push_back(kAcrm);
  }
  for (std::string_view n : needed) {
    bool keyed = std::any_of(ex.cache_key.begin(), ex.cache_key.end(),
                             [&](const std::string& k) { return iequals(k, n); });
    if (!keyed) missing.push_back(n);
  }
  return {fmt::format("{}: {}; {}", ex.behavior, ex.cache_note, what),
          make_fix(cache_key_location(c), cache_setting(c),
                   fmt::format("put {} in the cache key ({} leaves {} out), or attach a response "
                               "headers policy with CORS and OriginOverride true",
                               fmt::join(missing, ", "), cloudfront::cache_key_source(*c.view),
                               missing.size() == 1 ? "it" : "them"))};
}

const cloudfront::CorsConfig* policy_cors(const Context& c) {
  return c.view ? c.view->cors() : nullptr;
}

Location policy_location(const Context& c, json::NodeId node) {
  const auto* p = c.view->response_headers.policy;
  if (const Document* d = c.s.holder(p); d != nullptr && node != json::kNoNode) {
    return locate(d, node);
  }
  // A managed policy: point at the id that attaches it.
  return locate(c.s.dist_doc, c.view->response_headers.id->node);
}

// The setting to change in the policy; a managed policy cannot change, so the
// fix is to attach a custom one.
std::string policy_setting(const Context& c, std::string_view name) {
  if (c.s.holder(c.view->response_headers.policy) != nullptr) return std::string(name);
  return fmt::format("ResponseHeadersPolicyId (a managed policy: attach a custom one whose {})",
                     name);
}

Diagnosis diagnose(const Context& c, const Exchange& ex, const Verdict& v) {
  if (!ex.method_allowed) {
    return {fmt::format("{} allows only [{}]: CloudFront answers {} with its own 403 page, which "
                        "has no CORS headers",
                        ex.behavior,
                        fmt::join(c.behavior->allowed_methods.items.empty()
                                      ? std::vector<std::string_view>{"GET", "HEAD"}
                                      : [&] {
                                          std::vector<std::string_view> m;
                                          for (const auto& i : c.behavior->allowed_methods.items)
                                            m.push_back(i.text);
                                          return m;
                                        }(),
                                  ", "),
                        ex.method),
            make_fix(locate(c.s.dist_doc, c.behavior->allowed_methods.present()
                                              ? c.behavior->allowed_methods.node
                                              : c.behavior->node),
                     "AllowedMethods",
                     ex.method == "OPTIONS" && (c.req.method == "GET" || c.req.method == "HEAD")
                         ? std::string("allow [GET, HEAD, OPTIONS]")
                         : std::string("allow all seven methods [GET, HEAD, OPTIONS, PUT, POST, "
                                       "PATCH, DELETE]"))};
  }
  const cloudfront::CorsConfig* pc = policy_cors(c);
  const ResponseHeader* acao = find(ex.response_headers, kAcao);
  switch (v.failure) {
    case Failure::MissingAcao:
    case Failure::Status: {
      if (ex.served_from_cache) {
        return cache_side(c, ex, "that answer has no Access-Control-Allow-Origin");
      }
      Diagnosis d = s3_side(c, ex);
      if (v.failure == Failure::Status) {
        d.why = fmt::format(
            "the preflight gets status {} ({}){}; {}", ex.status,
            ex.origin_error.empty() ? "from the origin" : ex.origin_error,
            acao != nullptr ? ", although Access-Control-Allow-Origin was added" : "", d.why);
      } else if (pc != nullptr) {
        d.why += fmt::format("; {} adds nothing for {}", ex.policy, c.req.origin);
        if (c.s.cors == nullptr || ex.origin_kind != "s3") {
          d.fix = make_fix(policy_location(c, pc->allow_origins.node),
                           policy_setting(c, "AccessControlAllowOrigins"),
                           fmt::format("add \"{}\"", c.req.origin));
        }
      }
      return d;
    }
    case Failure::Wildcard: {
      if (acao != nullptr && acao->set_by == "response-headers-policy") {
        return {fmt::format("{} answers '*' and credentialed requests never accept it", ex.policy),
                make_fix(policy_location(c, pc->allow_origins.node),
                         policy_setting(c, "AccessControlAllowOrigins"),
                         fmt::format("list \"{}\" instead of \"*\" and set "
                                     "AccessControlAllowCredentials to true",
                                     c.req.origin))};
      }
      if (acao != nullptr && acao->set_by == "s3" && pc != nullptr && !pc->overrides_origin() &&
          !pc->allows_any_origin()) {
        return {
            fmt::format("S3 answers '*' and {} keeps it (OriginOverride false), so its own "
                        "answer for {} never reaches the browser",
                        ex.policy, c.req.origin),
            make_fix(policy_location(c, pc->origin_override ? pc->origin_override->node : pc->node),
                     policy_setting(c, "OriginOverride"), "set OriginOverride to true")};
      }
      if (ex.matched_rule >= 0 && c.s.cors != nullptr) {
        std::size_t pos = ex.rules[ex.matched_rule].index;
        const cors::Rule& rule = c.s.cors->rules[pos];
        for (std::size_t later = pos + 1; later < c.s.cors->rules.size(); ++later) {
          const cors::Rule& l = c.s.cors->rules[later];
          if (!cors::answers_with_wildcard_origin(l) && cors::origin_allowed(l, c.req.origin) &&
              cors::method_allowed(l, c.req.method)) {
            return {fmt::format("{} lists \"*\" and matches first, so S3 answers '*' without "
                                "Access-Control-Allow-Credentials; {}, which names {}, is "
                                "shadowed",
                                rule.label(), l.label(), c.req.origin),
                    make_fix(locate(c.s.cors_doc, l.node), "CORSRules order",
                             fmt::format("move {} before {}", l.label(), rule.label()))};
          }
        }
        for (const Value& o : rule.allowed_origins) {
          if (o.text == "*") {
            return {fmt::format("{} lists \"*\", so S3 answers '*' and never sends "
                                "Access-Control-Allow-Credentials",
                                rule.label()),
                    make_fix(locate(c.s.cors_doc, o.node), "AllowedOrigins",
                             fmt::format("list \"{}\" instead of \"*\" (S3 then echoes it with "
                                         "Access-Control-Allow-Credentials: true)",
                                         c.req.origin))};
          }
        }
      }
      if (ex.served_from_cache) return cache_side(c, ex, "that answer says '*'");
      return {"the response says '*', which a credentialed request never accepts", std::nullopt};
    }
    case Failure::Multiple:
    case Failure::Mismatch:
    case Failure::InvalidAcao: {
      if (ex.served_from_cache) {
        return cache_side(c, ex,
                          fmt::format("that answer carries Access-Control-Allow-Origin: {}",
                                      acao != nullptr ? acao->value : ""));
      }
      if (acao != nullptr && acao->set_by == "response-headers-policy") {
        return {fmt::format("{} sets Access-Control-Allow-Origin: {}", ex.policy, acao->value),
                make_fix(policy_location(c, pc->allow_origins.node),
                         policy_setting(c, "AccessControlAllowOrigins"),
                         fmt::format("list \"{}\" exactly", c.req.origin))};
      }
      if (acao != nullptr && pc != nullptr && acao->set_by == "s3" && !pc->overrides_origin()) {
        return {
            fmt::format("S3 sent Access-Control-Allow-Origin: {} and {} keeps it "
                        "(OriginOverride false)",
                        acao->value, ex.policy),
            make_fix(policy_location(c, pc->origin_override ? pc->origin_override->node : pc->node),
                     policy_setting(c, "OriginOverride"), "set OriginOverride to true")};
      }
      return {fmt::format("the response's Access-Control-Allow-Origin is {}",
                          acao != nullptr ? acao->value : ""),
              std::nullopt};
    }
    case Failure::Credentials: {
      if (acao != nullptr && acao->set_by == "response-headers-policy" && pc != nullptr) {
        return {fmt::format("{} answers the origin but its AccessControlAllowCredentials is "
                            "false, so no Access-Control-Allow-Credentials: true is sent",
                            ex.policy),
                make_fix(policy_location(
                             c, pc->allow_credentials ? pc->allow_credentials->node : pc->node),
                         policy_setting(c, "AccessControlAllowCredentials"), "set it to true")};
      }
      return {"the response lacks Access-Control-Allow-Credentials: true", std::nullopt};
    }
    case Failure::Method:
    case Failure::HeaderField:
    case Failure::ParseMethods:
    case Failure::ParseHeaders: {
      bool method = v.failure == Failure::Method || v.failure == Failure::ParseMethods;
      std::string_view header = method ? kAcam : kAcah;
      const ResponseHeader* h = find(ex.response_headers, header);
      if (ex.served_from_cache) {
        return cache_side(
            c, ex, fmt::format("that answer's {} is \"{}\"", header, h != nullptr ? h->value : ""));
      }
      if (pc != nullptr && (h == nullptr || h->set_by == "response-headers-policy")) {
        const cloudfront::StringList& list = method ? pc->allow_methods : pc->allow_headers;
        return {fmt::format("{} {}", ex.policy,
                            h == nullptr ? fmt::format("sends no {}", header)
                                         : fmt::format("sends {}: {}", header, h->value)),
                make_fix(policy_location(c, list.present() ? list.node : pc->node),
                         policy_setting(
                             c, method ? "AccessControlAllowMethods" : "AccessControlAllowHeaders"),
                         v.all.size() > 1 ? fmt::format("add \"{}\"", fmt::join(v.all, "\", \""))
                                          : fmt::format("add \"{}\"", v.item))};
      }
      if (!method && c.view && ex.s3_saw_origin && find(ex.request_headers, kAcrh) != nullptr &&
          std::find(ex.forwarded.begin(), ex.forwarded.end(), std::string(kAcrh)) ==
              ex.forwarded.end()) {
        return {fmt::format("{} does not forward Access-Control-Request-Headers, so S3 does not "
                            "echo the requested headers",
                            ex.behavior),
                make_fix(cache_key_location(c), cache_setting(c),
                         "forward Access-Control-Request-Headers and -Method to S3 (in the cache "
                         "key when OPTIONS is cached)")};
      }
      return {
          fmt::format("the preflight answer's {} is \"{}\"", header, h != nullptr ? h->value : ""),
          std::nullopt};
    }
    case Failure::None:
      break;
  }
  return {};
}

std::string request_kind(Api api) { return api == Api::Xhr ? "XMLHttpRequest" : "fetch"; }

std::string default_host(const Server& s) {
  if (s.dist != nullptr) {
    if (s.dist->domain_name) return std::string(s.dist->domain_name->text);
    if (!s.dist->aliases.items.empty()) return std::string(s.dist->aliases.items.front().text);
    return "d111111abcdef8.cloudfront.net";
  }
  if (s.cors_doc != nullptr && !s.cors_doc->bucket_name.empty()) {
    return s.cors_doc->bucket_name + ".s3.amazonaws.com";
  }
  return "bucket.s3.amazonaws.com";
}

}  // namespace

std::string_view to_string(Api api) { return api == Api::Xhr ? "xhr" : "fetch"; }
std::string_view to_string(Browser b) { return b == Browser::Spec ? "spec" : "chromium"; }
std::string_view to_string(CacheState c) {
  switch (c) {
    case CacheState::Cold:
      return "cold";
    case CacheState::AfterNonCors:
      return "after-non-cors";
    case CacheState::AfterOrigin:
      return "after-origin";
  }
  return "cold";
}

std::string origin_error(std::string_view origin) {
  if (origin == "null") return {};
  OriginParts p = parse_origin(origin);
  if (!p.has_scheme || p.host.empty()) {
    return fmt::format(
        "\"{}\" is not an origin: write scheme://host[:port], e.g. "
        "http://localhost:3000",
        origin);
  }
  if (p.wildcards > 0) return fmt::format("\"{}\" holds '*': a page origin is one site", origin);
  std::string defect = origin_defect(origin);
  if (!defect.empty()) return fmt::format("\"{}\" is not what a browser sends: {}", origin, defect);
  return {};
}

Trace run(const Bundle& bundle, const Request& request) {
  Server s(bundle);
  Trace t;
  t.request = request;
  Request& req = t.request;
  // Fetch normalises these six methods to upper case; others stay as written.
  for (std::string_view m : {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"}) {
    if (iequals(req.method, m)) req.method = std::string(m);
  }
  if (iequals(req.method, "CONNECT") || iequals(req.method, "TRACE") ||
      iequals(req.method, "TRACK")) {
    t.warnings.push_back(
        fmt::format("{} is a forbidden method: fetch() and XHR throw before "
                    "sending anything",
                    req.method));
  }
  std::string path = req.path.empty() ? "/" : req.path;
  if (!path.starts_with('/')) path.insert(path.begin(), '/');
  if (req.url.empty()) {
    req.url = fmt::format("https://{}{}", default_host(s), path);
  } else {
    path = path_of_url(req.url);
  }
  req.path = path;
  t.url = req.url;
  if (s.dist != nullptr) {
    std::string host = origin_of_url(req.url);
    host = host.substr(std::min(host.size(), host.find("://") + 3));
    bool ours = s.dist->domain_name && iequals(s.dist->domain_name->text, host);
    for (const auto& a : s.dist->aliases.items) ours = ours || iequals(a.text, host);
    if (!ours) {
      t.warnings.push_back(
          fmt::format("{} is neither the distribution's domain nor an alias; "
                      "simulating it through the distribution anyway",
                      host));
    }
  }
  if (s.dist == nullptr && req.cache != CacheState::Cold) {
    t.warnings.push_back(
        "--cache describes CloudFront's cache, and the files hold no distribution: ignored");
  }
  if (origin_of_url(req.url) == req.origin) {
    t.cross_origin = false;
    t.allowed = true;
    t.explanation = "the page and the URL have the same origin: no CORS check applies";
    return t;
  }

  // §3.2: the headers a script may set, and whether they force a preflight.
  std::vector<Header> script;
  std::vector<std::string> unsafe;
  for (const Header& h : req.headers) {
    if (is_forbidden_request_header(h.name)) {
      t.warnings.push_back(
          fmt::format("{} is a forbidden request header: the browser does not "
                      "let scripts set it, so it is left out",
                      h.name));
      continue;
    }
    script.push_back(h);
    if (!is_cors_safelisted_request_header(h.name, h.value)) {
      std::string n = lower(h.name);
      if (std::find(unsafe.begin(), unsafe.end(), n) == unsafe.end()) unsafe.push_back(n);
    }
  }
  std::sort(unsafe.begin(), unsafe.end());
  bool method_safe = req.method == "GET" || req.method == "HEAD" || req.method == "POST";
  if (!method_safe) {
    t.preflight_reasons.push_back(
        fmt::format("{} is not a CORS-safelisted method (GET, HEAD, POST)", req.method));
  }
  for (const std::string& n : unsafe) {
    const Header* h = find(script, n);
    t.preflight_reasons.push_back(
        is_cors_safelisted_request_header_name(n)
            ? fmt::format("{}: {} is not a CORS-safelisted value", h->name, h->value)
            : fmt::format("{} is not a CORS-safelisted request header", h->name));
  }
  t.preflight = !t.preflight_reasons.empty();
  if (!t.preflight) {
    t.preflight_reasons.push_back(
        fmt::format("{} with CORS-safelisted headers only is a simple request", req.method));
  }

  Context c{s, t, req, nullptr, std::nullopt, path};
  choose_behavior(c);
  std::string prefix = fmt::format(
      "Access to {} at '{}' from origin '{}' has been blocked by CORS "
      "policy: ",
      request_kind(req.api), req.url, req.origin);
  auto block = [&](const Exchange& ex, const Verdict& v) {
    t.allowed = false;
    t.blocked_at = ex.kind;
    t.reason = v.reason;
    t.message = prefix + v.reason;
    Diagnosis d = diagnose(c, ex, v);
    t.explanation = std::move(d.why);
    t.fix = std::move(d.fix);
  };
  if (t.preflight) {
    std::vector<Header> sent{{"Origin", req.origin}, {std::string(kAcrm), req.method}};
    if (!unsafe.empty())
      sent.push_back({std::string(kAcrh), fmt::format("{}", fmt::join(unsafe, ","))});
    t.exchanges.push_back(run_exchange(c, true, sent));
    Verdict v = check_preflight(t.exchanges.back(), req, unsafe);
    if (v.failure != Failure::None) {
      block(t.exchanges.back(), v);
      return t;
    }
  }
  std::vector<Header> sent{{"Origin", req.origin}};
  for (const Header& h : script) sent.push_back(h);
  t.exchanges.push_back(run_exchange(c, false, sent));
  Verdict v =
      check_access(t.exchanges.back().response_headers, req.origin, req.credentials, req.api);
  if (v.failure != Failure::None) {
    block(t.exchanges.back(), v);
    return t;
  }
  t.allowed = true;
  t.explanation = t.exchanges.back().status >= 400
                      ? fmt::format(
                            "the response passes the CORS check; its status {} reaches "
                            "the script (CORS does not look at an actual response's "
                            "status)",
                            t.exchanges.back().status)
                      : "every CORS check passes";
  return t;
}

}  // namespace corslint::simulate
