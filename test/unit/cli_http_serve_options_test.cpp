// --http and --allowed-origin of mcp:serve, and the bearer token from the environment or config.
#include <gtest/gtest.h>

#include "lib/cli/http_serve_options.h"
#include "test/unit/captured_log.h"
#include "test/unit/outcome_testing.h"

namespace kosmo::cli {
namespace {

using config::Configuration;
using config::KosmoConfig;
using config::MapEnvironment;

Configuration config_with(std::string_view user_yaml, const MapEnvironment& env,
                          std::string_view project_yaml = {}) {
  std::optional<KosmoConfig> project;
  if (!project_yaml.empty()) project = KosmoConfig::parse(project_yaml, "project.yaml");
  return Configuration(KosmoConfig::parse(user_yaml, "config.yaml"), std::move(project), env);
}

TEST(HttpServeOptions, ListenAddresses) {
  struct Case {
    const char* text;
    const char* host;
    int port;
  };
  for (const Case& c : {Case{"127.0.0.1:8080", "127.0.0.1", 8080}, Case{"localhost:0", "localhost", 0},
                        Case{"[::1]:9000", "::1", 9000}, Case{"0.0.0.0:65535", "0.0.0.0", 65535}}) {
    const auto options = parse_listen_address(c.text);
    ASSERT_TRUE(options.ok()) << c.text;
    EXPECT_EQ(options->host, c.host);
    EXPECT_EQ(options->port, c.port);
  }
  for (const char* bad : {"", "8080", "localhost", ":8080", "::1:9000", "[::1]9000", "[::1]",
                          "host:65536", "host:-1", "host:80x", "host:", "host:123456"}) {
    const Failure failure = test::failure_of(parse_listen_address(bad));
    EXPECT_EQ(failure.code, ErrorCode::kUsage) << bad;
    EXPECT_NE(failure.message.find("--http"), std::string::npos) << bad;
  }
}

TEST(HttpServeOptions, FlagsOnTheCommandLine) {
  CLI::App app;
  HttpServeFlags flags;
  add_http_serve_options(app, flags);
  app.parse("--http 127.0.0.1:0 --allowed-origin https://a.example --allowed-origin "
            "https://b.example",
            false);
  EXPECT_EQ(flags.http, "127.0.0.1:0");
  EXPECT_EQ(flags.allowed_origins,
            (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_TRUE(flags.wants_http());
}

TEST(HttpServeOptions, AllowedOriginsMustBeOrigins) {
  MapEnvironment env;
  const Configuration config = config_with("", env);
  HttpServeFlags flags{"127.0.0.1:0", {"https://app.example", "http://tool.local:3000/"}};
  const auto options = resolve_http_serve_options(flags, config, nullptr);
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->allowed_origins.size(), 2u);
  EXPECT_TRUE(options->bearer_token.empty());
  for (const char* bad : {"*", "app.example", "https://app.example/path", "ftp://x", "null"}) {
    flags.allowed_origins = {bad};
    EXPECT_EQ(test::failure_of(resolve_http_serve_options(flags, config, nullptr)).code,
              ErrorCode::kUsage)
        << bad;
  }
}

TEST(HttpServeOptions, TokenFromTheEnvironmentWinsAndIsRedacted) {
  MapEnvironment env({{"KOSMO_GATEWAY_TOKEN", "env-token-123"}});
  const Configuration config =
      config_with("kosmo:\n  mcp_gateway:\n    http:\n      token: config-token-456\n", env);
  http::Redactor redactor;
  const auto options = resolve_http_serve_options({"127.0.0.1:0", {}}, config, &redactor);
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->bearer_token, "env-token-123");
  EXPECT_EQ(redactor.redact("x env-token-123 y"), "x <redacted> y");
}

TEST(HttpServeOptions, TokenFromConfigKeys) {
  MapEnvironment env({{"GW_TOKEN", "from-reference"}});
  const auto kosmo_key = resolve_http_serve_options(
      {"127.0.0.1:0", {}},
      config_with("kosmo:\n  mcp_gateway:\n    http:\n      token: config-token-456\n"
                  "mcp_gateway:\n  http:\n    token: other-token-789\n",
                  env),
      nullptr);
  ASSERT_TRUE(kosmo_key.ok());
  EXPECT_EQ(kosmo_key->bearer_token, "config-token-456");
  const auto bare_key = resolve_http_serve_options(
      {"127.0.0.1:0", {}}, config_with("mcp_gateway:\n  http:\n    token: other-token-789\n", env),
      nullptr);
  EXPECT_EQ(bare_key->bearer_token, "other-token-789");
  const auto reference = resolve_http_serve_options(
      {"127.0.0.1:0", {}},
      config_with("kosmo:\n  mcp_gateway:\n    http:\n      token: ${GW_TOKEN}\n", env), nullptr);
  EXPECT_EQ(reference->bearer_token, "from-reference");
  const auto unset_reference = resolve_http_serve_options(
      {"127.0.0.1:0", {}},
      config_with("kosmo:\n  mcp_gateway:\n    http:\n      token: ${NOT_SET}\n", env), nullptr);
  EXPECT_TRUE(unset_reference->bearer_token.empty());
}

TEST(HttpServeOptions, AProjectConfigCannotSetTheToken) {
  MapEnvironment env;
  const auto options = resolve_http_serve_options(
      {"127.0.0.1:0", {}},
      config_with("", env, "kosmo:\n  mcp_gateway:\n    http:\n      token: project-token\n"),
      nullptr);
  ASSERT_TRUE(options.ok());
  EXPECT_TRUE(options->bearer_token.empty());
}

TEST(HttpServeOptions, AnUnusableTokenIsRefusedWithoutShowingIt) {
  MapEnvironment env({{"KOSMO_GATEWAY_TOKEN", "has space-secret"}});
  const Failure failure = test::failure_of(
      resolve_http_serve_options({"127.0.0.1:0", {}}, config_with("", env), nullptr));
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message.find("space-secret"), std::string::npos);
}

TEST(HttpServeOptions, ANetworkAddressIsAllowedWithAWarning) {
  MapEnvironment env({{"KOSMO_GATEWAY_TOKEN", "warn-token-999"}});
  test::CapturedLog log;
  const auto options =
      resolve_http_serve_options({"0.0.0.0:8080", {}}, config_with("", env), nullptr);
  const std::string printed = log.text();
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->host, "0.0.0.0");
  EXPECT_NE(printed.find("reachable from the network"), std::string::npos);
  EXPECT_EQ(printed.find("warn-token-999"), std::string::npos);
}

}  // namespace
}  // namespace kosmo::cli
