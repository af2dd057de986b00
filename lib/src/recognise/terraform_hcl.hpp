#pragma once

// Terraform HCL (`*.tf`): the native syntax, parsed (input/hcl.hpp) and
// written as the located tree that the same configuration in Terraform's JSON
// syntax (`*.tf.json`) gives, so that terraform_config() reads both. What the
// file determines is evaluated (literals, variables' defaults, locals,
// jsonencode and a few functions, aws_iam_policy_document data sources); any
// other expression stays an expression, written as tf.json writes it (a
// "${...}" string), hence unknown. See docs/formats.md, "Terraform HCL".
#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"

namespace corslint::formats {

// A syntax error is a located E002 "invalid HCL: ...". With `module`, the
// variables, locals, aws_iam_policy_document data sources and tfvars of the
// other files in the source's folder are known too (a small folder only).
json::ParseResult terraform_hcl(const Source& source, bool module = false);

}  // namespace corslint::formats
