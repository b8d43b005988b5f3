#pragma once
// The seam between the Lua bridge (`app.*`) and whatever serves calls: the integrations engine,
// the MCP client, or a test double. lib/lua knows nothing about vendors; it hands the path and
// the converted arguments to a Dispatcher and turns the outcome into a Lua value or error.
#include <rapidjson/document.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/common/error_codes.h"
#include "lib/common/outcome.h"
#include "lib/common/small_json_pool.h"
#include "lib/config/permission.h"
#include "lib/lua/page_walker.h"

namespace kosmo::lua {

struct CallRequest {
  CallRequest() = default;
  // A copy has a pool of its own, which its documents' values are copied into.
  CallRequest(const CallRequest& other);
  CallRequest& operator=(const CallRequest&) = delete;

  // Segments after `app`, e.g. {"integrations", "sinch", "work", "get_group"}.
  std::vector<std::string> path;
  // Exactly one of these carries the arguments: a single non-sequence table argument is
  // `named` (an object); anything else is `positional` (an array of every argument, possibly
  // empty). Deciding whether a positional list is valid is the dispatcher's job: it knows the
  // parameter order and types.
  bool has_named = false;

 private:
  SmallJsonPool pool_;  // named's and positional's values

 public:
  rapidjson::Document named{rapidjson::kObjectType, pool_.get()};
  rapidjson::Document positional{rapidjson::kArrayType, pool_.get()};

  std::string joined_path() const;         // "integrations.sinch.get_group"
  void join_path(std::string& out) const;  // the same into `out`, reusing its memory
};

struct CallOutcome {
  bool ok = false;
  rapidjson::Document data;  // the decoded result when ok

  // When !ok: a human message (never containing secrets), the error code (it decides the exit
  // code when the error is uncaught), the HTTP status when there was one, and whether retrying
  // could help.
  std::string error_message;
  ErrorCode error_code = ErrorCode::kIntegration;
  bool retryable = false;
  // The vendor's error response, for app.last_error().body: decoded when it is JSON, else its
  // text; null when there was none (a refused call, a transport error) or it is not UTF-8.
  // Redacted like `data`.
  rapidjson::Document error_body;

  // Facts for the call log (§5.5).
  std::string function;                        // slug, e.g. "sinch_get_group"
  std::string account;                         // "default" when not named
  std::optional<config::Operation> operation;  // none until the call is resolved
  bool dry_run = false;
  std::optional<int> http_status;
  int attempts = 0;
  // The response's Link rel="next" URL, redacted; empty when it had none (link-header paging).
  std::string next_link;
  // Whether the call belongs in the envelope's integration_calls: tool and function calls do,
  // discovery helpers (mcp.servers(), mcp.tools()) do not.
  bool logged = true;
};

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  virtual CallOutcome call(const CallRequest& request) = 0;
  // How the function at `request.path` pages (app.paginate); a failure when it does not, or
  // when the path names no function. Nothing is sent.
  virtual Outcome<std::unique_ptr<PageWalker>> page_walker(const CallRequest& request) {
    return Failure{ErrorCode::kIntegration,
                   "app." + request.joined_path() + " does not page: app.paginate cannot walk it."};
  }
};

}  // namespace kosmo::lua
