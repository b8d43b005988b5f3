// Load: one script makes 10,000 integration calls against the loopback fake vendor while 5 % of
// them meet an injected fault. The run must not crash, must not leak (resident memory stays
// within 10 % from the 1,000th call to the last), must retry exactly what the spec says is
// retryable, and must report every call -- failures included -- in the call log.
//
// The schedule is fixed so every call's expected outcome is known: call i (1-based) is
//   i % 20 != 0                   GET  groups/steady       200, 1 attempt
//   i % 20 == 0, k = i / 20:
//     k % 25 == 1, (k/25) even    GET  groups/flaky-503    503 then 200: retried, 2 attempts
//     k % 25 == 1, (k/25) odd     GET  groups/flaky-cut    body cut short then 200: 2 attempts
//     else k even                 GET  groups/missing      404 vendor error, not retried
//     else k odd                  POST batches (account    500 vendor error, not retried
//                                 "faulty")                (a POST may have taken effect)
// Only 20 calls are retried: the spec's backoff starts at 0.5 s, so each retry costs ~0.4 s.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e/integration_harness.h"

namespace kosmo::e2e {
namespace {

constexpr int kCalls = 10000;

enum class Kind { kSteady, kFlaky503, kFlakyCut, kMissing, kFaultyPost };

Kind KindOf(int call) {
  if (call % 20 != 0) return Kind::kSteady;
  const int k = call / 20;
  if (k % 25 == 1) return (k / 25) % 2 == 0 ? Kind::kFlaky503 : Kind::kFlakyCut;
  return k % 2 == 0 ? Kind::kMissing : Kind::kFaultyPost;
}

constexpr const char kScript[] = R"(
local sinch = app.integrations.sinch
local faulty = app.integrations.sinch.faulty
local failed = 0
for i = 1, 10000 do
  local ok
  if i % 20 ~= 0 then
    ok = pcall(sinch.get_group, {group_id = "steady"})
  else
    local k = i // 20
    if k % 25 == 1 then
      ok = pcall(sinch.get_group, {group_id = (k // 25) % 2 == 0 and "flaky-503" or "flaky-cut"})
    elseif k % 2 == 0 then
      ok = pcall(sinch.get_group, {group_id = "missing"})
    else
      ok = pcall(faulty.send_sms, {from = "kosmo", to = {"+15550100"}, body = "load"})
    end
  end
  if not ok then failed = failed + 1 end
end
return failed
)";

// Resident set size of `pid` in KiB from /proc/<pid>/status; 0 once the process is gone.
long ResidentKb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

struct RssSample {
  size_t requests;  // requests the fake had received when the sample was taken
  long rss_kb;
};

class LoadTest : public IntegrationTest {
 protected:
  LoadTest() {
    SetEnv("KOSMO_SINCH__FAULTY__SERVICE_PLAN_ID", "plan-faulty");
    SetEnv("KOSMO_SINCH__FAULTY__API_TOKEN", secrets().sinch_work_token);
    SetEnv("KOSMO_SINCH__FAULTY__BASE_URL", server().sinch_base_url());
    KillAfter(120);  // ~10 s here: 20 retries at ~0.4 s each; several times that under ASan
    server().inject_every(fakes::faults::VendorError(503, "busy"), SinchPath("/groups/flaky-503"),
                          2);
    server().inject_every(fakes::faults::Truncated(10), SinchPath("/groups/flaky-cut"), 2);
    server().inject_always(fakes::faults::VendorError(404, "group not found"),
                           SinchPath("/groups/missing"));
    server().inject_always(fakes::faults::VendorError(500, "internal"),
                           "/xms/v1/plan-faulty/batches");
    // Samples memory against progress (the fake's request count) while the run goes on.
    OnStarted([this](pid_t pid) {
      sampler_ = std::thread([this, pid] {
        while (!run_ended_) {
          const size_t requests = server().request_count();
          const long rss = ResidentKb(pid);
          if (rss > 0) samples_.push_back({requests, rss});
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
      });
    });
  }

  KosmoRun RunLoad() {
    KosmoRun run = Run({"integrations:lua", "--json", "--force", "--eval", kScript});
    run_ended_ = true;
    if (sampler_.joinable()) sampler_.join();
    return run;
  }

  // The largest RSS among samples taken while the fake had seen [from, to) requests.
  long PeakRssBetween(size_t from, size_t to) const {
    long peak = 0;
    for (const RssSample& sample : samples_) {
      if (sample.requests >= from && sample.requests < to) peak = std::max(peak, sample.rss_kb);
    }
    return peak;
  }

  std::thread sampler_;
  std::atomic<bool> run_ended_{false};
  std::vector<RssSample> samples_;  // written by the sampler only until it is joined
};

TEST_F(LoadTest, TenThousandCallsWithFivePercentFaults) {
  const KosmoRun run = RunLoad();
  ASSERT_TRUE(run.process.exited_normally())
      << run.Describe() << "\nrequests served: " << server().request_count();
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  ASSERT_TRUE(run.envelope.IsObject()) << run.parse_error;

  int expected_failures = 0;
  for (int i = 1; i <= kCalls; ++i) {
    expected_failures += KindOf(i) == Kind::kMissing || KindOf(i) == Kind::kFaultyPost;
  }
  EXPECT_EQ(expected_failures, 480);
  ASSERT_NE(run.result(), nullptr);
  EXPECT_EQ(run.result()->GetInt(), expected_failures) << "failures the script caught";

  // Every call is in the log with the outcome its fault calls for.
  ASSERT_EQ(run.call_count(), static_cast<size_t>(kCalls));
  int retried = 0;
  for (int i = 1; i <= kCalls; ++i) {
    const rapidjson::Value& call = *run.call(i - 1);
    const std::string status = call["status"].GetString();
    const int attempts = call["attempts"].GetInt();
    const Kind kind = KindOf(i);
    SCOPED_TRACE("call " + std::to_string(i) + ": " + ToJson(call));
    switch (kind) {
      case Kind::kSteady:
        ASSERT_EQ(status, "ok");
        ASSERT_EQ(attempts, 1);
        break;
      case Kind::kFlaky503:
      case Kind::kFlakyCut:
        ASSERT_EQ(status, "ok");
        ASSERT_EQ(attempts, 2);
        ASSERT_EQ(call["http_status"].GetInt(), 200);
        ++retried;
        break;
      case Kind::kMissing:
        ASSERT_EQ(status, "error");
        ASSERT_EQ(attempts, 1);
        ASSERT_EQ(call["http_status"].GetInt(), 404);
        ASSERT_NE(std::string(call["error"].GetString()).find("group not found"),
                  std::string::npos);
        break;
      case Kind::kFaultyPost:
        ASSERT_EQ(status, "error");
        ASSERT_EQ(attempts, 1);
        ASSERT_EQ(call["http_status"].GetInt(), 500);
        ASSERT_EQ(std::string(call["path"].GetString()), "integrations.sinch.faulty.send_sms");
        break;
    }
  }
  EXPECT_EQ(retried, 20);
  EXPECT_EQ(server().request_count(), static_cast<size_t>(kCalls + retried))
      << "one extra request per retried call, none for the others";

  // Memory: flat from the 1,000th request to the last hundreds (before the envelope is built).
  const size_t total = server().request_count();
  const long early = PeakRssBetween(1000, 1500);
  const long late = PeakRssBetween(total - 600, total - 100);
  ASSERT_GT(early, 0) << "no memory sample early in the run (" << samples_.size() << " samples)";
  ASSERT_GT(late, 0) << "no memory sample late in the run (" << samples_.size() << " samples)";
  std::printf("[ load ] RSS %ld KiB at ~1,000 requests, %ld KiB near %zu; %zu samples\n", early,
              late, total, samples_.size());
#ifndef KOSMO_SANITIZED  // ASan's quarantine and shadow memory make RSS meaningless
  EXPECT_LE(static_cast<double>(late), early * 1.10)
      << "RSS grew from " << early << " KiB at ~1,000 requests to " << late << " KiB near "
      << total;
#endif
  for (const std::string& secret : secrets().all()) {
    EXPECT_EQ(run.process.out.find(secret), std::string::npos);
    EXPECT_EQ(run.process.err.find(secret), std::string::npos);
  }
}

}  // namespace
}  // namespace kosmo::e2e
