// The mcp.* helpers of the Lua sandbox (spec §9), served by McpRuntime. Discovery helpers are
// not logged as calls; mcp.call is, exactly like app.mcp.<server>.<tool>.
#include "lib/mcp/mcp_outcome.h"
#include "lib/mcp/mcp_runtime.h"
#include "lib/mcp/trust.h"

namespace kosmo::mcp {
namespace {

using Value = rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

McpOutcome<std::string> string_argument(const Value& arguments, rapidjson::SizeType index,
                                        const std::string& helper, const char* what) {
  if (index >= arguments.Size() || !arguments[index].IsString()) {
    return McpFailure{ErrorKind::kUsage, "mcp." + helper + ": argument #" +
                                             std::to_string(index + 1) + " (" + what +
                                             ") must be a string"};
  }
  return std::string(arguments[index].GetString(), arguments[index].GetStringLength());
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
  entry.AddMember("type", string_value(transport_name(server), allocator), allocator);
  entry.AddMember("enabled", server.enabled, allocator);
  entry.AddMember("source", string_value(server.source_file.string(), allocator), allocator);
  entry.AddMember("project", server.from_project, allocator);
  const Trust trust = trust_of(server, user_config);
  entry.AddMember("trusted", trust != Trust::kUntrusted && trust != Trust::kChanged, allocator);
  return entry;
}

Value describe_tool(const ServerConfig& server, const Tool& tool, Allocator& allocator) {
  Value entry(rapidjson::kObjectType);
  entry.AddMember("server", string_value(server.name, allocator), allocator);
  entry.AddMember("name", string_value(tool.name, allocator), allocator);
  entry.AddMember("lua_name", string_value(tool.lua_name, allocator), allocator);
  if (!tool.description.empty()) {
    entry.AddMember("description", string_value(tool.description, allocator), allocator);
  }
  const std::string operation(config::operation_name(tool.operation));
  entry.AddMember("operation", string_value(operation, allocator), allocator);
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

McpOutcome<lua::CallOutcome> McpRuntime::helper_tools(const Value& arguments,
                                                      lua::CallOutcome outcome) {
  rapidjson::Document& data = outcome.data;
  data.SetArray();
  const ServerConfig* only = nullptr;
  if (arguments.Size() > 0 && !arguments[0].IsNull()) {
    McpOutcome<const ServerConfig*> named = named_server(arguments, 0, "tools");
    if (!named) return std::move(named).error();
    only = *named;
  }
  for (const ServerConfig& server : sources_.servers.servers) {
    // Without a server: the ones kosmo may start, as mcp:tools lists them; a repository's
    // untrusted .mcp.json must not break every script that asks for tools.
    if (only != nullptr ? &server != only : !may_start(server, sources_.config->user())) continue;
    McpOutcome<const std::vector<Tool>*> listed = tools(server);
    if (!listed) return std::move(listed).error();
    for (const Tool& tool : **listed) {
      data.PushBack(describe_tool(server, tool, data.GetAllocator()), data.GetAllocator());
    }
  }
  outcome.ok = true;
  return outcome;
}

McpOutcome<lua::CallOutcome> McpRuntime::helper_tool(const std::string& helper,
                                                     const Value& arguments,
                                                     lua::CallOutcome outcome) {
  McpOutcome<std::string> qualified = string_argument(arguments, 0, helper, "\"server.tool\"");
  if (!qualified) return std::move(qualified).error();
  std::string tool;
  const ServerConfig* server = split_qualified(sources_.servers, *qualified, tool);
  if (server == nullptr)
    return unknown_server(qualified->substr(0, qualified->find('.')), servers());
  if (helper == "schema") {
    McpOutcome<const Tool*> found = find_tool(*server, tool);
    if (!found) return std::move(found).error();
    if (*found == nullptr) {
      return failed(std::move(outcome), "Unknown MCP tool '" + *qualified + "'.", ErrorCode::kMcp);
    }
    outcome.data.CopyFrom((*found)->definition, outcome.data.GetAllocator());
    outcome.ok = true;
    return outcome;
  }
  lua::CallRequest request;
  request.path = {"mcp", server->name, tool};
  if (arguments.Size() > 1 && arguments[1].IsObject()) {
    request.has_named = true;
    request.named.CopyFrom(arguments[1], request.named.GetAllocator());
  } else if (arguments.Size() > 1 && !(arguments[1].IsArray() && arguments[1].Empty())) {
    return McpFailure{ErrorKind::kUsage,
                      "mcp.call: argument #2 must be a table of named arguments"};
  }
  return call_tool(*server, tool, request, "mcp." + sanitize_name(server->name) + "." + tool);
}

McpOutcome<lua::CallOutcome> McpRuntime::helper_session(const std::string& helper,
                                                        const Value& arguments,
                                                        lua::CallOutcome outcome) {
  McpOutcome<const ServerConfig*> named = named_server(arguments, 0, helper);
  if (!named) return std::move(named).error();
  // The arguments are checked before the server starts: a mistake in the call is the error.
  const bool takes_name = helper == "read_resource" || helper == "get_prompt";
  McpOutcome<std::string> second =
      takes_name ? string_argument(arguments, 1, helper, helper == "read_resource" ? "uri" : "name")
                 : McpOutcome<std::string>(std::string());
  if (!second) return std::move(second).error();
  McpOutcome<Session*> live = session(**named);
  if (!live) return std::move(live).error();
  Session& server = **live;
  McpOutcome<rapidjson::Document> answer = rapidjson::Document();
  if (helper == "resources") {
    answer = server.list_resources();
  } else if (helper == "read_resource") {
    answer = server.read_resource(*second);
  } else if (helper == "prompts") {
    answer = server.list_prompts();
  } else {
    rapidjson::Document prompt_arguments(rapidjson::kObjectType);
    if (arguments.Size() > 2 && arguments[2].IsObject()) {
      prompt_arguments.CopyFrom(arguments[2], prompt_arguments.GetAllocator());
    }
    answer = server.get_prompt(*second, prompt_arguments);
  }
  if (!answer) return std::move(answer).error();
  outcome.data = std::move(*answer);
  outcome.ok = true;
  return outcome;
}

McpOutcome<const ServerConfig*> McpRuntime::named_server(const Value& arguments,
                                                         rapidjson::SizeType index,
                                                         const std::string& helper) const {
  McpOutcome<std::string> name = string_argument(arguments, index, helper, "server");
  if (!name) return std::move(name).error();
  const ServerConfig* server = sources_.servers.find(*name);
  if (server == nullptr) return unknown_server(*name, sources_.servers);
  return server;
}

McpOutcome<lua::CallOutcome> McpRuntime::run_helper(const std::string& helper,
                                                    const Value& arguments,
                                                    lua::CallOutcome outcome) {
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
  return McpFailure{ErrorKind::kUsage, "Unknown function: mcp." + helper + "."};
}

lua::CallOutcome McpRuntime::call_helper(const std::string& helper, const Value& arguments) {
  // The call-log facts, for the outcome and for a failure alike.
  auto facts = [&helper] {
    lua::CallOutcome outcome;
    outcome.logged = helper == "call";
    outcome.function = "mcp." + helper;
    outcome.operation = config::Operation::kRead;
    return outcome;
  };
  McpOutcome<lua::CallOutcome> done = run_helper(helper, arguments, facts());
  return done ? std::move(*done) : failed(facts(), std::move(done).error());
}

}  // namespace kosmo::mcp
