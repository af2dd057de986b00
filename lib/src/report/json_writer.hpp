#pragma once

// A small streaming JSON writer with two-space indentation and fixed key order
// (the order of the calls), shared by the JSON and SARIF reports.
#include <string>
#include <string_view>
#include <vector>

#include "corslint/report.hpp"

namespace corslint::report {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  // Writes inside `depth` open containers that already hold a value, as a
  // streamed report's elements: each element starts with "," and a newline
  // indented for that depth (StreamWriter::body drops the first ",").
  JsonWriter(std::string& out, std::size_t depth) : out_(out), first_(depth, false) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  JsonWriter& key(std::string_view k) {
    separator();
    append_json_string(out_, k);
    out_ += ": ";
    after_key_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) {
    separator();
    append_json_string(out_, s);
    return *this;
  }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(uint64_t n) {
    separator();
    out_ += std::to_string(n);
    return *this;
  }
  JsonWriter& null() {
    separator();
    out_ += "null";
    return *this;
  }
  JsonWriter& value(bool b) {
    separator();
    out_ += b ? "true" : "false";
    return *this;
  }
  template <class T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

 private:
  JsonWriter& open(char c) {
    separator();
    out_ += c;
    first_.push_back(true);
    return *this;
  }
  JsonWriter& close(char c) {
    bool empty = first_.back();
    first_.pop_back();
    if (!empty) newline();
    out_ += c;
    if (first_.empty()) out_ += '\n';
    return *this;
  }
  void newline() {
    out_ += '\n';
    out_.append(first_.size() * 2, ' ');
  }
  void separator() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    newline();
  }

  std::string& out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace corslint::report
