#include "lib/cli/stdout_writer.h"

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>

#include "lib/common/error_codes.h"

namespace kosmo::cli {
namespace {

// The errno of the first failed write to stdout; 0 while none failed.
std::atomic<int> g_stdout_error{0};

void remember_failure(int error) {
  int none = 0;
  g_stdout_error.compare_exchange_strong(none, error != 0 ? error : EIO);
}

}  // namespace

bool claim_stdout() {
  static std::atomic<bool> claimed{false};
  return !claimed.exchange(true);
}

bool write_stdout(std::string_view text) {
  if (g_stdout_error.load() != 0) return false;
  while (!text.empty()) {
    const ssize_t written = ::write(STDOUT_FILENO, text.data(), text.size());
    if (written >= 0) {
      text.remove_prefix(static_cast<size_t>(written));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      // A caller may hand kosmo a non-blocking stdout; wait until the reader catches up.
      struct pollfd entry = {STDOUT_FILENO, POLLOUT, 0};
      if (::poll(&entry, 1, -1) >= 0 || errno == EINTR) continue;
    }
    remember_failure(errno);
    return false;
  }
  return true;
}

int exit_code_after_output(int exit_code) {
  errno = 0;
  std::cout.flush();  // --help, --version and the REPL print through std::cout
  if (std::cout.fail()) remember_failure(errno);
  const int error = g_stdout_error.load();
  if (error == 0) return exit_code;
  std::cerr << "Error: cannot write to stdout: " << std::strerror(error) << '\n';
  std::cerr.flush();
  return kExitConfig;
}

}  // namespace kosmo::cli
