#include <gtest/gtest.h>

#include "lib/gateway/stdio_framing.h"

namespace kosmo::gateway {
namespace {

TEST(GatewayStdioFraming, SplitsLinesAcrossReads) {
  StdioFraming framing(100);
  framing.append("{\"a\":1}\n{\"b\"");
  auto line = framing.next();
  ASSERT_TRUE(line);
  EXPECT_EQ(line->text, "{\"a\":1}");
  EXPECT_FALSE(framing.next());
  framing.append(":2}\r\n");
  line = framing.next();
  ASSERT_TRUE(line);
  EXPECT_EQ(line->text, "{\"b\":2}");
}

TEST(GatewayStdioFraming, OversizedLineIsReportedOnceAndSkippedWithoutBeingHeld) {
  StdioFraming framing(100);
  framing.append(std::string(150, 'x'));
  auto line = framing.next();
  ASSERT_TRUE(line);
  EXPECT_TRUE(line->oversized);
  EXPECT_EQ(framing.buffered_bytes(), 0u);
  for (int i = 0; i < 1000; ++i) framing.append(std::string(1000, 'y'));  // 1 MB more of it
  EXPECT_EQ(framing.buffered_bytes(), 0u);
  EXPECT_FALSE(framing.next());
  framing.append("yyy\n{\"ok\":1}\n");
  line = framing.next();
  ASSERT_TRUE(line);
  EXPECT_FALSE(line->oversized);
  EXPECT_EQ(line->text, "{\"ok\":1}");
}

TEST(GatewayStdioFraming, CompleteOversizedLineKeepsWhatFollows) {
  StdioFraming framing(10);
  framing.append(std::string(20, 'x') + "\n{}\n");
  auto line = framing.next();
  ASSERT_TRUE(line);
  EXPECT_TRUE(line->oversized);
  line = framing.next();
  ASSERT_TRUE(line);
  EXPECT_EQ(line->text, "{}");
}

TEST(GatewayStdioFraming, LastLineWithoutNewlineCountsAtTheEnd) {
  StdioFraming framing(100);
  framing.append("{}");
  EXPECT_FALSE(framing.next());
  framing.finish();
  auto line = framing.next();
  ASSERT_TRUE(line);
  EXPECT_EQ(line->text, "{}");
  EXPECT_FALSE(framing.next());
}

}  // namespace
}  // namespace kosmo::gateway
