// Text and JSON renderings of a simulation trace (docs/simulate.md).
#include <fmt/core.h>
#include <fmt/format.h>

#include "corslint/simulate.hpp"
#include "report/escape.hpp"
#include "report/json_writer.hpp"

namespace corslint::simulate {
namespace {

// One line of the transcript. Its values come from configuration files (an
// origin, a header name, a policy's name) and may hold any bytes: the whole
// line is escaped as the text report escapes (report/escape.hpp), so no value
// can start a line of its own, a workflow command or a terminal escape.
void add_line(std::string& out, int indent, std::string_view s) {
  out.append(static_cast<std::size_t>(indent), ' ');
  report::append_text(out, s, indent == 0);
  out += '\n';
}

std::string where(const Location& l) {
  if (!l.known()) return {};
  return fmt::format("{}:{}:{}", l.file, l.line, l.column);
}

std::string list_or(const std::vector<std::string>& v, std::string_view none) {
  if (v.empty()) return std::string(none);
  return fmt::format("{}", fmt::join(v, ", "));
}

void text_exchange(std::string& out, const Trace& t, const Exchange& ex, int step) {
  auto line = [&](int indent, std::string_view s) { add_line(out, indent, s); };
  line(0, fmt::format("{}. {} request: {} {}", step,
                      ex.kind == Stage::Preflight ? "Preflight" : "Actual", ex.method,
                      t.request.path));
  for (const Header& h : ex.request_headers) line(6, fmt::format("{}: {}", h.name, h.value));
  if (!ex.behavior.empty()) {
    std::string at = where(ex.behavior_location);
    line(3, fmt::format("CloudFront: {}{} ({})", ex.behavior, at.empty() ? "" : " at " + at,
                        ex.behavior_reason));
    if (!ex.method_allowed) {
      line(6, fmt::format("{} is not in its AllowedMethods: CloudFront answers 403 itself",
                          ex.method));
    } else {
      line(6, fmt::format("forwarded to {}: {}", ex.origin_label,
                          list_or(ex.forwarded, "none of them")));
      if (!ex.not_forwarded.empty())
        line(6, fmt::format("not forwarded: {}", list_or(ex.not_forwarded, "")));
      line(6, fmt::format("cache key: the path{}",
                          ex.cache_key.empty() ? " only"
                                               : fmt::format(" + {}", list_or(ex.cache_key, ""))));
      if (!ex.cache_note.empty()) line(6, ex.cache_note);
    }
    for (const std::string& u : ex.uncertain) line(6, "assumed: " + u);
  }
  if (ex.origin_kind == OriginKind::S3 && ex.method_allowed) {
    if (ex.served_from_cache)
      line(3, "S3 (its earlier answer, replayed from the cache):");
    else
      line(3, "S3:");
    if (!ex.s3_saw_origin && !(ex.kind == Stage::Preflight && ex.origin_status == 400)) {
      line(6, "the request carries no Origin: S3 treats it as a plain request, no CORS headers");
    } else if (!ex.s3_has_cors && ex.origin_error.empty()) {
      line(6, "no CORS configuration: no CORS headers");
    }
    for (const RuleCheck& r : ex.rules) {
      std::string at = where(r.location);
      line(6, fmt::format("{}{}: {}{}", r.label, at.empty() ? "" : " (" + at + ")",
                          r.matched ? "" : "no match, ", r.detail));
    }
    if (ex.s3_has_cors && ex.s3_saw_origin && ex.matched_rule < 0 && ex.origin_error.empty() &&
        !ex.rules.empty()) {
      line(6, "no rule matches: the normal response without CORS headers");
    }
    if (!ex.origin_error.empty())
      line(6, fmt::format("status {}: {}", ex.origin_status, ex.origin_error));
  } else if (ex.origin_kind == OriginKind::None && !ex.origin_error.empty()) {
    line(3, fmt::format("status {}: {}", ex.origin_status, ex.origin_error));
  } else if (ex.origin_kind == OriginKind::Custom) {
    line(3, fmt::format("{}: answer unknown (taken as no CORS headers)", ex.origin_label));
  }
  if (!ex.policy.empty() && ex.method_allowed) {
    line(3, fmt::format("Response headers policy: {}", ex.policy));
    for (const std::string& ch : ex.policy_changes) line(6, ch);
    if (ex.policy_changes.empty()) line(6, "no CORS settings: changes nothing");
  }
  line(3, fmt::format("Response: {}", ex.status));
  bool any = false;
  for (const ResponseHeader& h : ex.response_headers) {
    line(6, fmt::format("{}: {}   [{}]", h.name, h.value, to_string(h.set_by)));
    any = true;
  }
  if (!any) line(6, "(no CORS headers)");
}

void json_location(report::JsonWriter& w, std::string_view key, const Location& l) {
  w.key(key);
  if (!l.known()) {
    w.begin_object().end_object();
    return;
  }
  w.begin_object()
      .field("file", l.file)
      .field("line", static_cast<uint64_t>(l.line))
      .field("column", static_cast<uint64_t>(l.column))
      .field("pointer", l.pointer)
      .end_object();
}

void json_strings(report::JsonWriter& w, std::string_view key, const std::vector<std::string>& v) {
  w.key(key).begin_array();
  for (const std::string& s : v) w.value(s);
  w.end_array();
}

void json_headers(report::JsonWriter& w, std::string_view key, const std::vector<Header>& hs) {
  w.key(key).begin_array();
  for (const Header& h : hs)
    w.begin_object().field("name", h.name).field("value", h.value).end_object();
  w.end_array();
}

void json_response_headers(report::JsonWriter& w, std::string_view key,
                           const std::vector<ResponseHeader>& hs) {
  w.key(key).begin_array();
  for (const ResponseHeader& h : hs) {
    w.begin_object()
        .field("name", h.name)
        .field("value", h.value)
        .field("set_by", to_string(h.set_by))
        .end_object();
  }
  w.end_array();
}

void json_exchange(report::JsonWriter& w, const Exchange& ex) {
  w.begin_object();
  w.field("kind", to_string(ex.kind)).field("method", ex.method);
  json_headers(w, "request_headers", ex.request_headers);
  w.key("cloudfront");
  if (ex.behavior.empty()) {
    w.value(std::string_view("none"));
  } else {
    w.begin_object().field("behavior", ex.behavior);
    json_location(w, "location", ex.behavior_location);
    w.field("reason", ex.behavior_reason).field("method_allowed", ex.method_allowed);
    json_strings(w, "forwarded", ex.forwarded);
    json_strings(w, "not_forwarded", ex.not_forwarded);
    json_strings(w, "cache_key", ex.cache_key);
    w.field("cacheable", ex.cacheable)
        .field("served_from_cache", ex.served_from_cache)
        .field("cache_note", ex.cache_note);
    json_strings(w, "uncertain", ex.uncertain);
    w.end_object();
  }
  w.key("origin").begin_object();
  w.field("kind", to_string(ex.origin_kind)).field("label", ex.origin_label);
  w.field("saw_origin_header", ex.s3_saw_origin).field("has_cors_configuration", ex.s3_has_cors);
  w.key("rules").begin_array();
  for (const RuleCheck& rc : ex.rules) {
    w.begin_object()
        .field("index", static_cast<uint64_t>(rc.index))
        .field("label", rc.label)
        .field("matched", rc.matched)
        .field("failed", to_string(rc.failed))
        .field("detail", rc.detail);
    json_location(w, "location", rc.location);
    w.end_object();
  }
  w.end_array();
  w.field("status", static_cast<uint64_t>(ex.origin_status)).field("error", ex.origin_error);
  json_response_headers(w, "headers", ex.origin_headers);
  w.end_object();
  w.key("response_headers_policy").begin_object().field("label", ex.policy);
  json_strings(w, "changes", ex.policy_changes);
  w.end_object();
  w.key("response").begin_object().field("status", static_cast<uint64_t>(ex.status));
  json_response_headers(w, "headers", ex.response_headers);
  w.end_object();
  w.end_object();
}

}  // namespace

std::string to_text(const Trace& t) {
  std::string out;
  const Request& r = t.request;
  add_line(
      out, 0,
      fmt::format("Request: {} {} from origin {} ({}, credentials {}, browser {}, cache {}{})",
                  r.method, t.url, r.origin, to_string(r.api),
                  r.credentials ? "include" : "omitted", to_string(r.browser), to_string(r.cache),
                  r.cache == CacheState::AfterOrigin ? " " + r.cache_origin : ""));
  for (const std::string& w : t.warnings) add_line(out, 0, fmt::format("warning: {}", w));
  if (!t.cross_origin) {
    add_line(out, 0, "Same origin: no CORS.");
    add_line(out, 0, "Verdict: allowed");
    return out;
  }
  add_line(out, 0,
           fmt::format("Preflight: {} ({})", t.preflight ? "needed" : "not needed",
                       fmt::join(t.preflight_reasons, "; ")));
  int step = 1;
  for (const Exchange& ex : t.exchanges) text_exchange(out, t, ex, step++);
  if (t.allowed) {
    add_line(out, 0, fmt::format("Verdict: allowed ({})", t.explanation));
    return out;
  }
  add_line(out, 0,
           fmt::format("Verdict: blocked at the {}",
                       t.blocked_at == Stage::Preflight ? "preflight" : "actual request"));
  add_line(out, 0, fmt::format("Console: {}", t.message));
  add_line(out, 0, fmt::format("Why: {}", t.explanation));
  if (t.fix) {
    std::string at = where(t.fix->location);
    add_line(out, 0,
             fmt::format("Fix: {}{}: {}", at.empty() ? "" : at + " ", setting_label(*t.fix),
                         t.fix->change));
  }
  return out;
}

std::string to_json(const Trace& t) {
  std::string out;
  report::JsonWriter w(out);
  const Request& r = t.request;
  w.begin_object();
  w.field("version", uint64_t{1});
  w.key("request").begin_object();
  w.field("origin", r.origin).field("method", r.method).field("url", t.url).field("path", r.path);
  json_headers(w, "headers", r.headers);
  w.field("credentials", r.credentials)
      .field("api", to_string(r.api))
      .field("browser", to_string(r.browser))
      .field("cache", to_string(r.cache))
      .field("cache_origin", r.cache_origin);
  w.end_object();
  json_strings(w, "warnings", t.warnings);
  w.field("cross_origin", t.cross_origin);
  w.key("preflight").begin_object().field("needed", t.preflight);
  json_strings(w, "reasons", t.preflight_reasons);
  w.end_object();
  w.key("exchanges").begin_array();
  for (const Exchange& ex : t.exchanges) json_exchange(w, ex);
  w.end_array();
  w.key("verdict").begin_object();
  w.field("allowed", t.allowed)
      .field("blocked_at", t.blocked_at ? to_string(*t.blocked_at) : std::string_view())
      .field("reason", t.reason)
      .field("message", t.message)
      .field("explanation", t.explanation);
  w.key("fix");
  if (!t.fix) {
    w.begin_object().end_object();
  } else {
    w.begin_object();
    json_location(w, "location", t.fix->location);
    w.field("setting", setting_label(*t.fix)).field("change", t.fix->change).end_object();
  }
  w.end_object();
  w.end_object();
  return out;
}

}  // namespace corslint::simulate
