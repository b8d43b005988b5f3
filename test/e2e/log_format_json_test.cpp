// --log-format json: every line kosmo writes to stderr parses as one JSON object with time,
// level and message, and the HTTP events carry their facts as fields, which is what a log
// shipper indexes. The canary credentials of the fixture appear in none of them.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "e2e/integration_harness.h"

namespace kosmo::e2e {
namespace {

class LogFormatJsonTest : public IntegrationTest {
 protected:
  // Each stderr line of `run` parsed; a line that is not a JSON object fails the test.
  std::vector<rapidjson::Document> StderrRecords(const KosmoRun& run) {
    std::vector<rapidjson::Document> records;
    std::istringstream lines(run.process.err);
    for (std::string line; std::getline(lines, line);) {
      rapidjson::Document record;
      std::string why;
      if (!ParseSingleJson(line, &record, &why) || !record.IsObject()) {
        ADD_FAILURE() << "not a JSON object: " << line << " (" << why << ")";
        continue;
      }
      for (const char* key : {"time", "level", "message"}) {
        EXPECT_TRUE(record.HasMember(key) && record[key].IsString()) << key << " in " << line;
      }
      records.push_back(std::move(record));
    }
    return records;
  }

  // The records whose "event" is `event`.
  static std::vector<const rapidjson::Value*> Events(
      const std::vector<rapidjson::Document>& records, const std::string& event) {
    std::vector<const rapidjson::Value*> found;
    for (const rapidjson::Document& record : records) {
      auto it = record.FindMember("event");
      if (it != record.MemberEnd() && it->value.IsString() && it->value.GetString() == event) {
        found.push_back(&record);
      }
    }
    return found;
  }
};

TEST_F(LogFormatJsonTest, EveryStderrLineIsAJsonRecordWithTheCallsFacts) {
  server().inject(fakes::faults::VendorError(503, "busy"), SinchPath("/groups"));
  const KosmoRun run = Lua("print('hello') return app.integrations.sinch.list_groups().count",
                           {"-vv", "--progress", "--log-format", "json"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const std::vector<rapidjson::Document> records = StderrRecords(run);

  const auto prints = Events(records, "print");
  ASSERT_EQ(prints.size(), 1u) << run.process.err;
  EXPECT_STREQ((*prints[0])["message"].GetString(), "hello");

  const auto calls = Events(records, "http");
  ASSERT_EQ(calls.size(), 2u) << run.process.err;
  for (int i = 0; i < 2; ++i) {
    const rapidjson::Value& call = *calls[i];
    EXPECT_STREQ(call["level"].GetString(), "info");
    EXPECT_STREQ(call["function"].GetString(), "sinch_list_groups");
    EXPECT_STREQ(call["account"].GetString(), "default");
    EXPECT_STREQ(call["method"].GetString(), "GET");
    EXPECT_EQ(std::string(call["url"].GetString()), server().origin() + SinchPath("/groups"));
    EXPECT_EQ(call["status"].GetInt(), i == 0 ? 503 : 200);
    EXPECT_EQ(call["attempt"].GetInt(), i + 1);
    EXPECT_TRUE(call["duration_ms"].IsNumber());
  }

  const auto retries = Events(records, "http_retry");
  ASSERT_EQ(retries.size(), 1u) << run.process.err;
  EXPECT_STREQ((*retries[0])["reason"].GetString(), "HTTP 503");
  EXPECT_GT((*retries[0])["wait_seconds"].GetDouble(), 0.0);
  EXPECT_EQ((*retries[0])["next_attempt"].GetInt(), 2);

  const auto requests = Events(records, "http_request");
  ASSERT_EQ(requests.size(), 2u) << run.process.err;
  const rapidjson::Value& headers = (*requests[0])["headers"];
  ASSERT_TRUE(headers.IsObject()) << run.process.err;
  EXPECT_STREQ(headers["Authorization"].GetString(), "<redacted>");
  const auto responses = Events(records, "http_response");
  ASSERT_EQ(responses.size(), 2u) << run.process.err;
  EXPECT_TRUE((*responses[1])["body"].IsString());
  EXPECT_GT((*responses[1])["body_bytes"].GetInt(), 0);

  ExpectNoSecrets(run, secrets().all());
}

TEST_F(LogFormatJsonTest, WarningsAreJsonRecordsToo) {
  const KosmoRun run = Lua("return app.integrations.sinch.list_groups().count",
                           {"--log-format", "json", "--memory-limit", "1048576"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(StderrRecords(run).empty()) << run.process.err;
  const KosmoRun warned =
      Run({"integrations:lua", "--json", "--log-format", "json", "--timeout", kRunTimeout, "--eval",
           "return app.integrations.sinch.send_sms({from = '+4610000', to = {'+46700000000'}, "
           "body = 'hi', undocumented_field = 1})",
           "--dry-run"});
  const std::vector<rapidjson::Document> records = StderrRecords(warned);
  ASSERT_FALSE(records.empty()) << warned.Describe();
  EXPECT_STREQ(records[0]["level"].GetString(), "warn");
  EXPECT_NE(std::string(records[0]["message"].GetString()).find("undocumented_field"),
            std::string::npos);
}

}  // namespace
}  // namespace kosmo::e2e
