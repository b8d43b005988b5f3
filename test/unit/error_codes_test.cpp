// The one table of error codes: names, exit codes, the --help summary and the docs page that is
// generated from it.
#include "lib/common/error_codes.h"

#include <gtest/gtest.h>

#include "lib/lua/doc_registry.h"

namespace kosmo {
namespace {

TEST(ErrorCodesTest, NamesRoundTripAndDecideTheExitCode) {
  for (const ErrorCodeInfo& row : error_codes()) {
    EXPECT_EQ(parse_error_code(row.name), row.code) << row.name;
    EXPECT_EQ(error_code_name(row.code), row.name);
    EXPECT_EQ(exit_code_of(row.code), row.exit);
    EXPECT_FALSE(row.when.empty()) << row.name;
    EXPECT_FALSE(row.remedy.empty()) << row.name;
  }
  EXPECT_EQ(parse_error_code("Usage"), std::nullopt);
  EXPECT_EQ(exit_code_of(ErrorCode::kLua), kExitScriptError);
  EXPECT_EQ(exit_code_of(ErrorCode::kSyntax), kExitUsage);
  EXPECT_EQ(exit_code_of(ErrorCode::kTimeout), kExitLimit);
  EXPECT_EQ(exit_code_of(ErrorCode::kReplayMiss), kExitRefused);
  EXPECT_EQ(exit_code_of(ErrorCode::kNotConfigured), kExitConfig);
}

TEST(ErrorCodesTest, EveryExitCodeIsExplained) {
  ASSERT_EQ(exit_codes().size(), 6u);
  for (size_t i = 0; i < exit_codes().size(); ++i) {
    EXPECT_EQ(exit_codes()[i].exit, static_cast<int>(i));
  }
  EXPECT_EQ(exit_code_summary(),
            "Exit codes: 0 ok, 1 script error, 2 usage or syntax error, 3 sandbox limit,\n"
            "            4 refused by policy, 5 configuration.\n");
}

TEST(ErrorCodesTest, TheErrorsPageShowsTheTableItself) {
  const std::string page = lua::make_guide_doc_source()->read("errors").value_or("");
  EXPECT_EQ(page.find("{{"), std::string::npos) << "a marker was left in the page";
  for (const ErrorCodeInfo& row : error_codes()) {
    EXPECT_NE(page.find("| `" + std::string(row.name) + "` | " + std::to_string(row.exit) + " |"),
              std::string::npos)
        << row.name;
  }
  EXPECT_NE(page.find("| 4 | a call was refused by policy"), std::string::npos);
}

}  // namespace
}  // namespace kosmo
