// `corslint [lint] PATH...`: reads the options and the config, runs the engine, prints.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <thread>

#include <fmt/core.h>
#include <cxxopts.hpp>

#include "commands.hpp"
#include "corslint/config.hpp"
#include "corslint/engine.hpp"
#include "corslint/report.hpp"

namespace corslint::cli {
namespace {

constexpr std::string_view kVersion = CORSLINT_VERSION;

// After the options in --help.
constexpr std::string_view kHelpTail =
    "Commands:\n"
    "  corslint [lint] PATH...                          lint files and directories\n"
    "  corslint rules [--format text|json|markdown]     list every rule\n"
    "  corslint explain CODE|NAME                       a rule's documentation\n"
    "  corslint init [--force] [DIR]                    write a starter .corslint.json\n"
    "  corslint simulate PATH... --origin URL ...       one browser request through the setup\n"
    "\n"
    "Examples:\n"
    "  corslint policies/                               lint every JSON file below policies/\n"
    "  aws s3api get-bucket-cors --bucket b | corslint --kind cors -\n"
    "  corslint --select C,P010 --ignore C010 .         only CORS rules and P010, minus "
    "C010\n"
    "  corslint --diff cors.json                        show the safe fixes; --fix applies "
    "them\n"
    "  corslint --format sarif -o corslint.sarif .      SARIF for GitHub code scanning\n"
    "  corslint --write-baseline .corslint-baseline.json .   adopt: record today's "
    "findings,\n"
    "  corslint --baseline .corslint-baseline.json .         then report only new ones\n"
    "  corslint explain C002                            why a rule exists and how to fix "
    "it\n"
    "\n"
    "Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or "
    "internal error.\n"
    "Documentation: docs/usage.md, docs/integrations.md and man corslint.\n";

std::vector<std::string> split_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    std::size_t start = 0;
    while (start <= v.size()) {
      std::size_t comma = v.find(',', start);
      std::string item =
          v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (!item.empty()) out.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

// Every --select/--ignore entry must name something, or a typo silently disables checks.
std::optional<std::string> unknown_selector(const std::vector<std::string>& entries) {
  for (const std::string& s : entries) {
    if (s == "ALL" || s == "all") continue;
    if (!selector_known(s)) return s;
  }
  return std::nullopt;
}

cxxopts::Options make_options() {
  cxxopts::Options o("corslint",
                     "Lint S3 bucket policies, S3 CORS and CloudFront configurations, offline.");
  o.custom_help("[lint] [OPTIONS] [PATH|-]...");
  o.positional_help("");
  o.add_options()("paths", "files or directories to lint (default: .)",
                  cxxopts::value<std::vector<std::string>>())(
      "f,format", "output format: " + report::format_names(),
      cxxopts::value<std::string>()->default_value("text"))(
      "o,output", "write the report to FILE instead of stdout", cxxopts::value<std::string>())(
      "config", "use this config file instead of the nearest .corslint.json",
      cxxopts::value<std::string>())("isolated", "ignore every config file")(
      "select", "rules to run: codes, code prefixes, names or ALL (comma-separated)",
      cxxopts::value<std::vector<std::string>>())("ignore", "rules to skip (comma-separated)",
                                                  cxxopts::value<std::vector<std::string>>())(
      "fail-on", "lowest severity that fails the run: error, warning, info, never",
      cxxopts::value<std::string>())("kind",
                                     "treat every input as this kind: policy, cors, distribution, "
                                     "response-headers-policy, cache-policy, "
                                     "origin-request-policy, unknown",
                                     cxxopts::value<std::string>())(
      "j,jobs", "files linted in parallel (default: all cores)", cxxopts::value<unsigned>())(
      "color", "colour: auto, always, never (NO_COLOR is honoured)",
      cxxopts::value<std::string>()->default_value("auto"))(
      "q,quiet", "text: findings only, no excerpt or summary")("statistics",
                                                               "text: count findings per rule")(
      "v,verbose",
      "also report files that are not a document corslint reads (I000), print the "
      "bundles on stderr as --explain-bundles does, and name the config used and the links "
      "not followed")("explain-bundles",
                      "print on stderr which documents were linked into bundles, and why")(
      "follow-symlinks",
      "also follow symbolic links that leave the scanned directory (never fixed through)")(
      "fix", "apply the safe fixes findings carry, then report what remains")(
      "baseline", "hide the findings recorded in FILE; report new ones and stale entries (I001)",
      cxxopts::value<std::string>())("write-baseline", "record today's findings in FILE and exit 0",
                                     cxxopts::value<std::string>())(
      "diff", "print the safe fixes as a unified diff instead of applying them")(
      "version", "print the version and exit")("h,help", "print this help and exit");
  o.parse_positional({"paths"});
  return o;
}

bool use_color(const std::string& mode, const std::string& output) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (!output.empty() && output != "-") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return ::isatty(STDOUT_FILENO) != 0;
}

// Streams the report group by group while the scan runs: groups are rendered
// on the workers, written here in group order (to the output, or to its spool
// when the writer's head carries totals), and freed.
class StreamSink final : public FindingSink {
 public:
  StreamSink(report::StreamWriter& writer, OutputStream& out, bool explain_bundles)
      : writer_(writer), out_(out), explain_(explain_bundles) {}

