#pragma once
// The gateway's ServerSession (server_session.h): MCP's server side of one client, over the
// providers a command assembled. The reading thread answers what needs no provider at once
// (initialize, ping, logging/setLevel, notifications/cancelled, malformed messages); everything
// that touches a provider (tools/*, resources/*, prompts/*) is queued, in arrival order, to ONE
// worker thread, because the runtimes behind the providers are not thread-safe.
//
// A cancelled request gets no response (MCP's cancellation); a queued one never runs. While
// idle, the worker asks the providers whether their tools changed (an upstream's
// notifications/tools/list_changed) and tells the client on the `standalone` channel.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lib/gateway/content_provider.h"
#include "lib/gateway/server_session.h"
#include "lib/gateway/tool_provider.h"

namespace kosmo::gateway {

// What the gateway serves. Adding a provider (code mode's lua_execute, ...) is one push_back
// onto `tools`; names must not overlap (the first provider that owns() a name gets the call).
struct Gateway {
  std::vector<std::unique_ptr<ToolProvider>> tools;
  std::unique_ptr<ContentProvider> content;  // null: no resources or prompts
};

struct SessionSettings {
  std::string server_version;  // serverInfo.version
  // Runs on the worker before each job (a tools/call, a listing): the command starts the job's
  // own time bound here.
  std::function<void()> before_job;
  // After each tools/call: the tool, "ok", the result's error_code, or "cancelled", and the
  // duration (the -v log line).
  std::function<void(std::string_view tool, std::string_view status, double duration_ms)>
      on_call;
  // close() waits this long for a running call to notice its cancellation, then calls
  // `interrupt` (stop upstream server processes, so a call blocked on one returns) and waits
  // for the worker to finish.
  double close_grace_seconds = 1.0;
  std::function<void()> interrupt;
  // Held around every job and idle poll, when set: sessions that share runtimes (Streamable
  // HTTP serves several clients from one set) take turns on them.
  std::shared_ptr<std::mutex> provider_lock;
  // How often an idle worker asks the providers whether their tools changed.
  double idle_poll_seconds = 0.25;
};

class McpServerSession final : public ServerSession {
 public:
  // `standalone` carries notifications that answer no request (tools/list_changed); may be null.
  McpServerSession(Gateway gateway, SessionSettings settings,
                   std::shared_ptr<ReplyChannel> standalone);
  ~McpServerSession() override;  // close()
  McpServerSession(const McpServerSession&) = delete;
  McpServerSession& operator=(const McpServerSession&) = delete;

  void receive(std::string_view text, std::shared_ptr<ReplyChannel> reply) override;
  void drain(const std::function<bool()>& give_up) override;
  void close() override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The protocol version the gateway answers `requested` with: the client's when kosmo's client
// accepts it too, else the latest (2025-11-25).
std::string negotiate_protocol_version(std::string_view requested);

}  // namespace kosmo::gateway
