#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "corslint/finding.hpp"

namespace corslint::report {

enum class Format { Text, Json, Sarif, Github, Junit, Gitlab };

std::optional<Format> parse_format(std::string_view name);

struct Context {
  bool color = false;
  bool quiet = false;       // text: no excerpt, no summary
  bool statistics = false;  // text: a count per code after the findings
  std::size_t files_checked = 0;
  std::string_view tool_version;
};

// Renders sorted findings. Output is deterministic: identical input, identical bytes.
std::string render(Format format, std::span<const Finding> findings, const Context& ctx);

std::string render_text(std::span<const Finding> findings, const Context& ctx);
std::string render_json(std::span<const Finding> findings, const Context& ctx);
std::string render_sarif(std::span<const Finding> findings, const Context& ctx);
std::string render_github(std::span<const Finding> findings, const Context& ctx);
std::string render_junit(std::span<const Finding> findings, const Context& ctx);
std::string render_gitlab(std::span<const Finding> findings, const Context& ctx);

// Streaming report: begin, then each group of findings (sorted within the
// group, groups in the engine's group order), then end. Only formats whose
// output can be written before the totals are known stream (text, github);
// make_stream_writer returns null for the others (json, sarif, junit,
// gitlab), which the caller renders from all findings with render().
// For the same findings, begin + one write of all + end == render().
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  virtual void begin(std::string& out) { (void)out; }
  // Pure: may run on any thread, concurrently with other groups' render_group.
  virtual void render_group(std::span<const Finding> group, std::string& out) const = 0;
  // In group order, once per group: the totals end() prints.
  void tally(std::span<const Finding> group);
  virtual void end(std::string& out) = 0;

  std::size_t total() const { return total_; }

 protected:
  std::size_t counts_[3] = {0, 0, 0};  // by Severity
  std::size_t total_ = 0;
  std::size_t files_with_ = 0;
  std::string last_file_;
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> per_code_;
};

std::unique_ptr<StreamWriter> make_stream_writer(Format format, const Context& ctx);

// JSON string escaping shared by the JSON-based formats.
void append_json_string(std::string& out, std::string_view s);

}  // namespace corslint::report
