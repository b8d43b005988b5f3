// The Streamable HTTP transport's event-stream path: an SSE body fed to SseParser in pieces
// (sizes taken from the input, see chunked_input.h), then each event's data parsed as JSON-RPC
// and matched against our request id, as HttpTransport::response_to does.
//
// Oracle: the parser is incremental, so where the pieces split the stream (inside a CRLF, a
// field name, the byte-order mark) must not matter: events, last event id and retry delay must
// equal those of parse_sse() on the whole body.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "lib/mcp/json_rpc.h"
#include "lib/mcp/sse_parser.h"
#include "test/fuzz/chunked_input.h"

namespace {

using namespace kosmo::mcp;

void check(bool condition) {
  if (!condition) std::abort();
}

bool same_events(const std::vector<SseEvent>& a, const std::vector<SseEvent>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].data != b[i].data || a[i].id != b[i].id) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const kosmo::fuzz::ChunkedInput input(data, size);

  SseParser whole;
  whole.feed(input.stream());
  whole.finish();
  const std::vector<SseEvent> expected = whole.take_events();

  SseParser pieces;
  std::vector<SseEvent> events;
  input.for_each_piece([&](std::string_view piece) {
    pieces.feed(piece);
    for (SseEvent& event : pieces.take_events()) events.push_back(std::move(event));
  });
  pieces.finish();
  for (SseEvent& event : pieces.take_events()) events.push_back(std::move(event));

  check(same_events(expected, events));
  check(pieces.last_event_id() == whole.last_event_id());
  check(pieces.retry_ms() == whole.retry_ms());

  for (const SseEvent& event : events) {
    check(!event.data.empty() && !event.type.empty());  // empty events are never dispatched
    Message message = parse_message(event.data);
    if (message.responds_to(1)) break;  // our response: the transport stops reading here
    if (message.kind == MessageKind::kRequest) message.method();
  }
  return 0;
}
