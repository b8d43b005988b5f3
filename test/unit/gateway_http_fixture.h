#pragma once
// The /mcp endpoint with stub sessions behind a real listener on 127.0.0.1 (an ephemeral port),
// served on a thread of its own until the fixture is destroyed. Timeouts are short so that the
// tests of them are quick.
#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "lib/gateway/http_listener.h"
#include "lib/gateway/http_server_limits.h"
#include "lib/gateway/mcp_http_endpoint.h"
#include "test/unit/gateway_http_client.h"
#include "test/unit/gateway_stub_session.h"

namespace kosmo::test {

inline gateway::HttpServerLimits quick_limits() {
  gateway::HttpServerLimits limits;
  limits.idle_timeout_ms = 3000;
  limits.request_timeout_ms = 400;
  limits.write_timeout_ms = 1000;
  limits.poll_interval_ms = 20;
  limits.keep_alive_interval_ms = 100;
  return limits;
}

class GatewayHttpFixture {
 public:
  explicit GatewayHttpFixture(gateway::HttpServeOptions options = {},
                              gateway::HttpServerLimits limits = quick_limits())
      : options_(std::move(options)),
        limits_(limits),
        endpoint_(options_, stub_factory(log), limits_, true) {
    auto listener = gateway::HttpListener::open("127.0.0.1", 0);
    port_ = listener->port();
    thread_ = std::thread([this, opened = std::make_shared<gateway::HttpListener>(
                                     std::move(listener).value())] {
      opened->serve(
          [this](gateway::HttpRequest& request, gateway::HttpConnection& connection) {
            return endpoint_.handle(request, connection);
          },
          options_.max_body_bytes, limits_, stop_);
      endpoint_.end_all_sessions();
    });
  }
  ~GatewayHttpFixture() { stop(); }

  int port() const { return port_; }
  size_t session_count() const { return endpoint_.session_count(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  // initialize on a fresh connection; the session id ("" when none was given).
  std::string initialize() {
    RawHttpClient client(port_);
    client.send(mcp_post(
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})"));
    const RawResponse response = client.read_response();
    const std::string* id = response.header("Mcp-Session-Id");
    return id ? *id : std::string();
  }

  std::shared_ptr<StubLog> log = std::make_shared<StubLog>();

 private:
  gateway::HttpServeOptions options_;
  gateway::HttpServerLimits limits_;
  gateway::McpHttpEndpoint endpoint_;
  std::atomic<bool> stop_{false};
  int port_ = 0;
  std::thread thread_;
};

inline std::string request_body(int id, const std::string& method) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" + method + R"("})";
}

inline std::string session_header(const std::string& id) {
  return "Mcp-Session-Id: " + id + "\r\n";
}

}  // namespace kosmo::test
