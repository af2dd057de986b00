// Linter::lint with a FindingSink: groups in a fixed order whatever --jobs is,
// each group sorted, and the streaming report equal to the one-shot render.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "corslint/engine.hpp"
#include "corslint/report.hpp"
#include "engine/files.hpp"

using namespace corslint;
namespace fs = std::filesystem;

namespace {

struct SinkDir {
  fs::path path;
  SinkDir() {
    path = fs::temp_directory_path() / ("corslint-sink-" + std::to_string(::getpid()));
    fs::remove_all(path);
    // Subdirectories between a directory's own files, so groups interleave
    // in sort order: a/0.json, a/m/x.json, a/z.json.
    for (const char* d : {"a", "a/m", "a/m/n", "b", "c"}) fs::create_directories(path / d);
    const char* cors =
        R"([{"AllowedOrigins": ["https://app.acme-widgets.io"], "AllowedMethods": ["get"]}])";
    for (const char* f : {"a/0.json", "a/z.json", "a/m/x.json", "a/m/n/y.json", "b/1.json",
                          "b/2.json", "c/3.json", "top.json"}) {
      std::ofstream(path / f) << cors;
    }
  }
  ~SinkDir() { fs::remove_all(path); }
};

struct Recorder : FindingSink {
  std::vector<std::size_t> order;
  std::vector<std::vector<std::string>> files;
  std::string text;
  const report::StreamWriter* writer = nullptr;
  void prepare(FindingGroup& g) const override {
    if (writer != nullptr) writer->render_group(g.findings, g.rendered);
  }
  void consume(FindingGroup& g) override {
    order.push_back(g.index);
    std::vector<std::string> names;
    for (const Finding& f : g.findings) names.push_back(f.file);
    files.push_back(names);
    CHECK(std::is_sorted(g.findings.begin(), g.findings.end(), finding_less));
    text += g.rendered;
  }
};

}  // namespace

TEST_CASE("the sink gets groups in path order, the same for any number of jobs") {
  SinkDir dir;
  std::vector<std::string> paths = collect_files({dir.path.string()}, {});
  Linter linter(LintOptions{});
  Recorder one;
  linter.lint(paths, 1, one);
  for (unsigned jobs : {2u, 3u, 8u}) {
    Recorder many;
    linter.lint(paths, jobs, many);
    CHECK(many.order == one.order);
    CHECK(many.files == one.files);
  }
  REQUIRE(one.order.size() == 6);  // a, a/m/n, a/m, b, c, the root
  for (std::size_t i = 0; i < one.order.size(); ++i) CHECK(one.order[i] == i);
  // collect_files sorts paths; a group comes where its first file is, and
  // keeps its files together (a/z.json before a/m/n/y.json).
  std::string root = dir.path.string();
  REQUIRE(one.files[0].size() == 2);
  CHECK(one.files[0][0] == root + "/a/0.json");
  CHECK(one.files[0][1] == root + "/a/z.json");
  CHECK(one.files[1][0] == root + "/a/m/n/y.json");
  CHECK(one.files[2][0] == root + "/a/m/x.json");
  CHECK(one.files[5][0] == root + "/top.json");
}

namespace {

constexpr report::Format kFormats[] = {report::Format::Text,  report::Format::Json,
                                       report::Format::Sarif, report::Format::Github,
                                       report::Format::Junit, report::Format::Gitlab};

// What the CLI writes: begin, then each group through body() (to a spool when
// spools_body()), then head before the spooled body, then end.
struct Streamed {
  std::string begin, body, head, end;
  std::string report() const { return begin + head + body + end; }
};

}  // namespace

