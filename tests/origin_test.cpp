#include <catch2/catch.hpp>

#include "corslint/analysis/origin.hpp"

using namespace corslint;

TEST_CASE("parse_origin splits scheme, host, port and the rest") {
  OriginParts p = parse_origin("https://app.example.com:8443/path?q#f");
  CHECK(p.has_scheme);
  CHECK(p.scheme == "https");
  CHECK(p.host == "app.example.com");
  CHECK(p.has_port);
  CHECK(p.port == "8443");
  CHECK(p.rest == "/path?q#f");
  CHECK(p.wildcards == 0);

  p = parse_origin("https://app.example.com/");
  CHECK(p.rest == "/");
  CHECK_FALSE(p.has_port);

  p = parse_origin("http://[::1]:3000");
  CHECK(p.host == "[::1]");
  CHECK(p.port == "3000");

  p = parse_origin("https://app.example.com:");
  CHECK(p.has_port);
  CHECK(p.port.empty());
}

TEST_CASE("parse_origin keeps wildcards and scheme-less entries") {
  OriginParts p = parse_origin("*.example.com");
  CHECK_FALSE(p.has_scheme);
  CHECK(p.host == "*.example.com");
  CHECK(p.wildcards == 1);
  CHECK(p.star == 0);

  p = parse_origin("https://*.example.*");
  CHECK(p.wildcards == 2);
  CHECK(p.star == 8);

  p = parse_origin("http*://app.example.com");
  CHECK(p.scheme == "http*");
  CHECK(p.host == "app.example.com");

  p = parse_origin("localhost:3000");
  CHECK(p.host == "localhost");
  CHECK(p.port == "3000");

  p = parse_origin("https://app.example.com/*");
  CHECK(p.rest == "/*");
  CHECK(p.star == 24);
}

TEST_CASE("canonical_origin is what a browser would send") {
  CHECK(canonical_origin("https://app.example.com/") == "https://app.example.com");
  CHECK(canonical_origin("HTTPS://App.Example.com") == "https://app.example.com");
  CHECK(canonical_origin("https://app.example.com:443") == "https://app.example.com");
  CHECK(canonical_origin("http://app.example.com:80/x") == "http://app.example.com");
  CHECK(canonical_origin("https://app.example.com:8443") == "https://app.example.com:8443");
  CHECK(canonical_origin("http://localhost:443") == "http://localhost:443");
  CHECK(canonical_origin(" https://app.example.com\t") == "https://app.example.com");
  CHECK(canonical_origin("https://app.example.com:") == "https://app.example.com");
  CHECK(canonical_origin("capacitor://localhost") == "capacitor://localhost");
  CHECK_FALSE(canonical_origin("app.example.com").has_value());
  CHECK_FALSE(canonical_origin("https://app.example.com:abc").has_value());
  CHECK_FALSE(canonical_origin("https://a.example.com, https://b.example.com").has_value());
  CHECK_FALSE(canonical_origin("https://a.example.com,https://b.example.com").has_value());
}

TEST_CASE("default ports") {
  CHECK(default_port("https") == "443");
  CHECK(default_port("HTTP") == "80");
  CHECK(default_port("wss").empty());
}

TEST_CASE("loopback and development hosts") {
  CHECK(is_loopback_host("localhost"));
  CHECK(is_loopback_host("LocalHost"));
  CHECK(is_loopback_host("app.localhost"));
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.1.2.3"));
  CHECK(is_loopback_host("[::1]"));
  CHECK_FALSE(is_loopback_host("localhost.example.com"));
  CHECK_FALSE(is_loopback_host("mylocalhost"));
  CHECK_FALSE(is_loopback_host("127.0.0.1.evil.com"));
  CHECK_FALSE(is_loopback_host("0.0.0.0"));
  CHECK(is_dev_host("0.0.0.0"));
  CHECK(is_dev_host("printer.local"));
  CHECK(is_dev_host("*.local"));
  CHECK(is_dev_host("localhost"));
  CHECK_FALSE(is_dev_host("app.example.com"));
  CHECK_FALSE(is_dev_host("local.example.com"));
}

TEST_CASE("reserved example domains") {
  CHECK(reserved_example_domain("example.com") == "example.com");
  CHECK(reserved_example_domain("app.example.org") == "example.org");
  CHECK(reserved_example_domain("*.example.net") == "example.net");
  CHECK(reserved_example_domain("myapp.test") == ".test");
  CHECK(reserved_example_domain("shop.example") == ".example");
  CHECK(reserved_example_domain("x.invalid") == ".invalid");
  CHECK(reserved_example_domain("myexample.com").empty());
  CHECK(reserved_example_domain("example.com.au").empty());
  CHECK(reserved_example_domain("test").empty());
  CHECK(reserved_example_domain("latest.io").empty());
}

