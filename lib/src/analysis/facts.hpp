#pragma once

// Facts about a model that several rules read, worked out once when the
// document is loaded (after model/build.hpp): the model stage reads JSON into
// types and knows no analysis; this is where analysis annotates it.
#include "corslint/document.hpp"

namespace corslint {

// Policy statements: what each Action reaches (Statement::access) and which
// values can hold a placeholder at all (Value::may_hold_placeholder).
void add_facts(Model& model);

}  // namespace corslint
