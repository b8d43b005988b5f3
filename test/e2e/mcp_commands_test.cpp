// End to end: the mcp:* companion commands against the fake MCP server — adding and removing
// user servers, listing, tools, calls through the runtime, and the trust flow of project
// servers (an untrusted entry is never started; trusting makes it startable; a changed entry
// needs trust again).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"
#include "lib/common/file_read.h"

namespace kosmo::e2e {
namespace {

namespace fs = std::filesystem;

class McpCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* fake = std::getenv("KOSMO_FAKE_MCP");
    if (fake == nullptr || *fake == '\0') GTEST_SKIP() << "KOSMO_FAKE_MCP is not set";
    fake_ = fake;
  }

  ProcessResult Run(std::vector<std::string> args) {
    ProcessOptions options;
    options.args = std::move(args);
    options.minimal_env = true;
    options.env = {{"KOSMO_HOME", home_.path()}, {"HOME", home_.path()}};
    if (allow_force_) options.env.emplace_back("KOSMO_MCP_ALLOW_FORCE", "1");
    options.cwd = project_.path();
    options.measure_child_rss = false;
    return RunKosmo(options);
  }

  // Runs with --json appended and parses the one document on stdout.
  rapidjson::Document Json(std::vector<std::string> args, int expected_exit) {
    args.push_back("--json");
    const ProcessResult result = Run(args);
    EXPECT_EQ(result.exit_code, expected_exit) << result.Describe() << "\n"
                                               << result.out << result.err;
    rapidjson::Document doc;
    std::string why;
    EXPECT_TRUE(ParseSingleJson(result.out, &doc, &why)) << why << "\n" << result.out;
    return doc;
  }

  // A project server that leaves a marker file each time it is started.
  void WriteProjectServer(const std::string& extra_env = "") {
    // A shell builtin: the child's minimal environment may have no PATH for `touch`.
    const std::string script = ": > '" + Marker() + "'; exec '" + fake_ + "'";
    std::string entry = R"({"command": "/bin/sh", "args": ["-c", ")" + script + R"("])";
    if (!extra_env.empty()) entry += R"(, "env": {"MODE": ")" + extra_env + R"("})";
    project_.WriteFile(".mcp.json", R"({"mcpServers": {"proj": )" + entry + "}}}\n");
  }

  std::string Marker() const { return home_.path() + "/started.marker"; }
  bool Started() const { return fs::exists(Marker()); }
  std::string UserFile() const { return home_.path() + "/mcp.json"; }

  static std::string Text(const rapidjson::Value& doc, const char* key) {
    return doc.IsObject() && doc.HasMember(key) && doc[key].IsString() ? doc[key].GetString() : "";
  }

  bool allow_force_ = false;  // KOSMO_MCP_ALLOW_FORCE=1 in every run from here on
  TempDir home_{"kosmo-mcpcmd-home-"};
  TempDir project_{"kosmo-mcpcmd-project-"};
  std::string fake_;
};

