// The catalog: the embedded manifests all load, a valid user manifest replaces the embedded one of
// the same name, and a user manifest that cannot be used fails the load (config_error naming the
// file) instead of being skipped.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "lib/integrations/catalog.h"
#include "test/unit/test_files.h"

namespace kosmo::integrations {
namespace {

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file) << text;
}

constexpr const char kUserSinch[] = R"({
  "name": "sinch", "label": "My Sinch", "base_url": "https://sms.example.test",
  "functions": [{"name": "ping", "operation": "read", "description": "Ping."}]
})";

class IntegrationsCatalog : public ::testing::Test {
 protected:
  std::string directory() const { return home_.path().string(); }
  std::filesystem::path file(const char* name) const { return home_.path() / name; }

  // The failure of a load that must fail.
  Failure load_failure() const {
    Outcome<Catalog> loaded = Catalog::load(directory());
    if (loaded.ok()) {
      ADD_FAILURE() << "the catalog loaded";
      return {};
    }
    return loaded.error();
  }

  kosmo::testing::TempDir home_{"kosmo-catalog"};
};

TEST_F(IntegrationsCatalog, TheEmbeddedManifestsAllLoad) {
  const Outcome<Catalog> loaded = Catalog::load("");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  std::vector<std::string> names;
  for (const Manifest& manifest : loaded->integrations()) names.push_back(manifest.name);
  EXPECT_EQ(names, (std::vector<std::string>{"agora", "anthropic", "missive", "sinch", "wildix"}));
}

TEST_F(IntegrationsCatalog, AnthropicCountMessageTokensLoadsAsAReadThatPosts) {
  const Outcome<Catalog> loaded = Catalog::load("");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const Function* count =
      loaded->function(*loaded->integration("anthropic"), "count_message_tokens");
  ASSERT_NE(count, nullptr);
  EXPECT_FALSE(count->is_write());
  EXPECT_EQ(count->method, "POST");
}

TEST_F(IntegrationsCatalog, AMissingUserDirectoryIsNoProblem) {
  const Outcome<Catalog> loaded = Catalog::load((home_.path() / "absent").string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->integrations().size(), 5u);
}

TEST_F(IntegrationsCatalog, AValidUserManifestReplacesTheEmbeddedOneOfTheSameName) {
  write_file(file("sinch.json"), kUserSinch);
  const Outcome<Catalog> loaded = Catalog::load(directory());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->integrations().size(), 5u);
  const Manifest* sinch = loaded->integration("sinch");
  ASSERT_NE(sinch, nullptr);
  EXPECT_EQ(sinch->label, "My Sinch");
  ASSERT_EQ(sinch->functions.size(), 1u);
  EXPECT_EQ(sinch->functions[0].name, "ping");
}

TEST_F(IntegrationsCatalog, AnInvalidUserManifestFailsTheLoadNamingFileAndKey) {
  write_file(file("mine.json"), R"({"name": "mine", "base_url": "https://x.test",
    "functions": [{"name": "send", "operation": "Write", "method": "POST", "description": "d"}]})");
  const Failure failure = load_failure();
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message, "Invalid integration manifest: " + file("mine.json").string() +
                                 ".functions[0].operation has unknown value 'Write' (allowed: "
                                 "read, write)");
}

TEST_F(IntegrationsCatalog, OneInvalidManifestAmongValidOnesFailsTheLoad) {
  write_file(file("a_sinch.json"), kUserSinch);
  write_file(file("b_broken.json"), R"({"name": "broken", "base_url": "https://x.test",
    "functions": [{"name": "f", "operation": "read"}]})");
  const Failure failure = load_failure();
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message, "Invalid integration manifest: " + file("b_broken.json").string() +
                                 ".functions[0].description is required");
}

TEST_F(IntegrationsCatalog, AUserManifestThatIsNotJsonFailsTheLoad) {
  write_file(file("half.json"), R"({"name": )");
  const Failure failure = load_failure();
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(
      failure.message.rfind(
          "Invalid integration manifest: " + file("half.json").string() + ": invalid JSON", 0),
      0u)
      << failure.message;
}

TEST_F(IntegrationsCatalog, AnUnreadableUserManifestFailsTheLoad) {
  // A dangling link cannot be opened, whoever runs the test (root reads any mode).
  std::filesystem::create_symlink(home_.path() / "nowhere", file("gone.json"));
  const Failure failure = load_failure();
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message,
            "Invalid integration manifest: cannot read " + file("gone.json").string() +
                ": No such file or directory");
}

TEST_F(IntegrationsCatalog, FilesThatAreNotJsonAreIgnored) {
  write_file(file("notes.txt"), "not a manifest");
  const Outcome<Catalog> loaded = Catalog::load(directory());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->integrations().size(), 5u);
}

}  // namespace
}  // namespace kosmo::integrations
