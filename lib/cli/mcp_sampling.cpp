#include "lib/cli/mcp_sampling.h"

#include <chrono>

#include "lib/lua/call_log.h"
#include "lib/lua/run_observer.h"

namespace kosmo::cli {

McpSampling::McpSampling(lua::Dispatcher& dispatcher) : dispatcher_(dispatcher) {}

void McpSampling::log_calls_to(lua::CallLog* calls, lua::RunObserver* observer) {
  calls_ = calls;
  observer_ = observer;
}

Outcome<rapidjson::Document> McpSampling::sample(const mcp::SamplingSettings& settings,
                                                 const rapidjson::Value& params) {
  if (std::this_thread::get_id() != run_thread_) {
    return Failure{ErrorCode::kMcp,
                   "kosmo answers sampling requests only inside the tool call that needs them; "
                   "this one came on the server's standalone stream"};
  }
  Outcome<rapidjson::Document> arguments = mcp::anthropic_arguments(params, settings);
  if (!arguments) return std::move(arguments).error();
  lua::CallRequest request;
  request.path = {"integrations", "anthropic"};
  if (!settings.account.empty()) request.path.push_back(settings.account);
  request.path.push_back("create_message");
  request.has_named = true;
  request.named = std::move(*arguments);
  const lua::CallOutcome outcome = call_anthropic(request);
  if (!outcome.ok) return Failure{outcome.error_code, outcome.error_message};
  if (outcome.dry_run) {
    return Failure{ErrorCode::kPermissionDenied,
                   "--dry-run: the sampling request was not sent to Anthropic"};
  }
  return mcp::sampling_result(outcome.data);
}

lua::CallOutcome McpSampling::call_anthropic(const lua::CallRequest& request) {
  const std::string path = request.joined_path();
  if (observer_ != nullptr) observer_->call_started(path);
  const auto started = std::chrono::steady_clock::now();
  lua::CallOutcome outcome = dispatcher_.call(request);
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - started;
  if (observer_ != nullptr) observer_->call_finished(path);
  if (calls_ != nullptr && outcome.logged) {
    const lua::CallLogEntry entry = lua::make_call_log_entry(request, outcome, elapsed.count());
    calls_->append(entry);
    if (observer_ != nullptr) observer_->call_logged(entry);
  }
  return outcome;
}

}  // namespace kosmo::cli
