// McpRuntime through the Transport seam: app.mcp.<server>.<tool>(args), its results, the
// read/write policy, --dry-run and argument handling. Sessions, trust and failures are in
// mcp_runtime_session_test.cpp, the mcp.* helpers in mcp_runtime_helpers_test.cpp.
#include <gtest/gtest.h>

#include "test/unit/mcp_runtime_fixture.h"

namespace kosmo::mcp::runtime_test {
namespace {

constexpr const char kWriteRefusal[] =
    "MCP server 'fs' write access requires approval. Re-run with --force or set "
    "integrations.\"mcp.fs\".permissions.write: allow.";

constexpr const char kAllowFsWrites[] =
    R"(integrations: {"mcp.fs": {permissions: {write: allow}}})";

TEST_F(McpRuntimeTest, ReadOnlyToolReturnsItsStructuredContent) {
  peer("fs").results["read_file"] =
      R"({"content":[{"type":"text","text":"ignored"}],"structuredContent":{"size":3}})";
  lua::CallOutcome outcome = call("fs", "read_file", R"({"path":"/data/a.txt"})");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(json_text(outcome.data), R"({"size":3})");
  EXPECT_EQ(outcome.function, "fs.read_file");
  EXPECT_EQ(outcome.operation, config::Operation::kRead);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_FALSE(outcome.dry_run);
  EXPECT_TRUE(outcome.logged);
  EXPECT_EQ(peer("fs").last_params("tools/call"),
            R"({"name":"read_file","arguments":{"path":"/data/a.txt"},)" R"("_meta":{"progressToken":"kosmo-1"}})");
}

TEST_F(McpRuntimeTest, SingleJsonTextBlockIsDecoded) {
  peer("fs").results["read_file"] =
      R"({"content":[{"type":"text","text":"{\"lines\":[1,2],\"eof\":true}"}]})";
  lua::CallOutcome outcome = call("fs", "read_file", R"({"path":"a"})");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(json_text(outcome.data), R"({"lines":[1,2],"eof":true})");
}

TEST_F(McpRuntimeTest, ErrorResultIsAnMcpErrorWithItsText) {
  peer("fs").results["read_file"] =
      R"({"isError":true,"content":[{"type":"text","text":"  No such file: a  "}]})";
  lua::CallOutcome outcome = call("fs", "read_file", R"({"path":"a"})");

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_code, ErrorCode::kMcp);
  EXPECT_EQ(outcome.error_message, "No such file: a");
  EXPECT_FALSE(outcome.retryable);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(outcome.function, "fs.read_file");
}

TEST_F(McpRuntimeTest, WriteIsRefusedByDefault) {
  lua::CallOutcome outcome = call("fs", "write_file", R"({"path":"a","content":"b"})");

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(outcome.error_message, kWriteRefusal);
  EXPECT_EQ(outcome.function, "fs.write_file");
  EXPECT_EQ(outcome.operation, config::Operation::kWrite);
  EXPECT_EQ(outcome.attempts, 0);
  EXPECT_EQ(peer("fs").count("tools/call"), 0);
}

TEST_F(McpRuntimeTest, WriteIsSentWithForce) {
  flags.force = true;
  env.set("KOSMO_MCP_ALLOW_FORCE", "1");  // KosmoKrator's opt-in for --force on MCP
  lua::CallOutcome outcome = call("fs", "write_file", R"({"path":"a","content":"b"})");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(json_text(outcome.data), R"("ok")");
  EXPECT_EQ(outcome.operation, config::Operation::kWrite);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(peer("fs").last_params("tools/call"),
            R"({"name":"write_file","arguments":{"path":"a","content":"b"},)" R"("_meta":{"progressToken":"kosmo-1"}})");
}

// KosmoKrator's McpPermissionEvaluator::normalizeForce: --force on MCP without the opt-in is
// refused, whatever the policy says and before anything starts.
TEST_F(McpRuntimeTest, ForceWithoutTheOptInIsRefused) {
  flags.force = true;
  user_yaml = kAllowFsWrites;
  lua::CallOutcome outcome = call("fs", "write_file", R"({"path":"a","content":"b"})");

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(outcome.error_message,
            "MCP --force bypass is disabled. Set kosmo.mcp.allow_force_bypass=true only for "
            "trusted automation.");
  EXPECT_TRUE(opened.empty());
}

TEST_F(McpRuntimeTest, ForceOptInFromTheUsersConfig) {
  flags.force = true;
  user_yaml = "mcp:\n  allow_force_bypass: true\n";
  env.set("KOSMO_MCP_ALLOW_FORCE", "0");  // the setting wins over the variable, as in KosmoKrator
  EXPECT_TRUE(call("fs", "write_file", R"({"path":"a","content":"b"})").ok);
}

TEST_F(McpRuntimeTest, WriteIsAllowedByUserConfig) {
  user_yaml = kAllowFsWrites;
  lua::CallOutcome outcome = call("fs", "write_file", R"({"path":"a","content":"b"})");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(peer("fs").count("tools/call"), 1);
}