TEST_F(McpCommandTest, AddWritesTheUserFileOwnerOnlyAndReplacesAnExistingEntry) {
  auto doc = Json({"mcp:add", "fake", "--command", fake_, "--env", "TOKEN=${FAKE_TOKEN}"}, 0);
  EXPECT_TRUE(doc["success"].GetBool());
  EXPECT_EQ(Text(doc, "file"), UserFile());
  EXPECT_EQ(Text(doc, "type"), "stdio");
  struct stat info {};
  ASSERT_EQ(::stat(UserFile().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  // KosmoKrator's mcp:add is an upsert: running a setup script again replaces the entry.
  doc = Json({"mcp:add", "fake", "--command", "/bin/true"}, 0);
  EXPECT_TRUE(doc["replaced"].GetBool());
  rapidjson::Document file;
  file.Parse(read_file(UserFile()).text.c_str());
  ASSERT_TRUE(file.IsObject());
  EXPECT_EQ(std::string(file["mcpServers"]["fake"]["command"].GetString()), "/bin/true");

  // --replace, which earlier kosmo versions required, is still accepted.
  doc = Json({"mcp:add", "fake", "--command", fake_, "--replace", "--timeout", "5"}, 0);
  EXPECT_TRUE(doc["replaced"].GetBool());
  // Whole seconds are written as an integer, as KosmoKrator writes them.
  file.Parse(read_file(UserFile()).text.c_str());
  ASSERT_TRUE(file.IsObject());
  EXPECT_TRUE(file["mcpServers"]["fake"]["timeout"].IsInt());
  EXPECT_EQ(read_file(UserFile()).text.find("5.0"), std::string::npos);
}

TEST_F(McpCommandTest, AddKeepsOtherEntriesAndUnknownKeys) {
  home_.WriteFile("mcp.json", R"({"other": {"keep": 1}, "mcpServers": {"a": {"command": "x"}}})");
  Json({"mcp:add", "b", "--url", "http://127.0.0.1:9/mcp", "--header", "X-Key=${KEY}"}, 0);
  std::ifstream in(UserFile());
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document file;
  file.Parse(text.str().c_str());
  ASSERT_FALSE(file.HasParseError()) << text.str();
  EXPECT_EQ(file["other"]["keep"].GetInt(), 1);
  EXPECT_TRUE(file["mcpServers"].HasMember("a"));
  EXPECT_EQ(std::string(file["mcpServers"]["b"]["type"].GetString()), "http");
  EXPECT_EQ(std::string(file["mcpServers"]["b"]["headers"]["X-Key"].GetString()), "${KEY}");
}

TEST_F(McpCommandTest, ListToolsAndCallAUserServer) {
  Json({"mcp:add", "fake", "--command", fake_}, 0);
  auto doc = Json({"mcp:list"}, 0);
  // KosmoKrator's mcp:list shape: servers keyed by name.
  ASSERT_EQ(doc["servers"].MemberCount(), 1u);
  EXPECT_EQ(Text(doc["servers"]["fake"], "trust"), "not required");
  EXPECT_EQ(Text(doc["servers"]["fake"], "source"), "global");

  doc = Json({"mcp:tools", "fake"}, 0);
  bool found = false;
  for (const auto& tool : doc["tools"].GetArray()) {
    if (Text(tool, "name") != "get-weather") continue;
    found = true;
    EXPECT_EQ(Text(tool, "lua_path"), "app.mcp.fake.get_weather");
    EXPECT_EQ(Text(tool, "operation"), "read");
  }
  EXPECT_TRUE(found) << ToJson(doc);

  doc = Json({"mcp:call", "fake.echo", "--arg", "message=hi"}, 0);
  EXPECT_EQ(std::string(doc["data"].GetString()), "hi");
  EXPECT_EQ(Text(doc["integration_calls"][0], "path"), "mcp.fake.echo");
  EXPECT_EQ(Text(doc["integration_calls"][0], "operation"), "read");

  doc = Json({"mcp:call", "fake.get_weather", R"({"city": "Oslo"})"}, 0);
  EXPECT_EQ(std::string(doc["data"]["city"].GetString()), "Oslo");
}

TEST_F(McpCommandTest, CallErrorsMapToExitCodes) {
  Json({"mcp:add", "fake", "--command", fake_}, 0);
  // --force on MCP is KosmoKrator's opt-in (KOSMO_MCP_ALLOW_FORCE); without it, refused.
  auto doc = Json({"mcp:call", "fake.fail", "--force"}, 4);
  EXPECT_NE(Text(doc, "error").find("force bypass is disabled"), std::string::npos);
  allow_force_ = true;
  doc = Json({"mcp:call", "fake.fail", "--force"}, 1);  // a write: no readOnlyHint
  EXPECT_EQ(Text(doc, "error_code"), "mcp_error");
  EXPECT_NE(Text(doc, "error").find("Something went wrong"), std::string::npos);

  doc = Json({"mcp:call", "fake.create_issue", "--arg", "title=x"}, 4);
  EXPECT_EQ(Text(doc, "error_code"), "permission_denied");
  doc = Json({"mcp:call", "fake.create_issue", "--arg", "title=x", "--dry-run"}, 0);
  EXPECT_TRUE(doc["data"]["dry_run"].GetBool()) << ToJson(doc);
  doc = Json({"mcp:call", "fake.create_issue", "--arg", "title=x", "--force"}, 0);
  EXPECT_TRUE(doc["data"]["created"].GetBool()) << ToJson(doc);

  doc = Json({"mcp:call", "fkae.echo"}, 2);
  EXPECT_NE(Text(doc, "error").find("Did you mean: fake"), std::string::npos) << Text(doc, "error");
  doc = Json({"mcp:tools", "nope"}, 2);
  EXPECT_EQ(Text(doc, "error_code"), "usage");
}

TEST_F(McpCommandTest, RemoveDeletesOnlyUserEntries) {
  Json({"mcp:add", "fake", "--command", fake_}, 0);
  Json({"mcp:remove", "fake"}, 0);
  auto doc = Json({"mcp:list"}, 0);
  EXPECT_EQ(doc["servers"].MemberCount(), 0u);
  doc = Json({"mcp:remove", "fake"}, 2);
  EXPECT_EQ(Text(doc, "error_code"), "usage");

  WriteProjectServer();
  // Without --project the project's .mcp.json is not edited; the error says how to.
  doc = Json({"mcp:remove", "proj"}, 2);
  EXPECT_NE(Text(doc, "error").find("give --project"), std::string::npos) << Text(doc, "error");
  EXPECT_TRUE(fs::exists(project_.path() + "/.mcp.json"));
}

TEST_F(McpCommandTest, UntrustedProjectServerIsNeverStartedUntilTrusted) {
  WriteProjectServer();
  auto doc = Json({"mcp:list"}, 0);
  EXPECT_EQ(Text(doc["servers"]["proj"], "trust"), "untrusted");
  EXPECT_TRUE(doc["servers"]["proj"]["project"].GetBool());

  // Without KosmoKrator's opt-in (KOSMO_MCP_ALLOW_FORCE), --force is refused before trust.
  doc = Json({"mcp:call", "proj.echo", "--arg", "message=x", "--force"}, 4);
  EXPECT_EQ(Text(doc, "error_code"), "permission_denied");
  EXPECT_NE(Text(doc, "error").find("force bypass is disabled"), std::string::npos);
  doc = Json({"mcp:tools", "proj"}, 4);
  EXPECT_EQ(Text(doc, "error_code"), "untrusted_server");
  doc = Json({"mcp:tools"}, 0);
  ASSERT_EQ(doc["unavailable"].Size(), 1u);
  EXPECT_EQ(Text(doc["unavailable"][0], "reason"), "untrusted");
  EXPECT_FALSE(Started()) << "an untrusted project server was spawned";

  doc = Json({"mcp:trust", "proj"}, 0);
  EXPECT_EQ(Text(doc, "trust"), "trusted");
  EXPECT_EQ(Text(doc, "previous"), "untrusted");
  EXPECT_EQ(Text(doc, "fingerprint").size(), 64u);
  EXPECT_EQ(Text(doc, "config_file"), home_.path() + "/config.yaml");
  doc = Json({"mcp:call", "proj.echo", "--arg", "message=trusted"}, 0);
  EXPECT_EQ(std::string(doc["data"].GetString()), "trusted");
  EXPECT_TRUE(Started());
}

TEST_F(McpCommandTest, ChangedProjectEntryNeedsTrustAgain) {
  WriteProjectServer();
  Json({"mcp:trust", "proj"}, 0);
  WriteProjectServer("changed");
  auto doc = Json({"mcp:list"}, 0);
  EXPECT_EQ(Text(doc["servers"]["proj"], "trust"), "changed");
  doc = Json({"mcp:call", "proj.echo", "--arg", "message=x"}, 4);
  EXPECT_EQ(Text(doc, "error_code"), "untrusted_server");
  EXPECT_NE(Text(doc, "error").find("changed"), std::string::npos) << Text(doc, "error");
  EXPECT_FALSE(Started());

  doc = Json({"mcp:trust", "proj"}, 0);
  EXPECT_EQ(Text(doc, "previous"), "changed");
  Json({"mcp:call", "proj.echo", "--arg", "message=x"}, 0);
  EXPECT_TRUE(Started());

  doc = Json({"mcp:trust", "proj", "--revoke"}, 0);
  EXPECT_EQ(Text(doc, "trust"), "untrusted");
  fs::remove(Marker());
  Json({"mcp:call", "proj.echo", "--arg", "message=x"}, 4);
  EXPECT_FALSE(Started());
}

TEST_F(McpCommandTest, TrustOfUserServerIsNotRequiredAndUnknownNamesSuggest) {
  Json({"mcp:add", "fake", "--command", fake_}, 0);
  auto doc = Json({"mcp:trust", "fake"}, 0);
  EXPECT_EQ(Text(doc, "trust"), "not required");
  doc = Json({"mcp:trust", "fak"}, 2);
  EXPECT_EQ(Text(doc, "error_code"), "usage");
  EXPECT_NE(Text(doc, "error").find("Did you mean: fake"), std::string::npos) << Text(doc, "error");

  const ProcessResult plain = Run({"mcp:trust", "fake"});
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_NE(plain.out.find("trust is not required"), std::string::npos) << plain.out;
}

}  // namespace
}  // namespace kosmo::e2e
