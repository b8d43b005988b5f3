// What kosmo answers an MCP server that asks it something (lib/mcp/client_capabilities.h).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "lib/common/json_parse.h"
#include "lib/mcp/client_capabilities.h"
#include "lib/mcp/json_rpc.h"

namespace kosmo::mcp {
namespace {

std::string Answer(std::string_view method, const std::string& params_json,
                   ElicitationPolicy policy = ElicitationPolicy::kDefaults) {
  ClientCapabilities capabilities;
  capabilities.roots = std::vector<ClientRoot>{{"file:///work/my%20project", "my project"}};
  capabilities.elicitation = policy;
  rapidjson::Document params;
  const bool has_params = !params_json.empty();
  if (has_params) {
    EXPECT_FALSE(parse_json(params_json, params).IsError()) << params_json;
  }
  auto answer = answer_server_request(method, has_params ? &params : nullptr, capabilities);
  if (!answer) return "<not offered>";
  return *answer ? to_json(**answer) : "<failed: " + answer->error().message + ">";
}

std::string Elicit(const std::string& schema,
                   ElicitationPolicy policy = ElicitationPolicy::kDefaults) {
  return Answer("elicitation/create", R"({"message":"?","requestedSchema":)" + schema + "}",
                policy);
}

TEST(McpClientCapabilitiesTest, DeclaresElicitationAndRootsOnlyWhenThereAreSome) {
  rapidjson::Document holder;
  EXPECT_EQ(to_json(declared_capabilities(ClientCapabilities{}, holder.GetAllocator())),
            R"({"elicitation":{}})");
  ClientCapabilities with_roots;
  with_roots.roots = std::vector<ClientRoot>{{"file:///srv", "srv"}};
  EXPECT_EQ(to_json(declared_capabilities(with_roots, holder.GetAllocator())),
            R"({"roots":{"listChanged":false},"elicitation":{}})");
}

TEST(McpClientCapabilitiesTest, SamplingIsDeclaredAndAnsweredOnlyWithASampler) {
  rapidjson::Document holder;
  ClientCapabilities sampling;
  std::string asked;
  sampling.sample = [&asked](const rapidjson::Value& params) -> Outcome<rapidjson::Document> {
    asked = to_json(params);
    if (asked == "{}") return Failure{ErrorCode::kPermissionDenied, "refused by policy"};
    rapidjson::Document result(rapidjson::kObjectType);
    result.AddMember("model", "m", result.GetAllocator());
    return result;
  };
  EXPECT_EQ(to_json(declared_capabilities(sampling, holder.GetAllocator())),
            R"({"elicitation":{},"sampling":{}})");
  rapidjson::Document params;
  params.Parse(R"({"maxTokens":5})");
  auto answer = answer_server_request("sampling/createMessage", &params, sampling);
  ASSERT_TRUE(answer && *answer);
  EXPECT_EQ(to_json(**answer), R"({"model":"m"})");
  EXPECT_EQ(asked, R"({"maxTokens":5})");
  // No params is an empty object to the sampler, and its failure is the answer.
  answer = answer_server_request("sampling/createMessage", nullptr, sampling);
  ASSERT_TRUE(answer.has_value());
  ASSERT_FALSE(*answer);
  EXPECT_EQ(answer->error().message, "refused by policy");
  EXPECT_FALSE(
      answer_server_request("sampling/createMessage", &params, ClientCapabilities{}).has_value());
}

TEST(McpClientCapabilitiesTest, FailuresMapToJsonRpcCodes) {
  EXPECT_EQ(server_request_error_code(ErrorCode::kPermissionDenied), -1);
  EXPECT_EQ(server_request_error_code(ErrorCode::kUsage), -32602);
  EXPECT_EQ(server_request_error_code(ErrorCode::kHttp), -32603);
}

TEST(McpClientCapabilitiesTest, RootsNotDeclaredAreNotOffered) {
  EXPECT_FALSE(answer_server_request("roots/list", nullptr, ClientCapabilities{}).has_value());
}

TEST(McpClientCapabilitiesTest, AnswersPingAndRootsAndNothingElse) {
  EXPECT_EQ(Answer("ping", ""), "{}");
  EXPECT_EQ(Answer("roots/list", "{}"),
            R"({"roots":[{"uri":"file:///work/my%20project","name":"my project"}]})");
  EXPECT_EQ(Answer("sampling/createMessage", "{}"), "<not offered>");
  EXPECT_EQ(Answer("roots/list/extra", ""), "<not offered>");
}

TEST(McpClientCapabilitiesTest, ElicitationAcceptsWhenDefaultsCoverEveryRequiredField) {
  const std::string schema =
      R"({"type":"object","properties":{"name":{"type":"string","default":"kosmo"},)"
      R"("count":{"type":"integer","default":3},"note":{"type":"string"}},"required":["name"]})";
  EXPECT_EQ(Elicit(schema), R"({"action":"accept","content":{"name":"kosmo","count":3}})");
  // No required list: nothing is missing.
  EXPECT_EQ(Elicit(R"({"type":"object","properties":{"on":{"type":"boolean","default":false}}})"),
            R"({"action":"accept","content":{"on":false}})");
  EXPECT_EQ(Elicit(R"({"type":"object","properties":{}})"), R"({"action":"accept","content":{}})");
}

TEST(McpClientCapabilitiesTest, ElicitationDeclinesWhatItCannotAnswer) {
  const std::string decline = R"({"action":"decline"})";
  // A required field without a default.
  EXPECT_EQ(Elicit(R"({"type":"object","properties":{"a":{"type":"string","default":"x"},)"
                   R"("b":{"type":"string"}},"required":["a","b"]})"),
            decline);
  // A required field that is not even a property.
  EXPECT_EQ(Elicit(R"({"type":"object","properties":{},"required":["ghost"]})"), decline);
  // Malformed schemas and params.
  EXPECT_EQ(Elicit(R"({"type":"object","properties":{},"required":"a"})"), decline);
  EXPECT_EQ(Elicit(R"({"type":"object"})"), decline);
  EXPECT_EQ(Elicit("[]"), decline);
  EXPECT_EQ(Answer("elicitation/create", R"({"message":"no schema"})"), decline);
  EXPECT_EQ(Answer("elicitation/create", "[1]"), decline);
  EXPECT_EQ(Answer("elicitation/create", ""), decline);
}

TEST(McpClientCapabilitiesTest, DenyDeclinesEvenAnswerableElicitations) {
  EXPECT_EQ(Elicit(R"({"type":"object","properties":{"a":{"type":"string","default":"x"}}})",
                   ElicitationPolicy::kDeny),
            R"({"action":"decline"})");
}

TEST(McpClientCapabilitiesTest, FileUrisPercentEncodeAllButUnreservedAndSlash) {
  EXPECT_EQ(file_uri("/home/me/project"), "file:///home/me/project");
  EXPECT_EQ(file_uri("/tmp/a b/c#d?e%f"), "file:///tmp/a%20b/c%23d%3Fe%25f");
  EXPECT_EQ(file_uri("/caf\xC3\xA9/x-y_z.~"), "file:///caf%C3%A9/x-y_z.~");
}

// KosmoKrator declares no roots, and a server told of some may use them instead of its own
// configuration: without an entry's roots there are none.
TEST(McpClientCapabilitiesTest, WithoutAnEntrysRootsNoneAreDeclared) {
  const ClientCapabilities capabilities = default_client_capabilities(ElicitationPolicy::kDeny);
  EXPECT_FALSE(capabilities.roots.has_value());
  EXPECT_EQ(capabilities.elicitation, ElicitationPolicy::kDeny);
}

TEST(McpClientCapabilitiesTest, TheRootDotIsTheWorkingDirectory) {
  const ClientCapabilities capabilities =
      default_client_capabilities(ElicitationPolicy::kDefaults, {"."});
  ASSERT_TRUE(capabilities.roots.has_value());
  ASSERT_EQ(capabilities.roots->size(), 1u);
  EXPECT_EQ((*capabilities.roots)[0].uri, file_uri(std::filesystem::current_path().string()));
  EXPECT_EQ((*capabilities.roots)[0].name, std::filesystem::current_path().filename().string());
}

TEST(McpClientCapabilitiesTest, AnEntrysRootsAreDeclaredAsGiven) {
  const ClientCapabilities capabilities = default_client_capabilities(
      ElicitationPolicy::kDefaults, {"/srv/shared data/", "notes/./2026"});
  ASSERT_TRUE(capabilities.roots.has_value());
  ASSERT_EQ(capabilities.roots->size(), 2u);
  EXPECT_EQ((*capabilities.roots)[0].uri, "file:///srv/shared%20data");
  EXPECT_EQ((*capabilities.roots)[0].name, "shared data");
  EXPECT_EQ((*capabilities.roots)[1].uri,
            file_uri((std::filesystem::current_path() / "notes/2026").string()));
  EXPECT_EQ((*capabilities.roots)[1].name, "2026");
}

}  // namespace
}  // namespace kosmo::mcp
