// SIGINT and SIGTERM sent to kosmo in the middle of a run: the run stops as at a tripped limit,
// nothing the script does can catch it, and the envelope is still written with `interrupted`,
// exit 130 (SIGINT) or 143 (SIGTERM), as a shell reports a process those signals ended.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "e2e/kosmo_process.h"

namespace kosmo::e2e {
namespace {

// kosmo is well inside the script by then, even on a loaded machine.
constexpr double kSignalAfterSeconds = 1.0;

struct SignalledRun {
  ProcessResult process;
  rapidjson::Document envelope;
  std::string Member(const char* key) const {
    if (!envelope.IsObject()) return "";
    auto it = envelope.FindMember(key);
    return it != envelope.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
  }
};

// kosmo integrations:lua --json <args>, sent `signal` kSignalAfterSeconds after it started.
SignalledRun RunAndSignal(int signal, std::vector<std::string> args,
                          std::vector<std::pair<std::string, std::string>> env = {}) {
  ProcessOptions options;
  options.args = {"integrations:lua", "--json", "--cpu-limit", "60", "--timeout", "60"};
  options.args.insert(options.args.end(), args.begin(), args.end());
  options.env = std::move(env);
  options.minimal_env = true;
  options.measure_child_rss = false;
  options.timeout_seconds = 30;
  bool sent = false;
  options.while_running = [&sent, signal](pid_t pid, double elapsed) {
    if (sent || elapsed < kSignalAfterSeconds) return;
    kill(pid, signal);
    sent = true;
  };
  SignalledRun run;
  run.process = RunKosmo(options);
  std::string why;
  if (!ParseSingleJson(run.process.out, &run.envelope, &why)) {
    ADD_FAILURE() << why << "\n" << run.process.Describe() << "\nstderr: " << run.process.err;
    run.envelope.SetNull();
  }
  return run;
}

constexpr const char kEndlessScript[] = R"(print("started")
local n = 0
while true do n = n + 1 end)";

TEST(SignalsTest, SigtermStopsTheScriptAndTheEnvelopeIsStillWritten) {
  SignalledRun run = RunAndSignal(SIGTERM, {"--eval", kEndlessScript});
  ASSERT_EQ(run.process.term_signal, 0) << "kosmo died of the signal: " << run.process.Describe();
  EXPECT_EQ(run.process.exit_code, 143) << run.process.Describe();
  EXPECT_EQ(run.Member("error_code"), "interrupted");
  EXPECT_EQ(run.Member("error"), "Interrupted by SIGTERM");
  EXPECT_EQ(run.Member("output"), "started");
  EXPECT_LT(run.process.wall_seconds, kSignalAfterSeconds + 5) << run.process.Describe();
}

TEST(SignalsTest, SigintStopsTheScriptWithExit130) {
  SignalledRun run = RunAndSignal(SIGINT, {"--eval", kEndlessScript});
  ASSERT_EQ(run.process.term_signal, 0) << "kosmo died of the signal: " << run.process.Describe();
  EXPECT_EQ(run.process.exit_code, 130) << run.process.Describe();
  EXPECT_EQ(run.Member("error_code"), "interrupted");
  EXPECT_EQ(run.Member("error"), "Interrupted by SIGINT");
}

TEST(SignalsTest, PcallCannotCatchTheInterruption) {
  SignalledRun run = RunAndSignal(
      SIGTERM, {"--eval", "while true do pcall(function() while true do end end) end"});
  EXPECT_EQ(run.process.exit_code, 143) << run.process.Describe();
  EXPECT_EQ(run.Member("error_code"), "interrupted");
}

// A loopback port that accepts connections (the kernel's backlog) and never answers.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(fd_, 8) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on loopback";
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(SignalsTest, SigtermDuringAStalledHttpCallStillEndsWithTheEnvelope) {
  SilentListener vendor;
  SignalledRun run = RunAndSignal(
      SIGTERM, {"--eval", "print('calling') return app.integrations.sinch.list_groups()"},
      {{"KOSMO_SINCH_SERVICE_PLAN_ID", "plan1"},
       {"KOSMO_SINCH_API_TOKEN", "token1"},
       {"KOSMO_SINCH_BASE_URL", "http://127.0.0.1:" + std::to_string(vendor.port()) + "/xms/v1"}});
  ASSERT_EQ(run.process.term_signal, 0) << "kosmo died of the signal: " << run.process.Describe();
  EXPECT_EQ(run.process.exit_code, 143) << run.process.Describe();
  EXPECT_EQ(run.Member("error_code"), "interrupted");
  EXPECT_EQ(run.Member("output"), "calling");
  // The transfer cannot be interrupted; the guard's last resort ends the run after its grace.
  EXPECT_LT(run.process.wall_seconds, kSignalAfterSeconds + 8) << run.process.Describe();
}

}  // namespace
}  // namespace kosmo::e2e
