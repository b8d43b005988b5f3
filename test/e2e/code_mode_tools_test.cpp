// The MCP gateway's code mode (lib/cli/code_mode_tools.h) in process: the provider over a
// CommandContext whose configuration points the integrations at the fake vendor, as `mcp:serve`
// builds it, called the way the server session calls it.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "e2e/integration_harness.h"
#include "e2e/temp_dir.h"
#include "fakes/fake_vendor_server.h"
#include "lib/cli/code_mode_tools.h"
#include "lib/cli/command_context.h"

namespace kosmo::e2e {
namespace {

using Clock = std::chrono::steady_clock;

long ResidentKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

std::string Text(const rapidjson::Value& result) {
  return result["content"][0]["text"].GetString();
}

const rapidjson::Value& Envelope(const rapidjson::Value& result) {
  return result["structuredContent"];
}

std::string ErrorCodeOf(const rapidjson::Value& result) {
  const rapidjson::Value& structured = Envelope(result);
  if (!structured.HasMember("error_code") || !structured["error_code"].IsString()) return "";
  return structured["error_code"].GetString();
}

class CodeModeTest : public ::testing::Test {
 protected:
  CodeModeTest() : home_("kosmo-code-home-"), user_home_("kosmo-code-user-") {
    token_ = UniqueSecret("sinch-token-");
    SetEnv("KOSMO_HOME", home_.path());
    SetEnv("HOME", user_home_.path());
    SetEnv("KOSMO_SINCH_SERVICE_PLAN_ID", "plan-default");
    SetEnv("KOSMO_SINCH_API_TOKEN", token_);
    SetEnv("KOSMO_SINCH_BASE_URL", server_.sinch_base_url());
  }
  ~CodeModeTest() override {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) {
        setenv(it->first.c_str(), it->second->c_str(), 1);
      } else {
        unsetenv(it->first.c_str());
      }
    }
  }

  void SetEnv(const std::string& name, const std::string& value) {
    const char* old = getenv(name.c_str());
    saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
    setenv(name.c_str(), value.c_str(), 1);
  }

  // The provider as mcp:serve would make it; the context is made on first use, so a test can
  // write config.yaml first.
  gateway::ToolProvider& Tools(cli::CodeModeSettings settings = {}) {
    if (!context_) {
      context_ = std::make_unique<cli::CommandContext>();
      if (settings.mcp_servers == std::nullopt) settings.mcp_servers = std::set<std::string>{};
      tools_ = cli::make_code_mode_tools(*context_, settings);
    }
    return *tools_;
  }

  rapidjson::Document Call(const std::string& name, const std::string& arguments_json,
                           const gateway::ToolCallControl& control = {}) {
    rapidjson::Document arguments;
    arguments.Parse(arguments_json.c_str());
    EXPECT_FALSE(arguments.HasParseError()) << arguments_json;
    Outcome<rapidjson::Document> result = Tools().call_tool(name, arguments, control);
    EXPECT_TRUE(static_cast<bool>(result)) << (result ? "" : result.error().message);
    if (!result) return rapidjson::Document();
    return std::move(*result);
  }

  rapidjson::Document Execute(const std::string& code, const std::string& more = "",
                              const gateway::ToolCallControl& control = {}) {
    return ExecuteOn(Tools(), code, more, control);
  }

  static rapidjson::Document ExecuteOn(gateway::ToolProvider& tools, const std::string& code,
                                       const std::string& more = "",
                                       const gateway::ToolCallControl& control = {}) {
    rapidjson::Document arguments(rapidjson::kObjectType);
    arguments.AddMember("code", rapidjson::Value(code.c_str(), arguments.GetAllocator()),
                        arguments.GetAllocator());
    if (!more.empty()) {
      rapidjson::Document extra;
      extra.Parse(more.c_str());
      EXPECT_TRUE(extra.IsObject()) << more;
      for (auto& member : extra.GetObject()) {
        arguments.AddMember(rapidjson::Value(member.name, arguments.GetAllocator()),
                            rapidjson::Value(member.value, arguments.GetAllocator()),
                            arguments.GetAllocator());
      }
    }
    Outcome<rapidjson::Document> result = tools.call_tool("lua_execute", arguments, control);
    EXPECT_TRUE(static_cast<bool>(result)) << (result ? "" : result.error().message);
    if (!result) return rapidjson::Document();
    return std::move(*result);
  }

