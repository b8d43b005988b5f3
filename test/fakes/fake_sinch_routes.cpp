// The fake Sinch SMS REST API under /xms/v1/{service_plan_id}, strict like the real one: only
// the endpoints and query/body fields sinch-sdk-python sends (sinch/domains/sms/api/v1/internal
// and models/v1/internal), anything else a 400 in Sinch's {"code", "text"} shape, so a request
// that drifts from the real API fails its test. Shapes follow Sinch's reference (reference §5.1).
// The Numbers API half lives in fake_sinch_numbers_routes.cpp.
#include <regex>
#include <set>

#include "fakes/fake_sinch_numbers_routes.h"
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

// The query parameters each list endpoint takes (ListBatchesRequest, ListInboundsRequest,
// ListGroupsRequest); the rest of the endpoints take none.
const std::set<std::string> kBatchQuery = {"page",       "page_size", "from",
                                           "start_date", "end_date",  "client_reference"};
const std::set<std::string> kInboundQuery = {"page",       "page_size", "to",
                                             "start_date", "end_date",  "client_reference"};
const std::set<std::string> kGroupQuery = {"page", "page_size"};
// The fields of a text batch (TextRequest).
const std::set<std::string> kBatchFields = {"to",
                                            "from",
                                            "body",
                                            "type",
                                            "parameters",
                                            "delivery_report",
                                            "send_at",
                                            "expire_at",
                                            "callback_url",
                                            "client_reference",
                                            "feedback_enabled",
                                            "flash_message",
                                            "max_number_of_message_parts",
                                            "truncate_concat",
                                            "from_ton",
                                            "from_npi"};
const std::set<std::string> kDeliveryReports = {"none", "summary", "full", "per_recipient",
                                                "per_recipient_final"};

bool is_iso8601(const std::string& text) {
  static const std::regex kIso(
      R"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)");
  return std::regex_match(text, kIso);
}

bool is_count(const std::string& text) { return std::regex_match(text, std::regex(R"(\d{1,9})")); }

// The first problem of a query against the parameters an endpoint takes, or "".
std::string query_problem(const RouteRequest& request, const std::set<std::string>& allowed) {
  for (const auto& entry : request.params) {
    const std::string& name = entry.first;
    const std::string& value = entry.second;
    if (allowed.count(name) == 0) return "Unknown query parameter '" + name + "'";
    if (request.params.count(name) > 1) return "Query parameter '" + name + "' given twice";
    if ((name == "page" || name == "page_size") && !is_count(value)) {
      return "Invalid " + name + ": '" + value + "'";
    }
    if (name == "page_size" && (std::stoll(value) < 1 || std::stoll(value) > 100)) {
      return "page_size must be between 1 and 100";
    }
    if ((name == "start_date" || name == "end_date") && !is_iso8601(value)) {
      return "Invalid " + name + ": '" + value + "'";
    }
  }
  return "";
}

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

// A list endpoint: its query checked, then one page of `item`.
Responder list_of(const std::set<std::string>& allowed, const char* key, std::string_view item) {
  return [&allowed, key, item](const RouteRequest& request) {
    const std::string problem = query_problem(request, allowed);
    if (!problem.empty()) return error_reply(Vendor::kSinch, 400, problem);
    return page_of(request, key, {item});
  };
}

std::string body_problem(const rapidjson::Document& sent) {
  if (sent.HasParseError() || !sent.IsObject()) return "Request body is not a JSON object";
  for (auto member = sent.MemberBegin(); member != sent.MemberEnd(); ++member) {
    const std::string name = member->name.GetString();
    if (kBatchFields.count(name) == 0) return "Unknown field '" + name + "'";
  }
  if (!sent.HasMember("to") || !sent["to"].IsArray() || sent["to"].Empty()) {
    return "Field 'to' must be a non-empty list";
  }
  for (const auto& recipient : sent["to"].GetArray()) {
    if (!recipient.IsString()) return "Field 'to' must hold strings";
  }
  if (!sent.HasMember("body") || !sent["body"].IsString()) return "Field 'body' is required";
  if (sent.HasMember("from") && !sent["from"].IsString()) return "Field 'from' must be a string";
  if (sent.HasMember("delivery_report") &&
      (!sent["delivery_report"].IsString() ||
       kDeliveryReports.count(sent["delivery_report"].GetString()) == 0)) {
    return "Invalid delivery_report";
  }
  for (const char* key : {"send_at", "expire_at"}) {
    if (sent.HasMember(key) && (!sent[key].IsString() || !is_iso8601(sent[key].GetString()))) {
      return std::string("Invalid ") + key;
    }
  }
  return "";
}

// POST /batches: the created batch, HTTP 201.
Reply send_batch(const RouteRequest& request) {
  if (!request.params.empty()) {
    return error_reply(Vendor::kSinch, 400,
                       "Unknown query parameter '" + request.params.begin()->first + "'");
  }
  rapidjson::Document sent;
  sent.Parse(request.raw.body.c_str());
  const std::string problem = body_problem(sent);
  if (!problem.empty()) return error_reply(Vendor::kSinch, 400, problem);
  rapidjson::Document batch = parse_json(kBatch);
  for (const char* key : {"from", "to", "body", "delivery_report", "send_at", "expire_at"}) {
    if (sent.HasMember(key)) set_member(batch, batch, key, sent[key]);
  }
  return json_reply(batch, 201);
}

Reply get_group(const RouteRequest& request) {
  if (!request.params.empty()) {
    return error_reply(Vendor::kSinch, 400,
                       "Unknown query parameter '" + request.params.begin()->first + "'");
  }
  rapidjson::Document doc = parse_json(kGroup);
  set_string(doc, doc, "id", request.captures[1]);
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
  std::vector<Route> routes = {
      route("POST", "/batches", send_batch),
      route("GET", "/batches", list_of(kBatchQuery, "batches", kBatch)),
      route("GET", "/inbounds", list_of(kInboundQuery, "inbounds", kInbound)),
      route("GET", "/groups", list_of(kGroupQuery, "groups", kGroup)),
      route("GET", "/groups/(.+)", get_group),
  };
  for (Route& numbers : sinch_numbers_routes()) routes.push_back(std::move(numbers));
  return routes;
}

}  // namespace kosmo::fakes
