// The inputs of a Lua run (lib/cli/script_args_options.h) and the `args` table they make
// (lib/lua/script_args.h): order and precedence, and what is refused before anything runs.
#include "lib/cli/script_args_options.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <vector>

#include "lib/lua/script_args.h"
#include "lib/lua/script_runner.h"
#include "test_files.h"

namespace kosmo::cli {
namespace {

ScriptArgsOptions parsed(std::vector<std::string> args) {
  CLI::App app;
  ScriptArgsOptions options;
  add_script_args_options(app, options);
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first
  app.parse(args);
  return options;
}

// Reads the inputs and returns the layers as compact JSON, or the error.
std::string layers_of(const ScriptArgsOptions& options) {
  CodeSourceError error;
  const std::optional<rapidjson::Document> layers = read_script_args(options, {}, error);
  if (!layers) return "error: " + error.message;
  std::string out;
  for (const auto& layer : layers->GetArray()) {
    for (const auto& member : layer.GetObject()) {
      out += std::string(member.name.GetString()) + "=";
      out += member.value.IsString() ? member.value.GetString()
                                     : std::to_string(member.value.GetInt());
      out += ";";
    }
  }
  return out;
}

TEST(ScriptArgsOptionsTest, FlagsKeepTheirCommandLineOrderAcrossBothKinds) {
  const ScriptArgsOptions options =
      parsed({"--arg", "a=1", "--arg-json", "a=2", "--arg", "b=x=y", "--arg-json=c=3"});
  ASSERT_EQ(options.flags.size(), 4u);
  EXPECT_EQ(layers_of(options), "a=1;a=2;b=x=y;c=3;");
}

TEST(ScriptArgsOptionsTest, InputsComeBeforeEveryFlagWhereverTheyAre) {
  kosmo::testing::TempDir dir;
  const std::string path = (dir.path() / "in.json").string();
  std::ofstream(path) << R"({"a": 0, "z": 9})";
  const ScriptArgsOptions options = parsed({"--arg", "a=flag", "--input", path});
  EXPECT_EQ(layers_of(options), "a=0;z=9;a=flag;");
}

TEST(ScriptArgsOptionsTest, MalformedValuesAreUsageErrors) {
  EXPECT_EQ(layers_of(parsed({"--arg", "novalue"})),
            "error: --arg expects NAME=VALUE, got 'novalue'.");
  EXPECT_EQ(layers_of(parsed({"--arg", "=v"})), "error: --arg expects NAME=VALUE, got '=v'.");
  EXPECT_EQ(
      layers_of(parsed({"--arg-json", "a=[1,"})).rfind("error: --arg-json a: invalid JSON", 0), 0u);
  EXPECT_EQ(layers_of(parsed({"--arg", "empty="})), "empty=;");  // an empty string is a value
}

TEST(ScriptArgsOptionsTest, StdinInputConflictsWithCodeFromStdinAndWithItself) {
  EXPECT_TRUE(script_args_conflict(parsed({"--input", "-"}), true).has_value());
  EXPECT_FALSE(script_args_conflict(parsed({"--input", "-"}), false).has_value());
  EXPECT_TRUE(script_args_conflict(parsed({"--input", "-", "--input", "-"}), false).has_value());
  EXPECT_FALSE(script_args_conflict(parsed({"--input", "a.json"}), true).has_value());
}

TEST(ScriptArgsTest, LayersBecomeAReadOnlyArgsTableWithTheLastOneWinning) {
  lua::Sandbox sandbox(lua::SandboxOptions{}, lua::SandboxServices{}, nullptr);
  rapidjson::Document layers;
  layers.Parse(R"([{"a": 1, "b": "x"}, {"a": 2, "c": [1, 2]}, {"b": null}])");
  ASSERT_FALSE(lua::install_script_args(sandbox, layers).has_value());
  const lua::RunOutcome outcome = lua::run_chunk(
      sandbox, "return args.a, args.b == nil, #args.c, pcall(function() args.a = 3 end)", "=t");
  ASSERT_TRUE(outcome.success) << outcome.error;
  EXPECT_EQ(outcome.result[0].GetInt(), 2);
  EXPECT_TRUE(outcome.result[1].GetBool());
  EXPECT_EQ(outcome.result[2].GetInt(), 2);
  EXPECT_FALSE(outcome.result[3].GetBool());
}

TEST(ScriptArgsTest, ValuesLargerThanTheHeapAreAMemoryLimit) {
  lua::SandboxOptions options;
  options.limits.memory_bytes = 256 * 1024;
  lua::Sandbox sandbox(options, lua::SandboxServices{}, nullptr);
  rapidjson::Document layers(rapidjson::kArrayType);
  rapidjson::Value layer(rapidjson::kObjectType);
  const std::string big(1 << 20, 'x');
  layer.AddMember("big", rapidjson::Value(big.c_str(), layers.GetAllocator()),
                  layers.GetAllocator());
  layers.PushBack(layer, layers.GetAllocator());
  const auto failure = lua::install_script_args(sandbox, layers);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->code, ErrorCode::kMemoryLimit);
}

}  // namespace
}  // namespace kosmo::cli
