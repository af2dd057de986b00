// `corslint simulate PATH... --origin URL ...`: one request through a bundle.
#include <optional>

#include <fmt/core.h>
#include <cxxopts.hpp>

#include "commands.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/engine.hpp"
#include "corslint/simulate.hpp"

namespace corslint::cli {
namespace {

cxxopts::Options make_options() {
  cxxopts::Options o("corslint simulate",
                     "What S3 and CloudFront answer to one browser request, and whether the "
                     "browser accepts it.");
  o.custom_help(
      "PATH... --origin URL [--method GET] [--header 'Name: value']... [--url URL | --path /key] "
      "[--credentials] [--api fetch|xhr] [--browser chromium|spec] "
      "[--cache cold|after-non-cors|after-origin URL] [--format text|json]");
  o.positional_help("");
  o.add_options()("paths", "files or folders holding one setup",
                  cxxopts::value<std::vector<std::string>>())(
      "origin", "the page's origin, e.g. http://localhost:3000", cxxopts::value<std::string>())(
      "method", "HTTP method", cxxopts::value<std::string>()->default_value("GET"))(
      "header", "a request header the script sets, 'Name: value' (repeatable)")(
      "url", "the full URL requested", cxxopts::value<std::string>())(
      "path", "the path requested on the distribution or bucket (default /)",
      cxxopts::value<std::string>())("credentials",
                                     "credentials: 'include' (fetch) / withCredentials (XHR)")(
      "api", "fetch or xhr", cxxopts::value<std::string>()->default_value("fetch"))(
      "browser", "chromium (Debian's Chromium as observed) or spec (the Fetch standard)",
      cxxopts::value<std::string>()->default_value("chromium"))(
      "cache", "CloudFront cache before the request: cold, after-non-cors, after-origin URL")(
      "f,format", "text or json", cxxopts::value<std::string>()->default_value("text"))(
      "h,help", "print this help and exit");
  o.parse_positional({"paths"});
  return o;
}

// A 'Name: value' --header, trimmed as a browser's Headers object would.
std::optional<simulate::Header> parse_header(const std::string& v) {
  auto colon = v.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string name = v.substr(0, colon);
  std::string val = v.substr(colon + 1);
  while (!val.empty() && (val.front() == ' ' || val.front() == '\t')) val.erase(0, 1);
  while (!val.empty() && (val.back() == ' ' || val.back() == '\t')) val.pop_back();
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return simulate::Header{name, val};
}

// --header values may hold commas and --cache after-origin takes a second
// word: both are taken out of `args` before cxxopts sees the rest. Returns an
// exit status when the arguments are wrong.
std::optional<int> take_raw_options(const std::vector<std::string>& args, simulate::Request& req,
                                    std::string& cache, std::vector<std::string>& rest) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string_view flag, std::string& out) {
      if (a == flag) {
        if (i + 1 >= args.size()) return -1;
        out = args[++i];
        return 1;
      }
      if (a.starts_with(std::string(flag) + "=")) {
        out = a.substr(flag.size() + 1);
        return 1;
      }
      return 0;
    };
    std::string v;
    int r = value("--header", v);
    if (r == 0) r = value("-H", v);
    if (r < 0) return usage_error("--header needs a value 'Name: value'");
    if (r > 0) {
      std::optional<simulate::Header> h = parse_header(v);
      if (!h) return usage_error(fmt::format("--header '{}' is not 'Name: value'", v));
      req.headers.push_back(std::move(*h));
      continue;
    }
    r = value("--cache", v);
    if (r < 0) return usage_error("--cache needs cold, after-non-cors or after-origin URL");
    if (r > 0) {
      cache = v;
      if (v == "after-origin") {
        if (i + 1 >= args.size() || args[i + 1].starts_with("-")) {
          return usage_error("--cache after-origin needs the other origin's URL");
        }
        req.cache_origin = args[++i];
      } else if (v.starts_with("after-origin=")) {
        cache = "after-origin";
        req.cache_origin = v.substr(13);
      }
      continue;
    }
    rest.push_back(a);
  }
  return std::nullopt;
}

