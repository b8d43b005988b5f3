#include "lib/cli/mcp_sampling.h"

#include "lib/lua/logged_call.h"

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
  const lua::CallOutcome outcome = lua::dispatch_logged(&dispatcher_, request, calls_, observer_);
  if (!outcome.ok) return Failure{outcome.error_code, outcome.error_message};
  if (outcome.dry_run) {
    return Failure{ErrorCode::kPermissionDenied,
                   "--dry-run: the sampling request was not sent to Anthropic"};
  }
  return mcp::sampling_result(outcome.data);
}

}  // namespace kosmo::cli
