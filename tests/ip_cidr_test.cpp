#include <catch2/catch.hpp>

#include "corslint/analysis/ip_cidr.hpp"

using namespace corslint;

namespace {
std::string canonical(std::string_view text) {
  auto c = parse_ip_cidr(text);
  return c ? to_string(*c) : std::string("invalid");
}
std::string_view range_of(std::string_view text) {
  auto c = parse_ip_cidr(text);
  REQUIRE(c);
  return non_public_range(*c);
}
}  // namespace

TEST_CASE("IPv4 addresses and blocks parse") {
  auto c = parse_ip_cidr("203.0.113.0/24");
  REQUIRE(c);
  CHECK_FALSE(c->v6);
  CHECK(c->prefix == 24);
  CHECK(c->explicit_prefix);
  CHECK(c->bytes[0] == 203);
  CHECK(c->bytes[3] == 0);
  auto host = parse_ip_cidr("198.51.100.7");
  REQUIRE(host);
  CHECK(host->prefix == 32);
  CHECK_FALSE(host->explicit_prefix);
  CHECK(canonical("0.0.0.0/0") == "0.0.0.0/0");
  CHECK(canonical("198.51.100.7") == "198.51.100.7");
  for (std::string_view bad :
       {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1", " 1.2.3.4",
        "1.2.3.4 ", "1..2.3", "a.b.c.d", "1.2.3.4/2x", "1234.1.1.1"}) {
    INFO(bad);
    CHECK_FALSE(parse_ip_cidr(bad));
  }
}

TEST_CASE("IPv6 addresses and blocks parse and print in RFC 5952 form") {
  CHECK(canonical("2001:db8::/32") == "2001:db8::/32");
  CHECK(canonical("2001:0DB8:0000:0000:0000:0000:0000:0001") == "2001:db8::1");
  CHECK(canonical("::") == "::");
  CHECK(canonical("::/0") == "::/0");
  CHECK(canonical("::1") == "::1");
  CHECK(canonical("fe80::") == "fe80::");
  CHECK(canonical("1:0:0:2:0:0:0:3") == "1:0:0:2::3");
  CHECK(canonical("1:0:2:3:4:5:6:7") == "1:0:2:3:4:5:6:7");  // one zero group stays
  CHECK(canonical("::ffff:192.0.2.1") == "::ffff:c000:201");
  CHECK(canonical("2001:db8::/129") == "invalid");
  for (std::string_view bad :
       {":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "12345::", "fe80::1%eth0", "1:2:3:4:5:6:7:8::", "::1:", "g::1", "::1.2.3", "1.2.3.4::"}) {
    INFO(bad);
    CHECK_FALSE(parse_ip_cidr(bad));
  }
}

TEST_CASE("host bits after the mask are found and cleared") {
  auto c = parse_ip_cidr("10.6.0.4/24");
  REQUIRE(c);
  CHECK(has_host_bits(*c));
  CHECK(to_string(network_of(*c)) == "10.6.0.0/24");
  auto clean = parse_ip_cidr("203.0.113.0/24");
  REQUIRE(clean);
  CHECK_FALSE(has_host_bits(*clean));
  auto v6 = parse_ip_cidr("2001:db8::1/64");
  REQUIRE(v6);
  CHECK(has_host_bits(*v6));
  CHECK(to_string(network_of(*v6)) == "2001:db8::/64");
  auto host = parse_ip_cidr("198.51.100.7");
  REQUIRE(host);
  CHECK_FALSE(has_host_bits(*host));
}

TEST_CASE("containment compares the masked prefix") {
  auto outer = parse_ip_cidr("172.16.0.0/12");
  auto inner = parse_ip_cidr("172.31.255.0/24");
  auto outside = parse_ip_cidr("172.32.0.0/24");
  auto wider = parse_ip_cidr("172.0.0.0/8");
  auto v6 = parse_ip_cidr("::/0");
  REQUIRE((outer && inner && outside && wider && v6));
  CHECK(cidr_contains(*outer, *inner));
  CHECK_FALSE(cidr_contains(*outer, *outside));
  CHECK_FALSE(cidr_contains(*outer, *wider));
  CHECK_FALSE(cidr_contains(*v6, *inner));  // families never mix
}

TEST_CASE("non-public ranges are the ones aws:SourceIp never carries") {
  CHECK(range_of("10.1.2.3") == "10.0.0.0/8 (RFC 1918 private)");
  CHECK(range_of("10.0.0.0/8") == "10.0.0.0/8 (RFC 1918 private)");
  CHECK(range_of("172.16.5.0/24") == "172.16.0.0/12 (RFC 1918 private)");
  CHECK(range_of("192.168.1.0/24") == "192.168.0.0/16 (RFC 1918 private)");
  CHECK(range_of("127.0.0.1") == "127.0.0.0/8 (loopback)");
  CHECK(range_of("169.254.169.254") == "169.254.0.0/16 (link-local)");
  CHECK(range_of("100.64.1.1") == "100.64.0.0/10 (RFC 6598 shared carrier-grade NAT)");
  CHECK(range_of("fd12:3456::/48") == "fc00::/7 (unique local)");
  CHECK(range_of("fe80::1") == "fe80::/10 (link-local)");
  CHECK(range_of("::1") == "::1/128 (loopback)");
  // Public, or wider than any non-public range.
  CHECK(range_of("203.0.113.0/24").empty());
  CHECK(range_of("172.32.0.1").empty());
  CHECK(range_of("10.0.0.0/7").empty());
  CHECK(range_of("0.0.0.0/0").empty());
  CHECK(range_of("2001:db8::/32").empty());
  CHECK(range_of("::/0").empty());
}
