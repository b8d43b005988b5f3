// CallLog stores repeated texts once; what comes back out must be exactly what went in.
#include "lib/lua/call_log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lib/lua/limited_allocator.h"

namespace kosmo::lua {
namespace {

CallLogEntry Entry(std::string path, std::string status, std::optional<int> http_status,
                   int attempts, std::optional<std::string> error) {
  CallLogEntry entry;
  entry.path = std::move(path);
  entry.function = "sinch_get_group";
  entry.account = "default";
  entry.operation = "read";
  entry.status = std::move(status);
  entry.duration_ms = 1.25;
  entry.http_status = http_status;
  entry.attempts = attempts;
  entry.error = std::move(error);
  return entry;
}

void ExpectSame(const CallLogEntry& actual, const CallLogEntry& expected) {
  EXPECT_EQ(actual.path, expected.path);
  EXPECT_EQ(actual.function, expected.function);
  EXPECT_EQ(actual.account, expected.account);
  EXPECT_EQ(actual.operation, expected.operation);
  EXPECT_EQ(actual.status, expected.status);
  EXPECT_EQ(actual.duration_ms, expected.duration_ms);
  EXPECT_EQ(actual.http_status, expected.http_status);
  EXPECT_EQ(actual.attempts, expected.attempts);
  EXPECT_EQ(actual.error, expected.error);
}

TEST(CallLogTest, EntriesComeBackInOrderWithEveryField) {
  const std::vector<CallLogEntry> entries = {
      Entry("integrations.sinch.get_group", "ok", 200, 1, std::nullopt),
      Entry("integrations.sinch.get_group", "error", 404, 1, "Sinch API error (404): gone"),
      Entry("mcp.fake.echo", "error", std::nullopt, 0, "MCP server 'fake' timed out after 1s."),
      // An empty error text is still an error text, not "no error".
      Entry("integrations.sinch.get_group", "error", 500, 4, ""),
      Entry("integrations.sinch.get_group", "ok", 200, 2, std::nullopt),
  };
  CallLog log;
  for (const CallLogEntry& entry : entries) log.append(entry);

  const std::vector<CallLogEntry> stored = log.snapshot();
  ASSERT_EQ(stored.size(), entries.size());
  EXPECT_EQ(log.size(), entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    SCOPED_TRACE(i);
    ExpectSame(stored[i], entries[i]);
  }
}

TEST(CallLogTest, ManyRepeatedCallsComeBackIntact) {
  CallLog log;
  for (int i = 0; i < 10000; ++i) {
    log.append(
        Entry("integrations.sinch.get_group", i % 2 ? "ok" : "error", 200, 1,
              i % 2 ? std::nullopt : std::optional<std::string>("error " + std::to_string(i % 7))));
  }
  const std::vector<CallLogEntry> stored = log.snapshot();
  ASSERT_EQ(stored.size(), 10000u);
  EXPECT_EQ(stored[9998].error, "error " + std::to_string(9998 % 7));
  EXPECT_FALSE(stored[9999].error.has_value());
}

TEST(CallLogTest, EmptyLogIsEmpty) {
  CallLog log;
  EXPECT_EQ(log.size(), 0u);
  EXPECT_TRUE(log.snapshot().empty());
}

// for_each visits every entry in order, as views of the stored texts, without copying them out.
TEST(CallLogTest, ForEachVisitsEveryEntryInOrder) {
  CallLog log;
  for (int i = 0; i < 2500; ++i) {
    log.append(
        Entry("integrations.sinch.get_group", i % 2 ? "ok" : "error", 200 + i % 3, 1,
              i % 2 ? std::nullopt : std::optional<std::string>("failed " + std::to_string(i))));
  }
  int seen = 0;
  log.for_each([&seen](const CallLogView& call) {
    EXPECT_EQ(call.path, "integrations.sinch.get_group");
    EXPECT_EQ(call.http_status, 200 + seen % 3);
    EXPECT_EQ(call.error.has_value(), seen % 2 == 0);
    if (call.error) {
      EXPECT_EQ(*call.error, "failed " + std::to_string(seen));
    }
    ++seen;
  });
  EXPECT_EQ(seen, 2500);
}

// What the log holds grows by 40 bytes a call for repeated texts, plus each new text, and is
// reported to the allocator it counts against after every append.
TEST(CallLogTest, BytesAreCountedAgainstTheAllocator) {
  CallLog log;
  LimitedAllocator allocator(1 << 20);
  log.count_against(&allocator);
  log.append(Entry("mcp.fake.echo", "ok", std::nullopt, 1, std::nullopt));
  const size_t first = log.bytes();
  EXPECT_EQ(allocator.outside_bytes(), first);
  EXPECT_EQ(allocator.used(), 0u);
  for (int i = 1; i < 1024; ++i)
    log.append(Entry("mcp.fake.echo", "ok", std::nullopt, 1, std::nullopt));
  EXPECT_EQ(log.bytes(), first);  // the first block holds 1,024 records
  log.append(Entry("mcp.fake.echo", "ok", std::nullopt, 1, std::nullopt));
  EXPECT_EQ(log.bytes() - first, 1024 * 40u + 8u);  // one more block (and its pointer)
  log.append(Entry("mcp.fake.echo", "ok", std::nullopt, 1, std::string(100, 'e')));
  EXPECT_GT(log.bytes() - first, 1024 * 40u + 8u + 100u);
  EXPECT_EQ(allocator.outside_bytes(), log.bytes());
}

}  // namespace
}  // namespace kosmo::lua
