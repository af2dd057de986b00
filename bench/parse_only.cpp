// The floor for any JSON linter: read each file once and walk every value
// with simdjson On-Demand, doing nothing else. bench/run times corslint
// against this on the same corpus.
//
//   parse_only [--strings] PATH...
//
// --strings also decodes every string value and object key (get_string /
// unescaped_key), as corslint's json_parse.cpp does; without it strings are
// only skipped over (raw_json_token), the true floor.
//
// The summary line names the simdjson kernels: stage 1 (structural indexing
// and UTF-8 validation) is chosen at run time by libsimdjson
// (get_active_implementation); the On-Demand front end, string decoding
// included, is compiled into this program for SIMDJSON_BUILTIN_IMPLEMENTATION,
// which the compiler flags decide (fallback without -mavx2/-msse4.2 etc.).
#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace od = simdjson::ondemand;

constexpr std::string_view kOnDemandKernel = SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION);
#ifdef CORSLINT_EXPECT_KERNEL
// The bench's SIMD variants must really get the kernel they are named after.
static_assert(kOnDemandKernel == CORSLINT_EXPECT_KERNEL,
              "these compiler flags do not select the expected simdjson builtin implementation");
#endif

static bool decode_strings = false;

static uint64_t walk(od::value v, uint64_t& n) {
  ++n;
  od::json_type t;
  if (v.type().get(t)) return n;
  if (t == od::json_type::object) {
    od::object o;
    if (v.get_object().get(o)) return n;
    for (auto f : o) {
      od::field fl;
      if (std::move(f).get(fl)) return n;
      if (decode_strings) {
        std::string_view key;
        if (fl.unescaped_key().get(key)) return n;
      }
      walk(fl.value(), n);
    }
  } else if (t == od::json_type::array) {
    od::array a;
    if (v.get_array().get(a)) return n;
    for (auto e : a) {
      od::value item;
      if (e.get(item)) return n;
      walk(item, n);
    }
  } else if (decode_strings && t == od::json_type::string) {
    std::string_view s;
    if (v.get_string().get(s)) return n;
  } else {
    std::string_view raw;
    raw = v.raw_json_token();
    (void)raw;
  }
  return n;
}

int main(int argc, char** argv) {
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--strings") == 0) {
      decode_strings = true;
      continue;
    }
    std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p)) {
        if (e.is_regular_file() && e.path().extension() == ".json")
          files.push_back(e.path().string());
      }
    } else {
      files.push_back(p.string());
    }
  }
  od::parser parser;
  uint64_t values = 0, failed = 0;
  for (const auto& f : files) {
    simdjson::padded_string json;
    if (simdjson::padded_string::load(f).get(json)) {
      ++failed;
      continue;
    }
    od::document doc;
    if (parser.iterate(json).get(doc)) {
      ++failed;
      continue;
    }
    od::value root;
    if (doc.get_value().get(root)) {
      ++failed;
      continue;
    }
    walk(root, values);
  }
  std::printf("%zu files, %llu values, %llu failed [stage 1: %s, On-Demand: %.*s%s]\n", files.size(),
              static_cast<unsigned long long>(values), static_cast<unsigned long long>(failed),
              simdjson::get_active_implementation()->name().c_str(),
              static_cast<int>(kOnDemandKernel.size()), kOnDemandKernel.data(),
              decode_strings ? ", strings decoded" : "");
  return 0;
}
