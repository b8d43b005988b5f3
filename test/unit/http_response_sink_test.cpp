#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "lib/http/response_sink.h"

namespace kosmo::http {
namespace {

TEST(HttpResponseSinkTest, LowerCasesNamesAndTrimsValues) {
  ResponseSink sink(true, 0);
  sink.add_header_line("HTTP/1.1 200 OK\r\n");
  sink.add_header_line("Content-Type:   application/json \r\n");
  sink.add_header_line("X-RateLimit-Remaining: 7\r\n");
  sink.add_header_line("\r\n");

  HeaderList expected = {{"content-type", "application/json"}, {"x-ratelimit-remaining", "7"}};
  EXPECT_EQ(sink.response().headers, expected);
  EXPECT_EQ(sink.response().header("X-RATELIMIT-REMAINING"), "7");
  EXPECT_EQ(sink.response().header("absent"), "");
}

TEST(HttpResponseSinkTest, InterimResponsesLeaveNoHeaders) {
  ResponseSink sink(true, 0);
  sink.add_header_line("HTTP/1.1 100 Continue\r\n");
  sink.add_header_line("X-Interim: yes\r\n");
  sink.add_header_line("\r\n");
  sink.add_header_line("HTTP/2 201\r\n");
  sink.add_header_line("location: /v1/x\r\n");

  HeaderList expected = {{"location", "/v1/x"}};
  EXPECT_EQ(sink.response().headers, expected);
}

TEST(HttpResponseSinkTest, FoldedLinesContinueThePreviousValue) {
  ResponseSink sink(true, 0);
  sink.add_header_line("X-Long: first\r\n");
  sink.add_header_line("\t second\r\n");
  EXPECT_EQ(sink.response().header("x-long"), "first second");
}

TEST(HttpResponseSinkTest, ReservesTheAnnouncedBodySize) {
  ResponseSink sink(true, 0);
  sink.add_header_line("Content-Length: 5000000\r\n");
  EXPECT_GE(sink.response().body.capacity(), 5000000u);
}

TEST(HttpResponseSinkTest, BoundsTheReservationAndIgnoresBadLengths) {
  ResponseSink huge(true, 0);
  huge.add_header_line("Content-Length: 99999999999999\r\n");
  EXPECT_LE(huge.response().body.capacity(), kMaxBodyReservation);

  ResponseSink head(false, 0);  // HEAD: the announced body never comes
  head.add_header_line("Content-Length: 5000000\r\n");
  EXPECT_LT(head.response().body.capacity(), 5000000u);

  ResponseSink bad(true, 0);
  bad.add_header_line("Content-Length: 12abc\r\n");
  EXPECT_LT(bad.response().body.capacity(), 100u);
  EXPECT_EQ(bad.response().header("content-length"), "12abc");
}

TEST(HttpResponseSinkTest, CallbacksAppendWhatLibcurlDelivers) {
  ResponseSink sink(true, 0);
  char header[] = "ETag: \"v1\"\r\n";
  char body[] = "{\"ok\":true}";
  EXPECT_EQ(ResponseSink::on_header(header, 1, sizeof header - 1, &sink), sizeof header - 1);
  EXPECT_EQ(ResponseSink::on_body(body, 1, sizeof body - 1, &sink), sizeof body - 1);
  EXPECT_EQ(sink.response().header("etag"), "\"v1\"");
  EXPECT_EQ(sink.response().body, "{\"ok\":true}");
  EXPECT_FALSE(sink.out_of_memory());
}

TEST(HttpResponseSinkTest, ReaderSeesEachPieceOfA2xxBodyWithItsHead) {
  std::vector<std::string> pieces;
  int status_seen = 0;
  BodyReader reader = [&](const HttpResponse& head, std::string_view piece) {
    status_seen = head.status;
    pieces.emplace_back(piece);
    return true;
  };
  ResponseSink sink(true, 0, &reader);
  sink.add_header_line("HTTP/1.1 200 OK\r\n");
  sink.add_header_line("Content-Type: text/event-stream\r\n");
  EXPECT_TRUE(sink.add_body("data: a\n"));
  EXPECT_TRUE(sink.add_body("\n"));
  EXPECT_EQ(status_seen, 200);
  EXPECT_EQ(pieces, (std::vector<std::string>{"data: a\n", "\n"}));
  sink.add_header_line("\r\n");  // (the end of the head comes first in real life)
  EXPECT_EQ(pieces.back(), "");
  EXPECT_EQ(sink.body_read(), 9u);
  EXPECT_EQ(sink.response().body, "data: a\n\n");  // still kept whole, for cassettes and logs
}

TEST(HttpResponseSinkTest, ReaderIsNotGivenErrorBodies) {
  int calls = 0;
  BodyReader reader = [&](const HttpResponse&, std::string_view) { return ++calls > 0; };
  ResponseSink sink(true, 0, &reader);
  sink.add_header_line("HTTP/1.1 100 Continue\r\n");
  sink.add_header_line("HTTP/1.1 404 Not Found\r\n");
  EXPECT_TRUE(sink.add_body("{\"error\":\"gone\"}"));
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(sink.body_read(), 0u);
}

TEST(HttpResponseSinkTest, ReaderStopsTheTransferOrHandsBackWhatItThrew) {
  BodyReader stop = [](const HttpResponse&, std::string_view piece) { return piece != "end"; };
  ResponseSink stopped(true, 0, &stop);
  stopped.add_header_line("HTTP/2 200\r\n");
  EXPECT_TRUE(stopped.add_body("more"));
  EXPECT_FALSE(stopped.add_body("end"));
  EXPECT_TRUE(stopped.stopped_by_reader());
  EXPECT_EQ(stopped.body_read(), 7u);
  EXPECT_FALSE(stopped.reader_error());

  BodyReader throws = [](const HttpResponse&, std::string_view) -> bool {
    throw std::runtime_error("reader failed");
  };
  ResponseSink failed(true, 0, &throws);
  failed.add_header_line("HTTP/1.1 201 Created\r\n");
  char body[] = "x";
  EXPECT_EQ(ResponseSink::on_body(body, 1, 1, &failed), 0u);  // aborts, never throws into C
  ASSERT_TRUE(failed.reader_error());
  EXPECT_THROW(std::rethrow_exception(failed.reader_error()), std::runtime_error);
  EXPECT_FALSE(failed.out_of_memory());
}

TEST(HttpResponseSinkTest, IdleTimeoutCountsFromTheLastMovement) {
  ResponseSink unlimited(true, 0);
  EXPECT_FALSE(unlimited.idle_too_long(0));
  EXPECT_FALSE(unlimited.idle_too_long(0));

  ResponseSink sink(true, 0);
  sink.set_idle_timeout(0.05);
  EXPECT_FALSE(sink.idle_too_long(10));  // the first look starts the clock
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  EXPECT_FALSE(sink.idle_too_long(11));  // something moved: the clock restarts
  EXPECT_FALSE(sink.idle_timed_out());
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  EXPECT_TRUE(sink.idle_too_long(11));
  EXPECT_TRUE(sink.idle_timed_out());
}

TEST(HttpResponseSinkTest, AnnouncedLengthPastTheLimitAbortsAtTheHeader) {
  ResponseSink sink(true, 1000);
  char header[] = "Content-Length: 1001\r\n";
  EXPECT_EQ(ResponseSink::on_header(header, 1, sizeof header - 1, &sink), 0u);
  EXPECT_TRUE(sink.too_large());
  EXPECT_LT(sink.response().body.capacity(), 1001u) << "nothing reserved for a refused body";
}

TEST(HttpResponseSinkTest, BodyPastTheLimitAbortsWithoutKeepingIt) {
  ResponseSink sink(true, 10);
  char chunk[] = "0123456";
  EXPECT_EQ(ResponseSink::on_body(chunk, 1, 7, &sink), 7u);
  EXPECT_FALSE(sink.too_large());
  EXPECT_EQ(ResponseSink::on_body(chunk, 1, 3, &sink), 3u) << "exactly the limit is accepted";
  EXPECT_EQ(ResponseSink::on_body(chunk, 1, 1, &sink), 0u);
  EXPECT_TRUE(sink.too_large());
  EXPECT_EQ(sink.response().body, "0123456012");
  EXPECT_FALSE(sink.out_of_memory());
}

TEST(HttpResponseSinkTest, HeadIgnoresTheAnnouncedLength) {
  ResponseSink sink(false, 10);
  char header[] = "Content-Length: 5000\r\n";
  EXPECT_EQ(ResponseSink::on_header(header, 1, sizeof header - 1, &sink), sizeof header - 1);
  EXPECT_FALSE(sink.too_large());
}

}  // namespace
}  // namespace kosmo::http
