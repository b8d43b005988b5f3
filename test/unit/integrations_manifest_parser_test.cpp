// The manifest parser refuses, at load, every manifest that could let a call bypass the write
// policy (an operation that is not exactly read or write, a method outside the table, a read
// sent with a method that changes data) or fail only when called (an unknown hook or scheme).
// Each refusal names the file, the key, the value found and the values allowed.
#include <gtest/gtest.h>

#include <string>

#include "lib/integrations/function_hooks.h"
#include "lib/integrations/manifest.h"

namespace kosmo::integrations {
namespace {

// A manifest "my.json" whose only function has `members` (JSON object members, no braces) after
// its name and description; `auth` replaces the manifest's auth object when given.
Outcome<Manifest> parse_one_function(const std::string& members, const std::string& auth = "",
                                     const std::string& source = "my.json") {
  const std::string text = R"({"name": "my", "base_url": "https://api.my.test", )" +
                           (auth.empty() ? std::string() : R"("auth": )" + auth + ", ") +
                           R"("functions": [{"name": "f", "description": "d")" +
                           (members.empty() ? std::string() : ", " + members) + "}]}";
  return parse_manifest(text, source);
}

// The message of a refusal; fails the test when the manifest was accepted.
std::string refusal(const Outcome<Manifest>& parsed) {
  if (parsed.ok()) {
    ADD_FAILURE() << "the manifest was accepted";
    return "";
  }
  EXPECT_EQ(parsed.error().code, ErrorCode::kConfig);
  return parsed.error().message;
}

TEST(IntegrationsManifestParser, ReadAndWriteAreTheOperations) {
  const auto read = parse_one_function(R"("operation": "read")");
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_FALSE(read->functions[0].is_write());
  const auto write = parse_one_function(R"("operation": "write", "method": "POST")");
  ASSERT_TRUE(write.ok()) << write.error().message;
  EXPECT_TRUE(write->functions[0].is_write());
}

TEST(IntegrationsManifestParser, RefusesAnOperationInTheWrongCase) {
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "Write", "method": "POST")")),
            "my.json.functions[0].operation has unknown value 'Write' (allowed: read, write)");
}

TEST(IntegrationsManifestParser, RefusesAMisspeltOperation) {
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "wirte")")),
            "my.json.functions[0].operation has unknown value 'wirte' (allowed: read, write)");
}

TEST(IntegrationsManifestParser, RefusesAMissingOperation) {
  EXPECT_EQ(refusal(parse_one_function("")),
            "my.json.functions[0].operation is required (allowed: read, write)");
}

TEST(IntegrationsManifestParser, RefusesAnOperationThatIsNotAString) {
  EXPECT_EQ(refusal(parse_one_function(R"("operation": true)")),
            "my.json.functions[0].operation must be a string (allowed: read, write)");
}

TEST(IntegrationsManifestParser, MethodDefaultsToGet) {
  const auto parsed = parse_one_function(R"("operation": "read")");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->functions[0].method, "GET");
}

TEST(IntegrationsManifestParser, RefusesAMisspeltMethod) {
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "write", "method": "PSOT")")),
            "my.json.functions[0].method has unknown value 'PSOT' (allowed: GET, POST, PUT, "
            "PATCH, DELETE)");
}

TEST(IntegrationsManifestParser, RefusesALowerCaseMethod) {
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "write", "method": "post")")),
            "my.json.functions[0].method has unknown value 'post' (allowed: GET, POST, PUT, "
            "PATCH, DELETE)");
}

TEST(IntegrationsManifestParser, AcceptsEveryMethodOnAWrite) {
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    const auto parsed =
        parse_one_function(std::string(R"("operation": "write", "method": ")") + method + "\"");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->functions[0].method, method);
  }
}

TEST(IntegrationsManifestParser, RefusesAReadSentWithAMethodThatChangesData) {
  for (const std::string method : {"POST", "PUT", "PATCH", "DELETE"}) {
    EXPECT_EQ(refusal(parse_one_function(R"("operation": "read", "method": ")" + method + "\"")),
              "my.json.functions[0].operation is 'read' but method " + method +
                  " changes data (allowed: \"operation\": \"write\", or "
                  "\"read_despite_method\": true when the endpoint only reads)");
  }
}

