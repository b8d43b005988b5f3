// StderrLines writes to fd 2; the tests point fd 2 at a pipe for their duration.
#include "lib/cli/stderr_lines.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace kosmo::cli {
namespace {

class CapturedStderr {
 public:
  CapturedStderr() {
    EXPECT_EQ(pipe2(fds_, O_CLOEXEC), 0);
    saved_ = dup(STDERR_FILENO);
    dup2(fds_[1], STDERR_FILENO);
  }
  ~CapturedStderr() {
    Restore();
    close(fds_[0]);
  }
  std::string Take() {
    Restore();
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = read(fds_[0], buffer, sizeof buffer)) > 0;) text.append(buffer, n);
    return text;
  }

 private:
  void Restore() {
    if (saved_ < 0) return;
    dup2(saved_, STDERR_FILENO);
    close(saved_);
    close(fds_[1]);
    saved_ = -1;
  }
  int fds_[2] = {-1, -1};
  int saved_ = -1;
};

TEST(StderrLinesTest, LinesGoAboveTheStatusLineWhichIsRedrawnThenErased) {
  StderrLines lines;
  CapturedStderr captured;
  lines.write("first\n");
  lines.show_status("status 1");
  lines.write("second\n");
  lines.show_status("status 2");
  lines.end_status();
  lines.show_status("never shown");
  lines.write("third\n");
  EXPECT_EQ(captured.Take(),
            "first\n"
            "\r\x1b[Kstatus 1"
            "\r\x1b[Ksecond\nstatus 1"
            "\r\x1b[Kstatus 2"
            "\r\x1b[K"
            "third\n");
}

TEST(StderrLinesTest, NoStatusMeansNoEscapeSequences) {
  StderrLines lines;
  CapturedStderr captured;
  lines.write("plain\n");
  lines.clear_status();
  lines.end_status();
  EXPECT_EQ(captured.Take(), "plain\n");
}

}  // namespace
}  // namespace kosmo::cli
