#pragma once
// The MCP protocol client, independent of the transport: the initialize handshake with version
// negotiation, paginated listings, tools, resources and prompts. Results are RapidJSON documents
// as the server sent them (tool_result.h turns a tools/call result into a script value).
//
// The handshake runs lazily before the first request. It offers kLatestProtocolVersion and
// accepts the server's choice when kosmo supports it (the server answers with its own latest when
// it does not support ours); any other choice is a kProtocol failure naming it, and nothing else
// is sent.
//
// Not thread-safe: one session per thread, as the Lua sandbox runs on one thread.
#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/common/deadline.h"
#include "lib/http/redactor.h"
#include "lib/mcp/server_config.h"
#include "lib/mcp/transport.h"

namespace kosmo::mcp {

inline constexpr const char* kLatestProtocolVersion = "2025-11-25";

// Newest first: 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05.
const std::vector<std::string_view>& supported_protocol_versions();

struct SessionOptions {
  std::string server_name;
  double request_timeout_s = kDefaultTimeoutSeconds;
  // Covers the server's start-up as well (npx may download the package first).
  double initialize_timeout_s = kDefaultTimeoutSeconds;
  // A listing stops after this many pages (or at a cursor it has already followed), with a
  // warning, so a server that never stops paging cannot hang a run.
  int max_pages = 100;
  // The run's --timeout; every request is capped by it.
  Deadline deadline = {};
  // Keeps credentials out of the -vv log of the messages exchanged; null: nothing is redacted
  // (tests without secrets).
  const http::Redactor* redactor = nullptr;
};

// initialize's params: kLatestProtocolVersion, `offered` capabilities (null: nothing beyond
// ping, declared as {}), clientInfo kosmo and its version.
rapidjson::Document initialize_params(const ClientCapabilities* offered);

class Session {
 public:
  Session(std::unique_ptr<Transport> transport, SessionOptions options);
  ~Session();  // close()
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs the handshake unless it already succeeded. Every method below calls it.
  McpCheck initialize();
  bool initialized() const { return initialized_; }
  const std::string& protocol_version() const { return protocol_version_; }
  // The InitializeResult (serverInfo, capabilities, instructions); null before initialize().
  const rapidjson::Document& server_info() const { return initialize_result_; }
  // Whether the server declared capability `name` ("tools", "resources", "prompts", ...).
  bool has_capability(std::string_view name) const;

  // Every page of tools/list concatenated: an array of tool objects.
  McpOutcome<rapidjson::Document> list_tools();
  // The tools/call result object. `arguments` must be an object (null is sent as {}); anything
  // else fails with kUsage before anything is sent.
  McpOutcome<rapidjson::Document> call_tool(std::string_view name,
                                            const rapidjson::Value& arguments);
  // Arrays of resource / prompt objects, all pages; empty, without asking, when the server did
  // not declare the capability.
  McpOutcome<rapidjson::Document> list_resources();
  McpOutcome<rapidjson::Document> read_resource(std::string_view uri);
  McpOutcome<rapidjson::Document> list_prompts();
  McpOutcome<rapidjson::Document> get_prompt(std::string_view name,
                                             const rapidjson::Value& arguments);

  // Any request; returns its result (a JSON-RPC error is a kRpc failure).
  McpOutcome<rapidjson::Document> request(std::string_view method, const rapidjson::Value* params);
  double request_timeout_s() const { return options_.request_timeout_s; }

  void close() noexcept;
  // Transport::poll_messages and Transport::set_notification_hook, for a long-lived client
  // (the gateway).
  McpCheck poll();
  void set_notification_hook(std::function<void(std::string_view method)> hook);
  // The transport's server process, if it runs one (Transport::child_process).
  ChildProcess* child_process() noexcept {
    return transport_ ? transport_->child_process() : nullptr;
  }

 private:
  // `progress_token`: the one `params` carries in _meta (call_tool), empty when none.
  McpOutcome<rapidjson::Document> exchange(std::string_view method, const rapidjson::Value* params,
                                           double timeout_s, std::string_view progress_token = {});
  McpOutcome<rapidjson::Document> request(std::string_view method, const rapidjson::Value* params,
                                          std::string_view progress_token);
  McpOutcome<rapidjson::Document> list_all(std::string_view method, const char* key);
  McpCheck check_version(const rapidjson::Value& result);
  // -vv: the start of each message sent and received, redacted; `direction` "send"/"receive".
  void log_message(std::string_view direction, std::string_view text) const;

  std::unique_ptr<Transport> transport_;
  SessionOptions options_;
  int64_t next_id_ = 1;
  int64_t next_progress_token_ = 1;
  bool initialized_ = false;
  std::string protocol_version_;
  rapidjson::Document initialize_result_;
};

}  // namespace kosmo::mcp
