#include "corslint/model/policy.hpp"

#include <algorithm>
#include <array>

#include <fmt/core.h>

#include "corslint/text.hpp"

namespace corslint::policy {
namespace {

using json::kNoNode;
using json::NodeId;
using json::Tree;
using json::Type;

constexpr std::array<std::string_view, 3> kPolicyKeys = {"Version", "Id", "Statement"};
constexpr std::array<std::string_view, 10> kStatementKeys = {
    "Sid",       "Effect",   "Principal",   "NotPrincipal", "Action",
    "NotAction", "Resource", "NotResource", "Condition",    "Id"};
constexpr std::array<std::string_view, 4> kPrincipalTypes = {"AWS", "Service", "Federated",
                                                             "CanonicalUser"};

std::string_view scalar_text(const Tree& t, NodeId n) {
  switch (t[n].type) {
    case Type::String:
    case Type::Number:
      return t[n].text;
    case Type::Bool:
      return t[n].boolean ? "true" : "false";
    default:
      return {};
  }
}

class Builder {
 public:
  Builder(const Tree& tree, Policy& p) : t_(tree), p_(p) {}

  void issue(NodeId node, bool at_key, std::string message) {
    p_.issues.push_back({node, at_key, std::move(message)});
  }

  void build_root(NodeId root) {
    p_.root = root;
    if (!t_.is(root, Type::Object)) {
      issue(root, false,
            fmt::format("a bucket policy must be a JSON object, found {}",
                        json::to_string(t_[root].type)));
      return;
    }
    for (NodeId m : t_.children(root)) {
      std::string_view key = t_[m].key;
      if (key == "Version") {
        if (p_.version_node != kNoNode) continue;  // E003 reports the duplicate
        p_.version_node = m;
        if (t_.is(m, Type::String)) {
          p_.version = Value{t_[m].text, m};
        } else {
          issue(m, false,
                fmt::format("\"Version\" must be a string, found {}", json::to_string(t_[m].type)));
        }
      } else if (key == "Id") {
        if (t_.is(m, Type::String)) {
          if (!p_.id) p_.id = Value{t_[m].text, m};
        } else {
          issue(m, false,
                fmt::format("\"Id\" must be a string, found {}", json::to_string(t_[m].type)));
        }
      } else if (key == "Statement") {
        if (p_.statement_node == kNoNode) p_.statement_node = m;
      } else {
        unknown(m, key, kPolicyKeys, "a policy", "Version, Id and Statement");
      }
    }
    if (p_.statement_node == kNoNode) {
      issue(root, false, "the policy has no \"Statement\"");
      return;
    }
    NodeId st = p_.statement_node;
    if (t_.is(st, Type::Object)) {
      build_statement(st, 0);
    } else if (t_.is(st, Type::Array)) {
      if (t_.children(st).empty())
        issue(st, false, "\"Statement\" is empty: the policy grants nothing");
      p_.statements.reserve(t_.children(st).size());
      std::size_t i = 0;
      for (NodeId s : t_.children(st)) {
        if (!t_.is(s, Type::Object)) {
          issue(
              s, false,
              fmt::format("a statement must be an object, found {}", json::to_string(t_[s].type)));
        } else {
          build_statement(s, i);
        }
        ++i;
      }
    } else {
      issue(st, false,
            fmt::format("\"Statement\" must be an object or an array of objects, found {}",
                        json::to_string(t_[st].type)));
    }
  }

 private:
  template <std::size_t N>
  void unknown(NodeId m, std::string_view key, const std::array<std::string_view, N>& known,
               std::string_view where, std::string_view list) {
    if (auto guess = did_you_mean(key, known)) {
      issue(m, true,
            fmt::format("unknown element \"{}\" in {}; did you mean \"{}\"?", key, where, *guess));
    } else {
      issue(m, true, fmt::format("unknown element \"{}\" in {}; expected {}", key, where, list));
    }
  }

