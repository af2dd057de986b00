#pragma once

// Facts about condition keys. Until the generated S3 catalog lands this is a
// short hand-written list; swap the body of each function for a catalog lookup.
#include <string_view>

namespace corslint {

// A key whose request value is a set (ArrayOf...), so ForAllValues/ForAnyValue
// make sense on it. Every other key a bucket policy can use is single-valued.
// Compared case-insensitively.
bool is_multivalued_condition_key(std::string_view key);

}  // namespace corslint
