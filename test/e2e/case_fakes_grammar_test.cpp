// The `vendor_fault:` and `mcp_server:` lines of end-to-end cases (cases/README.md) parse into
// the faults and entries the runner uses, and malformed lines are refused with a reason.
#include <gtest/gtest.h>

#include "e2e/case_file.h"
#include "e2e/case_mcp_servers.h"
#include "e2e/case_vendor_fault.h"

namespace kosmo::e2e {
namespace {

VendorFaultSpec Fault(const std::string& line) {
  VendorFaultSpec spec;
  std::string error;
  EXPECT_TRUE(ParseVendorFault(line, &spec, &error)) << line << ": " << error;
  return spec;
}

std::string FaultError(const std::string& line) {
  VendorFaultSpec spec;
  std::string error;
  EXPECT_FALSE(ParseVendorFault(line, &spec, &error)) << line;
  return error;
}

TEST(CaseVendorFault, KindsBecomeTheFakesFaults) {
  VendorFaultSpec error = Fault("vendor_error 404 Group g1 not found");
  EXPECT_EQ(error.fault.status, 404);
  EXPECT_EQ(error.fault.vendor_error_text, "Group g1 not found");

  VendorFaultSpec status = Fault(R"(status 400 '{"message": "Invalid MSISDN"}')");
  EXPECT_EQ(status.fault.body, R"({"message": "Invalid MSISDN"})");

  VendorFaultSpec retry = Fault("retry_after 429 1");
  ASSERT_EQ(retry.fault.headers.size(), 1u);
  EXPECT_EQ(retry.fault.headers[0].first, "Retry-After");
  EXPECT_EQ(retry.fault.headers[0].second, "1");

  EXPECT_DOUBLE_EQ(Fault("stall 2.5").fault.stall_seconds, 2.5);
  EXPECT_EQ(Fault("truncated 0").fault.truncate_after, 0u);
  EXPECT_EQ(Fault("huge 100M").fault.huge_bytes, 100u << 20);
  EXPECT_EQ(Fault("huge 64k").fault.huge_bytes, 64u << 10);
  EXPECT_TRUE(Fault("echo_credentials 401").fault.echo_credentials);
  EXPECT_EQ(Fault("html 502").fault.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Fault("invalid_json").fault.status, 200);
  const std::string bad_utf8 = *Fault("invalid_utf8 200").fault.body;
  EXPECT_NE(bad_utf8.find('\xFF'), std::string::npos);
}

TEST(CaseVendorFault, PathAndTimesStandAnywhereAfterTheKind) {
  VendorFaultSpec once = Fault("vendor_error 503 busy");
  EXPECT_EQ(once.path, "");
  EXPECT_EQ(once.times, 1u);
  EXPECT_FALSE(once.always);

  VendorFaultSpec spec = Fault("vendor_error path=/xms/v1/p/groups 503 busy now times=3");
  EXPECT_EQ(spec.path, "/xms/v1/p/groups");
  EXPECT_EQ(spec.times, 3u);
  EXPECT_EQ(spec.fault.vendor_error_text, "busy now");
  EXPECT_TRUE(Fault("stall 30 times=always").always);
}

TEST(CaseVendorFault, MalformedLinesSayWhy) {
  EXPECT_NE(FaultError("").find("needs a kind"), std::string::npos);
  EXPECT_NE(FaultError("teapot 418").find("unknown kind 'teapot'"), std::string::npos);
  EXPECT_NE(FaultError("vendor_error 503").find("STATUS TEXT"), std::string::npos);
  EXPECT_NE(FaultError("html 99").find("bad status"), std::string::npos);
  EXPECT_NE(FaultError("huge lots").find("bad BYTES"), std::string::npos);
  EXPECT_NE(FaultError("stall 1 times=0").find("times="), std::string::npos);
  EXPECT_NE(FaultError("stall 1 path=groups").find("path="), std::string::npos);
  EXPECT_NE(FaultError("invalid_json 200").find("no arguments"), std::string::npos);
}

TEST(CaseMcpServer, NameTransportTimeoutAndFlags) {
  McpServerSpec spec;
  std::string error;
  ASSERT_TRUE(
      ParseMcpServer("mute stdio timeout=1.5 --no-initialize --slow-start 300", &spec, &error))
      << error;
  EXPECT_EQ(spec.name, "mute");
  EXPECT_FALSE(spec.http);
  EXPECT_EQ(spec.timeout, 1.5);
  EXPECT_EQ(spec.flags, (std::vector<std::string>{"--no-initialize", "--slow-start", "300"}));

  ASSERT_TRUE(ParseMcpServer("web http --sse", &spec, &error)) << error;
  EXPECT_TRUE(spec.http);
  EXPECT_FALSE(spec.timeout.has_value());

  ASSERT_TRUE(ParseMcpServer("keyed env=API_TOKEN=t=1 env=MODE= --banner", &spec, &error)) << error;
  EXPECT_EQ(spec.env,
            (std::vector<std::pair<std::string, std::string>>{{"API_TOKEN", "t=1"}, {"MODE", ""}}));
  EXPECT_EQ(spec.flags, (std::vector<std::string>{"--banner"}));

  EXPECT_FALSE(ParseMcpServer("", &spec, &error));
  EXPECT_FALSE(ParseMcpServer("web timeout=0", &spec, &error));
  EXPECT_FALSE(ParseMcpServer("web env=NOVALUE", &spec, &error));
  EXPECT_FALSE(ParseMcpServer("web http env=A=b", &spec, &error));
  EXPECT_NE(error.find("stdio"), std::string::npos) << error;
  EXPECT_FALSE(ParseMcpServer("web --http", &spec, &error));
  EXPECT_NE(error.find("write 'http'"), std::string::npos) << error;
}

TEST(CaseFileFakes, HeaderLinesAndVendorExpectations) {
  CaseFile c;
  std::string error;
  ASSERT_TRUE(ParseCaseFile("x",
                            "args: integrations:lua --json\n"
                            "env: KOSMO_SINCH_BASE_URL={vendor}/xms/v1\n"
                            "vendor_fault: retry_after 429 1 times=always\n"
                            "mcp_server: fake --banner\n"
                            "--- expect\n"
                            "exit: 1\n"
                            "vendor_requests: 4\n"
                            "min_seconds: 2.9\n"
                            "vendor_request_not_contains: x-api-key\n",
                            &c, &error))
      << error;
  EXPECT_TRUE(c.uses_vendor());
  ASSERT_EQ(c.vendor_faults.size(), 1u);
  EXPECT_TRUE(c.vendor_faults[0].always);
  ASSERT_EQ(c.mcp_servers.size(), 1u);
  EXPECT_EQ(c.vendor_requests, 4u);
  EXPECT_DOUBLE_EQ(c.min_seconds, 2.9);
  ASSERT_EQ(c.contains.size(), 1u);
  EXPECT_EQ(c.contains[0].first, "vendor_request_not_contains");

  CaseFile plain;
  ASSERT_TRUE(ParseCaseFile("y", "args: --version\n--- expect\nexit: 0\n", &plain, &error));
  EXPECT_FALSE(plain.uses_vendor()) << "the fake starts only for cases that use it";

  EXPECT_FALSE(
      ParseCaseFile("z", "args: x\nvendor_fault: nope\n--- expect\nexit: 0\n", &c, &error));
  EXPECT_EQ(error.rfind("line 2: ", 0), 0u) << error;
  EXPECT_FALSE(ParseCaseFile("z", "args: x\nmcp_server: a\nmcp_server: a\n--- expect\nexit: 0\n",
                             &c, &error));
  EXPECT_NE(error.find("twice"), std::string::npos) << error;
}

}  // namespace
}  // namespace kosmo::e2e
