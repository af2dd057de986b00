#include "corslint/analysis/ip_cidr.hpp"

#include <iterator>

#include <fmt/core.h>

namespace corslint {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Up to `max` decimal digits, no sign; nullopt on anything else.
std::optional<int> decimal(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool parse_v4(std::string_view s, std::uint8_t* out) {
  for (int i = 0; i < 4; ++i) {
    std::size_t dot = i < 3 ? s.find('.') : s.size();
    if (dot == std::string_view::npos) return false;
    auto octet = decimal(s.substr(0, dot), 3);
    if (!octet || *octet > 255) return false;
    out[i] = static_cast<std::uint8_t>(*octet);
    s.remove_prefix(i < 3 ? dot + 1 : dot);
  }
  return s.empty();
}

// Groups of up to four hex digits; at most one "::"; an IPv4 tail fills the
// last two groups.
bool parse_v6(std::string_view s, std::uint8_t* out) {
  std::array<std::uint16_t, 8> groups{};
  int count = 0;
  int gap = -1;  // group index where "::" stands
  if (s.starts_with("::")) {
    gap = 0;
    s.remove_prefix(2);
  }
  while (!s.empty()) {
    std::size_t colon = s.find(':');
    std::string_view part = s.substr(0, colon);
    if (part.find('.') != std::string_view::npos) {
      if (colon != std::string_view::npos || count > 6) return false;
      std::uint8_t v4[4];
      if (!parse_v4(part, v4)) return false;
      groups[count++] = static_cast<std::uint16_t>(v4[0] << 8 | v4[1]);
      groups[count++] = static_cast<std::uint16_t>(v4[2] << 8 | v4[3]);
      s = {};
      break;
    }
    if (part.empty() || part.size() > 4 || count == 8) return false;
    int v = 0;
    for (char c : part) {
      int d = hex_digit(c);
      if (d < 0) return false;
      v = v * 16 + d;
    }
    groups[count++] = static_cast<std::uint16_t>(v);
    if (colon == std::string_view::npos) {
      s = {};
      break;
    }
    s.remove_prefix(colon + 1);
    if (s.starts_with(":")) {
      if (gap >= 0) return false;
      gap = count;
      s.remove_prefix(1);
    } else if (s.empty()) {
      return false;  // trailing single colon
    }
  }
  if (gap < 0 && count != 8) return false;
  if (gap >= 0 && count > 7) return false;
  std::array<std::uint16_t, 8> full{};
  if (gap < 0) {
    full = groups;
  } else {
    int tail = count - gap;
    for (int i = 0; i < gap; ++i) full[i] = groups[i];
    for (int i = 0; i < tail; ++i) full[8 - tail + i] = groups[gap + i];
  }
  for (int i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<std::uint8_t>(full[i] >> 8);
    out[2 * i + 1] = static_cast<std::uint8_t>(full[i] & 0xff);
  }
  return true;
}

bool bit(const IpCidr& c, int i) { return (c.bytes[i / 8] >> (7 - i % 8)) & 1; }

struct Range {
  std::string_view cidr;
  std::string_view name;
};

// Addresses aws:SourceIp never carries: it holds the public address a request
// came from, and requests through a VPC endpoint carry aws:VpcSourceIp instead.
constexpr Range kNonPublic[] = {
    {"0.0.0.0/8", "0.0.0.0/8 (\"this network\")"},
    {"10.0.0.0/8", "10.0.0.0/8 (RFC 1918 private)"},
    {"100.64.0.0/10", "100.64.0.0/10 (RFC 6598 shared carrier-grade NAT)"},
    {"127.0.0.0/8", "127.0.0.0/8 (loopback)"},
    {"169.254.0.0/16", "169.254.0.0/16 (link-local)"},
    {"172.16.0.0/12", "172.16.0.0/12 (RFC 1918 private)"},
    {"192.168.0.0/16", "192.168.0.0/16 (RFC 1918 private)"},
    {"::/128", "::/128 (unspecified)"},
    {"::1/128", "::1/128 (loopback)"},
    {"fc00::/7", "fc00::/7 (unique local)"},
    {"fe80::/10", "fe80::/10 (link-local)"},
};

}  // namespace

std::optional<IpCidr> parse_ip_cidr(std::string_view text) {
  IpCidr c;
  std::string_view addr = text;
  std::size_t slash = text.find('/');
  if (slash != std::string_view::npos) addr = text.substr(0, slash);
  c.v6 = addr.find(':') != std::string_view::npos;
  if (!(c.v6 ? parse_v6(addr, c.bytes.data()) : parse_v4(addr, c.bytes.data()))) {
    return std::nullopt;
  }
  c.prefix = c.bits();
  if (slash != std::string_view::npos) {
    auto p = decimal(text.substr(slash + 1), 3);
    if (!p || *p > c.bits()) return std::nullopt;
    c.prefix = *p;
    c.explicit_prefix = true;
  }
  return c;
}

bool has_host_bits(const IpCidr& c) {
  for (int i = c.prefix; i < c.bits(); ++i) {
    if (bit(c, i)) return true;
  }
  return false;
}

IpCidr network_of(const IpCidr& c) {
  IpCidr n = c;
  for (int i = c.prefix; i < c.bits(); ++i) {
    n.bytes[i / 8] = static_cast<std::uint8_t>(n.bytes[i / 8] & ~(1u << (7 - i % 8)));
  }
  return n;
}

std::string to_string(const IpCidr& c) {
  std::string out;
  if (!c.v6) {
    out = fmt::format("{}.{}.{}.{}", c.bytes[0], c.bytes[1], c.bytes[2], c.bytes[3]);
  } else {
    std::array<unsigned, 8> g{};
    for (int i = 0; i < 8; ++i)
      g[i] = static_cast<unsigned>(c.bytes[2 * i] << 8 | c.bytes[2 * i + 1]);
    int best = -1, best_len = 1;  // RFC 5952: compress the longest run of >= 2 zero groups
    for (int i = 0; i < 8;) {
      int j = i;
      while (j < 8 && g[j] == 0) ++j;
      if (j - i > best_len) {
        best = i;
        best_len = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    for (int i = 0; i < 8; ++i) {
      if (i == best) {
        out += "::";
        i += best_len - 1;
        continue;
      }
      if (!out.empty() && !out.ends_with(':')) out += ':';
      out += fmt::format("{:x}", g[i]);
    }
  }
  if (c.explicit_prefix || c.prefix != c.bits()) out += fmt::format("/{}", c.prefix);
  return out;
}

bool cidr_contains(const IpCidr& outer, const IpCidr& inner) {
  if (outer.v6 != inner.v6 || inner.prefix < outer.prefix) return false;
  // Whole bytes, then the leading bits of the next one (not bit by bit: P021
  // asks this for every address of a policy, up to eleven times).
  const int whole = outer.prefix / 8, rest = outer.prefix % 8;
  for (int i = 0; i < whole; ++i) {
    if (outer.bytes[static_cast<std::size_t>(i)] != inner.bytes[static_cast<std::size_t>(i)]) {
      return false;
    }
  }
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xFFu << (8 - rest));
  const auto at = static_cast<std::size_t>(whole);
  return (outer.bytes[at] & mask) == (inner.bytes[at] & mask);
}

std::string_view non_public_range(const IpCidr& c) {
  // Parsed once: a policy can list a million addresses.
  static const auto kParsed = [] {
    std::array<IpCidr, std::size(kNonPublic)> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = *parse_ip_cidr(kNonPublic[i].cidr);
    return out;
  }();
  for (std::size_t i = 0; i < kParsed.size(); ++i) {
    if (cidr_contains(kParsed[i], c)) return kNonPublic[i].name;
  }
  return {};
}

}  // namespace corslint
