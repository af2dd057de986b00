#include <catch2/catch.hpp>

#include <initializer_list>
#include <string_view>
#include <vector>

#include "corslint/analysis/cors_eval.hpp"
#include "corslint/text.hpp"

using namespace corslint;
using namespace corslint::cors;

namespace {

std::vector<Value> values(std::initializer_list<std::string_view> texts) {
  std::vector<Value> out;
  for (std::string_view t : texts) out.push_back({t, json::kNoNode});
  return out;
}

Rule rule(std::initializer_list<std::string_view> origins,
          std::initializer_list<std::string_view> methods,
          std::initializer_list<std::string_view> headers = {}) {
  Rule r;
  r.allowed_origins = values(origins);
  r.allowed_methods = values(methods);
  r.allowed_headers = values(headers);
  return r;
}

using Names = std::vector<std::string_view>;

}  // namespace

TEST_CASE("a rule matches on origin, method and every requested header") {
  Rule r = rule({"https://*.example.com"}, {"GET", "PUT"}, {"Content-Type", "x-amz-*"});
  CHECK(rule_matches(r, "https://app.example.com", "PUT", Names{"content-type", "x-amz-date"}));
  CHECK_FALSE(rule_matches(r, "http://app.example.com", "PUT"));
  CHECK_FALSE(rule_matches(r, "https://app.example.com", "DELETE"));
  CHECK_FALSE(rule_matches(r, "https://app.example.com", "put"));
  CHECK_FALSE(rule_matches(r, "https://app.example.com", "PUT", Names{"authorization"}));
  // Actual requests (no header list) are matched on origin and method only.
  CHECK(rule_matches(r, "https://app.example.com", "GET"));
}

TEST_CASE("a rule without AllowedHeaders matches only requests without headers") {
  Rule r = rule({"*"}, {"PUT"});
  CHECK(rule_matches(r, "https://a.example", "PUT"));
  CHECK_FALSE(rule_matches(r, "https://a.example", "PUT", Names{"content-type"}));
}

TEST_CASE("first_match skips partial matches and returns the first full one") {
  Config c;
  c.rules.push_back(rule({"https://a.example"}, {"GET"}));
  c.rules.push_back(rule({"*"}, {"GET", "PUT"}, {"*"}));
  CHECK(first_match(c, "https://a.example", "GET") == &c.rules[0]);
  CHECK(first_match(c, "https://a.example", "PUT", Names{"content-type"}) == &c.rules[1]);
  CHECK(first_match(c, "https://a.example", "DELETE") == nullptr);
}

TEST_CASE("wildcard origin answers and preflight reach") {
  CHECK(answers_with_wildcard_origin(rule({"https://a.example", "*"}, {"GET"})));
  CHECK_FALSE(answers_with_wildcard_origin(rule({"https://*.example"}, {"GET"})));
  CHECK_FALSE(may_answer_preflight(rule({"*"}, {"GET", "HEAD"})));
  CHECK(may_answer_preflight(rule({"*"}, {"GET"}, {"Range"})));
  CHECK(may_answer_preflight(rule({"*"}, {"POST"})));
}

TEST_CASE("covers: origins by pattern containment, methods exactly, headers by pattern") {
  Rule any_get = rule({"*"}, {"GET", "HEAD"});
  Rule app_get = rule({"https://app.example.com"}, {"GET"});
  CHECK(covers(any_get, app_get));
  CHECK_FALSE(covers(app_get, any_get));
  CHECK(covers(rule({"https://*.example.com"}, {"GET"}), rule({"https://a.example.com"}, {"GET"})));
  CHECK_FALSE(covers(rule({"https://*.example.com"}, {"GET"}), rule({"https://*.com"}, {"GET"})));
  // Headers: a later rule's header requests must all pass the earlier rule.
  Rule later_headers = rule({"https://app.example.com"}, {"GET"}, {"Content-Type"});
  CHECK_FALSE(covers(any_get, later_headers));
  CHECK(covers(rule({"*"}, {"GET"}, {"*"}), later_headers));
  CHECK(covers(rule({"*"}, {"GET"}, {"content-type"}), later_headers));
  CHECK_FALSE(covers(rule({"*"}, {"GET"}, {"x-amz-*"}), later_headers));
  // An earlier rule with headers still covers a later rule without any.
  CHECK(covers(rule({"*"}, {"GET"}, {"x-amz-*"}), app_get));
  CHECK(covers(rule({"*"}, {"GET"}, {"*"}), rule({"*"}, {"GET"}, {"x-amz-*", "Range"})));
}

