#pragma once
// Shared checks of the seed-coverage tests: a function's parameters against the seed's table,
// and the uniqueness of an integration's public names.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "lib/integrations/manifest.h"

namespace kosmo::testing {

struct SeedParameter {
  const char* name;
  const char* type;
  bool required;
};

// The seed's parameter names first and in order, with its types and required flags, and a
// description on each. Parameters the real API adds after them (Sinch's page_token, Missive's until) are
// optional, so every seed call still fits.
inline void ExpectSeedParameters(const integrations::Function& function,
                                 const std::vector<SeedParameter>& seed) {
  std::vector<std::string> expected_names, actual_names;
  for (const SeedParameter& parameter : seed) expected_names.push_back(parameter.name);
  for (const auto& parameter : function.parameters) actual_names.push_back(parameter.name);
  ASSERT_GE(actual_names.size(), expected_names.size()) << "a seed parameter is missing";
  actual_names.resize(expected_names.size());
  ASSERT_EQ(actual_names, expected_names) << "parameter names or order differ from the seed";
  for (size_t i = seed.size(); i < function.parameters.size(); ++i) {
    EXPECT_FALSE(function.parameters[i].required)
        << function.parameters[i].name << ": a parameter beyond the seed's must be optional";
    EXPECT_FALSE(function.parameters[i].description.empty());
  }
  for (size_t i = 0; i < seed.size(); ++i) {
    const auto& actual = function.parameters[i];
    SCOPED_TRACE(seed[i].name);
    // A list that also takes one scalar still takes the seed's single value.
    const bool widened = std::string(seed[i].type) == "string" &&
                         actual.type == integrations::ParamType::kArray && actual.accept_scalar;
    if (!widened) EXPECT_EQ(std::string(integrations::to_string(actual.type)), seed[i].type);
    EXPECT_EQ(actual.required, seed[i].required);
    EXPECT_FALSE(actual.description.empty()) << "parameter without a description";
  }
}

// No short name, slug or alias is used by two functions of one integration.
inline void ExpectUniquePublicNames(const integrations::Manifest& manifest) {
  SCOPED_TRACE(manifest.name);
  std::set<std::string> seen;
  for (const integrations::Function& function : manifest.functions) {
    std::set<std::string> own = {function.name, function.slug};
    own.insert(function.aliases.begin(), function.aliases.end());
    for (const std::string& public_name : own) {
      EXPECT_TRUE(seen.insert(public_name).second) << public_name << " is used twice";
    }
  }
}

}  // namespace kosmo::testing
