// Shared fixture of the MCP end-to-end tests: a fresh KOSMO_HOME and project directory, mcp.json
// writers for the fake server (test/fakes/mcp), HTTP servers started by the test itself, and a
// TearDown check that no process of ours outlived the test.
//
// Every process a test causes to run carries a unique marker in its environment (the entry's
// `env` for stdio servers, the spawn environment for HTTP ones), so the leak check finds servers
// that kosmo left behind even after they were re-parented to init.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"

namespace kosmo::e2e {

inline constexpr const char kMarkerVariable[] = "KOSMO_MCP_E2E_MARKER";

// One `kosmo` run and its --json envelope (null when stdout was not one JSON document).
struct McpRun {
  ProcessResult process;
  rapidjson::Document envelope;
  std::string parse_error;

  int exit_code() const { return process.exit_code; }
  std::string error() const;                               // "" when null or absent
  std::string error_code() const;                          // "" when null or absent
  std::string output() const;                              // what print() wrote
  const rapidjson::Value* result(size_t index = 0) const;  // nullptr when absent
  std::string result_json(size_t index = 0) const;         // "<no result>" when absent
  // Exit status, stdout and stderr (shortened), for failure messages.
  std::string Describe() const;
};

// A server process started by the test (HTTP fake, everything server); stopped by the fixture.
class SpawnedServer {
 public:
  // Starts argv with `env` added to this process's environment; stdin and stdout are pipes,
  // stderr goes to `stderr_path`.
  SpawnedServer(const std::vector<std::string>& argv,
                const std::vector<std::pair<std::string, std::string>>& env,
                const std::string& stderr_path);
  ~SpawnedServer();  // Stop()
  SpawnedServer(const SpawnedServer&) = delete;
  SpawnedServer& operator=(const SpawnedServer&) = delete;

  // The next stdout line, or "" after `seconds` or at EOF.
  std::string ReadLine(double seconds);
  // Closes stdin, waits up to `grace` seconds, then SIGTERM, then SIGKILL; always reaps.
  void Stop(double grace = 2.0);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string buffered_;
};

// True when a TCP connection to 127.0.0.1:port succeeds within `seconds`.
bool WaitForPort(int port, double seconds);
// A port that was free a moment ago (bound to 0, then closed).
int FreePort();
// GET http://127.0.0.1:port<path>; "" on failure.
std::string HttpGet(int port, const std::string& path);

// The HTTP fake's request log (GET /debug/log): an array, empty when it could not be read.
rapidjson::Document FakeServerLog(int port);
// How many entries of `log` have the string `value` under `key` (entries without it count not).
size_t CountEntries(const rapidjson::Document& log, const char* key, const char* value);

// Processes that are descendants of this test process or carry `marker` in their environment:
// "pid <n> (<state>): <cmdline>" each.
std::vector<std::string> StrayProcesses(const std::string& marker);

class McpTest : public ::testing::Test {
 protected:
  McpTest();
  void TearDown() override;

  // $KOSMO_FAKE_MCP; the test fails (never skips) when it is not set.
  static std::string FakeBinary();
  const std::string& marker() const { return marker_; }
  const TempDir& home() const { return home_; }
  const TempDir& project() const { return project_; }

  // A stdio entry running the fake with `args`, the marker in its env plus `env` members
  // (R"("A": "b")"), and `extra` entry members (R"("timeout": 1)") appended.
  std::string FakeEntry(const std::vector<std::string>& args = {}, const std::string& extra = "",
                        const std::string& env = "") const;
  // An HTTP entry for a server listening on `port`.
  static std::string HttpEntry(int port, const std::string& extra = "");
  // Writes {"mcpServers": {<name>: <entry>, ...}} to $KOSMO_HOME/mcp.json or <project>/.mcp.json.
  void WriteGlobalServers(const std::vector<std::pair<std::string, std::string>>& servers) const;
  void WriteProjectServers(const std::vector<std::pair<std::string, std::string>>& servers) const;
  void WriteConfig(const std::string& yaml) const;

  // Starts `kosmo_fake_mcp --http <args>` and returns its port (0 on failure, test failed).
  int StartHttpFake(const std::vector<std::string>& args = {});
  // Starts any server (argv, extra env) owned by the fixture; it gets the marker too.
  SpawnedServer& Spawn(const std::vector<std::string>& argv,
                       std::vector<std::pair<std::string, std::string>> env = {});

  // kosmo <args> in the project directory with KOSMO_HOME and HOME of the fixture;
  // `while_running` as in ProcessOptions.
  McpRun Run(const std::vector<std::string>& args,
             const std::vector<std::pair<std::string, std::string>>& env = {},
             std::function<void(pid_t, double)> while_running = {});
  // kosmo mcp:lua --json --timeout 20 <flags> --eval <code>
  McpRun Lua(const std::string& code, const std::vector<std::string>& flags = {});

 private:
  TempDir home_{"kosmo-mcp-home-"};
  TempDir user_home_{"kosmo-mcp-user-"};
  TempDir project_{"kosmo-mcp-project-"};
  std::string marker_;
  std::vector<std::unique_ptr<SpawnedServer>> servers_;
};

// JSON string literal of `text` (quotes and escapes).
std::string JsonString(const std::string& text);

}  // namespace kosmo::e2e
