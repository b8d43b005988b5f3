// open_session: the checks made before anything is started, and expansion on the way to a
// running server.
#include <gtest/gtest.h>

#include "lib/mcp/errors.h"
#include "lib/mcp/open_session.h"
#include "lib/mcp/tool_result.h"
#include "test/fakes/mcp/fake_mcp_process.h"
#include "test/unit/outcome_testing.h"

namespace kosmo::mcp {
namespace {

ServerConfig stdio_server(const std::string& command) {
  ServerConfig server;
  server.name = "srv";
  server.command = command;
  return server;
}

McpFailure open_error(const ServerConfig& server, const OpenOptions& options = {}) {
  config::KosmoConfig user_config;
  return test::failure_of(open_session(server, user_config, options));
}

TEST(McpOpenSessionTest, DisabledServersDoNotStart) {
  ServerConfig server = stdio_server("/bin/cat");
  server.enabled = false;
  McpFailure error = open_error(server);
  EXPECT_EQ(error.kind, ErrorKind::kConfig);
  EXPECT_EQ(error.message, "MCP server 'srv' is disabled.");
  EXPECT_TRUE(test::no_child_processes());
}

TEST(McpOpenSessionTest, UntrustedProjectServersDoNotStart) {
  ServerConfig server = stdio_server("/bin/cat");
  server.from_project = true;
  server.source_file = "/repo/.mcp.json";
  EXPECT_EQ(open_error(server).kind, ErrorKind::kUntrusted);
  EXPECT_TRUE(test::no_child_processes());
}

TEST(McpOpenSessionTest, TransportProblemsAreConfigErrors) {
  ServerConfig sse;
  sse.name = "old";
  sse.type = "sse";
  sse.transport = nullptr;
  sse.url = "http://localhost/sse";
  EXPECT_EQ(open_error(sse).message,
            "MCP server 'old' uses unsupported transport 'sse' (supported: stdio, http).");

  ServerConfig remote;
  remote.name = "remote";
  remote.transport = transport_for("http", true);
  remote.url = "http://localhost/mcp";
  EXPECT_EQ(open_error(remote).message,
            "MCP server 'remote' needs HTTP, which this command does not offer.");
}

TEST(McpOpenSessionTest, TrustedProjectServerStartsWithExpandedValues) {
  std::string fake;
  KOSMO_REQUIRE_FAKE_MCP(fake);
  ServerConfig server = stdio_server(fake);
  server.from_project = true;
  server.env = {{"GREETING", "hello ${WHO}"}, {"MISSING", "${NOT_SET}"}};
  config::KosmoConfig user_config;
  user_config.set_trusted_fingerprint("srv", fingerprint(server));
  config::MapEnvironment env({{"WHO", "world"}, {"PATH", "/usr/bin:/bin"}});
  {
    std::unique_ptr<Session> session =
        open_session(server, user_config, {.environment = &env}).value();
    rapidjson::Document none(rapidjson::kObjectType);
    ToolResult result = normalize_tool_result(session->call_tool("get_env", none).value());
    ASSERT_FALSE(result.is_error);
    EXPECT_STREQ(result.value["env"]["GREETING"].GetString(), "hello world");
    EXPECT_STREQ(result.value["env"]["MISSING"].GetString(), "");
  }
  EXPECT_TRUE(test::no_child_processes());
}

// Never called: opening an HTTP session sends nothing until the first request.
class UnusedHttpClient : public http::HttpClient {
 public:
  http::HttpResult send(const http::HttpRequest&) override {
    ADD_FAILURE() << "open_session sent a request";
    return {};
  }
};

TEST(McpOpenSessionTest, CredentialsOfTheEntryAreRegisteredWithTheRedactor) {
  ServerConfig remote;
  remote.name = "remote";
  remote.transport = transport_for("http", true);
  remote.url = "http://localhost/mcp";
  remote.headers = {{"Authorization", "Bearer ${E2E_TOKEN}"},
                    {"X-Api-Key", "literal-key-5678"},
                    {"X-Trace", "trace-visible-1"}};
  remote.env = {{"SERVICE_SECRET", "${E2E_SECRET}"}, {"LOG_LEVEL", "${E2E_LEVEL}"}};
  config::MapEnvironment env({{"E2E_TOKEN", "tok-canary-1234"},
                              {"E2E_SECRET", "sec-canary-9876"},
                              {"E2E_LEVEL", "debug"}});
  UnusedHttpClient client;
  http::Redactor redactor;
  config::KosmoConfig user_config;
  (void)open_session(remote, user_config,
               {.environment = &env, .http_client = &client, .redactor = &redactor});

  EXPECT_EQ(redactor.redact("got tok-canary-1234"), "got <redacted>");
  EXPECT_EQ(redactor.redact("Bearer tok-canary-1234"), "<redacted>");
  EXPECT_EQ(redactor.redact("literal-key-5678"), "<redacted>");
  EXPECT_EQ(redactor.redact("sec-canary-9876"), "<redacted>");
  EXPECT_EQ(redactor.redact("trace-visible-1 at debug"), "trace-visible-1 at debug")
      << "values without a credential's name stay readable";
}

}  // namespace
}  // namespace kosmo::mcp
