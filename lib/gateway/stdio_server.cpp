#include "lib/gateway/stdio_server.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/uio.h>
#include <unistd.h>

#include <mutex>
#include <string>

#include "lib/gateway/stdio_framing.h"
#include "lib/mcp/json_rpc.h"

namespace kosmo::gateway {
namespace {

// stdout, shared by the reading thread and the worker: one writev per message (the text and its
// newline), under a lock, so messages never interleave. Once a write fails (the client closed
// its end) everything later is dropped.
class StdoutLines {
 public:
  bool broken() {
    std::lock_guard<std::mutex> lock(mutex_);
    return broken_;
  }

  void write(const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (broken_) return;
    static const char kNewline = '\n';
    iovec parts[2] = {{const_cast<char*>(message.data()), message.size()},
                      {const_cast<char*>(&kNewline), 1}};
    size_t index = 0;
    while (index < 2) {
      ssize_t written = ::writev(STDOUT_FILENO, parts + index, static_cast<int>(2 - index));
      if (written < 0) {
        if (errno == EINTR) continue;
        broken_ = true;
        return;
      }
      size_t left = static_cast<size_t>(written);
      while (index < 2 && left >= parts[index].iov_len) {
        left -= parts[index].iov_len;
        ++index;
      }
      if (index < 2) {
        parts[index].iov_base = static_cast<char*>(parts[index].iov_base) + left;
        parts[index].iov_len -= left;
      }
    }
  }

 private:
  std::mutex mutex_;
  bool broken_ = false;
};

// Whether the reader of stdout is gone: a pipe whose read end is closed polls as POLLERR.
bool stdout_closed() {
  pollfd output{STDOUT_FILENO, 0, 0};
  return ::poll(&output, 1, 0) > 0 && (output.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0;
}

class StdioChannel final : public ReplyChannel {
 public:
  explicit StdioChannel(std::shared_ptr<StdoutLines> out) : out_(std::move(out)) {}
  void notify(std::string message) override { out_->write(message); }
  void respond(std::string message) override { out_->write(message); }

 private:
  std::shared_ptr<StdoutLines> out_;
};

}  // namespace

int serve_stdio(const SessionFactory& make_session, const std::atomic<bool>& stop) {
  // A client that goes away must not kill the gateway mid-call with SIGPIPE: the failed write
  // is noticed and the session closed in order (its upstream servers stopped).
  ::signal(SIGPIPE, SIG_IGN);
  auto out = std::make_shared<StdoutLines>();
  auto channel = std::make_shared<StdioChannel>(out);
  std::unique_ptr<ServerSession> session = make_session(channel);
  StdioFraming framing;
  char buffer[1 << 16];
  bool done = false;
  while (!done && !stop.load()) {
    pollfd input{STDIN_FILENO, POLLIN, 0};
    int ready = ::poll(&input, 1, 200);  // wakes to look at `stop`
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (ready == 0) continue;
    ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      break;
    }
    if (n == 0) {
      done = true;
      framing.finish();
    } else {
      framing.append(std::string_view(buffer, static_cast<size_t>(n)));
    }
    while (std::optional<FramedLine> line = framing.next()) {
      if (line->oversized) {
        rapidjson::Value null;
        channel->respond(mcp::error_message(
            null, mcp::rpc_code::kInvalidRequest,
            "Invalid Request: message larger than " + std::to_string(framing.max_bytes() >> 20) +
                " MiB; skipped"));
        continue;
      }
      if (line->text.find_first_not_of(" \t\r") == std::string::npos) continue;
      session->receive(line->text, channel);
    }
  }
  // End of stdin: answer what was asked (a pipeline of requests gets every reply), unless the
  // client is gone altogether (nobody reads stdout) or the server is told to stop.
  if (done) {
    session->drain([&stop, &out] { return stop.load() || out->broken() || stdout_closed(); });
  }
  session->close();
  session.reset();
  return 0;
}

}  // namespace kosmo::gateway
