#include "lib/mcp/mcp_outcome.h"

#include "lib/common/json_parse.h"
#include "lib/common/suggest.h"

namespace kosmo::mcp {
namespace {

// app.last_error().body of a JSON-RPC error: the error object as the server sent it, {code,
// message, data} (data decoded; absent when the server sent none).
void set_rpc_error_body(const McpFailure& failure, rapidjson::Document& body) {
  body.SetObject();
  auto& allocator = body.GetAllocator();
  body.AddMember("code", failure.rpc_code, allocator);
  body.AddMember("message", rapidjson::Value(failure.rpc_message.c_str(), allocator), allocator);
  if (failure.rpc_data_json.empty()) return;
  rapidjson::Document data(&allocator);
  if (!parse_json(failure.rpc_data_json, data).IsError()) {
    body.AddMember("data", rapidjson::Value(std::move(data), allocator), allocator);
  }
}

}  // namespace

lua::CallOutcome failed(lua::CallOutcome outcome, std::string message, ErrorCode code) {
  outcome.ok = false;
  outcome.error_message = std::move(message);
  outcome.error_code = code;
  return outcome;
}

lua::CallOutcome failed(lua::CallOutcome outcome, McpFailure failure) {
  outcome.retryable = is_retryable(failure.kind);
  if (failure.kind == ErrorKind::kRpc) set_rpc_error_body(failure, outcome.error_body);
  return failed(std::move(outcome), std::move(failure.message), error_code_of(failure.kind));
}

std::string unknown_server_message(std::string_view name, const LoadedServers& servers) {
  std::string message = "Unknown MCP server '" + std::string(name) + "'.";
  if (servers.servers.empty()) {
    return message + " No MCP servers are configured (kosmo mcp:add, or an mcp.json file).";
  }
  std::vector<std::string> names;
  for (const ServerConfig& server : servers.servers) names.push_back(server.name);
  const std::vector<std::string> near = nearest_names(name, names);
  if (!near.empty()) {
    for (size_t i = 0; i < near.size(); ++i) {
      message += (i == 0 ? " Did you mean: " : ", ") + near[i];
    }
    return message + "?";
  }
  message += " Configured:";
  for (size_t i = 0; i < names.size(); ++i) message += (i == 0 ? " " : ", ") + names[i];
  return message + ".";
}

McpFailure unknown_server(std::string_view name, const LoadedServers& servers) {
  return McpFailure{ErrorKind::kUsage, unknown_server_message(name, servers)};
}

lua::CallOutcome dry_run(lua::CallOutcome outcome, const ServerConfig& server, const Tool& tool,
                         const rapidjson::Value& arguments) {
  rapidjson::Document& data = outcome.data;
  auto& allocator = data.GetAllocator();
  data.SetObject();
  rapidjson::Value request(rapidjson::kObjectType);
  request.AddMember("method", "tools/call", allocator);
  request.AddMember("server", rapidjson::Value(server.name.c_str(), allocator), allocator);
  request.AddMember("tool", rapidjson::Value(tool.name.c_str(), allocator), allocator);
  request.AddMember("arguments", rapidjson::Value(arguments, allocator), allocator);
  data.AddMember("dry_run", true, allocator);
  data.AddMember("function", rapidjson::Value(outcome.function.c_str(), allocator), allocator);
  data.AddMember("request", request, allocator);
  outcome.ok = true;
  outcome.dry_run = true;
  return outcome;
}

}  // namespace kosmo::mcp
