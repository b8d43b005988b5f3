#include <gtest/gtest.h>

#include "lib/http/retry_after.h"

namespace kosmo::http {
namespace {

// 1994-11-06 08:49:37 UTC, the RFC's example date.
constexpr double kExampleDate = 784111777;

TEST(RetryAfterTest, ReadsDelaySeconds) {
  EXPECT_EQ(parse_retry_after("2", 0), 2.0);
  EXPECT_EQ(parse_retry_after(" 120 ", 0), 120.0);
  EXPECT_EQ(parse_retry_after("0", 0), 0.0);
  EXPECT_GT(*parse_retry_after("99999999999999999999999", 0), 1e20);  // huge, not overflowed
}

TEST(RetryAfterTest, RejectsMalformedValues) {
  EXPECT_EQ(parse_retry_after("", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after("-1", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after("1.5", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after("Sun, 06 Foo 1994 08:49:37 GMT", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after("Sun, 30 Feb 1994 08:49:37 GMT", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 25:49:37 GMT", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 PST", 0), std::nullopt);
}

TEST(RetryAfterTest, ParsesTheThreeHttpDateForms) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), kExampleDate);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), kExampleDate);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), kExampleDate);
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0.0);
  EXPECT_EQ(parse_http_date("Wed, 29 Feb 2040 23:59:59 GMT"), 2214172799.0);
}

TEST(RetryAfterTest, DateGivesTheSecondsFromNow) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kExampleDate - 3), 3.0);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kExampleDate - 0.5), 0.5);
}

TEST(RetryAfterTest, DateInThePastMeansNow) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kExampleDate + 100), 0.0);
}

}  // namespace
}  // namespace kosmo::http
