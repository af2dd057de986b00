// `corslint [lint] PATH...`: options, config, parallel scan, report, exit code.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <optional>
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
      "also report files that are not a document corslint reads (I000), and print the "
      "bundles on stderr as --explain-bundles does")(
      "explain-bundles", "print on stderr which documents were linked into bundles, and why")(
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

struct FixRun {
  std::size_t fixed = 0;
  std::size_t changed_files = 0;
  std::size_t conflicts = 0;
  bool failed = false;
};

// Applies (or, with `diff_only`, prints as a diff) the safe fixes, file by file.
// Fix offsets are into the decoded text, so only plain UTF-8 files are edited.
FixRun fix_files(const std::vector<Finding>& findings, bool diff_only) {
  FixRun run;
  std::size_t i = 0;
  while (i < findings.size()) {
    std::size_t j = i;
    bool any = false;
    while (j < findings.size() && findings[j].file == findings[i].file) {
      any = any || !findings[j].fixes.empty();
      ++j;
    }
    std::span<const Finding> group(findings.data() + i, j - i);
    const std::string& path = findings[i].file;
    i = j;
    if (!any || path == "<stdin>") continue;
    std::string original;
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
      char buf[65536];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) original.append(buf, n);
      std::fclose(f);
    } else {
      fmt::print(stderr, "corslint: error: cannot read '{}' to fix it\n", path);
      run.failed = true;
      continue;
    }
    if (original.starts_with("\xEF\xBB\xBF") || original.starts_with("\xFF\xFE") ||
        original.starts_with("\xFE\xFF")) {
      fmt::print(stderr,
                 "corslint: not fixing '{}': it has a byte-order mark; save it as plain UTF-8\n",
                 path);
      continue;
    }
    FixOutcome outcome = apply_fixes(original, group);
    run.conflicts += outcome.conflicts;
    if (outcome.applied == 0 || outcome.text == original) continue;
    ++run.changed_files;
    run.fixed += outcome.applied;
    if (diff_only) {
      std::string d = unified_diff(path, original, outcome.text);
      std::fwrite(d.data(), 1, d.size(), stdout);
    } else if (!replace_file(path, outcome.text)) {
      fmt::print(stderr, "corslint: error: cannot write '{}'\n", path);
      run.failed = true;
    }
  }
  return run;
}

// Streams the report group by group while the scan runs: groups are rendered
// on the workers, written here in group order (to the output, or to its spool
// when the writer's head carries totals), and freed.
class StreamSink final : public FindingSink {
 public:
  StreamSink(report::StreamWriter& writer, OutputStream& out, std::optional<Severity> threshold,
             bool explain_bundles)
      : writer_(writer), out_(out), threshold_(threshold), explain_(explain_bundles) {}

  // A group is rendered on its worker, unless it is huge (one 50 MB policy
  // can give a million findings, ~250 MB of text that would sit in memory
  // next to the findings): then consume renders and writes it in slices.
  static constexpr std::size_t kRenderSlice = 4096;

  void prepare(FindingGroup& g) const override {
    if (g.findings.size() <= kRenderSlice) writer_.render_group(g.findings, g.rendered);
  }

  void consume(FindingGroup& g) override {
    if (explain_) {
      // On stderr, so machine-readable reports on stdout stay parseable.
      for (const std::string& line : g.bundle_log) fmt::print(stderr, "{}\n", line);
    }
    writer_.tally(g.findings);
    for (const Finding& f : g.findings) {
      if (f.code == "E900") internal_error = true;
      if (threshold_ && f.severity >= *threshold_) failing = true;
    }
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

  bool internal_error = false;
  bool failing = false;

 private:
  report::StreamWriter& writer_;
  OutputStream& out_;
  std::optional<Severity> threshold_;
  bool explain_;
};

}  // namespace

