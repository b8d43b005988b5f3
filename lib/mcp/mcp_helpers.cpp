// The mcp.* helpers of the Lua sandbox (spec §9), served by McpRuntime. Discovery helpers are
// not logged as calls; mcp.call is, exactly like app.mcp.<server>.<tool>.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "lib/mcp/helper_rows.h"
#include "lib/mcp/mcp_outcome.h"
#include "lib/mcp/mcp_runtime.h"
#include "lib/mcp/trust.h"

namespace kosmo::mcp {
namespace {

using Value = rapidjson::Value;

McpOutcome<std::string> string_argument(const Value& arguments, rapidjson::SizeType index,
                                        const std::string& helper, const char* what) {
  if (index >= arguments.Size() || !arguments[index].IsString()) {
    return McpFailure{ErrorKind::kUsage, "mcp." + helper + ": argument #" +
                                             std::to_string(index + 1) + " (" + what +
                                             ") must be a string"};
  }
  return std::string(arguments[index].GetString(), arguments[index].GetStringLength());
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

// As split_qualified, also taking KosmoKrator's "mcp.server.tool" (McpCatalog::find strips a
// leading "mcp."), unless a server is itself called "mcp".
const ServerConfig* resolve_qualified(const LoadedServers& servers, const std::string& qualified,
                                      std::string& tool) {
  const ServerConfig* found = split_qualified(servers, qualified, tool);
  constexpr std::string_view kScope = "mcp.";
  if (found == nullptr && qualified.compare(0, kScope.size(), kScope) == 0) {
    found = split_qualified(servers, qualified.substr(kScope.size()), tool);
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
  const bool bypassed = force_bypass() == config::ForceBypass::kGranted;
  std::vector<std::pair<std::string, Value>> rows;
  for (const ServerConfig& server : sources_.servers.servers) {
    if (only != nullptr && &server != only) continue;
    // As KosmoKrator's McpCatalog::tools: an untrusted server has no tools to list (named or
    // not), and without a name a server that fails is skipped, so a repository's broken or
    // untrusted .mcp.json does not break every script that asks for tools.
    const Trust trust = trust_of(server, sources_.config->user());
    if (!bypassed && (trust == Trust::kUntrusted || trust == Trust::kChanged)) continue;
    if (only == nullptr && !server.enabled) continue;
    McpOutcome<const std::vector<Tool>*> listed = tools(server);
    if (!listed && only != nullptr) return std::move(listed).error();
    if (!listed) {
      spdlog::warn("mcp.tools(): skipping MCP server '{}': {}", server.name,
                   listed.error().message);
      continue;
    }
    for (const Tool& tool : **listed) {
      rows.emplace_back(server.name + "." + tool.lua_name,
                        tool_row(server, tool, data.GetAllocator()));
    }
  }
  // KosmoKrator sorts the full listing by "<server>.<lua name>"; one server's stays in its order.
  if (only == nullptr) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  for (auto& row : rows) data.PushBack(row.second, data.GetAllocator());
  outcome.ok = true;
  return outcome;
}

McpOutcome<lua::CallOutcome> McpRuntime::helper_tool(const std::string& helper,
                                                     const Value& arguments,
                                                     lua::CallOutcome outcome) {
  McpOutcome<std::string> qualified = string_argument(arguments, 0, helper, "\"server.tool\"");
  if (!qualified) return std::move(qualified).error();
  std::string tool;
  const ServerConfig* server = resolve_qualified(sources_.servers, *qualified, tool);
  if (helper == "schema") {
    // KosmoKrator's message for an unknown server and an unknown tool alike.
    const std::string unknown = "Unknown MCP function: " + *qualified;
    if (server == nullptr) return failed(std::move(outcome), unknown, ErrorCode::kMcp);
    McpOutcome<const Tool*> found = find_tool(*server, tool);
    if (!found) return std::move(found).error();
    if (*found == nullptr) return failed(std::move(outcome), unknown, ErrorCode::kMcp);
    outcome.data.SetObject();
    outcome.data.CopyFrom(tool_row(*server, **found, outcome.data.GetAllocator()),
                          outcome.data.GetAllocator());
    outcome.ok = true;
    return outcome;
  }
  if (server == nullptr && qualified->find('.') == std::string::npos &&
      sources_.servers.find(*qualified) != nullptr) {
    // mcp.call("server", "tool", {...}): the server alone, where "server.tool" belongs.
    return McpFailure{ErrorKind::kUsage, "mcp." + helper +
                                             ": argument #1 must be \"server.tool\", not the "
                                             "server alone (\"" +
                                             *qualified + ".TOOL\")"};
  }
  if (server == nullptr)
    return unknown_server(qualified->substr(0, qualified->find('.')), servers());
  lua::CallRequest request;
  request.path = {"mcp", server->name, tool};
  if (arguments.Size() > 1 && arguments[1].IsObject()) {
    request.has_named = true;
    request.named.CopyFrom(arguments[1], request.named.GetAllocator());
  } else if (arguments.Size() > 1 && !(arguments[1].IsArray() && arguments[1].Empty())) {
    return McpFailure{ErrorKind::kUsage,
                      "mcp." + helper + ": argument #2 must be a table of named arguments"};
  }
  return call_tool(*server, tool, request, "mcp." + sanitize_name(server->name) + "." + tool,
                   helper == "call_result" ? ResultShape::kWhole : ResultShape::kNormalized);
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
  // Listing and reading are reads under the server's policy, trust checked first
  // (KosmoKrator's assertReadAllowed); nothing starts when either refuses.
  if (force_bypass() != config::ForceBypass::kGranted) {
    if (McpCheck untrusted = require_trust(**named, sources_.config->user())) {
      return std::move(*untrusted);
    }
  }
  const config::PermissionDecision decision =
      config::decide(config::PolicySubject::mcp_server((*named)->name), config::Operation::kRead,
                     sources_.config->policy(), options_.flags);
  if (decision.verdict == config::PermissionDecision::Verdict::kRefuse) {
    return failed(std::move(outcome), decision.refusal, ErrorCode::kPermissionDenied);
  }
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
    // Keyed by name, as KosmoKrator's mcp.servers() returns them.
    auto& allocator = outcome.data.GetAllocator();
    outcome.data.SetObject();
    const config::PermissionPolicy policy = sources_.config->policy();
    for (const ServerConfig& server : sources_.servers.servers) {
      outcome.data.AddMember(Value(server.name.c_str(), allocator),
                             server_row(server, sources_.config->user(), policy, allocator),
                             allocator);
    }
    outcome.ok = true;
    return outcome;
  }
  if (helper == "tools") return helper_tools(arguments, std::move(outcome));
  if (helper == "schema" || helper == "call" || helper == "call_result") {
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
    outcome.logged = helper == "call" || helper == "call_result";
    outcome.function = "mcp." + helper;
    outcome.operation = config::Operation::kRead;
    return outcome;
  };
  McpOutcome<lua::CallOutcome> done = run_helper(helper, arguments, facts());
  return done ? std::move(*done) : failed(facts(), std::move(done).error());
}

}  // namespace kosmo::mcp
