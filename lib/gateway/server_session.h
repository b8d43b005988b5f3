#pragma once
// The MCP server side of one client connection, apart from its transport: the stdio loop
// (stdio_server.h) and the Streamable HTTP listener (http_server.h) hand it each message they
// read and deliver what it sends back. It speaks JSON-RPC 2.0 as MCP 2025-11-25 uses it
// (accepting the older protocol versions kosmo's client accepts): initialize, ping,
// logging/setLevel, tools/list, tools/call, resources/*, prompts/*, notifications/cancelled.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace kosmo::gateway {

// Where the messages answering one incoming message go. Thread-safe: a tools/call responds from
// the gateway's worker thread.
class ReplyChannel {
 public:
  virtual ~ReplyChannel() = default;
  // A notification tied to the request (notifications/progress, notifications/message).
  virtual void notify(std::string message) = 0;
  // The response (a result or an error), once per request; never called for a notification or
  // a response from the client. After it, the channel receives nothing more.
  virtual void respond(std::string message) = 0;
};

class ServerSession {
 public:
  virtual ~ServerSession() = default;
  // Handles one message's text: a request, a notification, or a client's response (a JSON-RPC
  // batch is refused, as MCP 2025-06-18 and later define). Returns without waiting for a
  // tools/call, which runs on the gateway's worker and responds on `reply` when done; ping,
  // cancellation and logging/setLevel are answered at once, even while a call runs.
  virtual void receive(std::string_view text, std::shared_ptr<ReplyChannel> reply) = 0;
  // The client has said all it will (stdio: its end of stdin is closed) but may still read:
  // returns once every request received so far is answered, or as soon as `give_up` says the
  // client is gone (it is asked every 100 ms). A shell pipeline that writes its requests and
  // closes stdin gets every answer; each call stays bounded by its own timeout.
  virtual void drain(const std::function<bool()>& give_up) {}
  // The client is gone: cancel its running and queued calls. No reply is sent after this.
  virtual void close() = 0;
};

}  // namespace kosmo::gateway