  fakes::FakeVendorServer server_;
  TempDir home_;
  TempDir user_home_;
  std::string token_;
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
  std::unique_ptr<cli::CommandContext> context_;
  std::unique_ptr<gateway::ToolProvider> tools_;
};

constexpr const char kSendSms[] =
    R"(return app.integrations.sinch.send_sms({from = "+1555", to = {"+1666"}, body = "hi"}))";

TEST_F(CodeModeTest, ListsThreeToolsWithSchemasAndAnnotations) {
  rapidjson::Document holder(rapidjson::kObjectType);
  rapidjson::Value tools(rapidjson::kArrayType);
  Tools().list_tools(tools, holder.GetAllocator());
  ASSERT_EQ(tools.Size(), 3u);
  EXPECT_STREQ(tools[0]["name"].GetString(), "lua_execute");
  EXPECT_STREQ(tools[0]["inputSchema"]["required"][0].GetString(), "code");
  EXPECT_FALSE(tools[0]["annotations"]["readOnlyHint"].GetBool());
  EXPECT_TRUE(tools[0]["annotations"]["openWorldHint"].GetBool());
  EXPECT_NE(std::string(tools[0]["description"].GetString()).find("app.integrations."),
            std::string::npos);
  for (rapidjson::SizeType i : {1u, 2u}) {
    EXPECT_TRUE(tools[i]["annotations"]["readOnlyHint"].GetBool());
    EXPECT_TRUE(tools[i]["annotations"]["idempotentHint"].GetBool());
  }
  EXPECT_TRUE(Tools().owns("lua_docs_read"));
  EXPECT_FALSE(Tools().owns("sinch_get_group"));
}

TEST_F(CodeModeTest, ReturnOneIsASuccessfulEnvelope) {
  rapidjson::Document result = Execute("return 1");
  ASSERT_TRUE(result.IsObject());
  EXPECT_FALSE(result["isError"].GetBool());
  const rapidjson::Value& envelope = Envelope(result);
  EXPECT_TRUE(envelope["success"].GetBool());
  ASSERT_TRUE(envelope["result"].IsArray());
  EXPECT_EQ(envelope["result"][0].GetInt(), 1);
  EXPECT_TRUE(envelope["error"].IsNull());
  // The text block is the envelope itself.
  rapidjson::Document text;
  text.Parse(Text(result).c_str());
  EXPECT_TRUE(text == envelope);
}

