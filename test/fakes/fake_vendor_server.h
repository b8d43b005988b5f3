#pragma once
// A fake of the Sinch SMS and Anthropic APIs on 127.0.0.1 for end-to-end tests and benchmarks:
// every function kosmo's manifests call is served with the vendor's documented response shape
// (shared/reference/integrations-sinch-anthropic-wildix-agora.md §5), every request is recorded
// for assertions, and faults can be injected per path: vendor-format errors, HTML error pages,
// Retry-After, stalls, truncated, invalid or huge bodies, credentials echoed back.
//
//   Sinch:     http://127.0.0.1:<port>/xms/v1/<service_plan_id>/...
//   Anthropic: http://127.0.0.1:<port>/v1/...
//
// Built on cpp-httplib (one thread per connection from its pool, TCP_NODELAY, keep-alive).
// The server runs from construction to destruction; a stalled reply ends when it is destroyed.
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kosmo::fakes {

using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

// One request as it arrived, plus what the fake answered.
struct RecordedRequest {
  std::string method;
  std::string path;   // as sent (still percent-encoded), without the query
  std::string query;  // raw query string as sent, without '?'; empty when none
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::string body;
  int response_status = 0;
  // The body sent back; empty for generated huge bodies (see response_size).
  std::string response_body;
  size_t response_size = 0;

  std::string header(std::string_view name) const;  // "" when absent; `name` in lower case
  bool has_header(std::string_view name) const;
};

// How to misbehave for one request. Unset members keep the route's normal answer, so faults
// compose: a stall alone delays a correct reply, a status alone sends the vendor's error body.
struct Fault {
  std::optional<int> status;  // replaces the route's status
  // Replaces the route's body. When `status` is set without a body, the body is an error in
  // the vendor's own format (vendor_error_text, or a generic text for the status).
  std::optional<std::string> body;
  std::string vendor_error_text;
  std::string content_type = "application/json";
  HeaderPairs headers;       // added to the reply (e.g. Retry-After)
  double stall_seconds = 0;  // wait before answering
  // Announce the whole body's Content-Length, send only this many bytes, close the connection.
  std::optional<size_t> truncate_after;
  // Replace the body with generated JSON of at least this many bytes ({"data": [...]}).
  size_t huge_bytes = 0;
  // Put the Authorization and x-api-key values received into the body: the vendor's error
  // format when the status is an error, else a success object {"received_authorization": …}.
  bool echo_credentials = false;
  // The list the route answers holds this many items (its canned item, numbered), paged as the
  // vendor pages (fake_vendor_paging.cpp).
  size_t list_items = 0;
};

// Ready-made faults.
namespace faults {
// `status` with the vendor's JSON error body carrying `text` (Sinch {"code","text"},
// Anthropic {"type":"error","error":{"type","message"}}).
Fault VendorError(int status, std::string text);
// `status` with exactly this body.
Fault Status(int status, std::string body, std::string content_type = "application/json");
// An HTML error page as a proxy or load balancer would send.
Fault HtmlPage(int status);
// `status` (429 or 503) with a vendor error body and `Retry-After: <seconds>`.
Fault RetryAfter(int status, int seconds);
// The normal answer, after `seconds`.
Fault Stall(double seconds);
// The normal answer cut after `bytes` bytes (Content-Length announces all of it).
Fault Truncated(size_t bytes = 10);
// 200 with a body that is not JSON.
Fault InvalidJson();
// 200 with a JSON body of at least `bytes` bytes.
Fault Huge(size_t bytes);
// The received credentials in the body: an error body for status >= 400, else a success body.
Fault EchoCredentials(int status);
// The route's list answer holds `items` items, paged as the vendor pages.
Fault ListItems(size_t items);
}  // namespace faults

class FakeVendorServer {
 public:
  // Listens on 127.0.0.1:`port`, an ephemeral port when 0. Throws std::runtime_error when the
  // port cannot be bound.
  explicit FakeVendorServer(int port = 0);
  ~FakeVendorServer();
  FakeVendorServer(const FakeVendorServer&) = delete;
  FakeVendorServer& operator=(const FakeVendorServer&) = delete;

  int port() const;
  std::string origin() const;              // http://127.0.0.1:<port>
  std::string sinch_base_url() const;      // <origin>/xms/v1 (the service plan id follows)
  std::string anthropic_base_url() const;  // <origin>/v1

  // Applies `fault` to the next `times` requests whose path (as sent, without query) equals
  // `path`; an empty path matches every request. Faults are consumed in injection order.
  void inject(Fault fault, std::string path = "", size_t times = 1);
  // Same, for every matching request until clear_faults().
  void inject_always(Fault fault, std::string path = "");
  // Same, for the 1st, (every+1)th, (2*every+1)th ... matching request until clear_faults():
  // with every = 2 each first attempt fails and its retry succeeds.
  void inject_every(Fault fault, std::string path, size_t every);
  void clear_faults();

  std::vector<RecordedRequest> requests() const;
  size_t request_count() const;
  void clear_requests();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kosmo::fakes
