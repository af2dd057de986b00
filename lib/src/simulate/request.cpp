// The browser's side of the request before anything is sent: the method, the
// URL, the headers a script may set and whether they force a preflight
// (docs/reference/cors-semantics.md §3.2). Also the header-list helpers the
// other stages share.
#include <algorithm>

#include <fmt/core.h>
#include <fmt/format.h>

#include "corslint/analysis/http_headers.hpp"
#include "corslint/analysis/origin.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/text.hpp"
#include "simulate/stages.hpp"

namespace corslint::simulate {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
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

// The host a request goes to when only a path is given.
std::string default_host(const Setup& s) {
  if (const cloudfront::Distribution* d = s.distribution(); d != nullptr) {
    if (d->domain_name) return std::string(d->domain_name->text);
    if (!d->aliases.items.empty()) return std::string(d->aliases.items.front().text);
    return "d111111abcdef8.cloudfront.net";
  }
  if (s.cors_doc() != nullptr && !s.cors_doc()->bucket_name.empty()) {
    return s.cors_doc()->bucket_name + ".s3.amazonaws.com";
  }
  return "bucket.s3.amazonaws.com";
}

// Fetch normalises six methods to upper case; others stay as written.
void normalise_method(Trace& t) {
  Request& req = t.request;
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
}

}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

const Header* find(const std::vector<Header>& hs, std::string_view name) {
  for (const Header& h : hs) {
    if (iequals(h.name, name)) return &h;
  }
  return nullptr;
}

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

bool prepare(const Setup& s, Trace& t) {
  Request& req = t.request;
  normalise_method(t);
  std::string path = req.path.empty() ? "/" : req.path;
  if (!path.starts_with('/')) path.insert(path.begin(), '/');
  if (req.url.empty()) {
    req.url = fmt::format("https://{}{}", default_host(s), path);
  } else {
    path = path_of_url(req.url);
  }
  req.path = path;
  t.url = req.url;
  if (const cloudfront::Distribution* d = s.distribution(); d != nullptr) {
    std::string host = origin_of_url(req.url);
    host = host.substr(std::min(host.size(), host.find("://") + 3));
    bool ours = d->domain_name && iequals(d->domain_name->text, host);
    for (const auto& a : d->aliases.items) ours = ours || iequals(a.text, host);
    if (!ours) {
      t.warnings.push_back(
          fmt::format("{} is neither the distribution's domain nor an alias; "
                      "simulating it through the distribution anyway",
                      host));
    }
  }
  if (s.distribution() == nullptr && req.cache != CacheState::Cold) {
    t.warnings.push_back(
        "--cache describes CloudFront's cache, and the files hold no distribution: ignored");
  }
  if (origin_of_url(req.url) == req.origin) {
    t.cross_origin = false;
    t.allowed = true;
    t.explanation = "the page and the URL have the same origin: no CORS check applies";
    return false;
  }
  return true;
}

ScriptHeaders classify(Trace& t) {
  const Request& req = t.request;
  ScriptHeaders out;
  for (const Header& h : req.headers) {
    if (is_forbidden_request_header(h.name)) {
      t.warnings.push_back(
          fmt::format("{} is a forbidden request header: the browser does not "
                      "let scripts set it, so it is left out",
                      h.name));
      continue;
    }
    out.sent.push_back(h);
    if (!is_cors_safelisted_request_header(h.name, h.value)) {
      std::string n = lower(h.name);
      if (std::find(out.unsafe.begin(), out.unsafe.end(), n) == out.unsafe.end()) {
        out.unsafe.push_back(n);
      }
    }
  }
  std::sort(out.unsafe.begin(), out.unsafe.end());
  bool method_safe = req.method == "GET" || req.method == "HEAD" || req.method == "POST";
  if (!method_safe) {
    t.preflight_reasons.push_back(
        fmt::format("{} is not a CORS-safelisted method (GET, HEAD, POST)", req.method));
  }
  for (const std::string& n : out.unsafe) {
    const Header* h = find(out.sent, n);
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
  return out;
}

std::string_view request_kind(Api api) { return api == Api::Xhr ? "XMLHttpRequest" : "fetch"; }

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

}  // namespace corslint::simulate
