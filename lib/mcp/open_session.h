#pragma once
// From a configured entry to a ready-to-use Session: the checks that come before anything runs
// (enabled, trusted, a usable transport), `${...}` expansion, and the transport for the type.
// The process (stdio) starts here; the handshake runs on the session's first request.
#include <functional>
#include <memory>

#include "lib/common/deadline.h"
#include "lib/config/environment.h"
#include "lib/config/kosmo_config.h"
#include "lib/http/http_client.h"
#include "lib/http/redactor.h"
#include "lib/mcp/child_process.h"
#include "lib/mcp/server_config.h"
#include "lib/mcp/session.h"

namespace kosmo::mcp {

// Opens the transport of an entry whose `${...}` references are already expanded.
using TransportOpener =
    std::function<McpOutcome<std::unique_ptr<Transport>>(const ServerConfig& expanded)>;

// Answers a sampling request for a server whose entry allows sampling, with that entry's
// settings (the run's Anthropic account: cli/mcp_sampling.h).
using AccountSampler = std::function<Outcome<rapidjson::Document>(const SamplingSettings& settings,
                                                                  const rapidjson::Value& params)>;

struct OpenOptions {
  const config::Environment* environment = nullptr;  // nullptr: the process environment
  http::HttpClient* http_client = nullptr;           // required for HTTP servers
  StopTimings stop_timings = {};
  Deadline deadline = {};  // the run's --timeout
  // Learns the entry's credentials (see open_session) so no output of the run shows them.
  http::Redactor* redactor = nullptr;
  // For tests and embedders: replaces the transport table's opener. Every check before it
  // (enabled, trusted, a supported transport) and the credentials' registration still run.
  TransportOpener open_transport = {};
  // --force with KosmoKrator's opt-in (config::force_bypass): a project entry starts untrusted.
  bool trust_bypassed = false;
  // --elicitation: how a server's elicitation requests are answered (client_capabilities.h).
  ElicitationPolicy elicitation = ElicitationPolicy::kDefaults;
  // Open a Streamable HTTP server's GET stream (http_transport.h): live runs only, as its
  // traffic bypasses the cassette.
  bool listen_stream = false;
  // How HTTP servers' requests are authorized (transport_registry.h): kOAuth in live runs,
  // kAsRecorded under --replay.
  HttpAuthorization authorization = HttpAuthorization::kEntryHeaders;
  // Sampling for entries that allow it; empty: sampling is declared to no server.
  AccountSampler sampler = {};
};

// `server` as a transport runs it: `@secret:` references resolved and `${...}` expanded (what is
// missing logged as a warning), its sensitive header and env values (and the oauth secrets)
// registered with `redactor` (may be null).
ServerConfig resolved_server(const ServerConfig& server, const config::KosmoConfig& user_config,
                             const config::Environment& environment, http::Redactor* redactor);

// `server` as loaded (unexpanded). The values of its sensitive headers (Authorization, any name
// with token, key, secret, auth, password ...) and of env variables with such names, after
// expansion, are registered with options.redactor: a server that echoes them, an error that
// quotes them, never shows them. Fails with kConfig (disabled, unsupported transport, no
// command/url, HTTP without a client), kUntrusted or kStart.
McpOutcome<std::unique_ptr<Session>> open_session(const ServerConfig& server,
                                                  const config::KosmoConfig& user_config,
                                                  const OpenOptions& options = {});

}  // namespace kosmo::mcp
