// write_line (lib/mcp/pipe_io.h): one line per message with its newline, whole however the pipe
// takes it, and a gone reader is EPIPE, never a SIGPIPE, with either guard.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include "lib/mcp/pipe_io.h"

namespace kosmo::mcp {
namespace {

using std::chrono::milliseconds;

// A pipe whose write end is non-blocking, as a server's stdin is.
struct Pipe {
  Pipe() {
    EXPECT_EQ(pipe(fds), 0);
    fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
  }
  ~Pipe() {
    close_reader();
    if (fds[1] >= 0) close(fds[1]);
  }
  void close_reader() {
    if (fds[0] >= 0) close(fds[0]);
    fds[0] = -1;
  }
  std::string read_everything() {
    close(fds[1]);
    fds[1] = -1;
    std::string text;
    char buffer[65536];
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, n);
    return text;
  }
  int fds[2] = {-1, -1};
};

WaitUntil soon() { return SteadyClock::now() + milliseconds(2000); }

// Sets SIGPIPE's disposition for one test and restores it after.
class SigpipeDisposition {
 public:
  explicit SigpipeDisposition(void (*handler)(int)) { previous_ = std::signal(SIGPIPE, handler); }
  ~SigpipeDisposition() { std::signal(SIGPIPE, previous_); }

 private:
  void (*previous_)(int);
};

bool sigpipe_pending() {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, SIGPIPE) == 1;
}

TEST(McpPipeIoTest, WritesTheLineAndItsNewline) {
  Pipe pipe;
  EXPECT_EQ(write_line(pipe.fds[1], R"({"id":1})", soon()), WriteStatus::kOk);
  EXPECT_EQ(write_line(pipe.fds[1], "", soon(), SigpipeGuard::kIgnored), WriteStatus::kOk);
  EXPECT_EQ(pipe.read_everything(), "{\"id\":1}\n\n");
}

// Larger than the pipe holds: written in pieces as the reader drains it, newline last.
TEST(McpPipeIoTest, LongLineArrivesWholeThroughShortWrites) {
  Pipe pipe;
  const std::string line(1 << 20, 'x');
  std::string received;
  std::thread reader([&] {
    char buffer[4096];
    for (ssize_t n; (n = read(pipe.fds[0], buffer, sizeof buffer)) > 0;) {
      received.append(buffer, n);
      if (received.size() == line.size() + 1) break;
    }
  });
  EXPECT_EQ(write_line(pipe.fds[1], line, soon()), WriteStatus::kOk);
  reader.join();
  EXPECT_EQ(received, line + "\n");
}

TEST(McpPipeIoTest, AReaderThatNeverReadsTimesOut) {
  Pipe pipe;
  const std::string line(1 << 20, 'x');
  EXPECT_EQ(write_line(pipe.fds[1], line, SteadyClock::now() + milliseconds(50)),
            WriteStatus::kTimedOut);
}

TEST(McpPipeIoTest, AGoneReaderIsClosedWithoutSigpipe) {
  {
    SigpipeDisposition default_action(SIG_DFL);  // a SIGPIPE reaching the process would end it
    EXPECT_EQ(sigpipe_guard_needed(), SigpipeGuard::kBlock);
    Pipe pipe;
    pipe.close_reader();
    EXPECT_EQ(write_line(pipe.fds[1], "{}", soon(), SigpipeGuard::kBlock), WriteStatus::kClosed);
    EXPECT_FALSE(sigpipe_pending());
  }
  {
    SigpipeDisposition ignored(SIG_IGN);
    EXPECT_EQ(sigpipe_guard_needed(), SigpipeGuard::kIgnored);
    Pipe pipe;
    pipe.close_reader();
    EXPECT_EQ(write_line(pipe.fds[1], "{}", soon(), SigpipeGuard::kIgnored), WriteStatus::kClosed);
  }
}

TEST(McpPipeIoTest, ABadDescriptorIsClosed) {
  EXPECT_EQ(write_line(-1, "{}", soon()), WriteStatus::kClosed);
}

}  // namespace
}  // namespace kosmo::mcp
