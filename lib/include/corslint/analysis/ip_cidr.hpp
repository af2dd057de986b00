#pragma once

// IPv4/IPv6 addresses and CIDR blocks as aws:SourceIp takes them
// ("203.0.113.0/24", "2001:db8::/32", a bare address = a single host).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corslint {

struct IpCidr {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first four
  int prefix = 0;                        // a bare address gets the full length
  bool explicit_prefix = false;          // "/n" was written

  int bits() const { return v6 ? 128 : 32; }
};

// Dotted-quad IPv4 or RFC 4291 IPv6 (with "::" and a trailing dotted quad),
// optionally followed by "/n". No zone ids, no surrounding spaces.
std::optional<IpCidr> parse_ip_cidr(std::string_view text);

// Bits after the mask are set ("10.6.0.4/24"): AWS matches the block anyway.
bool has_host_bits(const IpCidr& c);
// The same block with host bits cleared.
IpCidr network_of(const IpCidr& c);
// "10.6.0.0/24", "2001:db8::/32" (RFC 5952 compression, lower case); the
// prefix is written only when it was written or the block is not one host.
std::string to_string(const IpCidr& c);
// Every address of `inner` is in `outer` (same family only).
bool cidr_contains(const IpCidr& outer, const IpCidr& inner);

// A range no request from the internet comes from, holding all of `c`:
// "10.0.0.0/8 (RFC 1918 private)", "fc00::/7 (unique local)", ...; empty when
// `c` is (or includes) public addresses.
std::string_view non_public_range(const IpCidr& c);

}  // namespace corslint
