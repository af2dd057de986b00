#include <fmt/format.h>

#include <string>
#include <vector>

#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "X009",
    .name = "bundle-ambiguous",
    .kinds = kinds(DocKind::S3Cors, DocKind::S3BucketPolicy, DocKind::CloudFrontDistribution,
                   DocKind::CloudFrontResponseHeadersPolicy, DocKind::CloudFrontCachePolicy,
                   DocKind::CloudFrontOriginRequestPolicy),
    .default_severity = Severity::Info,
    .summary = "Documents in one folder could not be grouped unambiguously",
    .rationale =
        "Cross-document checks need to know which bucket policy, CORS configuration and "
        "distribution describe the same setup. When a folder holds two documents of one "
        "kind and nothing in them says which goes with which, corslint does not guess: "
        "it skips the cross-document checks for those documents and says so here. Evidence "
        "splits a folder first: a bucket named by a policy's Resource and a distribution's "
        "S3 origin, a distribution id in a policy's AWS:SourceArn, an origin access identity, "
        "a policy id a cache behaviour names; only what evidence cannot place is reported.",
    .bad_example = "(a folder holding two S3 CORS configurations)",
    .good_example = "(a folder holding one S3 CORS configuration and one bucket policy)",
    .fix_hint =
        "Put each setup in its own folder, or group the files explicitly with `bundles` "
        "in .corslint.json.",
    .references = "https://github.com/corslint/corslint/blob/main/docs/usage.md",
    .runs_on_ambiguous_bundles = true,
};

void check(const Bundle& bundle, BundleReporter& out) {
  if (!bundle.ambiguous || bundle.duplicates.empty()) return;
  // Name a few; a folder of hundreds of exports would make an unreadable line.
  constexpr std::size_t kNamed = 4;
  std::vector<std::string> names;
  for (const Document* d : bundle.duplicates) {
    if (names.size() == kNamed) {
      names.push_back(fmt::format("{} more", bundle.duplicates.size() - kNamed));
      break;
    }
    names.push_back(fmt::format("{} ({})", file_label(*d), to_string(d->kind)));
  }
  const Document& last = *bundle.duplicates.back();
  Finding& f = out.report(last, last.root,
                          "{}: {}, so cross-document checks are skipped for {}; use one folder "
                          "per setup or `bundles` in .corslint.json",
                          bundle.name, bundle.ambiguity, fmt::join(names, ", "));
  for (std::size_t i = 0; i + 1 < bundle.duplicates.size(); ++i) {
    out.add_related(f, *bundle.duplicates[i], bundle.duplicates[i]->root, "also here");
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
