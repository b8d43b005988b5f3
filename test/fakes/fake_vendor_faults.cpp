// Ready-made faults for the fake vendor server (fake_vendor_server.h).
#include <utility>

#include "fakes/fake_vendor_server.h"

namespace kosmo::fakes::faults {

Fault VendorError(int status, std::string text) {
  Fault fault;
  fault.status = status;
  fault.vendor_error_text = std::move(text);
  return fault;
}

Fault Status(int status, std::string body, std::string content_type) {
  Fault fault;
  fault.status = status;
  fault.body = std::move(body);
  fault.content_type = std::move(content_type);
  return fault;
}

Fault HtmlPage(int status) {
  const std::string code = std::to_string(status);
  return Status(status,
                "<!DOCTYPE html>\n<html><head><title>" + code +
                    " Error</title></head>\n<body><h1>" + code +
                    " Error</h1><p>The upstream server is not available.</p></body></html>\n",
                "text/html; charset=utf-8");
}

Fault RetryAfter(int status, int seconds) {
  Fault fault = VendorError(status, "Please retry after " + std::to_string(seconds) + " s");
  fault.headers.emplace_back("Retry-After", std::to_string(seconds));
  return fault;
}

Fault Stall(double seconds) {
  Fault fault;
  fault.stall_seconds = seconds;
  return fault;
}

Fault Truncated(size_t bytes) {
  Fault fault;
  fault.truncate_after = bytes;
  return fault;
}

Fault InvalidJson() { return Status(200, R"({"data": [1, 2, "unterminated)"); }

Fault Huge(size_t bytes) {
  Fault fault;
  fault.status = 200;
  fault.body = "";
  fault.huge_bytes = bytes;
  return fault;
}

Fault EchoCredentials(int status) {
  Fault fault;
  if (status != 200) fault.status = status;
  fault.echo_credentials = true;
  return fault;
}

Fault ListItems(size_t items) {
  Fault fault;
  fault.list_items = items;
  return fault;
}

}  // namespace kosmo::fakes::faults
