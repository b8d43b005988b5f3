// lib/common/timespec.h: the conversions the timers and the retry sleeper arm with.
#include "lib/common/timespec.h"

#include <gtest/gtest.h>

namespace kosmo {
namespace {

TEST(TimespecTest, NanosecondsSplitIntoSecondsAndTheRest) {
  const timespec t = timespec_from_ns(3'000'000'007);
  EXPECT_EQ(t.tv_sec, 3);
  EXPECT_EQ(t.tv_nsec, 7);
  EXPECT_EQ(timespec_from_ns(999'999'999).tv_sec, 0);
  EXPECT_EQ(timespec_from_ns(999'999'999).tv_nsec, 999'999'999);
}

TEST(TimespecTest, SecondsAreTruncatedToWholeNanoseconds) {
  const timespec t = timespec_from_seconds(1.25);
  EXPECT_EQ(t.tv_sec, 1);
  EXPECT_EQ(t.tv_nsec, 250'000'000);
  // Below a nanosecond is zero, which disarms a POSIX timer: callers that must fire check it.
  EXPECT_EQ(timespec_from_seconds(1e-10).tv_nsec, 0);
}

TEST(TimespecTest, RoundTripsThroughNanoseconds) {
  const timespec t{12, 345'678'901};
  EXPECT_EQ(ns_from_timespec(t), 12'345'678'901);
  const timespec back = timespec_from_ns(ns_from_timespec(t) + 700'000'000);
  EXPECT_EQ(back.tv_sec, 13);
  EXPECT_EQ(back.tv_nsec, 45'678'901);
}

}  // namespace
}  // namespace kosmo