  // A group is rendered on its worker, unless it is huge (one 50 MB policy
  // can give a million findings, ~250 MB of text that would sit in memory
  // next to the findings): then consume renders and writes it in slices.
  static constexpr std::size_t kRenderSlice = 4096;

  void prepare(FindingGroup& g) const override {
    if (g.findings.size() <= kRenderSlice) writer_.render_group(g.findings, g.rendered);
  }

  void consume(FindingGroup& g) override {
    if (explain_) print_bundle_log(g.bundle_log);
    writer_.tally(g.findings);
    if (g.findings.size() <= kRenderSlice) {
      out_.write(writer_.body(g.rendered));
      return;
    }
    std::span<const Finding> all(g.findings);
    for (std::size_t at = 0, end = 0; at < all.size(); at = end) {
      end = std::min(at + kRenderSlice, all.size());
      if (writer_.renders_whole_files()) {
        while (end < all.size() && all[end].file == all[end - 1].file) ++end;
      }
      g.rendered.clear();
      writer_.render_group(all.subspan(at, end - at), g.rendered);
      out_.write(writer_.body(g.rendered));
    }
  }

  // On stderr, so machine-readable reports on stdout stay parseable.
  static void print_bundle_log(const std::vector<std::string>& log) {
    for (const std::string& line : log) say("{}", line);
  }

