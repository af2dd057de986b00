// libFuzzer target over what names files and what configures a scan: globs
// (`exclude`, `per_file_ignores`, `suppress`, `bundles`), .gitignore lines,
// the IAM glob, and `.corslint.json` itself. The first byte picks what the
// rest is:
//   0  glob '\0' path         path_glob_match and path_matches
//   1  .gitignore '\0' path   the scan's .gitignore rules, as file and as directory
//   2  glob '\0' value        glob_match (IAM), both cases
//   3+ .corslint.json bytes   the config reader, then every glob it holds
//                             against a few paths
// Traps on a crash (the sanitizers) and on an input that takes more than
// kBudget: every matcher is at most pattern x path, so a slow input is a bug.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "corslint/config.hpp"
#include "corslint/text.hpp"
#include "engine/files.hpp"

namespace {

using namespace corslint;

constexpr std::chrono::seconds kBudget{5};

const std::string_view kPaths[] = {"cors.json", "vendor/aws/s3/cors.json",
                                   "./a/b/c/d/e/f/policy.json", "legacy/x.template",
                                   "a//b/.corslint.json"};

void split(std::string_view rest, std::string_view& a, std::string_view& b) {
  std::size_t nul = rest.find('\0');
  a = rest.substr(0, nul);
  b = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
}

void globs_of(const Config& c) {
  for (std::string_view path : kPaths) {
    for (const std::string& g : c.exclude) path_matches(g, path);
    for (const auto& [g, codes] : c.per_file_ignores) path_matches(g, path);
    for (const Suppression& s : c.suppress) path_matches(s.path, path);
    for (const BundleSpec& b : c.bundles) {
      for (const std::string& g : b.files) path_matches(g, path);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto start = std::chrono::steady_clock::now();
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string_view a, b;
  switch (data[0]) {
    case 0:
      split(rest, a, b);
      path_glob_match(a, b);
      path_matches(a, b);
      break;
    case 1:
      split(rest, a, b);
      gitignore_ignores(a, b, false);
      gitignore_ignores(a, b, true);
      break;
    case 2:
      split(rest, a, b);
      glob_match(a, b, false);
      glob_match(a, b, true);
      break;
    default: {
      ConfigResult r = load_config_bytes(".corslint.json", std::string(rest));
      globs_of(r.config);
      break;
    }
  }
  if (std::chrono::steady_clock::now() - start > kBudget) {
    std::fprintf(stderr, "fuzz_paths: one input of %zu bytes took more than %lld s\n", size,
                 static_cast<long long>(kBudget.count()));
    __builtin_trap();
  }
  return 0;
}
