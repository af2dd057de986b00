#pragma once

// What every stage of the simulator shares: the request being simulated and
// the setup it runs through, header-list helpers and locations.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/json.hpp"
#include "corslint/simulate.hpp"

namespace corslint::simulate {

inline constexpr std::string_view kAcao = "Access-Control-Allow-Origin";
inline constexpr std::string_view kAcac = "Access-Control-Allow-Credentials";
inline constexpr std::string_view kAcam = "Access-Control-Allow-Methods";
inline constexpr std::string_view kAcah = "Access-Control-Allow-Headers";
inline constexpr std::string_view kAceh = "Access-Control-Expose-Headers";
inline constexpr std::string_view kMaxAge = "Access-Control-Max-Age";
inline constexpr std::string_view kAcrm = "Access-Control-Request-Method";
inline constexpr std::string_view kAcrh = "Access-Control-Request-Headers";

// One request on its way: the setup, the normalised request, and the cache
// behaviour that serves its path (none without a distribution).
struct Context {
  const Setup& s;
  const Request& req;
  const cloudfront::CacheBehavior* behavior = nullptr;
  std::optional<cloudfront::BehaviorView> view;
  std::string path;
};

// A node of one of the setup's documents as a trace location (unknown when
// either is missing).
Location locate(const Document* doc, json::NodeId node);

// --- header lists (request.cpp) ---------------------------------------------

std::string lower(std::string_view s);
const Header* find(const std::vector<Header>& hs, std::string_view name);
const ResponseHeader* find(const std::vector<ResponseHeader>& hs, std::string_view name);
// All values of a response header, joined the way a browser merges repeated lines.
std::optional<std::string> get(const std::vector<ResponseHeader>& hs, std::string_view name);
// Comma-separated tokens; false when one is not an HTTP token (Chromium then
// reports "Cannot parse ...").
bool parse_list(std::string_view value, std::vector<std::string>& out);

}  // namespace corslint::simulate
