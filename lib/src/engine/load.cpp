// The load stage: bytes → JSON tree (from JSON or YAML) → recognised
// documents → models. Load errors (E001-E004), duplicate keys (E003) and
// skipped files (I000) are findings of the file, not failures of the run.
#include <filesystem>
#include <map>

#include <fmt/core.h>

#include "analysis/facts.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/policy.hpp"
#include "engine/files.hpp"
#include "engine/stages.hpp"
#include "input/yaml.hpp"
#include "input/xml.hpp"
#include "model/build.hpp"
#include "recognise/formats.hpp"
#include "recognise/recognise.hpp"
#include "recognise/terraform_hcl.hpp"

namespace corslint::engine {
namespace {

// A file a scan picks up that is not JSON: YAML, or a `.template` in YAML.
bool yaml_file(const Source& source) {
  std::string_view path = source.path();
  if (path.ends_with(".yaml") || path.ends_with(".yml")) return true;
  if (!path.ends_with(".template")) return false;
  std::string_view text = source.text();
  auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] != '{' && text[first] != '[';
}

// The configured bundle a file belongs to (globs relative to `base`, the
// config file's directory made absolute), or null.
const BundleSpec* configured_bundle(const std::vector<BundleSpec>& bundles,
                                    const std::filesystem::path& base, std::string_view path) {
  if (bundles.empty() || path == "-") return nullptr;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path file = fs::absolute(fs::path(path), ec).lexically_normal();
  if (ec) return nullptr;
  std::string rel = file.lexically_relative(base).generic_string();
  for (const BundleSpec& b : bundles) {
    for (const std::string& pattern : b.files) {
      if (path_matches(pattern, rel)) return &b;
    }
  }
  return nullptr;
}

// Terraform's native syntax; parsed into the tree its JSON syntax would give.
bool hcl_file(const Source& source) {
  return !source.is_embedded() && source.path().ends_with(".tf");
}

// The link group of a Terraform module folder's documents.
std::string module_group(std::string_view path) {
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? "." : path.substr(0, slash)) +
         "#terraform-module";
}

const RuleMeta& builtin(std::string_view code) { return *Registry::instance().find(code)->meta; }

// E003 for each duplicate key the parser kept, with the first occurrence as
// a related location.
void report_duplicates(const Pipeline& p, LoadedFile& file,
                       const std::shared_ptr<const Source>& source,
                       const std::shared_ptr<const json::Tree>& tree,
                       const std::vector<json::DuplicateKey>& duplicates, const std::string& prefix,
                       std::string_view syntax) {
  const RuleMeta& dup = builtin("E003");
  if (!p.filter.selects(dup)) return;
  for (const json::DuplicateKey& d : duplicates) {
    Document tmp;
    tmp.source = source;
    tmp.tree = tree;
    tmp.root = tree->root();
    tmp.pointer_prefix = prefix;
    std::string message =
        syntax == "XML"
            ? fmt::format("element <{}> repeated in one rule; keep only one",
                          (*tree)[d.duplicate].key)
            : fmt::format("duplicate key \"{}\"; {} parsers disagree on which value wins, so "
                          "keep only one",
                          (*tree)[d.duplicate].key, syntax);
    Finding f = make_finding(dup, p.filter.severity(dup, dup.default_severity), tmp, d.duplicate,
                             true, std::move(message), p.options.value_hashes);
    const json::Node& first = (*tree)[d.first];
    if (p.options.excerpts) f.source_line = excerpt(*source, f.start.line);
    f.related.push_back({f.file, source->position(first.key_offset),
                         prefix + tree->pointer(d.first), "first occurrence"});
    file.findings.push_back(std::move(f));
  }
}

// The typed model of a recognised document (model/build.hpp: one row per kind).
void build_model(Document& doc, const Recognised& r, std::size_t bytes) {
  const cloudfront::Form form =
      r.cloudformation_form ? cloudfront::Form::CloudFormation : cloudfront::Form::Api;
  doc.model = corslint::build_model(r.kind, *doc.tree, r.root, bytes, form);
  add_facts(doc.model);
}

// The syntax a file is read in: YAML files hold only templates.
enum class Syntax : unsigned char { Json, Yaml };

