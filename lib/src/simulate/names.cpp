// The words the trace prints for its enums (docs/simulate.md documents them:
// changing one changes the JSON output).
#include <fmt/core.h>

#include "corslint/simulate.hpp"

namespace corslint::simulate {

std::string_view to_string(Api api) { return api == Api::Xhr ? "xhr" : "fetch"; }
std::string_view to_string(Browser b) { return b == Browser::Spec ? "spec" : "chromium"; }
std::string_view to_string(CacheState c) {
  switch (c) {
    case CacheState::Cold:
      return "cold";
    case CacheState::AfterNonCors:
      return "after-non-cors";
    case CacheState::AfterOrigin:
      return "after-origin";
  }
  return "cold";
}

std::string_view to_string(Stage stage) {
  return stage == Stage::Preflight ? "preflight" : "actual";
}

std::string_view to_string(OriginKind kind) {
  switch (kind) {
    case OriginKind::S3:
      return "s3";
    case OriginKind::Custom:
      return "custom";
    case OriginKind::None:
      return "none";
  }
  return "none";
}

std::string_view to_string(SetBy who) {
  switch (who) {
    case SetBy::S3:
      return "s3";
    case SetBy::CloudFront:
      return "cloudfront";
    case SetBy::ResponseHeadersPolicy:
      return "response-headers-policy";
    case SetBy::Cache:
      return "cache";
  }
  return "s3";
}

std::string_view to_string(Mismatch failed) {
  switch (failed) {
    case Mismatch::None:
      return "";
    case Mismatch::Origin:
      return "origin";
    case Mismatch::Method:
      return "method";
    case Mismatch::Headers:
      return "headers";
  }
  return "";
}

std::string_view to_string(Setting setting) {
  switch (setting) {
    case Setting::AllowedOrigins:
      return "AllowedOrigins";
    case Setting::AllowedMethods:
    case Setting::BehaviorAllowedMethods:
      return "AllowedMethods";
    case Setting::AllowedHeaders:
      return "AllowedHeaders";
    case Setting::RuleOrder:
      return "CORSRules order";
    case Setting::CorsConfiguration:
      return "S3 CORS configuration";
    case Setting::CachePolicyId:
      return "CachePolicyId";
    case Setting::ForwardedValuesHeaders:
      return "ForwardedValues.Headers";
    case Setting::ResponseHeadersPolicyId:
      return "ResponseHeadersPolicyId";
    case Setting::AccessControlAllowOrigins:
      return "AccessControlAllowOrigins";
    case Setting::AccessControlAllowMethods:
      return "AccessControlAllowMethods";
    case Setting::AccessControlAllowHeaders:
      return "AccessControlAllowHeaders";
    case Setting::AccessControlAllowCredentials:
      return "AccessControlAllowCredentials";
    case Setting::OriginOverride:
      return "OriginOverride";
  }
  return "";
}

std::string setting_label(const Fix& fix) {
  if (!fix.in_managed_policy) return std::string(to_string(fix.setting));
  return fmt::format("ResponseHeadersPolicyId (a managed policy: attach a custom one whose {})",
                     to_string(fix.setting));
}

}  // namespace corslint::simulate
