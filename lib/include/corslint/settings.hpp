#pragma once

#include <string>
#include <vector>

namespace corslint {

// Organisation-specific facts from the config file that some rules read.
struct LintSettings {
  // Origin patterns (S3 wildcard syntax) an organisation accepts; empty = no check.
  std::vector<std::string> allowed_origins;
  // Account ids that are not "external".
  std::vector<std::string> trusted_accounts;
  // The account that owns the buckets being linted (12 digits); empty = unknown.
  std::string account_id;
};

}  // namespace corslint
