// The fake Sinch Numbers API: GET /v1/projects/{projectId}/activeNumbers[/{phoneNumber}] with
// Basic auth (access key id and secret), strict like the real one: only the query parameters
// sinch-sdk-python's ListActiveNumbersRequest sends (numbers/models/v1/internal), errors in the
// Numbers API's {"error": {code, message, status, details}} shape. Two rented numbers, so that
// filters and token paging are visible.
#include "fakes/fake_sinch_numbers_routes.h"

#include <regex>
#include <set>

#include "lib/http/base64.h"

namespace kosmo::fakes {
namespace {

constexpr std::string_view kActiveNumbers = R"([
  {"phoneNumber": "+12025550134", "projectId": "51bc3f40-f266-4ca8-8938-a1ed0ff32b9a",
   "displayName": "", "regionCode": "US", "type": "LOCAL", "capability": ["SMS", "VOICE"],
   "money": {"currencyCode": "USD", "amount": "2.00"}, "paymentIntervalMonths": 1,
   "nextChargeDate": "2025-01-24T14:15:22Z", "expireAt": "2025-02-24T14:15:22Z",
   "smsConfiguration": {"servicePlanId": "jd63jf88477ll123ab4567cd89012ef3", "campaignId": ""},
   "voiceConfiguration": {"appId": ""}, "callbackUrl": ""},
  {"phoneNumber": "+447520651234", "projectId": "51bc3f40-f266-4ca8-8938-a1ed0ff32b9a",
   "displayName": "Support", "regionCode": "GB", "type": "MOBILE", "capability": ["SMS"],
   "money": {"currencyCode": "GBP", "amount": "1.50"}, "paymentIntervalMonths": 1,
   "nextChargeDate": "2025-01-24T14:15:22Z", "expireAt": "2025-02-24T14:15:22Z",
   "smsConfiguration": {"servicePlanId": "jd63jf88477ll123ab4567cd89012ef3", "campaignId": ""},
   "voiceConfiguration": {"appId": ""}, "callbackUrl": ""}])";

const std::set<std::string> kListQuery = {"regionCode",
                                          "type",
                                          "pageSize",
                                          "pageToken",
                                          "capabilities",
                                          "numberPattern.pattern",
                                          "numberPattern.searchPattern",
                                          "orderBy"};
const std::set<std::string> kNumberTypes = {"MOBILE", "LOCAL", "TOLL_FREE"};
constexpr const char kTokenPrefix[] = "next-";  // opaque to clients; here "next-<offset>"

const char* numbers_status(int status) {
  switch (status) {
    case 400:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 404:
      return "NOT_FOUND";
    default:
      return "INTERNAL";
  }
}

Reply numbers_error(int status, std::string_view message) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& allocator = doc.GetAllocator();
  rapidjson::Value error(rapidjson::kObjectType);
  error.AddMember("code", status, allocator);
  set_string(doc, error, "message", message);
  set_string(doc, error, "status", numbers_status(status));
  error.AddMember("details", rapidjson::Value(rapidjson::kArrayType), allocator);
  doc.AddMember("error", error, allocator);
  return json_reply(doc, status);
}

// Basic auth with "<key id>:<key secret>", both non-empty; anything else (a Bearer SMS token
// included) is a 401.
Responder with_access_key(Responder respond) {
  return [respond = std::move(respond)](const RouteRequest& request) {
    const std::string authorization = request.raw.header("authorization");
    std::string pair;
    if (authorization.rfind("Basic ", 0) != 0 ||
        !http::base64_decode(authorization.substr(6), pair)) {
      pair.clear();
    }
    const size_t colon = pair.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == pair.size()) {
      return numbers_error(401, "Request had invalid authentication credentials.");
    }
    return respond(request);
  };
}

