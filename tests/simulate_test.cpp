// The request simulator: every testdata/simulate/<scenario>/ (bundle files, a
// request.json with the request and the expected verdict, a trace.expected
// snapshot of the text trace), with no per-scenario test code; plus the
// command line's exit codes and JSON shape.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "corslint/analysis/http_headers.hpp"
#include "corslint/engine.hpp"
#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"
#include "corslint/simulate.hpp"
#include "corslint/text.hpp"
#include "fixture_support.hpp"

using namespace corslint;
using namespace corslint::testing;
namespace fs = std::filesystem;

namespace {

bool update_snapshots() {
  const char* v = std::getenv("CORSLINT_UPDATE_SNAPSHOTS");
  return v != nullptr && std::string_view(v) == "1";
}

struct Scenario {
  simulate::Request request;
  std::string bundle;  // relative to the source dir
  bool allowed = false;
  std::string blocked_at, message, fix_file, fix_setting;
};

std::string str(const json::Tree& t, json::NodeId obj, std::string_view key) {
  return std::string(t.str(t.get(obj, key)));
}

bool boolean(const json::Tree& t, json::NodeId obj, std::string_view key) {
  json::NodeId n = t.get(obj, key);
  return n != json::kNoNode && t[n].type == json::Type::Bool && t[n].boolean;
}

Scenario read_scenario(const fs::path& dir) {
  std::string text = read_file((dir / "request.json").string());
  SourceError err;
  auto src = Source::from_bytes("request.json", text, err);
  REQUIRE(err.code.empty());
  json::ParseResult parsed = json::parse(*src);
  REQUIRE(parsed.ok);
  const json::Tree& t = parsed.tree;
  json::NodeId root = t.root();
  Scenario s;
  simulate::Request& r = s.request;
  r.origin = str(t, root, "origin");
  if (std::string m = str(t, root, "method"); !m.empty()) r.method = m;
  r.url = str(t, root, "url");
  r.path = str(t, root, "path");
  r.credentials = boolean(t, root, "credentials");
  r.api = str(t, root, "api") == "xhr" ? simulate::Api::Xhr : simulate::Api::Fetch;
  r.browser =
      str(t, root, "browser") == "spec" ? simulate::Browser::Spec : simulate::Browser::Chromium;
  std::string cache = str(t, root, "cache");
  r.cache = cache == "after-non-cors" ? simulate::CacheState::AfterNonCors
            : cache == "after-origin" ? simulate::CacheState::AfterOrigin
                                      : simulate::CacheState::Cold;
  r.cache_origin = str(t, root, "cache_origin");
  if (json::NodeId hs = t.get(root, "headers"); hs != json::kNoNode) {
    for (json::NodeId h : t.children(hs)) {
      std::string_view line = t.str(h);
      auto colon = line.find(':');
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      r.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
    }
  }
  std::string rel = fs::relative(dir, kSourceDir).generic_string();
  std::string bundle = str(t, root, "bundle");
  s.bundle =
      bundle.empty() ? rel : fs::path(rel + "/" + bundle).lexically_normal().generic_string();
  json::NodeId e = t.get(root, "expect");
  REQUIRE(e != json::kNoNode);
  s.allowed = boolean(t, e, "allowed");
  s.blocked_at = str(t, e, "blocked_at");
  s.message = str(t, e, "message");
  s.fix_file = str(t, e, "fix_file");
  s.fix_setting = str(t, e, "fix_setting");
  return s;
}

// The bundle's files: every *.json of the folder except request.json.
std::vector<std::string> bundle_files(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& f : fs::directory_iterator(dir)) {
    std::string name = f.path().filename().string();
    if (name.ends_with(".json") && name != "request.json") {
      out.push_back(dir + "/" + name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("simulate scenarios give their expected verdict, message and trace", "[simulate]") {
  fs::path root = fs::path(kSourceDir) / "testdata" / "simulate";
  REQUIRE(fs::is_directory(root));
  std::vector<fs::path> dirs;
  for (const auto& d : fs::directory_iterator(root)) dirs.push_back(d.path());
  std::sort(dirs.begin(), dirs.end());
  REQUIRE(dirs.size() >= 20);
  for (const fs::path& dir : dirs) {
    DYNAMIC_SECTION(dir.filename().string()) {
      Scenario s = read_scenario(dir);
      std::string cwd = fs::current_path().string();
      fs::current_path(kSourceDir);
      auto loaded = simulate::load_bundle(bundle_files(s.bundle));
      INFO("load errors: " << (loaded->errors.empty() ? "" : loaded->errors.front()));
      REQUIRE(loaded->errors.empty());
      simulate::Trace trace = simulate::run(loaded->bundle, s.request);
      fs::current_path(cwd);
      std::string text = simulate::to_text(trace);
      INFO(text);
      CHECK(trace.allowed == s.allowed);
      CHECK((trace.blocked_at ? std::string(simulate::to_string(*trace.blocked_at)) : "") ==
            s.blocked_at);
      CHECK(trace.message == s.message);
      if (!s.allowed) {
        REQUIRE(trace.fix.has_value());
        CHECK(simulate::setting_label(*trace.fix) == s.fix_setting);
        if (!s.fix_file.empty()) CHECK(trace.fix->location.file == s.fix_file);
      }
      fs::path snap = dir / "trace.expected";
      if (update_snapshots()) {
        write_file(snap.string(), text);
      } else {
        INFO("snapshot " << snap.string() << " (CORSLINT_UPDATE_SNAPSHOTS=1 rewrites it)");
        REQUIRE(fs::exists(snap));
        CHECK(read_file(snap.string()) == text);
      }
    }
  }
}

TEST_CASE("CORS-safelisted request headers are judged by value", "[simulate]") {
  CHECK(is_cors_safelisted_request_header("Content-Type", "text/plain;charset=UTF-8"));
  CHECK(is_cors_safelisted_request_header("content-type", "multipart/form-data; boundary=x"));
  CHECK_FALSE(is_cors_safelisted_request_header("Content-Type", "application/json"));
  CHECK(is_cors_safelisted_request_header("Accept", "*/*"));
  CHECK_FALSE(is_cors_safelisted_request_header("Accept", "a\"b"));
  CHECK(is_cors_safelisted_request_header("Accept-Language", "en-US,en;q=0.9"));
  CHECK_FALSE(is_cors_safelisted_request_header("Accept-Language", "en(US)"));
  CHECK(is_cors_safelisted_request_header("Range", "bytes=0-99"));
  CHECK(is_cors_safelisted_request_header("Range", "bytes=100-"));
  CHECK_FALSE(is_cors_safelisted_request_header("Range", "bytes=0-1,5-6"));
  CHECK_FALSE(is_cors_safelisted_request_header("Authorization", "Bearer x"));
  CHECK_FALSE(is_cors_safelisted_request_header("Accept", std::string(129, 'a')));
}

TEST_CASE("CloudFront path patterns", "[simulate]") {
  CHECK(path_pattern_match("/images/*.jpg", "/images/a/b.jpg"));
  CHECK(path_pattern_match("images/*", "/images/x"));
  CHECK(path_pattern_match("/a?c", "/abc"));
  CHECK_FALSE(path_pattern_match("/a?c", "/ac"));
  CHECK_FALSE(path_pattern_match("/Images/*", "/images/x"));
  CHECK(path_pattern_match("*", "/anything"));
  CHECK(path_pattern_match("/api/*", "/api/"));
  CHECK_FALSE(path_pattern_match("/api/*", "/api"));
}

TEST_CASE("simulate: exit codes 0 accept, 1 block, 2 usage", "[simulate][cli]") {
  std::string out;
  CHECK(run_cli("simulate testdata/simulate/allowed-simple-get/cors.json --origin "
                "https://app.example.com",
                out) == 0);
  // The seed post's "Tada!": its response headers policy lets a plain GET through...
  CHECK(run_cli("simulate testdata/examples/seed-blog --origin http://localhost:3000 --path "
                "/index.html",
                out) == 0);
  // ...but a request that needs a preflight still fails at S3.
  CHECK(run_cli("simulate testdata/examples/seed-blog --origin http://localhost:3000 --path "
                "/data/items.json --header 'Content-Type: application/json'",
                out) == 1);
  CHECK(out.find("Console: Access to fetch at "
                 "'https://d111111abcdef8.cloudfront.net/data/items.json' from origin "
                 "'http://localhost:3000' has been blocked by CORS policy: Response to preflight "
                 "request doesn't pass access control check: It does not have HTTP ok "
                 "status.\n") != std::string::npos);
  CHECK(out.find("Fix: testdata/examples/seed-blog/cors.json:") != std::string::npos);
  CHECK(run_cli("simulate testdata/examples/seed-blog", out, true) == 2);
  CHECK(run_cli("simulate testdata/examples/seed-blog --origin localhost:3000", out, true) == 2);
  CHECK(run_cli("simulate testdata/examples/seed-blog --origin http://a.example --api ws", out,
                true) == 2);
  CHECK(run_cli("simulate testdata/examples/seed-blog --origin http://a.example --cache "
                "after-origin",
                out, true) == 2);
  CHECK(run_cli("simulate testdata/examples/seed-blog --origin http://a.example --url /x --path /y",
                out, true) == 2);
  CHECK(run_cli("simulate testdata/examples --origin http://a.example", out, true) == 2);
  // A header value with a comma stays one header.
  CHECK(run_cli("simulate testdata/simulate/s3-preflight-allowed-put/cors.json --origin "
                "https://app.example.com --method PUT --header 'Accept: a/b, c/d' --format json",
                out) == 0);
  CHECK(out.find("\"value\": \"a/b, c/d\"") != std::string::npos);
}

TEST_CASE("simulate --format json has the documented top-level structure", "[simulate][cli]") {
  std::string out;
  REQUIRE(run_cli("simulate testdata/simulate/cloudfront-b-cached-without-origin --origin "
                  "https://app.example.com --cache after-non-cors --format json",
                  out) == 1);
  SourceError err;
  auto src = Source::from_bytes("out.json", out, err);
  json::ParseResult parsed = json::parse(*src);
  REQUIRE(parsed.ok);
  const json::Tree& t = parsed.tree;
  std::vector<std::string> keys;
  for (json::NodeId c : t.children(t.root())) keys.emplace_back(t[c].key);
  CHECK(keys == std::vector<std::string>{"version", "request", "warnings", "cross_origin",
                                         "preflight", "exchanges", "verdict"});
  json::NodeId ex = t.children(t.get(t.root(), "exchanges")).front();
  json::NodeId cf = t.get(ex, "cloudfront");
  CHECK(t[t.get(cf, "served_from_cache")].boolean);
  json::NodeId verdict = t.get(t.root(), "verdict");
  CHECK_FALSE(t[t.get(verdict, "allowed")].boolean);
  CHECK(t.str(t.get(t.get(verdict, "fix"), "setting")) == "CachePolicyId");
}

TEST_CASE("docs/simulate.md transcripts are what the command prints", "[simulate][docs]") {
  std::string doc = read_file(std::string(kSourceDir) + "/docs/simulate.md");
  const std::string start = "```\n$ corslint simulate";
  const std::string rc_marker = "\n$ echo $?\n";
  std::size_t pos = 0;
  int checked = 0;
  while ((pos = doc.find(start, pos)) != std::string::npos) {
    std::size_t cmd_begin = pos + 15;  // after "```\n$ corslint "
    std::size_t cmd_end = doc.find('\n', cmd_begin);
    std::size_t rc_at = doc.find(rc_marker, cmd_end);
    REQUIRE(rc_at != std::string::npos);
    std::string args = doc.substr(cmd_begin, cmd_end - cmd_begin);
    std::string expected = doc.substr(cmd_end + 1, rc_at - cmd_end - 1) + "\n";
    int expected_rc = std::stoi(doc.substr(rc_at + rc_marker.size(), 1));
    std::string out;
    int rc = run_cli(args, out);
    INFO(args);
    CHECK(rc == expected_rc);
    CHECK(out == expected);
    ++checked;
    pos = rc_at;
  }
  CHECK(checked >= 4);
}

TEST_CASE("X010 leaves F005 and F007 failures to them while the simulator still blocks them",
          "[simulate]") {
  struct Case {
    const char* dir;
    const char* method;
    simulate::Setting setting;
  };
  for (const Case& c :
       {Case{"testdata/rules/X010/good-left-to-f005", "PUT",
             simulate::Setting::BehaviorAllowedMethods},
        Case{"testdata/rules/X010/good-left-to-f007", "GET", simulate::Setting::CachePolicyId}}) {
    INFO(c.dir);
    std::string cwd = fs::current_path().string();
    fs::current_path(kSourceDir);
    auto loaded = simulate::load_bundle({c.dir});
    fs::current_path(cwd);
    REQUIRE(loaded->errors.empty());
    simulate::Request r;
    r.origin = "https://app.example.com";
    r.method = c.method;
    simulate::Trace t = simulate::run(loaded->bundle, r);
    CHECK_FALSE(t.allowed);
    REQUIRE(t.fix.has_value());
    CHECK(t.fix->setting == c.setting);
  }
}
