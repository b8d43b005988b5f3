#pragma once
// The transports kosmo can start, in one table (as Lua's linit.c lists its libraries): the
// spellings an entry's "type" may use, what kind of entry it is, and how to open it. Adding a
// transport is its own .h/.cpp and one row in transport_registry.cpp; nothing else names it.
#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "lib/common/deadline.h"
#include "lib/config/environment.h"
#include "lib/http/http_client.h"
#include "lib/http/redactor.h"
#include "lib/mcp/child_process.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/transport.h"

namespace kosmo::mcp {

struct ServerConfig;

// Who authorizes a Streamable HTTP server's requests.
enum class HttpAuthorization {
  kEntryHeaders,  // the entry's own headers alone; a 401 is an error (the default)
  kOAuth,         // kosmo, for an OAuth-protected server (server_authorization.h)
  kAsRecorded,    // --replay: no credentials, recorded refusals followed (replayed_authorization.h)
};

// What opening a transport may need; each transport takes what it uses.
struct TransportContext {
  const config::Environment& environment;  // the parent environment of a started process
  http::HttpClient* http = nullptr;        // the run's HTTP stack
  StopTimings stop_timings = {};
  // The run's redactor, its entry's credentials registered (open_session); may be null. An
  // OAuth-protected server's tokens are added to it as they are obtained.
  http::Redactor* redactor = nullptr;
  // What a transport that can answer a server's requests offers; null: nothing.
  const ClientCapabilities* client = nullptr;
  // Whether an HTTP server's GET stream may be opened (a live run; see http_transport.h).
  bool listen_stream = false;
  // How an HTTP server's requests are authorized: kOAuth for live runs, kAsRecorded for replays.
  HttpAuthorization authorization = HttpAuthorization::kEntryHeaders;
  // The run's --timeout: a wait for the browser during a run never outlasts it.
  Deadline deadline = {};
};

struct TransportKind {
  std::string_view name;  // canonical: what listings and trust fingerprints show
  // Other spellings of "type" (compared lower-cased), empty strings unused.
  std::array<std::string_view, 4> aliases;
  // true: the entry starts a local process (command, args, env, cwd); false: it names a remote
  // server (url, headers). An entry without "type" takes the first kind that fits it.
  bool starts_process;
  // Opens the transport for an entry whose `${...}` references are already expanded.
  McpOutcome<std::unique_ptr<Transport>> (*open)(const ServerConfig& expanded,
                                                 const TransportContext& context);
};

// By "type" as written (any case); with no type, by whether the entry has a url. nullptr: not a
// transport kosmo supports (the entry still loads and lists, but cannot start).
const TransportKind* transport_for(std::string_view type, bool has_url);
// "stdio, http": for messages.
std::string supported_transport_names();

}  // namespace kosmo::mcp
