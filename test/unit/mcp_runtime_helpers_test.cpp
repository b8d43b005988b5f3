// The mcp.* helpers served by McpRuntime (path {"$mcp", helper}, arguments positional), through
// the Transport seam: what each returns, what it asks the server, which are logged as calls.
#include <gtest/gtest.h>

#include "test/unit/mcp_runtime_fixture.h"

namespace kosmo::mcp::runtime_test {
namespace {

class McpRuntimeHelpersTest : public McpRuntimeTest {};

// Keyed by server name with KosmoKrator's serverRow fields (McpRuntime::serverRow), kosmo's
// lua_name, project and trusted beside them. Was a list of kosmo's own fields: a script written
// for KosmoKrator indexes mcp.servers().fs and reads .source / .path / .permissions.
TEST_F(McpRuntimeHelpersTest, ServersDescribesEachEntry) {
  servers.servers.push_back(project_server("proj"));
  lua::CallOutcome outcome = helper("servers");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_FALSE(outcome.logged);
  EXPECT_EQ(outcome.function, "mcp.servers");
  EXPECT_EQ(json_text(outcome.data), compact(R"({
    "fs": {"name": "fs", "type": "stdio", "enabled": true, "source": "global",
           "path": "/home/user/.kosmo/mcp.json", "command": "fs-server",
           "args": ["--root", "/data"], "url": null, "timeout": 30,
           "permissions": {"read": "allow", "write": "ask"},
           "lua_name": "fs", "project": false, "trusted": true},
    "proj": {"name": "proj", "type": "stdio", "enabled": true, "source": "project",
             "path": "/repo/.mcp.json", "command": "proj-server",
             "args": ["--root", "/data"], "url": null, "timeout": 30,
             "permissions": {"read": "allow", "write": "ask"},
             "lua_name": "proj", "project": true, "trusted": false}})"));
}

// KosmoKrator's toolRow: function, lua_path, parameters and schema; description always a string
// and a tool without inputSchema shown with an empty object schema.
TEST_F(McpRuntimeHelpersTest, ToolsListsTheServersTools) {
  lua::CallOutcome outcome = helper("tools", R"(["fs"])");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_FALSE(outcome.logged);
  EXPECT_EQ(outcome.function, "mcp.tools");
  EXPECT_EQ(outcome.operation, config::Operation::kRead);
  ASSERT_EQ(outcome.data.Size(), 3u);
  EXPECT_EQ(json_text(outcome.data[1]), compact(R"(
    {"server": "fs", "name": "write_file", "function": "fs.write_file",
     "lua_path": "app.mcp.fs.write_file", "description": "Write a file.", "operation": "write",
     "parameters": [
       {"name": "path", "type": "string", "required": false, "description": ""},
       {"name": "content", "type": "string", "required": false, "description": ""}],
     "schema": {"type": "object", "properties": {"path": {"type": "string"},
                "content": {"type": "string"}}},
     "lua_name": "write_file"})"));
  EXPECT_EQ(json_text(outcome.data[2]), compact(R"(
    {"server": "fs", "name": "list-dir", "function": "fs.list_dir",
     "lua_path": "app.mcp.fs.list_dir", "description": "", "operation": "read",
     "parameters": [], "schema": {"type": "object", "properties": {}},
     "lua_name": "list_dir"})"));
  EXPECT_EQ(peer("fs").count("tools/call"), 0);
}

// Without a server: every enabled one, sorted by "<server>.<lua name>" as KosmoKrator sorts.
TEST_F(McpRuntimeHelpersTest, ToolsWithoutAServerListsEveryEnabledOne) {
  servers.servers.push_back(stdio_server("git"));
  servers.servers.push_back(stdio_server("off"));
  servers.servers.back().enabled = false;
  peer("git").tools = R"([{"name": "log", "annotations": {"readOnlyHint": true}}])";
  lua::CallOutcome outcome = helper("tools");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  ASSERT_EQ(outcome.data.Size(), 4u);
  std::vector<std::string> functions;
  for (const auto& row : outcome.data.GetArray()) functions.push_back(row["function"].GetString());
  EXPECT_EQ(functions,
            (std::vector<std::string>{"fs.list_dir", "fs.read_file", "fs.write_file", "git.log"}));
  EXPECT_EQ(opened_names(), (std::vector<std::string>{"fs", "git"}));
}

// A server that fails is skipped when no server is named (KosmoKrator's McpCatalog::tools).
TEST_F(McpRuntimeHelpersTest, ToolsWithoutAServerSkipsOneThatFails) {
  servers.servers.push_back(stdio_server("git"));
  const McpFailure refused{ErrorKind::kTransport, "refused"};
  peer("git").failures["initialize"] = {refused, refused, refused, refused};
  lua::CallOutcome outcome = helper("tools");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(outcome.data.Size(), 3u);  // fs's tools
}

// mcp.schema returns the tool's row, as mcp.tools lists it (KosmoKrator's mcp.schema); an
// unknown server or tool is KosmoKrator's "Unknown MCP function: <name>".
TEST_F(McpRuntimeHelpersTest, SchemaReturnsTheToolsRow) {
  lua::CallOutcome outcome = helper("schema", R"(["fs.read_file"])");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_FALSE(outcome.logged);
  const lua::CallOutcome listed = helper("tools", R"(["fs"])");
  EXPECT_EQ(json_text(outcome.data), json_text(listed.data[0]));

  for (const char* name : {"fs.nope", "nope.read_file"}) {
    lua::CallOutcome unknown = helper("schema", std::string("[\"") + name + "\"]");
    EXPECT_FALSE(unknown.ok);
    EXPECT_EQ(unknown.error_code, ErrorCode::kMcp);
    EXPECT_EQ(unknown.error_message, std::string("Unknown MCP function: ") + name);
  }
}

TEST_F(McpRuntimeHelpersTest, CallIsLoggedLikeAToolCall) {
  peer("fs").results["read_file"] = R"({"structuredContent":{"text":"hello"}})";
  lua::CallOutcome outcome = helper("call", R"(["fs.read_file", {"path": "a"}])");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_TRUE(outcome.logged);
  EXPECT_EQ(outcome.function, "fs.read_file");
  EXPECT_EQ(outcome.operation, config::Operation::kRead);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(json_text(outcome.data), R"({"text":"hello"})");
  EXPECT_EQ(peer("fs").last_params("tools/call"),
            R"({"name":"read_file","arguments":{"path":"a"},"_meta":{"progressToken":"kosmo-1"}})");
}

TEST_F(McpRuntimeHelpersTest, CallIsUnderTheSamePolicyAsATool) {
  lua::CallOutcome outcome = helper("call", R"(["fs.write_file", {"path": "a"}])");

  EXPECT_EQ(outcome.error_code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(outcome.logged);
  EXPECT_EQ(outcome.function, "fs.write_file");
  EXPECT_EQ(peer("fs").count("tools/call"), 0);
  EXPECT_EQ(helper("call", R"(["fs.nope"])").error_message, "Unknown function: app.mcp.fs.nope.");
}

TEST_F(McpRuntimeHelpersTest, ResourcesAndPromptsAreEmptyWithoutTheirCapability) {
  lua::CallOutcome resources = helper("resources", R"(["fs"])");
  lua::CallOutcome prompts = helper("prompts", R"(["fs"])");

  ASSERT_TRUE(resources.ok) << resources.error_message;
  ASSERT_TRUE(prompts.ok) << prompts.error_message;
  EXPECT_EQ(json_text(resources.data), "[]");
  EXPECT_EQ(json_text(prompts.data), "[]");
  EXPECT_FALSE(resources.logged);
  EXPECT_EQ(peer("fs").methods, std::vector<std::string>{"initialize"}) << "nothing asked";
}

TEST_F(McpRuntimeHelpersTest, ResourcesAndPromptsAreAskedForWhenDeclared) {
  ScriptedServer& fs = peer("fs");
  fs.initialize_result =
      R"({"protocolVersion":"2025-11-25","capabilities":{"tools":{},"resources":{},"prompts":{}}})";
  fs.resources = R"([{"uri": "file:///data/a.txt", "name": "a.txt"}])";
  fs.prompts = R"([{"name": "review"}])";

  EXPECT_EQ(json_text(helper("resources", R"(["fs"])").data),
            R"([{"uri":"file:///data/a.txt","name":"a.txt"}])");
  EXPECT_EQ(json_text(helper("prompts", R"(["fs"])").data), R"([{"name":"review"}])");
  ASSERT_TRUE(helper("read_resource", R"(["fs", "file:///data/a.txt"])").ok);
  EXPECT_EQ(fs.last_params("resources/read"), R"({"uri":"file:///data/a.txt"})");
  ASSERT_TRUE(helper("get_prompt", R"(["fs", "review", {"style": "terse"}])").ok);
  EXPECT_EQ(fs.last_params("prompts/get"), R"({"name":"review","arguments":{"style":"terse"}})");
}

TEST_F(McpRuntimeHelpersTest, BadArgumentsNameTheArgument) {
  struct Case {
    const char* helper;
    const char* arguments;
    const char* message;
  };
  const Case cases[] = {
      {"tools", "[1]", "mcp.tools: argument #1 (server) must be a string"},
      {"schema", "[]", "mcp.schema: argument #1 (\"server.tool\") must be a string"},
      {"call", R"(["fs.read_file", "a"])",
       "mcp.call: argument #2 must be a table of named arguments"},
      {"resources", "[]", "mcp.resources: argument #1 (server) must be a string"},
      {"read_resource", R"(["fs"])", "mcp.read_resource: argument #2 (uri) must be a string"},
      {"get_prompt", R"(["fs", 7])", "mcp.get_prompt: argument #2 (name) must be a string"},
      {"tools", R"(["nope"])", "Unknown MCP server 'nope'. Configured: fs."},
      {"nope", "[]", "Unknown function: mcp.nope."},
  };
  for (const Case& c : cases) {
    lua::CallOutcome outcome = helper(c.helper, c.arguments);
    EXPECT_FALSE(outcome.ok) << c.helper;
    EXPECT_EQ(outcome.error_code, ErrorCode::kMcp) << c.helper;
    EXPECT_EQ(outcome.error_message, c.message);
    EXPECT_EQ(outcome.function, std::string("mcp.") + c.helper);
    EXPECT_FALSE(outcome.retryable);
  }
}

// mcp.tools() without a server lists the servers kosmo may start: a repository's untrusted
// .mcp.json does not fail the listing (as `kosmo mcp:tools` and the reference skip it).
TEST_F(McpRuntimeHelpersTest, ToolsWithoutAServerSkipsUntrustedProjectServers) {
  servers.servers.push_back(project_server("proj"));
  lua::CallOutcome outcome = helper("tools");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(outcome.data.Size(), 3u);  // fs's tools
  EXPECT_EQ(opened_names(), std::vector<std::string>{"fs"});
}

// Every helper's failure is redacted before the script sees it, not only mcp.call's: a server
// that echoes the entry's token must not hand it to the script (product §7).
TEST_F(McpRuntimeHelpersTest, HelperErrorsAreRedacted) {
  servers.servers.push_back(remote_server());
  const McpFailure echo{ErrorKind::kTransport, "refused Bearer tok-canary-1234"};
  peer("remote").failures["initialize"] = {echo, echo, echo, echo};

  EXPECT_EQ(helper("call", R"(["remote.x"])").error_message, "refused <redacted>");
  EXPECT_EQ(helper("tools", R"(["remote"])").error_message, "refused <redacted>");
  EXPECT_EQ(helper("schema", R"(["remote.x"])").error_message, "refused <redacted>");
  EXPECT_EQ(helper("resources", R"(["remote"])").error_message, "refused <redacted>");
}

// Results are redacted too, before the script holds them (a script can reverse or re-encode a
// value past any filter on what it prints): a tool's data and every helper's alike.
TEST_F(McpRuntimeHelpersTest, ResultsAreRedacted) {
  servers.servers.push_back(remote_server());
  ScriptedServer& remote = peer("remote");
  remote.initialize_result =
      R"({"protocolVersion":"2025-11-25","capabilities":{"tools":{},"resources":{}}})";
  remote.tools = R"([{"name": "whoami", "description": "Says TOK-CANARY-1234",
                      "annotations": {"readOnlyHint": true}, "inputSchema": {"type": "object"}}])";
  remote.results["whoami"] = R"({"content":[],"structuredContent":{"token":"tok-canary-1234"}})";
  remote.resources = R"([{"uri": "x://tok-canary-1234", "name": "key"}])";

  EXPECT_EQ(json_text(call("remote", "whoami").data), R"({"token":"<redacted>"})");
  EXPECT_EQ(json_text(helper("call", R"(["remote.whoami"])").data), R"({"token":"<redacted>"})");
  EXPECT_EQ(json_text(helper("resources", R"(["remote"])").data),
            R"([{"uri":"x://<redacted>","name":"key"}])");
  const lua::CallOutcome tools = helper("tools", R"(["remote"])");
  ASSERT_TRUE(tools.ok) << tools.error_message;
  EXPECT_STREQ(tools.data[0]["description"].GetString(), "Says <redacted>");
}

// mcp.read_resource and mcp.get_prompt check their arguments before the server starts, so a
// mistake in the call is the error the script sees, and nothing is started for it.
TEST_F(McpRuntimeHelpersTest, ArgumentErrorsStartNothing) {
  EXPECT_EQ(helper("read_resource", R"(["fs"])").error_message,
            "mcp.read_resource: argument #2 (uri) must be a string");
  EXPECT_EQ(helper("get_prompt", R"(["fs"])").error_message,
            "mcp.get_prompt: argument #2 (name) must be a string");
  EXPECT_TRUE(opened.empty());
}

}  // namespace
}  // namespace kosmo::mcp::runtime_test
