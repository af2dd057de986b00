#include <catch2/catch.hpp>

#include "corslint/engine.hpp"

using namespace corslint;

namespace {
Finding with_edit(uint32_t begin, uint32_t end, std::string replacement, bool safe = true) {
  Finding f;
  f.fixes.push_back({"fix", {{begin, end, std::move(replacement)}}, safe});
  return f;
}
}  // namespace

TEST_CASE("fixes apply in file order and overlapping ones are skipped") {
  std::string text = "abcdefghij";
  std::vector<Finding> findings{with_edit(6, 8, "GH"), with_edit(0, 2, "AB"), with_edit(1, 3, "x"),
                                with_edit(9, 10, "J", false)};
  FixOutcome out = apply_fixes(text, findings);
  CHECK(out.text == "ABcdefGHij");
  CHECK(out.applied == 2);
  CHECK(out.conflicts == 1);
}

TEST_CASE("unified diffs show the changed lines with context") {
  std::string d = unified_diff("f.json", "a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\nE\nf\ng\nh\n");
  CHECK(d == "--- a/f.json\n+++ b/f.json\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
  CHECK(unified_diff("f.json", "same\n", "same\n").empty());
}
