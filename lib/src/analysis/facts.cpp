#include "analysis/facts.hpp"

#include "corslint/analysis/policy_access.hpp"
#include "corslint/analysis/policy_values.hpp"

namespace corslint {
namespace {

void mark(Value& v) { v.may_hold_placeholder = policy::may_hold_placeholder(v.text); }

void add_policy_facts(policy::Policy& p) {
  if (p.id) mark(*p.id);
  for (policy::Statement& st : p.statements) {
    st.access = statement_access(st);
    if (st.sid) mark(*st.sid);
    if (st.principal) {
      for (policy::PrincipalEntry& e : st.principal->entries) mark(e.value);
    }
    for (Value& v : st.actions) mark(v);
    for (Value& v : st.resources) mark(v);
    for (policy::Condition& c : st.conditions) {
      for (Value& v : c.values) mark(v);
    }
  }
}

}  // namespace

void add_facts(Model& model) {
  if (auto* p = std::get_if<policy::Policy>(&model)) add_policy_facts(*p);
}

}  // namespace corslint