TEST_CASE("shadowing_rules combines earlier rules per origin and method") {
  Config c;
  c.rules.push_back(rule({"*"}, {"GET"}));
  c.rules.push_back(rule({"https://a.example"}, {"PUT"}, {"*"}));
  c.rules.push_back(rule({"https://a.example"}, {"GET", "PUT"}, {"Content-Type"}));
  c.rules.push_back(rule({"https://b.example"}, {"GET"}, {"Content-Type"}));
  CHECK(shadowing_rules(c, 0).empty());
  CHECK(shadowing_rules(c, 1).empty());
  // GET with a header is not covered by rule 0 (no AllowedHeaders).
  CHECK(shadowing_rules(c, 2).empty());
  CHECK(shadowing_rules(c, 3).empty());

  Config d;
  d.rules.push_back(rule({"*"}, {"GET"}, {"*"}));
  d.rules.push_back(rule({"https://a.example"}, {"PUT"}, {"*"}));
  d.rules.push_back(rule({"https://a.example"}, {"GET", "PUT"}, {"Content-Type"}));
  d.rules.push_back(rule({"https://a.example", "https://b.example"}, {"PUT"}));
  CHECK(shadowing_rules(d, 2) == std::vector<std::size_t>{0, 1});
  CHECK(shadowing_rules(d, 3).empty());  // b.example PUT reaches it
  // A specific rule before a wildcard rule does not shadow it.
  Config e;
  e.rules.push_back(rule({"https://a.example"}, {"GET"}));
  e.rules.push_back(rule({"*"}, {"GET"}));
  CHECK(shadowing_rules(e, 1).empty());
  // A rule without origins or methods matches nothing; that is C001's finding.
  Config f;
  f.rules.push_back(rule({"*"}, {"GET"}));
  f.rules.push_back(rule({}, {"GET"}));
  CHECK(shadowing_rules(f, 1).empty());
}

TEST_CASE("wildcard_preemptions: earlier '*' rules take a credentialed rule's methods") {
  Config c;
  c.rules.push_back(rule({"*"}, {"GET", "HEAD"}));
  c.rules.push_back(rule({"*", "https://a.example"}, {"GET", "PUT"}, {"*"}));
  c.rules.push_back(rule({"https://*.example"}, {"GET", "PUT", "DELETE"}, {"*"}));
  c.rules.push_back(rule({"https://b.example"}, {"DELETE"}));
  auto ps = wildcard_preemptions(c, 2);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].by == 0);
  CHECK(ps[0].methods == std::vector<std::string_view>{"GET"});
  CHECK(ps[1].by == 1);
  CHECK(ps[1].methods == std::vector<std::string_view>{"PUT"});
  CHECK(wildcard_preemptions(c, 1).empty());  // itself a "*" rule: never credentialed
  CHECK(wildcard_preemptions(c, 3).empty());  // no shared method
  CHECK(wildcard_preemptions(c, 0).empty());
}

TEST_CASE("wildcard_overlaps: two allow-lists share an entry") {
  CHECK(wildcard_overlaps("https://app.example.com", "https://app.example.com", false));
  CHECK_FALSE(wildcard_overlaps("https://app.example.com", "https://www.example.com", false));
  CHECK(wildcard_overlaps("https://*.example.com", "https://app.example.com", false));
  CHECK(wildcard_overlaps("https://app.example.com", "https://*.example.com", false));
  CHECK(wildcard_overlaps("*", "https://app.example.com", false));
  // Both patterns: prefixes and suffixes must be compatible.
  CHECK(wildcard_overlaps("https://*.example.com", "https://app.*", false));
  CHECK(wildcard_overlaps("https://*", "*.example.com", false));
  CHECK_FALSE(wildcard_overlaps("https://*.example.com", "http://*.example.com", false));
  CHECK_FALSE(wildcard_overlaps("https://*.example.com", "https://*.example.org", false));
  CHECK(wildcard_overlaps("https://APP.example.com", "https://app.*", true));
  CHECK_FALSE(wildcard_overlaps("https://APP.example.com", "https://app.*", false));
}
