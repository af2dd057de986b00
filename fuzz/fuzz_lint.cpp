// libFuzzer target: arbitrary bytes through load -> recognise -> model ->
// every rule -> every report format. Run with the `fuzz` preset:
//   cmake --workflow --preset fuzz        (builds, then a bounded ctest run)
//   build/fuzz/fuzz/fuzz_lint -max_total_time=600 fuzz/corpus
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "corslint/engine.hpp"
#include "corslint/report.hpp"
#include "render_reports.hpp"

namespace {

const corslint::Linter& linter() {
  static const corslint::Linter instance([] {
    corslint::LintOptions o;
    o.rules.select = std::vector<std::string>{"ALL", "I000"};
    o.settings.allowed_origins = {"https://*.example.com"};
    return o;
  }());
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  std::vector<corslint::Finding> findings;
  linter().lint_bytes("fuzz.json", std::move(bytes), findings);
  corslint::fuzz::render_reports(findings, size);
  return 0;
}
