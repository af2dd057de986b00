#include "corslint/recognise.hpp"

#include <array>

#include "corslint/model/cors.hpp"

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

constexpr std::array<Detector, 2> kDetectors = {{
    {"s3-cors", &detect_cors},
    {"s3-bucket-policy", &detect_policy},
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
  for (const Detector& d : kDetectors) {
    if (d.detect(tree, tree.root(), out)) return out;
  }
  out.push_back({tree.root(), DocKind::Unknown});
  return out;
}

}  // namespace corslint
