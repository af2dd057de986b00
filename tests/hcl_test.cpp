// HCL native syntax (input/hcl.hpp) and its translation into the tf.json
// tree (recognise/terraform_hcl.hpp): every construct, exact offsets, located
// errors, bounds; then whole .tf files through the linter.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "corslint/engine.hpp"
#include "corslint/model/json.hpp"
#include "corslint/model/source.hpp"
#include "input/hcl.hpp"
#include "recognise/terraform_hcl.hpp"

using namespace corslint;

namespace {

hcl::Ast parsed(std::string_view text) {
  hcl::Ast ast;
  hcl::ParseError error;
  INFO(error.message);
  bool ok = hcl::parse(text, ast, error);
  INFO(error.message << " at " << error.offset);
  REQUIRE(ok);
  return ast;
}

hcl::ParseError failure(std::string_view text) {
  hcl::Ast ast;
  hcl::ParseError error;
  REQUIRE_FALSE(hcl::parse(text, ast, error));
  return error;
}

// The first node of a kind, in creation order.
hcl::NodeId find(const hcl::Ast& ast, hcl::Kind kind, std::size_t nth = 0) {
  for (hcl::NodeId i = 0; i < ast.nodes.size(); ++i) {
    if (ast.nodes[i].kind == kind && nth-- == 0) return i;
  }
  return hcl::kNone;
}

std::string slice(std::string_view text, const hcl::Node& n) {
  return std::string(text.substr(n.offset, n.end - n.offset));
}

struct Translated {
  std::shared_ptr<const Source> source;
  json::ParseResult result;
};

Translated translate(std::string text) {
  SourceError error;
  Translated t;
  t.source = Source::from_bytes("main.tf", std::move(text), error);
  REQUIRE(t.source);
  t.result = formats::terraform_hcl(*t.source);
  return t;
}

// The node at a JSON pointer of the translated tree.
json::NodeId at(const json::Tree& t, std::string_view pointer) {
  json::NodeId n = t.root();
  while (!pointer.empty() && n != json::kNoNode) {
    pointer.remove_prefix(1);
    std::string_view token = pointer.substr(0, pointer.find('/'));
    pointer.remove_prefix(token.size());
    if (t.is(n, json::Type::Array)) {
      std::size_t i = std::stoul(std::string(token));
      n = i < t.children(n).size() ? t.children(n)[i] : json::kNoNode;
    } else {
      n = t.get(n, token);
    }
  }
  return n;
}

std::vector<std::string> lint(const std::string& text, std::string name = "main.tf") {
  LintOptions o;
  o.rules.select = std::vector<std::string>{"ALL"};
  Linter linter(o);
  std::vector<Finding> findings;
  linter.lint_bytes(name, text, findings);
  std::vector<std::string> out;
  for (const Finding& f : findings) {
    out.push_back(std::to_string(f.start.line) + ":" + std::to_string(f.start.column) + " " +
                  std::string(f.code));
  }
  return out;
}

std::string read_file_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("hcl: blocks, labels, attributes and comments with their offsets", "[hcl]") {
  std::string text =
      "# comment\n"
      "resource \"aws_s3_bucket\" site { // trailing\n"
      "  bucket = \"b\" /* inline */\n"
      "}\n";
  hcl::Ast ast = parsed(text);
  hcl::NodeId block = find(ast, hcl::Kind::Block);
  REQUIRE(block != hcl::kNone);
  CHECK(ast[block].text == "resource");
  CHECK(ast[block].offset == 10);
  hcl::NodeId l1 = find(ast, hcl::Kind::Label);
  hcl::NodeId l2 = find(ast, hcl::Kind::Label, 1);
  CHECK(ast[l1].text == "aws_s3_bucket");
  CHECK(ast[l1].offset == 20);  // inside the quotes
  CHECK(ast[l2].text == "site");
  CHECK(ast[l2].offset == 35);
  hcl::NodeId attr = find(ast, hcl::Kind::Attribute);
  CHECK(ast[attr].text == "bucket");
  CHECK(slice(text, ast[ast[attr].first]) == "\"b\"");
}

TEST_CASE("hcl: expressions of every kind parse, with their spans", "[hcl]") {
  std::string text =
      "a = [1, 2.5e3, true, false, null, -3, !x]\n"
      "b = { k = 1, \"q\" : 2, (local.k) = 3\n  n = 4 }\n"
      "c = f(x, [y]...)\n"
      "d = [for k, v in var.m : upper(v) if k != \"x\"]\n"
      "e = {for s in var.l : s => s... if s != \"\"}\n"
      "f = x ? y : z\n"
      "g = 1 + 2 * 3 == 7 && !false || a < b\n"
      "h = aws_s3_bucket.site[*].arn\n"
      "i = aws_s3_bucket.site.*.arn\n"
      "j = var.list.0\n"
      "k = var.m[\"key\"].x\n"
      "l = (1 + 2)\n"
      "m = provider::aws::arn_parse(var.arn).region\n";
  hcl::Ast ast = parsed(text);
  hcl::NodeId call = find(ast, hcl::Kind::Call);
  CHECK(ast[call].text == "f");
  CHECK(ast[call].op == 1);  // `...`
  CHECK(slice(text, ast[call]) == "f(x, [y]...)");
  hcl::NodeId forexpr = find(ast, hcl::Kind::For);
  CHECK(ast[forexpr].op == 0);
  CHECK(ast[forexpr].count == 3);  // collection, value, condition
  hcl::NodeId forobj = find(ast, hcl::Kind::For, 1);
  CHECK(ast[forobj].op == 2);  // grouping (`...`)
  CHECK(ast[forobj].count == 4);  // collection, key, value, condition
  hcl::NodeId cond = find(ast, hcl::Kind::Conditional);
  CHECK(slice(text, ast[cond]) == "x ? y : z");
  // || binds loosest: its left side is the && expression.
  hcl::NodeId g = find(ast, hcl::Kind::Attribute, 6);
  const hcl::Node& top = ast[ast[g].first];
  CHECK(top.kind == hcl::Kind::Binary);
  CHECK(top.op == hcl::kOr);
  CHECK(ast[top.first].op == hcl::kAnd);
  CHECK(find(ast, hcl::Kind::Splat, 1) != hcl::kNone);
  hcl::NodeId legacy = find(ast, hcl::Kind::LegacyIndex);
  CHECK(ast[legacy].text == "0");
  hcl::NodeId obj = find(ast, hcl::Kind::Object);
  CHECK(ast[obj].count == 4);  // a newline separates items too
  CHECK(find(ast, hcl::Kind::Paren) != hcl::kNone);
  bool provider_function = false;
  for (const hcl::Node& n : ast.nodes) {
    provider_function |= n.kind == hcl::Kind::Call && n.text == "provider::aws::arn_parse";
  }
  CHECK(provider_function);
}

TEST_CASE("hcl: templates, escapes, directives and heredocs", "[hcl]") {
  std::string text =
      "a = \"x-${var.env}-$${literal}-%{ if true }y%{ else }z%{ endif }\"\n"
      "b = <<EOF\n"
      "line ${var.x}\n"
      "EOF\n"
      "c = <<-EOT\n"
      "    {\n"
      "      \"k\": 1\n"
      "    }\n"
      "    EOT\n"
      "d = \"a\\\"b\\u00e9\"\n";
  hcl::Ast ast = parsed(text);
  hcl::NodeId tpl = find(ast, hcl::Kind::Template);
  CHECK(ast[tpl].offset == 4);
  CHECK(find(ast, hcl::Kind::Interp) != hcl::kNone);
  CHECK(ast[find(ast, hcl::Kind::Directive, 2)].op == hcl::kEndIf);
  // <<- strips the smallest indentation (4) from each line.
  hcl::NodeId flush = find(ast, hcl::Kind::Template, 2);
  CHECK(ast[flush].flush);
  std::string value;
  for (hcl::NodeId p = ast[flush].first; p != hcl::kNone; p = ast[p].next) {
    hcl::decode_literal(ast[p].text, ast[p].offset, true, value, nullptr);
  }
  CHECK(value == "{\n  \"k\": 1\n}\n");
  std::string decoded;
  hcl::NodeId d = find(ast, hcl::Kind::Template, 3);
  hcl::decode_literal(ast[ast[d].first].text, 0, false, decoded, nullptr);
  CHECK(decoded == "a\"b\xc3\xa9");
  std::string escaped;
  hcl::decode_literal("$${x} %%{y}", 0, false, escaped, nullptr);
  CHECK(escaped == "${x} %{y}");
}

TEST_CASE("hcl: invalid input is a located error", "[hcl]") {
  struct Case {
    std::string text;
    uint32_t offset;
    std::string message;
  };
  std::vector<Case> cases = {
      {"a = \"abc\n", 4, "unterminated string"},
      {"a = <<EOF\nabc\n", 4, "unterminated heredoc"},
      {"/* never closed\na = 1\n", 0, "unterminated comment"},
      {"resource \"x\" \"y\" {\n  a = 1\n", 17, "unterminated block"},
      {"a = 1 2\n", 6, "expected a new line"},
      {"}\n", 0, "unexpected \"}\""},
      {"a = [1, 2\n", 10, "expected \",\""},
      {"a = @\n", 4, "expected an expression"},
      {"a = \"%{ endif }\"\n", 8, "\"endif\" without"},
      {"a = \"${ 1 \"\n", 10, "expected \"}\""},
      {"block \"x\" = {\n}\n", 10, "expected \"=\" or a block's"},
      {"a = f(1,,)\n", 8, "expected an expression"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    hcl::ParseError e = failure(c.text);
    CHECK(e.offset == c.offset);
    CHECK_THAT(e.message, Catch::Contains(c.message));
    CHECK(e.message.starts_with("invalid HCL: "));
  }
}

TEST_CASE("hcl: deep nesting is refused at a located point, not by the stack", "[hcl]") {
  for (std::string open : {"[", "(", "{a=", "-", "!", "\"${"}) {
    std::string text = "a = ";
    for (int i = 0; i < 100000; ++i) text += open;
    hcl::ParseError e = failure(text);
    CHECK_THAT(e.message, Catch::Contains("nesting deeper than"));
    CHECK(e.offset > 4);
    CHECK(e.offset < 4 + open.size() * (hcl::kMaxDepth + 2));
  }
  std::string blocks;
  for (int i = 0; i < 10000; ++i) blocks += "b {\n";
  CHECK_THAT(failure(blocks).message, Catch::Contains("nesting deeper than"));
}

TEST_CASE("hcl: a 100k-line file parses in one pass", "[hcl]") {
  std::string text;
  for (int i = 0; i < 25000; ++i) {
    text += "resource \"aws_s3_bucket\" \"b" + std::to_string(i) + "\" {\n  bucket = \"x-" +
            std::to_string(i) + "\"\n  tags = { a = 1 }\n}\n";
  }
  hcl::Ast ast = parsed(text);
  CHECK(ast[ast.root].count == 25000);
  Translated t = translate(text);
  REQUIRE(t.result.ok);
  CHECK(t.result.tree.children(at(t.result.tree, "/resource")).size() == 25000);
}

TEST_CASE("hcl: the tree is the one .tf.json gives, located at HCL tokens", "[hcl]") {
  std::string text =
      "variable \"origin\" {\n"
      "  default = \"https://app.example.com\"\n"
      "}\n"
      "locals {\n"
      "  methods = [\"GET\", \"PUT\"]\n"
      "}\n"
      "resource \"aws_s3_bucket_cors_configuration\" \"site\" {\n"
      "  bucket = aws_s3_bucket.site.id\n"
      "  cors_rule {\n"
      "    allowed_origins = [var.origin, lower(\"HTTPS://X.EXAMPLE.COM\")]\n"
      "    allowed_methods = local.methods\n"
      "  }\n"
      "  cors_rule {\n"
      "    allowed_origins = [format(\"https://%s.example.com\", \"y\")]\n"
      "    allowed_methods = concat([\"GET\"], [\"HEAD\"])\n"
      "  }\n"
      "  cors_rule {\n"
      "    allowed_origins = [var.origin == \"\" ? \"a\" : \"b\", 1 < 2 && true ? \"c\" : \"d\"]\n"
      "    allowed_methods = [var.x == 1 ? \"e\" : \"f\"]\n"
      "  }\n"
      "  dynamic \"cors_rule\" {\n"
      "    for_each = var.rules\n"
      "    content {}\n"
      "  }\n"
      "}\n";
  Translated tr = translate(text);
  REQUIRE(tr.result.ok);
  const json::Tree& t = tr.result.tree;
  std::string base = "/resource/0/aws_s3_bucket_cors_configuration/site";
  json::NodeId bucket = at(t, base + "/bucket");
  CHECK(t.str(bucket) == "${aws_s3_bucket.site.id}");  // unknown, as tf.json writes it
  json::NodeId o0 = at(t, base + "/cors_rule/0/allowed_origins/0");
  CHECK(t.str(o0) == "https://app.example.com");
  CHECK(t[o0].offset == text.find("\"https://app"));  // the default, where it is written
  CHECK(t.str(at(t, base + "/cors_rule/0/allowed_origins/1")) == "https://x.example.com");
  json::NodeId m = at(t, base + "/cors_rule/0/allowed_methods");
  CHECK(t.children(m).size() == 2);
  CHECK(t.str(at(t, base + "/cors_rule/1/allowed_origins/0")) == "https://y.example.com");
  CHECK(t.children(at(t, base + "/cors_rule/1/allowed_methods")).size() == 2);
  CHECK(t.str(at(t, base + "/cors_rule/2/allowed_origins/0")) == "b");
  CHECK(t.str(at(t, base + "/cors_rule/2/allowed_origins/1")) == "c");
  CHECK(t.str(at(t, base + "/cors_rule/2/allowed_methods/0")) == "${var.x == 1 ? \"e\" : \"f\"}");
  // The dynamic block is an unknown fourth rule.
  CHECK(t.str(at(t, base + "/cors_rule/3")) == "${dynamic}");
  json::NodeId rule = at(t, base + "/cors_rule/0");
  CHECK(t[rule].offset == text.find("cors_rule {"));
  CHECK(t.str(at(t, "/variable/0/origin/default")) == "https://app.example.com");
}

TEST_CASE("hcl: for expressions over known collections", "[hcl]") {
  std::string text =
      "variable \"domains\" {\n  default = [\"a.example.org\", \"b.example.org\", \"c\"]\n}\n"
      "locals {\n  m = { z = 1, y = 2 }\n}\n"
      "resource \"x\" \"y\" {\n"
      "  origins = [for d in var.domains : \"https://${d}\" if d != \"c\"]\n"
      "  indexes = [for i, d in var.domains : i]\n"
      "  keys    = [for k, v in local.m : k]\n"
      "  object  = {for d in var.domains : d => upper(d)}\n"
      "  grouped = {for d in var.domains : d => d...}\n"
      "  unknown = [for d in var.nothing : d]\n"
      "}\n";
  Translated tr = translate(text);
  REQUIRE(tr.result.ok);
  const json::Tree& t = tr.result.tree;
  std::string base = "/resource/0/x/y";
  json::NodeId origins = at(t, base + "/origins");
  REQUIRE(t.children(origins).size() == 2);
  CHECK(t.str(t.children(origins)[1]) == "https://b.example.org");
  CHECK(t[at(t, base + "/indexes/2")].integer == 2);
  CHECK(t.str(at(t, base + "/keys/0")) == "y");  // keys in lexical order
  CHECK(t.str(at(t, base + "/object/c")) == "C");
  CHECK(t.str(at(t, base + "/grouped")).starts_with("${"));
  CHECK(t.str(at(t, base + "/unknown")).starts_with("${"));
}

TEST_CASE("hcl: policies from jsonencode, heredocs and aws_iam_policy_document", "[hcl]") {
  std::string text =
      "resource \"aws_s3_bucket_policy\" \"a\" {\n"            // line 1
      "  bucket = \"site\"\n"                                  // 2
      "  policy = <<-EOF\n"                                    // 3
      "    {\"Version\": \"2012-10-17\", \"Statement\": [{\n"  // 4
      "      \"Effect\": \"Allow\", \"Principal\": \"*\",\n"   // 5
      "      \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::site/*\"}]}\n"
      "    EOF\n"
      "}\n"
      "data \"aws_iam_policy_document\" \"public\" {\n"  // 9
      "  statement {\n"                                  // 10
      "    actions   = [\"s3:GetObject\"]\n"             // 11
      "    resources = [\"arn:aws:s3:::site/*\"]\n"      // 12
      "    principals {\n"                               // 13
      "      type        = \"*\"\n"                      // 14
      "      identifiers = [\"*\"]\n"                    // 15
      "    }\n"
      "  }\n"
      "}\n"
      "resource \"aws_s3_bucket_policy\" \"b\" {\n"  // 19
      "  bucket = \"site\"\n"
      "  policy = data.aws_iam_policy_document.public.json\n"
      "}\n";
  std::vector<std::string> found = lint(text);
  INFO(Catch::Detail::stringify(found));
  CHECK(has(found, "5:39 P010"));   // the heredoc's "*", where it is written
  CHECK(has(found, "15:22 P010"));  // the data source's identifiers
}

TEST_CASE(
    "hcl: a syntax error is one E002 naming HCL, and a file without AWS resources gives nothing",
    "[hcl]") {
  std::vector<std::string> found = lint("resource \"x\" \"y\" {\n  a = [1,\n}\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0] == "3:1 E002");
  // A .tf without AWS resources corslint reads gives nothing.
  CHECK(lint("variable \"x\" {}\nprovider \"aws\" {\n  region = \"eu-west-1\"\n}\n").empty());
}

TEST_CASE("hcl: # corslint:ignore on a finding's line or the line above accepts it", "[hcl]") {
  auto policy = [](std::string above, std::string same) {
    return "resource \"aws_s3_bucket_policy\" \"a\" {\n"
           "  bucket = \"site\"\n"
           "  policy = jsonencode({\n"
           "    Version = \"2012-10-17\"\n"
           "    Statement = [{\n"
           "      Effect = \"Allow\"\n" +
           above + "      Principal = \"*\"" + same +
           "\n"
           "      Action = \"s3:GetObject\"\n"
           "      Resource = \"arn:aws:s3:::site/*\"\n"
           "    }]\n"
           "  })\n"
           "}\n";
  };
  auto p010 = [](const std::vector<std::string>& v) {
    return std::count_if(v.begin(), v.end(),
                         [](const std::string& s) { return s.ends_with("P010"); });
  };
  CHECK(p010(lint(policy("", ""))) == 1);
  CHECK(p010(lint(policy("", "  # corslint:ignore P010 public website"))) == 0);
  CHECK(p010(lint(policy("", "  // corslint:ignore P002,policy-public-access site"))) == 0);
  CHECK(p010(lint(policy("      # corslint:ignore P010 public website\n", ""))) == 0);
  CHECK(p010(lint(policy("      # corslint:ignore P002 another rule\n", ""))) == 1);
  CHECK(p010(lint(policy("      # corslint:ignore P010 two lines up\n      # \n", ""))) == 1);
  CHECK(p010(lint(policy("", "  # not corslint:ignoreP010"))) == 1);
}

TEST_CASE("hcl: a module folder's variables, tfvars, locals and policy documents", "[hcl]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("corslint-hcl-module-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
  };
  write("variables.tf",
        "variable \"origin\" {\n  default = \"https://default.example.org\"\n}\n"
        "variable \"methods\" {\n  default = [\"GET\"]\n}\n");
  write("terraform.tfvars", "origin = \"*\"\n");
  write("locals.tf", "locals {\n  methods = concat(var.methods, [\"PUT\"])\n}\n");
  write("iam.tf",
        "data \"aws_iam_policy_document\" \"public\" {\n  statement {\n"
        "    actions   = [\"s3:GetObject\"]\n    resources = [\"arn:aws:s3:::site/*\"]\n"
        "    principals {\n      type        = \"*\"\n      identifiers = [\"*\"]\n    }\n"
        "  }\n}\n");
  write("main.tf",
        "resource \"aws_s3_bucket_cors_configuration\" \"site\" {\n"  // 1
        "  bucket = \"site\"\n"                                       // 2
        "  cors_rule {\n"                                             // 3
        "    allowed_origins = [var.origin]\n"                        // 4
        "    allowed_methods = local.methods\n"                       // 5
        "  }\n"
        "}\n"
        "resource \"aws_s3_bucket_policy\" \"site\" {\n"         // 8
        "  bucket = \"site\"\n"                                  // 9
        "  policy = data.aws_iam_policy_document.public.json\n"  // 10
        "}\n");
  Linter linter(LintOptions{});
  std::vector<Finding> findings = linter.lint(collect_files({dir.string()}, {}), 1);
  std::vector<std::string> in_main;
  for (const Finding& f : findings) {
    if (f.file.ends_with("main.tf")) {
      in_main.push_back(std::to_string(f.start.line) + ":" + std::to_string(f.start.column) + " " +
                        std::string(f.code));
    }
  }
  INFO(Catch::Detail::stringify(in_main));
  CHECK(has(in_main, "4:24 C005"));   // "*" from terraform.tfvars, located at var.origin
  CHECK(has(in_main, "10:12 P010"));  // the data source of iam.tf, located at the reference
  // Linted as bytes (no folder), the same file knows none of that.
  std::vector<std::string> alone = lint(read_file_text(dir / "main.tf"));
  CHECK_FALSE(has(alone, "4:24 C005"));
  CHECK_FALSE(has(alone, "10:12 P010"));
  fs::remove_all(dir);
}

TEST_CASE("hcl: a policy string with unknown interpolations keeps its known parts", "[hcl]") {
  std::string text =
      "resource \"aws_s3_bucket_policy\" \"a\" {\n"
      "  bucket = aws_s3_bucket.b.id\n"
      "  policy = <<EOF\n"
      "{\"Version\": \"2008-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": "
      "\"*\",\n"
      " \"Action\": \"s3:GetObject\", \"Resource\": \"${aws_s3_bucket.b.arn}/*\"}]}\n"
      "EOF\n"
      "}\n";
  std::vector<std::string> found = lint(text);
  INFO(Catch::Detail::stringify(found));
  CHECK(has(found, "4:13 P002"));  // Version is known
  // The statement holds an unknown Resource: nothing is concluded from it.
  CHECK(std::none_of(found.begin(), found.end(),
                     [](const std::string& f) { return f.ends_with("P010"); }));
  // An interpolation outside a JSON string leaves no document to read.
  std::string broken = text;
  broken.replace(broken.find("\"*\""), 3, "${jsonencode(var.p)}");
  CHECK_FALSE(has(lint(broken), "4:13 P002"));
}

TEST_CASE("hcl: every resource corslint reads gives the findings of its .tf.json twin", "[hcl]") {
  struct Twin {
    std::string hcl;
    std::string json;
  };
  std::vector<Twin> twins = {
      {"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"site\"\n  cors_rule {\n"
       "    allowed_origins = [\"*\"]\n    allowed_methods = [\"GET\", \"DELETE\"]\n  }\n}\n",
       R"({"resource": {"aws_s3_bucket": {"b": {"bucket": "site", "cors_rule": [
          {"allowed_origins": ["*"], "allowed_methods": ["GET", "DELETE"]}]}}}})"},
      {"resource \"aws_cloudfront_cache_policy\" \"c\" {\n  name = \"c\"\n  min_ttl = 0\n"
       "  parameters_in_cache_key_and_forwarded_to_origin {\n"
       "    headers_config {\n      header_behavior = \"whitelist\"\n"
       "      headers {\n        items = [\"Origin\", \"Authorization\"]\n      }\n    }\n"
       "    cookies_config {\n      cookie_behavior = \"all\"\n    }\n"
       "    query_strings_config {\n      query_string_behavior = \"all\"\n    }\n  }\n}\n",
       R"({"resource": {"aws_cloudfront_cache_policy": {"c": {"name": "c", "min_ttl": 0,
          "parameters_in_cache_key_and_forwarded_to_origin": {
            "headers_config": {"header_behavior": "whitelist",
                               "headers": {"items": ["Origin", "Authorization"]}},
            "cookies_config": {"cookie_behavior": "all"},
            "query_strings_config": {"query_string_behavior": "all"}}}}}})"},
      {"resource \"aws_cloudfront_origin_request_policy\" \"o\" {\n  name = \"o\"\n"
       "  headers_config {\n    header_behavior = \"allViewer\"\n  }\n"
       "  cookies_config {\n    cookie_behavior = \"none\"\n  }\n"
       "  query_strings_config {\n    query_string_behavior = \"none\"\n  }\n}\n",
       R"({"resource": {"aws_cloudfront_origin_request_policy": {"o": {"name": "o",
          "headers_config": {"header_behavior": "allViewer"},
          "cookies_config": {"cookie_behavior": "none"},
          "query_strings_config": {"query_string_behavior": "none"}}}}})"},
      {"resource \"aws_cloudfront_distribution\" \"d\" {\n  enabled = true\n"
       "  origin {\n    domain_name = \"site.s3.amazonaws.com\"\n    origin_id = \"s3\"\n"
       "    s3_origin_config {\n      origin_access_identity = \"origin-access-identity/"
       "cloudfront/E1\"\n    }\n  }\n"
       "  default_cache_behavior {\n    target_origin_id = \"s3\"\n"
       "    viewer_protocol_policy = \"allow-all\"\n    allowed_methods = [\"GET\", \"HEAD\"]\n"
       "    cached_methods = [\"GET\", \"HEAD\"]\n    forwarded_values {\n"
       "      query_string = false\n      cookies {\n        forward = \"none\"\n      }\n"
       "    }\n  }\n}\n",
       R"({"resource": {"aws_cloudfront_distribution": {"d": {"enabled": true,
          "origin": [{"domain_name": "site.s3.amazonaws.com", "origin_id": "s3",
            "s3_origin_config": {"origin_access_identity": "origin-access-identity/cloudfront/E1"}}],
          "default_cache_behavior": {"target_origin_id": "s3", "viewer_protocol_policy": "allow-all",
            "allowed_methods": ["GET", "HEAD"], "cached_methods": ["GET", "HEAD"],
            "forwarded_values": {"query_string": false, "cookies": {"forward": "none"}}}}}}})"},
  };
  for (const Twin& t : twins) {
    auto codes = [](const std::vector<std::string>& found) {
      std::multiset<std::string> out;
      for (const std::string& f : found) out.insert(f.substr(f.find(' ') + 1));
      return out;
    };
    INFO(t.hcl);
    CHECK(codes(lint(t.hcl)) == codes(lint(t.json, "main.tf.json")));
    // The same documents, each holding the same values.
    auto documents = [](const std::string& name, const std::string& text) {
      SourceError error;
      LoadedFile f = Linter(LintOptions{}).load(Source::from_bytes(name, text, error));
      std::vector<std::string> out;
      for (const Document& d : f.documents) {
        std::string values;
        for (json::NodeId n = d.root; n < d.tree->size(); ++n) {
          if (!d.tree->is(n, json::Type::Object) && !d.tree->is(n, json::Type::Array)) {
            values += std::string((*d.tree)[n].key) + "=" + std::string((*d.tree)[n].text) + ";";
          }
        }
        out.push_back(std::to_string(static_cast<int>(d.kind)) + " " + values);
      }
      return out;
    };
    std::vector<std::string> from_hcl = documents("main.tf", t.hcl);
    CHECK(from_hcl.size() == 1);
    CHECK(from_hcl == documents("main.tf.json", t.json));
  }
}

