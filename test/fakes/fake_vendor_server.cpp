// Transport, recording and fault injection of the fake vendor server; the vendors' routes are in
// fake_sinch_routes.cpp and fake_anthropic_routes.cpp.
#include "fakes/fake_vendor_server.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <regex>
#include <set>
#include <stdexcept>
#include <thread>

#include "fakes/fake_vendor_routes.h"

namespace kosmo::fakes {
namespace {

constexpr const char kHost[] = "127.0.0.1";
// cpp-httplib closes a keep-alive connection after 5 requests by default; benchmarks make
// thousands of calls on one connection.
constexpr size_t kKeepAliveMaxCount = 1'000'000;
constexpr size_t kChunkBytes = 64 * 1024;
constexpr size_t kForever = std::numeric_limits<size_t>::max();

struct CompiledRoute {
  std::string method;
  std::regex pattern;
  Responder respond;
};

struct FaultEntry {
  Fault fault;
  std::string path;
  size_t remaining;
  size_t every = 1;    // applies to the 1st, (every+1)th, ... matching request
  size_t matched = 0;  // matching requests seen so far
};

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

RecordedRequest record(const httplib::Request& request) {
  RecordedRequest recorded;
  recorded.method = request.method;
  const std::string& target = request.target.empty() ? request.path : request.target;
  const size_t question = target.find('?');
  recorded.path = target.substr(0, question);
  if (question != std::string::npos) recorded.query = target.substr(question + 1);
  for (const auto& [name, value] : request.headers) recorded.headers[lower(name)] = value;
  recorded.body = request.body;
  return recorded;
}

// `{"data": [filler…], "has_more": false}` of at least `bytes` bytes.
std::string huge_json(size_t bytes) {
  constexpr std::string_view kItem =
      R"({"id":"item_filler","type":"filler","text":"Lorem ipsum dolor sit amet, consectetur )"
      R"(adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua."})";
  std::string text = R"({"data":[)";
  text.reserve(bytes + kItem.size() + 64);
  while (text.size() < bytes) {
    if (text.back() != '[') text.push_back(',');
    text.append(kItem);
  }
  text.append(R"(],"has_more":false})");
  return text;
}

std::string echo_body(Vendor vendor, int status, const RecordedRequest& request) {
  const std::string authorization = request.header("authorization");
  const std::string api_key = request.header("x-api-key");
  if (status >= 400) {
    return vendor_error_body(
        vendor, status,
        "Invalid credentials: authorization=" + authorization + "; x-api-key=" + api_key);
  }
  rapidjson::Document doc(rapidjson::kObjectType);
  set_string(doc, doc, "received_authorization", authorization);
  set_string(doc, doc, "received_x_api_key", api_key);
  return to_json_text(doc);
}

// Applies `fault` to the route's `reply`.
void apply(const Fault& fault, const RecordedRequest& recorded, Reply& reply) {
  const Vendor vendor = vendor_for_path(recorded.path);
  if (fault.status) {
    reply.status = *fault.status;
    reply.headers.clear();
    if (!fault.body) {
      const std::string text = fault.vendor_error_text.empty()
                                   ? "Injected fault: HTTP " + std::to_string(*fault.status)
                                   : fault.vendor_error_text;
      reply.body = vendor_error_body(vendor, reply.status, text);
      reply.content_type = "application/json";
    }
  }
  if (fault.body) {
    reply.body = *fault.body;
    reply.content_type = fault.content_type;
  }
  reply.headers.insert(reply.headers.end(), fault.headers.begin(), fault.headers.end());
  if (fault.echo_credentials) {
    reply.body = echo_body(vendor, reply.status, recorded);
    reply.content_type = "application/json";
  }
}

}  // namespace

std::string RecordedRequest::header(std::string_view name) const {
  auto found = headers.find(std::string(name));
  return found == headers.end() ? "" : found->second;
}

bool RecordedRequest::has_header(std::string_view name) const {
  return headers.count(std::string(name)) != 0;
}

struct FakeVendorServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::vector<CompiledRoute> routes;

  mutable std::mutex mutex;  // guards everything below
  std::condition_variable wake;
  bool stopping = false;
  std::vector<FaultEntry> faults;
  std::vector<RecordedRequest> requests;
  std::map<size_t, std::shared_ptr<const std::string>> huge_bodies;

  void serve(const httplib::Request& request, httplib::Response& response);
  Reply route(const httplib::Request& request, const RecordedRequest& recorded,
              bool first_page) const;
  std::optional<Fault> take_fault(const std::string& path);
  std::shared_ptr<const std::string> huge_body(size_t bytes);
  bool stall(double seconds);
};

// With `first_page`, the query's page position is left out (a list_items fault pages the list
// itself from the route's first page).
Reply FakeVendorServer::Impl::route(const httplib::Request& request,
                                    const RecordedRequest& recorded, bool first_page) const {
  static const std::set<std::string> kPositions = {"page",     "offset",    "start",
                                                   "until",    "after_id",  "pageToken"};
  std::smatch match;
  for (const CompiledRoute& candidate : routes) {
    if (candidate.method != request.method) continue;
    if (!std::regex_match(request.path, match, candidate.pattern)) continue;
    RouteRequest route_request{recorded, {}, {}};
    for (size_t i = 1; i < match.size(); ++i) route_request.captures.push_back(match[i].str());
    for (const auto& [name, value] : request.params) {
      if (!first_page || kPositions.count(name) == 0) route_request.params.emplace(name, value);
    }
    return candidate.respond(route_request);
  }
  return error_reply(vendor_for_path(recorded.path), 404,
                     "Not found: " + request.method + " " + recorded.path);
}

