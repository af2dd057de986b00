#include "corslint/model/cors.hpp"

#include <array>

#include <fmt/core.h>

#include "corslint/text.hpp"

namespace corslint::cors {
namespace {

using json::kNoNode;
using json::NodeId;
using json::Tree;
using json::Type;

constexpr std::array<std::string_view, 6> kRuleKeys = {
    "ID", "AllowedOrigins", "AllowedMethods", "AllowedHeaders", "ExposeHeaders", "MaxAgeSeconds"};

class Builder {
 public:
  Builder(const Tree& tree, Config& config) : t_(tree), c_(config) {}

  void issue(NodeId node, bool at_key, std::string message) {
    c_.issues.push_back({node, at_key, std::move(message)});
  }

  void build_root(NodeId root, std::size_t bytes) {
    c_.root = root;
    if (bytes > kMaxDocumentBytes) {
      issue(root, false,
            fmt::format("the configuration is {} bytes; S3 accepts at most {} bytes", bytes,
                        kMaxDocumentBytes));
    }
    if (t_.is(root, Type::Array)) return build_rules(root);
    if (!t_.is(root, Type::Object)) {
      issue(root, false,
            fmt::format("expected an array of CORS rules or {{\"CORSRules\": [...]}}, found {}",
                        json::to_string(t_[root].type)));
      return;
    }
    c_.api_form = true;
    NodeId rules = kNoNode;
    for (NodeId m : t_.children(root)) {
      std::string_view key = t_[m].key;
      if (key == "CORSRules") {
        if (rules == kNoNode) rules = m;
      } else if (key == "CORSConfiguration" && t_.is(m, Type::Object)) {
        issue(m, true,
              "\"CORSConfiguration\" wraps the rules; put-bucket-cors --cors-configuration takes "
              "{\"CORSRules\": [...]} directly");
        NodeId inner = t_.get(m, "CORSRules");
        if (inner != kNoNode && rules == kNoNode) rules = inner;
      } else if (key == "ResponseMetadata") {
        // Present when the configuration was saved from an SDK call; not part of it.
      } else if (normalise_key(key) == "corsrules") {
        issue(m, true, fmt::format("unknown key \"{}\"; did you mean \"CORSRules\"?", key));
        if (rules == kNoNode) rules = m;
      } else {
        issue(
            m, true,
            fmt::format("unknown key \"{}\" in a CORS configuration; expected \"CORSRules\"", key));
      }
    }
    if (rules == kNoNode) {
      issue(root, false, "missing \"CORSRules\": a CORS configuration needs at least one rule");
      return;
    }
    if (!t_.is(rules, Type::Array)) {
      issue(rules, false,
            fmt::format("\"CORSRules\" must be an array of rules, found {}",
                        json::to_string(t_[rules].type)));
      return;
    }
    build_rules(rules);
  }

 private:
  void build_rules(NodeId rules) {
    c_.rules_node = rules;
    auto items = t_.children(rules);
    if (items.empty()) {
      issue(rules, false, "the rule list is empty; S3 rejects a CORS configuration without rules");
    }
    if (items.size() > kMaxRules) {
      issue(items[kMaxRules], false,
            fmt::format("{} rules; S3 accepts at most {} CORS rules per bucket", items.size(),
                        kMaxRules));
    }
    for (NodeId item : items) {
      if (!t_.is(item, Type::Object)) {
        issue(
            item, false,
            fmt::format("a CORS rule must be an object, found {}", json::to_string(t_[item].type)));
        continue;
      }
      build_rule(item, c_.rules.size());
    }
  }

