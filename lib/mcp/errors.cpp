#include "lib/mcp/errors.h"

namespace kosmo::mcp {

McpFailure rpc_failure(int code, std::string message, std::string data_json) {
  // Servers built on the official SDKs often send a message that already carries this prefix
  // (their McpError formats it); it is not repeated ("MCP error -32602: MCP error -32602: ...").
  const std::string prefix = "MCP error " + std::to_string(code) + ": ";
  McpFailure failure(ErrorKind::kRpc,
                     message.starts_with(prefix) ? message : prefix + message);
  failure.rpc_code = code;
  failure.rpc_message = std::move(message);
  failure.rpc_data_json = std::move(data_json);
  return failure;
}

ErrorCode error_code_of(ErrorKind kind) {
  // Refusals and configuration keep their own codes (and exit codes); every other failure is
  // the server's or the transport's.
  if (kind == ErrorKind::kUntrusted) return ErrorCode::kUntrustedServer;
  if (kind == ErrorKind::kConfig) return ErrorCode::kConfig;
  if (kind == ErrorKind::kReplayMiss) return ErrorCode::kReplayMiss;
  if (kind == ErrorKind::kAuthRequired) return ErrorCode::kAuthRequired;
  return ErrorCode::kMcp;
}

bool is_retryable(ErrorKind kind) {
  return kind == ErrorKind::kTimeout || kind == ErrorKind::kExited;
}

}  // namespace kosmo::mcp
