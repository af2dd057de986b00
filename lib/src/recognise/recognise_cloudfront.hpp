#pragma once

// Internal: the CloudFront rows of the detector table (recognise.cpp).
#include <vector>

#include "corslint/model/json.hpp"
#include "recognise/recognise.hpp"

namespace corslint::detect {

// aws cloudfront get-distribution / create-distribution / update-distribution
// output: {"ETag", "Distribution": {"Id", "ARN", "DomainName", "DistributionConfig"}}.
bool get_distribution(const json::Tree& t, json::NodeId root, std::vector<Recognised>& out);
// get-distribution-config output {"ETag", "DistributionConfig"}, and the
// --cli-input-json of create/update-distribution ({"Id", "IfMatch", "DistributionConfig"}).
bool get_distribution_config(const json::Tree& t, json::NodeId root, std::vector<Recognised>& out);
// list-distributions {"DistributionList": {"Items": [...]}}, or its Items saved
// alone (--query DistributionList.Items): one document per distribution.
bool list_distributions(const json::Tree& t, json::NodeId root, std::vector<Recognised>& out);
// A bare DistributionConfig (the file given to --distribution-config).
bool distribution_config(const json::Tree& t, json::NodeId root, std::vector<Recognised>& out);

// Each policy kind: get-*-policy {"ETag", "XPolicy": {"Id", "XPolicyConfig"}},
// {"XPolicyConfig": {...}} (--cli-input-json) and the bare config.
bool response_headers_policy(const json::Tree& t, json::NodeId root, std::vector<Recognised>& out);
bool cache_policy(const json::Tree& t, json::NodeId root, std::vector<Recognised>& out);
bool origin_request_policy(const json::Tree& t, json::NodeId root, std::vector<Recognised>& out);
// list-*-policies {"XPolicyList": {"Items": [{"Type", "XPolicy": {...}}]}}: one
// document per custom policy (AWS-managed items are AWS's to fix, and corslint
// knows them by id anyway).
bool list_response_headers_policies(const json::Tree& t, json::NodeId root,
                                    std::vector<Recognised>& out);
bool list_cache_policies(const json::Tree& t, json::NodeId root, std::vector<Recognised>& out);
bool list_origin_request_policies(const json::Tree& t, json::NodeId root,
                                  std::vector<Recognised>& out);

}  // namespace corslint::detect
