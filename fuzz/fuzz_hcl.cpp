// libFuzzer target: arbitrary bytes as a Terraform `.tf` file through the
// whole pipeline (HCL parse → tf.json tree → recognise → model → every rule →
// every report format). Seeded from fuzz/seeds/hcl and the equivalence
// fixtures' main.tf files.
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
  linter().lint_bytes("main.tf", std::move(bytes), findings);
  corslint::fuzz::render_reports(findings, size);
  return 0;
}
