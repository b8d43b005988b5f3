#pragma once
// The HTTP seam: plain value types for one exchange and the interface every transport
// implements (libcurl in production, cassettes for --replay, fakes in tests).
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kosmo::http {

struct HttpResponse;

// Reads a 2xx response's body while it arrives (an MCP server's event stream), given the status
// and headers and each piece in order; first an empty piece, as soon as the head is complete. It
// may send other requests through the same client meanwhile (the answer to a server's question).
// Returning false ends the transfer there: the result is then complete as far as the caller is
// concerned (HttpResult::stopped_by_reader).
using BodyReader = std::function<bool(const HttpResponse& head, std::string_view piece)>;

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // upper case: GET, POST, ...
  std::string url;     // absolute, query string included
  HeaderList headers;  // sent as given; an empty value is sent as an empty header
  std::string body;
  // Distinguishes "no body" from "an empty body": POST/PUT/PATCH are always sent with a
  // Content-Length (0 when there is no body), other methods only when has_body is set or body
  // is non-empty.
  bool has_body = false;
  double connect_timeout_s = 10;  // <= 0: libcurl's default
  double total_timeout_s = 30;    // <= 0: no limit
  // > 0: the transfer also fails as timed out once nothing has moved either way for this long
  // (judged about once a second): a stream that keeps sending may run up to total_timeout_s.
  double idle_timeout_s = 0;
  // False: one attempt whatever happens, for best-effort notices that must not hold up a run
  // (an MCP session's DELETE, a cancellation) even where the retry policy would retry.
  bool retry_allowed = true;
  // The largest body accepted; a longer one aborts the transfer (HttpResult::body_too_large).
  // 0: no limit.
  size_t max_body_bytes = 0;
  // What cassettes match on besides method, query and body: the request's place in its API,
  // independent of base URL and account (e.g. scope "sinch", path "/groups/g1"), so a cassette
  // recorded with one account's URL replays without any credentials.
  std::string route_scope;
  std::string route_path;
  std::string route_query;
  // Who sends the request, for the -v log only (never sent): the function's slug and account
  // ("sinch_get_group", "default"), or "mcp:<server>" and "" for an MCP server.
  std::string caller_function;
  std::string caller_account;
  // Empty: the body arrives whole in the result. Clients that cannot stream (cassettes, test
  // fakes) never call it; HttpResult::body_read says how much of the body a reader has seen.
  BodyReader body_reader;
};

struct HttpResponse {
  int status = 0;
  HeaderList headers;  // names lower-cased, in arrival order, repeats kept
  std::string body;

  // The first value of header `name` (any case), or "" when absent.
  std::string header(std::string_view name) const;
};

struct HttpResult {
  // False when no complete response arrived (connect failure, timeout, truncated body, ...);
  // `response` then holds whatever did arrive. HTTP error statuses are transport successes.
  bool transport_ok = false;
  HttpResponse response;
  // libcurl's message. It names hosts and ports, never URLs' paths or header values, so it
  // carries no credentials of its own; callers still pass it through the Redactor.
  std::string transport_error;
  int attempts = 1;  // filled by RetryingHttpClient
  // The body passed HttpRequest::max_body_bytes: the transfer was aborted and the partial body
  // dropped. Never retried (the next answer would be as large).
  bool body_too_large = false;
  // Under --replay no recorded exchange matched (replay_miss, exit 4); transport_error names
  // the request. Nothing was sent.
  bool replay_miss = false;
  // How many leading bytes of response.body the request's body_reader has already been given;
  // the caller reads the rest itself. 0 from clients that do not stream.
  size_t body_read = 0;
  // The body_reader ended the transfer: transport_ok, and response.body holds what had arrived.
  bool stopped_by_reader = false;
};

class HttpClient {
 public:
  virtual ~HttpClient();
  // Performs one exchange. Never throws for network or HTTP failures; those are reported in the
  // result. May throw CurlLoadError when libcurl is missing.
  virtual HttpResult send(const HttpRequest& request) = 0;
};

// ASCII lower-casing for header names.
std::string lower_ascii(std::string_view text);

// ASCII case-insensitive equality, for header names.
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace kosmo::http
