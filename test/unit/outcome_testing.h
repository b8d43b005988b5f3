#pragma once
// Test helpers for functions that report failure as an Outcome or an optional failure
// (lib/common/outcome.h): the failure, or a test failure when there was none.
#include <gtest/gtest.h>

#include <optional>
#include <utility>

#include "lib/common/outcome.h"

namespace kosmo::test {

template <typename T, typename E>
E failure_of(Outcome<T, E> outcome) {
  EXPECT_FALSE(outcome.ok()) << "expected a failure, got a value";
  if (outcome) return E{};
  return std::move(outcome).error();
}

template <typename E>
E failure_of(std::optional<E> check) {
  EXPECT_TRUE(check.has_value()) << "expected a failure";
  return check ? std::move(*check) : E{};
}

}  // namespace kosmo::test