TEST_CASE("hcl: heredoc edge cases", "[hcl]") {
  auto value = [](const std::string& text) {
    hcl::Ast ast = parsed(text);
    hcl::NodeId tpl = find(ast, hcl::Kind::Template);
    std::string out;
    for (hcl::NodeId p = ast[tpl].first; p != hcl::kNone; p = ast[p].next) {
      if (ast[p].kind == hcl::Kind::Literal) {
        hcl::decode_literal(ast[p].text, ast[p].offset, true, out, nullptr);
      } else {
        out += "<expr>";
      }
    }
    return out;
  };
  CHECK(value("a = <<EOF\nEOF\n").empty());              // empty
  CHECK(value("a = <<EOF\nx\nEOF") == "x\n");            // marker at the end of file
  CHECK(value("a = <<EOF\r\nx\r\nEOF\r\n") == "x\r\n");  // CRLF
  CHECK(value("a = <<EOF\nEOFX\n  EOF\n") == "EOFX\n");  // a longer word is text
  CHECK(value("a = <<EOF\n\\n ${x} $${y}\nEOF\n") == "\\n <expr> ${y}\n");  // no escapes
  CHECK(value("a = <<-EOF\n  a\n\n    b\n  EOF\n") == "a\n\n  b\n");        // blank lines ignored
  CHECK(value("a = <<-EOF\n    ${x}\n      y\n  EOF\n") == "<expr>\n  y\n");
  CHECK(failure("a = <<EOF x\nEOF\n").offset == 9);  // text after the marker
  CHECK(failure("a = <<EOF\nx\nEO\n").offset == 4);  // never closed
}

