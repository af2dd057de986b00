#pragma once

// The stream writer of each format, for make_stream_writer and the one-shot
// render_* functions.
#include <memory>
#include <span>
#include <string>

#include "corslint/report.hpp"

namespace corslint::report {

std::unique_ptr<StreamWriter> make_text_writer(const Context& ctx);
std::unique_ptr<StreamWriter> make_github_writer(const Context& ctx);
std::unique_ptr<StreamWriter> make_json_writer(const Context& ctx);
std::unique_ptr<StreamWriter> make_sarif_writer(const Context& ctx);
std::unique_ptr<StreamWriter> make_junit_writer(const Context& ctx);
std::unique_ptr<StreamWriter> make_gitlab_writer(const Context& ctx);

// The whole report of `findings` as one group through a fresh `writer`:
// begin + head + body + end, exactly what the streaming caller writes.
std::string render_all(StreamWriter& writer, std::span<const Finding> findings);

}  // namespace corslint::report
