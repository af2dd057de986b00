#pragma once

// The CloudFront cache behaviours in front of a bundled S3 bucket whose CORS
// configuration is bundled too, with their policies resolved: the common ground
// of the rules that compare S3 CORS with CloudFront's CORS settings (F015,
// X005–X007). Nothing here guesses: a bundle that is ambiguous, lacks a single
// S3 CORS configuration or distribution, or whose bucket cannot be told apart
// among several S3 origins yields no fronts.
#include <string>
#include <string_view>
#include <vector>

#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/cors.hpp"

namespace corslint {

struct CorsFront {
  const Document* cors = nullptr;          // the S3 CORS configuration
  const Document* distribution = nullptr;  // the distribution holding the behaviour
  cloudfront::BehaviorView view;           // view.origin is an S3 origin of the bucket
  // The document of the resolved response headers policy; null when the
  // behaviour names none, an AWS-managed one, or an id the bundle lacks.
  const Document* policy_doc = nullptr;

  // The CORS part of the resolved response headers policy, or null.
  const cloudfront::CorsConfig* policy_cors() const { return view.cors(); }
  // `response headers policy "Name" (file.json)` or `the AWS-managed response
  // headers policy "Managed-SimpleCORS"`, for messages.
  std::string policy_name() const;
};

// The behaviours (default first, then ordered) whose target is an S3 origin of
// the bucket that the bundle's S3 CORS configuration belongs to: the bucket the
// container format names for it, else the only bucket among the
// distribution's S3 origins.
std::vector<CorsFront> cors_fronts(const Setup& setup);

// Where a finding about a front's policy goes: `node` in the policy's document,
// or (for a managed policy, or no node) the behaviour's ResponseHeadersPolicyId.
struct Place {
  const Document* doc = nullptr;
  json::NodeId node = json::kNoNode;
};
Place policy_place(const CorsFront& front, json::NodeId node_in_policy);

// An origin entry a browser can send (origin_defect() finds nothing); the
// rules that compare lists skip the others, which C003/F004 report.
bool usable_origin_entry(std::string_view entry);

// Some origin is allowed by both the S3 rule and the policy (usable entries,
// wildcards included, compared ignoring case).
bool shares_origin(const cors::Rule& rule, const cloudfront::CorsConfig& policy);

}  // namespace corslint