TEST_CASE("hcl: a resource with a known count of 0 or an empty for_each is not created", "[hcl]") {
  auto policy = [](const std::string& meta) {
    return "variable \"enabled\" {\n  default = false\n}\n"
           "resource \"aws_s3_bucket_policy\" \"a\" {\n" +
           meta +
           "\n  bucket = \"site\"\n"
           "  policy = jsonencode({Version = \"2008-10-17\", Statement = []})\n}\n";
  };
  auto p002 = [](const std::vector<std::string>& v) {
    return std::count_if(v.begin(), v.end(),
                         [](const std::string& s) { return s.ends_with("P002"); });
  };
  CHECK(p002(lint(policy(""))) == 1);
  CHECK(p002(lint(policy("  count = var.enabled ? 1 : 0"))) == 0);
  CHECK(p002(lint(policy("  count = 0"))) == 0);
  CHECK(p002(lint(policy("  for_each = {}"))) == 0);
  CHECK(p002(lint(policy("  count = !var.enabled ? 1 : 0"))) == 1);
  CHECK(p002(lint(policy("  count = var.unknown ? 1 : 0"))) == 1);  // may exist: read
}

TEST_CASE("hcl: an unknown value in any position adds no finding", "[hcl]") {
  // Each equivalence configuration's main.tf, each quoted value, number or
  // bool in turn replaced by a variable without a default: findings may only
  // shrink (docs/formats.md, "Unknown values").
  namespace fs = std::filesystem;
  fs::path root = fs::path(CORSLINT_SOURCE_DIR) / "testdata/formats/equivalence";
  auto counts = [](const std::vector<std::string>& found) {
    std::map<std::string, int> out;
    for (const std::string& f : found) ++out[f.substr(f.find(' ') + 1)];
    return out;
  };
  int variants = 0;
  for (const auto& e : fs::directory_iterator(root)) {
    fs::path tf = e.path() / "terraform-hcl" / "main.tf";
    if (!fs::exists(tf)) continue;
    std::string text = read_file_text(tf);
    auto before = counts(lint(text));
    std::vector<std::size_t> starts;
    for (std::size_t at = text.find(" = "); at != std::string::npos;
         at = text.find(" = ", at + 1)) {
      starts.push_back(at + 3);
    }
    for (std::string_view elem : {"[\"", ", \""}) {  // a list's strings
      for (std::size_t at = text.find(elem); at != std::string::npos;
           at = text.find(elem, at + 1)) {
        starts.push_back(at + elem.size() - 1);
      }
    }
    for (std::size_t start : starts) {
      std::size_t end = start;
      if (text[start] == '"') {
        end = text.find('"', start + 1) + 1;
      } else if (std::isdigit(static_cast<unsigned char>(text[start])) != 0 ||
                 text.compare(start, 4, "true") == 0 || text.compare(start, 5, "false") == 0) {
        end = text.find_first_of("\n,]", start);
      } else {
        continue;  // a tuple, an object or a call: its values come next
      }
      std::string variant = text;
      variant.replace(start, end - start, "var.unknown");
      ++variants;
      for (const auto& [code, n] : counts(lint(variant))) {
        INFO(tf.string() << " value at offset " << start << " code " << code);
        CHECK(n <= before[code]);
      }
    }
  }
  CHECK(variants > 100);
}