TEST_F(CodeModeTest, TwentyCallWorkflowIsOneToolCall) {
  rapidjson::Document result = Execute(R"(
    local names = {}
    for i = 1, 20 do
      names[#names + 1] = app.integrations.sinch.get_group({group_id = "g" .. i}).id
    end
    return table.concat(names, ","))");
  ASSERT_FALSE(result["isError"].GetBool()) << Text(result);
  const rapidjson::Value& envelope = Envelope(result);
  ASSERT_EQ(envelope["integration_calls"].Size(), 20u);
  EXPECT_STREQ(envelope["integration_calls"][19]["path"].GetString(),
               "integrations.sinch.get_group");
  EXPECT_EQ(envelope["integration_calls"][19]["http_status"].GetInt(), 200);
  EXPECT_EQ(server_.request_count(), 20u);
  EXPECT_EQ(std::string(envelope["result"][0].GetString()).substr(0, 6), "g1,g2,");
  EXPECT_EQ(Text(result).find(token_), std::string::npos);
}

TEST_F(CodeModeTest, ArgsBecomeTheReadOnlyArgsTable) {
  rapidjson::Document result =
      Execute("return args.day, args.ids[2], args.nested.deep",
              R"({"args": {"day": "2026-12-01", "ids": [1, 2], "nested": {"deep": true}}})");
  ASSERT_FALSE(result["isError"].GetBool()) << Text(result);
  const rapidjson::Value& values = Envelope(result)["result"];
  EXPECT_STREQ(values[0].GetString(), "2026-12-01");
  EXPECT_EQ(values[1].GetInt(), 2);
  EXPECT_TRUE(values[2].GetBool());

  rapidjson::Document write = Execute("args.day = 'x'", R"({"args": {"day": "y"}})");
  EXPECT_TRUE(write["isError"].GetBool());
  // Without args the table is there and empty.
  rapidjson::Document none = Execute("return args.day == nil");
  EXPECT_TRUE(Envelope(none)["result"][0].GetBool());
}

TEST_F(CodeModeTest, WritesAreRefusedInsideTheRunUnderDenyEvenWhenConfigAllowsThem) {
  home_.WriteFile("config.yaml",
                  "integrations:\n  sinch:\n    permissions: { read: allow, write: allow }\n");
  rapidjson::Document result = Execute(kSendSms);
  EXPECT_TRUE(result["isError"].GetBool());
  EXPECT_EQ(ErrorCodeOf(result), "permission_denied") << Text(result);
  EXPECT_NE(Text(result).find("--write deny"), std::string::npos) << Text(result);
  EXPECT_EQ(server_.request_count(), 0u);
  // The script can catch the refusal and go on.
  rapidjson::Document caught = Execute(std::string("local ok, e = pcall(function() ") +
                                       kSendSms + " end) return ok, app.last_error().code");
  EXPECT_FALSE(caught["isError"].GetBool()) << Text(caught);
  EXPECT_STREQ(Envelope(caught)["result"][1].GetString(), "permission_denied");
}

TEST_F(CodeModeTest, WritesAreSentUnderAllowWrites) {
  cli::CodeModeSettings settings;
  settings.allow_writes = true;
  Tools(settings);
  rapidjson::Document result = Execute(kSendSms);
  EXPECT_FALSE(result["isError"].GetBool()) << Text(result);
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_TRUE(Envelope(result)["meta"]["permission_bypassed"].GetBool());
}

TEST_F(CodeModeTest, DryRunDescribesWritesWithoutSendingThem) {
  rapidjson::Document result = Execute(kSendSms, R"({"dry_run": true})");
  EXPECT_FALSE(result["isError"].GetBool()) << Text(result);
  EXPECT_TRUE(Envelope(result)["result"][0]["dry_run"].GetBool());
  EXPECT_TRUE(Envelope(result)["meta"]["dry_run"].GetBool());
  EXPECT_STREQ(Envelope(result)["integration_calls"][0]["status"].GetString(), "dry_run");
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(CodeModeTest, SyntaxErrorIsAnErrorResultWithItsCode) {
  rapidjson::Document result = Execute("return (");
  EXPECT_TRUE(result["isError"].GetBool());
  EXPECT_EQ(ErrorCodeOf(result), "syntax_error");
  EXPECT_NE(Text(result).find("lua_execute"), std::string::npos) << Text(result);
}

TEST_F(CodeModeTest, InfiniteLoopEndsAtItsCpuLimitOrTimeout) {
  auto started = Clock::now();
  rapidjson::Document cpu = Execute("while true do end", R"({"cpu_limit": 0.2})");
  EXPECT_EQ(ErrorCodeOf(cpu), "cpu_limit") << Text(cpu);
  rapidjson::Document wall = Execute("while true do end", R"({"timeout": 0.2})");
  EXPECT_EQ(ErrorCodeOf(wall), "timeout") << Text(wall);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - started).count(), 3.0);
  // A limit above the gateway's is cut to it.
  cli::CodeModeSettings low;
  low.cpu_limit = 0.2;
  context_.reset();
  tools_.reset();
  Tools(low);
  rapidjson::Document capped = Execute("while true do end", R"({"cpu_limit": 1000})");
  EXPECT_EQ(ErrorCodeOf(capped), "cpu_limit") << Text(capped);
  EXPECT_NE(Text(capped).find("(0.2 s)"), std::string::npos) << Text(capped);
}

TEST_F(CodeModeTest, CancellationFromAnotherThreadStopsALoopPromptly) {
  std::atomic<bool> cancelled{false};
  gateway::ToolCallControl control;
  control.cancelled = &cancelled;
  Clock::time_point set_at;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    set_at = Clock::now();
    cancelled = true;
  });
  rapidjson::Document result = Execute("while true do end", "", control);
  const double after = std::chrono::duration<double>(Clock::now() - set_at).count();
  canceller.join();
  EXPECT_EQ(ErrorCodeOf(result), "interrupted") << Text(result);
  EXPECT_NE(Text(result).find("Cancelled"), std::string::npos) << Text(result);
  EXPECT_LT(after, 0.5) << "the run ended " << after << " s after the cancel";
  // The next run on the same provider is unaffected.
  rapidjson::Document next = Execute("return 2");
  EXPECT_FALSE(next["isError"].GetBool()) << Text(next);
}

