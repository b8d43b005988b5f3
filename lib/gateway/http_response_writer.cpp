#include "lib/gateway/http_response_writer.h"

#include <cstdio>

namespace kosmo::gateway {
namespace {

void append_status_line(std::string& out, int status) {
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += status_reason(status);
  out += "\r\n";
}

void append_headers(std::string& out, const HttpHeaders& headers) {
  for (const auto& field : headers) {
    out += field.first;
    out += ": ";
    out += field.second;
    out += "\r\n";
  }
}

}  // namespace

std::string_view status_reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

std::string serialize_response(const HttpResponse& response) {
  std::string out;
  out.reserve(128 + response.body.size());
  append_status_line(out, response.status);
  append_headers(out, response.headers);
  // 204 must not carry Content-Length (RFC 9110 §8.6); every other answer here does.
  if (response.status != 204) {
    out += "Content-Length: ";
    out += std::to_string(response.body.size());
    out += "\r\n";
  }
  out += response.close ? "Connection: close\r\n\r\n" : "\r\n";
  out += response.body;
  return out;
}

std::string event_stream_head(int status, const HttpHeaders& headers) {
  std::string out;
  append_status_line(out, status);
  out += "Content-Type: text/event-stream\r\nCache-Control: no-cache\r\n";
  append_headers(out, headers);
  out += "Transfer-Encoding: chunked\r\n\r\n";
  return out;
}

std::string chunk(std::string_view data) {
  if (data.empty()) return {};
  char size[20];
  const int length = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  std::string out(size, static_cast<size_t>(length));
  out += data;
  out += "\r\n";
  return out;
}

std::string sse_message_event(std::string_view json) {
  std::string out = "event: message\n";
  size_t at = 0;
  while (true) {
    const size_t end = json.find_first_of("\r\n", at);
    out += "data: ";
    out += json.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    out += '\n';
    if (end == std::string_view::npos) break;
    at = end + (json[end] == '\r' && end + 1 < json.size() && json[end + 1] == '\n' ? 2 : 1);
  }
  out += '\n';
  return out;
}

std::string sse_comment(std::string_view text) {
  std::string out = ": ";
  out += text;
  out += "\n\n";
  return out;
}

}  // namespace kosmo::gateway