void read_documents(const Pipeline& p, LoadedFile& file,
                    const std::shared_ptr<const Source>& source, std::optional<DocKind> forced,
                    const std::string& prefix, Syntax syntax = Syntax::Json,
                    bool on_disk = false);

// A document kept in a JSON string (a CLI export's "Policy"): parsed in turn
// as an embedded source; its documents take the string's place in the file.
void read_embedded(const Pipeline& p, LoadedFile& file, const std::shared_ptr<const Source>& source,
                   const json::Tree& tree, const Recognised& r, const std::string& prefix,
                   const std::string& group) {
  const json::Node& n = tree[r.root];
  // A string's raw token, quotes included, is [offset, end) of the text.
  std::string_view raw = source->text().substr(n.offset, n.end - n.offset);
  auto inner = Source::embedded(source, n.offset, raw);
  std::size_t first = file.documents.size();
  read_documents(p, file, inner, r.kind, prefix + tree.pointer(r.root) + "#");
  for (std::size_t i = first; i < file.documents.size(); ++i) {
    file.documents[i].resource = r.resource;
    file.documents[i].bucket_name = r.bucket_name;
    file.documents[i].link_group = group;
  }
}

// Parses `source`, reports E002-E004 and E003, recognises what it holds and
// builds each document's model.
void read_documents(const Pipeline& p, LoadedFile& file,
                    const std::shared_ptr<const Source>& source, std::optional<DocKind> forced,
                    const std::string& prefix, Syntax syntax, bool on_disk) {
  bool yaml = syntax == Syntax::Yaml;
  // A .tf file read from disk sees the definitions of its module folder.
  bool hcl = !yaml && hcl_file(*source);
  json::ParseResult parsed = yaml  ? yaml::parse(*source)
                             : hcl ? formats::terraform_hcl(*source, on_disk)
                                   : json::parse(*source);
  if (!parsed.ok) {
    p.engine_finding(file.findings, parsed.error.code, source.get(), source->path(),
                     parsed.error.offset, true, parsed.error.message);
    return;
  }
  auto tree = std::make_shared<const json::Tree>(std::move(parsed.tree));
  report_duplicates(p, file, source, tree, parsed.duplicates, prefix, yaml ? "YAML" : hcl ? "HCL" : "JSON");
  for (const Recognised& r : yaml ? recognise_templates(*tree) : recognise(*tree, forced)) {
    const json::Node& n = (*tree)[r.root];
    if (r.kind == DocKind::Unknown) {
      p.engine_finding(file.findings, "I000", source.get(), source->path(), n.offset, true,
                       yaml ? "not a document corslint reads (YAML that is not a CloudFormation "
                              "template or a serverless.yml with resources); skipped"
                            : "not a document corslint reads (no S3 bucket policy, S3 CORS or "
                              "CloudFront shape recognised); skipped");
      continue;
    }
    // A link group is only meaningful inside its file; a Terraform module
    // folder's .tf files are one group.
    std::string group = hcl                    ? module_group(source->path())
                        : r.link_group.empty() ? std::string()
                                               : std::string(source->path()) + "#" + r.link_group;
    if (r.json_string) {
      read_embedded(p, file, source, *tree, r, prefix, group);
      continue;
    }
    Document doc;
    doc.source = source;
    doc.tree = tree;
    doc.root = r.root;
    doc.kind = r.kind;
    doc.kind_forced = forced.has_value();
    doc.pointer_prefix = prefix;
    doc.resource = r.resource;
    doc.bucket_name = r.bucket_name;
    doc.link_group = std::move(group);
    std::size_t bytes = r.root == tree->root() ? source->text().size() : n.end - n.offset;
    if (r.tree) {
      // A container format's translated document (formats.hpp).
      r.map->file_tree = tree;
      doc.tree = r.tree;
      doc.map = r.map;
      const json::Node& t = (*r.tree)[r.root];
      bytes = t.end - t.offset;
    }
    build_model(doc, r, bytes);
    file.documents.push_back(std::move(doc));
  }
}

// S3 CORS XML: a file named `.xml`, or stdin or a file read with --kind
// whose first byte after blanks is '<' (which JSON never is). A `.json` file
// that holds XML or HTML stays an E002, as it is not what its name says.
bool xml_file(const Source& source, bool forced) {
  if (source.path().ends_with(".xml")) return true;
  bool stdin_input = source.path() == "<stdin>" || source.path() == "-";
  if (!stdin_input && !forced) return false;
  std::string_view text = source.text();
  auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '<';
}

