#pragma once
// Where a session's messages wait for the HTTP connection that carries them to the client.
//
// PostReply answers one POSTed request: the connection thread waits on it and sends the
// response as JSON, or opens an event stream if a notification comes first. StandaloneStream is
// the session's channel for messages that answer no request: it holds them for the GET stream
// while one is open and drops them otherwise (MCP allows a server to send them only there).
//
// Both are ReplyChannels the session may call from any thread, for as long as it likes: once
// the connection has gone (abandon()) or the session has ended (end()), messages are dropped.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>

#include "lib/gateway/server_session.h"

namespace kosmo::gateway {

// What a connection thread's wait found.
enum class ReplyEvent {
  kNotification,  // `message` is a notification (or a request of the server's)
  kResponse,      // `message` is the response: nothing follows it
  kEnded,         // the session ended; nothing more will come
  kTimeout,       // nothing yet
};

// A queue of messages with one consumer that waits with a timeout.
class MessageQueue {
 public:
  void push(std::string message, bool is_response);
  ReplyEvent wait(std::string& message, std::chrono::milliseconds timeout);
  // Later pushes are dropped; end() also wakes the consumer with kEnded once the queue is empty.
  void abandon();
  void end();

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::pair<std::string, bool>> messages_;
  bool dropping_ = false;
  bool ended_ = false;
};

class PostReply : public ReplyChannel {
 public:
  void notify(std::string message) override { queue_.push(std::move(message), false); }
  void respond(std::string message) override { queue_.push(std::move(message), true); }

  ReplyEvent wait(std::string& message, std::chrono::milliseconds timeout) {
    return queue_.wait(message, timeout);
  }
  void abandon() { queue_.abandon(); }
  void end() { queue_.end(); }

 private:
  MessageQueue queue_;
};

class StandaloneStream : public ReplyChannel {
 public:
  void notify(std::string message) override;
  // A server's request would travel here too; the gateway sends none, but if it did, the client
  // should see it rather than lose it.
  void respond(std::string message) override { notify(std::move(message)); }

  // Opens the GET stream: false when one is open already or the session has ended.
  bool attach();
  void detach();
  bool attached();  // a GET stream is open
  ReplyEvent wait(std::string& message, std::chrono::milliseconds timeout);
  // The session has ended: an open stream finishes, no new one opens.
  void end();

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> messages_;
  bool attached_ = false;
  bool ended_ = false;
};

}  // namespace kosmo::gateway
