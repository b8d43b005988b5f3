#include "lib/mcp/mcp_runtime.h"

#include "lib/common/suggest.h"
#include "lib/config/policy.h"
#include "lib/http/json_redaction.h"
#include "lib/lua/mcp_library.h"
#include "lib/mcp/mcp_outcome.h"
#include "lib/mcp/open_session.h"
#include "lib/mcp/tool_result.h"

namespace kosmo::mcp {
namespace {

// Lua gives an empty table as []; where the tool's schema wants an object there, send {}.
// The members of `arguments` that need it, in order; usually none, and then the arguments are
// sent as the script gave them, without a copy.
std::vector<rapidjson::SizeType> empty_tables_to_fit(const Tool& tool,
                                                     const rapidjson::Value& arguments) {
  std::vector<rapidjson::SizeType> members;
  const rapidjson::Value* schema = tool.input_schema();
  if (schema == nullptr) return members;
  auto properties = schema->FindMember("properties");
  if (properties == schema->MemberEnd() || !properties->value.IsObject()) return members;
  rapidjson::SizeType index = 0;
  for (const auto& member : arguments.GetObject()) {
    const rapidjson::SizeType at = index++;
    if (!member.value.IsArray() || !member.value.Empty()) continue;
    auto property = properties->value.FindMember(member.name);
    if (property == properties->value.MemberEnd() || !property->value.IsObject()) continue;
    auto type = property->value.FindMember("type");
    if (type != property->value.MemberEnd() && type->value.IsString() &&
        std::string_view(type->value.GetString()) == "object") {
      members.push_back(at);
    }
  }
  return members;
}

McpFailure unknown_tool(const ServerConfig& server, std::string_view wanted,
                        const std::vector<Tool>& tools) {
  std::vector<std::string> names;
  for (const Tool& tool : tools) names.push_back(tool.lua_name);
  const std::string prefix = "app.mcp." + sanitize_name(server.name) + ".";
  std::string message = "Unknown function: " + prefix + std::string(wanted) + ".";
  const auto near = nearest_names(wanted, names, 5);
  for (size_t i = 0; i < near.size(); ++i) {
    message += (i == 0 ? " Did you mean: " : ", ") + prefix + near[i];
  }
  return McpFailure{ErrorKind::kUsage, near.empty() ? message : message + "?"};
}

}  // namespace

McpRuntime::McpRuntime(McpRuntimeSources sources, McpRuntimeOptions options)
    : sources_(std::move(sources)), options_(std::move(options)) {}

McpRuntime::~McpRuntime() {
  // Stdio servers are stopped together, each phase once for all of them and within the run's
  // deadline; closed one by one, ten servers that ignore SIGTERM took ten grace periods. Each
  // session's close then finds its process gone, or ends its HTTP session.
  std::vector<ChildProcess*> processes;
  for (auto& [name, state] : states_) {
    if (!state.session) continue;
    if (ChildProcess* process = state.session->child_process()) processes.push_back(process);
  }
  stop_processes(processes, options_.stop_timings, options_.deadline);
  for (auto& [name, state] : states_) {
    if (state.session) state.session->close();
  }
}

McpOutcome<Session*> McpRuntime::session(const ServerConfig& server) {
  ServerState& state = states_[server.name];
  if (!state.session) {
    if (const auto& failure = sources_.config->failure()) {
      return McpFailure{ErrorKind::kConfig, failure->message};
    }
    OpenOptions options;
    options.environment = &sources_.config->environment();
    options.http_client = sources_.http;
    options.stop_timings = options_.stop_timings;
    options.deadline = options_.deadline;
    options.redactor = sources_.redactor;
    options.open_transport = sources_.open_transport;
    options.trust_bypassed = force_bypass() == config::ForceBypass::kGranted;
    options.elicitation =
        options_.flags.deny_elicitation ? ElicitationPolicy::kDeny : ElicitationPolicy::kDefaults;
    options.listen_stream = !options_.flags.replaying();
    options.authorization =
        options_.flags.replaying() ? HttpAuthorization::kAsRecorded : HttpAuthorization::kOAuth;
    options.sampler = sampler_;
    McpOutcome<std::unique_ptr<Session>> opened =
        open_session(server, sources_.config->user(), options);
    if (!opened) return std::move(opened).error();
    state.session = std::move(*opened);
  }
  return state.session.get();
}

McpOutcome<const std::vector<Tool>*> McpRuntime::tools(const ServerConfig& server) {
  ServerState& state = states_[server.name];
  if (!state.tools) {
    McpOutcome<Session*> live = session(server);
    if (!live) return std::move(live).error();
    McpOutcome<rapidjson::Document> listed = (*live)->list_tools();
    if (!listed) return std::move(listed).error();
    state.tools = parse_tools(*listed, server.name);
  }
  return &*state.tools;
}

void McpRuntime::forget_tools(const ServerConfig& server) {
  auto found = states_.find(server.name);
  if (found != states_.end()) found->second.tools.reset();
}

McpOutcome<const Tool*> McpRuntime::find_tool(const ServerConfig& server, std::string_view name) {
  McpOutcome<const std::vector<Tool>*> listed = tools(server);
  if (!listed) return std::move(listed).error();
  for (const Tool& tool : **listed) {
    if (tool.name == name) return &tool;
  }
  for (const Tool& tool : **listed) {
    if (tool.lua_name == name) return &tool;
  }
  return static_cast<const Tool*>(nullptr);
}

lua::CallOutcome McpRuntime::call(const lua::CallRequest& request) {
  lua::CallOutcome outcome = serve(request);
  // Messages, and the data before it becomes Lua values: once the script holds a secret,
  // string.reverse or a base64 decoder defeats any redaction of what it prints (spec §7).
  if (sources_.redactor != nullptr) {
    outcome.error_message = sources_.redactor->redact(outcome.error_message);
    http::redact_json(*sources_.redactor, outcome.data, outcome.data.GetAllocator());
    http::redact_json(*sources_.redactor, outcome.error_body, outcome.error_body.GetAllocator());
  }
  return outcome;
}

config::ForceBypass McpRuntime::force_bypass() const {
  return config::force_bypass(config::PolicySubject::mcp_server(""), sources_.config->policy(),
                              options_.flags);
}

lua::CallOutcome McpRuntime::serve(const lua::CallRequest& request) {
  const auto& path = request.path;
  // KosmoKrator refuses a forced run without the opt-in at its first trust or policy check,
  // which every helper but mcp.servers() makes, for any server.
  const bool lists_servers =
      path.size() == 2 && path[0] == lua::kMcpHelperScope && path[1] == "servers";
  if (force_bypass() == config::ForceBypass::kDisabled && !lists_servers) {
    lua::CallOutcome outcome;
    outcome.function = request.joined_path();
    return failed(std::move(outcome), std::string(config::kMcpForceDisabled),
                  ErrorCode::kPermissionDenied);
  }
  if (!path.empty() && path[0] == lua::kMcpHelperScope && path.size() == 2) {
    return call_helper(path[1], request.positional);
  }
  lua::CallOutcome outcome;
  if (path.size() != 3 || path[0] != "mcp") {
    return failed(std::move(outcome), "Unknown function: app." + request.joined_path() + ".",
                  ErrorCode::kMcp);
  }
  const ServerConfig* server = sources_.servers.find(path[1]);
  if (server == nullptr) return failed(std::move(outcome), unknown_server(path[1], servers()));
  return call_tool(*server, path[2], request, request.joined_path());
}

lua::CallOutcome McpRuntime::call_tool(const ServerConfig& server, std::string_view name,
                                       const lua::CallRequest& request, const std::string& lua_path,
                                       ResultShape shape) {
  lua::CallOutcome outcome;
  outcome.function = server.name + "." + std::string(name);
  outcome.operation = config::Operation::kWrite;
  McpOutcome<const Tool*> found = find_tool(server, name);
  if (!found) return failed(std::move(outcome), std::move(found).error());
  if (*found == nullptr) {
    McpOutcome<const std::vector<Tool>*> listed = tools(server);
    return failed(std::move(outcome), unknown_tool(server, name, **listed));
  }
  const Tool& tool = **found;
  outcome.function = server.name + "." + tool.name;
  outcome.operation = tool.operation;
  if (!request.has_named && !request.positional.Empty()) {
    return failed(std::move(outcome), "app." + lua_path + " takes one table of named arguments.",
                  ErrorCode::kMcp);
  }
  static const rapidjson::Value kNoArguments(rapidjson::kObjectType);
  const rapidjson::Value* arguments = request.has_named ? &request.named : &kNoArguments;
  rapidjson::Document fitted;
  if (const auto members = empty_tables_to_fit(tool, *arguments); !members.empty()) {
    fitted.CopyFrom(*arguments, fitted.GetAllocator());
    for (rapidjson::SizeType member : members) (fitted.MemberBegin() + member)->value.SetObject();
    arguments = &fitted;
  }
  const config::PermissionDecision decision =
      config::decide(config::PolicySubject::mcp_server(server.name), tool.operation,
                     sources_.config->policy(), options_.flags);
  if (decision.verdict == config::PermissionDecision::Verdict::kDescribe) {
    return dry_run(std::move(outcome), server, tool, *arguments);
  }
  if (decision.verdict == config::PermissionDecision::Verdict::kRefuse) {
    return failed(std::move(outcome), decision.refusal, ErrorCode::kPermissionDenied);
  }
  McpOutcome<Session*> live = session(server);
  if (!live) return failed(std::move(outcome), std::move(live).error());
  outcome.attempts = 1;  // from here on requests go to the server, answered or not
  McpOutcome<rapidjson::Document> answer = (*live)->call_tool(tool.name, *arguments);
  if (!answer) return failed(std::move(outcome), std::move(answer).error());
  if (shape == ResultShape::kWhole) {
    outcome.ok = true;
    outcome.data = std::move(*answer);
    return outcome;
  }
  ToolResult result = normalize_tool_result(std::move(*answer));
  if (result.is_error) {
    outcome.error_body.Swap(result.value);  // app.last_error().body: content, structuredContent
    return failed(std::move(outcome), result.error_text, ErrorCode::kMcp);
  }
  outcome.ok = true;
  outcome.data.Swap(result.value);
  return outcome;
}

}  // namespace kosmo::mcp
