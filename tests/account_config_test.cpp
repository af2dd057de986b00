// `account_id` in .corslint.json: the owner account the P02x rules compare with.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "corslint/config.hpp"
#include "fixture_support.hpp"

using namespace corslint;
using namespace corslint::testing;
namespace fs = std::filesystem;

namespace {
ConfigResult load_text(std::string_view text) {
  fs::path dir = fs::temp_directory_path() / ("corslint-account-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path file = dir / ".corslint.json";
  write_file(file.string(), text);
  ConfigResult r = load_config(file.string());
  fs::remove_all(dir);
  return r;
}
}  // namespace

TEST_CASE("account_id is a 12-digit string") {
  ConfigResult ok =
      load_text(R"({"account_id": "111122223333", "trusted_accounts": ["444455556666"]})");
  CHECK(ok.errors.empty());
  CHECK(ok.config.settings.account_id == "111122223333");
  CHECK(ok.config.settings.trusted_accounts.size() == 1);

  for (std::string_view bad :
       {R"({"account_id": 111122223333})", R"({"account_id": "1111-2222-3333"})",
        R"({"account_id": "your-account-id"})"}) {
    INFO(bad);
    ConfigResult r = load_text(bad);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].find(":1:16: \"account_id\" must be a 12-digit AWS account id") !=
          std::string::npos);
    CHECK(r.config.settings.account_id.empty());
  }
  ConfigResult typo = load_text(R"({"acount_id": "111122223333"})");
  REQUIRE(typo.errors.size() == 1);
  CHECK(typo.errors[0].find("did you mean \"account_id\"?") != std::string::npos);
}
