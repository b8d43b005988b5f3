#include "lib/mcp/errors.h"

namespace kosmo::mcp {

McpFailure rpc_failure(int code, std::string message, std::string data_json) {
  McpFailure failure(ErrorKind::kRpc, "MCP error " + std::to_string(code) + ": " + message);
  failure.rpc_code = code;
  failure.rpc_message = std::move(message);
  failure.rpc_data_json = std::move(data_json);
  return failure;
}

ErrorCode error_code_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUntrusted:
      return ErrorCode::kUntrustedServer;
    case ErrorKind::kConfig:
      return ErrorCode::kConfig;
    case ErrorKind::kReplayMiss:
      return ErrorCode::kReplayMiss;
    default:
      return ErrorCode::kMcp;
  }
}

bool is_retryable(ErrorKind kind) {
  return kind == ErrorKind::kTimeout || kind == ErrorKind::kExited;
}

}  // namespace kosmo::mcp
