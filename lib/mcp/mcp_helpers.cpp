// The mcp.* helpers of the Lua sandbox (spec §9), served by McpRuntime. Discovery helpers are
// not logged as calls; mcp.call is, exactly like app.mcp.<server>.<tool>.
#include "lib/mcp/errors.h"
#include "lib/mcp/mcp_outcome.h"
#include "lib/mcp/mcp_runtime.h"
#include "lib/mcp/trust.h"

namespace kosmo::mcp {
namespace {

using Value = rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

const char* transport_name(TransportType type) {
  switch (type) {
    case TransportType::kStdio:
      return "stdio";
    case TransportType::kHttp:
      return "http";
    case TransportType::kUnsupported:
      break;
  }
  return "unsupported";
}

std::string string_argument(const Value& arguments, rapidjson::SizeType index, const char* helper,
                            const char* what) {
  if (index >= arguments.Size() || !arguments[index].IsString()) {
    throw std::invalid_argument(std::string("mcp.") + helper + ": argument #" +
                                std::to_string(index + 1) + " (" + what + ") must be a string");
  }
  return arguments[index].GetString();
}

Value string_value(const std::string& text, Allocator& allocator) {
  return Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

// {name, lua_name, type, enabled, source, project, trusted}; starts nothing.
Value describe_server(const ServerConfig& server, const config::KosmoConfig& user_config,
                      Allocator& allocator) {
  Value entry(rapidjson::kObjectType);
  entry.AddMember("name", string_value(server.name, allocator), allocator);
  entry.AddMember("lua_name", string_value(sanitize_name(server.name), allocator), allocator);
  entry.AddMember("type", Value(transport_name(server.transport), allocator), allocator);
  entry.AddMember("enabled", server.enabled, allocator);
  entry.AddMember("source", string_value(server.source_file.string(), allocator), allocator);
  entry.AddMember("project", server.from_project, allocator);
  const Trust trust = trust_of(server, user_config);
  const bool trusted = trust != Trust::kUntrusted && trust != Trust::kChanged;
  entry.AddMember("trusted", trusted, allocator);
  return entry;
}

Value describe_tool(const ServerConfig& server, const Value& tool, Allocator& allocator) {
  Value entry(rapidjson::kObjectType);
  const std::string name = tool["name"].GetString();
  entry.AddMember("server", string_value(server.name, allocator), allocator);
  entry.AddMember("name", string_value(name, allocator), allocator);
  entry.AddMember("lua_name", string_value(sanitize_name(name), allocator), allocator);
  auto description = tool.FindMember("description");
  if (description != tool.MemberEnd() && description->value.IsString()) {
    entry.AddMember("description", Value(description->value, allocator), allocator);
  }
  bool read = false;
  auto annotations = tool.FindMember("annotations");
  if (annotations != tool.MemberEnd() && annotations->value.IsObject()) {
    auto hint = annotations->value.FindMember("readOnlyHint");
    read = hint != annotations->value.MemberEnd() && hint->value.IsBool() && hint->value.GetBool();
  }
  entry.AddMember("operation", Value(read ? "read" : "write", allocator), allocator);
  return entry;
}

// "server.tool" → the server (by its name or Lua name) and the rest as the tool name.
const ServerConfig* split_qualified(const LoadedServers& servers, const std::string& qualified,
                                    std::string& tool) {
  const ServerConfig* found = nullptr;
  for (const ServerConfig& candidate : servers.servers) {
    for (const std::string& prefix : {candidate.name, sanitize_name(candidate.name)}) {
      if (qualified.size() > prefix.size() && qualified.compare(0, prefix.size(), prefix) == 0 &&
          qualified[prefix.size()] == '.') {
        found = &candidate;
        tool = qualified.substr(prefix.size() + 1);
      }
    }
  }
  return found;
}

}  // namespace

lua::CallOutcome McpRuntime::helper_tools(const Value& arguments, lua::CallOutcome outcome) {
  rapidjson::Document& data = outcome.data;
  data.SetArray();
  const ServerConfig* only = nullptr;
  if (arguments.Size() > 0 && !arguments[0].IsNull()) only = &named_server(arguments, 0, "tools");
  for (const ServerConfig& server : sources_.servers.servers) {
    if (only != nullptr ? &server != only : !server.enabled) continue;
    for (const auto& tool : tools(server).GetArray()) {
      data.PushBack(describe_tool(server, tool, data.GetAllocator()), data.GetAllocator());
    }
  }
  outcome.ok = true;
  return outcome;
}

lua::CallOutcome McpRuntime::helper_tool(const std::string& helper, const Value& arguments,
                                         lua::CallOutcome outcome) {
  const std::string qualified = string_argument(arguments, 0, helper.c_str(), "\"server.tool\"");
  std::string tool;
  const ServerConfig* server = split_qualified(sources_.servers, qualified, tool);
  if (server == nullptr) return unknown_server(qualified.substr(0, qualified.find('.')), servers());
  if (helper == "schema") {
    const Value* found = find_tool(*server, tool);
    if (found == nullptr) {
      return failed(std::move(outcome), "Unknown MCP tool '" + qualified + "'.", ErrorCode::kMcp);
    }
    outcome.data.CopyFrom(*found, outcome.data.GetAllocator());
    outcome.ok = true;
    return outcome;
  }
  lua::CallRequest request;
  request.path = {"mcp", server->name, tool};
  if (arguments.Size() > 1 && arguments[1].IsObject()) {
    request.has_named = true;
    request.named.CopyFrom(arguments[1], request.named.GetAllocator());
  } else if (arguments.Size() > 1 && !(arguments[1].IsArray() && arguments[1].Empty())) {
    throw std::invalid_argument("mcp.call: argument #2 must be a table of named arguments");
  }
  return call_tool(*server, tool, request, "mcp." + sanitize_name(server->name) + "." + tool);
}

lua::CallOutcome McpRuntime::helper_session(const std::string& helper, const Value& arguments,
                                            lua::CallOutcome outcome) {
  Session& server = session(named_server(arguments, 0, helper.c_str()));
  if (helper == "resources") {
    outcome.data = server.list_resources();
  } else if (helper == "read_resource") {
    outcome.data = server.read_resource(string_argument(arguments, 1, "read_resource", "uri"));
  } else if (helper == "prompts") {
    outcome.data = server.list_prompts();
  } else {
    const std::string name = string_argument(arguments, 1, "get_prompt", "name");
    rapidjson::Document prompt_arguments(rapidjson::kObjectType);
    if (arguments.Size() > 2 && arguments[2].IsObject()) {
      prompt_arguments.CopyFrom(arguments[2], prompt_arguments.GetAllocator());
    }
    outcome.data = server.get_prompt(name, prompt_arguments);
  }
  outcome.ok = true;
  return outcome;
}

const ServerConfig& McpRuntime::named_server(const Value& arguments, rapidjson::SizeType index,
                                             const char* helper) const {
  const std::string name = string_argument(arguments, index, helper, "server");
  const ServerConfig* server = sources_.servers.find(name);
  if (server == nullptr) {
    throw std::invalid_argument(unknown_server(name, sources_.servers).error_message);
  }
  return *server;
}

lua::CallOutcome McpRuntime::call_helper(const std::string& helper, const Value& arguments) {
  lua::CallOutcome outcome;
  outcome.logged = helper == "call";
  outcome.function = "mcp." + helper;
  outcome.operation = config::Operation::kRead;
  try {
    if (helper == "servers") {
      outcome.data.SetArray();
      for (const ServerConfig& server : sources_.servers.servers) {
        outcome.data.PushBack(
            describe_server(server, sources_.config->user(), outcome.data.GetAllocator()),
            outcome.data.GetAllocator());
      }
      outcome.ok = true;
      return outcome;
    }
    if (helper == "tools") return helper_tools(arguments, std::move(outcome));
    if (helper == "schema" || helper == "call") {
      return helper_tool(helper, arguments, std::move(outcome));
    }
    if (helper == "resources" || helper == "read_resource" || helper == "prompts" ||
        helper == "get_prompt") {
      return helper_session(helper, arguments, std::move(outcome));
    }
    return failed(std::move(outcome), "Unknown function: mcp." + helper + ".", ErrorCode::kMcp);
  } catch (const McpError& error) {
    return failed(std::move(outcome), error);
  } catch (const std::invalid_argument& error) {
    return failed(std::move(outcome), error.what(), ErrorCode::kMcp);
  }
}

}  // namespace kosmo::mcp
