// The fake Sinch SMS REST API under /xms/v1/{service_plan_id}. Shapes follow Sinch's public
// reference (batches, inbounds, groups) and the Numbers API's active numbers for /numbers,
// which the reference implementation calls under the service plan (reference §1.4, §5.1).
#include "fakes/fake_vendor_routes.h"

namespace kosmo::fakes {
namespace {

constexpr const char kPlan[] = "/xms/v1/([^/]+)";

constexpr std::string_view kBatch = R"({"id": "01FC66621XXXXX119Z8PMV1QPQ", "type": "mt_text",
  "to": ["+15551231234", "+15551256344"], "from": "+15557654321", "body": "Hello from Sinch!",
  "canceled": false, "delivery_report": "none", "created_at": "2019-08-24T14:15:22Z",
  "modified_at": "2019-08-24T14:17:22Z", "send_at": "2019-08-24T14:15:22Z",
  "expire_at": "2019-08-27T14:15:22Z", "flash_message": false})";

constexpr std::string_view kInbound = R"({"type": "mo_text", "id": "01FC66621XXXXX119Z8PMV1QPA",
  "from": "+11203494390", "to": "+11203453453", "body": "This is a test message",
  "operator_id": "310260", "received_at": "2019-08-24T14:15:22Z"})";

constexpr std::string_view kGroup = R"({"id": "01FC66621VHDBN119Z8PMV1QPQ",
  "name": "My new customers", "size": 2, "created_at": "2019-08-24T14:15:22Z",
  "modified_at": "2019-08-24T14:15:22Z", "child_groups": ["01FC66621VHDBN119Z8PMV1AHY"],
  "auto_update": {"to": "+15551231234", "add": {"first_word": "JOIN"},
                  "remove": {"first_word": "STOP"}}})";

constexpr std::string_view kActiveNumber = R"({"phoneNumber": "+12025550134",
  "projectId": "51bc3f40-f266-4ca8-8938-a1ed0ff32b9a", "displayName": "", "regionCode": "US",
  "type": "LOCAL", "capability": ["SMS", "VOICE"],
  "money": {"currencyCode": "USD", "amount": "2.00"}, "paymentIntervalMonths": 1,
  "nextChargeDate": "2025-01-24T14:15:22Z", "expireAt": "2025-02-24T14:15:22Z",
  "smsConfiguration": {"servicePlanId": "jd63jf88477ll123ab4567cd89012ef3", "campaignId": ""},
  "voiceConfiguration": {"appId": ""}, "callbackUrl": ""})";

// {"count", "page", "page_size", <key>: items}, paging echoed from the query as Sinch does.
Reply page_of(const RouteRequest& request, const char* key,
              const std::vector<std::string_view>& items) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& allocator = doc.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (std::string_view item : items) {
    rapidjson::Document parsed = parse_json(item);
    list.PushBack(rapidjson::Value(parsed, allocator), allocator);
  }
  doc.AddMember("count", static_cast<int64_t>(items.size()), allocator);
  doc.AddMember("page", static_cast<int64_t>(request.int_param("page", 0)), allocator);
  doc.AddMember("page_size", static_cast<int64_t>(request.int_param("page_size", 30)), allocator);
  doc.AddMember(rapidjson::StringRef(key), list, allocator);
  return json_reply(doc);
}

Reply list_messages(const RouteRequest& request) {
  const std::string direction = request.param("direction");
  if (direction == "mo") return page_of(request, "messages", {kInbound});
  if (direction == "mt") return page_of(request, "messages", {kBatch});
  return page_of(request, "messages", {kBatch, kInbound});
}

// POST /batches (and the reference's POST /messages): the created batch, HTTP 201.
Reply send_batch(const RouteRequest& request) {
  rapidjson::Document sent;
  sent.Parse(request.raw.body.c_str());
  if (sent.HasParseError() || !sent.IsObject()) {
    return error_reply(Vendor::kSinch, 400, "Request body is not a JSON object");
  }
  auto present = [&](const char* key) { return sent.HasMember(key); };
  if (!present("from") || !sent["from"].IsString()) {
    return error_reply(Vendor::kSinch, 400, "Field 'from' is required");
  }
  if (!present("to") || !sent["to"].IsArray() || sent["to"].Empty()) {
    return error_reply(Vendor::kSinch, 400, "Field 'to' must be a non-empty list");
  }
  if (!present("body") || !sent["body"].IsString()) {
    return error_reply(Vendor::kSinch, 400, "Field 'body' is required");
  }
  rapidjson::Document batch = parse_json(kBatch);
  for (const char* key : {"from", "to", "body", "delivery_report", "send_at", "expire_at"}) {
    if (present(key)) set_member(batch, batch, key, sent[key]);
  }
  return json_reply(batch, 201);
}

Reply with_string(std::string_view canned, const char* key, const std::string& value) {
  rapidjson::Document doc = parse_json(canned);
  set_string(doc, doc, key, value);
  return json_reply(doc);
}

Reply list_numbers(const RouteRequest&) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& allocator = doc.GetAllocator();
  rapidjson::Document number = parse_json(kActiveNumber);
  rapidjson::Value list(rapidjson::kArrayType);
  list.PushBack(rapidjson::Value(number, allocator), allocator);
  doc.AddMember("activeNumbers", list, allocator);
  doc.AddMember("nextPageToken", "", allocator);
  doc.AddMember("totalSize", 1, allocator);
  return json_reply(doc);
}

// Sinch answers 401 to a request without a Bearer token.
Responder authenticated(Responder respond) {
  return [respond = std::move(respond)](const RouteRequest& request) {
    if (request.raw.header("authorization").rfind("Bearer ", 0) != 0) {
      return error_reply(Vendor::kSinch, 401, "Missing or invalid Authorization header");
    }
    return respond(request);
  };
}

Route route(const char* method, const std::string& tail, Responder respond) {
  return {method, kPlan + tail, authenticated(std::move(respond))};
}

}  // namespace

std::vector<Route> sinch_routes() {
  return {
      route("GET", "/messages", list_messages),
      route("POST", "/messages", send_batch),
      route("POST", "/batches", send_batch),
      route("GET", "/batches",
            [](const RouteRequest& r) { return page_of(r, "batches", {kBatch}); }),
      route("GET", "/numbers", list_numbers),
      route("GET", "/numbers/(.+)",
            [](const RouteRequest& r) {
              return with_string(kActiveNumber, "phoneNumber", r.captures[1]);
            }),
      route("GET", "/groups", [](const RouteRequest& r) { return page_of(r, "groups", {kGroup}); }),
      route("GET", "/groups/(.+)",
            [](const RouteRequest& r) { return with_string(kGroup, "id", r.captures[1]); }),
  };
}

}  // namespace kosmo::fakes