TEST_F(McpRuntimeTest, ProjectConfigNarrowsTheUsersPermission) {
  user_yaml = kAllowFsWrites;
  project_yaml = R"(integrations: {"mcp.fs": {permissions: {write: deny}}})";
  lua::CallOutcome outcome = call("fs", "write_file", R"({"path":"a","content":"b"})");

  EXPECT_EQ(outcome.error_code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(outcome.error_message,
            "MCP server 'fs' write access is denied by the project policy in project.yaml. "
            "Re-run with --force or change integrations.\"mcp.fs\".permissions.write there.");
  EXPECT_EQ(peer("fs").count("tools/call"), 0);
}

TEST_F(McpRuntimeTest, ProjectConfigNeverWidensTheUsersPermission) {
  project_yaml = kAllowFsWrites;
  lua::CallOutcome outcome = call("fs", "write_file", R"({"path":"a","content":"b"})");

  EXPECT_EQ(outcome.error_code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(outcome.error_message, kWriteRefusal);
  EXPECT_EQ(peer("fs").count("tools/call"), 0);
}

TEST_F(McpRuntimeTest, DryRunDescribesAWriteAndSendsNoCall) {
  flags.dry_run = true;
  flags.force = true;  // --force never turns a dry run into a real write
  env.set("KOSMO_MCP_ALLOW_FORCE", "1");
  lua::CallOutcome outcome = call("fs", "write_file", R"({"path":"a","content":"b"})");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_TRUE(outcome.dry_run);
  EXPECT_EQ(outcome.attempts, 0);
  EXPECT_EQ(outcome.function, "fs.write_file");
  EXPECT_EQ(outcome.operation, config::Operation::kWrite);
  EXPECT_EQ(json_text(outcome.data), compact(R"({
    "dry_run": true, "function": "fs.write_file",
    "request": {"method": "tools/call", "server": "fs", "tool": "write_file",
                "arguments": {"path": "a", "content": "b"}}})"));
  EXPECT_EQ(peer("fs").count("tools/call"), 0);
}

TEST_F(McpRuntimeTest, DryRunStillCallsReads) {
  flags.dry_run = true;
  lua::CallOutcome outcome = call("fs", "read_file", R"({"path":"a"})");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_FALSE(outcome.dry_run);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(peer("fs").count("tools/call"), 1);
}

TEST_F(McpRuntimeTest, ToolIsFoundByItsLuaName) {
  lua::CallOutcome outcome = call("fs", "list_dir");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(outcome.function, "fs.list-dir");
  EXPECT_EQ(peer("fs").last_params("tools/call"),
            R"({"name":"list-dir","arguments":{},"_meta":{"progressToken":"kosmo-1"}})");
}

TEST_F(McpRuntimeTest, UnknownServerNamesTheConfiguredOnes) {
  lua::CallOutcome outcome = call("nope", "read_file");

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_code, ErrorCode::kMcp);
  EXPECT_EQ(outcome.error_message, "Unknown MCP server 'nope'. Configured: fs.");
  EXPECT_EQ(call("fss", "read_file").error_message, "Unknown MCP server 'fss'. Did you mean: fs?");
  EXPECT_TRUE(opened.empty());
}

TEST_F(McpRuntimeTest, UnknownToolSuggestsTheNearestTools) {
  lua::CallOutcome outcome = call("fs", "write");

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_code, ErrorCode::kMcp);
  EXPECT_EQ(outcome.error_message,
            "Unknown function: app.mcp.fs.write. Did you mean: app.mcp.fs.write_file?");
  EXPECT_EQ(call("fs", "nope").error_message, "Unknown function: app.mcp.fs.nope.");
  EXPECT_EQ(peer("fs").count("tools/call"), 0);
}

TEST_F(McpRuntimeTest, PositionalArgumentsAreRefused) {
  lua::CallOutcome outcome = call_positional("fs", "read_file", R"(["/data/a.txt"])");

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_code, ErrorCode::kMcp);
  EXPECT_EQ(outcome.error_message, "app.mcp.fs.read_file takes one table of named arguments.");
  EXPECT_EQ(outcome.function, "fs.read_file");
  EXPECT_EQ(outcome.operation, config::Operation::kRead);
  EXPECT_EQ(peer("fs").count("tools/call"), 0);
  EXPECT_TRUE(call_positional("fs", "read_file", "[]").ok) << "no arguments at all is {}";
}

TEST_F(McpRuntimeTest, EmptyTableBecomesAnObjectWhereTheSchemaWantsOne) {
  lua::CallOutcome outcome =
      call("fs", "read_file", R"({"path":"a","options":[],"tags":[],"extra":[]})");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(peer("fs").last_params("tools/call"),
            R"({"name":"read_file","arguments":{"path":"a","options":{},"tags":[],"extra":[]},)"
            R"("_meta":{"progressToken":"kosmo-1"}})");
}

}  // namespace
}  // namespace kosmo::mcp::runtime_test
