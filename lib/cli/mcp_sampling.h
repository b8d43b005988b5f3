#pragma once
// Lends the run's Anthropic account to MCP servers whose entries allow sampling
// (mcp/sampling.h): a server's sampling/createMessage becomes a call of
// app.integrations.anthropic[.<account>].create_message through the run's dispatcher, so the
// write policy, --force, --dry-run, the gateway's selection, the cassette and redaction apply as
// to the script's own calls, and the call is logged in the envelope's integration_calls.
//
// Only on the run's own thread: the integrations runtime, the call log and the redactor are the
// run's, not shared. A server's request that arrives on a Streamable HTTP GET stream (read on a
// thread of its own) is refused with a message saying so; one inside a call's answer (stdio, or
// the call's own SSE stream) is answered.
#include <rapidjson/document.h>

#include <thread>

#include "lib/common/outcome.h"
#include "lib/lua/dispatcher.h"
#include "lib/mcp/sampling.h"

namespace kosmo::lua {
class CallLog;
class RunObserver;
}  // namespace kosmo::lua

namespace kosmo::cli {

class McpSampling {
 public:
  // `dispatcher` serves app.integrations.* (borrowed); the thread constructing this is the run's.
  explicit McpSampling(lua::Dispatcher& dispatcher);

  // Where sampling calls are logged, once the sandbox exists (either may be null).
  void log_calls_to(lua::CallLog* calls, lua::RunObserver* observer);

  // The CreateMessageResult for `params` under the entry's `settings`, or why not.
  Outcome<rapidjson::Document> sample(const mcp::SamplingSettings& settings,
                                      const rapidjson::Value& params);

 private:
  lua::Dispatcher& dispatcher_;
  lua::CallLog* calls_ = nullptr;
  lua::RunObserver* observer_ = nullptr;
  std::thread::id run_thread_ = std::this_thread::get_id();
};

}  // namespace kosmo::cli
