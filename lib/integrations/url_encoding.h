#pragma once
// Percent-encoding and query strings for requests built from manifests.
#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace kosmo::integrations {

// RFC 3986: everything but unreserved characters (A-Z a-z 0-9 - . _ ~) is %XX-encoded, so a
// path parameter can never add a segment ("/") or a query ("?"). The reference used PHP's
// urlencode (space as "+"), which is wrong inside paths; this is the deliberate difference.
std::string percent_encode(std::string_view text);

// How a JSON value is written as a query or path value: strings as they are, numbers as JSON,
// booleans as true/false (the reference sent 1/0), null as "".
std::string scalar_text(const rapidjson::Value& value);

// Appends `name=value` pairs to `query` ("a=1&b=2"): arrays repeat the key (k=v1&k=v2),
// objects nest as k[sub]=v, like the query strings vendor APIs document.
void append_query(std::string& query, std::string_view name, const rapidjson::Value& value);

}  // namespace kosmo::integrations
