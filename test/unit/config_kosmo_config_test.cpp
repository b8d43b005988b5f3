#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "lib/config/atomic_file.h"
#include "lib/config/config_error.h"
#include "lib/config/kosmo_config.h"
#include "test/unit/test_files.h"

namespace kosmo::config {
namespace {
namespace fs = std::filesystem;
using kosmo::testing::read_file;

class TempDir : public kosmo::testing::TempDir {
 public:
  TempDir() : kosmo::testing::TempDir("kosmo-config-file") {}
};
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::Pair;
using ::testing::StartsWith;

constexpr const char* kFullConfig = R"(# written by hand
integrations:
  sinch:
    enabled: true
    permissions: { read: allow, write: ask }
    accounts:
      default: { service_plan_id: "abc", api_token: "${SINCH_TOKEN}" }
      work:    { service_plan_id: "def", api_token: "literal-token" }
  anthropic:
    enabled: no
    permissions:
      write: deny
mcp:
  trusted: { server-name: "4a82a415a922b9249ec991e9fe38245a85b958ff74b6704db476ca85ee164d2e" }
  allow_force_bypass: true
editor:
  theme: dark
  plugins: [a, b]
)";

ConfigLocation error_location(std::string_view yaml) {
  try {
    KosmoConfig::parse(yaml, "/home/ada/.kosmo/config.yaml");
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/home/ada/.kosmo/config.yaml"));
    return e.location();
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << yaml;
  return {};
}

TEST(ConfigFileTest, MissingFileIsAnEmptyConfig) {
  TempDir temp;
  const KosmoConfig config = KosmoConfig::load(temp.path() / "nope" / "config.yaml");
  EXPECT_THAT(config.integration_names(), IsEmpty());
  EXPECT_EQ(config.enabled_flag("sinch"), std::nullopt);
  EXPECT_THAT(config.trusted_servers(), IsEmpty());
  EXPECT_EQ(config.file(), temp.path() / "nope" / "config.yaml");
}

TEST(ConfigFileTest, EmptyOrCommentOnlyFileIsAnEmptyConfig) {
  EXPECT_THAT(KosmoConfig::parse("", "c.yaml").integration_names(), IsEmpty());
  EXPECT_THAT(KosmoConfig::parse("# nothing yet\n", "c.yaml").integration_names(), IsEmpty());
  EXPECT_THAT(KosmoConfig::parse("integrations:\nmcp:\n", "c.yaml").integration_names(), IsEmpty());
}

TEST(ConfigFileTest, LoadsAFullConfig) {
  TempDir temp;
  std::ofstream(temp.path() / "config.yaml") << kFullConfig;
  const KosmoConfig config = KosmoConfig::load(temp.path() / "config.yaml");

  EXPECT_THAT(config.integration_names(), ElementsAre("sinch", "anthropic"));
  EXPECT_TRUE(config.has_integration("sinch"));
  EXPECT_FALSE(config.has_integration("wildix"));
  EXPECT_THAT(config.enabled_flag("sinch"), Optional(true));
  EXPECT_THAT(config.enabled_flag("anthropic"), Optional(false));
  EXPECT_EQ(config.enabled_flag("wildix"), std::nullopt);

  EXPECT_THAT(config.permission("sinch", Operation::kRead), Optional(Permission::kAllow));
  EXPECT_THAT(config.permission("sinch", Operation::kWrite), Optional(Permission::kAsk));
  EXPECT_EQ(config.permission("anthropic", Operation::kRead), std::nullopt);
  EXPECT_THAT(config.permission("anthropic", Operation::kWrite), Optional(Permission::kDeny));

  EXPECT_THAT(config.account_names("sinch"), ElementsAre("default", "work"));
  EXPECT_THAT(config.account_names("anthropic"), IsEmpty());
  EXPECT_TRUE(config.has_account("sinch", "work"));
  EXPECT_FALSE(config.has_account("sinch", "home"));
  EXPECT_THAT(config.account_value("sinch", "default", "api_token"),
              Optional(std::string("${SINCH_TOKEN}")));  // raw: expanded by the resolver
  EXPECT_THAT(config.account_values("sinch", "work"),
              ElementsAre(Pair("api_token", "literal-token"), Pair("service_plan_id", "def")));
  EXPECT_EQ(config.account_value("sinch", "work", "nope"), std::nullopt);

  EXPECT_THAT(config.trusted_fingerprint("server-name"), Optional(StartsWith("4a82a415")));
  EXPECT_EQ(config.trusted_fingerprint("other"), std::nullopt);
}

TEST(ConfigFileTest, NullValuesCountAsAbsent) {
  const KosmoConfig config = KosmoConfig::parse(
      "integrations:\n  sinch:\n    accounts:\n      default:\n        api_token: ~\n"
      "      work:\n",
      "c.yaml");
  EXPECT_THAT(config.account_names("sinch"), ElementsAre("default", "work"));
  EXPECT_EQ(config.account_value("sinch", "default", "api_token"), std::nullopt);
  EXPECT_THAT(config.account_values("sinch", "work"), IsEmpty());
}

TEST(ConfigFileTest, MalformedYamlNamesTheFileAndLine) {
  TempDir temp;
  const fs::path file = temp.path() / "config.yaml";
  std::ofstream(file) << "integrations:\n  sinch: [unclosed\n  other: 1\n";
  try {
    KosmoConfig::load(file);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr(file.string()));
    EXPECT_THAT(e.what(), HasSubstr("not valid YAML"));
    EXPECT_THAT(e.what(), HasSubstr("line "));
    EXPECT_GT(e.location().line, 1);
  }
}

// yaml-cpp's parser recurses once per level but stops itself (500 levels in 0.7); this holds the
// process to that: with a yaml-cpp that did not, these would overflow the stack.
TEST(ConfigFileTest, NestingDeeperThanYamlCppReadsIsAConfigError) {
  std::string block;  // a mapping indented one more space per level
  for (int level = 0; level < 1000; ++level) block += std::string(level, ' ') + "k:\n";
  for (const std::string& yaml :
       {"integrations: " + std::string(300'000, '['), std::string(300'000, '{'), block}) {
    try {
      KosmoConfig::parse(yaml, "deep.yaml");
      FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
      EXPECT_THAT(e.what(), HasSubstr("deep.yaml"));
      EXPECT_THAT(e.what(), HasSubstr("not valid YAML: nested deeper than 499 levels"));
    }
  }
  EXPECT_NO_THROW(KosmoConfig::parse(
      "mcp: {other: " + std::string(400, '[') + std::string(400, ']') + "}", "deep.yaml"));
}

TEST(ConfigFileTest, AliasesMayNotMultiplyTheFileFarPastItsSize) {
  std::string yaml = "fields: &fields {";
  for (int i = 0; i < 200; ++i) yaml += "f" + std::to_string(i) + ": v, ";
  yaml += "}\nintegrations:\n  sinch:\n    accounts:\n";
  for (int i = 0; i < 500; ++i) yaml += "      a" + std::to_string(i) + ": *fields\n";
  try {
    KosmoConfig::parse(yaml, "aliases.yaml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("aliases.yaml"));
    EXPECT_THAT(e.what(), HasSubstr("integrations.sinch.accounts"));
    EXPECT_THAT(e.what(), HasSubstr("aliases (*name) expand the file"));
  }

  const KosmoConfig shared = KosmoConfig::parse(
      "integrations:\n  sinch: {permissions: &strict {write: deny}}\n"
      "  wildix: {permissions: *strict}\n",
      "c.yaml");
  EXPECT_EQ(shared.permission("wildix", Operation::kWrite), Permission::kDeny);
}

TEST(ConfigFileTest, OfDuplicateKeysTheFirstCounts) {
  const KosmoConfig config = KosmoConfig::parse(
      "integrations:\n"
      "  sinch: {accounts: {work: {api_token: first}, work: {api_token: second}}}\n"
      "  sinch: {enabled: false, accounts: {other: {api_token: x}}}\n"
      "mcp: {trusted: {srv: one, srv: two}}\n",
      "c.yaml");
  EXPECT_EQ(config.enabled_flag("sinch"), std::nullopt);
  EXPECT_THAT(config.account_value("sinch", "work", "api_token"), Optional(std::string("first")));
  EXPECT_FALSE(config.has_account("sinch", "other"));
  EXPECT_THAT(config.trusted_fingerprint("srv"), Optional(std::string("one")));
}

TEST(ConfigFileTest, LookupsFollowChangesAndMoves) {
  KosmoConfig config = KosmoConfig::parse(kFullConfig, "c.yaml");
  EXPECT_FALSE(config.has_accounts("wildix"));
  config.set_account_value("wildix", "eu", "token", "t");
  EXPECT_TRUE(config.has_accounts("wildix"));
  EXPECT_TRUE(config.has_account("wildix", "eu"));
  EXPECT_THAT(config.account_value("wildix", "eu", "token"), Optional(std::string("t")));
  config.set_trusted_fingerprint("new-server", "ff");
  const KosmoConfig moved = std::move(config);
  EXPECT_THAT(moved.trusted_fingerprint("new-server"), Optional(std::string("ff")));
  EXPECT_THAT(moved.account_value("sinch", "work", "api_token"),
              Optional(std::string("literal-token")));
  EXPECT_TRUE(moved.has_integration("wildix"));
  EXPECT_FALSE(moved.has_integration("agora"));
}

TEST(ConfigFileTest, BadPermissionNamesTheKeyPathAndLine) {
  const ConfigLocation where = error_location(
      "integrations:\n  sinch:\n    permissions:\n      read: allow\n      write: maybe\n");
  EXPECT_EQ(where.key_path, "integrations.sinch.permissions.write");
  EXPECT_EQ(where.line, 5);
  EXPECT_EQ(where.column, 14);
  try {
    KosmoConfig::parse("integrations:\n  sinch:\n    permissions: {write: maybe}\n", "c.yaml");
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "Invalid config file c.yaml (line 3, column 26): "
                 "integrations.sinch.permissions.write: expected allow, ask or deny, found "
                 "'maybe'");
  }
}

TEST(ConfigFileTest, WrongShapesAreConfigErrors) {
  EXPECT_EQ(error_location("just text\n").key_path, "");
  EXPECT_EQ(error_location("integrations: [sinch]\n").key_path, "integrations");
  EXPECT_EQ(error_location("integrations:\n  sinch: true\n").key_path, "integrations.sinch");
  EXPECT_EQ(error_location("integrations:\n  sinch:\n    enabled: maybe\n").key_path,
            "integrations.sinch.enabled");
  EXPECT_EQ(error_location("integrations:\n  sinch:\n    api_token: x\n").key_path,
            "integrations.sinch.api_token");
  EXPECT_EQ(error_location("integrations:\n  sinch:\n    permissions: {delete: deny}\n").key_path,
            "integrations.sinch.permissions.delete");
  EXPECT_EQ(error_location("integrations:\n  sinch:\n    permissions: {write: Allow}\n").key_path,
            "integrations.sinch.permissions.write");
  EXPECT_EQ(error_location("integrations:\n  sinch:\n    accounts: [a]\n").key_path,
            "integrations.sinch.accounts");
  EXPECT_EQ(error_location("integrations:\n  sinch:\n    accounts:\n      work: {api_token: [1]}\n")
                .key_path,
            "integrations.sinch.accounts.work.api_token");
  EXPECT_EQ(error_location("mcp:\n  trusted:\n    srv: {a: b}\n").key_path, "mcp.trusted.srv");
  EXPECT_EQ(error_location("mcp: [x]\n").key_path, "mcp");
}

TEST(ConfigFileTest, UnreadableFileIsAConfigError) {
  TempDir temp;
  fs::create_directories(temp.path() / "config.yaml");  // a directory cannot be read as a file
  try {
    KosmoConfig::load(temp.path() / "config.yaml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("Cannot read config file " + temp.path().string()));
  }
}

TEST(ConfigFileTest, SaveRoundTripKeepsUnknownSections) {
  TempDir temp;
  const fs::path file = temp.path() / "kosmo" / "config.yaml";
  KosmoConfig config = KosmoConfig::parse(kFullConfig, file);
  config.set_account_value("sinch", "work", "api_token", "${WORK_TOKEN}");
  config.save();

  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const std::string text = read_file(file);
  // Edited in place: the hand-written text, comment included, with the one new key.
  EXPECT_THAT(text, StartsWith("# written by hand\nintegrations:\n"));
  EXPECT_THAT(
      text,
      HasSubstr("      work:    { service_plan_id: \"def\", api_token: \"${WORK_TOKEN}\" }\n"));
  EXPECT_THAT(text, HasSubstr("theme: dark"));

  const KosmoConfig reloaded = KosmoConfig::load(file);
  EXPECT_THAT(reloaded.account_value("sinch", "work", "api_token"),
              Optional(std::string("${WORK_TOKEN}")));
  EXPECT_THAT(reloaded.account_value("sinch", "default", "service_plan_id"),
              Optional(std::string("abc")));
  EXPECT_THAT(reloaded.permission("anthropic", Operation::kWrite), Optional(Permission::kDeny));
  EXPECT_THAT(reloaded.trusted_fingerprint("server-name"), Optional(StartsWith("4a82a415")));
  // Sections kosmo does not know are kept as they were.
  EXPECT_THAT(reloaded.to_yaml(), HasSubstr("editor:\n  theme: dark\n  plugins: [a, b]\n"));
  EXPECT_THAT(reloaded.to_yaml(), HasSubstr("allow_force_bypass: true"));
  EXPECT_EQ(reloaded.to_yaml(), config.to_yaml());
}

TEST(ConfigFileTest, MutatorsBuildTheDocumentFromNothing) {
  KosmoConfig config;
  config.set_enabled("sinch", true);
  config.set_permission("sinch", Operation::kWrite, Permission::kAllow);
  config.set_account_value("sinch", "default", "service_plan_id", "abc");
  config.set_account_value("sinch", "work", "api_token", "true");  // kept as text
  config.set_trusted_fingerprint("github", "ff00");

  const KosmoConfig reloaded = KosmoConfig::parse(config.to_yaml(), "c.yaml");
  EXPECT_THAT(reloaded.enabled_flag("sinch"), Optional(true));
  EXPECT_THAT(reloaded.permission("sinch", Operation::kWrite), Optional(Permission::kAllow));
  EXPECT_THAT(reloaded.account_names("sinch"), ElementsAre("default", "work"));
  EXPECT_THAT(reloaded.account_value("sinch", "work", "api_token"), Optional(std::string("true")));
  EXPECT_THAT(reloaded.trusted_servers(), ElementsAre(Pair("github", "ff00")));

  config.set_enabled("sinch", false);
  EXPECT_THAT(config.enabled_flag("sinch"), Optional(false));
}

TEST(ConfigFileTest, MutatorsFillSectionsLeftEmpty) {
  KosmoConfig config = KosmoConfig::parse("integrations:\n  sinch:\nmcp:\n", "c.yaml");
  config.set_account_value("sinch", "default", "api_token", "t");
  config.set_trusted_fingerprint("srv", "ab");
  EXPECT_THAT(config.account_value("sinch", "default", "api_token"), Optional(std::string("t")));
  EXPECT_THAT(config.trusted_fingerprint("srv"), Optional(std::string("ab")));
}

TEST(ConfigFileTest, RemovesValuesAndTrust) {
  KosmoConfig config = KosmoConfig::parse(kFullConfig, "c.yaml");
  EXPECT_TRUE(config.remove_account_value("sinch", "work", "api_token"));
  EXPECT_FALSE(config.remove_account_value("sinch", "work", "api_token"));
  EXPECT_FALSE(config.remove_account_value("sinch", "nobody", "api_token"));
  EXPECT_FALSE(config.remove_account_value("wildix", "default", "api_token"));
  EXPECT_EQ(config.account_value("sinch", "work", "api_token"), std::nullopt);
  EXPECT_TRUE(config.remove_trusted("server-name"));
  EXPECT_FALSE(config.remove_trusted("server-name"));
  EXPECT_THAT(config.trusted_servers(), IsEmpty());
  EXPECT_FALSE(KosmoConfig().remove_trusted("x"));
}

TEST(ConfigFileTest, MutatorsRejectBadNames) {
  KosmoConfig config;
  EXPECT_THROW(config.set_enabled("", true), std::invalid_argument);
  EXPECT_THROW(config.set_account_value("sinch", "my account", "k", "v"), std::invalid_argument);
  EXPECT_THROW(config.set_account_value("sinch", "a__b", "k", "v"), std::invalid_argument);
  EXPECT_THROW(config.set_account_value("sinch", "", "k", "v"), std::invalid_argument);
  EXPECT_THROW(config.set_account_value("sinch", "work", "", "v"), std::invalid_argument);
  EXPECT_THROW(config.set_trusted_fingerprint("srv", ""), std::invalid_argument);
  EXPECT_NO_THROW(config.set_account_value("sinch", "eu-2_prod", "k", "v"));
}

TEST(ConfigFileTest, CopiesAreIndependent) {
  KosmoConfig original = KosmoConfig::parse(kFullConfig, "c.yaml");
  KosmoConfig copy = original;
  copy.set_account_value("sinch", "work", "api_token", "changed");
  EXPECT_THAT(original.account_value("sinch", "work", "api_token"),
              Optional(std::string("literal-token")));
  original = copy;
  copy.set_enabled("sinch", false);
  EXPECT_THAT(original.enabled_flag("sinch"), Optional(true));
}

TEST(ConfigFileTest, EmptyConfigSerializesAsAnEmptyMapping) {
  EXPECT_EQ(KosmoConfig().to_yaml(), "{}\n");
  EXPECT_THROW(KosmoConfig().save(), AtomicWriteError);  // not tied to a file
}

}  // namespace
}  // namespace kosmo::config