// The choices that are one word of a fixed set: --api, --browser, --cache.
std::optional<int> read_choices(const cxxopts::ParseResult& parsed, const std::string& cache,
                                simulate::Request& req) {
  std::string api = parsed["api"].as<std::string>();
  if (api == "fetch") {
    req.api = simulate::Api::Fetch;
  } else if (api == "xhr") {
    req.api = simulate::Api::Xhr;
  } else {
    return usage_error(fmt::format("unknown --api '{}'", api), "use fetch or xhr");
  }
  std::string browser = parsed["browser"].as<std::string>();
  if (browser == "chromium") {
    req.browser = simulate::Browser::Chromium;
  } else if (browser == "spec") {
    req.browser = simulate::Browser::Spec;
  } else {
    return usage_error(fmt::format("unknown --browser '{}'", browser), "use chromium or spec");
  }
  if (cache == "cold") {
    req.cache = simulate::CacheState::Cold;
  } else if (cache == "after-non-cors") {
    req.cache = simulate::CacheState::AfterNonCors;
  } else if (cache == "after-origin") {
    req.cache = simulate::CacheState::AfterOrigin;
    if (std::string e = simulate::origin_error(req.cache_origin); !e.empty()) {
      return usage_error(fmt::format("--cache after-origin {}", e));
    }
  } else {
    return usage_error(fmt::format("unknown --cache '{}'", cache),
                       "use cold, after-non-cors or after-origin URL");
  }
  return std::nullopt;
}

// The request the options describe (origin, method, URL or path, credentials).
std::optional<int> read_request(const cxxopts::ParseResult& parsed, const std::string& cache,
                                simulate::Request& req) {
  if (!parsed.count("origin"))
    return usage_error("simulate needs --origin URL (the page's origin)");
  req.origin = parsed["origin"].as<std::string>();
  if (std::string e = simulate::origin_error(req.origin); !e.empty()) {
    return usage_error(fmt::format("--origin {}", e));
  }
  req.method = parsed["method"].as<std::string>();
  if (req.method.empty()) return usage_error("--method is empty");
  if (parsed.count("url") && parsed.count("path")) {
    return usage_error("give --url or --path, not both");
  }
  if (parsed.count("url")) {
    req.url = parsed["url"].as<std::string>();
    if (req.url.find("://") == std::string::npos) {
      return usage_error(fmt::format("--url '{}' is not an absolute URL", req.url));
    }
  }
  if (parsed.count("path")) req.path = parsed["path"].as<std::string>();
  req.credentials = parsed.count("credentials") > 0;
  return read_choices(parsed, cache, req);
}

}  // namespace

int run_simulate(std::vector<std::string> args) {
  simulate::Request req;
  std::vector<std::string> rest;
  std::string cache = "cold";
  if (std::optional<int> exit = take_raw_options(args, req, cache, rest)) return *exit;

  auto options = make_options();
  std::vector<const char*> argv{"corslint simulate"};
  for (const auto& a : rest) argv.push_back(a.c_str());
  cxxopts::ParseResult parsed;
  try {
    parsed = options.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const cxxopts::exceptions::exception& e) {
    return usage_error(e.what(), "run 'corslint simulate --help' for usage");
  }
  if (parsed.count("help")) {
    fmt::print("{}\n", options.help());
    fmt::print("Exit status: 0 the browser accepts the request, 1 it blocks it, 2 usage error.\n");
    return kExitOk;
  }
  if (!parsed.count("paths")) return usage_error("simulate needs the files of a setup (PATH...)");
  if (std::optional<int> exit = read_request(parsed, cache, req)) return *exit;
  std::string format = parsed["format"].as<std::string>();
  if (format != "text" && format != "json") {
    return usage_error(fmt::format("unknown --format '{}'", format), "use text or json");
  }

  auto loaded = simulate::load_bundle(parsed["paths"].as<std::vector<std::string>>());
  if (!loaded->errors.empty()) {
    for (const std::string& e : loaded->errors) say("corslint: error: {}", e);
    return usage_error("cannot simulate with these files",
                       "run 'corslint lint' on them, or pass one bucket/distribution setup");
  }
  if (loaded->bundle.documents.empty()) {
    return usage_error("no S3 CORS, bucket policy or CloudFront document among the files");
  }
  const Setup setup(loaded->bundle);
  simulate::Trace trace = simulate::run(setup, req);
  std::string out = format == "json" ? simulate::to_json(trace) : simulate::to_text(trace);
  if (!write_output("", out)) return kExitUsage;
  return trace.allowed ? kExitOk : kExitFindings;
}

}  // namespace corslint::cli
