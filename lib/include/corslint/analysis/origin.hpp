#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corslint {

// An AllowedOrigins entry split the way a browser's serialized origin is built:
// scheme "://" host [":" port]. Nothing is validated or normalised; every part is
// a view into the input, as written. A browser sends exactly
// `scheme://host[:port]`, lower case, default port left out, no path and no
// trailing slash (cors-semantics §3.3), so any `rest` means the entry never matches.
struct OriginParts {
  std::string_view scheme;    // before "://"; empty when there is no "://"
  std::string_view host;      // may hold '*'; IPv6 keeps its brackets
  std::string_view port;      // after the host's ':'; may be empty or hold '*'
  std::string_view rest;      // path, query or fragment: starts with '/', '?' or '#'
  bool has_scheme = false;    // "://" present
  bool has_port = false;      // a ':' follows the host (even with no digits)
  std::size_t wildcards = 0;  // number of '*' in the whole entry
  std::size_t star = std::string_view::npos;  // offset of the first '*'
};

OriginParts parse_origin(std::string_view origin);

// "443" for https, "80" for http (case-insensitive); empty for other schemes.
std::string_view default_port(std::string_view scheme);

// What a browser would send for this entry when the entry is only mis-written:
// trimmed, lower-cased, no path/query/fragment, no trailing ':' or default port.
// nullopt without a scheme or host, with an invalid port, or with whitespace or
// commas inside (a list, not a typo).
std::optional<std::string> canonical_origin(std::string_view origin);

// Splits on commas and whitespace: several origins pasted into one entry.
std::vector<std::string_view> split_origin_list(std::string_view text);

// Why a browser never sends an Origin equal to this one entry, as "<what>: <why>"
// (e.g. `ends with "/": browsers send origins without a trailing slash`), or an
// empty string when it could. Wildcards are taken as matching anything; "*",
// "null" and scheme-less patterns such as "*.example.com" can match.
std::string origin_defect(std::string_view entry);

// What the author most likely meant: canonical_origin(), or for a scheme-less
// "host[:port]" the host with http:// (development hosts) or https:// in front.
std::optional<std::string> suggested_origin(std::string_view entry);

// localhost, *.localhost, 127.0.0.0/8 and [::1] (case-insensitive).
bool is_loopback_host(std::string_view host);
// Loopback hosts plus 0.0.0.0 and mDNS *.local names: hosts of a developer's machine.
bool is_dev_host(std::string_view host);
// The documentation domains example.com/.net/.org (and subdomains) and the
// reserved top-level domains .example, .test and .invalid. Returns the reserved
// name that matched ("example.com", ".test"), or an empty view.
std::string_view reserved_example_domain(std::string_view host);
// A placeholder copied from documentation or a template: "your-" labels, "<...>",
// "{...}", REPLACE..., CHANGEME, TODO. Returns the marker that matched, or empty.
std::string_view placeholder_marker(std::string_view origin);
// True when anyone can register a name directly under `domain`: a top-level
// domain ("com"), a country second level ("co.uk"), or a shared hosting domain
// that hands out subdomains ("vercel.app", "s3.amazonaws.com", "cloudfront.net").
bool is_open_registration_domain(std::string_view domain);

// `text` as a JSON string literal, quotes included, for fixes that replace a node.
std::string json_quote(std::string_view text);

}  // namespace corslint