// An S3 CORS configuration in XML (input/xml.hpp): one document, its tree in
// the API's JSON shape with every offset in the XML text.
void read_xml(const Pipeline& p, LoadedFile& file, const std::shared_ptr<const Source>& source) {
  xml::CorsResult r = xml::parse_cors(*source);
  if (!r.parsed.ok) {
    p.engine_finding(file.findings, r.parsed.error.code, source.get(), source->path(),
                     r.parsed.error.offset, true, r.parsed.error.message);
    return;
  }
  if (!r.cors) {
    p.engine_finding(file.findings, "I000", source.get(), source->path(), r.root_offset, true,
                     "not a document corslint reads (XML whose root element is not an S3 "
                     "CORSConfiguration); skipped");
    return;
  }
  auto tree = std::make_shared<const json::Tree>(std::move(r.parsed.tree));
  report_duplicates(p, file, source, tree, r.parsed.duplicates, "", "XML");
  Document doc;
  doc.source = source;
  doc.tree = tree;
  doc.root = tree->root();
  doc.kind = DocKind::S3Cors;
  doc.kind_forced = p.options.kind.has_value();
  doc.xml = true;
  Recognised rec{doc.root, DocKind::S3Cors};
  build_model(doc, rec, source->text().size());
  file.documents.push_back(std::move(doc));
}

}  // namespace

LoadedFile load_source(const Pipeline& p, std::shared_ptr<const Source> source, bool on_disk) {
  LoadedFile file;
  file.source = source;
  if (xml_file(*source, p.options.kind.has_value())) {
    read_xml(p, file, source);
    return file;
  }
  // YAML holds templates only; --kind reads the file as JSON (docs/formats.md).
  Syntax syntax = !p.options.kind && yaml_file(*source) ? Syntax::Yaml : Syntax::Json;
  read_documents(p, file, source, p.options.kind, "", syntax, on_disk);
  return file;
}

LoadedFile load_path(const Pipeline& p, std::string_view path) {
  SourceError error;
  auto source = Source::read_file(path, error);
  if (error.code.empty()) return load_source(p, std::move(source), path != "-");
  // No source in the result, even when the error is located in one.
  LoadedFile file;
  std::string_view shown = source ? source->path() : path == "-" ? "<stdin>" : path;
  p.engine_finding(file.findings, error.code, source.get(), shown, error.offset, error.located,
                   std::move(error.message));
  return file;
}

LoadedFile load_bytes(const Pipeline& p, std::string display_path, std::string bytes) {
  SourceError error;
  std::string path = display_path;
  auto source = Source::from_bytes(std::move(display_path), std::move(bytes), error);
  if (error.code.empty()) return load_source(p, std::move(source));
  LoadedFile file;
  p.engine_finding(file.findings, error.code, source.get(), path, error.offset, error.located,
                   std::move(error.message));
  return file;
}

std::vector<FileGroup> group_files(const Pipeline& p, const std::vector<std::string>& paths) {
  // Group files by directory, keeping first-seen order: a directory's
  // documents form its bundles, and only one directory is held in memory per
  // worker, so memory follows the largest directory, not the corpus. Files a
  // configured bundle names form a group of their own, across directories.
  const LintOptions& o = p.options;
  std::vector<FileGroup> groups;
  std::map<std::string, std::size_t> index;
  std::filesystem::path base;
  if (!o.bundles.empty()) {
    std::error_code ec;
    base = std::filesystem::absolute(o.bundle_base.empty() ? "." : o.bundle_base, ec)
               .lexically_normal();
  }
  for (const std::string& path : paths) {
    const BundleSpec* spec = configured_bundle(o.bundles, base, path);
    auto slash = path.rfind('/');
    std::string key = spec != nullptr                               ? "\n" + spec->name
                      : (path == "-" || slash == std::string::npos) ? ""
                                                                    : path.substr(0, slash);
    auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) groups.push_back({key, spec, {}});
    groups[it->second].files.push_back(static_cast<std::size_t>(&path - paths.data()));
  }
  return groups;
}

}  // namespace corslint::engine
