#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corslint/finding.hpp"
#include "corslint/rule.hpp"

namespace corslint::report {

// A format's enumerator; everything else about it is its row in the format
// table (lib/src/report/formats.cpp).
enum class Format { Text, Json, Sarif, Github, Junit, Gitlab };

struct Context {
  bool color = false;
  bool quiet = false;       // text: no excerpt, no summary
  bool statistics = false;  // text: a count per code after the findings
  std::size_t files_checked = 0;
  std::string_view tool_version;
  // The config file the run used ("" for none): json's `config` and SARIF's
  // run `properties.config` name it.
  std::string config_path;
};

class StreamWriter;

// One row per report format. Parsing, `--format`'s help, and the checks that
// keep the shell completion, the man page and docs/usage.md complete all read
// this table.
struct FormatInfo {
  Format format;
  std::string_view name;  // what --format takes
  std::unique_ptr<StreamWriter> (*make)(const Context& ctx);
};

// Every format, in the order help and docs list them.
std::span<const FormatInfo> formats();
const FormatInfo& format_info(Format format);
std::optional<Format> parse_format(std::string_view name);
// The formats' names joined by `separator`, in table order ("text, json, ...").
std::string format_names(std::string_view separator = ", ");

// Renders sorted findings. Output is deterministic: identical input, identical bytes.
std::string render(Format format, std::span<const Finding> findings, const Context& ctx);

// Streaming report, for every format. The report is
//
//   begin() + head() + body(render_group(g)) for each group g + end()
//
// with groups in the engine's group order (findings sorted within a group):
//
// - begin: what precedes the findings and is known before the scan.
// - render_group: a group's findings. Pure: may run on any thread, at the same
//   time as other groups' render_group, and never sees its neighbours. Array
//   formats (json, sarif, gitlab) render every element with a leading
//   separator (","), because a group cannot know whether it comes first.
// - tally and body: in group order, once per group. tally counts what head()
//   and end() print; body returns the bytes of the rendered group to write,
//   dropping the separator before the first element of the report.
// - head: what precedes the findings but carries totals (json's `summary`,
//   junit's counts), so is known only after the last group. A writer whose
//   head() is not empty says so with spools_body(): the caller then keeps the
//   body aside (in a temp file, never in memory: it grows with the corpus)
//   and writes head + body once the scan is done. Asking the writer (rather
//   than rendering json's findings before its summary) keeps the documented
//   key order, and keeps spooling, a matter of files, out of the library.
// - end: what follows the findings.
//
// render() is this sequence with all findings as one group, so the one-shot
// and the streamed reports of the same findings in the same order are equal.
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  virtual void begin(std::string& out) { (void)out; }
  virtual void render_group(std::span<const Finding> group, std::string& out) const = 0;
  void tally(std::span<const Finding> group);
  std::string_view body(std::string_view rendered);
  virtual bool spools_body() const { return false; }
  // True when render_group must see all of a file's findings at once (junit
  // wraps each file in a <testsuite> with its counts). Otherwise a caller may
  // render a huge group in slices of any size.
  virtual bool renders_whole_files() const { return false; }
  virtual void head(std::string& out) { (void)out; }
  virtual void end(std::string& out) = 0;

  std::size_t total() const { return total_; }

 protected:
  // Rendered before every element by render_group; body() drops the first.
  std::string_view separator_;
  std::size_t counts_[3] = {0, 0, 0};  // by Severity
  std::size_t total_ = 0;
  std::size_t files_with_ = 0;
  std::string last_file_;
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> per_code_;

 private:
  bool wrote_ = false;  // an element went through body()
};

std::unique_ptr<StreamWriter> make_stream_writer(Format format, const Context& ctx);

// JSON string escaping shared by the JSON-based formats.
void append_json_string(std::string& out, std::string_view s);

// One line for a terminal or a CI log (the CLI's messages on stderr): escaped
// as the text report escapes values, so no file name or value it quotes can
// start a line, a workflow command or a terminal escape sequence.
std::string terminal_line(std::string_view s);

}  // namespace corslint::report

namespace corslint {

// --- Baselines ---------------------------------------------------------
// The file --write-baseline writes (reading and applying one is the engine's
// filter: load_baseline in engine.hpp).

// The JSON a baseline file holds ({"version": 1, "findings": [...]}).
std::string baseline_json(std::span<const Finding> findings);
// The same, written group by group as a report is (--write-baseline).
std::unique_ptr<report::StreamWriter> make_baseline_writer();

// --- Rule documentation (docs/rules/, `explain`) ------------------------
// docs/rules/<CODE>.md, generated from the metadata (never edited by hand).
std::string rule_page_markdown(const RuleMeta& meta);
// The file that defines a rule, from the repository root ("rules/cors/max_age.cpp").
std::string_view rule_source(const RuleMeta& meta);
// docs/rules/README.md: the index table of every rule.
std::string rule_index_markdown();
// `corslint explain CODE`: the same sections, for a terminal.
std::string rule_explain_text(const RuleMeta& meta);
// A metadata example holds one document or, for cross-document rules, a file
// map: an optional caption, then files each introduced by a line
// `// file: NAME`. The registry test lints both kinds.
struct ExampleFile {
  std::string_view name;  // empty for a single-document example
  std::string_view text;
};
struct Example {
  std::string_view caption;  // the prose before the first file of a file map
  std::vector<ExampleFile> files;
  bool is_file_map() const { return !files.empty() && !files.front().name.empty(); }
};
Example parse_example(std::string_view example);
// Re-indents a JSON example with two spaces; returns the input unchanged when
// it is not valid JSON (E001's example is a command line, E004's invalid UTF-8).
std::string pretty_json(std::string_view text);
// "S3 CORS configuration, S3 bucket policy" or "any file" for engine findings.
std::string kinds_description(DocKindSet kinds);
// The kinds a rule runs on (a document rule: its checks' model types), in words.
std::string kinds_description(const RuleMeta& meta);

}  // namespace corslint
