#pragma once
// The Streamable HTTP server's sessions by Mcp-Session-Id. An id is 128 bits from the kernel's
// random source, in hex: it is all a client shows to be the one that initialized the session,
// so it must not be guessable.
//
// A session's messages are handed to it one at a time (ServerSession::receive returns at once,
// so this costs nothing, and the session need not expect concurrent calls). Ending a session
// closes it, finishes its GET stream and wakes every POST still waiting for a response.
//
// Most clients never send DELETE: they just go. So when every place is taken, a new session may
// take the place of the one left unused longest, if nobody has used it for the idle timeout (no
// request with its id, no open GET stream, no POST waiting on it). A session is never ended just
// for idling while there is room.
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/gateway/http_reply_channels.h"
#include "lib/gateway/server_session.h"

namespace kosmo::gateway {

// 32 lowercase hex digits from getrandom(2).
std::string new_session_id();

class HttpSession {
 public:
  HttpSession(std::unique_ptr<ServerSession> session, std::shared_ptr<StandaloneStream> standalone)
      : session_(std::move(session)), standalone_(std::move(standalone)) {}
  ~HttpSession() { end(); }

  // Hands `text` to the session; `reply`, when given, is woken if the session ends before it
  // responds. False when the session has ended.
  bool receive(std::string_view text, const std::shared_ptr<ReplyChannel>& reply,
               const std::shared_ptr<PostReply>& waiting);
  StandaloneStream& standalone() { return *standalone_; }
  // Closes the session (its running calls are cancelled); idempotent.
  void end();

  // A request named the session, or its GET stream closed: it was in use until now.
  void touch();
  // When it was last in use; nullopt while it is (a GET stream open, a POST waiting on it).
  std::optional<std::chrono::steady_clock::time_point> idle_since();

 private:
  std::mutex mutex_;
  std::unique_ptr<ServerSession> session_;
  std::shared_ptr<StandaloneStream> standalone_;
  std::vector<std::weak_ptr<PostReply>> waiting_;
  std::chrono::steady_clock::time_point last_used_ = std::chrono::steady_clock::now();
  bool ended_ = false;
};

class SessionRegistry {
 public:
  explicit SessionRegistry(size_t max_sessions) : max_sessions_(max_sessions) {}

  // False when max_sessions are open.
  bool add(const std::string& id, std::shared_ptr<HttpSession> session);
  // Whether another session fits: true when fewer than max_sessions are open, or after ending
  // the session idle longest, if it has been idle for `idle_timeout` at least.
  bool make_room(std::chrono::milliseconds idle_timeout);
  // The session, touched (see HttpSession::touch); null when there is none.
  std::shared_ptr<HttpSession> find(std::string_view id) const;
  // Removes and ends the session; false when there was none.
  bool end(std::string_view id);
  // Ends every session (the server is stopping).
  void end_all();
  size_t size() const;

 private:
  size_t max_sessions_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<HttpSession>, std::less<>> sessions_;
};

}  // namespace kosmo::gateway
