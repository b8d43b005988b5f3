#pragma once
// ServerSessions for the HTTP transport's tests, answering by method name:
//   initialize        a result (an error when params.protocolVersion is "refuse")
//   progress          notifications/progress on the request's channel, then the result
//   list_changed      notifications/tools/list_changed on the standalone channel, then the result
//   slow              the result 300 ms later, from a thread of the session's (none if closed)
//   anything else     {"echo": "<method>"}
// Every message received and every close() is recorded in a StubLog the test keeps.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "lib/gateway/server_session.h"
#include "lib/gateway/streamable_http_server.h"

namespace kosmo::test {

struct StubLog {
  std::mutex mutex;
  std::vector<std::string> received;
  std::atomic<int> sessions_made{0};
  std::atomic<int> sessions_closed{0};
  std::atomic<int> slow_answered{0};

  std::vector<std::string> messages() {
    std::lock_guard lock(mutex);
    return received;
  }
};

class StubSession : public gateway::ServerSession {
 public:
  StubSession(std::shared_ptr<StubLog> log, std::shared_ptr<gateway::ReplyChannel> standalone);
  ~StubSession() override;

  void receive(std::string_view text, std::shared_ptr<gateway::ReplyChannel> reply) override;
  void close() override;

 private:
  std::shared_ptr<StubLog> log_;
  std::shared_ptr<gateway::ReplyChannel> standalone_;
  std::mutex mutex_;
  std::condition_variable closing_;
  bool closed_ = false;
  std::vector<std::thread> workers_;
};

gateway::SessionFactory stub_factory(std::shared_ptr<StubLog> log);

}  // namespace kosmo::test