int run_lint(std::vector<std::string> args) {
  auto options = make_options();
  std::vector<const char*> argv{"corslint"};
  for (const auto& a : args) argv.push_back(a.c_str());
  cxxopts::ParseResult parsed;
  try {
    parsed = options.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const cxxopts::exceptions::exception& e) {
    return usage_error(e.what());
  }
  if (parsed.count("help")) {
    fmt::print("{}\n", options.help());
    fmt::print(
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
        "Documentation: docs/usage.md, docs/integrations.md and man corslint.\n");
    return kExitOk;
  }
  if (parsed.count("version")) {
    fmt::print("corslint {}\n", kVersion);
    return kExitOk;
  }

  // Config: --config, else the nearest .corslint.json, unless --isolated.
  Config config;
  if (!parsed.count("isolated")) {
    std::string path =
        parsed.count("config") ? parsed["config"].as<std::string>() : find_config_file(".");
    if (!path.empty()) {
      ConfigResult loaded = load_config(path);
      if (!loaded.errors.empty()) {
        for (const auto& e : loaded.errors) fmt::print(stderr, "corslint: error: {}\n", e);
        fmt::print(stderr, "  hint: fix the config file, or run with --isolated to ignore it\n");
        return kExitUsage;
      }
      for (const auto& w : loaded.warnings) fmt::print(stderr, "corslint: warning: {}\n", w);
      config = std::move(loaded.config);
    }
  }

  LintOptions lint;
  lint.rules.select = config.select;
  lint.rules.ignore = config.ignore;
  lint.rules.severity = config.severity;
  lint.settings = config.settings;
  lint.per_file_ignores = config.per_file_ignores;
  lint.suppress = config.suppress;
  lint.bundles = config.bundles;
  if (!config.path.empty()) {
    lint.bundle_source = config.path;
    lint.bundle_base = std::filesystem::path(config.path).parent_path().string();
  }
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
  auto format = report::parse_format(parsed["format"].as<std::string>());
  if (!format) {
    return usage_error(fmt::format("unknown format '{}'", parsed["format"].as<std::string>()),
                       "use one of: " + report::format_names());
  }
  std::string fail_on = config.fail_on.value_or("error");
  if (parsed.count("fail-on")) fail_on = parsed["fail-on"].as<std::string>();
  std::optional<Severity> threshold = parse_severity(fail_on);
  if (!threshold && fail_on != "never") {
    return usage_error(fmt::format("unknown --fail-on value '{}'", fail_on),
                       "use one of: error, warning, info, never");
  }
  std::string color_mode = parsed["color"].as<std::string>();
  if (color_mode != "auto" && color_mode != "always" && color_mode != "never") {
    return usage_error(fmt::format("unknown --color value '{}'", color_mode),
                       "use one of: auto, always, never");
  }
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  if (parsed.count("jobs")) {
    jobs = parsed["jobs"].as<unsigned>();
    if (jobs == 0) return usage_error("--jobs must be at least 1");
  }

  std::vector<std::string> paths{"."};
  if (parsed.count("paths")) paths = parsed["paths"].as<std::vector<std::string>>();
  std::vector<std::string> files = collect_files(paths, config.exclude);

  // Only the text report shows excerpts, and not with --quiet.
  lint.excerpts = *format == report::Format::Text && parsed.count("quiet") == 0;
  // Value hashes identify findings in baselines and gitlab's fingerprints.
  lint.value_hashes = *format == report::Format::Gitlab || parsed.count("baseline") > 0 ||
                      parsed.count("write-baseline") > 0;
  Linter linter(std::move(lint));
  bool explain_bundles = parsed.count("explain-bundles") > 0 || parsed.count("verbose") > 0;
  std::string output = parsed.count("output") ? parsed["output"].as<std::string>() : "";
  report::Context ctx;
  ctx.color = use_color(color_mode, output);
  ctx.quiet = parsed.count("quiet") > 0;
  ctx.statistics = parsed.count("statistics") > 0;
  ctx.files_checked = files.size();
  ctx.tool_version = kVersion;

  // Reports stream: memory follows the largest directory, not the corpus.
  // --write-baseline streams its file the same way (and writes no report).
  // --baseline and --fix need every finding first (they act on the whole set).
  bool write_baseline = parsed.count("write-baseline") > 0;
  bool needs_all = !write_baseline && (parsed.count("baseline") > 0 || parsed.count("fix") > 0 ||
                                       parsed.count("diff") > 0);
  if (!needs_all) {
    auto writer =
        write_baseline ? make_baseline_writer() : report::make_stream_writer(*format, ctx);
    std::string target = write_baseline ? parsed["write-baseline"].as<std::string>() : output;
    auto cannot_write = [&] {
      if (write_baseline) return usage_error(fmt::format("cannot write '{}'", target));
      fmt::print(stderr, "corslint: error: cannot write '{}'\n", target);
      return kExitUsage;
    };
    OutputStream out;
    if (!out.open(target)) return cannot_write();
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
    StreamSink sink(*writer, out, threshold, explain_bundles);
    linter.lint(files, jobs, sink, explain_bundles);
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
    if (!out.commit()) return cannot_write();
    if (write_baseline) {
      fmt::print(stderr, "corslint: recorded {} finding{} in {}\n", writer->total(),
                 writer->total() == 1 ? "" : "s", target);
      return kExitOk;
    }
    if (sink.internal_error) return kExitUsage;
    return sink.failing ? kExitFindings : kExitOk;
  }

  std::vector<std::string> bundle_log;
  std::vector<Finding> findings = linter.lint(files, jobs, explain_bundles ? &bundle_log : nullptr);
  if (explain_bundles) {
    // On stderr, so machine-readable reports on stdout stay parseable.
    for (const std::string& line : bundle_log) fmt::print(stderr, "{}\n", line);
  }

  if (parsed.count("baseline")) {
    Baseline baseline;
    std::string error;
    if (!load_baseline(parsed["baseline"].as<std::string>(), baseline, error)) {
      return usage_error(error, "regenerate it with --write-baseline");
    }
    std::vector<BaselineEntry> stale = apply_baseline(baseline, findings);
    const RuleEntry* i001 = Registry::instance().find("I001");
    // Stale entries show whatever --select says (the baseline itself is out of
    // date), unless I001 is ignored explicitly.
    const auto& ignores = linter.options().rules.ignore;
    bool ignored = std::any_of(ignores.begin(), ignores.end(), [&](const std::string& i) {
      return selector_matches(i, *i001->meta);
    });
    if (!ignored) {
      for (const BaselineEntry& e : stale) {
        Finding f;
        f.code = i001->meta->code;
        f.name = i001->meta->name;
        f.severity = linter.options().rules.severity_for(*i001->meta, Severity::Info);
        f.file = e.file;
        f.start = f.end = {1, 1};
        f.pointer = e.pointer;
        f.message = fmt::format(
            "the baseline entry for {} at {} matches no finding any more; "
            "regenerate the baseline with --write-baseline",
            e.code, e.pointer.empty() ? "the document" : e.pointer);
        findings.push_back(std::move(f));
      }
      std::sort(findings.begin(), findings.end(), finding_less);
    }
  }

  bool fix = parsed.count("fix") > 0;
  bool diff = parsed.count("diff") > 0;
  if (fix || diff) {
    FixRun run = fix_files(findings, diff);
    if (diff) return run.changed_files > 0 ? kExitFindings : kExitOk;
    fmt::print(stderr, "corslint: fixed {} problem{} in {} file{}{}\n", run.fixed,
               run.fixed == 1 ? "" : "s", run.changed_files, run.changed_files == 1 ? "" : "s",
               run.conflicts > 0
                   ? fmt::format(" ({} overlapping fixes left for another run)", run.conflicts)
                   : "");
    if (run.failed) return kExitUsage;
    // Report what remains: lint the fixed files again.
    if (run.changed_files > 0) findings = linter.lint(files, jobs);
  }

  if (!write_output(output, report::render(*format, findings, ctx))) {
    fmt::print(stderr, "corslint: error: cannot write '{}'\n", output);
    return kExitUsage;
  }

  bool internal_error = std::any_of(findings.begin(), findings.end(),
                                    [](const Finding& f) { return f.code == "E900"; });
  if (internal_error) return kExitUsage;
  if (!threshold) return kExitOk;
  bool failing = std::any_of(findings.begin(), findings.end(),
                             [&](const Finding& f) { return f.severity >= *threshold; });
  return failing ? kExitFindings : kExitOk;
}

}  // namespace corslint::cli
