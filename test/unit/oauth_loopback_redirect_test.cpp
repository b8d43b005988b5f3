// The native client's loopback redirect (RFC 8252 §7.3), reached over real sockets as a browser
// would reach it.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "lib/oauth/loopback_redirect.h"
#include "test/unit/outcome_testing.h"

namespace kosmo::oauth {
namespace {

using test::failure_of;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::StartsWith;

// The port of "http://127.0.0.1:<port>/callback"; 0 for anything else.
int port_of(const std::string& redirect_uri) {
  const std::string prefix = "http://127.0.0.1:";
  const std::string suffix = "/callback";
  if (redirect_uri.rfind(prefix, 0) != 0 || redirect_uri.size() <= prefix.size() + suffix.size() ||
      redirect_uri.compare(redirect_uri.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return 0;
  }
  const std::string digits =
      redirect_uri.substr(prefix.size(), redirect_uri.size() - prefix.size() - suffix.size());
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 5) return 0;
  return std::stoi(digits);
}

// Sends `request` to 127.0.0.1:`port` and returns everything the server answered.
std::string http_exchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "socket failed";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return "connect failed";
  }
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string answer;
  char buffer[1024];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) {
    answer.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return answer;
}

std::string get(const std::string& target) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n";
}

TEST(OAuthLoopbackRedirectTest, ListenOnPortZeroGivesALoopbackRedirectWithARealPort) {
  Outcome<LoopbackRedirect> redirect = LoopbackRedirect::listen(0);
  ASSERT_TRUE(redirect) << redirect.error().message;
  const int port = port_of(redirect->redirect_uri());
  EXPECT_GT(port, 0) << redirect->redirect_uri();
  EXPECT_LT(port, 65536);
}