  void build_statement(NodeId node, std::size_t index) {
    Statement& s = p_.statements.emplace_back();
    s.node = node;
    s.index = index;
    NodeId principal = kNoNode, not_principal = kNoNode, action = kNoNode, not_action = kNoNode,
           resource = kNoNode, not_resource = kNoNode;
    for (NodeId m : t_.children(node)) {
      std::string_view key = t_[m].key;
      if (key == "Sid") {
        if (t_.is(m, Type::String)) {
          if (!s.sid) s.sid = Value{t_[m].text, m};
        } else {
          issue(m, false,
                fmt::format("\"Sid\" must be a string, found {}", json::to_string(t_[m].type)));
        }
      } else if (key == "Effect") {
        if (s.effect_node != kNoNode) continue;
        s.effect_node = m;
        std::string_view e = t_.str(m);
        s.effect = e == "Allow" ? Effect::Allow : e == "Deny" ? Effect::Deny : Effect::Invalid;
      } else if (key == "Principal") {
        if (principal == kNoNode) principal = m;
      } else if (key == "NotPrincipal") {
        if (not_principal == kNoNode) not_principal = m;
      } else if (key == "Action") {
        if (action == kNoNode) action = m;
      } else if (key == "NotAction") {
        if (not_action == kNoNode) not_action = m;
      } else if (key == "Resource") {
        if (resource == kNoNode) resource = m;
      } else if (key == "NotResource") {
        if (not_resource == kNoNode) not_resource = m;
      } else if (key == "Condition") {
        if (s.condition_node == kNoNode) build_conditions(s, m);
      } else {
        unknown(m, key, kStatementKeys, "a statement",
                "Sid, Effect, Principal, Action, Resource and Condition");
      }
    }
    if (s.effect_node == kNoNode) {
      issue(node, false, fmt::format("{} has no \"Effect\"", s.label()));
    } else if (s.effect == Effect::Invalid) {
      issue(s.effect_node, false,
            fmt::format("\"Effect\" must be \"Allow\" or \"Deny\" (case-sensitive) in {}",
                        s.label()));
    }
    pair(s, principal, not_principal, "Principal", true);
    if (principal != kNoNode)
      s.principal = build_principal(principal, false);
    else if (not_principal != kNoNode)
      s.principal = build_principal(not_principal, true);
    pair(s, action, not_action, "Action", true);
    s.not_action = action == kNoNode && not_action != kNoNode;
    s.action_node = action != kNoNode ? action : not_action;
    if (s.action_node != kNoNode) strings(s.action_node, s.actions);
    pair(s, resource, not_resource, "Resource", true);
    s.not_resource = resource == kNoNode && not_resource != kNoNode;
    s.resource_node = resource != kNoNode ? resource : not_resource;
    if (s.resource_node != kNoNode) strings(s.resource_node, s.resources);
  }

  // Exactly one of X and NotX; a bucket policy needs a principal too.
  void pair(const Statement& s, NodeId x, NodeId not_x, std::string_view name, bool required) {
    if (x != kNoNode && not_x != kNoNode) {
      issue(
          not_x, true,
          fmt::format("{} has both \"{}\" and \"Not{}\"; use one of them", s.label(), name, name));
    } else if (required && x == kNoNode && not_x == kNoNode) {
      issue(s.node, false,
            fmt::format("{} has no \"{}\" (or \"Not{}\"), which a bucket policy "
                        "statement requires",
                        s.label(), name, name));
    }
  }

  void strings(NodeId m, std::vector<Value>& out) {
    std::string_view key = t_[m].key;
    if (t_.is(m, Type::String)) {
      out.push_back({t_[m].text, m});
      return;
    }
    if (!t_.is(m, Type::Array)) {
      issue(m, false,
            fmt::format("\"{}\" must be a string or an array of strings, found {}", key,
                        json::to_string(t_[m].type)));
      return;
    }
    out.reserve(out.size() + t_[m].child_count);
    for (NodeId e : t_.children(m)) {
      if (t_.is(e, Type::String)) {
        out.push_back({t_[e].text, e});
      } else {
        issue(e, false,
              fmt::format("\"{}\" entries must be strings, found {}", key,
                          json::to_string(t_[e].type)));
      }
    }
  }