TEST_CASE("every format's streamed report equals the one-shot render of the same findings") {
  SinkDir dir;
  std::vector<std::string> paths = collect_files({dir.path.string()}, {});
  Linter linter(LintOptions{});
  for (report::Format format : kFormats) {
    CAPTURE(static_cast<int>(format));
    report::Context ctx;
    ctx.files_checked = paths.size();
    ctx.statistics = true;
    ctx.tool_version = "1.2.3";
    auto writer = report::make_stream_writer(format, ctx);
    REQUIRE(writer != nullptr);
    struct Tallying final : Recorder {
      report::StreamWriter* w = nullptr;
      std::vector<Finding> all;
      std::string body;
      void consume(FindingGroup& g) override {
        w->tally(g.findings);
        body += w->body(g.rendered);
        all.insert(all.end(), g.findings.begin(), g.findings.end());
        Recorder::consume(g);
      }
    } sink;
    sink.writer = writer.get();
    sink.w = writer.get();
    linter.lint(paths, 2, sink);
    Streamed streamed;
    writer->begin(streamed.begin);
    streamed.body = sink.body;
    writer->head(streamed.head);
    writer->end(streamed.end);
    // The group order keeps every group's findings together; render() of
    // the findings in that order gives the same bytes.
    CHECK(streamed.report() == report::render(format, sink.all, ctx));
    CHECK(writer->total() == sink.all.size());
    // Only a writer that spools may print something after the scan but
    // before the findings.
    if (!writer->spools_body()) CHECK(streamed.head.empty());
  }
}

TEST_CASE("separators and totals are right whatever groups are empty") {
  SinkDir dir;
  std::vector<std::string> paths = collect_files({dir.path.string()}, {});
  Linter linter(LintOptions{});
  std::vector<Finding> all = linter.lint(paths, 1);
  REQUIRE(all.size() >= 3);
  // Groups of one file each, with empty groups first, between and last.
  std::vector<std::span<const Finding>> groups{{}, {}};
  std::size_t i = 0;
  while (i < all.size()) {
    std::size_t j = i;
    while (j < all.size() && all[j].file == all[i].file) ++j;
    groups.emplace_back(all.data() + i, j - i);
    groups.emplace_back();
    i = j;
  }
  // Every format, and the baseline file (-1), which --write-baseline streams.
  for (int which = -1; which < static_cast<int>(std::size(kFormats)); ++which) {
    CAPTURE(which);
    report::Context ctx;
    ctx.files_checked = paths.size();
    auto make = [&] {
      return which < 0 ? make_baseline_writer() : report::make_stream_writer(kFormats[which], ctx);
    };
    auto one_shot = [&](std::span<const Finding> findings) {
      return which < 0 ? baseline_json(findings) : report::render(kFormats[which], findings, ctx);
    };
    for (bool empty : {false, true}) {
      auto writer = make();
      Streamed streamed;
      writer->begin(streamed.begin);
      // Rendered out of order, as workers do; written in order.
      std::vector<std::string> rendered(groups.size());
      for (std::size_t g = groups.size(); g-- > 0;) {
        if (!empty) writer->render_group(groups[g], rendered[g]);
      }
      for (std::size_t g = 0; g < groups.size(); ++g) {
        if (!empty) writer->tally(groups[g]);
        streamed.body += writer->body(rendered[g]);
      }
      writer->head(streamed.head);
      writer->end(streamed.end);
      std::span<const Finding> expected = empty ? std::span<const Finding>{} : all;
      CHECK(streamed.report() == one_shot(expected));
    }
  }
}

TEST_CASE("sort_findings orders like a stable sort by finding_less, in place") {
  // Many ties (same file, line, column, code and message) told apart only by
  // their pointer, and cycles of every length in the permutation.
  std::vector<Finding> findings;
  for (uint32_t i = 0; i < 500; ++i) {
    Finding f;
    f.file = (i * 7) % 3 == 0 ? "b.json" : "a.json";
    f.start = {(i * 37) % 11 + 1, (i * 13) % 3 + 1};
    f.code = (i % 2) == 0 ? "C001" : "P002";
    f.message = (i % 5) == 0 ? "m" : "n";
    f.pointer = std::to_string(i);
    findings.push_back(std::move(f));
  }
  std::vector<Finding> expected = findings;
  std::stable_sort(expected.begin(), expected.end(), finding_less);
  sort_findings(findings);
  REQUIRE(findings.size() == expected.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    INFO("index " << i);
    CHECK(findings[i].pointer == expected[i].pointer);
  }
}
