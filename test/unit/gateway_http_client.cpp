#include "test/unit/gateway_http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "lib/gateway/http_request.h"

namespace kosmo::test {

const std::string* RawResponse::header(std::string_view name) const {
  for (const auto& field : headers) {
    if (gateway::equals_ignore_case(field.first, name)) return &field.second;
  }
  return nullptr;
}

RawHttpClient::RawHttpClient(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) close();
}

RawHttpClient::~RawHttpClient() { close(); }

void RawHttpClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool RawHttpClient::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

bool RawHttpClient::fill(int timeout_ms) {
  pollfd readable{fd_, POLLIN, 0};
  if (::poll(&readable, 1, timeout_ms) <= 0) return false;
  char piece[65536];
  const ssize_t got = ::recv(fd_, piece, sizeof piece, 0);
  if (got <= 0) return false;
  buffer_.append(piece, static_cast<size_t>(got));
  return true;
}

bool RawHttpClient::read_line(std::string& line, int timeout_ms) {
  size_t end;
  while ((end = buffer_.find("\r\n")) == std::string::npos) {
    if (!fill(timeout_ms)) return false;
  }
  line = buffer_.substr(0, end);
  buffer_.erase(0, end + 2);
  return true;
}

bool RawHttpClient::read_exactly(size_t count, std::string& out, int timeout_ms) {
  while (buffer_.size() < count) {
    if (!fill(timeout_ms)) return false;
  }
  out.append(buffer_, 0, count);
  buffer_.erase(0, count);
  return true;
}

RawResponse RawHttpClient::read_response(int timeout_ms) {
  RawResponse response;
  std::string line;
  if (!read_line(line, timeout_ms) || line.size() < 12) return response;
  const int status = std::atoi(line.substr(9, 3).c_str());
  while (read_line(line, timeout_ms) && !line.empty()) {
    const size_t colon = line.find(':');
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    response.headers.emplace_back(line.substr(0, colon), value);
  }
  const std::string* length = response.header("Content-Length");
  const std::string* coding = response.header("Transfer-Encoding");
  if (coding != nullptr && *coding == "chunked") {
    while (read_line(line, timeout_ms)) {
      const size_t size = std::strtoul(line.c_str(), nullptr, 16);
      if (size == 0) {
        read_line(line, timeout_ms);
        response.status = status;
        return response;
      }
      std::string crlf;
      if (!read_exactly(size, response.body, timeout_ms) || !read_exactly(2, crlf, timeout_ms)) break;
    }
    return response;  // the stream did not end properly: status stays 0
  }
  if (length != nullptr) {
    if (!read_exactly(std::strtoul(length->c_str(), nullptr, 10), response.body, timeout_ms)) {
      return response;
    }
  } else if (status != 204) {
    while (fill(timeout_ms)) {
    }
    response.body = std::move(buffer_);
    buffer_.clear();
  }
  response.status = status;
  return response;
}

bool RawHttpClient::closed_by_server(int timeout_ms) {
  while (true) {
    pollfd readable{fd_, POLLIN, 0};
    if (::poll(&readable, 1, timeout_ms) <= 0) return false;
    char piece[4096];
    const ssize_t got = ::recv(fd_, piece, sizeof piece, 0);
    if (got <= 0) return true;
  }
}

std::string mcp_post(std::string_view body, std::string_view extra) {
  std::string request = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Accept: application/json, text/event-stream\r\n"
                        "Content-Type: application/json\r\n";
  request += extra;
  request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  request += body;
  return request;
}

std::vector<std::string> sse_data(std::string_view body) {
  std::vector<std::string> data;
  size_t at = 0;
  while (at < body.size()) {
    size_t end = body.find('\n', at);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = body.substr(at, end - at);
    if (line.substr(0, 6) == "data: ") data.emplace_back(line.substr(6));
    at = end + 1;
  }
  return data;
}

}  // namespace kosmo::test
