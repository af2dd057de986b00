#include "corslint/analysis/origin.hpp"

#include <algorithm>
#include <array>

#include <fmt/core.h>

#include "corslint/text.hpp"

namespace corslint {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

// `host` is `name` or a subdomain of it.
bool is_or_under(std::string_view host, std::string_view name) {
  if (iequals(host, name)) return true;
  return host.size() > name.size() && iends_with(host, name) &&
         host[host.size() - name.size() - 1] == '.';
}

std::size_t count_labels(std::string_view domain) {
  return domain.empty()
             ? 0
             : static_cast<std::size_t>(std::count(domain.begin(), domain.end(), '.')) + 1;
}

bool is_ipv4_loopback(std::string_view host) {
  if (!host.starts_with("127.")) return false;
  if (count_labels(host) != 4) return false;
  return std::all_of(host.begin(), host.end(),
                     [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
}

// Hosting platforms on which anyone can get a subdomain (all on the Public Suffix
// List's private section). A wildcard directly under one admits strangers' sites.
constexpr std::array<std::string_view, 21> kSharedHosting = {
    "cloudfront.net", "amplifyapp.com",  "vercel.app",   "netlify.app",       "netlify.com",
    "herokuapp.com",  "github.io",       "gitlab.io",    "pages.dev",         "workers.dev",
    "web.app",        "firebaseapp.com", "appspot.com",  "azurewebsites.net", "azurestaticapps.net",
    "ngrok.io",       "ngrok-free.app",  "onrender.com", "fly.dev",           "surge.sh",
    "glitch.me",
};

// Second levels under country codes where anyone can register ("co.uk", "com.au").
constexpr std::array<std::string_view, 6> kOpenSecondLevels = {"co",  "com", "net",
                                                               "org", "ne",  "or"};

bool has_upper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool has_non_ascii(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

bool valid_port(std::string_view port) {
  return std::all_of(port.begin(), port.end(),
                     [](char c) { return c == '*' || (c >= '0' && c <= '9'); });
}

}  // namespace

OriginParts parse_origin(std::string_view origin) {
  OriginParts p;
  p.wildcards = static_cast<std::size_t>(std::count(origin.begin(), origin.end(), '*'));
  p.star = origin.find('*');
  std::size_t start = 0;
  if (auto sep = origin.find("://"); sep != std::string_view::npos) {
    p.has_scheme = true;
    p.scheme = origin.substr(0, sep);
    start = sep + 3;
  }
  std::size_t end = origin.find_first_of("/?#", start);
  if (end == std::string_view::npos) end = origin.size();
  p.rest = origin.substr(end);
  std::string_view authority = origin.substr(start, end - start);
  std::size_t host_end = 0;
  if (authority.starts_with('[') && authority.find(']') != std::string_view::npos) {
    host_end = authority.find(']') + 1;
  } else {
    host_end = std::min(authority.find(':'), authority.size());
  }
  p.host = authority.substr(0, host_end);
  if (host_end < authority.size() && authority[host_end] == ':') {
    p.has_port = true;
    p.port = authority.substr(host_end + 1);
  } else if (host_end < authority.size()) {
    p.host = authority;  // "[::1" or "[::1]x": leave it whole, it matches nothing
  }
  return p;
}

std::string_view default_port(std::string_view scheme) {
  if (iequals(scheme, "https")) return "443";
  if (iequals(scheme, "http")) return "80";
  return {};
}

std::optional<std::string> canonical_origin(std::string_view origin) {
  while (!origin.empty() && is_space(origin.front())) origin.remove_prefix(1);
  while (!origin.empty() && is_space(origin.back())) origin.remove_suffix(1);
  if (std::any_of(origin.begin(), origin.end(), [](char c) { return is_space(c) || c == ','; })) {
    return std::nullopt;
  }
  OriginParts p = parse_origin(origin);
  if (!p.has_scheme || p.scheme.empty() || p.host.empty() || !valid_port(p.port)) {
    return std::nullopt;
  }
  std::string out = lower(p.scheme) + "://" + lower(p.host);
  if (!p.port.empty() && p.port != default_port(p.scheme)) {
    out += ':';
    out += p.port;
  }
  return out;
}

std::vector<std::string_view> split_origin_list(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = text.find_first_of(", \t\r\n\f\v", i);
    if (j == std::string_view::npos) j = text.size();
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string origin_defect(std::string_view entry) {
  std::vector<std::string_view> items = split_origin_list(entry);
  if (items.empty()) return "is empty: browsers always send an origin";
  if (items.size() > 1) return "holds several origins: S3 compares the whole string";
  if (items[0] != entry) return "has stray whitespace or commas: browsers never send them";
  OriginParts p = parse_origin(entry);
  // "*" matches everything, "null" is what opaque origins send, and a leading '*'
  // can stand in for the scheme ("*.example.com").
  if (entry == "*" || entry == "null" || (!p.has_scheme && p.star == 0)) return {};
  if (!p.has_scheme) return "has no scheme: browsers send scheme://host[:port]";
  if (p.host.empty()) return "has no host: browsers send scheme://host[:port]";
  if (p.rest == "/") return "ends with \"/\": browsers send origins without a trailing slash";
  if (!p.rest.empty()) {
    return fmt::format(
        "has a path, query or fragment \"{}\": browsers send only scheme://host[:port]", p.rest);
  }
  if (p.has_port && p.port.empty()) return "ends with \":\" but names no port";
  if (!valid_port(p.port)) return fmt::format("has an invalid port \"{}\"", p.port);
  if (!p.port.empty() && p.port == default_port(p.scheme)) {
    return fmt::format("names port {}, the default for {}: browsers leave the default port out",
                       p.port, p.scheme);
  }
  if (has_upper(p.scheme) || has_upper(p.host)) {
    return "has upper-case letters: browsers send the scheme and host in lower case";
  }
  if (has_non_ascii(p.host)) {
    return "has non-ASCII letters: browsers send international host names as punycode";
  }
  return {};
}

std::optional<std::string> suggested_origin(std::string_view entry) {
  std::vector<std::string_view> items = split_origin_list(entry);
  if (items.size() != 1) return std::nullopt;
  if (auto c = canonical_origin(items[0])) return c;
  OriginParts p = parse_origin(items[0]);
  if (p.has_scheme || p.host.empty() || (p.has_port && p.port.empty()) || !valid_port(p.port) ||
      p.star == 0) {
    return std::nullopt;
  }
  return canonical_origin(fmt::format("{}://{}", is_dev_host(p.host) ? "http" : "https", items[0]));
}

bool is_loopback_host(std::string_view host) {
  return is_or_under(host, "localhost") || iequals(host, "[::1]") || is_ipv4_loopback(host);
}

bool is_dev_host(std::string_view host) {
  return is_loopback_host(host) || host == "0.0.0.0" || is_or_under(host, "local");
}

std::string_view reserved_example_domain(std::string_view host) {
  for (std::string_view d : {"example.com", "example.net", "example.org"}) {
    if (is_or_under(host, d)) return d;
  }
  for (std::string_view t : {".example", ".test", ".invalid"}) {
    if (iends_with(host, t) && host.size() > t.size()) return t;
  }
  return {};
}

namespace {
// Case-insensitive search without a lower-cased copy: placeholder checks run on
// every string of every policy, so no allocation here. `needle` is lower case.
bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  const char first = needle.front();
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (lower(hay[i]) != first) continue;
    std::size_t k = 1;
    while (k < needle.size() && lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}
}  // namespace

std::string_view placeholder_marker(std::string_view origin) {
  // One pass finds brackets and the start of every word the markers below
  // need (std::string_view::find_first_of calls memchr once per character).
  bool angle = false, brace = false, word = false;
  for (std::size_t i = 0; i < origin.size(); ++i) {
    switch (origin[i]) {
      case '<':
      case '>':
        angle = true;
        break;
      case '{':
      case '}':
        brace = true;
        break;
      case 'T':  // TODO
      case 'R':  // REPLACE, replace (any case)
      case 'r':
      case 'C':  // change (any case)
      case 'c':
      case 'Y':  // your (any case)
      case 'y':
        word = true;
        break;
      default:
        break;
    }
  }
  if (angle) return "<...>";
  if (brace) return "{...}";
  if (!word) return {};
  // Upper case only: "todo" and "replace" are words real host names use.
  if (origin.find("TODO") != std::string_view::npos) return "TODO";
  if (origin.find("REPLACE") != std::string_view::npos) return "REPLACE";
  // Cheap gate: every remaining marker contains "replace", "change" or "your".
  if (!icontains(origin, "replace") && !icontains(origin, "change") && !icontains(origin, "your")) {
    return {};
  }
  for (std::string_view m : {"replace-me", "replace_me", "replaceme"}) {
    if (icontains(origin, m)) return "REPLACE";
  }
  for (std::string_view m : {"changeme", "change-me", "change_me"}) {
    if (icontains(origin, m)) return "CHANGEME";
  }
  std::string_view host = parse_origin(origin).host;
  for (std::size_t i = 0; i <= host.size();) {
    std::size_t dot = std::min(host.find('.', i), host.size());
    std::string_view label = host.substr(i, dot - i);
    if (istarts_with(label, "your-") || istarts_with(label, "your_")) return "your-";
    for (std::string_view w : {"yourdomain", "yoursite", "yourwebsite", "yourapp", "yourcompany",
                               "yourbucket", "yourserver"}) {
      if (iequals(label, w)) return w;
    }
    i = dot + 1;
  }
  return {};
}

bool is_open_registration_domain(std::string_view domain) {
  if (domain.ends_with('.')) domain.remove_suffix(1);
  std::size_t labels = count_labels(domain);
  if (labels <= 1) return true;
  std::string d = lower(domain);
  if (labels == 2) {
    std::string_view first = std::string_view(d).substr(0, d.find('.'));
    std::string_view tld = std::string_view(d).substr(d.find('.') + 1);
    if (tld.size() == 2 && std::find(kOpenSecondLevels.begin(), kOpenSecondLevels.end(), first) !=
                               kOpenSecondLevels.end()) {
      return true;
    }
  }
  if (std::find(kSharedHosting.begin(), kSharedHosting.end(), d) != kSharedHosting.end()) {
    return true;
  }
  // Buckets, API Gateway stages and load balancers get names such as
  // b.s3.us-east-1.amazonaws.com or x.execute-api.eu-west-1.amazonaws.com.
  return is_or_under(d, "amazonaws.com") && labels <= 4;
}

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

}  // namespace corslint
