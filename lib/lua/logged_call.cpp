#include "lib/lua/logged_call.h"

#include <chrono>
#include <optional>
#include <string>

#include "lib/lua/call_log.h"
#include "lib/lua/run_observer.h"

namespace kosmo::lua {
namespace {

// Tells the run's observer a call started, and that it ended however it ends (a dispatcher
// that throws included).
class WatchedCall {
 public:
  WatchedCall(RunObserver& observer, std::string path)
      : observer_(observer), path_(std::move(path)) {
    observer_.call_started(path_);
  }
  ~WatchedCall() { observer_.call_finished(path_); }
  WatchedCall(const WatchedCall&) = delete;
  WatchedCall& operator=(const WatchedCall&) = delete;

 private:
  RunObserver& observer_;
  std::string path_;
};

CallOutcome dispatch(Dispatcher* dispatcher, const CallRequest& request) {
  if (dispatcher != nullptr) return dispatcher->call(request);
  CallOutcome outcome;
  outcome.error_message = "Unknown function: app." + request.joined_path() + ".";
  return outcome;
}

}  // namespace

CallOutcome dispatch_logged(Dispatcher* dispatcher, const CallRequest& request, CallLog* calls,
                            RunObserver* observer) {
  std::optional<WatchedCall> watched;
  if (observer != nullptr) watched.emplace(*observer, request.joined_path());
  const auto started = std::chrono::steady_clock::now();
  CallOutcome outcome = dispatch(dispatcher, request);
  watched.reset();
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - started;
  if (calls != nullptr && outcome.logged) {
    // The joined path's memory, kept from one call to the next: the log copies what it keeps.
    thread_local std::string path;
    const CallLogView call = make_call_log_view(request, outcome, elapsed.count(), path);
    calls->append(call);
    if (observer != nullptr) observer->call_logged(call);
  }
  return outcome;
}

}  // namespace kosmo::lua
