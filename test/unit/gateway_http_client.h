#pragma once
// A raw HTTP/1.1 client for the gateway server's unit tests: it sends exactly the bytes a test
// writes (malformed, oversized, slow) and reads responses the way a client would (Content-Length,
// chunked, or until close), so the server is tested over a real loopback socket.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kosmo::test {

struct RawResponse {
  int status = 0;  // 0: no response (connection closed or timed out first)
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // de-chunked

  const std::string* header(std::string_view name) const;
};

class RawHttpClient {
 public:
  explicit RawHttpClient(int port);
  ~RawHttpClient();
  RawHttpClient(const RawHttpClient&) = delete;
  RawHttpClient& operator=(const RawHttpClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool send(std::string_view bytes);
  // Reads one response; waits at most `timeout_ms` for each piece.
  RawResponse read_response(int timeout_ms = 5000);
  // Whether the server closed the connection within `timeout_ms` (reads and drops any bytes).
  bool closed_by_server(int timeout_ms);
  void close();

 private:
  bool fill(int timeout_ms);  // reads more into buffer_; false on close or timeout
  bool read_line(std::string& line, int timeout_ms);
  bool read_exactly(size_t count, std::string& out, int timeout_ms);

  int fd_ = -1;
  std::string buffer_;
};

// A POST /mcp with the headers a conforming client sends, plus `extra` header lines
// ("Name: value\r\n" each).
std::string mcp_post(std::string_view body, std::string_view extra = {});

// The SSE "data:" payloads of an event stream body, in order.
std::vector<std::string> sse_data(std::string_view body);

}  // namespace kosmo::test
