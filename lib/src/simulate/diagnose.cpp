// Why the browser blocked a request, in terms of the setup, and the one
// setting to change: the S3 rule that came closest, the CloudFront behaviour
// that drops a header, the response headers policy that answers wrongly, or
// the cache that replays another request's answer.
#include <algorithm>
#include <array>

#include <fmt/core.h>
#include <fmt/format.h>

#include "corslint/analysis/cors_eval.hpp"
#include "corslint/analysis/origin.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/text.hpp"
#include "simulate/stages.hpp"

namespace corslint::simulate {
namespace {

Fix make_fix(Location l, Setting setting, std::string change) {
  return Fix{std::move(l), setting, std::move(change)};
}

// The document that holds a custom policy (null for a managed one).
const Document* holder(const Context& c, const cloudfront::ResponseHeadersPolicy* p) {
  if (p == nullptr || p->managed) return nullptr;
  return c.s.document_of(p);
}

// The S3 rule that came closest, and how to make it match.
Diagnosis s3_no_match(const Context& c, const Exchange& ex) {
  Diagnosis d;
  const cors::Config& cfg = *c.s.cors();
  std::string_view origin = c.req.origin;
  std::vector<std::string> parts;
  for (const RuleCheck& r : ex.rules) parts.push_back(fmt::format("{}: {}", r.label, r.detail));
  d.why = fmt::format("no S3 CORS rule matches ({}), so S3 sends no CORS headers{}",
                      fmt::join(parts, "; "),
                      ex.kind == Stage::Preflight ? " and refuses the preflight with 403" : "");
  // A mis-written entry that means this origin (trailing slash, no scheme, ...).
  for (const cors::Rule& rule : cfg.rules) {
    for (const Value& o : rule.allowed_origins) {
      auto meant = suggested_origin(o.text);
      if (meant && *meant == origin && o.text != origin) {
        std::string defect = origin_defect(o.text);
        d.why += fmt::format("; {} lists \"{}\"{}", rule.label(), o.text,
                             defect.empty() ? "" : fmt::format(" ({})", defect));
        d.fix = make_fix(locate(c.s.cors_doc(), o.node), Setting::AllowedOrigins,
                         fmt::format("write \"{}\" instead of \"{}\"", origin, o.text));
        return d;
      }
    }
  }
  const RuleCheck* best = nullptr;
  auto rank = [](const RuleCheck& r) {
    return r.failed == Mismatch::Headers ? 3 : r.failed == Mismatch::Method ? 2 : 1;
  };
  for (const RuleCheck& r : ex.rules) {
    if (best == nullptr || rank(r) > rank(*best)) best = &r;
  }
  if (best == nullptr) return d;
  const cors::Rule& rule = cfg.rules[best->index];
  std::string method = ex.kind == Stage::Preflight ? c.req.method : ex.method;
  if (best->failed == Mismatch::Origin) {
    d.fix = make_fix(
        locate(c.s.cors_doc(),
               rule.allowed_origins_node != json::kNoNode ? rule.allowed_origins_node : rule.node),
        Setting::AllowedOrigins, fmt::format("add \"{}\" to {}", origin, rule.label()));
  } else if (best->failed == Mismatch::Method) {
    d.fix = make_fix(
        locate(c.s.cors_doc(),
               rule.allowed_methods_node != json::kNoNode ? rule.allowed_methods_node : rule.node),
        Setting::AllowedMethods, fmt::format("add \"{}\" to {}", method, rule.label()));
  } else {
    std::vector<std::string> missing;
    if (const Header* acrh = find(ex.request_headers, kAcrh)) {
      std::vector<std::string> names;
      parse_list(acrh->value, names);
      for (const std::string& n : names) {
        std::array<std::string_view, 1> one{n};
        if (!cors::headers_allowed(rule, one)) missing.push_back(n);
      }
    }
    d.fix = make_fix(
        locate(c.s.cors_doc(),
               rule.allowed_headers_node != json::kNoNode ? rule.allowed_headers_node : rule.node),
        Setting::AllowedHeaders,
        fmt::format("add \"{}\" to {}", fmt::join(missing, "\", \""), rule.label()));
  }
  return d;
}

// Where the cache key is set: a cache policy, or legacy ForwardedValues.
Setting cache_setting(const Context& c) {
  return c.view->legacy() ? Setting::ForwardedValuesHeaders : Setting::CachePolicyId;
}

Location cache_key_location(const Context& c) {
  return locate(c.s.distribution_doc(), cloudfront::cache_key_node(*c.view));
}

// The S3 side of a missing Access-Control-Allow-Origin (or a refused preflight).
Diagnosis s3_side(const Context& c, const Exchange& ex) {
  if (ex.origin_kind == OriginKind::Custom) {
    return {fmt::format("{} is not S3: its CORS answer is outside these files", ex.origin_label),
            make_fix(ex.behavior_location, Setting::ResponseHeadersPolicyId,
                     fmt::format("have the origin send Access-Control-Allow-Origin for {}, or "
                                 "attach a response headers policy with CORS to {}",
                                 c.req.origin, ex.behavior))};
  }
  // S3 answers a preflight that carries Origin with 400 only when
  // Access-Control-Request-Method is missing.
  if (ex.kind == Stage::Preflight && ex.origin_status == 400 && ex.s3_saw_origin) {
    return {fmt::format("{} forwards Origin but not Access-Control-Request-Method, so S3 "
                        "answers the preflight with 400",
                        ex.behavior),
            make_fix(cache_key_location(c), cache_setting(c),
                     "forward Access-Control-Request-Method and Access-Control-Request-Headers "
                     "too, in the cache key when OPTIONS is cached")};
  }
  if (c.s.cors() == nullptr) {
    Diagnosis d;
    d.why = "the bucket has no CORS configuration among the files, so S3 sends no CORS headers";
    if (c.view) {
      d.fix = make_fix(ex.behavior_location, Setting::ResponseHeadersPolicyId,
                       fmt::format("give the bucket a CORS configuration allowing {} and {}, or "
                                   "attach a response headers policy with CORS to {} (the "
                                   "managed SimpleCORS, 60669652-455b-4ae9-85a4-c4c02393f86c, "
                                   "answers '*')",
                                   c.req.origin, c.req.method, ex.behavior));
    } else {
      d.fix = make_fix({}, Setting::CorsConfiguration,
                       fmt::format("put a CORS configuration on the bucket with a rule allowing "
                                   "origin {} and method {}",
                                   c.req.origin, c.req.method));
    }
    return d;
  }
  if (c.view && !ex.s3_saw_origin) {
    return {fmt::format("{} does not forward Origin to S3 ({} keeps it out of the origin "
                        "request), so S3 never adds CORS headers",
                        ex.behavior, cloudfront::cache_key_source(*c.view)),
            make_fix(cache_key_location(c), cache_setting(c),
                     "use a cache policy whose key holds Origin, Access-Control-Request-Headers "
                     "and Access-Control-Request-Method (or attach the origin request policy "
                     "Managed-CORS-S3Origin 88a5eaf4-2fd4-4709-b370-b4c650ea3fcf together with "
                     "such a key)")};
  }
  return s3_no_match(c, ex);
}

Diagnosis cache_side(const Context& c, const Exchange& ex, std::string_view what) {
  std::vector<std::string_view> missing;
  std::vector<std::string_view> needed{"Origin"};
  if (ex.kind == Stage::Preflight) {
    needed.push_back(kAcrh);
    needed.push_back(kAcrm);
  }
  for (std::string_view n : needed) {
    bool keyed = std::any_of(ex.cache_key.begin(), ex.cache_key.end(),
                             [&](const std::string& k) { return iequals(k, n); });
    if (!keyed) missing.push_back(n);
  }
  return {fmt::format("{}: {}; {}", ex.behavior, ex.cache_note, what),
          make_fix(cache_key_location(c), cache_setting(c),
                   fmt::format("put {} in the cache key ({} leaves {} out), or attach a response "
                               "headers policy with CORS and OriginOverride true",
                               fmt::join(missing, ", "), cloudfront::cache_key_source(*c.view),
                               missing.size() == 1 ? "it" : "them"))};
}

// The failures of one blocked exchange, by the browser check that failed.
class Diagnoser {
 public:
  Diagnoser(const Context& c, const Exchange& ex, const Verdict& v)
      : c_(c),
        ex_(ex),
        v_(v),
        pc_(c.view ? c.view->cors() : nullptr),
        acao_(find(ex.response_headers, kAcao)) {}

