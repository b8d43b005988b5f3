#include "lib/lua/doc_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "lib/embedded/embedded_files.h"

namespace kosmo::lua {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Serves fixed pages; like real sources, it answers only to names exactly as given.
class FakeSource : public DocSource {
 public:
  FakeSource(std::string section, std::vector<std::pair<std::string, std::string>> pages)
      : section_(std::move(section)), pages_(std::move(pages)) {}

  std::optional<std::string> read(std::string_view page) const override {
    for (const auto& [name, description] : pages_) {
      if (name == page) return "# " + name + "\n\n" + description + "\n";
    }
    return std::nullopt;
  }

  std::vector<DocEntry> entries() const override {
    std::vector<DocEntry> out;
    for (const auto& [name, description] : pages_) out.push_back({name, description, section_});
    return out;
  }

 private:
  std::string section_;
  std::vector<std::pair<std::string, std::string>> pages_;
};

class DocRegistryTest : public ::testing::Test {
 protected:
  DocRegistryTest() {
    registry_.add(std::make_shared<FakeSource>(
        "Integrations",
        std::vector<std::pair<std::string, std::string>>{
            {"sinch", "Send SMS and manage groups with Sinch."},
            {"sinch.send_sms", "Send an SMS message to one or more recipients."},
            {"sinch.get_group", "Get details for a specific group."},
            {"missive.list_conversations", "List conversations; filter by inbox and state."},
        }));
    registry_.add(std::make_shared<FakeSource>(
        "Guides", std::vector<std::pair<std::string, std::string>>{
                      {"json", "Encode and decode JSON."},
                      {"regex", "PCRE2 regular expressions; gsub replaces groups."},
                  }));
  }
  DocRegistry registry_;
};

TEST_F(DocRegistryTest, FindTellsAnUnknownPageFromAKnownOne) {
  EXPECT_EQ(registry_.find(" JSON "), "# json\n\nEncode and decode JSON.\n");
  EXPECT_FALSE(registry_.find("sinch.get_grup").has_value());
  EXPECT_THAT(registry_.read("sinch.get_grup"), StartsWith("No docs found for 'sinch.get_grup'"));
  ASSERT_TRUE(registry_.find("index").has_value());
}

TEST_F(DocRegistryTest, SearchEntriesAreWhatSearchListsCutToTheLimit) {
  const std::vector<DocEntry> all = registry_.search_entries("sinch");
  ASSERT_GE(all.size(), 3u);
  std::string lines;
  for (const DocEntry& entry : all) {
    if (!lines.empty()) lines += "\n";
    lines += entry.name + " - " + entry.description;
  }
  EXPECT_EQ(registry_.search("sinch"), lines);
  const std::vector<DocEntry> two = registry_.search_entries("sinch", 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].name, all[0].name);
  EXPECT_TRUE(registry_.search_entries("zzqqxx").empty());
}

TEST_F(DocRegistryTest, ReadsPagesFromAnySource) {
  EXPECT_EQ(registry_.read("json"), "# json\n\nEncode and decode JSON.\n");
  EXPECT_THAT(registry_.read("sinch.send_sms"), StartsWith("# sinch.send_sms"));
}

TEST_F(DocRegistryTest, TrimsAndFoldsCaseBeforeGivingUp) {
  EXPECT_THAT(registry_.read("  JSON \n"), StartsWith("# json"));
  EXPECT_THAT(registry_.read("Sinch.Send_SMS"), StartsWith("# sinch.send_sms"));
}

TEST_F(DocRegistryTest, IndexGroupsEntriesBySectionInSourceOrder) {
  const std::string index = registry_.read("");
  EXPECT_THAT(index, StartsWith("# "));
  const size_t integrations = index.find("## Integrations\n");
  const size_t guides = index.find("## Guides\n");
  ASSERT_NE(integrations, std::string::npos);
  ASSERT_NE(guides, std::string::npos);
  EXPECT_LT(integrations, guides);
  EXPECT_LT(index.find("- sinch.get_group — Get details for a specific group.\n"), guides);
  EXPECT_GT(index.find("- json — Encode and decode JSON.\n"), guides);
}

TEST_F(DocRegistryTest, IndexAnswersToItsAliases) {
  const std::string index = registry_.read("");
  EXPECT_EQ(registry_.read("index"), index);
  EXPECT_EQ(registry_.read(" Index "), index);
  EXPECT_THAT(index, HasSubstr(registry_.list()));
}

TEST_F(DocRegistryTest, ListHasEverySectionAndEntry) {
  const std::string list = registry_.list();
  EXPECT_THAT(list, StartsWith("## Integrations\n\n- sinch — Send SMS and manage groups"));
  EXPECT_THAT(list, HasSubstr("## Guides\n\n- json — Encode and decode JSON.\n- regex — "));
}

TEST_F(DocRegistryTest, UnknownPageSuggestsNearestNames) {
  EXPECT_EQ(registry_.read("sinch.get_grup"),
            "No docs found for 'sinch.get_grup'. Did you mean: sinch.get_group?");
  EXPECT_EQ(registry_.read("jsn"), "No docs found for 'jsn'. Did you mean: json?");
}

TEST_F(DocRegistryTest, UnknownPageWithoutCandidatesHasNoSuggestion) {
  EXPECT_EQ(registry_.read("weather.forecast"), "No docs found for 'weather.forecast'.");
}