TEST(OAuthLoopbackRedirectTest, OtherPathsGet404AndTheCallbackBringsItsParameters) {
  Outcome<LoopbackRedirect> redirect = LoopbackRedirect::listen(0);
  ASSERT_TRUE(redirect) << redirect.error().message;
  const int port = port_of(redirect->redirect_uri());
  ASSERT_GT(port, 0);
  std::vector<std::string> answers;
  std::thread browser([&] {
    answers.push_back(http_exchange(port, get("/favicon.ico")));
    answers.push_back(http_exchange(port, get("/callback?code=abc&state=xyz")));
  });
  Outcome<std::map<std::string, std::string>> parameters = redirect->wait(10, false);
  browser.join();
  ASSERT_TRUE(parameters) << parameters.error().message;
  EXPECT_THAT(*parameters, ElementsAre(Pair("code", "abc"), Pair("state", "xyz")));
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_THAT(answers[0], StartsWith("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_THAT(answers[1], StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(answers[1], HasSubstr("Content-Type: text/html; charset=utf-8\r\n"));
  EXPECT_THAT(answers[1], HasSubstr("Authorization complete."));
}

TEST(OAuthLoopbackRedirectTest, CallbackParametersAreDecoded) {
  Outcome<LoopbackRedirect> redirect = LoopbackRedirect::listen(0);
  ASSERT_TRUE(redirect);
  const int port = port_of(redirect->redirect_uri());
  std::string answer;
  std::thread browser([&] {
    answer =
        http_exchange(port, get("/callback?error=access_denied&error_description=the+user+said%2C+"
                                "no&state=s%3D1"));
  });
  auto parameters = redirect->wait(10, false);
  browser.join();
  ASSERT_TRUE(parameters);
  EXPECT_THAT(*parameters,
              ElementsAre(Pair("error", "access_denied"),
                          Pair("error_description", "the user said, no"), Pair("state", "s=1")));
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200 OK\r\n"));
}

TEST(OAuthLoopbackRedirectTest, ARequestThatIsNotAGetIsAnswered400AndSkipped) {
  Outcome<LoopbackRedirect> redirect = LoopbackRedirect::listen(0);
  ASSERT_TRUE(redirect);
  const int port = port_of(redirect->redirect_uri());
  std::vector<std::string> answers;
  std::thread browser([&] {
    answers.push_back(http_exchange(port, "POST /callback?code=forged&state=x HTTP/1.1\r\n\r\n"));
    answers.push_back(http_exchange(port, "garbage\r\n\r\n"));
    answers.push_back(http_exchange(port, get("/callback?code=real&state=x")));
  });
  auto parameters = redirect->wait(10, false);
  browser.join();
  ASSERT_TRUE(parameters);
  EXPECT_EQ((*parameters)["code"], "real");
  ASSERT_EQ(answers.size(), 3u);
  EXPECT_THAT(answers[0], StartsWith("HTTP/1.1 400 Bad Request\r\n"));
  EXPECT_THAT(answers[1], StartsWith("HTTP/1.1 400 Bad Request\r\n"));
  EXPECT_THAT(answers[2], StartsWith("HTTP/1.1 200 OK\r\n"));
}

TEST(OAuthLoopbackRedirectTest, APathThatOnlyStartsWithCallbackIsNotTheCallback) {
  Outcome<LoopbackRedirect> redirect = LoopbackRedirect::listen(0);
  ASSERT_TRUE(redirect);
  const int port = port_of(redirect->redirect_uri());
  std::vector<std::string> answers;
  std::thread browser([&] {
    answers.push_back(http_exchange(port, get("/callbackx?code=wrong&state=x")));
    answers.push_back(http_exchange(port, get("/callback?code=right&state=x")));
  });
  auto parameters = redirect->wait(10, false);
  browser.join();
  ASSERT_TRUE(parameters);
  EXPECT_EQ((*parameters)["code"], "right");
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_THAT(answers[0], StartsWith("HTTP/1.1 404 Not Found\r\n"));
}

TEST(OAuthLoopbackRedirectTest, NothingArrivingFailsWithAuthRequiredAfterTheTimeout) {
  Outcome<LoopbackRedirect> redirect = LoopbackRedirect::listen(0);
  ASSERT_TRUE(redirect);
  const Failure failure = failure_of(redirect->wait(1, false));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message,
            "no authorization arrived at " + redirect->redirect_uri() + " within 1s");
}

TEST(OAuthLoopbackRedirectTest, APortInUseFailsWithAuthRequired) {
  Outcome<LoopbackRedirect> first = LoopbackRedirect::listen(0);
  ASSERT_TRUE(first);
  const int port = port_of(first->redirect_uri());
  const Failure failure = failure_of(LoopbackRedirect::listen(port));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_THAT(failure.message, StartsWith("cannot listen on 127.0.0.1:" + std::to_string(port) +
                                          " for the redirect: "));
}

TEST(OAuthLoopbackRedirectTest, AMovedRedirectKeepsListening) {
  Outcome<LoopbackRedirect> redirect = LoopbackRedirect::listen(0);
  ASSERT_TRUE(redirect);
  LoopbackRedirect moved(std::move(*redirect));
  const int port = port_of(moved.redirect_uri());
  std::string answer;
  std::thread browser([&] { answer = http_exchange(port, get("/callback?code=c&state=s")); });
  auto parameters = moved.wait(10, false);
  browser.join();
  ASSERT_TRUE(parameters);
  EXPECT_EQ((*parameters)["code"], "c");
}

// Someone authorizing from another machine pastes the address the browser ended at.
TEST(OAuthLoopbackRedirectTest, AnAddressPastedOnStdinIsTakenWhenAsked) {
  Outcome<LoopbackRedirect> redirect = LoopbackRedirect::listen(0);
  ASSERT_TRUE(redirect);
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const int saved_stdin = ::dup(STDIN_FILENO);
  ASSERT_GE(saved_stdin, 0);
  ASSERT_GE(::dup2(pipe_fds[0], STDIN_FILENO), 0);
  ::close(pipe_fds[0]);
  const std::string pasted =
      "not an address\nhttp://127.0.0.1:1/callback?code=pasted-code&state=p%2B1\n";
  EXPECT_EQ(::write(pipe_fds[1], pasted.data(), pasted.size()),
            static_cast<ssize_t>(pasted.size()));
  ::close(pipe_fds[1]);
  auto parameters = redirect->wait(5, true);
  ::dup2(saved_stdin, STDIN_FILENO);
  ::close(saved_stdin);
  ASSERT_TRUE(parameters) << parameters.error().message;
  EXPECT_THAT(*parameters, ElementsAre(Pair("code", "pasted-code"), Pair("state", "p+1")));
}

}  // namespace
}  // namespace kosmo::oauth