  Diagnosis run() const;

 private:
  Diagnosis refused_method() const;
  Diagnosis missing_acao() const;
  Diagnosis wildcard() const;
  Diagnosis wildcard_from_s3_rule() const;
  Diagnosis wrong_acao() const;
  Diagnosis credentials() const;
  Diagnosis preflight_lists() const;

  // A fix to the response headers policy's CORS `setting` (at `node`). A
  // managed policy cannot change: the fix then points at the id that attaches
  // it and says to attach a custom one.
  Fix policy_fix(json::NodeId node, Setting setting, std::string change) const {
    const Document* d = holder(c_, c_.view->response_headers.policy);
    Location at = d != nullptr && node != json::kNoNode
                      ? locate(d, node)
                      : locate(c_.s.distribution_doc(), c_.view->response_headers.id->node);
    Fix f = make_fix(std::move(at), setting, std::move(change));
    f.in_managed_policy = d == nullptr;
    return f;
  }
  json::NodeId origin_override_node() const {
    return pc_->origin_override ? pc_->origin_override->node : pc_->node;
  }

  const Context& c_;
  const Exchange& ex_;
  const Verdict& v_;
  const cloudfront::CorsConfig* pc_;  // the response headers policy's CORS part, or null
  const ResponseHeader* acao_;
};

// CloudFront's own 403: the behaviour's AllowedMethods refuse the method.
Diagnosis Diagnoser::refused_method() const {
  const cloudfront::CacheBehavior& b = *c_.behavior;
  std::vector<std::string_view> allowed{"GET", "HEAD"};
  if (!b.allowed_methods.items.empty()) {
    allowed.clear();
    for (const auto& i : b.allowed_methods.items) allowed.push_back(i.text);
  }
  return {fmt::format("{} allows only [{}]: CloudFront answers {} with its own 403 page, which "
                      "has no CORS headers",
                      ex_.behavior, fmt::join(allowed, ", "), ex_.method),
          make_fix(locate(c_.s.distribution_doc(),
                          b.allowed_methods.present() ? b.allowed_methods.node : b.node),
                   Setting::BehaviorAllowedMethods,
                   ex_.method == "OPTIONS" && (c_.req.method == "GET" || c_.req.method == "HEAD")
                       ? std::string("allow [GET, HEAD, OPTIONS]")
                       : std::string("allow all seven methods [GET, HEAD, OPTIONS, PUT, POST, "
                                     "PATCH, DELETE]"))};
}

// No Access-Control-Allow-Origin, or a preflight refused with a status.
Diagnosis Diagnoser::missing_acao() const {
  if (ex_.served_from_cache) {
    return cache_side(c_, ex_, "that answer has no Access-Control-Allow-Origin");
  }
  Diagnosis d = s3_side(c_, ex_);
  if (v_.failure == Failure::Status) {
    d.why = fmt::format("the preflight gets status {} ({}){}; {}", ex_.status,
                        ex_.origin_error.empty() ? "from the origin" : ex_.origin_error,
                        acao_ != nullptr ? ", although Access-Control-Allow-Origin was added" : "",
                        d.why);
  } else if (pc_ != nullptr) {
    d.why += fmt::format("; {} adds nothing for {}", ex_.policy, c_.req.origin);
    if (c_.s.cors() == nullptr || ex_.origin_kind != OriginKind::S3) {
      d.fix = policy_fix(pc_->allow_origins.node, Setting::AccessControlAllowOrigins,
                         fmt::format("add \"{}\"", c_.req.origin));
    }
  }
  return d;
}

// '*' for a credentialed request.
Diagnosis Diagnoser::wildcard() const {
  if (acao_ != nullptr && acao_->set_by == SetBy::ResponseHeadersPolicy) {
    return {fmt::format("{} answers '*' and credentialed requests never accept it", ex_.policy),
            policy_fix(pc_->allow_origins.node, Setting::AccessControlAllowOrigins,
                       fmt::format("list \"{}\" instead of \"*\" and set "
                                   "AccessControlAllowCredentials to true",
                                   c_.req.origin))};
  }
  if (acao_ != nullptr && acao_->set_by == SetBy::S3 && pc_ != nullptr &&
      !pc_->overrides_origin() && !pc_->allows_any_origin()) {
    return {
        fmt::format("S3 answers '*' and {} keeps it (OriginOverride false), so its own "
                    "answer for {} never reaches the browser",
                    ex_.policy, c_.req.origin),
        policy_fix(origin_override_node(), Setting::OriginOverride, "set OriginOverride to true")};
  }
  if (Diagnosis d = wildcard_from_s3_rule(); !d.why.empty()) return d;
  if (ex_.served_from_cache) return cache_side(c_, ex_, "that answer says '*'");
  return {"the response says '*', which a credentialed request never accepts", std::nullopt};
}

// The S3 rule that answered '*': a later rule naming the origin is shadowed,
// or the rule itself lists "*". Empty when neither.
Diagnosis Diagnoser::wildcard_from_s3_rule() const {
  if (ex_.matched_rule < 0 || c_.s.cors() == nullptr) return {};
  const std::vector<cors::Rule>& rules = c_.s.cors()->rules;
  std::size_t pos = ex_.rules[ex_.matched_rule].index;
  const cors::Rule& rule = rules[pos];
  for (std::size_t later = pos + 1; later < rules.size(); ++later) {
    const cors::Rule& l = rules[later];
    if (!cors::answers_with_wildcard_origin(l) && cors::origin_allowed(l, c_.req.origin) &&
        cors::method_allowed(l, c_.req.method)) {
      return {fmt::format("{} lists \"*\" and matches first, so S3 answers '*' without "
                          "Access-Control-Allow-Credentials; {}, which names {}, is "
                          "shadowed",
                          rule.label(), l.label(), c_.req.origin),
              make_fix(locate(c_.s.cors_doc(), l.node), Setting::RuleOrder,
                       fmt::format("move {} before {}", l.label(), rule.label()))};
    }
  }
  for (const Value& o : rule.allowed_origins) {
    if (o.text != "*") continue;
    return {fmt::format("{} lists \"*\", so S3 answers '*' and never sends "
                        "Access-Control-Allow-Credentials",
                        rule.label()),
            make_fix(locate(c_.s.cors_doc(), o.node), Setting::AllowedOrigins,
                     fmt::format("list \"{}\" instead of \"*\" (S3 then echoes it with "
                                 "Access-Control-Allow-Credentials: true)",
                                 c_.req.origin))};
  }
  return {};
}

// Access-Control-Allow-Origin with several values, another origin, or garbage.
Diagnosis Diagnoser::wrong_acao() const {
  if (ex_.served_from_cache) {
    return cache_side(c_, ex_,
                      fmt::format("that answer carries Access-Control-Allow-Origin: {}",
                                  acao_ != nullptr ? acao_->value : ""));
  }
  if (acao_ != nullptr && acao_->set_by == SetBy::ResponseHeadersPolicy) {
    return {fmt::format("{} sets Access-Control-Allow-Origin: {}", ex_.policy, acao_->value),
            policy_fix(pc_->allow_origins.node, Setting::AccessControlAllowOrigins,
                       fmt::format("list \"{}\" exactly", c_.req.origin))};
  }
  if (acao_ != nullptr && pc_ != nullptr && acao_->set_by == SetBy::S3 &&
      !pc_->overrides_origin()) {
    return {
        fmt::format("S3 sent Access-Control-Allow-Origin: {} and {} keeps it "
                    "(OriginOverride false)",
                    acao_->value, ex_.policy),
        policy_fix(origin_override_node(), Setting::OriginOverride, "set OriginOverride to true")};
  }
  return {fmt::format("the response's Access-Control-Allow-Origin is {}",
                      acao_ != nullptr ? acao_->value : ""),
          std::nullopt};
}

Diagnosis Diagnoser::credentials() const {
  if (acao_ != nullptr && acao_->set_by == SetBy::ResponseHeadersPolicy && pc_ != nullptr) {
    return {fmt::format("{} answers the origin but its AccessControlAllowCredentials is "
                        "false, so no Access-Control-Allow-Credentials: true is sent",
                        ex_.policy),
            policy_fix(pc_->allow_credentials ? pc_->allow_credentials->node : pc_->node,
                       Setting::AccessControlAllowCredentials, "set it to true")};
  }
  return {"the response lacks Access-Control-Allow-Credentials: true", std::nullopt};
}

// The preflight answer's Access-Control-Allow-Methods / -Headers.
Diagnosis Diagnoser::preflight_lists() const {
  bool method = v_.failure == Failure::Method || v_.failure == Failure::ParseMethods;
  std::string_view header = method ? kAcam : kAcah;
  const ResponseHeader* h = find(ex_.response_headers, header);
  if (ex_.served_from_cache) {
    return cache_side(
        c_, ex_, fmt::format("that answer's {} is \"{}\"", header, h != nullptr ? h->value : ""));
  }
  if (pc_ != nullptr && (h == nullptr || h->set_by == SetBy::ResponseHeadersPolicy)) {
    const cloudfront::StringList& list = method ? pc_->allow_methods : pc_->allow_headers;
    return {
        fmt::format("{} {}", ex_.policy,
                    h == nullptr ? fmt::format("sends no {}", header)
                                 : fmt::format("sends {}: {}", header, h->value)),
        policy_fix(list.present() ? list.node : pc_->node,
                   method ? Setting::AccessControlAllowMethods : Setting::AccessControlAllowHeaders,
                   v_.all.size() > 1 ? fmt::format("add \"{}\"", fmt::join(v_.all, "\", \""))
                                     : fmt::format("add \"{}\"", v_.item))};
  }
  if (!method && c_.view && ex_.s3_saw_origin && find(ex_.request_headers, kAcrh) != nullptr &&
      std::find(ex_.forwarded.begin(), ex_.forwarded.end(), std::string(kAcrh)) ==
          ex_.forwarded.end()) {
    return {fmt::format("{} does not forward Access-Control-Request-Headers, so S3 does not "
                        "echo the requested headers",
                        ex_.behavior),
            make_fix(cache_key_location(c_), cache_setting(c_),
                     "forward Access-Control-Request-Headers and -Method to S3 (in the cache "
                     "key when OPTIONS is cached)")};
  }
  return {fmt::format("the preflight answer's {} is \"{}\"", header, h != nullptr ? h->value : ""),
          std::nullopt};
}

Diagnosis Diagnoser::run() const {
  if (!ex_.method_allowed) return refused_method();
  switch (v_.failure) {
    case Failure::MissingAcao:
    case Failure::Status:
      return missing_acao();
    case Failure::Wildcard:
      return wildcard();
    case Failure::Multiple:
    case Failure::Mismatch:
    case Failure::InvalidAcao:
      return wrong_acao();
    case Failure::Credentials:
      return credentials();
    case Failure::Method:
    case Failure::HeaderField:
    case Failure::ParseMethods:
    case Failure::ParseHeaders:
      return preflight_lists();
    case Failure::None:
      break;
  }
  return {};
}

}  // namespace

Diagnosis diagnose(const Context& c, const Exchange& ex, const Verdict& v) {
  return Diagnoser(c, ex, v).run();
}

}  // namespace corslint::simulate
