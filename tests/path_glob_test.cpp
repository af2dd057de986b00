// The path glob of `exclude`, `per_file_ignores`, `suppress`, `bundles` and
// .gitignore lines (issue 22, items 7 and 8): correct against git's own
// wildmatch table and gitignore(5)'s examples, and linear on hostile patterns.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "corslint/config.hpp"
#include "corslint/engine.hpp"
#include "corslint/text.hpp"
#include "engine/files.hpp"
#include "fixture_support.hpp"

using namespace corslint;
namespace fs = std::filesystem;

namespace {

struct Case {
  const char* path;
  const char* pattern;
  bool match;
};

// From git's t/t3070-wildmatch.sh, the first column (`wildmatch` with
// WM_PATHNAME, case-sensitive: `*` and `?` stop at '/', as corslint's do).
// Kept: every case whose pattern uses only what docs/usage.md says corslint's
// globs are: literal bytes, `*`, `?`, `**` and `**/`. Left out: bracket
// classes (`[a-z]`, `[[:digit:]]`, `[!...]`) and backslash escapes, which
// corslint reads as literal bytes (documented), and the four cases below in
// kDifferences, where `**` touches a character other than '/'.
const std::vector<Case> kWildmatch = {
    // Basic wildmatch features
    {"foo", "foo", true},
    {"foo", "bar", false},
    {"", "", true},
    {"foo", "???", true},
    {"foo", "??", false},
    {"foo", "*", true},
    {"foo", "f*", true},
    {"foo", "*f", false},
    {"foo", "*foo*", true},
    {"foobar", "*ob*a*r*", true},
    {"aaaaaaabababab", "*ab", true},
    {"]", "]", true},
    // Extended slash-matching features
    {"foo/baz/bar", "foo*bar", false},
    {"foobazbar", "foo**bar", true},
    {"foo/baz/bar", "foo/**/bar", true},
    {"foo/baz/bar", "foo/**/**/bar", true},
    {"foo/b/a/z/bar", "foo/**/bar", true},
    {"foo/b/a/z/bar", "foo/**/**/bar", true},
    {"foo/bar", "foo/**/bar", true},
    {"foo/bar", "foo/**/**/bar", true},
    {"foo/bar", "foo?bar", false},
    {"foo", "**/foo", true},
    {"XXX/foo", "**/foo", true},
    {"bar/baz/foo", "**/foo", true},
    {"bar/baz/foo", "*/foo", false},
    {"foo/bar/baz", "**/bar*", false},
    {"deep/foo/bar/baz", "**/bar/*", true},
    {"deep/foo/bar/baz/", "**/bar/*", false},
    {"deep/foo/bar/baz/", "**/bar/**", true},
    {"deep/foo/bar", "**/bar/*", false},
    {"deep/foo/bar/", "**/bar/**", true},
    {"foo/bar/baz/x", "*/bar/**", true},
    {"deep/foo/bar/baz/x", "*/bar/**", false},
    {"deep/foo/bar/baz/x", "**/bar/*/*", true},
    // Various additional tests
    {"foo", "foo", true},
    {"@foo", "@foo", true},
    {"foo", "@foo", false},
    {"foo", "", false},
    {"aaabbb", "b*a", false},
    {"aabcaa", "*ba*", false},
    // Test recursion
    {"-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1", "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
     true},
    {"-adobe-courier-bold-o-normal--12-120-75-75-X-70-iso8859-1", "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
     false},
    {"-adobe-courier-bold-o-normal--12-120-75-75-/-70-iso8859-1", "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
     false},
    {"XXX/adobe/courier/bold/o/normal//12/120/75/75/m/70/iso8859/1",
     "XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*", true},
    {"XXX/adobe/courier/bold/o/normal//12/120/75/75/X/70/iso8859/1",
     "XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*", false},
    {"abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt", "**/*a*b*g*n*t", true},
    {"abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz", "**/*a*b*g*n*t", false},
    {"foo", "*/*/*", false},
    {"foo/bar", "*/*/*", false},
    {"foo/bba/arr", "*/*/*", true},
    {"foo/bb/aa/rr", "*/*/*", false},
    {"foo/bb/aa/rr", "**/**/**", true},
    {"abcXdefXghi", "*X*i", true},
    {"ab/cXd/efXg/hi", "*X*i", false},
    {"ab/cXd/efXg/hi", "*/*X*/*/*i", true},
    {"ab/cXd/efXg/hi", "**/*X*/**/*i", true},
    // Extra pathmatch tests
    {"foo", "fo", false},
    {"foo/bar", "foo/bar", true},
    {"foo/bar", "foo/*", true},
    {"foo/bba/arr", "foo/*", false},
    {"foo/bba/arr", "foo/**", true},
    {"foo/bba/arr", "foo*", false},
    {"foo/bba/arr", "foo/*arr", false},
    {"foo/bba/arr", "foo/*z", false},
    {"foo/bba/arr", "foo/**z", false},
    {"foo/bar", "foo?bar", false},
    {"ab/cXd/efXg/hi", "*Xg*i", false},
};

// git reads `**` that touches anything but '/' (or an end) as a plain `*`;
// corslint's documented `**` crosses segments wherever it is, as it always
// has, so existing `exclude` lists keep their meaning. These are git's cases
// where that gives another answer: corslint's answer on the right.
const std::vector<Case> kDifferences = {
    {"foo/baz/bar", "foo**bar", true},
    {"foo/bar/baz", "**/bar**", true},
    {"foo/bba/arr", "foo**", true},
    {"foo/bba/arr", "foo/**arr", true},
};

// A scratch tree under the build directory, removed at the end.
struct Tree {
  fs::path root;
  Tree() {
    fs::path base = fs::path(CORSLINT_BINARY).parent_path() / "test-tmp";
    fs::create_directories(base);
    std::string tmpl = (base / "glob-XXXXXX").string();
    root = ::mkdtemp(tmpl.data());
  }
  ~Tree() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  void put(const std::string& rel, const std::string& text = "{}") {
    fs::create_directories((root / rel).parent_path());
    corslint::testing::write_file((root / rel).string(), text);
  }
  // The files a scan of the tree lints, relative to its root.
  std::vector<std::string> scan(const std::vector<std::string>& exclude = {}) const {
    std::vector<std::string> out;
    for (const std::string& f : collect_files({root.string()}, exclude)) {
      out.push_back(f.substr(root.string().size() + 1));
    }
    return out;
  }
};

}  // namespace

