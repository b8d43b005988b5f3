// KosmoKrator tests/Unit/Command/McpCommandsTest.php
// test_parallel_headless_mcp_adds_do_not_lose_config_or_permissions: three `mcp:add NAME
// --project --type=stdio --command=php --arg=... --read=allow --write=allow` started at once
// all land, entries in the project's .mcp.json and policies in its .kosmo/config.yaml (both
// files are edited under their lock, then replaced atomically). A .case runs one process, so
// this one is C++.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <thread>
#include <vector>

#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"
#include "lib/common/file_read.h"
#include "lib/config/kosmo_config.h"

namespace kosmo::e2e {
namespace {

const std::vector<std::string> kNames = {"one", "two", "three"};

TEST(McpParallelAdd, ProjectAddsAtOnceKeepEveryEntryAndPolicy) {
  TempDir home("kosmo-e2e-parallel-add-home-");
  TempDir project("kosmo-e2e-parallel-add-project-");
  std::vector<ProcessResult> results(kNames.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < kNames.size(); ++i) {
    threads.emplace_back([&home, &project, &results, i] {
      ProcessOptions options;
      options.args = {"mcp:add",      kNames[i],       "--project",
                      "--type=stdio", "--command=php", "--arg=server.php",
                      "--read=allow", "--write=allow", "--json"};
      options.minimal_env = true;
      options.env = {{"KOSMO_HOME", home.path()}, {"HOME", home.path()}};
      options.cwd = project.path();
      options.measure_child_rss = false;
      results[i] = RunKosmo(options);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (size_t i = 0; i < kNames.size(); ++i) {
    ASSERT_EQ(results[i].exit_code, 0) << kNames[i] << ": " << results[i].out << results[i].err;
  }
  rapidjson::Document servers;
  servers.Parse(read_file(project.path() + "/.mcp.json").text.c_str());
  ASSERT_TRUE(servers.IsObject() && servers.HasMember("mcpServers"));
  const config::KosmoConfig policy =
      config::KosmoConfig::load(project.path() + "/.kosmo/config.yaml");
  for (const std::string& name : kNames) {
    EXPECT_TRUE(servers["mcpServers"].HasMember(name.c_str())) << name;
    EXPECT_EQ(policy.permission("mcp." + name, config::Operation::kRead),
              config::Permission::kAllow)
        << name;
    EXPECT_EQ(policy.permission("mcp." + name, config::Operation::kWrite),
              config::Permission::kAllow)
        << name;
  }
}

}  // namespace
}  // namespace kosmo::e2e
