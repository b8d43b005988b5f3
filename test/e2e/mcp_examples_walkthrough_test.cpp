// `kosmo mcp:examples` prints a headless walkthrough (KosmoKrator's steps and keys). This test
// runs every printed line, in order, through /bin/sh as a user would paste it, so an example that
// names a flag or form kosmo does not accept fails here. `kosmo` and `github-mcp-server` are found
// on PATH (the latter is the fake MCP server); the fake has no `search_repositories`, so that tool
// and its `query` argument are renamed to the fake's `echo` and `message` before running.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "e2e/kosmo_process.h"
#include "e2e/mcp_harness.h"
#include "e2e/temp_dir.h"

namespace kosmo::e2e {
namespace {

constexpr const char kToken[] = "ghp-walkthrough-canary-7d1e";

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

class McpExamplesWalkthrough : public McpTest {
 protected:
  // A directory with `kosmo` and `github-mcp-server` linked to the binaries under test.
  TempDir bin_{"kosmo-walkthrough-bin-"};

  void SetUp() override {
    ASSERT_EQ(symlink(KosmoBinary().c_str(), (bin_.path() + "/kosmo").c_str()), 0);
    ASSERT_EQ(symlink(FakeBinary().c_str(), (bin_.path() + "/github-mcp-server").c_str()), 0);
  }

  ProcessResult Shell(const std::string& line) const {
    ProcessOptions options;
    options.args = {"-c", line};
    options.minimal_env = true;
    options.env = {{"PATH", bin_.path() + ":/usr/bin:/bin"},
                   {"KOSMO_HOME", home().path()},
                   {"HOME", home().path()},
                   {"GITHUB_TOKEN", kToken}};
    options.cwd = project().path();
    options.measure_child_rss = false;
    return RunProcess("/bin/sh", options);
  }
};

TEST_F(McpExamplesWalkthrough, EveryPrintedStepRunsInOrder) {
  ProcessResult listing = Shell("kosmo mcp:examples --json");
  rapidjson::Document examples;
  std::string why;
  ASSERT_TRUE(ParseSingleJson(listing.out, &examples, &why)) << why;
  ASSERT_TRUE(examples["examples"].IsObject());
  std::vector<std::string> steps;
  for (const auto& step : examples["examples"].GetObject()) steps.emplace_back(step.name.GetString());
  const std::vector<std::string> expected = {"add_project", "secret_stdin", "trust",
                                             "list",        "tools",        "schema",
                                             "call",        "dynamic_call", "lua"};
  EXPECT_EQ(steps, expected);

  for (const auto& step : examples["examples"].GetObject()) {
    const std::string name = step.name.GetString();
    std::string line = ReplaceAll(step.value.GetString(), "search_repositories", "echo");
    line = ReplaceAll(line, "query", "message");
    ProcessResult run = Shell(line);
    SCOPED_TRACE(name + ": " + line + "\nstdout: " + run.out + "\nstderr: " + run.err);
    ASSERT_EQ(run.exit_code, 0) << run.Describe();
    rapidjson::Document result;
    ASSERT_TRUE(ParseSingleJson(run.out, &result, &why)) << why;
    EXPECT_TRUE(result["success"].IsTrue());
    EXPECT_EQ(run.out.find(kToken), std::string::npos);
    EXPECT_EQ(run.err.find(kToken), std::string::npos);
    if (name == "call" || name == "dynamic_call" || name == "lua") {
      EXPECT_NE(run.out.find("kosmokrator"), std::string::npos) << "the echo came back";
    }
  }
}

}  // namespace
}  // namespace kosmo::e2e
