// The app.* bridge against a test Dispatcher: paths, named vs positional arguments, result
// conversion, errors as catchable tables, and the call log.
#include <gtest/gtest.h>

#include "lib/lua/dispatcher.h"
#include "lib/lua/sandbox.h"
#include "lib/lua/script_runner.h"

namespace kosmo::lua {
namespace {

class RecordingDispatcher : public Dispatcher {
 public:
  CallOutcome call(const CallRequest& request) override {
    paths.push_back(request.joined_path());
    named.push_back(request.has_named);
    argument_count.push_back(request.has_named ? request.named.MemberCount()
                                               : request.positional.Size());
    CallOutcome outcome;
    outcome.function = "demo_" + request.path.back();
    outcome.account = request.path.size() > 3 ? request.path[2] : "default";
    outcome.operation = config::Operation::kRead;
    outcome.attempts = 1;
    if (request.path.back() == "fail") {
      outcome.error_message = "Demo API error (403): forbidden";
      outcome.error_code = ErrorCode::kHttp;
      outcome.http_status = 403;
      outcome.retryable = false;
      return outcome;
    }
    outcome.ok = true;
    outcome.http_status = 200;
    outcome.data.Parse(R"({"id": "g1", "members": [1, 2, 3], "big": 9007199254740993})");
    return outcome;
  }

  std::vector<std::string> paths;
  std::vector<bool> named;
  std::vector<size_t> argument_count;
};

class AppBridgeTest : public ::testing::Test {
 protected:
  AppBridgeTest() : sandbox_(SandboxOptions{}, SandboxServices{&dispatcher_, nullptr}, nullptr) {}

  RunOutcome run(const std::string& code) { return run_chunk(sandbox_, code, "=test"); }