TEST_F(DocRegistryTest, SearchPrefersNameMatchesOverDescriptions) {
  const std::string result = registry_.search("group");
  // "sinch.get_group" has "group" as a word of its name; "sinch" only in its description.
  EXPECT_THAT(result, StartsWith("sinch.get_group - Get details for a specific group."));
  EXPECT_THAT(result, HasSubstr("\nsinch - Send SMS and manage groups with Sinch."));
}

TEST(DocRegistrySearchTest, SearchPrefersWholeWordsOverFragments) {
  DocRegistry registry;
  registry.add(
      std::make_shared<FakeSource>("Pages", std::vector<std::pair<std::string, std::string>>{
                                                {"mailbox.list", "List mailboxes."},
                                                {"mail.send", "Send one mail."},
                                                {"notes.a", "About groups."},
                                                {"notes.b", "About a group."},
                                            }));
  EXPECT_EQ(registry.search("mail"), "mail.send - Send one mail.\nmailbox.list - List mailboxes.");
  EXPECT_EQ(registry.search("group"), "notes.b - About a group.\nnotes.a - About groups.");
}

// Entries marked ranked_last (functions calling endpoints their vendor does not document) come
// after every other hit, however well they match.
class RankedLastSource : public DocSource {
 public:
  std::optional<std::string> read(std::string_view) const override { return std::nullopt; }
  std::vector<DocEntry> entries() const override {
    return {{"calls.list", "List calls.", "Pages", true},
            {"calls.active", "Active calls of a user.", "Pages", false}};
  }
};

TEST(DocRegistrySearchTest, RankedLastEntriesComeAfterTheOthers) {
  DocRegistry registry;
  registry.add(std::make_shared<RankedLastSource>());
  EXPECT_EQ(registry.search("calls list"),
            "calls.active - Active calls of a user.\ncalls.list - List calls.");
}

TEST_F(DocRegistryTest, SearchAddsUpWordsAndIsCaseInsensitive) {
  const std::string result = registry_.search("  SEND   Sms ");
  EXPECT_THAT(result, StartsWith("sinch.send_sms - Send an SMS message"));
  EXPECT_EQ(registry_.search("Conversations inbox"),
            "missive.list_conversations - List conversations; filter by inbox and state.");
}

TEST_F(DocRegistryTest, SearchWithoutHits) {
  EXPECT_EQ(registry_.search("weather"), "No docs match 'weather'.");
  EXPECT_EQ(registry_.search("   "), "No docs match ''.");
}

TEST(DocRegistryLimitsTest, SearchReturnsAtMostTwentyLines) {
  std::vector<std::pair<std::string, std::string>> pages;
  for (int i = 0; i < 30; ++i) pages.push_back({"page" + std::to_string(i), "same words"});
  DocRegistry registry;
  registry.add(std::make_shared<FakeSource>("Pages", pages));
  const std::string result = registry.search("same");
  EXPECT_EQ(std::count(result.begin(), result.end(), '\n'), 19);
}

TEST(DocRegistryLimitsTest, FirstSourceWinsForDuplicateNames) {
  DocRegistry registry;
  registry.add(std::make_shared<FakeSource>(
      "A", std::vector<std::pair<std::string, std::string>>{{"json", "first"}}));
  registry.add(std::make_shared<FakeSource>(
      "B", std::vector<std::pair<std::string, std::string>>{{"json", "second"}}));
  EXPECT_THAT(registry.read("json"), HasSubstr("first"));
  EXPECT_THAT(registry.list(), Not(HasSubstr("second")));
}

TEST(DocRegistryLimitsTest, EmptyRegistryStillAnswers) {
  DocRegistry registry;
  EXPECT_THAT(registry.read(""), HasSubstr("No docs available."));
  EXPECT_EQ(registry.read("json"), "No docs found for 'json'.");
  EXPECT_EQ(registry.search("json"), "No docs match 'json'.");
}

TEST(GuideDocSourceTest, ServesTheGuidePagesOnly) {
  const auto source = make_guide_doc_source();
  std::vector<std::string> names;
  for (const DocEntry& entry : source->entries()) {
    names.push_back(entry.name);
    EXPECT_EQ(entry.section, "Guides");
    EXPECT_FALSE(entry.description.empty()) << entry.name;
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf({"errors", "examples", "json", "overview", "regex"}));
  // The integrations' narrative pages are the catalog source's to serve, with the generated
  // function reference; the guide must not list them a second time.
  ASSERT_FALSE(embedded::integration_pages().empty());
  for (const embedded::EmbeddedFile& page : embedded::integration_pages()) {
    const std::string integration(page.name.substr(0, page.name.find('.')));
    EXPECT_THAT(names, Not(::testing::Contains(integration)));
    EXPECT_FALSE(source->read(integration).has_value()) << integration;
  }
}

TEST(GuideDocSourceTest, ReadsPagesByNameIgnoringCase) {
  const auto source = make_guide_doc_source();
  const auto page = source->read("JSON");
  ASSERT_TRUE(page.has_value());
  EXPECT_THAT(*page, StartsWith("# "));
  EXPECT_FALSE(source->read("json.md").has_value());
  EXPECT_FALSE(source->read("nothing").has_value());
}

TEST(GuideDocSourceTest, DescriptionIsTheSummaryParagraph) {
  const auto source = make_guide_doc_source();
  for (const DocEntry& entry : source->entries()) {
    const std::string page = *source->read(entry.name);
    EXPECT_THAT(page, HasSubstr("\n\n" + entry.description + "\n")) << entry.name;
    EXPECT_THAT(entry.description, Not(StartsWith("#"))) << entry.name;
  }
}

}  // namespace
}  // namespace kosmo::lua
