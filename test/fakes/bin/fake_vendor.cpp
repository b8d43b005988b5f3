// kosmo_fake_vendor: the fake Sinch and Anthropic APIs as a standalone process, for benchmarks
// and manual runs.
//
//   kosmo_fake_vendor [--port N] [--ignore-stdin]
//
// Prints the port it listens on (127.0.0.1, ephemeral unless --port) as one line on stdout,
// then serves until SIGTERM or SIGINT, or until stdin reaches EOF, so a parent that dies
// without cleaning up does not leave it running. --ignore-stdin keeps it alive when stdin is
// /dev/null. Point kosmo at it with
//   KOSMO_SINCH_BASE_URL=http://127.0.0.1:<port>/xms/v1
//   KOSMO_ANTHROPIC_URL=http://127.0.0.1:<port>/v1
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <thread>

#include "fakes/fake_vendor_server.h"

namespace {

int usage(const char* argv0) {
  std::fprintf(stderr, "usage: %s [--port N] [--ignore-stdin]\n", argv0);
  return 2;
}

// Reads stdin to EOF, then asks the main thread to stop the way a signal would.
void watch_stdin() {
  char buffer[4096];
  while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
  }
  kill(getpid(), SIGTERM);
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  bool ignore_stdin = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      port = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--ignore-stdin") == 0) {
      ignore_stdin = true;
    } else {
      return usage(argv[0]);
    }
  }
  // Blocked before any thread starts, so every thread inherits the mask and sigwait() below is
  // the only receiver.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  try {
    kosmo::fakes::FakeVendorServer server(port);
    std::printf("%d\n", server.port());
    std::fflush(stdout);
    if (!ignore_stdin) std::thread(watch_stdin).detach();
    int received = 0;
    sigwait(&stop_signals, &received);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kosmo_fake_vendor: %s\n", e.what());
    return 1;
  }
  return 0;
}
