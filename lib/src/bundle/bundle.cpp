#include "corslint/model/bundle.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include <fmt/core.h>

#include "bundle/form.hpp"
#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/policy.hpp"

namespace corslint {

std::vector<const Document*> Bundle::of(DocKind kind) const {
  std::vector<const Document*> out;
  for (const Document* d : documents) {
    if (d->kind == kind) out.push_back(d);
  }
  return out;
}

const Document* Bundle::only(DocKind kind) const {
  const Document* found = nullptr;
  for (const Document* d : documents) {
    if (d->kind != kind) continue;
    if (found != nullptr) return nullptr;
    found = d;
  }
  return found;
}

std::string_view file_label(const Document& doc) {
  std::string_view p = doc.source->path();
  auto slash = p.rfind('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

bool unknown_value(std::string_view value) {
  return value.empty() || value.find("${") != std::string_view::npos ||
         looks_like_placeholder(value);
}

std::string_view oai_id(std::string_view value) {
  constexpr std::string_view kPrefix = "origin-access-identity/cloudfront/";
  if (!value.starts_with(kPrefix)) return {};
  std::string_view id = value.substr(kPrefix.size());
  if (unknown_value(id) || id.find('/') != std::string_view::npos) return {};
  return id;
}

std::string_view arn_bucket(std::string_view text) {
  auto arn = parse_arn(text);
  if (!arn || !arn->region.empty() || !arn->account.empty()) return {};
  auto t = s3_target(*arn);
  return t ? t->bucket : std::string_view{};
}

std::vector<std::string_view> governed_buckets(const Document& doc) {
  if (!doc.bucket_name.empty()) {
    if (unknown_value(doc.bucket_name)) return {};
    return {doc.bucket_name};
  }
  if (doc.as<policy::Policy>() == nullptr) return {};
  std::vector<std::string_view> out;
  for (const policy::Statement& st : doc.as<policy::Policy>()->statements) {
    if (st.not_resource) continue;
    for (const Value& r : st.resources) {
      std::string_view b = arn_bucket(r.text);
      if (!unknown_value(b) && !has_iam_wildcard(b) &&
          std::find(out.begin(), out.end(), b) == out.end()) {
        out.push_back(b);
      }
    }
  }
  return out;
}

namespace {

// "bucket-policy.json (policy)", "template.json SitePolicy (policy)".
std::string doc_label(const Document& d) {
  std::string out(file_label(d));
  if (!d.resource.empty()) {
    out += ' ';
    out += d.resource;
  }
  out += fmt::format(" ({}{})", to_string(d.kind),
                     d.pointer_prefix.empty() || !d.resource.empty() ? "" : ", embedded");
  return out;
}

// What links documents: the same bucket, distribution, origin access
// identity or template in two documents (setup evidence, which unites), or a
// CloudFront policy id a behaviour names and the bucket a distribution logs
// to (reference evidence, which attaches the policy, or the documents of that
// bucket, to each distribution naming it: many distributions share one
// logging bucket without being one setup).
enum class FactKind : unsigned char {
  Bucket,
  Distribution,
  Oai,
  Group,
  PolicyRef,
  PolicyId,
  LogBucket
};

struct Fact {
  FactKind kind;
  std::string value;
  std::string why;
};

bool has_fact(const std::vector<Fact>& facts, FactKind kind, std::string_view value) {
  return std::any_of(facts.begin(), facts.end(),
                     [&](const Fact& f) { return f.kind == kind && f.value == value; });
}

void add(std::vector<Fact>& facts, FactKind kind, std::string_view value, std::string why) {
  if (unknown_value(value) || has_iam_wildcard(value) || has_fact(facts, kind, value)) return;
  facts.push_back({kind, std::string(value), std::move(why)});
}

std::string_view cf_policy_id(const Document& d) {
  const Value* id = nullptr;
  if (d.as<cloudfront::ResponseHeadersPolicy>() && d.as<cloudfront::ResponseHeadersPolicy>()->id)
    id = &*d.as<cloudfront::ResponseHeadersPolicy>()->id;
  if (d.as<cloudfront::CachePolicy>() && d.as<cloudfront::CachePolicy>()->id)
    id = &*d.as<cloudfront::CachePolicy>()->id;
  if (d.as<cloudfront::OriginRequestPolicy>() && d.as<cloudfront::OriginRequestPolicy>()->id)
    id = &*d.as<cloudfront::OriginRequestPolicy>()->id;
  return id == nullptr ? std::string_view{} : id->text;
}

bool is_cf_policy(DocKind k) {
  return k == DocKind::CloudFrontResponseHeadersPolicy || k == DocKind::CloudFrontCachePolicy ||
         k == DocKind::CloudFrontOriginRequestPolicy;
}

// A policy names its bucket in Resource ARNs, the distribution it serves in
// AWS:SourceArn, and a legacy origin access identity in its principal.
void policy_facts(const policy::Policy& p, std::vector<Fact>& out) {
  for (const policy::Statement& st : p.statements) {
    if (!st.not_resource) {
      for (const Value& r : st.resources) {
        std::string_view b = arn_bucket(r.text);
        add(out, FactKind::Bucket, b, fmt::format("policy Resource names bucket `{}`", b));
      }
    }
    for (const policy::Condition* c : st.conditions_on("aws:SourceArn")) {
      if (c->negated()) continue;
      for (const Value& v : c->values) {
        if (auto a = parse_distribution_arn(v.text)) {
          add(out, FactKind::Distribution, a->id,
              fmt::format("policy AWS:SourceArn names distribution `{}`", a->id));
        }
      }
    }
    if (st.principal && !st.principal->negated) {
      for (const policy::PrincipalEntry& e : st.principal->entries) {
        PrincipalInfo info = classify_principal(e);
        if (info.kind == PrincipalKind::OriginAccessIdentity) {
          add(out, FactKind::Oai, info.name,
              fmt::format("policy grants origin access identity `{}`", info.name));
        }
      }
    }
  }
}

// The custom CloudFront policies a behaviour names (AWS-managed ids need no
// document, so they link nothing).
void behavior_policy_refs(const cloudfront::CacheBehavior& b, std::vector<Fact>& out) {
  auto ref = [&](const std::optional<Value>& v, bool managed, std::string_view what) {
    if (v && !managed) {
      add(out, FactKind::PolicyRef, v->text,
          fmt::format("{} names {} `{}`", b.label(), what, v->text));
    }
  };
  ref(b.response_headers_policy_id,
      b.response_headers_policy_id &&
          cloudfront::resolve_response_headers_policy(b.response_headers_policy_id->text),
      "response headers policy");
  ref(b.cache_policy_id,
      b.cache_policy_id && cloudfront::resolve_cache_policy(b.cache_policy_id->text),
      "cache policy");
  ref(b.origin_request_policy_id,
      b.origin_request_policy_id &&
          cloudfront::resolve_origin_request_policy(b.origin_request_policy_id->text),
      "origin request policy");
}

// A distribution states its id, its S3 origins' buckets and identities, the
// bucket it logs to, and the policies its behaviours name.
void distribution_facts(const cloudfront::Distribution& dist, std::vector<Fact>& out) {
  std::string_view id = dist.id ? dist.id->text : std::string_view{};
  if (id.empty() && dist.arn) {
    if (auto a = parse_distribution_arn(dist.arn->text)) id = a->id;
  }
  add(out, FactKind::Distribution, id, fmt::format("distribution Id `{}`", id));
  for (const cloudfront::Origin& o : dist.origins) {
    if (o.is_s3() && o.domain_name) {
      add(out, FactKind::Bucket, o.bucket,
          fmt::format("origin S3 {}domain `{}`",
                      o.kind == cloudfront::OriginKind::S3Website ? "website " : "",
                      o.domain_name->text));
    }
    if (o.oai) {
      std::string_view oai = oai_id(o.oai->text);
      add(out, FactKind::Oai, oai,
          fmt::format("{} uses origin access identity `{}`", o.label(), oai));
    }
  }
  if (dist.logging && dist.logging->bucket &&
      !has_fact(out, FactKind::Bucket, dist.logging_bucket())) {
    add(out, FactKind::LogBucket, dist.logging_bucket(),
        fmt::format("distribution logs to bucket `{}` (Logging.Bucket `{}`)", dist.logging_bucket(),
                    dist.logging->bucket->text));
  }
  for (const cloudfront::CacheBehavior* b : dist.all_behaviors()) behavior_policy_refs(*b, out);
}

std::vector<Fact> facts_of(const Document& d) {
  std::vector<Fact> out;
  if (!d.bucket_name.empty()) {
    add(out, FactKind::Bucket, d.bucket_name,
        fmt::format("its template names bucket `{}`", d.bucket_name));
  }
  if (!d.link_group.empty()) {
    add(out, FactKind::Group, d.link_group,
        fmt::format("one template or plan (`{}`)", d.link_group));
  }
  if (const auto* p = d.as<policy::Policy>()) policy_facts(*p, out);
  if (const auto* dist = d.as<cloudfront::Distribution>()) distribution_facts(*dist, out);
  if (is_cf_policy(d.kind)) {
    std::string_view id = cf_policy_id(d);
    add(out, FactKind::PolicyId, id, fmt::format("{} Id `{}`", to_string(d.kind), id));
  }
  return out;
}

std::string_view key_name(FactKind k) {
  switch (k) {
    case FactKind::Bucket:
      return "bucket";
    case FactKind::Distribution:
      return "distribution";
    case FactKind::Oai:
      return "origin access identity";
    case FactKind::Group:
      return "template";
    default:
      return "policy";
  }
}

struct Link {
  std::size_t a = 0, b = 0;
  bool reference = false;  // a distribution naming a CloudFront policy (a) by Id, or
                           // logging to the bucket document (a) belongs to
  std::string key;         // "bucket example-site", for naming a split bundle
  std::string why;
};

// Pairs documents that state the same fact. Each fact links the first
// document stating it to every other one (a star, not every pair), in a
// deterministic order.
using Facts = std::vector<std::vector<Fact>>;

Facts all_facts(const std::vector<const Document*>& docs) {
  Facts facts;
  facts.reserve(docs.size());
  for (const Document* d : docs) facts.push_back(facts_of(*d));
  return facts;
}

bool states(const std::vector<Fact>& facts, FactKind kind) {
  return std::any_of(facts.begin(), facts.end(), [&](const Fact& f) { return f.kind == kind; });
}

std::vector<Link> find_links(const std::vector<const Document*>& docs, const Facts& facts) {
  struct Holder {
    std::size_t doc;
    const Fact* fact;
  };
  // Setup facts by (kind, value); policy references and ids share one key.
  std::map<std::pair<int, std::string_view>, std::vector<Holder>> by_key;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    for (const Fact& f : facts[i]) {
      FactKind kind = f.kind == FactKind::PolicyId    ? FactKind::PolicyRef
                      : f.kind == FactKind::LogBucket ? FactKind::Bucket
                                                      : f.kind;
      int k = static_cast<int>(kind);
      by_key[{k, f.value}].push_back({i, &f});
    }
  }
  std::vector<Link> out;
  for (const auto& [key, holders] : by_key) {
    if (key.first == static_cast<int>(FactKind::PolicyRef)) {
      // Each policy document with this Id attaches to each distribution naming it.
      for (const Holder& p : holders) {
        if (p.fact->kind != FactKind::PolicyId) continue;
        for (const Holder& r : holders) {
          if (r.fact->kind != FactKind::PolicyRef || r.doc == p.doc) continue;
          out.push_back({p.doc, r.doc, true, fmt::format("policy {}", key.second),
                         fmt::format("{}, {}", r.fact->why, p.fact->why)});
        }
      }
      continue;
    }
    std::vector<Holder> setup, logs;
    for (const Holder& h : holders)
      (h.fact->kind == FactKind::LogBucket ? logs : setup).push_back(h);
    // Each document of a logging bucket attaches to each distribution logging there.
    for (const Holder& r : logs) {
      for (const Holder& p : setup) {
        if (p.doc == r.doc) continue;
        out.push_back({p.doc, r.doc, true, fmt::format("bucket {}", key.second),
                       fmt::format("{}, {}", r.fact->why, p.fact->why)});
      }
    }
    if (setup.empty()) continue;
    const Holder& first = setup.front();
    for (std::size_t h = 1; h < setup.size(); ++h) {
      if (setup[h].doc == first.doc) continue;
      out.push_back({first.doc, setup[h].doc, false,
                     fmt::format("{} {}", key_name(first.fact->kind), key.second),
                     fmt::format("{}, {}", first.fact->why, setup[h].fact->why)});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Link& x, const Link& y) {
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  return out;
}

std::string link_line(const std::vector<const Document*>& docs, const Link& l) {
  return fmt::format("{} ↔ {}: {}", doc_label(*docs[l.a]), doc_label(*docs[l.b]), l.why);
}

void add_link(Bundle& b, const std::vector<const Document*>& docs, const Link& l) {
  b.links.push_back({docs[l.a], docs[l.b], l.why});
  b.reasons.push_back(link_line(docs, l));
}

int kinds_present(const std::vector<const Document*>& docs) {
  bool seen[kDocKindCount] = {};
  int n = 0;
  for (const Document* d : docs) {
    auto k = static_cast<int>(d->kind);
    if (!seen[k]) n += 1;
    seen[k] = true;
  }
  return n;
}

// The bucket policies that govern only buckets the folder's distributions log
// to (Logging.Bucket) and no origin's bucket: a setup holds its logging
// bucket's policy beside its site bucket's, so they are not two of a kind.
std::vector<const Document*> logging_policies(const std::vector<const Document*>& docs) {
  std::vector<std::string_view> logs, origins;
  for (const Document* d : docs) {
    if (d->as<cloudfront::Distribution>() == nullptr) continue;
    if (!unknown_value(d->as<cloudfront::Distribution>()->logging_bucket()))
      logs.push_back(d->as<cloudfront::Distribution>()->logging_bucket());
    for (const cloudfront::Origin& o : d->as<cloudfront::Distribution>()->origins) {
      if (o.is_s3()) origins.push_back(o.bucket);
    }
  }
  std::vector<const Document*> out;
  if (logs.empty()) return out;
  auto in = [](const std::vector<std::string_view>& v, std::string_view b) {
    return std::find(v.begin(), v.end(), b) != v.end();
  };
  for (const Document* d : docs) {
    if (d->kind != DocKind::S3BucketPolicy) continue;
    std::vector<std::string_view> governed = governed_buckets(*d);
    bool only_logs =
        !governed.empty() && std::all_of(governed.begin(), governed.end(), [&](std::string_view b) {
          return in(logs, b) && !in(origins, b);
        });
    if (only_logs) out.push_back(d);
  }
  return out;
}

// Documents of a kind that occurs more than once; documents in `apart` (see
// logging_policies) neither count nor are returned.
std::vector<const Document*> repeated_kinds(const std::vector<const Document*>& docs,
                                            const std::vector<const Document*>& apart = {}) {
  auto counted = [&](const Document* d) {
    return std::find(apart.begin(), apart.end(), d) == apart.end();
  };
  int count[kDocKindCount] = {};
  for (const Document* d : docs) {
    if (counted(d)) count[static_cast<int>(d->kind)] += 1;
  }
  std::vector<const Document*> out;
  for (const Document* d : docs) {
    if (counted(d) && count[static_cast<int>(d->kind)] > 1) out.push_back(d);
  }
  return out;
}

std::size_t find_root(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

Bundle directory_bundle(const std::string& dir, const std::vector<const Document*>& docs,
                        const std::vector<Link>& links) {
  Bundle b;
  b.name = dir;
  b.documents = docs;
  for (const Document* d : docs) b.reasons.push_back(doc_label(*d) + ": same directory");
  for (const Link& l : links) add_link(b, docs, l);
  return b;
}

// The documents' groups by evidence, by document index. Every step from here
// on is linear in documents and links: a template of 20,000 buckets and
// policies is one directory, and nested loops over documents and links made
// it take minutes.
struct Evidence {
  std::vector<std::size_t> parent;  // union-find over documents
  std::vector<bool> linked;         // in a group; for a root, its group has members
  std::vector<bool> shared;         // attached to the groups of several distributions
  std::vector<std::vector<std::size_t>> attached;          // group root -> shared policies
  std::vector<std::vector<std::size_t>> groups_of_shared;  // shared document -> group roots
  // Each group's members in document order, and the links inside it in link
  // order; a shared document is a member of every group it is attached to.
  std::vector<std::vector<std::size_t>> members_of;  // by group root
  std::vector<std::vector<const Link*>> links_of;    // by group root

  std::size_t root(std::size_t i) { return find_root(parent, i); }
  bool member(std::size_t group, std::size_t j) {
    if (!shared[j]) return linked[j] && root(j) == group;
    return std::find(groups_of_shared[j].begin(), groups_of_shared[j].end(), group) !=
           groups_of_shared[j].end();
  }
};

void unite_setup_links(Evidence& ev, const std::vector<Link>& links) {
  for (const Link& l : links) {
    if (l.reference) continue;
    ev.parent[ev.root(l.a)] = ev.root(l.b);
    ev.linked[l.a] = ev.linked[l.b] = true;
  }
}

// A CloudFront policy (or a logging bucket's document) no setup link placed
// joins the group of the distribution naming it, or, named by distributions
// of several groups, is shared by each of them.
void attach_references(Evidence& ev, const std::vector<Link>& links) {
  const std::size_t n = ev.parent.size();
  std::vector<std::vector<const Link*>> references_from(n);
  for (const Link& l : links) {
    if (l.reference) references_from[l.a].push_back(&l);
  }
  for (std::size_t p = 0; p < n; ++p) {
    if (ev.linked[p]) continue;
    std::vector<std::size_t> roots;
    for (const Link* l : references_from[p]) {
      std::size_t r = ev.root(l->b);
      if (std::find(roots.begin(), roots.end(), r) == roots.end()) roots.push_back(r);
    }
    if (roots.size() == 1) {
      ev.parent[p] = roots.front();
      ev.linked[p] = true;
    } else if (roots.size() > 1) {
      ev.shared[p] = true;
      for (std::size_t r : roots) {
        ev.attached[r].push_back(p);
        ev.linked[r] = true;  // a distribution no setup link placed forms a group with it
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (ev.linked[i]) ev.linked[ev.root(i)] = true;
  }
}

void collect_members(Evidence& ev) {
  const std::size_t n = ev.parent.size();
  for (std::size_t j = 0; j < n; ++j) {
    if (!ev.shared[j] && ev.linked[j]) ev.members_of[ev.root(j)].push_back(j);
  }
  // A shared document is attached to a root at most once, and is never a
  // member by its own root: merging keeps document order without duplicates.
  for (std::size_t r = 0; r < n; ++r) {
    if (ev.attached[r].empty()) continue;
    for (std::size_t p : ev.attached[r]) ev.groups_of_shared[p].push_back(r);
    auto& m = ev.members_of[r];
    m.insert(m.end(), ev.attached[r].begin(), ev.attached[r].end());
    std::sort(m.begin(), m.end());
  }
}

void collect_links(Evidence& ev, const std::vector<Link>& links) {
  for (const Link& l : links) {
    if (!ev.shared[l.a]) {
      if (ev.linked[l.a] && ev.member(ev.root(l.a), l.b)) ev.links_of[ev.root(l.a)].push_back(&l);
      continue;
    }
    for (std::size_t r : ev.groups_of_shared[l.a]) {
      if (ev.member(r, l.b)) ev.links_of[r].push_back(&l);
    }
  }
}

Evidence group_by_evidence(std::size_t n, const std::vector<Link>& links) {
  Evidence ev;
  ev.parent.resize(n);
  std::iota(ev.parent.begin(), ev.parent.end(), std::size_t{0});
  ev.linked.assign(n, false);
  ev.shared.assign(n, false);
  ev.attached.resize(n);
  ev.groups_of_shared.resize(n);
  ev.members_of.resize(n);
  ev.links_of.resize(n);
  unite_setup_links(ev, links);
  attach_references(ev, links);
  collect_members(ev);
  collect_links(ev, links);
  return ev;
}

// What an evidence bundle holds, to tell whether an unlinked document could belong there.
struct Group {
  std::vector<DocKind> kinds;
  bool bucket = false;  // a member states a bucket
};

Group group_of(const std::vector<const Document*>& docs, const Facts& facts,
               const std::vector<std::size_t>& members) {
  Group g;
  for (std::size_t j : members) g.kinds.push_back(docs[j]->kind);
  for (std::size_t j : members) g.bucket = g.bucket || states(facts[j], FactKind::Bucket);
  return g;
}

Bundle evidence_bundle(const std::string& dir, const std::vector<const Document*>& docs,
                       const std::vector<std::size_t>& members,
                       const std::vector<const Link*>& links,
                       const std::vector<const Document*>& logging) {
  Bundle b;
  std::string key;
  for (std::size_t j : members) b.documents.push_back(docs[j]);
  for (const Link* l : links) {
    if (key.empty() && !l->reference) key = l->key;
    add_link(b, docs, *l);
  }
  if (key.empty()) {
    // Joined only by a shared policy: name it by its distribution's file.
    for (std::size_t j : members) {
      if (docs[j]->kind == DocKind::CloudFrontDistribution) {
        key = file_label(*docs[j]);
        break;
      }
    }
  }
  b.name = fmt::format("{} [{}]", dir, key);
  // Two snapshots of one distribution, with nothing else: nothing to pair.
  if (kinds_present(b.documents) > 1) b.duplicates = repeated_kinds(b.documents, logging);
  if (!b.duplicates.empty()) {
    b.ambiguous = true;
    b.ambiguity = fmt::format(
        "evidence links {} {} documents to one setup and cannot tell which of them goes "
        "with the others",
        std::count_if(b.documents.begin(), b.documents.end(),
                      [&](const Document* d) { return d->kind == b.duplicates.front()->kind; }),
        to_string(b.duplicates.front()->kind));
  }
  return b;
}

// Unlinked documents of one kind that could still complete an evidence
// bundle: the bundle lacks their kind, and they do not name two different
// buckets.
std::vector<const Document*> could_complete(const std::vector<const Document*>& rest,
                                            const std::vector<std::size_t>& rest_index,
                                            const Facts& facts, const std::vector<Group>& groups) {
  // Per kind: is there a group without it, and one without it or a bucket?
  bool lacking[kDocKindCount] = {};
  bool lacking_and_no_bucket[kDocKindCount] = {};
  for (const Group& g : groups) {
    for (int k = 0; k < kDocKindCount; ++k) {
      if (std::find(g.kinds.begin(), g.kinds.end(), static_cast<DocKind>(k)) != g.kinds.end())
        continue;
      lacking[k] = true;
      if (!g.bucket) lacking_and_no_bucket[k] = true;
    }
  }
  std::vector<const Document*> out;
  for (std::size_t r = 0; r < rest.size(); ++r) {
    const Document* d = rest[r];
    bool names_bucket = states(facts[rest_index[r]], FactKind::Bucket);
    auto k = static_cast<int>(d->kind);
    bool has_home = names_bucket ? lacking_and_no_bucket[k] : lacking[k];
    if (has_home) out.push_back(d);
  }
  return out;
}

// The documents no evidence placed (`rest`, at `rest_index` in the folder),
// beside the bundles evidence formed (`groups`, and `alone` when none).
Bundle unlinked_bundle(const std::string& dir, const std::vector<const Document*>& rest,
                       const std::vector<std::size_t>& rest_index, const Facts& facts,
                       const std::vector<Group>& groups, bool alone) {
  Bundle b;
  b.name = alone ? dir : fmt::format("{} [unlinked]", dir);
  b.documents = rest;
  for (const Document* d : rest) {
    b.reasons.push_back(doc_label(*d) + (alone ? ": same directory"
                                               : ": same directory; no evidence links "
                                                 "it to the other bundles"));
  }
  if (groups.empty()) {
    // No evidence at all: the folder's repeated kinds are the question.
    b.duplicates = repeated_kinds(rest);
    b.ambiguous = true;
    b.ambiguity = fmt::format(
        "{} {} documents here and nothing in them (bucket names, distribution ids, "
        "policy ids) says which setup each belongs to",
        std::count_if(rest.begin(), rest.end(),
                      [&](const Document* d) { return d->kind == b.duplicates.front()->kind; }),
        to_string(b.duplicates.front()->kind));
  } else if (kinds_present(rest) > 1) {
    // Evidence split this folder into setups; pairing what it left over
    // would be a guess.
    b.duplicates = rest;
    b.ambiguous = true;
    b.ambiguity = fmt::format(
        "nothing links these documents to each other or to one of the {} bundles evidence "
        "formed here",
        groups.size());
  } else {
    // Documents of one kind: said only when one could still complete an
    // evidence bundle.
    b.duplicates = could_complete(rest, rest_index, facts, groups);
    if (!b.duplicates.empty()) {
      b.ambiguous = true;
      b.ambiguity = fmt::format(
          "nothing links {} to one of the {} bundles evidence formed here",
          b.duplicates.size() == 1 ? doc_label(*b.duplicates.front()) : "these documents",
          groups.size());
    }
  }
  return b;
}

std::vector<Bundle> split_by_evidence(const std::string& dir,
                                      const std::vector<const Document*>& docs,
                                      const std::vector<Link>& links, const Facts& facts,
                                      const std::vector<const Document*>& logging) {
  std::vector<Bundle> out;
  Evidence ev = group_by_evidence(docs.size(), links);
  std::vector<std::size_t> rest_index;
  std::vector<const Document*> rest;
  std::vector<Group> groups;
  std::vector<bool> emitted(docs.size(), false);
  for (std::size_t i = 0; i < docs.size(); ++i) {
    std::size_t root = ev.root(i);
    if (ev.shared[i]) continue;
    if (!ev.linked[i]) {
      rest.push_back(docs[i]);
      rest_index.push_back(i);
      continue;
    }
    if (emitted[root]) continue;
    emitted[root] = true;
    out.push_back(evidence_bundle(dir, docs, ev.members_of[root], ev.links_of[root], logging));
    groups.push_back(group_of(docs, facts, ev.members_of[root]));
  }
  if (!rest.empty()) {
    out.push_back(unlinked_bundle(dir, rest, rest_index, facts, groups, out.empty()));
  }
  return out;
}

}  // namespace

std::vector<Bundle> form_bundles(const std::string& directory,
                                 const std::vector<const Document*>& docs) {
  std::vector<Bundle> out;
  if (docs.empty()) return out;
  std::string dir = directory.empty() ? "." : directory;
  // A folder of one kind (policies only) has nothing to link: one bundle.
  std::vector<Link> links;
  Facts facts;
  if (kinds_present(docs) > 1) {
    facts = all_facts(docs);
    links = find_links(docs, facts);
  }
  std::vector<const Document*> logging = logging_policies(docs);
  std::vector<const Document*> repeated =
      kinds_present(docs) > 1 ? repeated_kinds(docs, logging) : std::vector<const Document*>{};
  if (repeated.empty()) {
    out.push_back(directory_bundle(dir, docs, links));
    return out;
  }
  // Split by evidence: setup links unite, references (policy ids, logging buckets) attach.
  return split_by_evidence(dir, docs, links, facts, logging);
}

Bundle form_configured_bundle(const std::string& name, std::string_view config_path,
                              const std::vector<const Document*>& docs) {
  Bundle b;
  b.name = name;
  b.configured = true;
  b.documents = docs;
  for (const Document* d : docs) {
    b.reasons.push_back(
        fmt::format("{}: listed in bundle \"{}\" of {}", doc_label(*d), name, config_path));
  }
  if (kinds_present(docs) > 1) {
    for (const Link& l : find_links(docs, all_facts(docs))) add_link(b, docs, l);
  }
  return b;
}

}  // namespace corslint
