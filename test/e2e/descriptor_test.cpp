// kosmo's connections are close-on-exec. The cases fd_mcp_server_inherits_only_stdio* show what
// an MCP server inherits; this test looks at kosmo itself while a request is in flight, so the
// connection libcurl opened is checked even though the server spawn also closes every stray
// descriptor. Only TCP sockets are judged: libcurl's internal wake-up socketpair (AF_UNIX) is
// opened without O_CLOEXEC and no libcurl option reaches it; the spawn's closefrom covers it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e/integration_harness.h"

namespace kosmo::e2e {
namespace {

namespace fs = std::filesystem;
constexpr long kCloseOnExecFlag = 02000000;  // O_CLOEXEC as /proc/<pid>/fdinfo prints it

// The socket inodes ("socket:[123]") behind the descriptors in `fd_directory`, by descriptor.
std::vector<std::pair<std::string, std::string>> Sockets(const std::string& fd_directory) {
  std::vector<std::pair<std::string, std::string>> sockets;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fd_directory, ec)) {
    const std::string target = fs::read_symlink(entry.path(), ec).string();
    if (!ec && target.rfind("socket:", 0) == 0) {
      sockets.emplace_back(entry.path().filename().string(), target);
    }
  }
  return sockets;
}

// "socket:[<inode>]" for every TCP socket of `pid` (IPv4 and IPv6).
std::set<std::string> TcpSockets(pid_t pid) {
  std::set<std::string> sockets;
  for (const char* table : {"tcp", "tcp6"}) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/net/" + table);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string inode;
      for (int column = 0; column < 10; ++column) fields >> inode;  // the 10th is the inode
      sockets.insert("socket:[" + inode + "]");
    }
  }
  return sockets;
}

long FdFlags(pid_t pid, const std::string& fd) {
  std::ifstream info("/proc/" + std::to_string(pid) + "/fdinfo/" + fd);
  std::string key;
  while (info >> key) {
    if (key == "flags:") {
      std::string octal;
      info >> octal;
      return std::stol(octal, nullptr, 8);
    }
  }
  return -1;
}

bool WaitFor(const std::function<bool()>& condition, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

class DescriptorTest : public IntegrationTest {};

TEST_F(DescriptorTest, TheConnectionOfARequestInFlightIsCloseOnExec) {
  server().inject(fakes::faults::Stall(2), SinchPath("/groups"));
  std::vector<std::string> inheritable;
  size_t own_sockets = 0;
  OnStarted([&](pid_t pid) {
    if (!WaitFor([&] { return server().request_count() > 0; }, std::chrono::seconds(15))) return;
    // Sockets this test process holds too were inherited from it, not opened by kosmo.
    std::set<std::string> ours;
    for (const auto& [fd, socket] : Sockets("/proc/self/fd")) ours.insert(socket);
    const std::set<std::string> tcp = TcpSockets(pid);
    for (const auto& [fd, socket] : Sockets("/proc/" + std::to_string(pid) + "/fd")) {
      if (ours.count(socket) > 0 || tcp.count(socket) == 0) continue;
      ++own_sockets;
      if ((FdFlags(pid, fd) & kCloseOnExecFlag) == 0) inheritable.push_back(fd + " " + socket);
    }
  });
  const KosmoRun run = Run({"integrations:lua", "--json", "--timeout", "10", "--eval",
                            "return app.integrations.sinch.list_groups().count"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_GE(own_sockets, 1u) << "the connection to the fake vendor was not seen";
  EXPECT_TRUE(inheritable.empty())
      << "TCP sockets without O_CLOEXEC: " << ::testing::PrintToString(inheritable);
}

}  // namespace
}  // namespace kosmo::e2e
