#pragma once
// Cassettes (spec §8): the HTTP exchanges of a run as a human-readable JSON file, written by
// --record and answered from by --replay. Format (documented for users in lua_docs/replay.md):
//
//   {"kosmo_cassette": 1, "interactions": [
//     {"request":  {"scope": "sinch", "method": "GET", "path": "/groups/g1", "query": "page=1",
//                   "url": "https://…/xms/v1/<redacted>/groups/g1", "body": null},
//      "response": {"status": 200, "headers": {"content-type": "application/json"},
//                   "body": {…}}}]}
//
// Bodies are stored as JSON when they parse, as text otherwise, and as base64 ("body_base64")
// when they are not UTF-8. A failed transfer is {"error": "<message>"} instead of a response.
// Each interaction is a call's final answer; "attempts" (default 1) says how many tries the
// retry policy made to get it, so a replayed call log matches the recorded one.
// Requests match on scope + method + path + query + body; url is informative only.
#include <rapidjson/document.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "lib/http/http_client.h"
#include "lib/http/redactor.h"

namespace kosmo::http {

struct CassetteRequest {
  std::string scope, method, path, query, url;
  std::string body;  // canonical text: compact JSON when the body is JSON, else as sent
};

struct Interaction {
  CassetteRequest request;
  HttpResult result;  // transport_ok false + transport_error for a failed transfer
};

// A cassette that cannot be read or does not follow the format: a configuration problem
// (config_error, exit 5) naming the file and what is wrong.
class CassetteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

CassetteRequest describe_request(const HttpRequest& request);

std::vector<Interaction> load_cassette(const std::filesystem::path& file);

// Serialises with every registered secret replaced, pretty-printed (2 spaces).
std::string render_cassette(const std::vector<Interaction>& interactions, const Redactor& redactor);

}  // namespace kosmo::http