  RecordingDispatcher dispatcher_;
  Sandbox sandbox_;
};

TEST_F(AppBridgeTest, BuildsPathsIncludingAccountsAndBrackets) {
  const RunOutcome outcome = run(R"(
    app.integrations.demo.get_group({group_id = "g1"})
    app.integrations.demo.work.get_group({group_id = "g1"})
    app.integrations["demo"]["get_group"]({group_id = "g1"})
  )");
  ASSERT_TRUE(outcome.success) << outcome.error;
  EXPECT_EQ(dispatcher_.paths, (std::vector<std::string>{"integrations.demo.get_group",
                                                         "integrations.demo.work.get_group",
                                                         "integrations.demo.get_group"}));
}

// Children are kept per node (weakly): the same name gives the same node while it is held, and
// nodes made again after collections (of 20,000 others) still have their paths.
TEST_F(AppBridgeTest, NodesAreReusedAndSurviveCollection) {
  const RunOutcome outcome = run(R"(
    local demo = app.integrations.demo
    assert(demo.get_group == demo.get_group)
    for i = 1, 20000 do local _ = demo["f" .. i] end  -- garbage enough for collections
    demo.get_group({group_id = "g1"})
    demo.work.get_group({group_id = "g1"})
    return tostring(demo.work.get_group)
  )");
  ASSERT_TRUE(outcome.success) << outcome.error;
  EXPECT_EQ(dispatcher_.paths, (std::vector<std::string>{"integrations.demo.get_group",
                                                         "integrations.demo.work.get_group"}));
}

TEST_F(AppBridgeTest, OneTableIsNamedEverythingElsePositional) {
  const RunOutcome outcome = run(R"(
    local f = app.integrations.demo.get_group
    f({group_id = "g1", page = 2})
    f({})
    f("g1", 2)
    f({"a", "b"})
    f()
  )");
  ASSERT_TRUE(outcome.success) << outcome.error;
  EXPECT_EQ(dispatcher_.named, (std::vector<bool>{true, true, false, false, false}));
  EXPECT_EQ(dispatcher_.argument_count, (std::vector<size_t>{2, 0, 2, 1, 0}));
}

TEST_F(AppBridgeTest, ResultsArriveAsLuaValuesWithExactIntegers) {
  const RunOutcome outcome = run(R"(
    local g = app.integrations.demo.get_group({group_id = "g1"})
    return g.id, #g.members, g.big == 9007199254740993, math.type(g.big)
  )");
  ASSERT_TRUE(outcome.success) << outcome.error;
  ASSERT_EQ(outcome.result.Size(), 4u);
  EXPECT_STREQ(outcome.result[0].GetString(), "g1");
  EXPECT_EQ(outcome.result[1].GetInt(), 3);
  EXPECT_TRUE(outcome.result[2].GetBool());
  EXPECT_STREQ(outcome.result[3].GetString(), "integer");
}

// KosmoKrator raises a failed call's message as a plain string (string.find and e:match work on
// it); the fields are reachable through app.last_error().
TEST_F(AppBridgeTest, FailuresAreCatchableStringsWithFieldsInLastError) {
  const RunOutcome outcome = run(R"lua(
    local before = app.last_error()
    local ok, err = pcall(app.integrations.demo.fail, {})
    local info = app.last_error()
    return ok, type(err), err, err:match("%((%d+)%)"), info.code, info.status, info["function"],
      info.retryable, info.message, before == nil
  )lua");
  ASSERT_TRUE(outcome.success) << outcome.error;
  EXPECT_FALSE(outcome.result[0].GetBool());
  EXPECT_STREQ(outcome.result[1].GetString(), "string");
  EXPECT_STREQ(outcome.result[2].GetString(), "Demo API error (403): forbidden");
  EXPECT_STREQ(outcome.result[3].GetString(), "403");
  EXPECT_STREQ(outcome.result[4].GetString(), "http_error");
  EXPECT_EQ(outcome.result[5].GetInt(), 403);
  EXPECT_STREQ(outcome.result[6].GetString(), "demo_fail");
  EXPECT_FALSE(outcome.result[7].GetBool());
  EXPECT_STREQ(outcome.result[8].GetString(), "Demo API error (403): forbidden");
  EXPECT_TRUE(outcome.result[9].GetBool());
}

TEST_F(AppBridgeTest, LastErrorIsACopyTheScriptCannotChange) {
  const RunOutcome outcome = run(R"(
    pcall(app.integrations.demo.fail)
    app.last_error().code = "lua_error"
    app.integrations.demo.fail()
  )");
  EXPECT_FALSE(outcome.success);
  EXPECT_EQ(outcome.error_code, ErrorCode::kHttp);
}

TEST_F(AppBridgeTest, UncaughtFailureKeepsItsCode) {
  const RunOutcome outcome = run("app.integrations.demo.fail()");
  EXPECT_FALSE(outcome.success);
  EXPECT_EQ(outcome.error, "Demo API error (403): forbidden");
  EXPECT_EQ(outcome.error_code, ErrorCode::kHttp);
}

// The error value is a string now, so the run learns the code by matching the string the call
// raised, also after a re-raise that adds a position.
TEST_F(AppBridgeTest, ReRaisedFailureKeepsItsCode) {
  const RunOutcome same = run("local ok, e = pcall(app.integrations.demo.fail) error(e, 0)");
  EXPECT_EQ(same.error_code, ErrorCode::kHttp);
  const RunOutcome positioned = run("local ok, e = pcall(app.integrations.demo.fail) error(e)");
  EXPECT_EQ(positioned.error_code, ErrorCode::kHttp);
  const RunOutcome other = run("pcall(app.integrations.demo.fail) error('my own failure')");
  EXPECT_EQ(other.error_code, ErrorCode::kLua);
}

TEST_F(AppBridgeTest, EveryCallIsLogged) {
  run(R"(
    app.integrations.demo.work.get_group({group_id = "g1"})
    pcall(app.integrations.demo.fail)
  )");
  const std::vector<CallLogEntry> calls = sandbox_.calls().snapshot();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].path, "integrations.demo.work.get_group");
  EXPECT_EQ(calls[0].function, "demo_get_group");
  EXPECT_EQ(calls[0].account, "work");
  EXPECT_EQ(calls[0].status, "ok");
  EXPECT_EQ(calls[0].http_status, 200);
  EXPECT_FALSE(calls[0].error.has_value());
  EXPECT_EQ(calls[1].status, "error");
  EXPECT_EQ(calls[1].error, "Demo API error (403): forbidden");
  EXPECT_GE(calls[1].duration_ms, 0.0);
}

TEST_F(AppBridgeTest, FunctionsCannotBeArguments) {
  const RunOutcome outcome = run("app.integrations.demo.get_group({cb = print})");
  EXPECT_FALSE(outcome.success);
  EXPECT_NE(outcome.error.find("cannot encode a function"), std::string::npos) << outcome.error;
  EXPECT_TRUE(dispatcher_.paths.empty());
}

}  // namespace
}  // namespace kosmo::lua
