#pragma once
// Serves the MCP side of the Lua bridge (the lua::Dispatcher for paths under "mcp" and the
// mcp.* helpers' scope): app.mcp.<server>.<tool>(args) and the helpers. Servers start lazily,
// only when a script first needs one (mcp.servers() starts nothing); project servers must be
// trusted before they start (unless --force with its opt-in, config::force_bypass); a tool is a
// read when it declares readOnlyHint, else a write, under the same policy decision, --force and
// --dry-run as integrations. Every session is
// closed when the runtime ends.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/common/deadline.h"
#include "lib/common/run_flags.h"
#include "lib/config/configuration.h"
#include "lib/config/policy.h"
#include "lib/http/http_client.h"
#include "lib/http/redactor.h"
#include "lib/lua/dispatcher.h"
#include "lib/mcp/config_loader.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/open_session.h"
#include "lib/mcp/session.h"
#include "lib/mcp/tool.h"

namespace kosmo::mcp {

struct McpRuntimeOptions {
  RunFlags flags;     // --force and --dry-run, decided with the policy as for integrations
  Deadline deadline;  // the run's --timeout; bounds every request
  StopTimings stop_timings = {};
};

// Borrowed, except the servers.
struct McpRuntimeSources {
  LoadedServers servers;
  // Policy (user narrowed by project) and trust (the user's config.yaml only).
  const config::Configuration* config = nullptr;
  http::HttpClient* http = nullptr;  // for Streamable HTTP servers
  // Keeps secrets out of error messages and of the data scripts receive.
  http::Redactor* redactor = nullptr;
  // For tests and embedders: replaces the transport table's opener (OpenOptions::open_transport).
  TransportOpener open_transport = {};
};

class McpRuntime : public lua::Dispatcher {
 public:
  McpRuntime(McpRuntimeSources sources, McpRuntimeOptions options);
  ~McpRuntime() override;  // closes every session (stops stdio servers)

  lua::CallOutcome call(const lua::CallRequest& request) override;

  const LoadedServers& servers() const { return sources_.servers; }
  // Answers the sampling requests of servers whose entries allow sampling; before any session
  // opens. Without one, sampling is declared to no server.
  void set_sampler(AccountSampler sampler) { sampler_ = std::move(sampler); }
  // The server's tools (starts it on first use).
  McpOutcome<const std::vector<Tool>*> tools(const ServerConfig& server);
  // Drops the cached tools of `server`: the next tools() lists them again (the server sent
  // notifications/tools/list_changed).
  void forget_tools(const ServerConfig& server);
  // A tool by its name as the server gives it, or its Lua name; nullptr when there is none.
  McpOutcome<const Tool*> find_tool(const ServerConfig& server, std::string_view name);
  // The server's session, started and initialized on first use.
  McpOutcome<Session*> session(const ServerConfig& server);
  // How a tool's CallToolResult reaches the script.
  enum class ResultShape {
    kNormalized,  // as KosmoKrator gives it (tool_result.h); isError raises
    kWhole,       // mcp.call_result: the result object itself, isError included, text as text
  };
  // app.mcp.<server>.<tool>(args); `lua_path` names the call in messages. Not redacted: call()
  // redacts what it returns.
  lua::CallOutcome call_tool(const ServerConfig& server, std::string_view tool_name,
                             const lua::CallRequest& request, const std::string& lua_path,
                             ResultShape shape = ResultShape::kNormalized);

 private:
  struct ServerState {
    std::unique_ptr<Session> session;
    std::optional<std::vector<Tool>> tools;
  };

  // call() without the redaction.
  lua::CallOutcome serve(const lua::CallRequest& request);
  // What --force does for this run's MCP servers (the opt-in is one for all of them).
  config::ForceBypass force_bypass() const;
  // The mcp.* helpers (mcp_helpers.cpp).
  lua::CallOutcome call_helper(const std::string& helper, const rapidjson::Value& arguments);
  McpOutcome<lua::CallOutcome> run_helper(const std::string& helper,
                                          const rapidjson::Value& arguments,
                                          lua::CallOutcome outcome);
  McpOutcome<lua::CallOutcome> helper_tools(const rapidjson::Value& arguments,
                                            lua::CallOutcome outcome);
  McpOutcome<lua::CallOutcome> helper_tool(const std::string& helper,
                                           const rapidjson::Value& arguments,
                                           lua::CallOutcome outcome);
  McpOutcome<lua::CallOutcome> helper_session(const std::string& helper,
                                              const rapidjson::Value& arguments,
                                              lua::CallOutcome outcome);
  McpOutcome<const ServerConfig*> named_server(const rapidjson::Value& arguments,
                                               rapidjson::SizeType index,
                                               const std::string& helper) const;

  McpRuntimeSources sources_;
  McpRuntimeOptions options_;
  std::map<std::string, ServerState> states_;
  AccountSampler sampler_;
};

}  // namespace kosmo::mcp
