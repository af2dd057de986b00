// Lints the files given on the command line with the installed corslint
// library and prints one line per finding: `file:line:col CODE`.
#include <cstdio>
#include <string>
#include <vector>

#include "corslint/engine.hpp"
#include "corslint/rule.hpp"

int main(int argc, char** argv) {
  std::size_t rules = corslint::Registry::instance().rules().size();
  std::printf("rules: %zu\n", rules);
  corslint::Linter linter(corslint::LintOptions{});
  std::vector<std::string> files(argv + 1, argv + argc);
  std::vector<corslint::Finding> findings = linter.lint(files, 1);
  for (const corslint::Finding& f : findings) {
    std::printf("%s:%u:%u %s\n", f.file.c_str(), static_cast<unsigned>(f.start.line),
                static_cast<unsigned>(f.start.column), std::string(f.code).c_str());
  }
  return rules > 0 ? 0 : 1;
}
