// serve_streamable_http as mcp:serve runs it: the line it prints once bound, the exit codes, a
// stop while clients are connected, addresses (localhost, IPv6), and the token kept out of
// everything it writes.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <regex>

#include "lib/gateway/http_listener.h"
#include "lib/gateway/http_server_limits.h"
#include "test/unit/captured_log.h"
#include "test/unit/gateway_http_fixture.h"

namespace kosmo::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// fd 2 into a pipe the test reads, so it can wait for a line a server thread prints.
class StderrPipe {
 public:
  StderrPipe() {
    if (::pipe(ends_) != 0) return;
    saved_ = ::dup(2);
    ::dup2(ends_[1], 2);
  }
  ~StderrPipe() { restore(); }

  // Reads until `pattern` matches what was printed so far (or `timeout_ms` passes).
  std::smatch wait_for(const std::regex& pattern, int timeout_ms) {
    const auto deadline = Clock::now() + milliseconds(timeout_ms);
    std::smatch match;
    while (!std::regex_search(text_, match, pattern) && Clock::now() < deadline) {
      pollfd readable{ends_[0], POLLIN, 0};
      if (::poll(&readable, 1, 50) <= 0) continue;
      char piece[4096];
      const ssize_t got = ::read(ends_[0], piece, sizeof piece);
      if (got > 0) text_.append(piece, static_cast<size_t>(got));
    }
    return match;
  }
  // Stops capturing; everything printed until then.
  std::string restore() {
    if (saved_ >= 0) {
      ::dup2(saved_, 2);
      ::close(saved_);
      saved_ = -1;
      ::close(ends_[1]);
      char piece[4096];
      ssize_t got;
      while ((got = ::read(ends_[0], piece, sizeof piece)) > 0) text_.append(piece, static_cast<size_t>(got));
      ::close(ends_[0]);
    }
    return text_;
  }

 private:
  int ends_[2] = {-1, -1};
  int saved_ = -1;
  std::string text_;
};

struct RunningServer {
  std::atomic<bool> stop{false};
  std::future<int> exit_code;
  int port = 0;
};

void start(RunningServer& server, const gateway::HttpServeOptions& options, StderrPipe& err,
           const std::shared_ptr<StubLog>& log) {
  const gateway::HttpServerLimits limits = quick_limits();
  server.exit_code = std::async(std::launch::async, [&server, options, limits, log] {
    return gateway::serve_streamable_http(options, stub_factory(log), server.stop, limits);
  });
  const std::smatch bound =
      err.wait_for(std::regex("kosmo mcp:serve listening on http://127\\.0\\.0\\.1:(\\d+)/mcp\n"), 5000);
  if (!bound.empty()) server.port = std::stoi(bound[1]);
}

TEST(ServeStreamableHttp, PrintsWhereItListensAndStopsPromptly) {
  StderrPipe err;
  auto log = std::make_shared<StubLog>();
  RunningServer server;
  start(server, {}, err, log);
  ASSERT_NE(server.port, 0);
  RawHttpClient client(server.port);
  client.send(mcp_post(request_body(1, "initialize")));
  ASSERT_EQ(client.read_response().status, 200);
  RawHttpClient idle(server.port);
  const auto start_stop = Clock::now();
  server.stop = true;
  ASSERT_EQ(server.exit_code.wait_for(std::chrono::seconds(2)), std::future_status::ready);
  EXPECT_LT(std::chrono::duration_cast<milliseconds>(Clock::now() - start_stop).count(), 500);
  EXPECT_EQ(server.exit_code.get(), 0);
  EXPECT_EQ(log->sessions_closed.load(), 1);
  EXPECT_TRUE(idle.closed_by_server(1000));
}

TEST(ServeStreamableHttp, AnAddressInUseExitsWith5) {
  auto taken = gateway::HttpListener::open("127.0.0.1", 0);
  ASSERT_TRUE(taken.ok());
  gateway::HttpServeOptions options;
  options.port = taken->port();
  StderrPipe err;
  std::atomic<bool> stop{false};
  const int code = gateway::serve_streamable_http(options, stub_factory(std::make_shared<StubLog>()), stop);
  const std::string printed = err.restore();
  EXPECT_EQ(code, 5);
  EXPECT_NE(printed.find("cannot listen on 127.0.0.1:" + std::to_string(options.port)),
            std::string::npos)
      << printed;
}

TEST(ServeStreamableHttp, TheTokenIsNeverWrittenAnywhere) {
  CapturedLog log_lines;
  StderrPipe err;
  gateway::HttpServeOptions options;
  options.bearer_token = "never-print-this-token";
  auto log = std::make_shared<StubLog>();
  RunningServer server;
  start(server, options, err, log);
  ASSERT_NE(server.port, 0);
  RawHttpClient client(server.port);
  client.send(mcp_post(request_body(1, "initialize"), "Authorization: Bearer never-print-this-tokeN\r\n"));
  RawResponse response = client.read_response();
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.body.find("never-print"), std::string::npos);
  client.send(mcp_post(request_body(1, "initialize"), "Authorization: Bearer never-print-this-token\r\n"));
  response = client.read_response();
  EXPECT_EQ(response.status, 200);
  client.send(mcp_post(request_body(2, "ping"), "Authorization: Bearer never-print-this-token\r\n" +
                                                    session_header(*response.header("Mcp-Session-Id"))));
  EXPECT_EQ(client.read_response().status, 200);
  server.stop = true;
  EXPECT_EQ(server.exit_code.get(), 0);
  const std::string printed = err.restore() + log_lines.text();
  EXPECT_EQ(printed.find("never-print"), std::string::npos) << printed;
  EXPECT_NE(printed.find("listening on"), std::string::npos);
}

TEST(HttpListener, LocalhostAndIpv6Literals) {
  auto localhost = gateway::HttpListener::open("localhost", 0);
  ASSERT_TRUE(localhost.ok()) << localhost.error().message;
  EXPECT_GT(localhost->port(), 0);
  auto ipv6 = gateway::HttpListener::open("[::1]", 0);
  if (!ipv6.ok()) GTEST_SKIP() << "no IPv6 loopback here: " << ipv6.error().message;
  const int socket = ::socket(AF_INET6, SOCK_STREAM, 0);
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_port = htons(static_cast<uint16_t>(ipv6->port()));
  address.sin6_addr = in6addr_loopback;
  EXPECT_EQ(::connect(socket, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ::close(socket);
}

TEST(HttpListener, AnAddressNotOfThisMachineIsAConfigFailure) {
  auto listener = gateway::HttpListener::open("192.0.2.1", 0);  // TEST-NET-1
  ASSERT_FALSE(listener.ok());
  EXPECT_EQ(listener.error().code, ErrorCode::kConfig);
  EXPECT_NE(listener.error().message.find("192.0.2.1:0"), std::string::npos);
}

}  // namespace
}  // namespace kosmo::test
