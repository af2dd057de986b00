// Structure-aware libFuzzer target: inputs are kept valid JSON and mutated the
// way real policies, CORS configurations and distributions differ, so the
// rules (not only the parser) see new cases. LLVMFuzzerCustomMutator parses the
// input into a small tree, applies one domain-aware change (a value, key or
// type swapped for an ARN, origin pattern, method, header, principal form,
// condition key or number edge case; an element duplicated or dropped; a
// member repeated; a value wrapped in nested Fn::Sub variable maps) and writes
// JSON again. Inputs that do not parse fall back to libFuzzer's byte
// mutations. The target itself is fuzz_lint's: load -> recognise -> model ->
// every rule -> every report format.
//   build/fuzz/fuzz/fuzz_struct -max_total_time=600 CORPUS testdata/rules testdata/examples
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corslint/engine.hpp"
#include "corslint/report.hpp"
#include "render_reports.hpp"

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace {

// ---- a minimal JSON tree (strings keep their escapes as written) -----------

struct J {
  enum class T { Null, Bool, Num, Str, Arr, Obj } t = T::Null;
  std::string s;  // number literal, string contents (escaped), "true"/"false"
  std::vector<J> items;
  std::vector<std::string> keys;  // object members: keys[k] names values[k]
  std::vector<J> values;
};

struct Parser {
  std::string_view in;
  std::size_t i = 0;
  void ws() {
    while (i < in.size() && (in[i] == ' ' || in[i] == '\n' || in[i] == '\r' || in[i] == '\t')) ++i;
  }
  bool str(std::string& out) {
    if (i >= in.size() || in[i] != '"') return false;
    std::size_t start = ++i;
    while (i < in.size() && in[i] != '"') i += in[i] == '\\' ? 2 : 1;
    if (i >= in.size()) return false;
    out.assign(in.substr(start, i - start));
    ++i;
    return true;
  }
  bool value(J& v, int depth) {
    if (depth > 64) return false;
    ws();
    if (i >= in.size()) return false;
    char c = in[i];
    if (c == '{') {
      v.t = J::T::Obj;
      ++i;
      ws();
      if (i < in.size() && in[i] == '}') return ++i, true;
      for (;;) {
        ws();
        std::string key;
        J val;
        if (!str(key)) return false;
        ws();
        if (i >= in.size() || in[i++] != ':') return false;
        if (!value(val, depth + 1)) return false;
        v.keys.push_back(std::move(key));
        v.values.push_back(std::move(val));
        ws();
        if (i < in.size() && in[i] == ',') {
          ++i;
          continue;
        }
        return i < in.size() && in[i++] == '}';
      }
    }
    if (c == '[') {
      v.t = J::T::Arr;
      ++i;
      ws();
      if (i < in.size() && in[i] == ']') return ++i, true;
      for (;;) {
        J item;
        if (!value(item, depth + 1)) return false;
        v.items.push_back(std::move(item));
        ws();
        if (i < in.size() && in[i] == ',') {
          ++i;
          continue;
        }
        return i < in.size() && in[i++] == ']';
      }
    }
    if (c == '"') {
      v.t = J::T::Str;
      return str(v.s);
    }
    std::size_t start = i;
    while (i < in.size() && std::strchr(",]} \n\r\t", in[i]) == nullptr) ++i;
    v.s.assign(in.substr(start, i - start));
    if (v.s == "null") {
      v.t = J::T::Null;
    } else if (v.s == "true" || v.s == "false") {
      v.t = J::T::Bool;
    } else if (!v.s.empty()) {
      v.t = J::T::Num;
    } else {
      return false;
    }
    return true;
  }
};

void write(const J& v, std::string& out) {
  switch (v.t) {
    case J::T::Null:
      out += "null";
      return;
    case J::T::Bool:
    case J::T::Num:
      out += v.s;
      return;
    case J::T::Str:
      out += '"';
      out += v.s;
      out += '"';
      return;
    case J::T::Arr:
      out += '[';
      for (std::size_t k = 0; k < v.items.size(); ++k) {
        if (k) out += ", ";
        write(v.items[k], out);
      }
      out += ']';
      return;
    case J::T::Obj:
      out += '{';
      for (std::size_t k = 0; k < v.keys.size(); ++k) {
        if (k) out += ", ";
        out += '"';
        out += v.keys[k];
        out += "\": ";
        write(v.values[k], out);
      }
      out += '}';
      return;
  }
}

// ---- domain vocabulary --------------------------------------------------------

constexpr std::string_view kStrings[] = {
    // principals and ARNs
    "*",
    "arn:aws:iam::111122223333:root",
    "111122223333",
    "arn:aws:iam::111122223333:role/r",
    "arn:aws:sts::111122223333:assumed-role/r/s",
    "cloudfront.amazonaws.com",
    "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL",
    "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
    "logging.s3.amazonaws.com",
    "arn:aws:s3:::my-bucket",
    "arn:aws:s3:::my-bucket/*",
    "arn:aws:s3:::*",
    "arn:aws:s3:::my-*/*",
    "arn:aws:s3:us-east-1:111122223333:my-bucket",
    "arn:aws:s3:::your-bucket-name/*",
    "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE",
    "arn:aws:s3:::b/${aws:username}/*",
    "${aws:username",
    "${AWS::AccountId}",
    "arn:aws-cn:s3:::b/*",
    "arn:aws:s3:::",
    // actions
    "s3:GetObject",
    "s3:Get*",
    "s3:*",
    "s3:PutObject",
    "s3:ListBucket",
    "s3:DeleteBucket",
    "s3:PutBucketPolicy",
    "iam:PassRole",
    "*:*",
    "s3:GetObjectVersion?",
    "GetObject",
    "s3:Geto*",
    // condition keys, operators, values
    "aws:SecureTransport",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceIp",
    "aws:SourceVpce",
    "aws:PrincipalOrgID",
    "aws:Referer",
    "s3:x-amz-server-side-encryption",
    "s3:TlsVersion",
    "aws:MultiFactorAuthPresent",
    "aws:ResourceTag/env",
    "false",
    "true",
    "10.0.0.0/8",
    "203.0.113.0/24",
    "0.0.0.0/0",
    "::/0",
    "2001:db8::/32",
    "1.2",
    "AES256",
    "o-abc123",
    "vpce-1a2b3c4d",
    "https://www.example.com/*",
    // origins, methods, headers
    "https://app.acme-widgets.io",
    "https://*.acme-widgets.io",
    "http://localhost:3000",
    "null",
    "https://*",
    "https://a*b*c.example.com",
    "http://*.*.io",
    "https://acme.io/",
    "HTTPS://ACME.IO",
    "https://acme.io:443",
    "https://acme.io:99999",
    "file://",
    "https://your-domain.com",
    "GET",
    "PUT",
    "POST",
    "DELETE",
    "HEAD",
    "OPTIONS",
    "PATCH",
    "get",
    "Authorization",
    "Content-Type",
    "x-amz-*",
    "Origin",
    "ETag",
    "x-amz-request-id",
    "Set-Cookie",
    "Cookie",
    "Access-Control-*",
    // CloudFront
    "S3OriginConfig",
    "origin-access-identity/cloudfront/E2QWRUHAPOMQZL",
    "my-bucket.s3.amazonaws.com",
    "my-bucket.s3-website-us-east-1.amazonaws.com",
    "658327ea-f89d-4fab-a63d-7e88639e58f6",
    "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
    "allow-all",
    "redirect-to-https",
    "https-only",
    "whitelist",
    "none",
    "all",
    "Host",
    "Allow",
    "Deny",
    "2012-10-17",
    "2008-10-17",
    "",
    " ",
    "\\u0000",
    "\\ud800",
    "caf\\u00e9",
    // CloudFormation: resource types and Fn::Sub patterns (see nest_sub below)
    "AWS::S3::Bucket",
    "AWS::S3::BucketPolicy",
    "AWS::CloudFront::Distribution",
    "2010-09-09",
    "${X}${X}",
    "${X}",
    "${!X}",
    "${AWS::Region}",
    "${B.Arn}",
};

constexpr std::string_view kKeys[] = {
    "Version",
    "Id",
    "Statement",
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "AWS",
    "Service",
    "CanonicalUser",
    "Federated",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
    "StringEquals",
    "StringLike",
    "StringNotEquals",
    "ArnLike",
    "ArnEquals",
    "Bool",
    "IpAddress",
    "NotIpAddress",
    "NumericLessThan",
    "Null",
    "ForAllValues:StringEquals",
    "ForAnyValue:StringLike",
    "StringEqualsIfExists",
    "aws:SourceArn",
    "aws:SecureTransport",
    "aws:SourceIp",
    "CORSRules",
    "CORSRule",
    "AllowedOrigins",
    "AllowedMethods",
    "AllowedHeaders",
    "ExposeHeaders",
    "MaxAgeSeconds",
    "ID",
    "Policy",
    "DistributionConfig",
    "Distribution",
    "Origins",
    "Items",
    "Quantity",
    "Id",
    "DomainName",
    "OriginPath",
    "S3OriginConfig",
    "OriginAccessIdentity",
    "OriginAccessControlId",
    "CustomOriginConfig",
    "DefaultCacheBehavior",
    "CacheBehaviors",
    "PathPattern",
    "TargetOriginId",
    "ViewerProtocolPolicy",
    "AllowedMethods",
    "CachedMethods",
    "CachePolicyId",
    "OriginRequestPolicyId",
    "ResponseHeadersPolicyId",
    "ForwardedValues",
    "Headers",
    "MinTTL",
    "ResponseHeadersPolicyConfig",
    "CorsConfig",
    "AccessControlAllowOrigins",
    "AccessControlAllowCredentials",
    "AccessControlMaxAgeSec",
    "OriginOverride",
    "Enabled",
    "Aliases",
    "ETag",
    // CloudFormation templates and intrinsics
    "AWSTemplateFormatVersion",
    "Resources",
    "Parameters",
    "Mappings",
    "Conditions",
    "Type",
    "Properties",
    "Default",
    "CorsConfiguration",
    "CorsRules",
    "PolicyDocument",
    "Bucket",
    "Ref",
    "Fn::Sub",
    "Fn::Join",
    "Fn::If",
    "Fn::FindInMap",
    "Fn::Select",
    "Fn::Split",
    "X",
};

constexpr std::string_view kNumbers[] = {"0",
                                         "1",
                                         "-1",
                                         "3000",
                                         "86400",
                                         "2147483648",
                                         "1e400",
                                         "0.5",
                                         "-0",
                                         "100001",
                                         "18446744073709551616"};

template <std::size_t N>
std::string_view pick(const std::string_view (&table)[N], std::minstd_rand& rng) {
  return table[rng() % N];
}

void collect(J& v, std::vector<J*>& all) {
  all.push_back(&v);
  for (J& c : v.items) collect(c, all);
  for (J& c : v.values) collect(c, all);
}

J scalar_string(std::string_view s) {
  J j;
  j.t = J::T::Str;
  j.s = s;
  return j;
}

// {"Fn::Sub": ["${X}${X}", {"X": v}]}: a variable map whose value may itself
// be one, so repeated wrapping doubles what a resolver would build per level.
J nest_sub(J v, std::minstd_rand& rng) {
  J vars;
  vars.t = J::T::Obj;
  vars.keys.emplace_back("X");
  vars.values.push_back(std::move(v));
  J args;
  args.t = J::T::Arr;
  args.items.push_back(scalar_string(rng() % 4 ? "${X}${X}" : "${X}-${AWS::Region}-${X}"));
  args.items.push_back(std::move(vars));
  J sub;
  sub.t = J::T::Obj;
  sub.keys.emplace_back("Fn::Sub");
  sub.values.push_back(std::move(args));
  return sub;
}

void mutate(J& root, std::minstd_rand& rng) {
  std::vector<J*> all;
  collect(root, all);
  J& v = *all[rng() % all.size()];
  switch (rng() % 13) {
    case 0:
    case 1:
    case 2:  // a domain string
      v = scalar_string(pick(kStrings, rng));
      return;
    case 3:  // a number edge case
      v = J{};
      v.t = J::T::Num;
      v.s = pick(kNumbers, rng);
      return;
    case 4:  // rename a member
      if (!v.keys.empty()) v.keys[rng() % v.keys.size()] = pick(kKeys, rng);
      return;
    case 5:  // add a member (maybe a duplicate key)
      if (v.t == J::T::Obj) {
        J val = rng() % 2 ? scalar_string(pick(kStrings, rng)) : J{};
        if (val.t == J::T::Null && !v.values.empty()) val = v.values[rng() % v.values.size()];
        auto at = static_cast<long>(rng() % (v.keys.size() + 1));
        v.keys.insert(v.keys.begin() + at, std::string(pick(kKeys, rng)));
        v.values.insert(v.values.begin() + at, std::move(val));
      }
      return;
    case 6:  // drop a member or element
      if (!v.keys.empty()) {
        auto at = static_cast<long>(rng() % v.keys.size());
        v.keys.erase(v.keys.begin() + at);
        v.values.erase(v.values.begin() + at);
      } else if (!v.items.empty()) {
        v.items.erase(v.items.begin() + static_cast<long>(rng() % v.items.size()));
      }
      return;
    case 7:  // repeat an element (array lengths, duplicate entries and statements)
      if (!v.items.empty() && v.items.size() < 64) {
        J copy = v.items[rng() % v.items.size()];
        std::size_t times = 1 + rng() % 3;
        for (std::size_t k = 0; k < times; ++k) v.items.push_back(copy);
      }
      return;
    case 8:  // scalar <-> one-element list, as policies allow both
      if (v.t == J::T::Arr && v.items.size() == 1) {
        J only = std::move(v.items[0]);
        v = std::move(only);
      } else if (v.t != J::T::Arr && v.t != J::T::Obj) {
        J list;
        list.t = J::T::Arr;
        list.items.push_back(v);
        list.items.push_back(scalar_string(pick(kStrings, rng)));
        v = std::move(list);
      }
      return;
    case 9:  // a type swap
      if (v.t == J::T::Str) {
        v.t = J::T::Bool;
        v.s = rng() % 2 ? "true" : "false";
      } else {
        J obj;
        obj.t = J::T::Obj;
        obj.keys.emplace_back(pick(kKeys, rng));
        obj.values.push_back(scalar_string(pick(kStrings, rng)));
        v = std::move(obj);
      }
      return;
    case 10:  // splice domain text into a string: wildcards, ports, paths, case
      if (v.t == J::T::Str) {
        std::string_view add = pick(kStrings, rng);
        std::size_t at = v.s.empty() ? 0 : rng() % (v.s.size() + 1);
        while (at > 0 && at < v.s.size() && v.s[at - 1] == '\\') --at;  // keep escapes whole
        v.s.insert(at, rng() % 2 ? std::string(add) : std::string("*"));
      }
      return;
    case 11:  // a value wrapped in nested Fn::Sub variable maps, one to eight levels
      for (std::size_t k = 0, n = 1 + rng() % 8; k < n; ++k) v = nest_sub(std::move(v), rng);
      return;
    default:  // libFuzzer's byte mutation of one string, kept printable
      if (v.t == J::T::Str && v.s.size() < 256) {
        std::string buf = v.s;
        buf.resize(256);
        std::size_t n = LLVMFuzzerMutate(reinterpret_cast<uint8_t*>(buf.data()), v.s.size(), 256);
        buf.resize(n);
        for (char& c : buf) {
          if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = '*';
        }
        v.s = buf;
      }
      return;
  }
}

const corslint::Linter& linter() {
  static const corslint::Linter instance([] {
    corslint::LintOptions o;
    o.rules.select = std::vector<std::string>{"ALL", "I000"};
    o.settings.allowed_origins = {"https://*.example.com"};
    return o;
  }());
  return instance;
}

}  // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  std::minstd_rand rng(seed);
  J root;
  Parser p{std::string_view(reinterpret_cast<const char*>(data), size)};
  if (!p.value(root, 0)) return LLVMFuzzerMutate(data, size, max_size);
  for (unsigned k = 0, n = 1 + rng() % 3; k < n; ++k) mutate(root, rng);
  std::string out;
  write(root, out);
  if (out.size() > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  std::vector<corslint::Finding> findings;
  linter().lint_bytes("fuzz.json", std::move(bytes), findings);
  corslint::fuzz::render_reports(findings, size);
  return 0;
}
