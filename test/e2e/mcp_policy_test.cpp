// Trust and permissions of MCP servers through the built binary: an untrusted project server is
// refused before it is started, a trusted one runs until its entry changes; write tools need
// --force or a policy, and --dry-run describes a write instead of sending it.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>

#include "e2e/mcp_harness.h"
#include "lib/mcp/server_config.h"

namespace kosmo::e2e {
namespace {

namespace fs = std::filesystem;

class McpTrustTest : public McpTest {
 protected:
  // A project entry whose command leaves a file behind when it runs: the proof of "not started".
  std::string ProbeEntry(const std::string& greeting = "hello") const {
    return "{\"command\":\"sh\",\"args\":[\"-c\"," +
           JsonString("touch " + Probe() + "; exec " + FakeBinary()) + "],\"env\":{\"" +
           kMarkerVariable + "\":" + JsonString(marker()) +
           ",\"GREETING\":" + JsonString(greeting) + "}}";
  }
  std::string Probe() const { return project().path() + "/server-started"; }

  // What `kosmo mcp:trust proj` stores (the command is not ours to use here).
  static std::string Fingerprint(const std::string& name, const std::string& entry_json) {
    rapidjson::Document entry;
    entry.Parse(entry_json.c_str());
    return mcp::fingerprint(mcp::parse_server_entry(name, entry).value());
  }
};

TEST_F(McpTrustTest, UntrustedProjectServerIsRefusedAndNotStarted) {
  WriteProjectServers({{"proj", ProbeEntry()}});
  McpRun run = Lua("return app.mcp.proj.echo{message = 'x'}");
  EXPECT_EQ(run.exit_code(), 4) << run.Describe();
  EXPECT_EQ(run.error_code(), "untrusted_server");
  EXPECT_NE(run.error().find("mcp:trust proj"), std::string::npos) << run.error();
  EXPECT_FALSE(fs::exists(Probe())) << "an untrusted project server was started";
  // Every helper that would start it is refused the same way, but mcp.tools, which lists no
  // tools for an untrusted server (KosmoKrator's McpCatalog::tools filters it out).
  for (const char* code :
       {"return mcp.resources('proj')", "return mcp.call('proj.echo', {message = 'x'})",
        "return mcp.schema('proj.echo')"}) {
    run = Lua(code);
    EXPECT_EQ(run.exit_code(), 4) << code << "\n" << run.Describe();
    EXPECT_EQ(run.error_code(), "untrusted_server") << code;
  }
  run = Lua("return #mcp.tools('proj')");
  EXPECT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), "0");
  EXPECT_FALSE(fs::exists(Probe())) << "an untrusted project server was started";
  run = Lua("local s = mcp.servers().proj return s.project, s.trusted");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), "true");
  EXPECT_EQ(run.result_json(1), "false");
}

TEST_F(McpTrustTest, TrustedProjectServerRunsUntilItsEntryChanges) {
  WriteProjectServers({{"proj", ProbeEntry()}});
  WriteConfig("mcp:\n  trusted:\n    proj: " + Fingerprint("proj", ProbeEntry()) + "\n");
  McpRun run = Lua("return app.mcp.proj.echo{message = 'trusted'}, mcp.servers().proj.trusted");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), R"("trusted")");
  EXPECT_EQ(run.result_json(1), "true");
  EXPECT_TRUE(fs::exists(Probe()));

  fs::remove(Probe());
  WriteProjectServers({{"proj", ProbeEntry("changed")}});
  run = Lua("return app.mcp.proj.echo{message = 'x'}");
  EXPECT_EQ(run.exit_code(), 4) << run.Describe();
  EXPECT_EQ(run.error_code(), "untrusted_server");
  EXPECT_NE(run.error().find("changed"), std::string::npos) << run.error();
  EXPECT_FALSE(fs::exists(Probe())) << "a changed project server was started";
}

TEST_F(McpTrustTest, GlobalServersNeedNoTrust) {
  WriteGlobalServers({{"proj", ProbeEntry()}});
  McpRun run = Lua("return app.mcp.proj.echo{message = 'global'}");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(fs::exists(Probe()));
}

class McpWriteTest : public McpTest {};

TEST_F(McpWriteTest, WriteToolIsRefusedWithoutForce) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  McpRun run = Lua("return app.mcp.fake.create_issue{title = 'T'}");
  EXPECT_EQ(run.exit_code(), 4) << run.Describe();
  EXPECT_EQ(run.error_code(), "permission_denied");
  EXPECT_NE(run.error().find("--force"), std::string::npos) << run.error();
  // Reads need nothing.
  run = Lua("return app.mcp.fake.echo{message = 'read'}");
  EXPECT_EQ(run.exit_code(), 0) << run.Describe();
}

TEST_F(McpWriteTest, ForceRunsTheWrite) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  McpRun run = Lua("local r = app.mcp.fake.create_issue{title = 'T'} return r.created, r.title",
                   {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), "true");
  EXPECT_EQ(run.result_json(1), R"("T")");
  const auto& meta = run.envelope["meta"];
  EXPECT_TRUE(meta["permission_bypassed"].GetBool());
}

TEST_F(McpWriteTest, PolicyAllowsTheWrite) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  WriteConfig("integrations:\n  \"mcp.fake\":\n    permissions:\n      write: allow\n");
  McpRun run = Lua("return app.mcp.fake.create_issue{title = 'P'}.created");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), "true");
}

TEST_F(McpWriteTest, PolicyCanDenyReads) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  WriteConfig("integrations:\n  \"mcp.fake\":\n    permissions:\n      read: deny\n");
  McpRun run = Lua("return app.mcp.fake.echo{message = 'x'}");
  EXPECT_EQ(run.exit_code(), 4) << run.Describe();
  EXPECT_EQ(run.error_code(), "permission_denied");
}

// Over HTTP the fake logs every JSON-RPC method, so "not sent" is provable.
TEST_F(McpWriteTest, DryRunDescribesTheWriteAndSendsNothing) {
  const int port = StartHttpFake();
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"web", HttpEntry(port)}});
  McpRun run = Lua(R"(local d = app.mcp.web.create_issue{title = 'D'}
                      return d.dry_run, d.request.tool, d.request.arguments.title,
                             app.mcp.web.echo{message = 'reads still run'})",
                   {"--dry-run"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), "true");
  EXPECT_EQ(run.result_json(1), R"("create_issue")");
  EXPECT_EQ(run.result_json(2), R"("D")");
  EXPECT_EQ(run.result_json(3), R"("reads still run")");
  EXPECT_TRUE(run.envelope["meta"]["dry_run"].GetBool());
  const std::string log = HttpGet(port, "/debug/log");
  EXPECT_EQ(log.find("create_issue"), std::string::npos);
  size_t calls = 0;
  for (size_t at = log.find("tools/call"); at != std::string::npos;
       at = log.find("tools/call", at + 1)) {
    ++calls;
  }
  EXPECT_EQ(calls, 1u) << "only the echo read may reach the server: " << log;
}

}  // namespace
}  // namespace kosmo::e2e
