// The one table of error codes: names, exit codes, the --help summary and the docs page that is
// generated from it.
#include "lib/common/error_codes.h"

#include <gtest/gtest.h>
#include <signal.h>

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
  ASSERT_EQ(exit_codes().size(), 8u);
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(exit_codes()[i].exit, static_cast<int>(i));
  EXPECT_EQ(exit_codes()[6].exit, 130);  // 128 + SIGINT
  EXPECT_EQ(exit_codes()[7].exit, 143);  // 128 + SIGTERM
  EXPECT_EQ(exit_code_summary(),
            "Exit codes: 0 ok, 1 script error, 2 usage or syntax error, 3 sandbox limit,\n"
            "            4 refused by policy, 5 configuration, 130 interrupted (SIGINT),\n"
            "            143 terminated (SIGTERM).\n");
}

TEST(ErrorCodesTest, AnInterruptedRunExitsAsTheSignalWouldHaveEndedIt) {
  EXPECT_EQ(exit_code_of(ErrorCode::kInterrupted), kExitInterrupted);
  EXPECT_EQ(exit_code_for_signal(SIGINT), 130);
  EXPECT_EQ(exit_code_for_signal(SIGTERM), 143);
}

TEST(ErrorCodesTest, TheErrorsPageShowsTheTableItself) {
  const std::string page = lua::make_guide_doc_source()->read("errors").value_or("");
  EXPECT_EQ(page.find("{{"), std::string::npos) << "a marker was left in the page";
  for (const ErrorCodeInfo& row : error_codes()) {
    std::string exits = std::to_string(row.exit);
    if (row.also_exit) exits += ", " + std::to_string(*row.also_exit);
    EXPECT_NE(page.find("| `" + std::string(row.name) + "` | " + exits + " |"), std::string::npos)
        << row.name;
  }
  EXPECT_NE(page.find("| 4 | a call was refused by policy"), std::string::npos);
  EXPECT_NE(page.find("| 130 | interrupted by SIGINT (Ctrl-C); servers stopped, envelope written | "
                      "`interrupted` |"),
            std::string::npos);
  EXPECT_NE(page.find("| 143 | terminated by SIGTERM; servers stopped, envelope written | "
                      "`interrupted` |"),
            std::string::npos);
}

}  // namespace
}  // namespace kosmo
