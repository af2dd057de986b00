// The floor for any JSON linter: read each file once and walk every value
// with simdjson On-Demand, doing nothing else. bench/run times corslint
// against this on the same corpus.
#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace od = simdjson::ondemand;

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
  std::printf("%zu files, %llu values, %llu failed\n", files.size(),
              static_cast<unsigned long long>(values), static_cast<unsigned long long>(failed));
  return 0;
}
