// corslint's entry point: picks the subcommand; the commands parse their own options.
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "commands.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (!args.empty()) {
      const std::string& cmd = args.front();
      if (cmd == "rules") return corslint::cli::run_rules({args.begin() + 1, args.end()});
      if (cmd == "init") return corslint::cli::run_init({args.begin() + 1, args.end()});
      if (cmd == "simulate") return corslint::cli::run_simulate({args.begin() + 1, args.end()});
      if (cmd == "explain") return corslint::cli::run_explain({args.begin() + 1, args.end()});
      if (cmd == "lint") args.erase(args.begin());
    }
    return corslint::cli::run_lint(std::move(args));
  } catch (const std::bad_alloc&) {
    std::fputs("corslint: fatal: out of memory\n", stderr);
  } catch (const std::exception& e) {
    corslint::cli::say("corslint: internal error: {}", e.what());
  } catch (...) {
    std::fputs("corslint: internal error\n", stderr);
  }
  return corslint::cli::kExitUsage;
}
