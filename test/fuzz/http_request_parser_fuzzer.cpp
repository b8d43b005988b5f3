// The gateway HTTP server's request parser on a byte stream that arrives in pieces (sizes taken
// from the input, see chunked_input.h), as a socket delivers it.
//
// Oracle: the parser is incremental, so where the pieces split the stream must not matter: the
// sequence of requests (method, target, headers, body) and the final state and error status
// must equal those of feeding the whole stream at once. Limits hold: no body longer than the
// limit, no head accepted past kMaxHeadBytes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "lib/gateway/http_request_parser.h"
#include "test/fuzz/chunked_input.h"

namespace {

using kosmo::gateway::HttpRequest;
using kosmo::gateway::HttpRequestParser;
using State = HttpRequestParser::State;

constexpr size_t kMaxBody = 4096;

void check(bool condition) {
  if (!condition) std::abort();
}

struct Outcome {
  std::vector<HttpRequest> requests;
  State state = State::kIncomplete;
  int status = 0;
};

// Takes every complete request out of the parser.
void drain(HttpRequestParser& parser, State state, Outcome& outcome) {
  while (state == State::kComplete) {
    const HttpRequest& request = parser.request();
    check(request.body.size() <= kMaxBody);
    check(!request.method.empty() && !request.target.empty());
    check(request.target[0] == '/' || request.target == "*");
    outcome.requests.push_back(request);
    state = parser.next();
  }
  outcome.state = state;
  if (state == State::kFailed) {
    outcome.status = parser.error_status();
    check(outcome.status >= 400 && outcome.status < 600 && !parser.error_reason().empty());
  }
}

bool same_requests(const std::vector<HttpRequest>& a, const std::vector<HttpRequest>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].method != b[i].method || a[i].target != b[i].target || a[i].body != b[i].body ||
        a[i].headers != b[i].headers || a[i].minor_version != b[i].minor_version) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const kosmo::fuzz::ChunkedInput input(data, size);

  HttpRequestParser whole_parser(kMaxBody);
  Outcome whole;
  drain(whole_parser, whole_parser.feed(input.stream()), whole);

  HttpRequestParser piece_parser(kMaxBody);
  Outcome pieces;
  input.for_each_piece([&](std::string_view piece) {
    if (pieces.state == State::kFailed) return;
    drain(piece_parser, piece_parser.feed(piece), pieces);
  });

  check(same_requests(whole.requests, pieces.requests));
  check(whole.state == pieces.state);
  check(whole.status == pieces.status);
  return 0;
}
