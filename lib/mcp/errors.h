#pragma once
// How the MCP client fails. Functions that can fail return an McpOutcome (the value or an
// McpFailure); nothing in lib/mcp throws across its own functions. Every message is written for
// the person running the script and names the server; the kind lets callers map failures onto
// error codes without parsing text.
#include <optional>
#include <string>

#include "lib/common/outcome.h"

namespace kosmo::mcp {

enum class ErrorKind {
  kConfig,     // the entry cannot be used: no command, unsupported transport, disabled
  kUntrusted,  // a project server whose entry the user has not trusted (or changed since)
  kStart,      // the process could not be started
  kTimeout,    // no answer before the deadline
  kExited,     // the server process ended before answering
  kTransport,  // HTTP failure, broken pipe, oversized or malformed framing
  kProtocol,   // the peer broke the protocol: bad handshake, unsupported version, wrong shape
  kRpc,        // the server answered with a JSON-RPC error object (rpc_* below)
  // HTTP 404 on a request that carried a session id: the server forgot the session. The session
  // layer re-initializes once and retries; only a second expiry reaches callers.
  kSessionExpired,
  kReplayMiss,  // --replay holds no recorded answer for an HTTP server's request
  kUsage,       // a helper was called with the wrong arguments (mcp.call(1), ...)
  // An OAuth-protected server kosmo could not authorize with (lib/oauth/authorizer.h).
  kAuthRequired,
};

struct McpFailure {
  McpFailure() = default;
  McpFailure(ErrorKind kind, std::string message) : kind(kind), message(std::move(message)) {}

  ErrorKind kind = ErrorKind::kProtocol;
  std::string message;
  // kRpc: the error object's code, message and `data` as compact JSON text (empty when absent).
  // message is then "MCP error <code>: <rpc_message>".
  int rpc_code = 0;
  std::string rpc_message;
  std::string rpc_data_json;
};

template <typename T>
using McpOutcome = Outcome<T, McpFailure>;
// A step with nothing to return: empty when it worked.
using McpCheck = std::optional<McpFailure>;

McpFailure rpc_failure(int code, std::string message, std::string data_json = {});

// untrusted → untrusted_server (exit 4), unusable entry → config_error (5), replay miss →
// replay_miss (4), else mcp_error (1).
ErrorCode error_code_of(ErrorKind kind);
// Whether trying again later could help (a slow or restarted server).
bool is_retryable(ErrorKind kind);

}  // namespace kosmo::mcp
