#include <gtest/gtest.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "lib/http/base64.h"
#include "lib/http/json_redaction.h"

namespace kosmo::http {
namespace {

rapidjson::Document parsed(const std::string& text) {
  rapidjson::Document document;
  document.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  EXPECT_FALSE(document.HasParseError()) << rapidjson::GetParseError_En(document.GetParseError());
  return document;
}

std::string text_of(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

// `text` parsed, redacted and written again.
std::string redacted_json(const Redactor& redactor, const std::string& text) {
  rapidjson::Document document = parsed(text);
  redact_json(redactor, document, document.GetAllocator());
  return text_of(document);
}

TEST(JsonRedactionTest, RedactsStringsAndKeysAtAnyDepth) {
  Redactor redactor;
  redactor.add_secret("canary-7c1f9e2a");
  EXPECT_EQ(redacted_json(redactor, R"({"a":[1,{"b":"Bearer canary-7c1f9e2a"}],"c":true})"),
            R"({"a":[1,{"b":"Bearer <redacted>"}],"c":true})");
  EXPECT_EQ(redacted_json(redactor, R"({"canary-7c1f9e2a":{"x":null}})"),
            R"({"<redacted>":{"x":null}})");
  EXPECT_EQ(redacted_json(redactor, R"(["CANARY-7C1F9E2A","nothing"])"),
            R"(["<redacted>","nothing"])");
}

// The text is decoded before the forms are looked for: escapes the forms do not list (\u0061 for
// 'a', as encoders that escape every non-ASCII or HTML character write) hide nothing.
TEST(JsonRedactionTest, EscapedEchoesAreFoundInTheDecodedText) {
  Redactor redactor;
  redactor.add_secret("p&ss<w\xc3\xa9rd>");
  EXPECT_EQ(redacted_json(redactor, R"({"echo":"p\u0026ss\u003cw\u00e9rd\u003e!"})"),
            R"({"echo":"<redacted>!"})");
  EXPECT_EQ(redacted_json(redactor, R"({"echo":"\u0070&ss<w\u00E9rd>"})"),
            R"({"echo":"<redacted>"})");
}

// Whatever characters a secret holds, redacting the document leaves valid JSON: the
// replacement is a value's text, never a piece of the document's syntax.
TEST(JsonRedactionTest, NeverProducesInvalidJson) {
  for (const std::string secret : {R"("abc)", R"(ab\cd)", R"(x","y)", "]},{", "12345678", "-1.5e10",
                                   "true", "null-value", "/*x*/"}) {
    Redactor redactor;
    redactor.add_secret(secret);
    rapidjson::Document holder(rapidjson::kObjectType);
    rapidjson::Value text(secret.c_str(), holder.GetAllocator());
    holder.AddMember("echo", text, holder.GetAllocator());
    holder.AddMember(rapidjson::Value(secret.c_str(), holder.GetAllocator()), rapidjson::Value(1),
                     holder.GetAllocator());
    const std::string original = text_of(holder);
    const std::string result = redacted_json(redactor, original);
    rapidjson::Document reparsed;
    reparsed.Parse(result.c_str());
    EXPECT_FALSE(reparsed.HasParseError()) << secret << " -> " << result;
    EXPECT_EQ(result.find(secret), std::string::npos) << secret << " -> " << result;
  }
}

TEST(JsonRedactionTest, NumbersHoldingANumericSecretBecomeRedactedStrings) {
  Redactor redactor;
  redactor.add_secret("4711081542");
  EXPECT_EQ(redacted_json(redactor, R"({"pin":4711081542,"n":94711081542,"m":12,"f":1.5})"),
            R"({"pin":"<redacted>","n":"<redacted>","m":12,"f":1.5})");
  Redactor words;
  words.add_secret("sk-abcdef");
  EXPECT_EQ(redacted_json(words, R"({"n":4711081542})"), R"({"n":4711081542})");
}

TEST(JsonRedactionTest, Base64EncodedBodiesAreCovered) {
  Redactor redactor;
  redactor.add_secret("s3cr3t-value");
  const std::string body = base64_encode(std::string("\x89PNG\0..", 7) + "s3cr3t-value" + "\xff");
  const std::string result = redacted_json(redactor, R"({"body":")" + body + R"("})");
  EXPECT_NE(result.find("<redacted>"), std::string::npos) << result;
}

TEST(JsonRedactionTest, EmptyRedactorOrNoSecretChangesNothing) {
  const std::string text = R"({"a":["x",1,2.5,null,{"b":false}],"c":"Bearer abc"})";
  EXPECT_EQ(redacted_json(Redactor(), text), text);
  Redactor redactor;
  redactor.add_secret("not-in-there");
  EXPECT_EQ(redacted_json(redactor, text), text);
}

TEST(JsonRedactionTest, DeepNestingDoesNotRecurse) {
  constexpr int kDepth = 200000;  // a recursive walk would overflow the stack long before
  const std::string text =
      std::string(kDepth, '[') + R"("tok-secret-1")" + std::string(kDepth, ']');
  Redactor redactor;
  redactor.add_secret("tok-secret-1");
  rapidjson::Document document = parsed(text);
  redact_json(redactor, document, document.GetAllocator());
  const rapidjson::Value* value = &document;
  while (value->IsArray()) value = &(*value)[0];
  EXPECT_STREQ(value->GetString(), "<redacted>");
}

}  // namespace
}  // namespace kosmo::http
