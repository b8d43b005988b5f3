#include "lib/mcp/mcp_runtime.h"

#include "lib/common/suggest.h"
#include "lib/config/policy.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/mcp_outcome.h"
#include "lib/mcp/open_session.h"
#include "lib/mcp/tool_result.h"

namespace kosmo::mcp {
namespace {

// readOnlyHint: true is the only way a tool declares itself a read (spec §9).
bool is_read_only(const rapidjson::Value& tool) {
  auto annotations = tool.FindMember("annotations");
  if (annotations == tool.MemberEnd() || !annotations->value.IsObject()) return false;
  auto hint = annotations->value.FindMember("readOnlyHint");
  return hint != annotations->value.MemberEnd() && hint->value.IsBool() && hint->value.GetBool();
}

std::string tool_name(const rapidjson::Value& tool) {
  auto name = tool.FindMember("name");
  return name != tool.MemberEnd() && name->value.IsString() ? name->value.GetString() : "";
}

// Lua gives an empty table as []; where the tool's schema wants an object there, send {}.
void fit_empty_tables(const rapidjson::Value& tool, rapidjson::Value& arguments) {
  auto schema = tool.FindMember("inputSchema");
  if (schema == tool.MemberEnd() || !schema->value.IsObject()) return;
  auto properties = schema->value.FindMember("properties");
  if (properties == schema->value.MemberEnd() || !properties->value.IsObject()) return;
  for (auto& member : arguments.GetObject()) {
    if (!member.value.IsArray() || !member.value.Empty()) continue;
    auto property = properties->value.FindMember(member.name);
    if (property == properties->value.MemberEnd() || !property->value.IsObject()) continue;
    auto type = property->value.FindMember("type");
    if (type != property->value.MemberEnd() && type->value.IsString() &&
        std::string_view(type->value.GetString()) == "object") {
      member.value.SetObject();
    }
  }
}

std::string unknown_tool(const ServerConfig& server, std::string_view wanted,
                         const rapidjson::Value& tools) {
  std::vector<std::string> names;
  for (const auto& tool : tools.GetArray()) names.push_back(sanitize_name(tool_name(tool)));
  std::string message =
      "Unknown function: app.mcp." + sanitize_name(server.name) + "." + std::string(wanted) + ".";
  const auto near = nearest_names(wanted, names, 5);
  for (size_t i = 0; i < near.size(); ++i) {
    message += (i == 0 ? " Did you mean: " : ", ") + std::string("app.mcp.") +
               sanitize_name(server.name) + "." + near[i];
  }
  return near.empty() ? message : message + "?";
}

}  // namespace

McpRuntime::McpRuntime(McpRuntimeSources sources, McpRuntimeOptions options)
    : sources_(std::move(sources)), options_(options) {}

McpRuntime::~McpRuntime() {
  for (auto& [name, state] : states_) {
    if (state.session) state.session->close();
  }
}

Session& McpRuntime::session(const ServerConfig& server) {
  ServerState& state = states_[server.name];
  if (!state.session) {
    if (const auto& failure = sources_.config->failure()) {
      throw McpError(ErrorKind::kConfig, failure->message);
    }
    OpenOptions options;
    options.environment = &sources_.config->environment();
    options.http_client = sources_.http;
    options.deadline = options_.deadline;
    options.redactor = sources_.redactor;
    state.session = open_session(server, sources_.config->user(), options);
  }
  return *state.session;
}

const rapidjson::Value& McpRuntime::tools(const ServerConfig& server) {
  ServerState& state = states_[server.name];
  if (!state.tools) state.tools = session(server).list_tools();
  return *states_[server.name].tools;
}

const rapidjson::Value* McpRuntime::find_tool(const ServerConfig& server, std::string_view name) {
  const rapidjson::Value& list = tools(server);
  for (const auto& tool : list.GetArray()) {
    if (tool_name(tool) == name) return &tool;
  }
  for (const auto& tool : list.GetArray()) {
    if (sanitize_name(tool_name(tool)) == name) return &tool;
  }
  return nullptr;
}

lua::CallOutcome McpRuntime::call(const lua::CallRequest& request) {
  const auto& path = request.path;
  if (!path.empty() && path[0] == "$mcp" && path.size() == 2) {
    const rapidjson::Value& arguments = request.positional;
    return call_helper(path[1], arguments);
  }
  lua::CallOutcome outcome;
  if (path.size() != 3 || path[0] != "mcp") {
    return failed(std::move(outcome), "Unknown function: app." + request.joined_path() + ".",
                  ErrorCode::kMcp);
  }
  const ServerConfig* server = sources_.servers.find(path[1]);
  if (server == nullptr) return unknown_server(path[1], sources_.servers);
  return call_tool(*server, path[2], request, request.joined_path());
}

lua::CallOutcome McpRuntime::call_tool(const ServerConfig& server, std::string_view name,
                                       const lua::CallRequest& request,
                                       const std::string& lua_path) {
  lua::CallOutcome outcome;
  outcome.function = server.name + "." + std::string(name);
  outcome.operation = config::Operation::kWrite;
  try {
    const rapidjson::Value* tool = find_tool(server, name);
    if (tool == nullptr) {
      return failed(std::move(outcome), unknown_tool(server, name, tools(server)), ErrorCode::kMcp);
    }
    outcome.function = server.name + "." + tool_name(*tool);
    const bool read = is_read_only(*tool);
    outcome.operation = read ? config::Operation::kRead : config::Operation::kWrite;
    rapidjson::Document arguments(rapidjson::kObjectType);
    if (request.has_named) {
      arguments.CopyFrom(request.named, arguments.GetAllocator());
    } else if (!request.positional.Empty()) {
      return failed(std::move(outcome), "app." + lua_path + " takes one table of named arguments.",
                    ErrorCode::kMcp);
    }
    fit_empty_tables(*tool, arguments);
    const config::PermissionDecision decision =
        config::decide(config::PolicySubject::mcp_server(server.name), *outcome.operation,
                       sources_.config->policy(), options_.flags);
    if (decision.verdict == config::PermissionDecision::Verdict::kDescribe) {
      return dry_run(std::move(outcome), server, *tool, arguments);
    }
    if (decision.verdict == config::PermissionDecision::Verdict::kRefuse) {
      return failed(std::move(outcome), decision.refusal, ErrorCode::kPermissionDenied);
    }
    Session& live = session(server);
    outcome.attempts = 1;  // from here on requests go to the server, answered or not
    ToolResult result = normalize_tool_result(live.call_tool(tool_name(*tool), arguments));
    if (result.is_error) return failed(std::move(outcome), result.error_text, ErrorCode::kMcp);
    outcome.ok = true;
    outcome.data.Swap(result.value);
  } catch (const McpError& error) {
    outcome = failed(std::move(outcome), error);
  }
  if (sources_.redactor != nullptr) {
    outcome.error_message = sources_.redactor->redact(outcome.error_message);
  }
  return outcome;
}

}  // namespace kosmo::mcp
