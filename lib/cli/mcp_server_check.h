#pragma once
// What mcp:status and mcp:doctor report per server: KosmoKrator's server row (mcp.servers()'s
// keys) with its "status" ("configured" or "disabled"), the trust in words, and a live check:
// kosmo starts the server and runs the initialize handshake, bounded by the entry's timeout and
// the command's --timeout. Disabled and untrusted servers are not started; nothing is started
// with --offline.
#include <rapidjson/document.h>

#include <string>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/mcp/mcp_runtime.h"

namespace kosmo::cli {

class ServerChecker {
 public:
  // `start`: false for --offline. All three must outlive the checker.
  ServerChecker(CommandContext& context, mcp::McpRuntime& runtime, CommandOutput& out, bool start)
      : context_(context), runtime_(runtime), out_(out), start_(start) {}

  // The server's row; appends one line about it to `text`.
  rapidjson::Value row(const mcp::ServerConfig& server, std::string& text);

 private:
  // {"state", "ready", "problem", "error_code", "protocol_version", "server_info",
  // "capabilities"}.
  rapidjson::Value check(const mcp::ServerConfig& server, std::string& line);
  rapidjson::Value oauth_status(const mcp::ServerConfig& server);
  rapidjson::Value not_started(const char* state, const std::string& problem, std::string& line);

  CommandContext& context_;
  mcp::McpRuntime& runtime_;
  CommandOutput& out_;
  bool start_;
};

}  // namespace kosmo::cli
