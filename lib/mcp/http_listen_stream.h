#pragma once
// The GET stream of a Streamable HTTP session ("Listening for Messages from the Server", MCP
// 2025-06-18): where a server sends the requests and notifications that belong to none of the
// client's requests, such as an elicitation a tool asks for through its server rather than
// through the call's own stream. The official SDKs' servers send exactly those there, and wait
// for the answer before they answer the call.
//
// It is read on a thread of its own, opened once the session is initialized: the run's thread
// is blocked in the call's request at that moment, and only another reader can see the question
// the call waits on. The thread answers a server's requests itself (client_capabilities.h, on
// POSTs of its own) and queues notifications for the run's thread (take_notifications). A
// response to one of the client's requests is kept for it (wait_for_response): a server may
// deliver an answer on this stream when the call's own stream has closed (the conformance
// suite's sse-retry server does).
//
// Decisions:
// * The thread has its own libcurl client, outside the run's HTTP stack: nothing it sends or
//   receives is retried, recorded in a cassette or shown by -v's exchange log, and it is never
//   opened under --replay (the caller decides). Answers to the call itself come on the call's
//   own stream, which the stack does record.
// * A server that refuses the GET (405, any error status, not an event stream) offers no such
//   stream: the thread ends. One that ends the stream gracefully is reconnected after its
//   `retry:` (1 s without one) with Last-Event-ID; three connections in a row that bring nothing
//   end it.
// * An OAuth-protected session's token is renewed on the run's thread (once it expires, or after
//   a refusal), which hands each of its requests' Authorization header here (set_authorization):
//   every GET and reply sent after that carries it. The thread renews nothing itself: a GET
//   refused with 401 ends the stream like any other refusal.
// * A running process cannot interrupt a blocked libcurl call from outside; stop() sets the
//   thread's stop flag (lib/common/stop_flag.h), which libcurl's progress callback reads at
//   least once a second. The transport sends its DELETE between request_stop() and stop(), and
//   servers close the session's streams on DELETE, so a stop usually takes no time at all.
#include <rapidjson/document.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "lib/http/http_client.h"
#include "lib/mcp/client_capabilities.h"

namespace kosmo::mcp {

class ListenStream {
 public:
  // `get`: the GET to send (URL and the session's headers); `reply`: the POST a reply goes in
  // (the same headers, Content-Type, no body yet). `capabilities` null: only ping is answered.
  ListenStream(std::string server_name, http::HttpRequest get, http::HttpRequest reply,
               std::optional<ClientCapabilities> capabilities);
  ~ListenStream();  // stop()
  ListenStream(const ListenStream&) = delete;
  ListenStream& operator=(const ListenStream&) = delete;

  // Waits until the server has answered the first GET (an open stream, or a refusal), at most
  // `seconds`: a server that hands messages to whichever streams are open when it sends them
  // should see this one open before the session's first request.
  void wait_until_listening(double seconds);
  // Asks the thread to end, without waiting.
  void request_stop() noexcept;
  // Ends the thread and waits for it. Idempotent.
  void stop() noexcept;

  // The Authorization header's value for the requests the thread sends from now on ("" for
  // none), as the run's thread last sent it: the session's credentials may have been renewed.
  void set_authorization(std::string value);

  // The methods of the notifications received since the last call, in order.
  std::vector<std::string> take_notifications();
  // The response to request `id` if it arrived here, waiting up to `seconds` for it (less when
  // the stream stops).
  std::optional<rapidjson::Document> wait_for_response(int64_t id, double seconds);

 private:
  void run();
  // One connection: false when the server offers no stream (or the thread is stopping).
  bool listen_once(size_t& messages);
  void handle(std::string_view data);
  // Waits `seconds`, or less when stopped; false when stopped.
  bool pause(double seconds);
  void mark_listening();
  // `request` with the Authorization header set_authorization last gave, if it was called.
  http::HttpRequest authorized(http::HttpRequest request);

  std::string server_name_;
  http::HttpRequest get_;
  http::HttpRequest reply_;
  std::optional<ClientCapabilities> capabilities_;
  std::string last_event_id_;
  std::optional<long> retry_ms_;
  std::unique_ptr<http::HttpClient> client_;  // used on the thread only

  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool listening_ = false;                            // guarded by mutex_
  std::optional<std::string> authorization_;          // guarded by mutex_
  std::vector<std::string> notifications_;            // guarded by mutex_
  std::map<int64_t, rapidjson::Document> responses_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace kosmo::mcp
