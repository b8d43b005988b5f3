#include "lib/gateway/http_session_registry.h"

#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <random>

namespace kosmo::gateway {

std::string new_session_id() {
  uint8_t bytes[16];
  size_t filled = 0;
  while (filled < sizeof bytes) {
    const ssize_t got = ::getrandom(bytes + filled, sizeof bytes - filled, 0);
    if (got > 0) {
      filled += static_cast<size_t>(got);
    } else if (got < 0 && errno != EINTR) {
      // No getrandom (a kernel before 3.17): random_device reads /dev/urandom.
      std::random_device device;
      for (; filled < sizeof bytes; ++filled) bytes[filled] = static_cast<uint8_t>(device());
    }
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (uint8_t byte : bytes) {
    id += kHex[byte >> 4];
    id += kHex[byte & 0x0F];
  }
  return id;
}

bool HttpSession::receive(std::string_view text, const std::shared_ptr<ReplyChannel>& reply,
                          const std::shared_ptr<PostReply>& waiting) {
  std::lock_guard lock(mutex_);
  if (ended_) return false;
  if (waiting) {
    waiting_.erase(std::remove_if(waiting_.begin(), waiting_.end(),
                                  [](const std::weak_ptr<PostReply>& w) { return w.expired(); }),
                   waiting_.end());
    waiting_.push_back(waiting);
  }
  session_->receive(text, reply);
  return true;
}

void HttpSession::end() {
  std::lock_guard lock(mutex_);
  if (ended_) return;
  ended_ = true;
  session_->close();
  standalone_->end();
  for (const auto& weak : waiting_) {
    if (const auto reply = weak.lock()) reply->end();
  }
  waiting_.clear();
}

void HttpSession::touch() {
  std::lock_guard lock(mutex_);
  last_used_ = std::chrono::steady_clock::now();
}

std::optional<std::chrono::steady_clock::time_point> HttpSession::idle_since() {
  std::lock_guard lock(mutex_);
  if (standalone_->attached()) return std::nullopt;
  for (const auto& weak : waiting_) {
    if (!weak.expired()) return std::nullopt;
  }
  return last_used_;
}

bool SessionRegistry::add(const std::string& id, std::shared_ptr<HttpSession> session) {
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= max_sessions_) return false;
  sessions_.emplace(id, std::move(session));
  return true;
}

bool SessionRegistry::make_room(std::chrono::milliseconds idle_timeout) {
  std::shared_ptr<HttpSession> evicted;
  {
    std::lock_guard lock(mutex_);
    if (sessions_.size() < max_sessions_) return true;
    const auto cutoff = std::chrono::steady_clock::now() - idle_timeout;
    auto oldest = sessions_.end();
    std::chrono::steady_clock::time_point oldest_use = cutoff;
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      const auto since = it->second->idle_since();
      if (since && *since <= oldest_use) {
        oldest = it;
        oldest_use = *since;
      }
    }
    if (oldest == sessions_.end()) return false;
    evicted = std::move(oldest->second);
    sessions_.erase(oldest);
  }
  evicted->end();  // outside the registry's lock, as in end()
  return true;
}

std::shared_ptr<HttpSession> SessionRegistry::find(std::string_view id) const {
  std::shared_ptr<HttpSession> session;
  {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) return nullptr;
    session = it->second;
  }
  session->touch();
  return session;
}

bool SessionRegistry::end(std::string_view id) {
  std::shared_ptr<HttpSession> session;
  {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) return false;
    session = std::move(it->second);
    sessions_.erase(it);
  }
  session->end();  // outside the registry's lock: closing may take a while (upstream servers)
  return true;
}

void SessionRegistry::end_all() {
  std::map<std::string, std::shared_ptr<HttpSession>, std::less<>> sessions;
  {
    std::lock_guard lock(mutex_);
    sessions.swap(sessions_);
  }
  for (auto& entry : sessions) entry.second->end();
}

size_t SessionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace kosmo::gateway
