// The Wildix hook through its seam (HookContext::perform): which PBX function each of the six
// call record, extension and user functions is sent as, with which arguments, and how the PBX's
// {"type": "result", "result": ...} answer becomes the documented shape. The requests on the
// wire are the e2e tests' business (integrations_wildix_test.cpp, cases/wildix_*).
#include <gtest/gtest.h>

#include <string>

#include "lib/integrations/catalog.h"
#include "test/unit/shipped_catalog_test.h"
#include "lib/integrations/function_hooks.h"

namespace kosmo::integrations {
namespace {

rapidjson::Document json(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  EXPECT_FALSE(document.HasParseError()) << text;
  return document;
}

class WildixPbxTranslation : public kosmo::testing::ShippedCatalogTest {
 protected:
  // Calls `name` with `arguments` (as the binder leaves them: defaults applied); the PBX
  // function it is sent as answers `pbx_answer` (JSON), or nothing when it is empty.
  lua::CallOutcome call(const std::string& name, const std::string& arguments,
                        const std::string& pbx_answer) {
    const Manifest& wildix = *catalog_->integration("wildix");
    const Function* function = catalog_->function(wildix, name);
    EXPECT_NE(function, nullptr) << name;
    HookContext context{wildix, *catalog_,
                        [&](const Function& target, const rapidjson::Value& forwarded,
                            lua::CallOutcome& outcome) {
                          sent_to_ = target.name;
                          sent_.CopyFrom(forwarded, sent_.GetAllocator());
                          outcome.ok = true;
                          outcome.data.Parse(pbx_answer.c_str());
                        }};
    lua::CallOutcome outcome;
    EXPECT_TRUE(run_hook(*function, json(arguments), context, outcome));
    return outcome;
  }

  // rapidjson compares objects member by member, in any order, and numbers by value.
  static bool Same(const std::string& expected, const rapidjson::Value& actual) {
    return json(expected) == actual;
  }

  std::string sent_to_;
  rapidjson::Document sent_;
};


constexpr const char kHistory[] = R"({"type": "result", "result": {"total": "7", "records": [
  {"id": "8289", "from_number": "+15550100", "to_number": "201", "disposition": "BUSY",
   "duration": "3"}]}})";

TEST_F(WildixPbxTranslation, ListCallsPagesByOffsetAndFiltersOnTheStartTime) {
  lua::CallOutcome outcome = call("list_calls",
                                  R"({"limit": 10, "page": 3, "date_from": "2026-01-01",
                                      "date_to": "2026-01-31"})",
                                  kHistory);
  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(sent_to_, "call_history");
  EXPECT_TRUE(Same(R"({"start": 20, "count": 10, "filter_start_from": "2026-01-01",
                      "filter_start_to": "2026-01-31 23:59:59"})",
                   sent_));
  EXPECT_TRUE(Same(R"({"calls": [{"id": "8289", "from_number": "+15550100", "to_number": "201",
                                  "disposition": "BUSY", "duration": "3", "from": "+15550100",
                                  "to": "201", "status": "BUSY"}],
                      "total": 7, "page": 3, "limit": 10})",
                   outcome.data));
}

TEST_F(WildixPbxTranslation, AnEndWithATimeIsSentAsGiven) {
  call("list_calls", R"({"limit": 25, "page": 1, "date_to": "2026-01-31 12:00:00"})", kHistory);
  EXPECT_TRUE(Same(R"({"start": 0, "count": 25, "filter_start_to": "2026-01-31 12:00:00"})",
                   sent_));
}

TEST_F(WildixPbxTranslation, GetCallIsTheOneRecordOfTheFilteredHistory) {
  lua::CallOutcome found = call("get_call", R"({"id": "8289"})", kHistory);
  ASSERT_TRUE(found.ok) << found.error_message;
  EXPECT_TRUE(Same(R"({"filter_id": "8289", "count": 1})", sent_));
  EXPECT_TRUE(Same(R"({"id": "8289", "from_number": "+15550100", "to_number": "201",
                      "disposition": "BUSY", "duration": "3", "from": "+15550100", "to": "201",
                      "status": "BUSY"})",
                   found.data));

  lua::CallOutcome missing =
      call("get_call", R"({"id": "9"})", R"({"type": "result", "result": {"total": "0",
                                                                          "records": []}})");
  EXPECT_FALSE(missing.ok);
  EXPECT_EQ(missing.error_message, "Wildix call record '9' not found in the PBX's call history.");
  EXPECT_EQ(missing.error_code, ErrorCode::kIntegration);
}

TEST_F(WildixPbxTranslation, ExtensionsAreColleaguesWithNumberAndUserName) {
  const std::string colleagues = R"({"type": "result", "result": {"total": "1", "records": [
    {"id": "7", "name": "Ada", "extension": "201"}]}})";
  lua::CallOutcome page = call("list_extensions", R"({"limit": 5, "page": 1})", colleagues);
  EXPECT_EQ(sent_to_, "get_pbx_colleagues");
  EXPECT_TRUE(Same(R"({"start": 0, "count": 5})", sent_));
  EXPECT_TRUE(Same(R"({"extensions": [{"id": "7", "name": "Ada", "extension": "201",
                                       "number": "201", "user_name": "Ada"}],
                      "total": 1, "page": 1, "limit": 5})",
                   page.data));

  lua::CallOutcome one = call("get_extension", R"({"id": "7"})",
                              R"({"type": "result", "result": {"id": "7", "name": "Ada",
                                                              "extension": "201"}})");
  EXPECT_EQ(sent_to_, "get_colleague_by_id");
  EXPECT_TRUE(Same(R"({"id": "7"})", sent_));
  EXPECT_TRUE(Same(R"({"id": "7", "name": "Ada", "extension": "201", "number": "201",
                      "user_name": "Ada"})",
                   one.data));
}

TEST_F(WildixPbxTranslation, UsersAndTheCurrentUserAreColleagueRecordsAsTheyAre) {
  lua::CallOutcome users = call("list_users", R"({"limit": 25, "page": 1})",
                                R"({"type": "result", "result": {"total": "x", "records": []}})");
  EXPECT_EQ(sent_to_, "get_pbx_colleagues");
  EXPECT_TRUE(Same(R"({"users": [], "total": "x", "page": 1, "limit": 25})", users.data))
      << "a total that is not a number is passed on as the PBX sent it";

  lua::CallOutcome me = call("get_current_user", "{}",
                             R"({"type": "result", "result": {"id": "7", "name": "Ada"}})");
  EXPECT_EQ(sent_to_, "get_personal_info");
  EXPECT_TRUE(Same("{}", sent_));
  EXPECT_TRUE(Same(R"({"id": "7", "name": "Ada"})", me.data));
}

TEST_F(WildixPbxTranslation, AnAnswerWithoutTheResultWrapperIsLeftAsThePbxSentIt) {
  lua::CallOutcome text = call("get_current_user", "{}", R"({"body": "maintenance"})");
  ASSERT_TRUE(text.ok);
  EXPECT_TRUE(Same(R"({"body": "maintenance"})", text.data));
}

TEST_F(WildixPbxTranslation, APageWhoseOffsetWouldOverflowIsRefusedBeforeAnyRequest) {
  lua::CallOutcome outcome = call("list_users", R"({"limit": 1000, "page": 100000000})", "{}");
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(sent_to_, "") << "nothing was sent";
  EXPECT_NE(outcome.error_message.find("page 100000000 of 1000 records"), std::string::npos)
      << outcome.error_message;
}

}  // namespace
}  // namespace kosmo::integrations