std::optional<Fault> FakeVendorServer::Impl::take_fault(const std::string& path) {
  std::lock_guard lock(mutex);
  for (auto entry = faults.begin(); entry != faults.end(); ++entry) {
    if (!entry->path.empty() && entry->path != path) continue;
    if (entry->matched++ % entry->every != 0) continue;
    Fault fault = entry->fault;
    if (entry->remaining != kForever && --entry->remaining == 0) faults.erase(entry);
    return fault;
  }
  return std::nullopt;
}

std::shared_ptr<const std::string> FakeVendorServer::Impl::huge_body(size_t bytes) {
  std::lock_guard lock(mutex);
  auto& body = huge_bodies[bytes];
  if (!body) body = std::make_shared<const std::string>(huge_json(bytes));
  return body;
}

// False when the server is being destroyed.
bool FakeVendorServer::Impl::stall(double seconds) {
  std::unique_lock lock(mutex);
  if (seconds > 0) {
    wake.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return stopping; });
  }
  return !stopping;
}

void FakeVendorServer::Impl::serve(const httplib::Request& request, httplib::Response& response) {
  RecordedRequest recorded = record(request);
  const std::optional<Fault> fault = take_fault(recorded.path);
  const bool paged = fault && fault->list_items > 0;
  Reply reply = fault && fault->status ? Reply{} : route(request, recorded, paged);
  if (fault) apply(*fault, recorded, reply);
  if (paged) {
    Query query;
    for (const auto& [name, value] : request.params) query.emplace(name, value);
    page_list(recorded.path, query, fault->list_items, reply);
  }
  std::shared_ptr<const std::string> huge;
  if (fault && fault->huge_bytes > 0) huge = huge_body(fault->huge_bytes);
  recorded.response_status = reply.status;
  recorded.response_size = huge ? huge->size() : reply.body.size();
  if (!huge) recorded.response_body = reply.body;
  {
    std::lock_guard lock(mutex);
    requests.push_back(recorded);
  }
  if (fault && !stall(fault->stall_seconds)) {
    response.status = 503;  // shutting down: end the exchange rather than hold up stop()
    return;
  }
  response.status = reply.status;
  for (const auto& [name, value] : reply.headers) response.set_header(name, value);
  if (huge) {
    response.set_content_provider(huge->size(), reply.content_type,
                                  [huge](size_t offset, size_t length, httplib::DataSink& sink) {
                                    return sink.write(huge->data() + offset,
                                                      std::min(length, kChunkBytes));
                                  });
  } else if (fault && fault->truncate_after && *fault->truncate_after < reply.body.size()) {
    // Announce the whole body, send a prefix, then fail the provider: httplib closes the
    // connection and the client sees a short transfer.
    auto body = std::make_shared<const std::string>(std::move(reply.body));
    const size_t sent = *fault->truncate_after;
    response.set_content_provider(body->size(), reply.content_type,
                                  [body, sent](size_t, size_t, httplib::DataSink& sink) {
                                    sink.write(body->data(), sent);
                                    return false;
                                  });
  } else {
    response.set_content(reply.body, reply.content_type);
  }
}

FakeVendorServer::FakeVendorServer(int port) : impl_(std::make_unique<Impl>()) {
  for (std::vector<Route> routes : {sinch_routes(), anthropic_routes(), missive_routes(),
                                    wildix_routes(), agora_routes()}) {
    for (Route& route : routes) {
      impl_->routes.push_back({route.method, std::regex(route.pattern), std::move(route.respond)});
    }
  }
  httplib::Server& server = impl_->server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(kKeepAliveMaxCount);
  auto handler = [impl = impl_.get()](const httplib::Request& request,
                                      httplib::Response& response) {
    impl->serve(request, response);
  };
  server.Get(".*", handler).Post(".*", handler).Put(".*", handler);
  server.Patch(".*", handler).Delete(".*", handler);
  impl_->port =
      port == 0 ? server.bind_to_any_port(kHost) : (server.bind_to_port(kHost, port) ? port : -1);
  if (impl_->port <= 0) {
    throw std::runtime_error("fake vendor server: cannot bind " + std::string(kHost) + ":" +
                             std::to_string(port));
  }
  impl_->thread = std::thread([&server] { server.listen_after_bind(); });
  // stop() is a no-op until the accept loop runs, so the destructor must not race it.
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeVendorServer::~FakeVendorServer() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->server.stop();
  impl_->thread.join();
}

int FakeVendorServer::port() const { return impl_->port; }
std::string FakeVendorServer::origin() const {
  return "http://" + std::string(kHost) + ":" + std::to_string(impl_->port);
}
std::string FakeVendorServer::sinch_base_url() const { return origin() + "/xms/v1"; }
std::string FakeVendorServer::anthropic_base_url() const { return origin() + "/v1"; }

void FakeVendorServer::inject(Fault fault, std::string path, size_t times) {
  if (times == 0) return;
  std::lock_guard lock(impl_->mutex);
  impl_->faults.push_back({std::move(fault), std::move(path), times});
}

void FakeVendorServer::inject_always(Fault fault, std::string path) {
  inject(std::move(fault), std::move(path), kForever);
}

void FakeVendorServer::inject_every(Fault fault, std::string path, size_t every) {
  if (every == 0) return;
  std::lock_guard lock(impl_->mutex);
  impl_->faults.push_back({std::move(fault), std::move(path), kForever, every});
}

void FakeVendorServer::clear_faults() {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.clear();
}

std::vector<RecordedRequest> FakeVendorServer::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

size_t FakeVendorServer::request_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests.size();
}

void FakeVendorServer::clear_requests() {
  std::lock_guard lock(impl_->mutex);
  impl_->requests.clear();
}

}  // namespace kosmo::fakes
