#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/cors_eval.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C018",
    .name = "cors-shadowed-rule",
    .default_severity = Severity::Warning,
    .summary = "An earlier rule takes requests meant for a later rule",
    .rationale =
        "S3 uses the first rule that matches a request's origin, method and headers and "
        "ignores the rest. A rule that earlier rules always match first never applies, "
        "and a specific-origin rule behind a \"*\" rule loses its credentials: S3 "
        "answers with Access-Control-Allow-Origin: * and no "
        "Access-Control-Allow-Credentials, so credentialed requests fail. Rules are "
        "compared pairwise, so only the first 1,000 are (ten times what S3 accepts; C001 "
        "reports a longer list).",
    .bad_example =
        R"([{"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}, {"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}, {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}])",
    .fix_hint =
        "Put specific-origin rules before broader ones, or remove the rule that never "
        "applies.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html",
};

// "GET", "GET and HEAD", "rule 0, rule 1 and rule 2".
template <class T>
std::string and_list(std::vector<T> items) {
  std::string last(items.back());
  if (items.size() == 1) return last;
  items.pop_back();
  return fmt::format("{} and {}", fmt::join(items, ", "), last);
}

void report_shadowed(const cors::Config& c, std::size_t pos, const std::vector<std::size_t>& by,
                     Reporter& out) {
  std::vector<std::string> names;
  for (std::size_t i : by) names.push_back(c.rules[i].label());
  const cors::Rule& rule = c.rules[pos];
  Reported f = out.report(rule.node,
                          "{} is never used: {} already match{} every origin, method and header "
                          "it allows, and S3 uses the first matching rule; move it up or remove it",
                          rule.label(), and_list(names), by.size() == 1 ? "es" : "");
  for (std::size_t i : by) out.add_related(f, c.rules[i].node, "matches first");
}

void report_preempted(const cors::Config& c, std::size_t pos,
                      const std::vector<cors::Preemption>& ps, Reporter& out) {
  std::string who;
  if (ps.size() == 1) {
    who = fmt::format("for {} the earlier {} with origin \"*\" matches first",
                      and_list(ps[0].methods), c.rules[ps[0].by].label());
  } else {
    std::vector<std::string> parts;
    for (const cors::Preemption& p : ps) {
      parts.push_back(fmt::format("{} for {}", c.rules[p.by].label(), and_list(p.methods)));
    }
    who = fmt::format("earlier rules with origin \"*\" match first ({})", fmt::join(parts, "; "));
  }
  const cors::Rule& rule = c.rules[pos];
  Reported f = out.report(rule.node,
                          "{} would echo the origin and allow credentials, but {}, so S3 answers "
                          "Access-Control-Allow-Origin: * without "
                          "Access-Control-Allow-Credentials and credentialed requests fail; move "
                          "{} above {}",
                          rule.label(), who, rule.label(), ps.size() == 1 ? "it" : "them");
  for (const cors::Preemption& p : ps) {
    out.add_related(f, c.rules[p.by].node, "matches first with origin \"*\"");
  }
}

// Each rule is compared with the ones before it; without a bound, 100,000
// rules took minutes.
constexpr std::size_t kMaxComparedRules = 10 * cors::kMaxRules;

void check(const cors::Config& c, Reporter& out) {
  for (std::size_t pos = 0; pos < std::min(c.rules.size(), kMaxComparedRules); ++pos) {
    std::vector<std::size_t> by = cors::shadowing_rules(c, pos);
    if (!by.empty()) {
      report_shadowed(c, pos, by, out);
      continue;
    }
    std::vector<cors::Preemption> ps = cors::wildcard_preemptions(c, pos);
    if (!ps.empty()) report_preempted(c, pos, ps, out);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
