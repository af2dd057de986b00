#include "cloudfront_reader.hpp"

#include <fmt/core.h>

#include "corslint/text.hpp"

namespace corslint::cloudfront::detail {

using json::kNoNode;
using json::NodeId;
using json::Type;

namespace {
std::string_view type_name(const json::Tree& t, NodeId n) { return json::to_string(t[n].type); }
}  // namespace

void Reader::issue(NodeId node, bool at_key, std::string message, std::optional<IssueFix> fix) {
  issues_.push_back({node, at_key, std::move(message), std::move(fix)});
}

bool Reader::object(NodeId m, std::string_view where) {
  if (t_.is(m, Type::Object)) return true;
  issue(
      m, false,
      fmt::format("\"{}\" in {} must be an object, found {}", t_[m].key, where, type_name(t_, m)));
  return false;
}

std::optional<Value> Reader::string(NodeId m, std::string_view where) {
  if (t_.is(m, Type::String)) return Value{t_[m].text, m};
  issue(m, false,
        fmt::format("\"{}\" in {} must be a string, found {}", t_[m].key, where, type_name(t_, m)));
  return std::nullopt;
}

std::optional<Flag> Reader::boolean(NodeId m, std::string_view where) {
  if (t_.is(m, Type::Bool)) return Flag{t_[m].boolean, m};
  std::string_view text = t_.str(m);
  std::string hint;
  if (text == "true" || text == "false") hint = fmt::format("; write {} without quotes", text);
  issue(m, false,
        fmt::format("\"{}\" in {} must be true or false, found {}{}", t_[m].key, where,
                    type_name(t_, m), hint));
  return std::nullopt;
}

std::optional<Integer> Reader::integer(NodeId m, std::string_view where) {
  const json::Node& n = t_[m];
  if (n.type == Type::Number && n.is_integer) return Integer{n.integer, m};
  if (n.type == Type::Number) {
    issue(m, false,
          fmt::format("\"{}\" in {} must be a whole number, found {}", n.key, where, n.text));
  } else {
    issue(m, false,
          fmt::format("\"{}\" in {} must be a number, found {}", n.key, where, type_name(t_, m)));
  }
  return std::nullopt;
}

std::optional<Value> Reader::enumerated(NodeId m, std::string_view where,
                                        std::span<const std::string_view> allowed) {
  auto v = string(m, where);
  if (!v) return v;
  for (std::string_view a : allowed) {
    if (a == v->text) return v;
  }
  std::string hint;
  if (auto guess = did_you_mean(v->text, allowed)) {
    hint = fmt::format("; did you mean \"{}\"?", *guess);
  } else {
    hint = fmt::format("; use {}", one_of(allowed));
  }
  issue(m, false,
        fmt::format("\"{}\" in {} is \"{}\", which CloudFront does not accept{}", t_[m].key, where,
                    v->text, hint));
  return v;
}

std::vector<NodeId> Reader::list(NodeId m, std::string_view where, std::string_view extra) {
  std::string_view key = t_[m].key;
  if (t_.is(m, Type::Array)) {
    if (form_ == Form::Api) {
      issue(
          m, false,
          fmt::format("\"{}\" in {} must be {{\"Quantity\": N, \"Items\": [...]}}, found an array",
                      key, where));
    }
    auto kids = t_.children(m);
    return {kids.begin(), kids.end()};
  }
  if (!t_.is(m, Type::Object)) {
    issue(m, false,
          fmt::format("\"{}\" in {} must be {{\"Quantity\": N, \"Items\": [...]}}, found {}", key,
                      where, type_name(t_, m)));
    return {};
  }
  NodeId quantity = kNoNode, items = kNoNode;
  for (NodeId c : t_.children(m)) {
    std::string_view k = t_[c].key;
    if (k == "Quantity") {
      if (quantity == kNoNode) quantity = c;
    } else if (k == "Items") {
      if (items == kNoNode) items = c;
    } else if (!extra.empty() && k == extra) {
      // read by the caller
    } else {
      static constexpr std::string_view kKnown[] = {"Quantity", "Items"};
      unknown_key(c, fmt::format("\"{}\"", key), kKnown);
    }
  }
  std::vector<NodeId> out;
  if (items != kNoNode) {
    if (t_.is(items, Type::Array)) {
      auto kids = t_.children(items);
      out.assign(kids.begin(), kids.end());
    } else {
      issue(items, false,
            fmt::format("\"Items\" of \"{}\" in {} must be an array, found {}", key, where,
                        type_name(t_, items)));
    }
  }
  if (quantity == kNoNode) {
    if (form_ == Form::Api) {
      issue(m, false,
            fmt::format("\"{}\" in {} has no \"Quantity\"; CloudFront requires it, set to the "
                        "number of Items ({})",
                        key, where, out.size()));
    }
    return out;
  }
  const json::Node& q = t_[quantity];
  if (q.type != Type::Number || !q.is_integer) {
    issue(quantity, false,
          fmt::format(
              "\"Quantity\" of \"{}\" in {} must be a whole number, found {}", key, where,
              q.type == Type::Number ? std::string(q.text) : std::string(type_name(t_, quantity))));
    return out;
  }
  auto count = static_cast<int64_t>(out.size());
  if (q.integer == count) return out;
  if (items != kNoNode) {
    issue(quantity, false,
          fmt::format("\"Quantity\" of \"{}\" in {} is {} but \"Items\" holds {}; CloudFront "
                      "rejects the mismatch, set it to {}",
                      key, where, q.integer, count, count),
          IssueFix{fmt::format("set Quantity to {}", count), quantity, std::to_string(count)});
  } else {
    issue(quantity, false,
          fmt::format("\"Quantity\" of \"{}\" in {} is {} but there are no \"Items\"; add "
                      "the items or set Quantity to 0",
                      key, where, q.integer),
          IssueFix{"set Quantity to 0", quantity, "0"});
  }
  return out;
}

StringList Reader::string_list(NodeId m, std::string_view where, std::string_view extra) {
  StringList out;
  out.node = m;
  for (NodeId e : list(m, where, extra)) {
    if (!t_.is(e, Type::String)) {
      issue(e, false,
            fmt::format("entries of \"{}\" in {} must be strings, found {}", t_[m].key, where,
                        type_name(t_, e)));
      continue;
    }
    out.items.push_back({t_[e].text, e});
  }
  return out;
}

std::vector<NodeId> Reader::object_list(NodeId m, std::string_view where) {
  std::vector<NodeId> out;
  for (NodeId e : list(m, where)) {
    if (!t_.is(e, Type::Object)) {
      issue(e, false,
            fmt::format("entries of \"{}\" in {} must be objects, found {}", t_[m].key, where,
                        type_name(t_, e)));
      continue;
    }
    out.push_back(e);
  }
  return out;
}

void Reader::check_quantities(NodeId node) {
  if (t_.is(node, Type::Array)) {
    for (NodeId c : t_.children(node)) check_quantities(c);
    return;
  }
  if (!t_.is(node, Type::Object)) return;
  NodeId quantity = t_.get(node, "Quantity");
  NodeId items = t_.get(node, "Items");
  if (t_.is(quantity, Type::Number) && t_[quantity].is_integer) {
    int64_t count = t_.is(items, Type::Array) ? static_cast<int64_t>(t_.children(items).size()) : 0;
    if (t_[quantity].integer != count && (items == kNoNode || t_.is(items, Type::Array))) {
      std::string_view key = t_[node].key;
      issue(quantity, false,
            fmt::format("\"Quantity\" of \"{}\" is {} but {}; CloudFront rejects the mismatch, "
                        "set it to {}",
                        key, t_[quantity].integer,
                        items == kNoNode ? std::string("there are no \"Items\"")
                                         : fmt::format("\"Items\" holds {}", count),
                        count),
            IssueFix{fmt::format("set Quantity to {}", count), quantity, std::to_string(count)});
    }
  }
  for (NodeId c : t_.children(node)) check_quantities(c);
}

void Reader::unknown_key(NodeId m, std::string_view where,
                         std::span<const std::string_view> known) {
  std::string_view key = t_[m].key;
  if (auto guess = did_you_mean(key, known)) {
    issue(m, true,
          fmt::format("unknown key \"{}\" in {}; did you mean \"{}\"?", key, where, *guess));
  } else {
    issue(
        m, true,
        fmt::format("unknown key \"{}\" in {}; CloudFront rejects the whole request", key, where));
  }
}

void Reader::require(NodeId obj, std::string_view where,
                     std::span<const std::string_view> required) {
  for (std::string_view r : required) {
    if (t_.get(obj, r) == kNoNode) {
      issue(obj, false, fmt::format("missing \"{}\" in {}; CloudFront requires it", r, where));
    }
  }
}

std::optional<Value> wrapper_string(const json::Tree& t, NodeId config, std::string_view key) {
  if (config == kNoNode) return std::nullopt;
  NodeId parent = t[config].parent;
  if (parent == kNoNode || !t.is(parent, Type::Object)) return std::nullopt;
  NodeId v = t.get(parent, key);
  if (!t.is(v, Type::String)) return std::nullopt;
  return Value{t[v].text, v};
}

std::string one_of(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += '"';
    out += names[i];
    out += '"';
  }
  return out;
}

}  // namespace corslint::cloudfront::detail
