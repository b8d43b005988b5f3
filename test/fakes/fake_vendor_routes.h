#pragma once
// Internal to the fake vendor server: the vendors' routes as plain functions from a request to a
// reply, so they know nothing of cpp-httplib, and the JSON helpers they share.
#include <rapidjson/document.h>

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/fake_vendor_server.h"

namespace kosmo::fakes {

enum class Vendor { kSinch, kAnthropic, kMissive, kWildix, kAgora };

// Sinch lives under /xms/; Missive, Wildix and Agora under /missive/, /wildix/ and /agora/ (the
// tests point those integrations' base URLs there, so their /v1 paths cannot collide with
// Anthropic's); everything else is Anthropic.
Vendor vendor_for_path(std::string_view path);

// An error body in the vendor's documented format.
std::string vendor_error_body(Vendor vendor, int status, std::string_view text);

struct RouteRequest {
  const RecordedRequest& raw;
  std::vector<std::string> captures;               // the pattern's groups, percent-decoded
  std::multimap<std::string, std::string> params;  // the query, decoded

  // The query parameter `name`, or `fallback` when absent.
  std::string param(const std::string& name, const std::string& fallback = "") const;
  // The query parameter as an integer, or `fallback` when absent or not a number.
  long long int_param(const std::string& name, long long fallback) const;
};

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  HeaderPairs headers;
};

using Responder = std::function<Reply(const RouteRequest&)>;
using Query = std::multimap<std::string, std::string>;

// The `list_items` fault (fake_vendor_paging.cpp): a successful list answer rebuilt to hold
// `items` numbered copies of its first item, cut to the page `query` asks for.
void page_list(const std::string& path, const Query& query, size_t items, Reply& reply);

struct Route {
  std::string method;   // GET POST DELETE
  std::string pattern;  // ECMAScript regex over the decoded path
  Responder respond;
};

std::vector<Route> sinch_routes();
std::vector<Route> anthropic_routes();
std::vector<Route> missive_routes();  // under /missive/v1
std::vector<Route> wildix_routes();   // under /wildix (legacy /api/v1 and PBX /api/v1, /api/v2)
std::vector<Route> agora_routes();    // under /agora (legacy /v1, Cloud Recording /v1/apps)

// JSON helpers. parse_json() aborts on invalid input: the canned bodies are ours.
rapidjson::Document parse_json(std::string_view text);
std::string to_json_text(const rapidjson::Value& value);
// Sets (or replaces) object[key] to a copy of `value` / the string `value`.
void set_member(rapidjson::Document& doc, rapidjson::Value& object, const char* key,
                const rapidjson::Value& value);
void set_string(rapidjson::Document& doc, rapidjson::Value& object, const char* key,
                std::string_view value);
// A JSON reply with `status`.
Reply json_reply(std::string body, int status = 200);
Reply json_reply(const rapidjson::Value& value, int status = 200);
// A vendor error reply.
Reply error_reply(Vendor vendor, int status, std::string_view text);

// The first query parameter of `request` / member of `object` (a JSON object; anything else has
// none) not in `allowed`, for routes that refuse what the vendor does not know.
std::optional<std::string> unknown_query_parameter(const RouteRequest& request,
                                                   const std::vector<std::string_view>& allowed);
std::optional<std::string> unknown_member(const rapidjson::Value& object,
                                          const std::vector<std::string_view>& allowed);

}  // namespace kosmo::fakes
