#pragma once
// How a Session reaches a server: one request in, its response out. Implementations own the
// framing and the waiting (stdio: lines on pipes; HTTP: one POST per message); the session owns
// ids, the handshake and what results mean.
#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "lib/mcp/client_capabilities.h"
#include "lib/mcp/errors.h"

namespace kosmo::mcp {

class ChildProcess;

struct OutgoingRequest {
  int64_t id = 0;
  std::string method;
  std::string text;  // the whole JSON-RPC message, compact, no newline
  // The request's params._meta.progressToken (empty: none). Each notifications/progress the
  // server sends for it restarts the wait for the answer (stdio; over HTTP, anything the server
  // sends does), but never past `progress_limit` (the run's --timeout; none: unbounded).
  std::string progress_token;
  std::optional<double> progress_limit_s;  // seconds from when the request is sent
};

class Transport {
 public:
  virtual ~Transport() = default;

  // Sends `request` and returns its response message (an object with `result` or `error`),
  // waiting at most `timeout_s`. Messages that are not that response are dealt with on the way
  // (ignored, or answered when the transport can). Fails with kTimeout, kExited, kTransport,
  // kProtocol, kSessionExpired or kReplayMiss.
  virtual McpOutcome<rapidjson::Document> round_trip(const OutgoingRequest& request,
                                                     double timeout_s) = 0;

  // Sends a notification; no answer is awaited. Fails like round_trip.
  virtual McpCheck notify(const std::string& text, double timeout_s) = 0;

  // The protocol version the handshake settled on (HTTP sends it as MCP-Protocol-Version).
  virtual void set_protocol_version(const std::string& version) {}
  // The handshake is complete (notifications/initialized sent): channels a server only serves an
  // initialized client may open now (Streamable HTTP's GET stream).
  virtual void initialized() {}

  // What the client declares in initialize and answers to a server's requests
  // (client_capabilities.h); null for a transport started without them, which then declares
  // none (and answers ping alone).
  virtual const ClientCapabilities* client_capabilities() const { return nullptr; }

  // Ends the connection for good: stdio stops the process, HTTP deletes the session.
  // Idempotent; never throws (it runs from destructors).
  virtual void close() noexcept = 0;

  // The server process when the transport runs one (stdio), so that a runtime with several
  // servers can stop them all together (stop_processes) before closing each; else nullptr.
  virtual ChildProcess* child_process() noexcept { return nullptr; }

  // Reads what the server has sent meanwhile without waiting, dealing with it as round_trip
  // does (a long-lived client, the gateway, calls it while idle so a server's notifications
  // are seen before the next request). Stdio reads its pipe; HTTP reports what its GET stream
  // received.
  virtual McpCheck poll_messages() { return std::nullopt; }
  // Called with the method of every notification the server sends (the gateway watches for
  // notifications/tools/list_changed); empty: none is reported.
  void set_notification_hook(std::function<void(std::string_view method)> hook) {
    notification_hook_ = std::move(hook);
  }

 protected:
  void notified(std::string_view method) const {
    if (notification_hook_) notification_hook_(method);
  }

 private:
  std::function<void(std::string_view)> notification_hook_;
};

}  // namespace kosmo::mcp
