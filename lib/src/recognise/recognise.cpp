#include "recognise/recognise.hpp"

#include <array>

#include "corslint/model/cors.hpp"
#include "recognise/formats.hpp"
#include "recognise_cloudfront.hpp"

namespace corslint {
namespace {

using json::NodeId;
using json::Tree;
using json::Type;

bool detect_cors(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  if (!cors::looks_like_cors(t, root)) return false;
  out.push_back({root, DocKind::S3Cors});
  return true;
}

// A bucket policy is an object with a Statement (IAM's element names are
// case-sensitive, but a near miss is still meant to be a policy).
bool detect_policy(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  if (!t.is(root, Type::Object)) return false;
  if (t.get_icase(root, "Statement") == json::kNoNode) return false;
  out.push_back({root, DocKind::S3BucketPolicy});
  return true;
}

// `aws s3api get-bucket-policy`: {"Policy": "<the policy as a JSON string>"}.
bool detect_policy_export(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  if (!t.is(root, Type::Object)) return false;
  NodeId policy = t.get(root, "Policy");
  if (!t.is(policy, Type::String)) return false;
  std::string_view text = t[policy].text;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a BOM (Source::embedded)
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{') return false;
  out.push_back({policy, DocKind::S3BucketPolicy, true});
  return true;
}

// Recorded SDK responses (botocore/placebo test data): {"status_code": 200,
// "data": {...the API output...}}.
bool detect_recorded_response(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  if (!t.is(root, Type::Object) || t.get(root, "status_code") == json::kNoNode) return false;
  NodeId data = t.get(root, "data");
  if (!t.is(data, Type::Object)) return false;
  return recognise_node(t, data, out);
}

constexpr std::array<Detector, 17> kDetectors = {{
    // Container formats first: a template or plan may hold any shape below.
    {"cloudformation-template", &formats::cloudformation},
    {"terraform-plan", &formats::terraform_plan},
    {"terraform-config", &formats::terraform_config},
    {"s3-cors", &detect_cors},
    {"s3-bucket-policy", &detect_policy},
    {"s3api-get-bucket-policy", &detect_policy_export},
    {"recorded-sdk-response", &detect_recorded_response},
    {"cloudfront-get-distribution", &detect::get_distribution},
    {"cloudfront-get-distribution-config", &detect::get_distribution_config},
    {"cloudfront-list-distributions", &detect::list_distributions},
    {"cloudfront-distribution-config", &detect::distribution_config},
    {"cloudfront-response-headers-policy", &detect::response_headers_policy},
    {"cloudfront-list-response-headers-policies", &detect::list_response_headers_policies},
    {"cloudfront-cache-policy", &detect::cache_policy},
    {"cloudfront-list-cache-policies", &detect::list_cache_policies},
    {"cloudfront-origin-request-policy", &detect::origin_request_policy},
    {"cloudfront-list-origin-request-policies", &detect::list_origin_request_policies},
}};

}  // namespace

std::span<const Detector> detectors() { return kDetectors; }

std::vector<Recognised> recognise(const Tree& tree, std::optional<DocKind> forced) {
  std::vector<Recognised> out;
  if (tree.empty()) return out;
  if (forced) {
    out.push_back({tree.root(), *forced});
    return out;
  }
  if (!recognise_node(tree, tree.root(), out)) out.push_back({tree.root(), DocKind::Unknown});
  return out;
}

std::vector<Recognised> recognise_templates(const Tree& tree) {
  std::vector<Recognised> out;
  if (tree.empty()) return out;
  if (!formats::cloudformation(tree, tree.root(), out)) {
    out.push_back({tree.root(), DocKind::Unknown});
  }
  return out;
}

bool recognise_node(const Tree& tree, NodeId node, std::vector<Recognised>& out) {
  for (const Detector& d : kDetectors) {
    if (d.detect(tree, node, out)) return true;
  }
  return false;
}

}  // namespace corslint
