#include "lib/gateway/tool_names.h"

#include <array>
#include <cstdint>

namespace kosmo::gateway {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\0';
}

std::string base64url(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) |
                 uint8_t(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;  // unpadded, as KosmoKrator's rtrim(..., '=')
}

// Accepts the standard alphabet too, and padding, as PHP's base64_decode after strtr does.
std::optional<std::string> from_base64url(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    else if (c >= '0' && c <= '9') value = c - '0' + 52;
    else if (c == '-' || c == '+') value = 62;
    else if (c == '_' || c == '/') value = 63;
    else return std::nullopt;
    buffer = (buffer << 6) | uint32_t(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

std::string identifier(std::string_view value) {
  while (!value.empty() && is_space(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_space(value.back())) value.remove_suffix(1);
  std::string out;
  bool in_run = false;
  for (char c : value) {
    char lower = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    if (is_name_char(lower)) {
      out += lower;
      in_run = false;
    } else if (!in_run) {
      out += '_';
      in_run = true;
    }
  }
  size_t start = out.find_first_not_of('_');
  if (start == std::string::npos) return "tool";
  size_t end = out.find_last_not_of('_');
  return out.substr(start, end - start + 1);
}

std::string integration_tool_name(std::string_view provider, std::string_view function) {
  return "integration__" + identifier(provider) + "__" + identifier(function);
}

std::string upstream_tool_name(std::string_view server, std::string_view tool) {
  return "mcp__" + identifier(server) + "__" + identifier(tool);
}

std::optional<ParsedToolName> parse_tool_name(std::string_view name) {
  size_t first = name.find("__");
  if (first == std::string_view::npos) return std::nullopt;
  size_t second = name.find("__", first + 2);
  if (second == std::string_view::npos) return std::nullopt;
  std::string_view kind = name.substr(0, first);
  ParsedToolName parsed;
  if (kind == "integration") {
    parsed.kind = ParsedToolName::Kind::kIntegration;
  } else if (kind == "mcp") {
    parsed.kind = ParsedToolName::Kind::kMcp;
  } else {
    return std::nullopt;
  }
  parsed.space = std::string(name.substr(first + 2, second - first - 2));
  parsed.function = std::string(name.substr(second + 2));
  return parsed;
}

std::string gateway_resource_uri(std::string_view server, std::string_view uri) {
  return "kosmo://mcp/" + std::string(server) + "/" + base64url(uri);
}

std::optional<ResourceAddress> parse_gateway_resource_uri(std::string_view uri) {
  for (std::string_view scheme : {std::string_view("kosmo://mcp/"),
                                  std::string_view("kosmokrator://mcp/")}) {
    if (uri.substr(0, scheme.size()) != scheme) continue;
    std::string_view rest = uri.substr(scheme.size());
    size_t slash = rest.find('/');
    if (slash == 0 || slash == std::string_view::npos || slash + 1 == rest.size()) {
      return std::nullopt;
    }
    std::optional<std::string> decoded = from_base64url(rest.substr(slash + 1));
    if (!decoded) return std::nullopt;
    return ResourceAddress{std::string(rest.substr(0, slash)), std::move(*decoded)};
  }
  return std::nullopt;
}

}  // namespace kosmo::gateway
