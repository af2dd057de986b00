#pragma once

#include <string>
#include <string_view>

#include "corslint/rule.hpp"

namespace corslint {

// docs/rules/<CODE>.md, generated from the metadata (never edited by hand).
std::string rule_page_markdown(const RuleMeta& meta);
// docs/rules/README.md: the index table of every rule.
std::string rule_index_markdown();
// `corslint explain CODE`: the same sections, for a terminal.
std::string rule_explain_text(const RuleMeta& meta);
// Re-indents a JSON example with two spaces; returns the input unchanged when
// it is not valid JSON (E001's example is a command line, E004's invalid UTF-8).
std::string pretty_json(std::string_view text);
// "S3 CORS configuration, S3 bucket policy" or "any file" for engine findings.
std::string kinds_description(DocKindSet kinds);

}  // namespace corslint