TEST_CASE("the path glob agrees with git's wildmatch table on what corslint's globs claim") {
  for (const Case& c : kWildmatch) {
    INFO("'" << c.path << "' against '" << c.pattern << "'");
    CHECK(path_glob_match(c.pattern, c.path) == c.match);
  }
  for (const Case& c : kDifferences) {
    INFO("'" << c.path << "' against '" << c.pattern << "' (corslint's `**` crosses segments)");
    CHECK(path_glob_match(c.pattern, c.path) == c.match);
  }
}

TEST_CASE("`*` after `**/` keeps the `**` (vendor/**/*.json matches vendor/aws/s3/cors.json)") {
  CHECK(path_glob_match("vendor/**/*.json", "vendor/aws/s3/cors.json"));
  CHECK(path_glob_match("vendor/**/*.json", "vendor/cors.json"));
  CHECK(path_glob_match("**/a/*/b/*.json", "x/a/y/z/a/q/b/c.json"));
  CHECK_FALSE(path_glob_match("vendor/**/*.json", "vendor/aws/s3/cors.yaml"));
  // Through every user of the matcher: exclude, per_file_ignores, suppress, bundles.
  CHECK(path_matches("vendor/**/*.json", "vendor/aws/s3/cors.json"));
  CHECK(path_matches("vendor/**/*.json", "./vendor/aws/s3/cors.json"));
  // Relative to where corslint runs, as users write them in .corslint.json.
  Tree t;
  const std::string bad =
      R"([{"AllowedOrigins": ["https://a.example"], "AllowedMethods": ["get"]}])";
  for (const char* f : {"vendor/aws/s3/cors.json", "legacy/a/b/cors.json", "site/x/y/cors.json",
                        "other/cors.json"}) {
    t.put(f, bad);
  }
  t.put("cfg.json", R"({"exclude": ["vendor/**/*.json"],
    "per_file_ignores": {"legacy/**/*.json": ["C002"]},
    "suppress": [{"path": "site/**/*.json", "code": "C002", "reason": "test"}]})");
  std::string out;
  CHECK(corslint::testing::run_cli("--config cfg.json --select C002 -q .", out, false,
                                   t.root.string()) == 1);
  CHECK(out ==
        "other/cors.json:1:63: error: method \"get\" in rule 0 must be upper case: S3 "
        "rejects \"get\" [C002 cors-invalid-method]\n");
}

