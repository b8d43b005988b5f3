#pragma once
// The one exception family of the MCP client. Every message is written for the person running
// the script and names the server; the kind lets callers map failures onto error codes without
// parsing text.
#include <stdexcept>
#include <string>

namespace kosmo::mcp {

enum class ErrorKind {
  kConfig,     // the entry cannot be used: no command, unsupported transport, disabled
  kUntrusted,  // a project server whose entry the user has not trusted (or changed since)
  kStart,      // the process could not be started
  kTimeout,    // no answer before the deadline
  kExited,     // the server process ended before answering
  kTransport,  // HTTP failure, broken pipe, oversized or malformed framing
  kProtocol,   // the peer broke the protocol: bad handshake, unsupported version, wrong shape
  kRpc,        // the server answered with a JSON-RPC error object (RpcError)
  // HTTP 404 on a request that carried a session id: the server forgot the session. The session
  // layer re-initializes once and retries; only a second expiry reaches callers.
  kSessionExpired,
};

class McpError : public std::runtime_error {
 public:
  McpError(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

// A JSON-RPC error response. what() is "MCP error <code>: <message>"; `data` is kept as compact
// JSON text (empty when absent) so the exception stays cheaply copyable, as exceptions must be.
class RpcError : public McpError {
 public:
  RpcError(int code, const std::string& message, std::string data_json = {})
      : McpError(ErrorKind::kRpc, "MCP error " + std::to_string(code) + ": " + message),
        code_(code),
        rpc_message_(message),
        data_json_(std::move(data_json)) {}

  int code() const { return code_; }
  const std::string& rpc_message() const { return rpc_message_; }
  const std::string& data_json() const { return data_json_; }

 private:
  int code_;
  std::string rpc_message_;
  std::string data_json_;
};

}  // namespace kosmo::mcp
