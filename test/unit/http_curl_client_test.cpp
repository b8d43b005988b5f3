#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "lib/http/curl_http_client.h"
#include "test/fakes/http_test_server.h"

namespace kosmo::http {
namespace {

using test::HttpTestServer;
using test::ReceivedRequest;
using test::ScriptedReply;

class CurlHttpClientTest : public ::testing::Test {
 protected:
  HttpRequest get(std::string_view target) {
    HttpRequest request;
    request.method = "GET";
    request.url = server_.url(target);
    return request;
  }

  HttpTestServer server_;
  CurlHttpClient client_;
};

TEST_F(CurlHttpClientTest, GetSendsQueryAndHeadersAsGiven) {
  server_.set_handler([](const ReceivedRequest&) { return ScriptedReply{.body = "hello"}; });
  HttpRequest request = get("/v1/items?limit=5&name=a%20b");
  request.headers = {{"Accept", "application/json"}, {"X-Trace", "t-1"}, {"X-Empty", ""}};

  HttpResult result = client_.send(request);

  ASSERT_TRUE(result.transport_ok) << result.transport_error;
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.response.body, "hello");
  ASSERT_EQ(server_.requests().size(), 1u);
  ReceivedRequest received = server_.requests()[0];
  EXPECT_EQ(received.method, "GET");
  EXPECT_EQ(received.target, "/v1/items?limit=5&name=a%20b");
  EXPECT_EQ(received.header("accept"), "application/json");
  EXPECT_EQ(received.header("x-trace"), "t-1");
  EXPECT_TRUE(received.has_header("x-empty"));
  EXPECT_EQ(received.header("user-agent"), "kosmo/" KOSMO_VERSION);
  EXPECT_FALSE(received.has_header("content-length"));
  EXPECT_EQ(received.body, "");
}

TEST_F(CurlHttpClientTest, PostSendsJsonBody) {
  HttpRequest request = get("/v1/batches");
  request.method = "POST";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = std::string(R"({"to":["+15551234567"],"body":")") + std::string(5000, 'x') + "\"}";
  request.has_body = true;

  HttpResult result = client_.send(request);

  ASSERT_TRUE(result.transport_ok) << result.transport_error;
  ReceivedRequest received = server_.requests().at(0);
  EXPECT_EQ(received.method, "POST");
  EXPECT_EQ(received.body, request.body);
  EXPECT_EQ(received.header("content-type"), "application/json");
  EXPECT_EQ(received.header("content-length"), std::to_string(request.body.size()));
  EXPECT_FALSE(received.has_header("expect"));  // no 100-continue round trip
}

TEST_F(CurlHttpClientTest, OtherMethodsKeepTheirNameAndBody) {
  HttpRequest put = get("/r/1");
  put.method = "PUT";
  put.body = "{}";
  HttpRequest patch = get("/r/1");
  patch.method = "PATCH";  // no body: still an explicit empty one
  HttpRequest remove = get("/r/1");
  remove.method = "DELETE";
  HttpRequest head = get("/r/1");
  head.method = "HEAD";
  server_.set_handler([](const ReceivedRequest&) { return ScriptedReply{.body = "abc"}; });

  for (const HttpRequest& request : {put, patch, remove, head}) {
    HttpResult result = client_.send(request);
    ASSERT_TRUE(result.transport_ok) << request.method << ": " << result.transport_error;
  }
  std::vector<ReceivedRequest> received = server_.requests();
  ASSERT_EQ(received.size(), 4u);
  EXPECT_EQ(received[0].method, "PUT");
  EXPECT_EQ(received[0].body, "{}");
  EXPECT_FALSE(received[0].has_header("content-type"));  // not labelled as a form
  EXPECT_EQ(received[1].method, "PATCH");
  EXPECT_EQ(received[1].header("content-length"), "0");
  EXPECT_EQ(received[2].method, "DELETE");
  EXPECT_FALSE(received[2].has_header("content-length"));
  EXPECT_EQ(received[3].method, "HEAD");
}

TEST_F(CurlHttpClientTest, SurfacesStatusAndResponseHeaders) {
  server_.set_handler([](const ReceivedRequest&) {
    return ScriptedReply{
        .status = 404,
        .headers = {{"X-Request-Id", "req-42"}, {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}},
        .body = R"({"error":"not found"})"};
  });

  HttpResult result = client_.send(get("/missing"));

  ASSERT_TRUE(result.transport_ok);  // an HTTP error is still a delivered response
  EXPECT_EQ(result.response.status, 404);
  EXPECT_EQ(result.response.body, R"({"error":"not found"})");
  EXPECT_EQ(result.response.header("X-REQUEST-ID"), "req-42");
  EXPECT_EQ(result.response.header("set-cookie"), "a=1");
  int cookies = 0;
  for (const auto& [name, value] : result.response.headers) {
    EXPECT_EQ(name, lower_ascii(name));
    cookies += name == "set-cookie";
  }
  EXPECT_EQ(cookies, 2);
}

TEST_F(CurlHttpClientTest, ReusesOneConnectionForSequentialRequests) {
  for (int i = 0; i < 5; ++i) {
    HttpResult result = client_.send(get("/ping?i=" + std::to_string(i)));
    ASSERT_TRUE(result.transport_ok) << result.transport_error;
  }
  std::vector<ReceivedRequest> received = server_.requests();
  ASSERT_EQ(received.size(), 5u);
  EXPECT_EQ(server_.connections(), 1);
  for (const ReceivedRequest& request : received) {
    EXPECT_EQ(request.client_port, received[0].client_port);
  }
}

TEST_F(CurlHttpClientTest, DoesNotFollowRedirects) {
  server_.set_handler([](const ReceivedRequest&) {
    return ScriptedReply{.status = 302, .headers = {{"Location", "/elsewhere"}}};
  });

  HttpResult result = client_.send(get("/moved"));

  ASSERT_TRUE(result.transport_ok);
  EXPECT_EQ(result.response.status, 302);
  EXPECT_EQ(result.response.header("location"), "/elsewhere");
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(CurlHttpClientTest, ReceivesA100MegabyteBodyIntoOneReservedBuffer) {
  constexpr size_t kChunk = 1 << 20;
  constexpr size_t kChunks = 100;
  std::string chunk(kChunk, 'z');
  chunk.front() = '[';
  server_.set_handler(
      [&](const ReceivedRequest&) { return ScriptedReply{.body = chunk, .body_repeat = kChunks}; });

  HttpResult result = client_.send(get("/large"));

  ASSERT_TRUE(result.transport_ok) << result.transport_error;
  ASSERT_EQ(result.response.body.size(), kChunk * kChunks);
  // Reserved from Content-Length up front: no reallocation, so no copying while it grew.
  EXPECT_EQ(result.response.body.capacity(), kChunk * kChunks);
  EXPECT_EQ(result.response.body[kChunk * 99], '[');
  EXPECT_EQ(result.response.body.back(), 'z');
}

TEST_F(CurlHttpClientTest, TruncatedBodyIsATransportError) {
  server_.set_handler([](const ReceivedRequest&) {
    return ScriptedReply{.body = "0123456789", .declared_length = 1000};
  });

  HttpResult result = client_.send(get("/short"));

  EXPECT_FALSE(result.transport_ok);
  EXPECT_NE(result.transport_error.find("990 bytes remaining"), std::string::npos)
      << result.transport_error;
  EXPECT_EQ(result.response.status, 200);
}

TEST_F(CurlHttpClientTest, StallingServerTimesOutWithinTheTotalTimeout) {
  server_.set_handler([](const ReceivedRequest&) { return ScriptedReply{.stall_s = 10}; });
  HttpRequest request = get("/slow");
  request.total_timeout_s = 1;

  auto started = std::chrono::steady_clock::now();
  HttpResult result = client_.send(request);
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  EXPECT_FALSE(result.transport_ok);
  EXPECT_NE(result.transport_error.find("timed out"), std::string::npos) << result.transport_error;
  EXPECT_GE(elapsed, 0.9);
  EXPECT_LT(elapsed, 2.0);
}

TEST_F(CurlHttpClientTest, AnIdleTimeoutEndsASilentTransferLongBeforeItsTotalTimeout) {
  server_.set_handler([](const ReceivedRequest&) { return ScriptedReply{.stall_s = 10}; });
  HttpRequest request = get("/silent");
  request.total_timeout_s = 20;
  request.idle_timeout_s = 1;

  auto started = std::chrono::steady_clock::now();
  HttpResult result = client_.send(request);
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  EXPECT_FALSE(result.transport_ok);
  EXPECT_EQ(result.transport_error, "Operation timed out: nothing moved for 1 seconds");
  EXPECT_GE(elapsed, 0.9);
  EXPECT_LT(elapsed, 5.0);  // judged about once a second; the server would stall for 10
  // The next request on the handle has no idle limit left over.
  server_.set_handler([](const ReceivedRequest&) { return ScriptedReply{.body = "ok"}; });
  EXPECT_EQ(client_.send(get("/fine")).response.body, "ok");
}

TEST_F(CurlHttpClientTest, ClosedPortIsATransportError) {
  HttpRequest request;
  request.method = "GET";
  request.url = "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/";

  HttpResult result = client_.send(request);

  EXPECT_FALSE(result.transport_ok);
  EXPECT_EQ(result.response.status, 0);
  EXPECT_FALSE(result.transport_error.empty());
}

// One failed exchange must not poison the handle the rest of the run shares: after a name that
// does not resolve, a refused connection, a POST with a body, the next request still works.
TEST_F(CurlHttpClientTest, AFailedRequestLeavesTheHandleUsable) {
  server_.set_handler([](const ReceivedRequest&) { return ScriptedReply{.body = "fine"}; });
  HttpRequest unresolvable;
  unresolvable.method = "POST";
  unresolvable.url = "http://kosmo-test-host.invalid/batches";
  unresolvable.has_body = true;
  unresolvable.body = R"({"to": ["+15550100"]})";
  HttpRequest refused = get("/");
  refused.url = "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/";

  for (const HttpRequest& failing : {unresolvable, refused}) {
    EXPECT_FALSE(client_.send(failing).transport_ok) << failing.url;
    HttpResult next = client_.send(get("/after"));
    EXPECT_TRUE(next.transport_ok) << "after " << failing.url << ": " << next.transport_error;
    EXPECT_EQ(next.response.body, "fine");
  }
}

// The handle keeps its options from one request to the next (no curl_easy_reset), so each
// request must set everything it decides: a HEAD, a body, a custom method or a header of one
// request never shows in the next, and each sees its own answer.
TEST_F(CurlHttpClientTest, NothingOfOneRequestCarriesOverIntoTheNext) {
  server_.set_handler([](const ReceivedRequest& request) {
    return ScriptedReply{.body = "answer to " + request.method + " " + request.target};
  });
  HttpRequest head = get("/1");
  head.method = "HEAD";
  HttpRequest post = get("/3");
  post.method = "POST";
  post.body = R"({"a":1})";
  post.headers = {{"Content-Type", "application/json"}, {"X-Only-Here", "yes"}};
  HttpRequest remove = get("/5");
  remove.method = "DELETE";
  HttpRequest put = get("/7");
  put.method = "PUT";
  put.body = "put-body";
  const std::vector<HttpRequest> sequence = {head,      get("/2"), post, get("/4"), remove,
                                             get("/6"), put,       head, get("/8")};

  for (const HttpRequest& request : sequence) {
    HttpResult result = client_.send(request);
    ASSERT_TRUE(result.transport_ok) << request.method << ": " << result.transport_error;
    EXPECT_EQ(result.response.body, request.method == "HEAD"
                                        ? ""
                                        : "answer to " + request.method + " " +
                                              request.url.substr(request.url.rfind('/')));
  }
  std::vector<ReceivedRequest> received = server_.requests();
  ASSERT_EQ(received.size(), sequence.size());
  for (size_t i = 0; i < sequence.size(); ++i) {
    SCOPED_TRACE(sequence[i].url);
    EXPECT_EQ(received[i].method, sequence[i].method);
    EXPECT_EQ(received[i].body, sequence[i].body);
    EXPECT_EQ(received[i].has_header("x-only-here"), i == 2);
    const bool sends_body = sequence[i].method == "POST" || sequence[i].method == "PUT";
    EXPECT_EQ(received[i].has_header("content-length"), sends_body);
  }
  EXPECT_EQ(server_.connections(), 1);
}

// A request's timeout must not outlive it: the next request, with none, waits for a slow answer.
// libcurl gets each URL parsed, and a URL with the previous one's origin only has its path and
// query replaced: every request still reaches its own server with its own target (escapes as
// sent), a query never carries over, dot segments are removed as libcurl does for a URL given as
// text, and a URL libcurl cannot parse fails as before without spoiling the next.
TEST_F(CurlHttpClientTest, EachRequestReachesItsOwnTargetWhateverCameBefore) {
  server_.set_handler([](const ReceivedRequest&) { return ScriptedReply{.body = "first"}; });
  HttpTestServer other;
  other.set_handler([](const ReceivedRequest&) { return ScriptedReply{.body = "other"}; });
  const std::vector<std::pair<std::string, std::string>> sent_and_received = {
      {"/v1/items?limit=5", "/v1/items?limit=5"},
      {"/v1/other", "/v1/other"},
      {"/v1/x?a=1&b=%20c&d=e:f@g", "/v1/x?a=1&b=%20c&d=e:f@g"},
      {"/v1/r/c%2Fd?q=a%2Fb", "/v1/r/c%2Fd?q=a%2Fb"},  // escapes reach the server as sent
      {"/v1/r/plain", "/v1/r/plain"},
      {"/a/./b/../c", "/a/c"},
      {"/after", "/after"},
      {"/after/%2e%2E/x", ""},  // whatever libcurl makes of it, reached as given or normalized
  };
  for (const auto& [target, expected] : sent_and_received) {
    HttpResult result = client_.send(get(target));
    ASSERT_TRUE(result.transport_ok) << target << ": " << result.transport_error;
    EXPECT_EQ(result.response.body, "first") << target;
    if (!expected.empty()) EXPECT_EQ(server_.requests().back().target, expected) << target;
  }

  HttpRequest elsewhere;
  elsewhere.method = "GET";
  elsewhere.url = other.url("/z?q=1");
  HttpResult there = client_.send(elsewhere);
  ASSERT_TRUE(there.transport_ok) << there.transport_error;
  EXPECT_EQ(there.response.body, "other");
  EXPECT_EQ(other.requests().back().target, "/z?q=1");

  HttpResult back = client_.send(get("/back"));
  ASSERT_TRUE(back.transport_ok) << back.transport_error;
  EXPECT_EQ(back.response.body, "first");
  EXPECT_EQ(server_.requests().back().target, "/back");

  const size_t received = server_.requests().size();
  HttpResult malformed = client_.send(get("/a b"));
  EXPECT_FALSE(malformed.transport_ok);
  EXPECT_FALSE(malformed.transport_error.empty());
  EXPECT_EQ(server_.requests().size(), received);
  HttpResult after = client_.send(get("/v1/again?x=1"));
  ASSERT_TRUE(after.transport_ok) << after.transport_error;
  EXPECT_EQ(server_.requests().back().target, "/v1/again?x=1");
}

TEST_F(CurlHttpClientTest, ATimeoutAppliesToItsOwnRequestOnly) {
  server_.set_handler([](const ReceivedRequest& request) {
    return ScriptedReply{.body = "late", .stall_s = request.target == "/slow" ? 5.0 : 0.6};
  });
  HttpRequest bounded = get("/slow");
  bounded.total_timeout_s = 0.2;
  HttpRequest unbounded = get("/later");

  EXPECT_FALSE(client_.send(bounded).transport_ok);
  HttpResult result = client_.send(unbounded);
  EXPECT_TRUE(result.transport_ok) << result.transport_error;
  EXPECT_EQ(result.response.body, "late");
}

// The proxy variables are still libcurl's to read: a client created while http_proxy is set
// sends through the proxy, in the absolute form a proxy expects.
TEST(CurlHttpClientProxyTest, HttpProxyFromTheEnvironmentIsUsed) {
  HttpTestServer proxy;
  proxy.set_handler([](const ReceivedRequest&) { return ScriptedReply{.body = "via proxy"}; });
  ::setenv("http_proxy", proxy.url("").c_str(), 1);
  CurlHttpClient client;
  HttpRequest request;
  request.method = "GET";
  request.url = "http://kosmo-test-host.invalid/items?id=1";
  HttpResult result = client.send(request);
  ::unsetenv("http_proxy");

  ASSERT_TRUE(result.transport_ok) << result.transport_error;
  EXPECT_EQ(result.response.body, "via proxy");
  ASSERT_EQ(proxy.requests().size(), 1u);
  EXPECT_EQ(proxy.requests()[0].target, request.url);
}

// Without any proxy variable the handle is told "no proxy" once; requests still go out directly,
// and a User-Agent the request names replaces kosmo's own instead of being sent twice.
TEST_F(CurlHttpClientTest, SendsKosmosUserAgentUnlessTheRequestNamesOne) {
  server_.set_handler([](const ReceivedRequest&) { return ScriptedReply{.body = "ok"}; });
  HttpRequest own = get("/own");
  own.headers = {{"User-Agent", "custom/1"}};

  ASSERT_TRUE(client_.send(get("/default")).transport_ok);
  ASSERT_TRUE(client_.send(own).transport_ok);
  std::vector<ReceivedRequest> received = server_.requests();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].header("user-agent"), "kosmo/" KOSMO_VERSION);
  EXPECT_EQ(received[1].header("user-agent"), "custom/1");
  int agents = 0;
  for (const auto& header : received[1].headers) agents += header.first == "user-agent";
  EXPECT_EQ(agents, 1);
}

