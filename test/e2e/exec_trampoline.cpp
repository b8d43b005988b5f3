#include "e2e/exec_trampoline.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace kosmo::e2e {
namespace {

// Runs before main (and before gtest's static registrations) in the trampoline process.
__attribute__((constructor(101))) void TrampolineMain(int argc, char** argv, char** envp) {
  if (argc < 3 || std::strcmp(argv[1], kTrampolineFlag) != 0) return;
  fcntl(kReportFd, F_SETFD, FD_CLOEXEC);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[2], nullptr, nullptr, argv + 2, envp);
  if (rc != 0) {
    dprintf(kReportFd, "spawn %d\n", rc);
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  dprintf(kReportFd, "ok %d %ld\n", status, usage.ru_maxrss);
  _exit(0);
}

}  // namespace

std::string SelfExe() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : path.string();
}

void ApplyTrampolineReport(const std::string& report, int* status, long* maxrss,
                           std::string* spawn_error) {
  int rc = 0, reported_status = 0;
  long reported_rss = 0;
  if (std::sscanf(report.c_str(), "ok %d %ld", &reported_status, &reported_rss) == 2) {
    *status = reported_status;
    *maxrss = reported_rss;
  } else if (std::sscanf(report.c_str(), "spawn %d", &rc) == 1) {
    *spawn_error = std::string("posix_spawn: ") + std::strerror(rc);
  }
}

}  // namespace kosmo::e2e
