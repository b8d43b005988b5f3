// The run's --timeout as one Deadline, read through a Clock a test moves by hand.
#include "lib/common/deadline.h"

#include <gtest/gtest.h>

namespace kosmo {
namespace {

class ManualClock final : public Clock {
 public:
  double now() const override { return now_; }
  void advance(double seconds) { now_ += seconds; }

 private:
  double now_ = 1000;
};

TEST(DeadlineTest, UnboundedLeavesTimeoutsAlone) {
  const Deadline none;
  EXPECT_FALSE(none.bounded());
  EXPECT_EQ(none.remaining(), std::nullopt);
  EXPECT_DOUBLE_EQ(none.cap(30), 30);
  EXPECT_FALSE(Deadline::after(std::nullopt).bounded());
}

TEST(DeadlineTest, CapsTimeoutsToWhatIsLeft) {
  ManualClock clock;
  const Deadline deadline = Deadline::after(5, clock);
  EXPECT_DOUBLE_EQ(deadline.remaining().value(), 5);
  EXPECT_DOUBLE_EQ(deadline.cap(30), 5);
  EXPECT_DOUBLE_EQ(deadline.cap(2), 2);
  clock.advance(4.5);
  EXPECT_DOUBLE_EQ(deadline.remaining().value(), 0.5);
  EXPECT_DOUBLE_EQ(deadline.cap(30), 0.5);
}

TEST(DeadlineTest, ASpentDeadlineStillGivesTheLastSlice) {
  ManualClock clock;
  const Deadline deadline = Deadline::after(1, clock);
  clock.advance(3);
  EXPECT_DOUBLE_EQ(deadline.remaining().value(), 0);
  EXPECT_DOUBLE_EQ(deadline.cap(30), Deadline::kLastSlice);
}

TEST(DeadlineTest, CountsFromAnEarlierStart) {
  ManualClock clock;
  const double start = clock.now();
  clock.advance(2);
  const Deadline deadline = Deadline::starting_at(start, 5, clock);
  EXPECT_DOUBLE_EQ(deadline.remaining().value(), 3);
}

}  // namespace
}  // namespace kosmo