TEST_F(CurlHttpClientTest, RefusesHeaderInjectionWithoutQuotingTheValue) {
  HttpRequest request = get("/");
  request.headers = {{"Authorization", "Bearer sk-live-secret\r\nX-Evil: 1"}};

  HttpResult result = client_.send(request);

  EXPECT_FALSE(result.transport_ok);
  EXPECT_EQ(result.transport_error.find("sk-live-secret"), std::string::npos);
  EXPECT_TRUE(server_.requests().empty());
}

// The handle reuses the previous request's header list only when the headers are the same: a
// changed value, a header more or less, and a body (which adds an empty Content-Type) each get
// their own list, and going back to the first headers sends them again.
TEST_F(CurlHttpClientTest, SendsEachRequestsOwnHeadersWhenConsecutiveRequestsDiffer) {
  server_.set_handler([](const ReceivedRequest&) { return ScriptedReply{.body = "ok"}; });
  HttpRequest first = get("/1");
  first.headers = {{"Authorization", "Bearer one"}, {"Accept", "application/json"}};
  HttpRequest changed = get("/2");
  changed.headers = {{"Authorization", "Bearer two"}, {"Accept", "application/json"}};
  HttpRequest fewer = get("/3");
  fewer.headers = {{"Authorization", "Bearer two"}};
  HttpRequest posted = first;
  posted.url = server_.url("/4");
  posted.method = "POST";
  posted.body = "{}";

  for (const HttpRequest* request : {&first, &first, &changed, &fewer, &posted, &first}) {
    ASSERT_TRUE(client_.send(*request).transport_ok);
  }
  std::vector<ReceivedRequest> received = server_.requests();
  ASSERT_EQ(received.size(), 6u);
  const std::vector<std::string> authorizations = {"Bearer one", "Bearer one", "Bearer two",
                                                   "Bearer two", "Bearer one", "Bearer one"};
  for (size_t i = 0; i < received.size(); ++i) {
    EXPECT_EQ(received[i].header("authorization"), authorizations[i]) << "request " << i;
  }
  EXPECT_EQ(received[2].header("accept"), "application/json");
  EXPECT_NE(received[3].header("accept"), "application/json");  // libcurl's own default
  EXPECT_EQ(received[4].header("accept"), "application/json");
  EXPECT_FALSE(received[4].has_header("content-type"));  // sent empty: no form label
  EXPECT_EQ(received[4].body, "{}");
  EXPECT_EQ(received[5].method, "GET");
  EXPECT_EQ(received[5].header("user-agent"), "kosmo/" KOSMO_VERSION);
}