TEST_F(CodeModeTest, AnAlreadyCancelledCallStopsBetweenHttpCalls) {
  std::atomic<bool> cancelled{false};
  gateway::ToolCallControl control;
  control.cancelled = &cancelled;
  control.progress = [&](double progress, std::optional<double>, std::string_view) {
    if (progress >= 3) cancelled = true;
  };
  rapidjson::Document result = Execute(R"(
    for i = 1, 1000 do app.integrations.sinch.get_group({group_id = "g" .. i}) end)",
                                       "", control);
  EXPECT_EQ(ErrorCodeOf(result), "interrupted") << Text(result);
  EXPECT_EQ(server_.request_count(), 3u);  // nothing is sent once the flag is set
}

TEST_F(CodeModeTest, ProgressIsNotifiedOncePerCall) {
  std::vector<std::pair<double, std::string>> notified;
  gateway::ToolCallControl control;
  control.progress = [&](double progress, std::optional<double> total, std::string_view message) {
    EXPECT_FALSE(total.has_value());
    notified.emplace_back(progress, std::string(message));
  };
  rapidjson::Document result = Execute(R"(
    for i = 1, 5 do app.integrations.sinch.get_group({group_id = "g" .. i}) end
    pcall(app.integrations.sinch.send_sms, {from = "+1", to = {"+2"}, body = "x"}))",
                                       "", control);
  ASSERT_FALSE(result["isError"].GetBool()) << Text(result);
  ASSERT_EQ(notified.size(), 6u);
  for (size_t i = 0; i < notified.size(); ++i) EXPECT_EQ(notified[i].first, double(i + 1));
  EXPECT_EQ(notified[0].second.rfind("sinch.get_group ok 200 ", 0), 0u) << notified[0].second;
  EXPECT_EQ(notified[0].second.substr(notified[0].second.size() - 3), " ms");
  EXPECT_EQ(notified[5].second.rfind("sinch.send_sms error", 0), 0u) << notified[5].second;
}

TEST_F(CodeModeTest, ThousandRunsKeepMemoryFlat) {
  for (int i = 0; i < 100; ++i) Execute("return 1");  // warm: allocator pools, catalog
  const long before = ResidentKb();
  std::vector<double> micros;
  for (int i = 0; i < 1000; ++i) {
    const auto started = Clock::now();
    rapidjson::Document result = Execute("return 1");
    micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - started).count());
    ASSERT_FALSE(result["isError"].GetBool());
  }
  const long after = ResidentKb();
  std::sort(micros.begin(), micros.end());
  std::printf("lua_execute of `return 1`, in process: median %.0f us, p90 %.0f us; "
              "RSS %ld KiB before 1000 runs, %ld KiB after\n",
              micros[micros.size() / 2], micros[micros.size() * 9 / 10], before, after);
  RecordProperty("median_us", std::to_string(micros[micros.size() / 2]));
#ifndef KOSMO_SANITIZED  // ASan's quarantine and shadow memory make RSS meaningless
  // Flat: 1,000 Lua states, watchdogs, call logs and runtimes came and went. A leak of even
  // 4 KiB per run would show as 4 MiB.
  EXPECT_LT(after - before, 4096) << "RSS grew from " << before << " to " << after << " KiB";
#endif
}

// The same with app.mcp.* in reach: each run also makes an MCP runtime (it reads the MCP server
// configuration; no server starts until a script calls one).
TEST_F(CodeModeTest, RunsWithMcpInReachStayCheap) {
  cli::CodeModeSettings settings;
  context_ = std::make_unique<cli::CommandContext>();
  tools_ = cli::make_code_mode_tools(*context_, settings);  // mcp_servers: every one
  for (int i = 0; i < 20; ++i) Execute("return 1");
  std::vector<double> micros;
  for (int i = 0; i < 300; ++i) {
    const auto started = Clock::now();
    rapidjson::Document result = Execute("return 1");
    micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - started).count());
    ASSERT_FALSE(result["isError"].GetBool()) << Text(result);
  }
  std::sort(micros.begin(), micros.end());
  std::printf("lua_execute of `return 1` with app.mcp in reach: median %.0f us\n",
              micros[micros.size() / 2]);
  rapidjson::Document servers = Execute("return #mcp.servers()");
  EXPECT_FALSE(servers["isError"].GetBool()) << Text(servers);
}

