#include "lib/cli/last_resort_envelope.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace kosmo::cli {
namespace {

// Text built on the stack; what does not fit is cut (the messages are short constants).
class FixedText {
 public:
  void add(std::string_view text) {
    for (const char c : text) put(c);
  }
  void add_json_string_pieces(std::string_view first, std::string_view second) {
    put('"');
    add_escaped(first);
    add_escaped(second);
    put('"');
  }
  void add_json_string(std::string_view text) { add_json_string_pieces(text, {}); }
  void add_escaped(std::string_view text) {
    constexpr char kHex[] = "0123456789abcdef";
    for (const char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        put('\\');
        put(c);
      } else if (byte < 0x20) {
        add("\\u00");
        put(kHex[byte >> 4]);
        put(kHex[byte & 0xf]);
      } else {
        put(c);
      }
    }
  }
  void add_number(size_t value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    add(std::string_view(digits, static_cast<size_t>(end - digits)));
  }
  void write_to(int fd) const {
    size_t done = 0;
    while (done < size_) {
      const ssize_t n = ::write(fd, buffer_ + done, size_ - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }

 private:
  void put(char c) {
    if (size_ < sizeof buffer_) buffer_[size_++] = c;
  }
  char buffer_[2048];
  size_t size_ = 0;
};

constexpr std::string_view kStuck = "; the script was stuck in a host call";

}  // namespace

void write_last_resort_envelope(int fd, const LastResortFacts& facts) {
  FixedText text;
  text.add("{\n  \"success\": false,\n  \"output\": \"\",\n  \"error\": ");
  text.add_json_string_pieces(facts.error, kStuck);
  text.add(",\n  \"error_code\": ");
  text.add_json_string(facts.error_code);
  text.add(",\n  \"result\": null,\n  \"execution_time_ms\": 0.0,\n  \"memory_usage\": ");
  text.add_number(facts.memory_usage);
  text.add(",\n  \"integration_calls\": [],\n  \"meta\": {\n    \"permission_bypassed\": ");
  text.add(facts.permission_bypassed ? "true" : "false");
  text.add(",\n    \"dry_run\": ");
  text.add(facts.dry_run ? "true" : "false");
  text.add(",\n    \"schema_version\": 1\n  }\n}\n");
  text.write_to(fd);
}

void write_last_resort_error_line(int fd, std::string_view message) {
  FixedText text;
  text.add("Error: ");
  text.add(message);
  text.add(kStuck);
  text.add("\n");
  text.write_to(fd);
}

void write_last_resort_warning(int fd, std::string_view message) {
  FixedText text;
  text.add("warning: ");
  text.add(message);
  text.add("; the Lua run is stuck in a host call and ends when that call returns\n");
  text.write_to(fd);
}

}  // namespace kosmo::cli
