#include "lib/mcp/mcp_outcome.h"

namespace kosmo::mcp {

lua::CallOutcome failed(lua::CallOutcome outcome, std::string message, ErrorCode code) {
  outcome.ok = false;
  outcome.error_message = std::move(message);
  outcome.error_code = code;
  return outcome;
}

lua::CallOutcome failed(lua::CallOutcome outcome, const McpError& error) {
  ErrorCode code = ErrorCode::kMcp;
  if (error.kind() == ErrorKind::kUntrusted) code = ErrorCode::kUntrustedServer;
  if (error.kind() == ErrorKind::kConfig) code = ErrorCode::kConfig;
  outcome.retryable = error.kind() == ErrorKind::kTimeout || error.kind() == ErrorKind::kExited;
  return failed(std::move(outcome), error.what(), code);
}

lua::CallOutcome unknown_server(const std::string& name, const LoadedServers& servers) {
  std::string message = "Unknown MCP server '" + name + "'.";
  if (servers.servers.empty()) {
    message += " No MCP servers are configured (kosmo mcp:add, or an mcp.json file).";
  } else {
    message += " Configured:";
    for (size_t i = 0; i < servers.servers.size(); ++i) {
      message += (i == 0 ? " " : ", ") + servers.servers[i].name;
    }
    message += ".";
  }
  return failed(lua::CallOutcome{}, message, ErrorCode::kMcp);
}

lua::CallOutcome dry_run(lua::CallOutcome outcome, const ServerConfig& server,
                         const rapidjson::Value& tool, const rapidjson::Value& arguments) {
  rapidjson::Document& data = outcome.data;
  auto& allocator = data.GetAllocator();
  data.SetObject();
  rapidjson::Value request(rapidjson::kObjectType);
  request.AddMember("method", "tools/call", allocator);
  request.AddMember("server", rapidjson::Value(server.name.c_str(), allocator), allocator);
  request.AddMember("tool", rapidjson::Value(tool["name"], allocator), allocator);
  request.AddMember("arguments", rapidjson::Value(arguments, allocator), allocator);
  data.AddMember("dry_run", true, allocator);
  data.AddMember("function", rapidjson::Value(outcome.function.c_str(), allocator), allocator);
  data.AddMember("request", request, allocator);
  outcome.ok = true;
  outcome.dry_run = true;
  return outcome;
}

}  // namespace kosmo::mcp
