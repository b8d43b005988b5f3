#include "lib/common/suggest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kosmo {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::vector<std::string> kFunctions = {"get_group",        "list_groups",  "send_sms",
                                             "get_phone_number", "list_batches", "list_messages"};

TEST(SuggestTest, FindsTypos) {
  EXPECT_THAT(nearest_names("get_grup", kFunctions), ElementsAre("get_group"));
  EXPECT_THAT(nearest_names("sned_sms", kFunctions), ElementsAre("send_sms"));
}

TEST(SuggestTest, IsCaseInsensitiveAndKeepsCandidateSpelling) {
  EXPECT_THAT(nearest_names("SEND_SMS", kFunctions), ElementsAre("send_sms"));
  EXPECT_EQ(nearest_names("GET_GROUP", kFunctions).front(), "get_group");
  EXPECT_THAT(nearest_names("json", {"JSON", "regex"}), ElementsAre("JSON"));
}

TEST(SuggestTest, RanksExactThenPrefixThenSubstringThenDistance) {
  const std::vector<std::string> candidates = {"xlist", "lisp", "list_groups", "list"};
  EXPECT_THAT(nearest_names("list", candidates, 4),
              ElementsAre("list", "list_groups", "xlist", "lisp"));
}

TEST(SuggestTest, PrefixMatchesArePreferredOverCloseEdits) {
  EXPECT_THAT(nearest_names("list", kFunctions),
              ElementsAre("list_groups", "list_batches", "list_messages"));
}

TEST(SuggestTest, DropsCandidatesThatAreTooFar) {
  EXPECT_THAT(nearest_names("weather", kFunctions), IsEmpty());
  // Short names still tolerate two edits.
  EXPECT_THAT(nearest_names("jsn", {"json", "regex"}), ElementsAre("json"));
  EXPECT_THAT(nearest_names("xyz", {"json", "regex"}), IsEmpty());
}

TEST(SuggestTest, ComparesAgainstTheLastSegmentOfDottedNames) {
  EXPECT_THAT(nearest_names("get_grp", {"sinch.get_group", "sinch.send_sms"}),
              ElementsAre("sinch.get_group"));
  EXPECT_THAT(nearest_names("sinch.get_grup", {"sinch.get_group", "missive.get_task"}),
              ElementsAre("sinch.get_group"));
}

TEST(SuggestTest, ASharedNamespaceDoesNotMakeNamesSimilar) {
  EXPECT_THAT(nearest_names("sinch.get_grup", {"sinch.get_group", "sinch.send_sms"}),
              ElementsAre("sinch.get_group"));
  EXPECT_THAT(nearest_names("sinch.weather", {"sinch.get_group", "sinch.send_sms"}), IsEmpty());
}

TEST(SuggestTest, RespectsMaxAndDeduplicates) {
  EXPECT_THAT(nearest_names("list", kFunctions, 1), ElementsAre("list_groups"));
  EXPECT_THAT(nearest_names("json", {"json", "json", "jsonl"}), ElementsAre("json", "jsonl"));
  EXPECT_THAT(nearest_names("list", kFunctions, 0), IsEmpty());
}

TEST(SuggestTest, EmptyInputsGiveNothing) {
  EXPECT_THAT(nearest_names("", kFunctions), IsEmpty());
  EXPECT_THAT(nearest_names("json", {}), IsEmpty());
}

}  // namespace
}  // namespace kosmo