 private:
  report::StreamWriter& writer_;
  OutputStream& out_;
  bool explain_;
};

// What the command line asks for, once parsed and checked.
struct LintRun {
  std::vector<std::string> files;
  unsigned jobs = 1;
  report::Format format = report::Format::Text;
  report::Context ctx;
  std::string output;  // empty: stdout
  bool explain_bundles = false;
  std::string write_baseline;  // empty: none
  // Files reached through a link that leaves the scanned directory
  // (--follow-symlinks): linted, never fixed.
  std::set<std::string> outside;
  bool fix = false;
  bool diff = false;
};

// The exit status of a run (DESIGN §3), for every way a run reports.
int exit_status(const LintSummary& summary) {
  if (summary.internal_error) return kExitUsage;
  return summary.failing ? kExitFindings : kExitOk;
}

// Parses argv; a value when the command is done (help, version, usage error).
std::optional<int> parse(cxxopts::Options& options, const std::vector<std::string>& args,
                         cxxopts::ParseResult& parsed) {
  std::vector<const char*> argv{"corslint"};
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    parsed = options.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const cxxopts::exceptions::exception& e) {
    return usage_error(e.what());
  }
  if (parsed.count("help")) {
    fmt::print("{}\n", options.help());
    fmt::print("{}", kHelpTail);
    return kExitOk;
  }
  if (parsed.count("version")) {
    fmt::print("corslint {}\n", kVersion);
    return kExitOk;
  }
  return std::nullopt;
}

// -v: which config the run uses.
void print_config_used(const cxxopts::ParseResult& parsed, const std::string& path) {
  if (!parsed.count("verbose")) return;
  if (!path.empty()) {
    say("corslint: config: {}", path);
  } else {
    say("corslint: config: none{}", parsed.count("isolated") ? " (--isolated)" : "");
  }
}

// Config: --config, else the nearest .corslint.json that is safe to use (in
// the current directory or above it, up to the repository root or $HOME),
// unless --isolated.
std::optional<int> read_config(const cxxopts::ParseResult& parsed, Config& config) {
  if (parsed.count("isolated")) {
    print_config_used(parsed, {});
    return std::nullopt;
  }
  std::string path;
  if (parsed.count("config")) {
    path = parsed["config"].as<std::string>();
  } else {
    const char* home = std::getenv("HOME");
    ConfigSearch found = find_config(".", home == nullptr ? std::string() : std::string(home));
    for (const auto& w : found.warnings) say("corslint: warning: {}", w);
    path = std::move(found.path);
  }
  print_config_used(parsed, path);
  if (path.empty()) return std::nullopt;
  ConfigResult loaded = load_config(path);
  if (!loaded.errors.empty()) {
    for (const auto& e : loaded.errors) say("corslint: error: {}", e);
    say("  hint: fix the config file, or run with --isolated to ignore it");
    return kExitUsage;
  }
  for (const auto& w : loaded.warnings) say("corslint: warning: {}", w);
  config = std::move(loaded.config);
  return std::nullopt;
}

// --select, --ignore, --verbose and --kind over the config's choices.
std::optional<int> read_rule_options(const cxxopts::ParseResult& parsed, LintOptions& lint) {
  if (parsed.count("select"))
    lint.rules.select = split_list(parsed["select"].as<std::vector<std::string>>());
  if (parsed.count("ignore")) {
    auto extra = split_list(parsed["ignore"].as<std::vector<std::string>>());
    lint.rules.ignore.insert(lint.rules.ignore.end(), extra.begin(), extra.end());
  }
  for (const auto* list : {lint.rules.select ? &*lint.rules.select : nullptr, &lint.rules.ignore}) {
    if (list == nullptr) continue;
    if (auto bad = unknown_selector(*list)) {
      auto guess = closest_rule(*bad);
      return usage_error(
          fmt::format("'{}' names no rule", *bad),
          guess ? fmt::format("did you mean '{}'? ('corslint rules' lists them all)", *guess)
                : std::string("run 'corslint rules' to list codes and names"));
    }
  }
  if (parsed.count("verbose")) {
    if (!lint.rules.select) lint.rules.select = std::vector<std::string>{"ALL"};
    lint.rules.select->push_back("I000");
  }
  if (parsed.count("kind")) {
    auto kind = parse_kind(parsed["kind"].as<std::string>());
    if (!kind)
      return usage_error(fmt::format("unknown kind '{}'", parsed["kind"].as<std::string>()),
                         "use one of: policy, cors, distribution, response-headers-policy, "
                         "cache-policy, origin-request-policy, unknown");
    lint.kind = kind;
  }
  return std::nullopt;
}

// --format, --fail-on, --color, --jobs and --output.
std::optional<int> read_run_options(const cxxopts::ParseResult& parsed, const Config& config,
                                    LintOptions& lint, LintRun& run) {
  auto format = report::parse_format(parsed["format"].as<std::string>());
  if (!format) {
    return usage_error(fmt::format("unknown format '{}'", parsed["format"].as<std::string>()),
                       "use one of: " + report::format_names());
  }
  run.format = *format;
  std::string fail_on = config.fail_on.value_or("error");
  if (parsed.count("fail-on")) fail_on = parsed["fail-on"].as<std::string>();
  lint.fail_on = parse_severity(fail_on);
  if (!lint.fail_on && fail_on != "never") {
    return usage_error(fmt::format("unknown --fail-on value '{}'", fail_on),
                       "use one of: error, warning, info, never");
  }
  std::string color_mode = parsed["color"].as<std::string>();
  if (color_mode != "auto" && color_mode != "always" && color_mode != "never") {
    return usage_error(fmt::format("unknown --color value '{}'", color_mode),
                       "use one of: auto, always, never");
  }
  run.jobs = std::max(1u, std::thread::hardware_concurrency());
  if (parsed.count("jobs")) {
    run.jobs = parsed["jobs"].as<unsigned>();
    if (run.jobs == 0) return usage_error("--jobs must be at least 1");
  }
  run.output = parsed.count("output") ? parsed["output"].as<std::string>() : "";
  run.ctx.color = use_color(color_mode, run.output);
  return std::nullopt;
}

// -v: the links a scan did not follow, and why.
void print_skipped_links(const std::vector<SkippedLink>& skipped) {
  for (const SkippedLink& l : skipped) {
    say("corslint: not following '{}': a symbolic link to {} '{}' outside the scanned "
        "directory (--follow-symlinks follows it)",
        l.path, l.directory ? "directory" : "file", l.target);
  }
}

// The paths, what to do with the findings, the report's details, the baseline.
std::optional<int> read_report_options(const cxxopts::ParseResult& parsed, const Config& config,
                                       LintOptions& lint, LintRun& run) {
  std::vector<std::string> paths{"."};
  if (parsed.count("paths")) paths = parsed["paths"].as<std::vector<std::string>>();
  CollectedFiles collected =
      collect(paths, CollectOptions{config.exclude, parsed.count("follow-symlinks") > 0});
  run.files = std::move(collected.files);
  run.outside.insert(collected.outside.begin(), collected.outside.end());
  if (parsed.count("verbose")) print_skipped_links(collected.skipped);
  if (parsed.count("write-baseline"))
    run.write_baseline = parsed["write-baseline"].as<std::string>();
  run.fix = parsed.count("fix") > 0;
  run.diff = parsed.count("diff") > 0;
  run.explain_bundles = parsed.count("explain-bundles") > 0 || parsed.count("verbose") > 0;
  run.ctx.quiet = parsed.count("quiet") > 0;
  run.ctx.statistics = parsed.count("statistics") > 0;
  run.ctx.files_checked = run.files.size();
  run.ctx.tool_version = kVersion;
  run.ctx.config_path = config.path;
  // Only the text report shows excerpts, and not with --quiet.
  lint.excerpts = run.format == report::Format::Text && !run.ctx.quiet;
  // Value hashes identify findings in baselines and gitlab's fingerprints.
  lint.value_hashes = run.format == report::Format::Gitlab || parsed.count("baseline") > 0 ||
                      parsed.count("write-baseline") > 0;
  // Fixes carry a digest of the bytes they were computed from: --fix and
  // --diff edit only a file that still has them.
  lint.fix_digests = run.fix || run.diff;
  // --write-baseline records every finding: a --baseline next to it is not read.
  if (parsed.count("baseline") && run.write_baseline.empty()) {
    Baseline baseline;
    std::string error;
    if (!load_baseline(parsed["baseline"].as<std::string>(), baseline, error)) {
      return usage_error(error, "regenerate it with --write-baseline");
    }
    lint.baseline = std::move(baseline);
  }
  return std::nullopt;
}

// The report (or the baseline file, with --write-baseline), streamed while
// the scan runs: memory follows the largest directory, not the corpus.
int stream_report(const Linter& linter, const LintRun& run) {
  bool write_baseline = !run.write_baseline.empty();
  auto writer =
      write_baseline ? make_baseline_writer() : report::make_stream_writer(run.format, run.ctx);
  const std::string& target = write_baseline ? run.write_baseline : run.output;
  // A baseline's directory is the user's choice: say which one cannot take it.
  auto cannot_write = [&](const WriteError& e) {
    return write_error(
        target, e, write_baseline ? "give --write-baseline a path in a writable directory" : "");
  };
  OutputStream out;
  if (!out.open(target)) return cannot_write(out.error());
  std::string text;
  writer->begin(text);
  out.write(text);
  // json and junit print totals before the findings: hold the findings back
  // in a temp file until the totals are known.
  bool spooled = writer->spools_body();
  if (spooled && !out.spool()) {
    return usage_error(
        fmt::format("cannot create a temporary file for the report in '{}'", out.spool_dir()),
        "json and junit reports hold their findings there until the totals are known; "
        "set TMPDIR to a writable directory, or use --output");
  }
  StreamSink sink(*writer, out, run.explain_bundles);
  LintSummary summary = linter.lint(run.files, run.jobs, sink, run.explain_bundles);
  text.clear();
  writer->head(text);
  if (spooled) {
    out.unspool(text);
  } else {
    out.write(text);
  }
  text.clear();
  writer->end(text);
  out.write(text);
  if (!out.commit()) return cannot_write(out.error());
  if (write_baseline) {
    say("corslint: recorded {} finding{} in {}", writer->total(), writer->total() == 1 ? "" : "s",
        target);
    return kExitOk;
  }
  return exit_status(summary);
}

// A file could not be written: no "fixed N problems" (the run did not do what
// was asked); what was written is said, and the run exits 2.
int report_failed_fixes(const FixRun& fixed) {
  std::string done = fixed.changed_files == 0
                         ? std::string("no file was changed")
                         : fmt::format("{} other file{} {} rewritten ({} problem{})",
                                       fixed.changed_files, fixed.changed_files == 1 ? "" : "s",
                                       fixed.changed_files == 1 ? "was" : "were", fixed.fixed,
                                       fixed.fixed == 1 ? "" : "s");
  say("corslint: error: {} file{} could not be fixed; {}", fixed.failed_files,
      fixed.failed_files == 1 ? "" : "s", done);
  return kExitUsage;
}

// The findings --fix may act on: none in a file reached through a symbolic
// link that leaves the scanned directory (--follow-symlinks lints them only).
std::vector<Finding> fixable(const std::vector<Finding>& findings,
                             const std::set<std::string>& outside) {
  std::vector<Finding> out;
  std::set<std::string> told;
  for (const Finding& f : findings) {
    if (!outside.contains(f.file)) {
      out.push_back(f);
    } else if (!f.fixes.empty() && told.insert(f.file).second) {
      say("corslint: not fixing '{}': it is reached through a symbolic link that leaves "
          "the scanned directory",
          f.file);
    }
  }
  return out;
}

// --fix and --diff act on every finding at once: lint, fix, and report what
// remains (with --diff: print the fixes, and no report).
// Whether any file has more findings than the report keeps (max_findings_per_file).
bool over_cap(const std::vector<Finding>& findings, std::size_t cap) {
  if (cap == 0) return false;
  std::map<std::string_view, std::size_t> per_file;
  for (const Finding& f : findings) {
    if (++per_file[f.file] > cap) return true;
  }
  return false;
}

int fix_and_report(const Linter& linter, const LintRun& run) {
  std::vector<std::string> bundle_log;
  // Fixes come from every finding, not only those a report would keep.
  LintOptions every = linter.options();
  every.max_findings_per_file = 0;
  std::vector<Finding> findings =
      Linter(std::move(every))
          .lint(run.files, run.jobs, run.explain_bundles ? &bundle_log : nullptr);
  if (run.explain_bundles) StreamSink::print_bundle_log(bundle_log);
  FixRun fixed = fix_files(fixable(findings, run.outside), run.diff);
  for (const FixRun::Message& m : fixed.messages) {
    say("corslint: {}{}", m.error ? "error: " : "", m.text);
  }
  if (run.diff) {
    std::fwrite(fixed.diff.data(), 1, fixed.diff.size(), stdout);
    return fixed.changed_files > 0 ? kExitFindings : kExitOk;
  }
  if (fixed.failed) return report_failed_fixes(fixed);
  say("corslint: fixed {} problem{} in {} file{}{}", fixed.fixed, fixed.fixed == 1 ? "" : "s",
      fixed.changed_files, fixed.changed_files == 1 ? "" : "s",
      fixed.conflicts > 0
          ? fmt::format(" ({} overlapping fixes left for another run)", fixed.conflicts)
          : "");
  if (fixed.changed_files > 0 || over_cap(findings, linter.options().max_findings_per_file)) {
    // Report what remains: lint the fixed files again (capped, as any report
    // is). This second pass has never applied --baseline; kept as it was.
    LintOptions again = linter.options();
    again.baseline.reset();
    findings = Linter(std::move(again)).lint(run.files, run.jobs);
  }
  WriteError error;
  if (!write_output(run.output, report::render(run.format, findings, run.ctx), &error)) {
    return write_error(run.output, error);
  }
  return exit_status(linter.summarise(findings));
}

}  // namespace

int run_lint(std::vector<std::string> args) {
  auto options = make_options();
  cxxopts::ParseResult parsed;
  if (auto done = parse(options, args, parsed)) return *done;
  Config config;
  if (auto failed = read_config(parsed, config)) return *failed;
  LintOptions lint = lint_options(config);
  LintRun run;
  if (auto failed = read_rule_options(parsed, lint)) return *failed;
  if (auto failed = read_run_options(parsed, config, lint, run)) return *failed;
  if (auto failed = read_report_options(parsed, config, lint, run)) return *failed;
  Linter linter(std::move(lint));
  // --write-baseline wins over --fix and --diff: it records, and writes no report.
  if ((run.fix || run.diff) && run.write_baseline.empty()) return fix_and_report(linter, run);
  return stream_report(linter, run);
}

}  // namespace corslint::cli
