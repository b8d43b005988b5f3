// The MCP servers of an end-to-end case: `mcp_server:` header lines parsed, written as entries of
// $KOSMO_HOME/mcp.json that run the fake MCP server (test/fakes/mcp), HTTP ones started by the
// runner, and the check that no process the case caused outlives it. Grammar:
// test/e2e/cases/README.md.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kosmo::e2e {

class SpawnedServer;  // e2e/mcp_harness.h

// One `mcp_server: NAME [stdio|http] [timeout=S] [env=KEY=VALUE...] [roots=PATH...]
// [sampling=JSON] [FLAGS...]` line.
struct McpServerSpec {
  std::string name;
  bool http = false;
  std::vector<std::string> flags;  // passed to the fake as they are (fake_mcp_options.h)
  std::optional<double> timeout;   // the entry's "timeout", seconds
  // The entry's "env" beyond the marker (stdio only): a credential-like name makes kosmo
  // register the value as a secret, as for any configured server.
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> roots;  // the entry's "roots" (kosmo's addition), as written
  std::string sampling;            // the entry's "sampling" as JSON text; "": none
};

// Parses the value of an `mcp_server:` line. Returns false with `error` on malformed input.
bool ParseMcpServer(const std::string& value, McpServerSpec* out, std::string* error);

// $KOSMO_FAKE_MCP, else kosmo_fake_mcp next to the kosmo binary (both are built into the same
// directory), so a bare `kosmo_e2e_tests` run finds it too.
std::string FakeMcpBinary();

class CaseMcpServers {
 public:
  // `marker` goes into the environment of every server process, so Leftovers() finds them even
  // after they were re-parented to init.
  CaseMcpServers(std::vector<McpServerSpec> specs, std::string kosmo_home, std::string log_dir,
                 std::string marker);
  ~CaseMcpServers();
  CaseMcpServers(const CaseMcpServers&) = delete;
  CaseMcpServers& operator=(const CaseMcpServers&) = delete;

  // Starts the HTTP servers and writes $KOSMO_HOME/mcp.json. False with `error` on failure.
  bool Start(std::string* error);
  // Stops the HTTP servers the runner started (kosmo only ever stops its stdio ones).
  void StopHttpServers();
  // Processes of this case still alive a short while after the run ("pid N (S): cmdline"); they
  // are killed once found, so one leak does not spill into later cases.
  std::vector<std::string> Leftovers();

 private:
  std::string EntryJson(const McpServerSpec& spec, int http_port) const;

  std::vector<McpServerSpec> specs_;
  std::string kosmo_home_;
  std::string log_dir_;
  std::string marker_;
  std::vector<std::unique_ptr<SpawnedServer>> http_servers_;
};

}  // namespace kosmo::e2e
