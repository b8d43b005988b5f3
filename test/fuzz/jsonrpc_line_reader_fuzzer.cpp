// The stdio transport's receive path: bytes from an MCP server arrive in pieces (sizes taken
// from the input, see chunked_input.h), LineReader frames them into lines, each non-blank line
// is parsed and classified as JSON-RPC and, when it is a response, its result taken or its error
// turned into RpcError, as StdioTransport::next_message and the session do.
//
// Oracle: whatever the piece sizes, the lines must be exactly those of splitting the whole stream
// on "\n" (one trailing "\r" removed), and a line longer than the limit must be reported as an
// overflow rather than buffered forever.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/mcp/errors.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/line_reader.h"
#include "test/fuzz/chunked_input.h"

namespace {

using namespace kosmo::mcp;

// The transport's own limit, or (bit 7 of the first byte set; chunked_input.h only reads its
// value modulo 8) one far below it, so that fuzz inputs reach the overflow path too.
constexpr size_t kSmallLineLimit = 1024;
constexpr int64_t kOurRequestId = 1;

void check(bool condition) {
  if (!condition) std::abort();
}

// The lines of `stream`, split in one go: the reference the incremental reader must match.
std::vector<std::string_view> reference_lines(std::string_view stream, std::string_view& rest) {
  std::vector<std::string_view> lines;
  for (size_t newline; (newline = stream.find('\n')) != std::string_view::npos;) {
    std::string_view line = stream.substr(0, newline);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    stream.remove_prefix(newline + 1);
  }
  rest = stream;
  return lines;
}

// What the transport and the session do with one line.
void handle_line(const std::string& line) {
  if (line.find_first_not_of(" \t\r") == std::string::npos) return;  // blank: skipped
  Message message = parse_message(line);
  switch (message.kind) {
    case MessageKind::kRequest:
    case MessageKind::kNotification:
      check(message.method().size() == message.document["method"].GetStringLength());
      break;
    case MessageKind::kResponse:
      if (!message.responds_to(kOurRequestId)) break;
      // A result, or an error response: what a script sees as the call's error.
      (void)take_result(std::move(message.document));
      break;
    case MessageKind::kInvalid:
      break;  // stray output: skipped with a warning
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const kosmo::fuzz::ChunkedInput input(data, size);
  const size_t line_limit = size > 0 && (data[0] & 0x80) ? kSmallLineLimit : kMaxMessageBytes;
  std::string_view rest;
  const std::vector<std::string_view> expected = reference_lines(input.stream(), rest);

  LineReader reader(line_limit);
  size_t next = 0;  // index into `expected`
  bool overflowed = false;
  input.for_each_piece([&](std::string_view piece) {
    if (overflowed) return;  // the transport fails the server at this point
    reader.append(piece);
    while (std::optional<std::string> line = reader.next_line()) {
      check(next < expected.size() && *line == expected[next]);
      ++next;
      handle_line(*line);
    }
    overflowed = reader.overflowed();
    if (overflowed) check(reader.buffered_bytes() > line_limit);
  });
  if (!overflowed) {
    check(next == expected.size());
    check(reader.buffered_bytes() == rest.size());
  }
  return 0;
}
