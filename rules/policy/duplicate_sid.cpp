#include <algorithm>
#include <string>
#include <unordered_map>

#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P004",
    .name = "policy-duplicate-sid",
    .default_severity = Severity::Warning,
    .summary = "Two statements share a Sid, or a Sid is empty or uses characters IAM rejects",
    .rationale =
        "S3 accepts duplicate Sids in a bucket policy, but tools, reviews and findings "
        "that name a statement by its Sid then point at two statements, and edits meant "
        "for one land on the other. IAM policies accept only A-Z, a-z and 0-9 in a Sid, "
        "so a statement copied between the two breaks; an empty Sid names nothing.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"},
        {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [
        {"Sid": "ReadObjects", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"},
        {"Sid": "ListBucket", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]})",
    .fix_hint = "Give each statement its own Sid made of letters and digits, or leave Sid out.",
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html",
};

bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool sid_in_use(const policy::Policy& p, std::string_view sid) {
  return std::any_of(p.statements.begin(), p.statements.end(),
                     [&](const policy::Statement& s) { return s.sid && s.sid->text == sid; });
}

void charset(const policy::Policy& p, const policy::Statement& st, Reporter& out) {
  std::string_view sid = st.sid->text;
  if (sid.empty()) {
    out.report(Severity::Info, st.sid->node,
               "{} has an empty Sid, which names nothing; give it a name made of letters and "
               "digits or remove the Sid",
               st.label());
    return;
  }
  if (std::all_of(sid.begin(), sid.end(), is_alnum)) return;
  // "Deny-insecure_transport" -> "DenyInsecureTransport"
  std::string clean;
  bool upper_next = false;
  for (char c : sid) {
    if (!is_alnum(c)) {
      upper_next = !clean.empty();
      continue;
    }
    clean += upper_next && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper_next = false;
  }
  Reported f = out.report(Severity::Info, st.sid->node,
                          "{} has a Sid with characters other than A-Z, a-z and 0-9: S3 accepts "
                          "it, but IAM policies reject such a Sid; use letters and digits only",
                          st.label());
  if (!clean.empty() && !sid_in_use(p, clean)) {
    out.add_fix(f, fmt::format("rename the Sid to \"{}\"", clean), st.sid->node,
                fmt::format("\"{}\"", clean));
  }
}

void check(const policy::Policy& p, Reporter& out) {
  // The first statement using each Sid: linear however many statements there are.
  std::unordered_map<std::string_view, std::size_t> firsts;
  for (std::size_t i = 0; i < p.statements.size(); ++i) {
    const policy::Statement& st = p.statements[i];
    if (!st.sid) continue;
    charset(p, st, out);
    if (st.sid->text.empty()) continue;
    auto [it, fresh] = firsts.emplace(st.sid->text, i);
    if (!fresh) {
      const policy::Statement& first = p.statements[it->second];
      Reported f = out.report(st.sid->node,
                              "statement {} reuses Sid \"{}\" of statement {}: S3 "
                              "accepts it, but findings, reviews and tools that name statements "
                              "by Sid cannot tell them apart; give each statement its own Sid",
                              st.index, st.sid->text, first.index);
      out.add_related(f, first.sid->node, "first use of this Sid");
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