TEST_CASE("domains open to registration") {
  CHECK(is_open_registration_domain("com"));
  CHECK(is_open_registration_domain("co.uk"));
  CHECK(is_open_registration_domain("com.au"));
  CHECK(is_open_registration_domain("vercel.app"));
  CHECK(is_open_registration_domain("cloudfront.net"));
  CHECK(is_open_registration_domain("s3.amazonaws.com"));
  CHECK(is_open_registration_domain("s3.us-east-1.amazonaws.com"));
  CHECK_FALSE(is_open_registration_domain("example.com"));
  CHECK_FALSE(is_open_registration_domain("myapp.vercel.app"));
  CHECK_FALSE(is_open_registration_domain("abc123.execute-api.us-east-1.amazonaws.com"));
  CHECK_FALSE(is_open_registration_domain("example.co.uk"));
}

TEST_CASE("json_quote escapes for a replacement string node") {
  CHECK(json_quote("https://a.example.com") == "\"https://a.example.com\"");
  CHECK(json_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_quote("a\nb") == "\"a\\u000ab\"");
}

TEST_CASE("origin_defect says why an entry never matches") {
  CHECK(origin_defect("https://app.example.com").empty());
  CHECK(origin_defect("https://app.example.com:8443").empty());
  CHECK(origin_defect("https://*.example.com").empty());
  CHECK(origin_defect("http://[::1]:3000").empty());
  CHECK(origin_defect("capacitor://localhost").empty());
  CHECK(origin_defect("https://app.example.com/").starts_with("ends with \"/\""));
  CHECK(origin_defect("https://app.example.com/x").starts_with("has a path"));
  CHECK(origin_defect("app.example.com").starts_with("has no scheme"));
  CHECK(origin_defect("https://app.example.com:443").starts_with("names port 443"));
  CHECK(origin_defect("http://app.example.com:80").starts_with("names port 80"));
  CHECK(origin_defect("https://app.example.com:80").empty());
  CHECK(origin_defect("https://App.example.com").starts_with("has upper-case"));
  CHECK(origin_defect(" https://app.example.com").starts_with("has stray"));
  CHECK(origin_defect("https://a.example.com https://b.example.com").starts_with("holds several"));
  CHECK(origin_defect("").starts_with("is empty"));
  CHECK(origin_defect("*").empty());
  CHECK(origin_defect("null").empty());
  CHECK(origin_defect("*.example.com").empty());
  CHECK(origin_defect("example.*").starts_with("has no scheme"));
}

TEST_CASE("suggested_origin repairs what is mechanical and guesses a missing scheme") {
  CHECK(suggested_origin("https://App.example.com/") == "https://app.example.com");
  CHECK(suggested_origin("app.example.com") == "https://app.example.com");
  CHECK(suggested_origin("localhost:3000") == "http://localhost:3000");
  CHECK_FALSE(suggested_origin("*.example.com").has_value());
  CHECK(suggested_origin("app.example.com/") == "https://app.example.com");
  CHECK_FALSE(suggested_origin("/app").has_value());
  CHECK_FALSE(suggested_origin("a.example.com b.example.com").has_value());
}

TEST_CASE("placeholders copied from documentation") {
  CHECK(placeholder_marker("https://your-cloudfront-domain.com") == "your-");
  CHECK(placeholder_marker("https://app.your_company.com") == "your-");
  CHECK(placeholder_marker("https://yourdomain.com") == "yourdomain");
  CHECK(placeholder_marker("https://<your-domain>") == "<...>");
  CHECK(placeholder_marker("${var.origin}") == "{...}");
  CHECK(placeholder_marker("https://{{domain}}") == "{...}");
  CHECK(placeholder_marker("https://REPLACE_WITH_DOMAIN") == "REPLACE");
  CHECK(placeholder_marker("https://replace-me.example.com") == "REPLACE");
  CHECK(placeholder_marker("https://CHANGEME.com") == "CHANGEME");
  CHECK(placeholder_marker("https://TODO.example.com") == "TODO");
  CHECK(placeholder_marker("https://todo.acme.io").empty());
  CHECK(placeholder_marker("https://yourself.io").empty());
  CHECK(placeholder_marker("https://app.example.com").empty());
  CHECK(placeholder_marker("http://localhost:3000").empty());
  CHECK(placeholder_marker("https://www.replace.com").empty());
}
