#include "lib/gateway/http_reply_channels.h"

namespace kosmo::gateway {

void MessageQueue::push(std::string message, bool is_response) {
  {
    std::lock_guard lock(mutex_);
    if (dropping_ || ended_) return;
    messages_.emplace_back(std::move(message), is_response);
  }
  ready_.notify_one();
}

ReplyEvent MessageQueue::wait(std::string& message, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, timeout, [this] { return !messages_.empty() || ended_; });
  if (messages_.empty()) return ended_ ? ReplyEvent::kEnded : ReplyEvent::kTimeout;
  message = std::move(messages_.front().first);
  const bool is_response = messages_.front().second;
  messages_.pop_front();
  return is_response ? ReplyEvent::kResponse : ReplyEvent::kNotification;
}

void MessageQueue::abandon() {
  std::lock_guard lock(mutex_);
  dropping_ = true;
  messages_.clear();
}

void MessageQueue::end() {
  {
    std::lock_guard lock(mutex_);
    ended_ = true;
  }
  ready_.notify_all();
}

void StandaloneStream::notify(std::string message) {
  {
    std::lock_guard lock(mutex_);
    if (!attached_ || ended_) return;
    messages_.push_back(std::move(message));
  }
  ready_.notify_one();
}

bool StandaloneStream::attach() {
  std::lock_guard lock(mutex_);
  if (attached_ || ended_) return false;
  attached_ = true;
  return true;
}

void StandaloneStream::detach() {
  std::lock_guard lock(mutex_);
  attached_ = false;
  messages_.clear();
}

bool StandaloneStream::attached() {
  std::lock_guard lock(mutex_);
  return attached_;
}

ReplyEvent StandaloneStream::wait(std::string& message, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, timeout, [this] { return !messages_.empty() || ended_; });
  if (messages_.empty()) return ended_ ? ReplyEvent::kEnded : ReplyEvent::kTimeout;
  message = std::move(messages_.front());
  messages_.pop_front();
  return ReplyEvent::kNotification;
}

void StandaloneStream::end() {
  {
    std::lock_guard lock(mutex_);
    ended_ = true;
  }
  ready_.notify_all();
}

}  // namespace kosmo::gateway