// Each of CR, LF and NUL alone, anywhere in a value or the URL, is refused before anything is
// sent; the bytes around them are ordinary.
TEST_F(CurlHttpClientTest, RefusesEachOfCrLfAndNulInHeaderValuesAndTheUrl) {
  for (const char bad : {'\r', '\n', '\0'}) {
    HttpRequest in_value = get("/");
    in_value.headers = {{"Accept", "application/json"}, {"X-Note", std::string("a") + bad + "b"}};
    HttpRequest at_end = get("/");
    at_end.headers = {{"X-Note", std::string("ab") + bad}};
    HttpRequest in_url = get("/");
    in_url.url += std::string("x") + bad;

    EXPECT_EQ(client_.send(in_value).transport_error,
              "request header #2 has an invalid name or value");
    EXPECT_EQ(client_.send(at_end).transport_error,
              "request header #1 has an invalid name or value");
    EXPECT_EQ(client_.send(in_url).transport_error, "URL contains a line break or NUL");
  }
  EXPECT_TRUE(server_.requests().empty());
}

// Header names and the method must be RFC 9110 tokens; anything else is refused unsent.
TEST_F(CurlHttpClientTest, RefusesNamesAndMethodsThatAreNotTokens) {
  HttpRequest spaced = get("/");
  spaced.headers = {{"Accept", "application/json"}, {"X Bad", "1"}};
  HttpRequest colon = get("/");
  colon.headers = {{"X-Bad:", "1"}};
  HttpRequest high = get("/");
  high.headers = {{"X-\xc3\xa9", "1"}};
  HttpRequest method = get("/");
  method.method = "GET /x";

  EXPECT_EQ(client_.send(spaced).transport_error, "request header #2 has an invalid name or value");
  EXPECT_EQ(client_.send(colon).transport_error, "request header #1 has an invalid name or value");
  EXPECT_EQ(client_.send(high).transport_error, "request header #1 has an invalid name or value");
  EXPECT_EQ(client_.send(method).transport_error, "invalid HTTP method");
  HttpRequest token = get("/");
  token.headers = {{"X-Odd!#$%&'*+-.^_`|~9", "ok"}};
  server_.set_handler([](const ReceivedRequest&) { return ScriptedReply{.body = "sent"}; });
  EXPECT_EQ(client_.send(token).response.body, "sent");
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(CurlHttpClientTest, RefusesSchemesOtherThanHttp) {
  HttpRequest request;
  request.method = "GET";
  request.url = "file:///etc/passwd";

  HttpResult result = client_.send(request);

  EXPECT_FALSE(result.transport_ok);
  EXPECT_TRUE(result.response.body.empty());
}

TEST_F(CurlHttpClientTest, BodyReaderGetsTheBodyAsItArrivesAndMaySendMeanwhile) {
  server_.set_handler([](const ReceivedRequest& request) {
    if (request.target == "/answer") return ScriptedReply{.body = "thanks"};
    return ScriptedReply{.body = std::string(16 * 1024, 's'), .body_repeat = 64};  // 1 MiB
  });
  HttpRequest stream = get("/stream");
  size_t streamed = 0;
  std::string nested_body;
  stream.body_reader = [&](const HttpResponse& head, std::string_view piece) {
    EXPECT_EQ(head.status, 200);
    if (streamed == 0) {
      // The way an MCP server's question is answered: another request from inside the transfer,
      // on the same client.
      HttpResult nested = client_.send(get("/answer"));
      EXPECT_TRUE(nested.transport_ok) << nested.transport_error;
      nested_body = nested.response.body;
    }
    streamed += piece.size();
    return streamed < 256 * 1024;  // enough: stop the transfer there
  };

  HttpResult result = client_.send(stream);

  ASSERT_TRUE(result.transport_ok) << result.transport_error;
  EXPECT_TRUE(result.stopped_by_reader);
  EXPECT_EQ(nested_body, "thanks");
  EXPECT_GE(streamed, 256u * 1024);
  EXPECT_LT(streamed, 1024u * 1024);
  EXPECT_EQ(result.body_read, streamed);
  EXPECT_EQ(result.response.body.size(), streamed);
  // The client is usable afterwards, and a reader that throws fails the send, not libcurl.
  EXPECT_EQ(client_.send(get("/answer")).response.body, "thanks");
  stream.body_reader = [](const HttpResponse&, std::string_view) -> bool {
    throw std::runtime_error("reader failed");
  };
  EXPECT_THROW(client_.send(stream), std::runtime_error);
  EXPECT_EQ(client_.send(get("/answer")).response.body, "thanks");
}

}  // namespace
}  // namespace kosmo::http
