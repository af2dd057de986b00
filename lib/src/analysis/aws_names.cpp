#include "corslint/analysis/aws_names.hpp"

#include <algorithm>
#include <array>

#include "corslint/text.hpp"

namespace corslint {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_unique_id(std::string_view s) {
  // IAM unique ids: a four-letter prefix and 17+ upper-case letters or digits.
  constexpr std::array<std::string_view, 6> kPrefixes = {"AIDA", "AROA", "AIPA",
                                                         "ANPA", "AGPA", "ASIA"};
  if (s.size() < 16) return false;
  if (std::none_of(kPrefixes.begin(), kPrefixes.end(),
                   [&](std::string_view p) { return s.starts_with(p); })) {
    return false;
  }
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

constexpr std::string_view kOaiUser = "user/CloudFront Origin Access Identity ";

}  // namespace

bool is_account_id(std::string_view s) { return s.size() == 12 && all_digits(s); }

std::optional<Arn> parse_arn(std::string_view text) {
  if (!text.starts_with("arn:")) return std::nullopt;
  std::string_view rest = text.substr(4);
  std::string_view parts[4];
  for (auto& part : parts) {
    auto colon = rest.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    part = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  return Arn{parts[0], parts[1], parts[2], parts[3], rest};
}

std::optional<S3ArnTarget> s3_target(const Arn& arn) {
  if (arn.service != "s3" || arn.resource.empty()) return std::nullopt;
  S3ArnTarget t;
  auto slash = arn.resource.find('/');
  t.bucket = arn.resource.substr(0, slash);
  if (slash != std::string_view::npos) {
    t.key = arn.resource.substr(slash + 1);
    t.object = true;
  }
  return t;
}

PrincipalInfo classify_principal(const policy::PrincipalEntry& e) {
  std::string_view v = e.value.text;
  if (e.type == "*") return {v == "*" ? PrincipalKind::Everyone : PrincipalKind::Invalid, {}, v};
  if (e.type == "Service") return {PrincipalKind::Service, {}, v};
  if (e.type == "Federated") return {PrincipalKind::Federated, {}, v};
  if (e.type == "CanonicalUser") return {PrincipalKind::CanonicalUser, {}, v};
  if (e.type != "AWS") return {PrincipalKind::Invalid, {}, v};
  if (v == "*") return {PrincipalKind::Everyone, {}, v};
  if (is_account_id(v)) return {PrincipalKind::Account, v, v};
  if (is_unique_id(v)) return {PrincipalKind::UniqueId, {}, v};
  auto arn = parse_arn(v);
  if (!arn) return {PrincipalKind::Invalid, {}, v};
  if (arn->service == "iam" && arn->account == "cloudfront" &&
      arn->resource.starts_with(kOaiUser)) {
    return {PrincipalKind::OriginAccessIdentity, {}, arn->resource.substr(kOaiUser.size())};
  }
  if (!is_account_id(arn->account) || !arn->region.empty()) return {PrincipalKind::Invalid, {}, v};
  if (arn->service == "iam") {
    if (arn->resource == "root") return {PrincipalKind::Account, arn->account, arn->resource};
    if (arn->resource.starts_with("user/") || arn->resource.starts_with("role/") ||
        arn->resource.starts_with("group/")) {
      return {PrincipalKind::IamIdentity, arn->account, arn->resource};
    }
  }
  if (arn->service == "sts" && (arn->resource.starts_with("assumed-role/") ||
                                arn->resource.starts_with("federated-user/"))) {
    return {PrincipalKind::AssumedRole, arn->account, arn->resource};
  }
  return {PrincipalKind::Invalid, arn->account, v};
}

std::optional<DistributionArn> parse_distribution_arn(std::string_view text) {
  auto arn = parse_arn(text);
  if (!arn || arn->service != "cloudfront" || !arn->region.empty()) return std::nullopt;
  constexpr std::string_view kPrefix = "distribution/";
  if (!arn->resource.starts_with(kPrefix)) return std::nullopt;
  return DistributionArn{arn->account, arn->resource.substr(kPrefix.size())};
}

}  // namespace corslint