  Principal build_principal(NodeId m, bool negated) {
    Principal p;
    p.node = m;
    p.negated = negated;
    std::string_view key = t_[m].key;
    if (t_.is(m, Type::String)) {
      if (t_[m].text != "*") {
        issue(m, false,
              fmt::format("a string \"{}\" must be \"*\"; name principals as "
                          "{{\"AWS\": \"...\"}} or {{\"Service\": \"...\"}}",
                          key));
      }
      p.entries.push_back({"*", m, {t_[m].text, m}});
      return p;
    }
    if (!t_.is(m, Type::Object)) {
      issue(m, false,
            fmt::format("\"{}\" must be \"*\" or an object such as {{\"AWS\": \"...\"}}, "
                        "found {}",
                        key, json::to_string(t_[m].type)));
      return p;
    }
    if (t_.children(m).empty()) issue(m, false, fmt::format("\"{}\" is empty", key));
    for (NodeId typ : t_.children(m)) {
      std::string_view type = t_[typ].key;
      if (std::find(kPrincipalTypes.begin(), kPrincipalTypes.end(), type) ==
          kPrincipalTypes.end()) {
        unknown(typ, type, kPrincipalTypes, "a principal",
                "AWS, Service, Federated or CanonicalUser");
      }
      std::vector<Value> values;
      strings(typ, values);
      for (const Value& v : values) p.entries.push_back({type, typ, v});
    }
    return p;
  }

  void build_conditions(Statement& s, NodeId m) {
    s.condition_node = m;
    if (!t_.is(m, Type::Object)) {
      issue(m, false,
            fmt::format("\"Condition\" must be an object of operator -> {{key: values}}, "
                        "found {}",
                        json::to_string(t_[m].type)));
      return;
    }
    for (NodeId op : t_.children(m)) {
      if (!t_.is(op, Type::Object)) {
        issue(op, false,
              fmt::format("condition operator \"{}\" must map to an object of key -> "
                          "values, found {}",
                          t_[op].key, json::to_string(t_[op].type)));
        continue;
      }
      for (NodeId key : t_.children(op)) {
        Condition c = parse_operator(t_[op].key);
        c.op_node = op;
        c.key = t_[key].key;
        c.key_node = key;
        condition_values(key, c.values);
        s.conditions.push_back(std::move(c));
      }
    }
  }

  static Condition parse_operator(std::string_view op) {
    Condition c;
    c.op = op;
    std::string_view base = op;
    if (istarts_with(base, "ForAllValues:")) {
      c.qualifier = SetQualifier::ForAllValues;
      base.remove_prefix(13);
    } else if (istarts_with(base, "ForAnyValue:")) {
      c.qualifier = SetQualifier::ForAnyValue;
      base.remove_prefix(12);
    }
    constexpr std::string_view kIfExists = "IfExists";
    if (base.size() > kIfExists.size() &&
        iequals(base.substr(base.size() - kIfExists.size()), kIfExists)) {
      c.if_exists = true;
      base.remove_suffix(kIfExists.size());
    }
    c.base_op = base;
    return c;
  }

  void condition_values(NodeId key, std::vector<Value>& out) {
    auto scalar = [&](NodeId n) {
      if (t_.is(n, Type::String) || t_.is(n, Type::Number) || t_.is(n, Type::Bool)) {
        out.push_back({scalar_text(t_, n), n});
      } else {
        issue(n, false,
              fmt::format("condition values of \"{}\" must be strings, numbers or "
                          "booleans, found {}",
                          t_[key].key, json::to_string(t_[n].type)));
      }
    };
    if (t_.is(key, Type::Array)) {
      out.reserve(out.size() + t_[key].child_count);
      for (NodeId e : t_.children(key)) scalar(e);
    } else {
      scalar(key);
    }
  }

  const Tree& t_;
  Policy& p_;
};

}  // namespace

bool Principal::is_everyone() const {
  for (const PrincipalEntry& e : entries) {
    if (e.value.text == "*" && (e.type == "*" || e.type == "AWS")) return true;
  }
  return false;
}

bool Condition::negated() const { return base_op.find("Not") != std::string_view::npos; }

bool Condition::true_when_key_absent() const {
  if (iequals(base_op, "Null")) return false;  // Null's meaning is the absence itself
  return negated() || if_exists || qualifier == SetQualifier::ForAllValues;
}

std::string Statement::label() const {
  if (sid && !sid->text.empty()) return fmt::format("statement \"{}\"", sid->text);
  return fmt::format("statement {}", index);
}

std::vector<const Condition*> Statement::conditions_on(std::string_view key) const {
  std::vector<const Condition*> out;
  for (const Condition& c : conditions) {
    if (iequals(c.key, key)) out.push_back(&c);
  }
  return out;
}

Policy build(const Tree& tree, NodeId root, std::size_t document_bytes) {
  Policy p;
  p.document_bytes = document_bytes;
  Builder(tree, p).build_root(root);
  return p;
}

}  // namespace corslint::policy
