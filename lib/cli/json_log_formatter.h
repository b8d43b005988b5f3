#pragma once
// --log-format json: every line kosmo writes to stderr is one JSON object, for log shippers
// (Kubernetes, CI log collectors) that index fields instead of parsing text:
//   {"time": "2026-12-03T07:10:21.123Z", "level": "info", "message": "...", <event fields>}
// The event fields (lib/common/log_event.h) follow "message" in the order they were given.
// Invalid UTF-8 (a vendor's body, an MCP server's stderr) becomes U+FFFD, so a line is always
// valid JSON.
#include <spdlog/formatter.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "lib/common/log_event.h"

namespace kosmo::cli {

// One JSON line, newline included. `fields` may be null.
std::string json_log_line(std::chrono::system_clock::time_point time, std::string_view level,
                          std::string_view message, const log::Fields* fields);

class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace kosmo::cli
