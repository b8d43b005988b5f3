// Fixtures of the Wildix and Agora end-to-end tests: the shared IntegrationTest plus each
// integration's credentials in the environment, pointing its `url` at the fake server's
// /wildix or /agora prefix. Secrets are unique per fixture so leaks can be searched for.
#pragma once

#include <string>
#include <vector>

#include "e2e/integration_harness.h"
#include "lib/http/base64.h"

namespace kosmo::e2e {

// A table-driven call: the Lua arguments and the request they must produce.
struct WireCase {
  std::string name;  // the short name, also the test name
  std::string args;  // the Lua argument table
  std::string method;
  std::string path;       // after the integration's prefix (/wildix, /agora)
  std::string query;      // raw, as sent
  std::string body = {};  // expected JSON body; "" = none
  std::string operation = "read";
  // The value Lua must see, as JSON; "" = the fake's response body decoded as is.
  std::string result = {};
  int http_status = 200;
};

class WildixTest : public IntegrationTest {
 protected:
  WildixTest() {
    SetEnv("KOSMO_WILDIX_ACCESS_TOKEN", token_);
    SetEnv("KOSMO_WILDIX_URL", base_url());
  }
  std::string base_url() { return server().origin() + "/wildix"; }
  std::vector<std::string> all_secrets() const {
    std::vector<std::string> all = secrets().all();
    all.push_back(token_);
    return all;
  }

  const std::string token_ = UniqueSecret("wildix-token-");
};

class AgoraTest : public IntegrationTest {
 protected:
  AgoraTest() {
    SetEnv("KOSMO_AGORA_CUSTOMER_ID", kCustomerId);
    SetEnv("KOSMO_AGORA_CUSTOMER_SECRET", customer_secret_);
    SetEnv("KOSMO_AGORA_APP_ID", kAppId);
    SetEnv("KOSMO_AGORA_URL", base_url());
  }
  std::string base_url() { return server().origin() + "/agora"; }
  static std::string CloudPath(const std::string& tail) {
    return std::string("/agora/v1/apps/") + kAppIdInPath + "/cloud_recording" + tail;
  }
  // Every Agora function sends Basic customer credentials (Console and Cloud Recording alike).
  std::string basic_authorization() const {
    return "Basic " + http::base64_encode(std::string(kCustomerId) + ":" + customer_secret_);
  }
  std::vector<std::string> all_secrets() const {
    std::vector<std::string> all = secrets().all();
    all.push_back(customer_secret_);
    return all;
  }

  static constexpr const char kCustomerId[] = "customer-test";
  static constexpr const char kAppId[] = "app id-1";  // percent-encoded in every cloud path
  static constexpr const char kAppIdInPath[] = "app%20id-1";
  const std::string customer_secret_ = UniqueSecret("agora-secret-");
};

}  // namespace kosmo::e2e
