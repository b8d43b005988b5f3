// Missive's hooks: the mailbox list_conversations sends, the due date create_task converts, and
// the refusals that leave nothing sent.
#include <gtest/gtest.h>

#include "lib/common/json_parse.h"
#include "lib/integrations/missive_hooks.h"

namespace kosmo::integrations {
namespace {

TEST(MissiveDueDate, ADateIsMidnightUtcAndADateTimeKeepsItsZone) {
  EXPECT_EQ(iso8601_to_unix_seconds("2025-12-31"), 1767139200);
  EXPECT_EQ(iso8601_to_unix_seconds("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(iso8601_to_unix_seconds("2025-12-31T17:00:00+02:00"), 1767139200 + 15 * 3600);
  EXPECT_EQ(iso8601_to_unix_seconds("2025-12-31T17:00-0530"), 1767139200 + 17 * 3600 + 19800);
  EXPECT_EQ(iso8601_to_unix_seconds("2024-02-29T08:30:15.250Z"), 1709195415);
  EXPECT_EQ(iso8601_to_unix_seconds("2025-12-31 17:00:00"), 1767139200 + 17 * 3600);
}

TEST(MissiveDueDate, AnythingElseIsNotADate) {
  for (const char* text :
       {"", "tomorrow", "2025-02-29", "2025-13-01", "2025-12-31T25:00", "2025-12-31T10:00:00+",
        "2025-12-31Z", "31/12/2025", "1735603200", "2025-12-31T10:00:00Zjunk"}) {
    EXPECT_EQ(iso8601_to_unix_seconds(text), std::nullopt) << text;
  }
}

class MissiveHookTest : public ::testing::Test {
 protected:
  // Runs `hook` with `json` as the bound arguments; the forwarded arguments land in sent_.
  void run(void (*hook)(const Function&, const rapidjson::Value&, HookContext&, lua::CallOutcome&),
           const char* json) {
    rapidjson::Document arguments;
    ASSERT_FALSE(parse_json(json, arguments).IsError());
    HookContext context{
        manifest_, catalog_,
        [this](const Function&, const rapidjson::Value& forwarded, lua::CallOutcome& outcome) {
          ++performed_;
          sent_.CopyFrom(forwarded, sent_.GetAllocator());
          outcome.ok = true;
        }};
    hook(function_, arguments, context, outcome_);
  }

  Function function_ = [] {
    Function function;
    function.name = "list_conversations";
    return function;
  }();
  Manifest manifest_ = [] {
    Manifest manifest;
    manifest.name = "missive";
    return manifest;
  }();
  Catalog catalog_ = Catalog::from({});
  lua::CallOutcome outcome_;
  rapidjson::Document sent_;
  int performed_ = 0;
};

TEST_F(MissiveHookTest, NoMailboxListsTheInbox) {
  run(missive_list_conversations, R"({"limit": 25})");
  EXPECT_EQ(performed_, 1);
  EXPECT_STREQ(sent_["inbox"].GetString(), "true");
  EXPECT_EQ(sent_["limit"].GetInt(), 25);
}

TEST_F(MissiveHookTest, StateIsItsMailbox) {
  run(missive_list_conversations, R"({"state": "spam"})");
  EXPECT_FALSE(sent_.HasMember("state"));
  EXPECT_TRUE(sent_["junked"].GetBool());
  EXPECT_FALSE(sent_.HasMember("inbox"));
}

TEST_F(MissiveHookTest, AnInboxIdIsATeamInbox) {
  run(missive_list_conversations, R"({"inbox": "team-1", "closed": false})");
  EXPECT_STREQ(sent_["team_inbox"].GetString(), "team-1");
  EXPECT_FALSE(sent_.HasMember("inbox"));
  EXPECT_FALSE(sent_.HasMember("closed"));
}

TEST_F(MissiveHookTest, AGivenMailboxIsKept) {
  run(missive_list_conversations, R"({"team_all": "team-1"})");
  EXPECT_STREQ(sent_["team_all"].GetString(), "team-1");
  EXPECT_FALSE(sent_.HasMember("inbox"));
}

TEST_F(MissiveHookTest, DueDateBecomesDueAt) {
  function_.name = "create_task";
  run(missive_create_task, R"({"title": "t", "due_date": "2025-12-31"})");
  EXPECT_EQ(sent_["due_at"].GetInt64(), 1767139200);
  EXPECT_FALSE(sent_.HasMember("due_date"));
}

TEST_F(MissiveHookTest, CreateTaskRefusesWhatMissiveCannotTake) {
  function_.name = "create_task";
  run(missive_create_task, R"({"title": "t", "due_date": "next week"})");
  EXPECT_EQ(performed_, 0);
  EXPECT_FALSE(outcome_.ok);
  EXPECT_NE(outcome_.error_message.find("app.integrations.missive.create_task (invalid: due_date"),
            std::string::npos);
  run(missive_create_task, R"({"title": "t", "assignee": ["dana@acme.test"]})");
  EXPECT_EQ(performed_, 0);
  EXPECT_NE(outcome_.error_message.find("not by email"), std::string::npos);
  run(missive_create_task, R"({"title": "t", "due_date": "2025-12-31", "due_at": 5})");
  EXPECT_EQ(performed_, 0);
  EXPECT_NE(outcome_.error_message.find("No external call was made."), std::string::npos);
}

}  // namespace
}  // namespace kosmo::integrations