std::string list_query_problem(const RouteRequest& request) {
  for (const auto& entry : request.params) {
    const std::string& name = entry.first;
    const std::string& value = entry.second;
    if (kListQuery.count(name) == 0) return "Invalid query parameter '" + name + "'";
    if (name == "type" && kNumberTypes.count(value) == 0) return "Invalid type '" + value + "'";
    if (name == "pageSize" && !std::regex_match(value, std::regex(R"([1-9]\d{0,3})"))) {
      return "Invalid pageSize '" + value + "'";
    }
    if (name == "regionCode" && !std::regex_match(value, std::regex("[A-Z]{2}"))) {
      return "Invalid regionCode '" + value + "'";
    }
    if (name == "pageToken" && value.rfind(kTokenPrefix, 0) != 0) {
      return "Invalid pageToken '" + value + "'";
    }
  }
  return "";
}

bool matches_filters(const rapidjson::Value& number, const RouteRequest& request) {
  const std::string region = request.param("regionCode");
  const std::string type = request.param("type");
  return (region.empty() || region == number["regionCode"].GetString()) &&
         (type.empty() || type == number["type"].GetString());
}

// {activeNumbers, nextPageToken, totalSize}: the filtered numbers from the token's offset.
Reply list_active_numbers(const RouteRequest& request) {
  const std::string problem = list_query_problem(request);
  if (!problem.empty()) return numbers_error(400, problem);
  const rapidjson::Document all = parse_json(kActiveNumbers);
  std::vector<const rapidjson::Value*> matching;
  for (const auto& number : all.GetArray()) {
    if (matches_filters(number, request)) matching.push_back(&number);
  }
  const std::string token = request.param("pageToken");
  const size_t offset = token.empty() ? 0 : std::stoul(token.substr(sizeof(kTokenPrefix) - 1));
  const size_t page_size = static_cast<size_t>(request.int_param("pageSize", 100));
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& allocator = doc.GetAllocator();
  rapidjson::Value page(rapidjson::kArrayType);
  for (size_t i = offset; i < matching.size() && i < offset + page_size; ++i) {
    page.PushBack(rapidjson::Value(*matching[i], allocator), allocator);
  }
  const bool more = offset + page_size < matching.size();
  doc.AddMember("activeNumbers", page, allocator);
  set_string(doc, doc, "nextPageToken",
             more ? kTokenPrefix + std::to_string(offset + page_size) : std::string());
  doc.AddMember("totalSize", static_cast<int64_t>(matching.size()), allocator);
  return json_reply(doc);
}

// Any E.164 number is rented here (the seed's example number included), shaped like the first.
Reply get_active_number(const RouteRequest& request) {
  if (!request.params.empty()) {
    return numbers_error(400, "Invalid query parameter '" + request.params.begin()->first + "'");
  }
  const std::string& number = request.captures[1];
  if (!std::regex_match(number, std::regex(R"(\+[1-9]\d{4,14})"))) {
    return numbers_error(400, "Invalid phone number '" + number + "'");
  }
  rapidjson::Document all = parse_json(kActiveNumbers);
  rapidjson::Document doc;
  doc.CopyFrom(all[0], doc.GetAllocator());
  set_string(doc, doc, "phoneNumber", number);
  return json_reply(doc);
}

std::string numbers_path(const std::string& tail) {
  return std::string(kSinchNumbersPrefix) + "/v1/projects/([^/]+)/activeNumbers" + tail;
}

}  // namespace

std::vector<Route> sinch_numbers_routes() {
  const Responder not_found = [](const RouteRequest& request) {
    return numbers_error(404, "Not found: " + request.raw.method + " " + request.raw.path);
  };
  std::vector<Route> routes = {
      {"GET", numbers_path(""), with_access_key(list_active_numbers)},
      {"GET", numbers_path("/([^/]+)"), with_access_key(get_active_number)},
  };
  // Everything else under the prefix answers in the Numbers API's own error shape.
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    routes.push_back({method, std::string(kSinchNumbersPrefix) + "/.*", not_found});
  }
  return routes;
}

}  // namespace kosmo::fakes
