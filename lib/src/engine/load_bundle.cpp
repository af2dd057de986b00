// Loading a bundle for the simulator: the engine's loader, one bundle for all files.
#include <filesystem>

#include <fmt/core.h>

#include "bundle/form.hpp"
#include "corslint/engine.hpp"
#include "corslint/simulate.hpp"
#include "engine/files.hpp"

namespace corslint::simulate {

std::unique_ptr<LoadedBundle> load_bundle(const std::vector<std::string>& paths) {
  auto out = std::make_unique<LoadedBundle>();
  Linter linter(LintOptions{});
  // A folder is one setup: the files directly in it. Its subfolders are other
  // setups (testdata/examples/seed-blog/fixed/ next to seed-blog/), so they are
  // not mixed in.
  namespace fs = std::filesystem;
  std::vector<fs::path> folders;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) continue;
    fs::path d = fs::path(p).lexically_normal();
    if (!d.has_filename()) d = d.parent_path();  // "dir/" → "dir"
    folders.push_back(d);
  }
  std::vector<std::string> files;
  for (std::string& f : collect_files(paths, {})) {
    fs::path parent = fs::path(f).lexically_normal().parent_path();
    bool keep = true;
    for (const std::string& p : paths) keep = keep && p != f;  // named files always count
    if (keep) {
      keep = false;
      for (const fs::path& d : folders) keep = keep || parent == d;
    } else {
      keep = true;
    }
    if (keep) files.push_back(std::move(f));
  }
  out->files.reserve(files.size());
  for (const std::string& path : files) {
    SourceError error;
    auto source = Source::read_file(path, error);
    if (source == nullptr || !error.code.empty()) {
      out->errors.push_back(fmt::format("{}: {}", path, error.message));
      continue;
    }
    out->files.push_back(linter.load(std::move(source)));
    for (const Finding& f : out->files.back().findings) {
      if (f.code == "E001" || f.code == "E002" || f.code == "E004") {
        out->errors.push_back(
            fmt::format("{}:{}:{}: {}", f.file, f.start.line, f.start.column, f.message));
      }
    }
  }
  std::vector<const Document*> docs;
  for (const LoadedFile& f : out->files) {
    for (const Document& d : f.documents) {
      if (d.kind != DocKind::Unknown) docs.push_back(&d);
    }
  }
  if (docs.empty()) {
    // assign(1, '.'), not = ".": GCC 12 at -O2 reports a bogus -Wrestrict (PR 105329) there.
    out->bundle.name.assign(1, '.');
    return out;
  }
  std::vector<Bundle> bundles = form_bundles(".", docs);
  out->bundle = std::move(bundles.front());
  if (out->bundle.ambiguous) {
    std::string names;
    for (const Document* d : out->bundle.duplicates) {
      names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", d->source->path(),
                           to_string(d->kind));
    }
    out->errors.push_back(
        fmt::format("the files hold more than one document of a kind ({}): pass one setup", names));
  }
  return out;
}

}  // namespace corslint::simulate
