#pragma once
// A test suite over the catalog of the manifests kosmo ships, loaded once per suite (parsing
// every manifest for each test would dominate the suite's time).
#include <gtest/gtest.h>

#include <utility>

#include "lib/integrations/catalog.h"

namespace kosmo::testing {

class ShippedCatalogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = integrations::Catalog::load("");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    catalog_ = new integrations::Catalog(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete catalog_;
    catalog_ = nullptr;
  }

  static inline integrations::Catalog* catalog_ = nullptr;
};

}  // namespace kosmo::testing