  void build_rule(NodeId node, std::size_t index) {
    Rule& r = c_.rules.emplace_back();
    r.node = node;
    r.index = t_[node].index;
    (void)index;
    for (NodeId m : t_.children(node)) {
      std::string_view key = t_[m].key;
      if (key == "ID") {
        if (!t_.is(m, Type::String)) {
          issue(m, false,
                fmt::format("\"ID\" must be a string, found {}", json::to_string(t_[m].type)));
        } else {
          if (!r.id) r.id = Value{t_[m].text, m};
          if (t_[m].text.size() > kMaxIdLength) {
            issue(m, false,
                  fmt::format("\"ID\" is {} characters; S3 accepts at most {}", t_[m].text.size(),
                              kMaxIdLength));
          }
        }
      } else if (key == "AllowedOrigins") {
        list(m, key, r.allowed_origins_node, r.allowed_origins);
      } else if (key == "AllowedMethods") {
        list(m, key, r.allowed_methods_node, r.allowed_methods);
      } else if (key == "AllowedHeaders") {
        list(m, key, r.allowed_headers_node, r.allowed_headers);
      } else if (key == "ExposeHeaders") {
        list(m, key, r.expose_headers_node, r.expose_headers);
      } else if (key == "MaxAgeSeconds") {
        if (r.max_age_node == kNoNode) r.max_age_node = m;
        if (!t_.is(m, Type::Number)) {
          issue(m, false,
                fmt::format("\"MaxAgeSeconds\" must be a number, found {}",
                            json::to_string(t_[m].type)));
        }
      } else if (auto guess = did_you_mean(key, kRuleKeys)) {
        issue(m, true,
              fmt::format("unknown key \"{}\" in a CORS rule; did you mean \"{}\"?", key, *guess));
      } else {
        issue(m, true,
              fmt::format("unknown key \"{}\" in a CORS rule; S3 accepts ID, "
                          "AllowedOrigins, AllowedMethods, AllowedHeaders, ExposeHeaders "
                          "and MaxAgeSeconds",
                          key));
      }
    }
    if (r.allowed_origins_node == kNoNode) {
      issue(
          node, false,
          fmt::format("{} has no \"AllowedOrigins\"; S3 requires at least one origin", r.label()));
    } else if (t_.is(r.allowed_origins_node, Type::Array) &&
               t_.children(r.allowed_origins_node).empty()) {
      issue(r.allowed_origins_node, false,
            fmt::format("{} has an empty \"AllowedOrigins\"; S3 requires at least one origin",
                        r.label()));
    }
    if (r.allowed_methods_node == kNoNode) {
      issue(
          node, false,
          fmt::format("{} has no \"AllowedMethods\"; S3 requires at least one method", r.label()));
    } else if (t_.is(r.allowed_methods_node, Type::Array) &&
               t_.children(r.allowed_methods_node).empty()) {
      issue(r.allowed_methods_node, false,
            fmt::format("{} has an empty \"AllowedMethods\"; S3 requires at least one method",
                        r.label()));
    }
  }

  void list(NodeId m, std::string_view key, NodeId& slot, std::vector<Value>& out) {
    if (slot != kNoNode) return;  // duplicate key: E003 reports it; the first one counts
    slot = m;
    if (!t_.is(m, Type::Array)) {
      issue(m, false,
            fmt::format("\"{}\" must be an array of strings, found {}", key,
                        json::to_string(t_[m].type)));
      if (t_.is(m, Type::String)) out.push_back({t_[m].text, m});  // still check the value
      return;
    }
    for (NodeId e : t_.children(m)) {
      if (!t_.is(e, Type::String)) {
        issue(e, false,
              fmt::format("\"{}\" entries must be strings, found {}", key,
                          json::to_string(t_[e].type)));
        continue;
      }
      out.push_back({t_[e].text, e});
    }
  }

  const Tree& t_;
  Config& c_;
};

bool has_rule_like_key(const Tree& t, NodeId obj) {
  for (NodeId m : t.children(obj)) {
    std::string k = normalise_key(t[m].key);
    if (k.starts_with("allowedorigin") || k.starts_with("allowedmethod") ||
        k.starts_with("allowedheader") || k.starts_with("exposeheader") ||
        k.starts_with("maxageseconds")) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string Rule::label() const {
  if (id && !id->text.empty()) return fmt::format("rule \"{}\"", id->text);
  return fmt::format("rule {}", index);
}

bool Rule::allows_method(std::string_view method) const {
  for (const Value& m : allowed_methods) {
    if (m.text == method) return true;
  }
  return false;
}

bool Rule::has_write_method() const {
  return allows_method("PUT") || allows_method("POST") || allows_method("DELETE");
}

Config build(const Tree& tree, NodeId root, std::size_t document_bytes) {
  Config config;
  Builder(tree, config).build_root(root, document_bytes);
  return config;
}

bool looks_like_cors(const Tree& t, NodeId root) {
  if (t.is(root, Type::Object)) {
    for (NodeId m : t.children(root)) {
      std::string k = normalise_key(t[m].key);
      if (k == "corsrules") return true;
      if (k == "corsconfiguration" && t.is(m, Type::Object) &&
          t.get_icase(m, "CORSRules") != json::kNoNode) {
        return true;
      }
    }
    return false;
  }
  if (!t.is(root, Type::Array)) return false;
  auto items = t.children(root);
  if (items.empty() || !t.is(items[0], Type::Object)) return false;
  return has_rule_like_key(t, items[0]);
}

}  // namespace corslint::cors
