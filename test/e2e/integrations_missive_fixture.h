// Fixture of the Missive end-to-end tests: the shared IntegrationTest plus a unique Missive
// token in the environment and the integration's url pointing at the fake's /missive/v1 prefix.
#pragma once

#include <string>
#include <vector>

#include "e2e/integration_harness.h"

namespace kosmo::e2e {

class MissiveTest : public IntegrationTest {
 protected:
  MissiveTest() {
    SetEnv("KOSMO_MISSIVE_ACCESS_TOKEN", token_);
    SetEnv("KOSMO_MISSIVE_URL", BaseUrl());
  }
  std::string BaseUrl() { return server().origin() + "/missive/v1"; }
  static std::string MissivePath(const std::string& tail) { return "/missive/v1" + tail; }
  KosmoRun Missive(const std::string& call, const std::vector<std::string>& flags = {}) {
    return Lua("return app.integrations.missive." + call, flags);
  }
  std::vector<std::string> AllSecrets() const {
    std::vector<std::string> all = secrets().all();
    all.push_back(token_);
    return all;
  }
  const std::string token_ = UniqueSecret("missive-token-");
};

}  // namespace kosmo::e2e