TEST_F(CodeModeTest, DocsSearchAndRead) {
  rapidjson::Document found = Call("lua_docs_search", R"({"query": "sinch group", "limit": 5})");
  ASSERT_FALSE(found["isError"].GetBool()) << Text(found);
  const rapidjson::Value& matches = Envelope(found)["matches"];
  ASSERT_TRUE(matches.IsArray());
  ASSERT_GT(matches.Size(), 0u);
  EXPECT_LE(matches.Size(), 5u);
  bool get_group = false;
  for (const auto& match : matches.GetArray()) {
    get_group = get_group || std::string(match["name"].GetString()) == "sinch.get_group";
  }
  EXPECT_TRUE(get_group) << Text(found);

  rapidjson::Document page = Call("lua_docs_read", R"({"page": "sinch.get_group"})");
  ASSERT_FALSE(page["isError"].GetBool()) << Text(page);
  EXPECT_NE(Text(page).find("group_id"), std::string::npos);

  rapidjson::Document unknown = Call("lua_docs_read", R"({"page": "sinch.get_grup"})");
  EXPECT_TRUE(unknown["isError"].GetBool());
  EXPECT_NE(Text(unknown).find("No docs found for 'sinch.get_grup'"), std::string::npos);
  EXPECT_NE(Text(unknown).find("sinch.get_group"), std::string::npos) << Text(unknown);

  rapidjson::Document nothing = Call("lua_docs_search", R"({"query": "zzqqxx"})");
  EXPECT_EQ(Envelope(nothing)["matches"].Size(), 0u);
  EXPECT_TRUE(Call("lua_docs_read", R"({"page": 7})")["isError"].GetBool());
  EXPECT_TRUE(Call("lua_docs_search", R"({"query": "x", "limit": 0})")["isError"].GetBool());
}

TEST_F(CodeModeTest, SandboxEscapesAreStillRefused) {
  for (const char* code : {
           "os.execute('touch /tmp/kosmo-code-mode-escape')",
           "return io.open('/etc/passwd'):read('a')",
           "local f, e = load(string.char(27) .. 'Lua', 'x', 'b') assert(f, e) return f()",
           "return string.dump(function() end)",
           "return debug.getinfo(1)",
           "return require('os')",
           "return package.loadlib('libc.so.6', 'system')",
       }) {
    rapidjson::Document result = Execute(code);
    EXPECT_TRUE(result["isError"].GetBool()) << code << "\n" << Text(result);
    EXPECT_EQ(ErrorCodeOf(result), "lua_error") << code;
  }
  EXPECT_FALSE(std::ifstream("/tmp/kosmo-code-mode-escape").good());
}

TEST_F(CodeModeTest, HugeOutputIsCappedAndTheTextCutAtMaxResultChars) {
  cli::CodeModeSettings settings;
  settings.max_result_chars = 2000;
  Tools(settings);
  rapidjson::Document loud =
      Execute("for i = 1, 1e6 do print(string.rep('x', 100)) end", R"({"output_limit": 10000})");
  EXPECT_EQ(ErrorCodeOf(loud), "output_limit") << Text(loud).substr(0, 300);
  EXPECT_LE(Envelope(loud)["output"].GetStringLength(), 10000u);

  rapidjson::Document big = Execute("return string.rep('y', 100000)");
  ASSERT_FALSE(big["isError"].GetBool());
  EXPECT_LE(Text(big).size(), 2000u);
  EXPECT_NE(Text(big).find("[truncated by the kosmo MCP gateway]"), std::string::npos);
  EXPECT_EQ(Envelope(big)["result"][0].GetStringLength(), 100000u);
}

