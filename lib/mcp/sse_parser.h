#pragma once
// Server-Sent Events, as Streamable HTTP responses carry them (the WHATWG event-stream rules):
// lines end in LF, CRLF or CR; `:` starts a comment; `data:` lines accumulate, joined by "\n";
// `event:` names the type, `id:` sets the last event id, `retry:` the reconnection delay; a blank
// line dispatches the event. An event whose data is empty is not dispatched: that is how MCP
// servers send their "priming" event (an id and empty data) before the real ones.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo::mcp {

// How long a client waits before reconnecting to a stream that named no `retry:` delay.
inline constexpr long kDefaultSseRetryMs = 1000;

struct SseEvent {
  std::string type = "message";  // the `event:` field, "message" when absent
  std::string data;
  std::string id;  // the last event id in force when this event was dispatched
};

class SseParser {
 public:
  void feed(std::string_view bytes);
  // The end of the stream: an event still missing its blank line is dispatched anyway (servers
  // that close right after the last `data:` line would otherwise lose their response).
  void finish();

  std::vector<SseEvent> take_events();
  const std::string& last_event_id() const { return last_id_; }
  std::optional<long> retry_ms() const { return retry_ms_; }

 private:
  void scan(std::string_view bytes);
  void process_line(std::string_view line);
  void dispatch();

  std::string line_;
  bool skip_lf_ = false;  // the previous chunk ended in CR; an LF starting this one pairs with it
  bool at_start_ = true;  // a byte-order mark is allowed only here
  // Bytes of a byte-order mark seen at the start, held back until the mark is whole.
  size_t mark_bytes_ = 0;
  std::string data_;
  bool has_data_ = false;
  std::string type_;
  std::string last_id_;
  std::optional<long> retry_ms_;
  std::vector<SseEvent> events_;
};

// Convenience for a whole body: feed + finish + take_events.
std::vector<SseEvent> parse_sse(std::string_view body);

}  // namespace kosmo::mcp