TEST(IntegrationsManifestParser, AcceptsAPostReadThatSaysItOnlyReads) {
  const auto parsed =
      parse_one_function(R"("operation": "read", "method": "POST", "read_despite_method": true)");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_FALSE(parsed->functions[0].is_write());
  EXPECT_EQ(parsed->functions[0].method, "POST");
}

TEST(IntegrationsManifestParser, RefusesReadDespiteMethodOnAGetRead) {
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "read", "read_despite_method": true)")),
            "my.json.functions[0].read_despite_method is true on a read with method GET "
            "(allowed only on a read with method POST, PUT, PATCH, DELETE)");
}

TEST(IntegrationsManifestParser, RefusesReadDespiteMethodOnAWrite) {
  EXPECT_EQ(refusal(parse_one_function(
                R"("operation": "write", "method": "POST", "read_despite_method": true)")),
            "my.json.functions[0].read_despite_method is true on a write with method POST "
            "(allowed only on a read with method POST, PUT, PATCH, DELETE)");
}

TEST(IntegrationsManifestParser, AcceptsEveryRegisteredHook) {
  for (std::string_view hook : registered_hook_names()) {
    const auto parsed =
        parse_one_function(R"("operation": "read", "hook": ")" + std::string(hook) + "\"");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->functions[0].hook, hook);
  }
}

TEST(IntegrationsManifestParser, RefusesAnUnknownHook) {
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "read", "hook": "unsuported")")),
            "my.json.functions[0].hook has unknown value 'unsuported' (allowed: unsupported, "
            "agora_start_recording, agora_project_list, agora_project, "
            "missive_list_conversations, missive_create_task, sinch_list_messages, "
            "sinch_list_phone_numbers, wildix_pbx_translation)");
}

TEST(IntegrationsManifestParser, RefusesAnEmptyHook) {
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "read", "hook": "")")),
            "my.json.functions[0].hook has unknown value '' (allowed: unsupported, "
            "agora_start_recording, agora_project_list, agora_project, "
            "missive_list_conversations, missive_create_task, sinch_list_messages, "
            "sinch_list_phone_numbers, wildix_pbx_translation)");
}

TEST(IntegrationsManifestParser, AnAbsentSchemeIsBearer) {
  const auto parsed = parse_one_function(R"("operation": "read")", R"({"credential": "token"})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->auth.scheme, AuthScheme::kBearer);
}

TEST(IntegrationsManifestParser, RefusesAnEmptyScheme) {
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "read")", R"({"scheme": ""})")),
            "my.json.auth.scheme has unknown value '' (allowed: none, bearer, header, basic)");
}

TEST(IntegrationsManifestParser, RefusesAnUnknownSchemeOfAFunction) {
  EXPECT_EQ(
      refusal(parse_one_function(R"("operation": "read", "auth": {"scheme": "Basic"})")),
      "my.json.functions[0].auth.scheme has unknown value 'Basic' (allowed: none, bearer, header, "
      "basic)");
}

TEST(IntegrationsManifestParser, UnknownParameterLocationListsTheAllowedOnes) {
  EXPECT_EQ(refusal(parse_one_function(
                R"("operation": "read", "parameters": [{"name": "p", "in": "cookie"}])")),
            "my.json.functions[0].parameters[0].in has unknown value 'cookie' (allowed: path, "
            "query, body, header, query_object, body_object, raw_path)");
}

TEST(IntegrationsManifestParser, UnknownResponseKindListsTheAllowedOnes) {
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "read", "response": "xml")")),
            "my.json.functions[0].response has unknown value 'xml' (allowed: json, raw)");
}

TEST(IntegrationsManifestParser, RefusalsNameTheFileTheyCameFrom) {
  const std::string source = "/home/someone/.kosmo/integrations/my.json";
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "Read")", "", source)),
            source + ".functions[0].operation has unknown value 'Read' (allowed: read, write)");
}

TEST(IntegrationsManifestParser, ADeeplyNestedManifestIsRefusedNotACrash) {
  const int depth = 200000;
  const std::string nested = std::string(depth, '[') + std::string(depth, ']');
  const std::string message = refusal(parse_one_function(
      R"("operation": "read", "parameters": [{"name": "p", "default": )" + nested + "}]"));
  EXPECT_EQ(message.rfind("my.json: invalid JSON: Nested deeper than", 0), 0u) << message;
}

