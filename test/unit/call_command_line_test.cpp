// The argument forms of integrations:call and mcp:call, translated from KosmoKrator's
// tests/Unit/Integration/Runtime/IntegrationArgumentMapperTest.php where they come from it.
#include "lib/cli/call_command_line.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "lib/cli/call_arguments.h"
#include "lib/cli/command_output.h"
#include "lib/cli/mcp_call_arguments.h"

namespace kosmo::cli {
namespace {

using integrations::ParamType;

CallCommandLine split(const std::vector<std::string>& tokens) {
  CallCommandLine line;
  std::optional<std::string> payload;
  const std::optional<std::string> problem = split_call_tokens(tokens, payload, line.flags);
  EXPECT_FALSE(problem) << *problem;
  line.payload = payload;
  return line;
}

std::string split_error(const std::vector<std::string>& tokens) {
  std::optional<std::string> payload;
  std::vector<CallFlag> flags;
  return split_call_tokens(tokens, payload, flags).value_or("");
}

integrations::Function list_function() {
  integrations::Function function;
  function.name = "list_items";
  for (auto [name, type] :
       {std::pair{"list_id", ParamType::kInteger}, std::pair{"name", ParamType::kString},
        std::pair{"priority", ParamType::kInteger}, std::pair{"archived", ParamType::kBoolean}}) {
    integrations::Parameter parameter;
    parameter.name = name;
    parameter.type = type;
    function.parameters.push_back(parameter);
  }
  return function;
}

std::string integration_arguments(const CallCommandLine& line) {
  rapidjson::Document named;
  const std::optional<std::string> problem = collect_call_arguments(list_function(), line, named);
  return problem ? "error: " + *problem : pretty_json(named);
}

std::string mcp_arguments(const CallCommandLine& line) {
  rapidjson::Document named;
  const std::optional<std::string> problem = collect_mcp_arguments(line, named);
  return problem ? "error: " + *problem : pretty_json(named);
}

std::string compact(const char* json) {
  rapidjson::Document document;
  document.Parse(json);
  return pretty_json(document);
}

// test_maps_kebab_cli_flags_to_snake_case_arguments
TEST(CallCommandLineTest, KebabFlagsAreSnakeCaseArguments) {
  const CallCommandLine line =
      split({"--list-id=123", "--name", "Ship it", "--priority=2", "--archived=false"});
  EXPECT_EQ(integration_arguments(line),
            compact(R"({"list_id": 123, "name": "Ship it", "priority": 2, "archived": false})"));
}

// test_merges_json_payload_with_flag_overrides
TEST(CallCommandLineTest, FlagsOverrideThePayload) {
  CallCommandLine line = split({"--name=Override"});
  line.payload = R"({"list_id": "abc", "name": "Original"})";
  EXPECT_EQ(integration_arguments(line), compact(R"({"list_id": "abc", "name": "Override"})"));
  EXPECT_EQ(mcp_arguments(line), compact(R"({"list_id": "abc", "name": "Override"})"));
}

// test_supports_repeated_arg_pairs
TEST(CallCommandLineTest, RepeatedArgPairs) {
  const CallCommandLine line = split({"--arg", "list_id=123", "--arg", "name=Ship it"});
  EXPECT_EQ(integration_arguments(line), compact(R"({"list_id": 123, "name": "Ship it"})"));
  EXPECT_EQ(mcp_arguments(line), compact(R"({"list_id": 123, "name": "Ship it"})"));
}

// test_ignores_runtime_control_flags (the command's own flags never reach the splitter; these
// are the ones KosmoKrator's mapper skips itself)
TEST(CallCommandLineTest, KosmoKratorsControlOptionsAreNoParameters) {
  const CallCommandLine line =
      split({"--name=Ship it", "--pretty", "--format", "json", "--permission-mode=auto",
             "--timeout", "30", "--account=work"});
  EXPECT_EQ(integration_arguments(line), compact(R"({"name": "Ship it"})"));
  EXPECT_EQ(line.payload, std::nullopt);
}

TEST(CallCommandLineTest, TheLastSpellingOfAKeyWins) {
  const CallCommandLine line = split({"--priority=1", "--arg", "priority=2", "--priority", "3"});
  EXPECT_EQ(integration_arguments(line), compact(R"({"priority": 3})"));
}

TEST(CallCommandLineTest, StringParametersKeepTheirText) {
  const CallCommandLine line = split({"--name=15551234567", "--list-id", "7"});
  EXPECT_EQ(integration_arguments(line), compact(R"({"name": "15551234567", "list_id": 7})"));
  EXPECT_EQ(mcp_arguments(line), compact(R"({"name": 15551234567, "list_id": 7})"));
}

TEST(CallCommandLineTest, ABareFlagIsTrue) {
  const CallCommandLine line = split({"--archived", "--name=x"});
  EXPECT_EQ(integration_arguments(line), compact(R"({"archived": true, "name": "x"})"));
}

TEST(CallCommandLineTest, OnePayloadWordAmongTheFlags) {
  const CallCommandLine line = split({"--name=x", R"({"list_id": 1})"});
  EXPECT_EQ(line.payload, R"({"list_id": 1})");
  EXPECT_EQ(split({"-"}).payload, "-");
  EXPECT_EQ(split({"@args.json"}).payload, "@args.json");
  EXPECT_EQ(split({"--pretty", "{}"}).payload, "{}");
}

TEST(CallCommandLineTest, LiteralCoercionFollowsKosmoKrator) {
  auto literal = [](const char* text) { return flag_json_literal({"k", text, false}); };
  EXPECT_EQ(literal("TRUE"), "true");
  EXPECT_EQ(literal(" null "), "null");
  EXPECT_EQ(literal(" 42 "), "42");
  EXPECT_EQ(literal("1.5"), "1.5");
  EXPECT_EQ(literal("[1,2]"), "[1,2]");
  EXPECT_EQ(literal("Ship it"), std::nullopt);
  EXPECT_EQ(literal(""), std::nullopt);
  EXPECT_EQ(flag_json_literal({"k", "", true}), "true");
}

TEST(CallCommandLineTest, UnusableFormsAreUsageErrors) {
  EXPECT_EQ(split_error({"--arg", "name"}), "--arg values must use key=value syntax, got 'name'.");
  EXPECT_EQ(split_error({"--arg"}), "--arg needs a key=value pair.");
  EXPECT_NE(split_error({"{}", "extra"}).find("Unexpected argument 'extra'"), std::string::npos);
  EXPECT_NE(split_error({"-x"}).find("Unexpected argument '-x'"), std::string::npos);
  EXPECT_NE(split_error({"--=1"}).find("a flag needs a name"), std::string::npos);

  CallCommandLine line;
  line.payload = "[1]";
  EXPECT_EQ(integration_arguments(line).rfind("error: JSON payload must decode to an object", 0),
            0u);
  line.payload = "{";
  EXPECT_EQ(mcp_arguments(line).rfind("error: The JSON payload is not valid JSON", 0), 0u);
}

}  // namespace
}  // namespace kosmo::cli
