#include "lib/cli/json_log_formatter.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

namespace kosmo::cli {
namespace {

rapidjson::Document Parse(const std::string& line) {
  rapidjson::Document document;
  document.Parse(line.data(), line.size());
  EXPECT_FALSE(document.HasParseError()) << line;
  return document;
}

TEST(JsonLogFormatterTest, LineHoldsTimeLevelMessageAndFieldsInOrder) {
  const log::Fields fields{log::Field::text("event", "http"),
                           log::Field::integer("status", 503),
                           log::Field::number("duration_ms", 12.5),
                           log::Field::json("headers", "{\"Accept\":\"*/*\"}")};
  const std::string line =
      json_log_line(std::chrono::system_clock::time_point(std::chrono::milliseconds(1234)),
                    "info", "GET x", &fields);
  EXPECT_EQ(line,
            "{\"time\":\"1970-01-01T00:00:01.234Z\",\"level\":\"info\",\"message\":\"GET x\","
            "\"event\":\"http\",\"status\":503,\"duration_ms\":12.5,"
            "\"headers\":{\"Accept\":\"*/*\"}}\n");
}

TEST(JsonLogFormatterTest, InvalidUtf8AndControlCharactersStayValidJson) {
  const std::string line = json_log_line(std::chrono::system_clock::now(), "warn",
                                         "bad \xff\xfe bytes\nand a newline", nullptr);
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  const rapidjson::Document record = Parse(line);
  EXPECT_STREQ(record["message"].GetString(), "bad \xef\xbf\xbd\xef\xbf\xbd bytes\nand a newline");
}

TEST(JsonLogFormatterTest, EventFieldsReachOnlyTheirOwnRecord) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(out);
  sink->set_formatter(std::make_unique<JsonLogFormatter>());
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  log::event(spdlog::level::warn, "with fields", {log::Field::text("event", "http_retry")});
  spdlog::warn("plain");
  spdlog::set_default_logger(previous);

  std::istringstream lines(out.str());
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  const rapidjson::Document with_fields = Parse(first);
  EXPECT_STREQ(with_fields["level"].GetString(), "warn");
  EXPECT_STREQ(with_fields["event"].GetString(), "http_retry");
  const rapidjson::Document plain = Parse(second);
  EXPECT_STREQ(plain["message"].GetString(), "plain");
  EXPECT_FALSE(plain.HasMember("event"));
}

}  // namespace
}  // namespace kosmo::cli