TEST(IntegrationsManifestParser, RefusesAManifestThatIsNotAnObject) {
  EXPECT_EQ(refusal(parse_manifest("[]", "my.json")), "my.json: a manifest is a JSON object");
}

// An undocumented endpoint is data the catalog shows users, so it must come with its reason.
TEST(IntegrationsManifestParser, AnUndocumentedEndpointNeedsItsNote) {
  const auto marked = parse_one_function(
      R"("operation": "read", "endpoint": "undocumented", "endpoint_note": "Not in the docs.")");
  ASSERT_TRUE(marked.ok()) << marked.error().message;
  EXPECT_TRUE(marked->functions[0].undocumented_endpoint);
  EXPECT_EQ(marked->functions[0].endpoint_note, "Not in the docs.");
  const auto plain = parse_one_function(R"("operation": "read")");
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_FALSE(plain->functions[0].undocumented_endpoint);
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "read", "endpoint": "undocumented")")),
            "my.json.functions[0].endpoint_note is required when endpoint is 'undocumented'");
  EXPECT_EQ(refusal(parse_one_function(R"("operation": "read", "endpoint": "secret")")),
            "my.json.functions[0].endpoint has unknown value 'secret' (allowed: documented, "
            "undocumented)");
}

// The vendor source a request was checked against: the manifest's, unless a function names its
// own; the endpoint is the default base URL, the path prefix and the path.
TEST(IntegrationsManifestParser, CheckedAgainstDefaultsToTheManifestsSource) {
  const auto parsed = parse_manifest(
      R"({"name": "my", "base_url": "https://api.my.test", "path_prefix": "/v2",
          "checked_against": "my-sdk 1.0",
          "functions": [
            {"name": "a", "description": "d", "operation": "read", "path": "/a/{id}"},
            {"name": "b", "description": "d", "operation": "write", "method": "POST",
             "path": "/b", "base_url": "https://other.my.test", "path_prefix": "",
             "checked_against": "my REST reference"}]})",
      "my.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->functions[0].checked_against, "my-sdk 1.0");
  EXPECT_EQ(parsed->functions[1].checked_against, "my REST reference");
  EXPECT_EQ(parsed->endpoint_of(parsed->functions[0]), "GET https://api.my.test/v2/a/{id}");
  EXPECT_EQ(parsed->endpoint_of(parsed->functions[1]), "POST https://other.my.test/b");
}

// A paging description is checked at load: a style from the table, the keys its style needs,
// and position/size naming parameters of the function (a typo would page nowhere).
TEST(IntegrationsManifestParser, PagingIsCheckedAtLoad) {
  const std::string list = R"("operation": "read", "parameters": [{"name": "limit"}, {"name": "after"}], )";
  const auto good = parse_one_function(
      list + R"("paging": {"style": "cursor", "items": "data", "position": "after", "next": "next"})");
  ASSERT_TRUE(good.ok()) << good.error().message;
  ASSERT_TRUE(good->functions[0].paging);
  EXPECT_EQ(good->functions[0].paging->style, PagingStyle::kCursor);
  EXPECT_EQ(refusal(parse_one_function(list + R"("paging": {"style": "pages", "items": "d"})")),
            "my.json.functions[0].paging.style has unknown value 'pages' (allowed: none, cursor, "
            "page, offset, until, link)");
  EXPECT_EQ(refusal(parse_one_function(
                list + R"("paging": {"style": "cursor", "items": "d", "position": "after"})")),
            "my.json.functions[0].paging.next is required for this style");
  EXPECT_EQ(refusal(parse_one_function(
                list + R"("paging": {"style": "offset", "items": "d", "position": "ofset",
                                     "default_size": 5})")),
            "my.json.functions[0].paging.position names 'ofset', which is not a parameter of f");
  EXPECT_EQ(refusal(parse_one_function(list + R"("paging": {"style": "none", "items": "d"})")),
            "my.json.functions[0].paging.note is required when style is 'none'");
}

}  // namespace
}  // namespace kosmo::integrations
