#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "lib/config/environment.h"

namespace kosmo::config {
namespace {
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

TEST(ConfigEnvironmentTest, MapEnvironmentGetsSetsAndUnsets) {
  MapEnvironment env({{"A", "1"}});
  EXPECT_THAT(env.get("A"), Optional(std::string("1")));
  EXPECT_EQ(env.get("B"), std::nullopt);
  env.set("B", "");
  EXPECT_THAT(env.get("B"), Optional(std::string("")));
  env.unset("A");
  EXPECT_EQ(env.get("A"), std::nullopt);
}

TEST(ConfigEnvironmentTest, NamesWithPrefixAreSortedAndExact) {
  MapEnvironment env({{"KOSMO_SINCH__WORK__API_TOKEN", "t"},
                      {"KOSMO_SINCH_API_TOKEN", "t"},
                      {"KOSMO_SINCHX", "x"},
                      {"KOSMO_SINC", "x"},
                      {"OTHER", "x"}});
  EXPECT_THAT(env.names_with_prefix("KOSMO_SINCH_"),
              ElementsAre("KOSMO_SINCH_API_TOKEN", "KOSMO_SINCH__WORK__API_TOKEN"));
  EXPECT_THAT(env.names_with_prefix("NOPE"), IsEmpty());
}

TEST(ConfigEnvironmentTest, ProcessEnvironmentReadsAtCallTime) {
  const Environment& env = process_environment();
  const char* name = "KOSMO_CONFIG_ENVIRONMENT_TEST_VARIABLE";
  ::unsetenv(name);
  EXPECT_EQ(env.get(name), std::nullopt);
  ::setenv(name, "value", 1);
  EXPECT_THAT(env.get(name), Optional(std::string("value")));
  EXPECT_THAT(env.names_with_prefix("KOSMO_CONFIG_ENVIRONMENT_TEST_"), ElementsAre(name));
  ::unsetenv(name);
  EXPECT_EQ(env.get(name), std::nullopt);
  EXPECT_EQ(env.get("A=B"), std::nullopt);
}

TEST(ConfigEnvironmentTest, PlainTextIsLiteral) {
  MapEnvironment env({{"T", "secret"}});
  EXPECT_THAT(expand_value("abc", env), Optional(std::string("abc")));
  EXPECT_THAT(expand_value("", env), Optional(std::string("")));
  // Only whole values are references, as in the reference implementation.
  EXPECT_THAT(expand_value("Bearer ${T}", env), Optional(std::string("Bearer ${T}")));
  EXPECT_THAT(expand_value("${T}x", env), Optional(std::string("${T}x")));
  EXPECT_THAT(expand_value("$T", env), Optional(std::string("$T")));
  EXPECT_THAT(expand_value("${}", env), Optional(std::string("${}")));
  EXPECT_THAT(expand_value("${1T}", env), Optional(std::string("${1T}")));
  EXPECT_THAT(expand_value("${T}-${T}", env), Optional(std::string("${T}-${T}")));
}

TEST(ConfigEnvironmentTest, WholeReferenceReadsTheVariable) {
  MapEnvironment env({{"SINCH_TOKEN", "tok"}, {"EMPTY", ""}});
  EXPECT_THAT(expand_value("${SINCH_TOKEN}", env), Optional(std::string("tok")));
  EXPECT_THAT(expand_value("${EMPTY}", env), Optional(std::string("")));
  EXPECT_EQ(expand_value("${MISSING}", env), std::nullopt);
}

TEST(ConfigEnvironmentTest, DefaultAppliesWhenUnsetOrEmpty) {
  MapEnvironment env({{"REGION", "eu"}, {"EMPTY", ""}});
  EXPECT_THAT(expand_value("${REGION:-us}", env), Optional(std::string("eu")));
  EXPECT_THAT(expand_value("${MISSING:-us}", env), Optional(std::string("us")));
  EXPECT_THAT(expand_value("${EMPTY:-us}", env), Optional(std::string("us")));
  EXPECT_THAT(expand_value("${MISSING:-}", env), Optional(std::string("")));
  EXPECT_THAT(expand_value("${MISSING:-https://x.test/a}", env),
              Optional(std::string("https://x.test/a")));
}

TEST(ConfigEnvironmentTest, ExpansionSeesChangesAfterConstruction) {
  MapEnvironment env;
  EXPECT_EQ(expand_value("${LATE}", env), std::nullopt);
  env.set("LATE", "now");
  EXPECT_THAT(expand_value("${LATE}", env), Optional(std::string("now")));
}

}  // namespace
}  // namespace kosmo::config
