// Origin, Host, bearer token and protocol version checks of the Streamable HTTP server.
#include <gtest/gtest.h>

#include "lib/gateway/http_request_guards.h"

namespace kosmo::gateway {
namespace {

TEST(HttpRequestGuards, LoopbackOrigins) {
  for (const char* origin : {"http://localhost", "http://localhost:1234", "https://127.0.0.1",
                             "http://127.0.0.1:8080", "http://[::1]:9000", "HTTP://LOCALHOST:1"}) {
    EXPECT_TRUE(is_loopback_origin(origin)) << origin;
  }
  for (const char* origin :
       {"http://evil.example", "null", "", "http://localhost.evil.example", "http://localhost:12ab",
        "file://localhost", "http://127.0.0.1.evil.example", "http://[::1", "localhost",
        "http://localhost:80@evil.example", "ws://localhost"}) {
    EXPECT_FALSE(is_loopback_origin(origin)) << origin;
  }
}

TEST(HttpRequestGuards, AllowedOriginsBesidesLoopback) {
  const std::vector<std::string> allowed = {"https://app.example/", "http://tool.local:3000"};
  EXPECT_TRUE(origin_allowed("https://app.example", allowed));
  EXPECT_TRUE(origin_allowed("HTTPS://APP.EXAMPLE", allowed));
  EXPECT_TRUE(origin_allowed("http://tool.local:3000", allowed));
  EXPECT_FALSE(origin_allowed("http://tool.local:3001", allowed));
  EXPECT_FALSE(origin_allowed("http://app.example", allowed));
  EXPECT_TRUE(origin_allowed("http://localhost:5", allowed));
}

TEST(HttpRequestGuards, HostHeaders) {
  const std::vector<std::string> allowed = {"https://app.example"};
  for (const char* host : {"localhost", "localhost:8080", "127.0.0.1:1", "[::1]", "[::1]:9"}) {
    EXPECT_TRUE(host_allowed(host, allowed)) << host;
  }
  EXPECT_TRUE(host_allowed("app.example", allowed));
  EXPECT_FALSE(host_allowed("evil.example", allowed));
  EXPECT_FALSE(host_allowed("evil.example:8080", allowed));
  EXPECT_FALSE(host_allowed("localhost.evil.example", allowed));
  EXPECT_FALSE(host_allowed("", allowed));
}

TEST(HttpRequestGuards, LoopbackHosts) {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  for (const char* host : {"0.0.0.0", "::", "192.168.1.2", "127.evil.example", "example.com"}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
}

TEST(HttpRequestGuards, BearerToken) {
  const std::string right = "Bearer tok-123456";
  const std::string lower = "bearer tok-123456";
  const std::string wrong = "Bearer tok-123457";
  const std::string longer = "Bearer tok-1234567";
  const std::string basic = "Basic tok-123456";
  EXPECT_TRUE(bearer_matches(&right, "tok-123456"));
  EXPECT_TRUE(bearer_matches(&lower, "tok-123456"));
  EXPECT_FALSE(bearer_matches(&wrong, "tok-123456"));
  EXPECT_FALSE(bearer_matches(&longer, "tok-123456"));
  EXPECT_FALSE(bearer_matches(&basic, "tok-123456"));
  EXPECT_FALSE(bearer_matches(nullptr, "tok-123456"));
}

TEST(HttpRequestGuards, ProtocolVersions) {
  for (const char* version : {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}) {
    EXPECT_TRUE(is_supported_protocol_version(version)) << version;
  }
  EXPECT_FALSE(is_supported_protocol_version("2099-01-01"));
  EXPECT_FALSE(is_supported_protocol_version(""));
}

}  // namespace
}  // namespace kosmo::gateway
