// The envelope's integration_calls records are rendered apart from the envelope's writer and
// copied in (CallRecordWriter); they must read exactly as if that writer had written them.
#include <gtest/gtest.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <optional>
#include <string>

#include "lib/cli/envelope.h"
#include "lib/common/json_parse.h"

namespace kosmo::cli {
namespace {

lua::CallLogEntry Entry(std::string path, std::string function, std::string account,
                        std::string status, std::optional<int> http_status,
                        std::optional<std::string> error) {
  lua::CallLogEntry entry;
  entry.path = std::move(path);
  entry.function = std::move(function);
  entry.account = std::move(account);
  entry.operation = "read";
  entry.status = std::move(status);
  entry.duration_ms = 12.3456;
  entry.http_status = http_status;
  entry.attempts = 2;
  entry.error = std::move(error);
  return entry;
}

// The text RapidJSON's own pretty writer gives for the same document.
std::string RewrittenPretty(const std::string& text) {
  rapidjson::Document document;
  EXPECT_FALSE(parse_json(text, document).IsError()) << text;
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', kIndentSpaces);
  document.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

TEST(EnvelopeTest, CallRecordsReadAsTheEnvelopeWriterWouldWriteThem) {
  lua::CallLog calls;
  // Runs of one identity, a change of account alone, an error with quotes and invalid UTF-8,
  // outcomes alike and not.
  calls.append(Entry("integrations.sinch.get_group", "sinch_get_group", "default", "ok", 200, {}));
  calls.append(Entry("integrations.sinch.get_group", "sinch_get_group", "default", "ok", 200, {}));
  calls.append(Entry("integrations.sinch.get_group", "sinch_get_group", "work", "error", 404,
                     std::string("not \"found\" \xff")));
  calls.append(Entry("integrations.sinch.get_group", "sinch_get_group", "default", "error", {},
                     std::string("refused")));
  calls.append(Entry("mcp.fake.echo", "fake.echo", "default", "ok", {}, {}));

  // Runs of calls that succeed alike differ in their durations only.
  for (const double ms : {0.5, 1234.5678, 7.0}) {
    lua::CallLogEntry again = Entry("mcp.fake.echo", "fake.echo", "default", "ok", {}, {});
    again.duration_ms = ms;
    calls.append(again);
  }

  Envelope envelope;
  envelope.success = true;
  envelope.calls = &calls;
  const std::string text = render_envelope(envelope);

  EXPECT_EQ(text, RewrittenPretty(text));
  rapidjson::Document document;
  ASSERT_FALSE(parse_json(text, document).IsError());
  const rapidjson::Value& records = document["integration_calls"];
  ASSERT_EQ(records.Size(), 8u);
  EXPECT_DOUBLE_EQ(records[5]["durationMs"].GetDouble(), 0.5);
  EXPECT_DOUBLE_EQ(records[6]["durationMs"].GetDouble(), 1234.568);
  EXPECT_DOUBLE_EQ(records[7]["durationMs"].GetDouble(), 7.0);
  EXPECT_TRUE(records[7]["http_status"].IsNull());
  EXPECT_STREQ(records[0]["name"].GetString(), "Get Group");
  EXPECT_STREQ(records[1]["account"].GetString(), "default");
  EXPECT_STREQ(records[2]["account"].GetString(), "work");
  EXPECT_EQ(records[2]["http_status"].GetInt(), 404);
  EXPECT_STREQ(records[2]["error"].GetString(), "not \"found\" \xEF\xBF\xBD");
  EXPECT_TRUE(records[3]["http_status"].IsNull());
  EXPECT_STREQ(records[3]["error"].GetString(), "refused");
  EXPECT_FALSE(records[1].HasMember("error"));
  EXPECT_STREQ(records[4]["group"].GetString(), "fake");
  EXPECT_STREQ(records[4]["path"].GetString(), "mcp.fake.echo");
  EXPECT_DOUBLE_EQ(records[4]["durationMs"].GetDouble(), 12.346);
  EXPECT_EQ(records[4]["attempts"].GetInt(), 2);
}

TEST(EnvelopeTest, DeterministicRecordsHaveNoDuration) {
  lua::CallLog calls;
  calls.append(Entry("integrations.sinch.get_group", "sinch_get_group", "default", "ok", 200, {}));
  Envelope envelope;
  envelope.calls = &calls;
  envelope.deterministic = true;
  const std::string text = render_envelope(envelope);
  EXPECT_EQ(text, RewrittenPretty(text));
  EXPECT_NE(text.find("\"durationMs\": 0.0,"), std::string::npos) << text;
}

TEST(EnvelopeTest, NoCallsIsAnEmptyArray) {
  Envelope envelope;
  const std::string text = render_envelope(envelope);
  EXPECT_EQ(text, RewrittenPretty(text));
  EXPECT_NE(text.find("\"integration_calls\": [],"), std::string::npos) << text;
}

}  // namespace
}  // namespace kosmo::cli
