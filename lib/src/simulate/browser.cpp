// The browser's checks on what comes back (docs/reference/cors-semantics.md
// §3.4, §4): Chromium's CheckAccess and preflight checks, with the console
// wording Debian's Chromium 156 prints (§4.0).
#include <algorithm>

#include <fmt/core.h>

#include "corslint/text.hpp"
#include "simulate/stages.hpp"

namespace corslint::simulate {
namespace {

constexpr std::string_view kHaveServer = " Have the server send the header with a valid value.";
constexpr std::string_view kWithCredentials =
    " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the "
    "withCredentials attribute.";

constexpr std::string_view kPreflightPrefix =
    "Response to preflight request doesn't pass access control check: ";

}  // namespace

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

}  // namespace corslint::simulate