TEST_F(CodeModeTest, BadArgumentsAreErrorResultsAndNonObjectsProtocolErrors) {
  EXPECT_EQ(ErrorCodeOf(Call("lua_execute", R"({})")), "usage");
  EXPECT_EQ(ErrorCodeOf(Call("lua_execute", R"({"code": 1})")), "usage");
  EXPECT_EQ(ErrorCodeOf(Call("lua_execute", R"({"code": "return 1", "args": [1]})")), "usage");
  EXPECT_EQ(ErrorCodeOf(Call("lua_execute", R"({"code": "return 1", "timeout": -1})")), "usage");
  EXPECT_EQ(ErrorCodeOf(Call("lua_execute", R"({"code": "return 1", "memory_limit": 10})")),
            "usage");
  rapidjson::Document array;
  array.Parse("[1]");
  EXPECT_FALSE(static_cast<bool>(Tools().call_tool("lua_execute", array, {})));
}

TEST_F(CodeModeTest, CallsOutsideTheSelectionAreRefused) {
  cli::CodeModeSettings settings;
  settings.integrations = std::set<std::string>{"anthropic"};
  Tools(settings);
  rapidjson::Document result = Execute("return app.integrations.sinch.get_group({group_id = 'g'})");
  EXPECT_EQ(ErrorCodeOf(result), "permission_denied") << Text(result);
  EXPECT_EQ(server_.request_count(), 0u);
  rapidjson::Document mcp = Execute("return app.mcp.fs.read_file({path = 'x'})");
  EXPECT_TRUE(mcp["isError"].GetBool());
}

TEST_F(CodeModeTest, MemoryLimitOfOneRunDoesNotReachTheNext) {
  rapidjson::Document hog =
      Execute("local t = {} for i = 1, 1e7 do t[i] = string.rep('z', 64) .. i end",
              R"({"memory_limit": 1048576})");
  EXPECT_EQ(ErrorCodeOf(hog), "memory_limit") << Text(hog).substr(0, 300);
  rapidjson::Document next = Execute("local t = {} for i = 1, 1e5 do t[i] = i end return #t");
  EXPECT_FALSE(next["isError"].GetBool()) << Text(next);
  EXPECT_EQ(Envelope(next)["result"][0].GetInt(), 100000);
}

TEST_F(CodeModeTest, RunsRecordedByOneServerReplayInAnotherWithoutTheNetwork) {
  const std::string cassette = home_.path() + "/gateway-cassette.json";
  const std::string code = "return app.integrations.sinch.get_group({group_id = 'g7'}).id";
  cli::CodeModeSettings settings;
  settings.mcp_servers = std::set<std::string>{};
  {
    RunFlags record;
    record.record = cassette;
    cli::CommandContext recording(record);
    auto tools = cli::make_code_mode_tools(recording, settings);
    for (int i = 0; i < 2; ++i) {
      rapidjson::Document recorded = ExecuteOn(*tools, code);
      ASSERT_FALSE(recorded["isError"].GetBool()) << Text(recorded);
    }
    ASSERT_FALSE(recording.finish_http().has_value());  // what mcp:serve does as it ends
  }
  ASSERT_EQ(server_.request_count(), 2u);
  std::ifstream written(cassette);
  std::string recorded((std::istreambuf_iterator<char>(written)), std::istreambuf_iterator<char>());
  EXPECT_EQ(recorded.find(token_), std::string::npos) << "the cassette holds the token";

  RunFlags replay;
  replay.replay = cassette;
  cli::CommandContext replaying(replay);
  auto tools = cli::make_code_mode_tools(replaying, settings);
  // The cassette is the server's whole session: each recorded exchange answers one call, in
  // whichever run makes it, and a call beyond them is a replay miss, never a live request.
  for (int i = 0; i < 2; ++i) {
    rapidjson::Document again = ExecuteOn(*tools, code);
    ASSERT_FALSE(again["isError"].GetBool()) << Text(again);
    EXPECT_STREQ(Envelope(again)["result"][0].GetString(), "g7");
  }
  rapidjson::Document beyond = ExecuteOn(*tools, code);
  EXPECT_EQ(ErrorCodeOf(beyond), "replay_miss") << Text(beyond);
  EXPECT_EQ(server_.request_count(), 2u);
}

}  // namespace
}  // namespace kosmo::e2e