TEST_CASE("gitignore(5)'s examples, through a directory scan") {
  Tree t;
  // "hello.*" matches any file or directory whose name begins with "hello.";
  // "/hello.*" only those next to the .gitignore.
  for (const char* f : {"hello.json", "a/hello.json", "b/hello.json", "b/c/hello.json", "x.json"}) {
    t.put(f);
  }
  t.put(".gitignore", "hello.*\n");
  CHECK(t.scan() == std::vector<std::string>{"x.json"});
  t.put(".gitignore", "/hello.*\n");
  CHECK(t.scan() ==
        std::vector<std::string>{"a/hello.json", "b/c/hello.json", "b/hello.json", "x.json"});
  fs::remove_all(t.root);
  fs::create_directories(t.root);
  // "doc/frotz" and "/doc/frotz" mean the same; "frotz/" matches directories
  // named frotz anywhere, but not a file.
  for (const char* f :
       {"doc/frotz/a.json", "a/doc/frotz/b.json", "a/frotz/c.json", "frotz.json", "keep/d.json"}) {
    t.put(f);
  }
  for (const char* ignore : {"doc/frotz\n", "/doc/frotz\n"}) {
    t.put(".gitignore", ignore);
    CHECK(t.scan() == std::vector<std::string>{"a/doc/frotz/b.json", "a/frotz/c.json", "frotz.json",
                                               "keep/d.json"});
  }
  t.put(".gitignore", "frotz/\n");
  CHECK(t.scan() == std::vector<std::string>{"frotz.json", "keep/d.json"});
  // "foo/*" matches foo/test.json and the directory foo/bar, not what is
  // deeper through `*` alone (here foo/bar goes as a directory).
  fs::remove_all(t.root);
  fs::create_directories(t.root);
  for (const char* f : {"foo/test.json", "foo/bar/hello.json", "foo.json"}) t.put(f);
  t.put(".gitignore", "foo/*\n");
  CHECK(t.scan() == std::vector<std::string>{"foo.json"});
  t.put(".gitignore", "foo/*.json\n");
  CHECK(t.scan() == std::vector<std::string>{"foo/bar/hello.json", "foo.json"});
  // "**/foo" anywhere; "**/foo/bar" a bar directly under a foo; "abc/**"
  // everything inside abc; "a/**/b" a/b, a/x/b, a/x/y/b.
  fs::remove_all(t.root);
  fs::create_directories(t.root);
  for (const char* f : {"foo/1.json", "x/y/foo/2.json", "foo/bar/3.json", "z/foo/bar/4.json",
                        "z/foo/q/bar/5.json", "abc/6.json", "abc/d/7.json", "a/b/8.json",
                        "a/x/b/9.json", "a/x/y/b/10.json", "a/c/11.json"}) {
    t.put(f);
  }
  t.put(".gitignore", "**/foo/bar\n");
  CHECK(t.scan() == std::vector<std::string>{"a/b/8.json", "a/c/11.json", "a/x/b/9.json",
                                             "a/x/y/b/10.json", "abc/6.json", "abc/d/7.json",
                                             "foo/1.json", "x/y/foo/2.json", "z/foo/q/bar/5.json"});
  t.put(".gitignore", "**/foo\nabc/**\na/**/b\n");
  CHECK(t.scan() == std::vector<std::string>{"a/c/11.json"});
  // "Exclude everything except directory foo/bar": /*, !/foo, /foo/*, !/foo/bar.
  fs::remove_all(t.root);
  fs::create_directories(t.root);
  for (const char* f :
       {"top.json", "foo/a.json", "foo/bar/b.json", "foo/baz/c.json", "other/d.json"}) {
    t.put(f);
  }
  t.put(".gitignore", "/*\n!/foo\n/foo/*\n!/foo/bar\n");
  CHECK(t.scan() == std::vector<std::string>{"foo/bar/b.json"});
}

TEST_CASE("`**/` repeated 340,000 times neither overflows the stack nor stalls", "[pathological]") {
  std::string huge;
  for (int i = 0; i < 340'000; ++i) huge += "**/";
  std::string hundred_k;
  for (int i = 0; i < 100'000; ++i) hundred_k += "**/";
  auto start = std::chrono::steady_clock::now();
  CHECK(path_glob_match(huge + "*.json", "a/b/c/cors.json"));
  CHECK_FALSE(path_glob_match(huge + "x", "a/b/c/cors.json"));
  CHECK(path_matches(huge + "cors.json", "a/b/c/cors.json"));
  // The same in .gitignore and in `exclude`, through a scan.
  Tree t;
  t.put("a/b/c/cors.json");
  t.put("a/keep.yaml");
  t.put(".gitignore", hundred_k + "c\n");
  CHECK(t.scan({huge + "nothing"}) == std::vector<std::string>{"a/keep.yaml"});
  // `*/` repeated (no collapsing), against a deep path that fails at its end.
  std::string stars;
  for (int i = 0; i < 100'000; ++i) stars += "*/";
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "d/";
  CHECK_FALSE(path_glob_match(stars + "x", deep + "y"));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 20.0);  // about 0.1 s; a backtracking matcher takes minutes or crashes
}
