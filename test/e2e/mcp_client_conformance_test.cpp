// kosmo as an MCP client against the official conformance suite (@modelcontextprotocol/conformance
// 0.1.16, installed by scripts/install-mcp-peer): for each client scenario the suite starts its
// own server, then runs test/interop/conformance_kosmo_client with the server's URL, which drives
// the built binary (`kosmo mcp:lua`) the way a user would, and checks what the server saw.
//
// Every client scenario of 0.1.16 (`conformance list`) is below and must pass every check, with
// no warning. The auth/* ones authorize during the run: the adapter sets KOSMO_OAUTH_BROWSER to
// a "browser" that follows the test authorization server's redirect to kosmo's loopback
// listener, and puts what a user would configure (a pre-registered client, client-credentials
// secrets or key, the SEP-990 ID token, the CIMD URL) into the entry's "oauth" object.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "e2e/kosmo_process.h"
#include "e2e/node_peer.h"
#include "e2e/temp_dir.h"

namespace kosmo::e2e {
namespace {

class McpClientConformanceTest : public ::testing::TestWithParam<const char*> {};

TEST_P(McpClientConformanceTest, ScenarioPasses) {
  SKIP_WITHOUT_NODE_PACKAGE("@modelcontextprotocol/conformance", "MCP CLIENT CONFORMANCE");
  TempDir results("kosmo-client-conformance-");
  ProcessOptions options;
  options.args = {InteropScript("run_conformance.mjs"),
                  PeerDir(),
                  "client",
                  "--command",
                  InteropScript("conformance_kosmo_client"),
                  "--scenario",
                  GetParam(),
                  "-o",
                  results.path()};
  options.minimal_env = true;
  options.env = {{"NO_COLOR", "1"}, {"KOSMO_BIN", KosmoBinary()}};
  options.timeout_seconds = 90;
  options.measure_child_rss = false;
  const ProcessResult run = RunProcess(NodeBinary(), options);
  const std::string report =
      run.Describe() + "\n--- conformance stdout:\n" + run.out + "\n--- stderr:\n" + run.err;
  // "Passed: 3/3, 0 failed, 0 warnings" (on stderr in client mode): every check of the scenario
  // passed, and there was one.
  const std::string said = run.out + run.err;
  std::smatch match;
  const std::regex summary("Passed: (\\d+)/(\\d+), (\\d+) failed, (\\d+) warnings");
  ASSERT_TRUE(std::regex_search(said, match, summary)) << report;
  const int passed = std::stoi(match[1].str());
  const int total = std::stoi(match[2].str());
  EXPECT_TRUE(total > 0 && passed == total && match[3].str() == "0" && run.exit_code == 0)
      << GetParam() << ": " << passed << " of " << total << " checks passed\n"
      << report;
  EXPECT_EQ(match[4].str(), "0") << "warnings (a late reconnection, a missing Last-Event-ID)\n"
                                 << report;
}

INSTANTIATE_TEST_SUITE_P(
    ClientScenarios, McpClientConformanceTest,
    ::testing::Values("initialize", "tools_call", "elicitation-sep1034-client-defaults",
                      "sse-retry", "auth/metadata-default", "auth/metadata-var1",
                      "auth/metadata-var2", "auth/metadata-var3", "auth/basic-cimd",
                      "auth/2025-03-26-oauth-metadata-backcompat",
                      "auth/2025-03-26-oauth-endpoint-fallback", "auth/scope-from-www-authenticate",
                      "auth/scope-from-scopes-supported", "auth/scope-omitted-when-undefined",
                      "auth/scope-step-up", "auth/scope-retry-limit",
                      "auth/token-endpoint-auth-basic", "auth/token-endpoint-auth-post",
                      "auth/token-endpoint-auth-none", "auth/client-credentials-jwt",
                      "auth/client-credentials-basic", "auth/resource-mismatch",
                      "auth/pre-registration", "auth/cross-app-access-complete-flow",
                      "auth/offline-access-scope", "auth/offline-access-not-supported"),
    ScenarioTestName);

}  // namespace
}  // namespace kosmo::e2e
