// The fake Wildix PBX under /wildix: the PBX API (/api/v1, /api/v2/call-control) at the paths of
// @wildix/wms-api-client and the PBX API manual (call history), answering
// {"type": "result", "result": …} as the PBX does. Strict like the PBX: only these paths exist,
// and every route refuses a query parameter or JSON body field it does not know with a 400 in
// the PBX's error shape {"type": "error", "reason": …, "code": …}, so a request that drifts from
// the real API fails its test. List parameters follow PHP's query parsing, which the PBX uses: a
// key without [] given twice keeps only its last value, so `fields` must travel comma-separated.
// Some writes answer an empty body and originate answers plain text.
#include <algorithm>
#include <iterator>
#include <optional>

#include "fakes/fake_vendor_routes.h"

namespace kosmo::fakes {
namespace {

constexpr const char kRoot[] = "/wildix";

constexpr std::string_view kCalls = R"([
  {"id": "call-123", "start": "2026-01-15 09:30:00", "answer": "2026-01-15 09:30:05",
   "end": "2026-01-15 09:33:04", "from_name": "Customer", "from_number": "+15550100",
   "to_name": "Front desk", "to_number": "201", "disposition": "ANSWERED", "billsec": "179",
   "duration": "184", "channel": "SIP/trunk-0000028a", "type": "call"},
  {"id": "8290", "start": "2026-02-02 14:00:00", "answer": "", "end": "2026-02-02 14:00:23",
   "from_name": "", "from_number": "+15550111", "to_name": "Ada Lovelace", "to_number": "202",
   "disposition": "NO ANSWER", "billsec": "0", "duration": "23",
   "channel": "SIP/trunk-0000028b", "type": "call"}])";

constexpr std::string_view kColleagues = R"([
  {"dn": "uid=2951881,o=com0,dc=wildix", "id": "2951881", "name": "Gift Frolund",
   "extension": "27973", "officePhone": "", "mobilePhone": "+38093527973",
   "faxNumber": "+38063527973", "email": "gift_frolund@example.com",
   "pbxDn": "pbxid=000c29044037,dc=wildix", "role": "user",
   "groupDn": "groupid=1,o=com0,dc=wildix", "language": "en", "dialplan": "users",
   "faxDialplan": "users", "department": "Sales"},
  {"dn": "uid=2951882,o=com0,dc=wildix", "id": "ext-456", "name": "Ada Lovelace",
   "extension": "201", "officePhone": "", "mobilePhone": "", "faxNumber": "",
   "email": "ada@example.com", "pbxDn": "pbxid=000c29044037,dc=wildix", "role": "admin",
   "groupDn": "groupid=1,o=com0,dc=wildix", "language": "en", "dialplan": "users",
   "faxDialplan": "users", "department": "Support"}])";

constexpr std::string_view kActiveCall = R"({"sipCallId": "a84c9f0e-1b2c@pbx",
  "callerNumber": "+15550100", "callerName": "Customer", "calleeNumber": "201",
  "calleeName": "Front desk", "state": "talking", "duration": 42})";

constexpr std::string_view kOAuthClient = R"({"id": "oauth-client-1", "name": "CRM sync",
  "redirectUri": ["https://crm.example.com/callback"], "expireTime": 1798761600})";

// The fields a colleague record has (GET /Colleagues/ in the PBX API manual) and those a call
// history record has (GET /CallHistory/).
const std::vector<std::string> kColleagueFields = {
    "id",         "name",        "extension", "officePhone", "mobilePhone", "email",   "role",
    "dialplan",   "faxDialplan", "department", "login",      "groupDn",     "pbxDn",   "licenseType"};
const std::vector<std::string> kCallFields = {
    "id",          "start",     "answer",  "end",      "billsec",  "disposition",
    "faxdata",     "from_name", "from_number", "to_name", "to_number", "lastapp",
    "userfield",   "lastdata",  "cost",    "channel",  "dstchannel", "type"};

// {"type": "error", "reason": …, "code": …}, as the PBX answers a refused request.
Reply pbx_error(int status, const std::string& reason) {
  rapidjson::Document doc(rapidjson::kObjectType);
  set_string(doc, doc, "type", "error");
  set_string(doc, doc, "reason", reason);
  doc.AddMember("code", status, doc.GetAllocator());
  return json_reply(doc, status);
}

// {"type": "result", "result": <result>}
Reply result_of(const rapidjson::Value& value) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& allocator = doc.GetAllocator();
  doc.AddMember("type", "result", allocator);
  doc.AddMember("result", rapidjson::Value(value, allocator), allocator);
  return json_reply(doc);
}

Reply result_text(std::string_view canned) { return result_of(parse_json(canned)); }

Reply empty_ok(const RouteRequest&) { return {200, "application/json", "", {}}; }

rapidjson::Document body_of(const RouteRequest& request) {
  rapidjson::Document body;
  body.Parse(request.raw.body.c_str());
  if (body.HasParseError() || !body.IsObject()) body.SetObject();
  return body;
}

// What one route takes: the query keys and JSON body fields it knows.
struct Accepts {
  std::vector<std::string> query;
  std::vector<std::string> body;
};

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The first query key or body field `accepts` does not know, as the PBX's 400; none: nullopt.
std::optional<Reply> refusal(const RouteRequest& request, const Accepts& accepts) {
  for (const auto& param : request.params) {
    if (!contains(accepts.query, param.first)) {
      return pbx_error(400, "Unknown parameter '" + param.first + "'");
    }
  }
  if (request.raw.method == "GET" || request.raw.method == "DELETE") return std::nullopt;
  const rapidjson::Document body = body_of(request);
  for (const auto& member : body.GetObject()) {
    const std::string field = member.name.GetString();
    if (!contains(accepts.body, field)) return pbx_error(400, "Unknown field '" + field + "'");
  }
  return std::nullopt;
}

// PHP's $_GET: the last value of a key (earlier repeats of a key without [] are lost).
std::string last_param(const RouteRequest& request, const std::string& key) {
  auto [first, last] = request.params.equal_range(key);
  return first == last ? "" : std::prev(last)->second;
}

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> items;
  for (size_t start = 0; start <= text.size() && !text.empty();) {
    const size_t end = std::min(text.find(',', start), text.size());
    items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

// The PBX's list answer: records kept by `keep`, then start/count paging and the `fields`
// projection, as {"total": "<n>", "records": […]} (the PBX counts as text).
template <typename Keep>
Reply records_page(const RouteRequest& request, std::string_view canned, Keep keep) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& allocator = doc.GetAllocator();
  const rapidjson::Document all = parse_json(canned);
  const std::vector<std::string> fields = comma_list(last_param(request, "fields"));
  const long long start = request.int_param("start", 0);
  const long long count = request.int_param("count", 100);
  rapidjson::Value records(rapidjson::kArrayType);
  long long matched = 0;
  for (const auto& record : all.GetArray()) {
    if (!keep(record)) continue;
    if (matched++ < start || static_cast<long long>(records.Size()) >= count) continue;
    rapidjson::Value kept(rapidjson::kObjectType);
    for (const auto& member : record.GetObject()) {
      if (!fields.empty() && !contains(fields, member.name.GetString())) continue;
      kept.AddMember(rapidjson::Value(member.name, allocator),
                     rapidjson::Value(member.value, allocator), allocator);
    }
    records.PushBack(kept, allocator);
  }
  doc.AddMember("total", rapidjson::Value(std::to_string(matched).c_str(), allocator), allocator);
  doc.AddMember("records", records, allocator);
  return result_of(doc);
}

Accepts colleague_query() {
  Accepts accepts{{"fields", "searchFields", "search", "sort", "start", "count", "dir",
                   "searchStrategy"},
                  {}};
  for (const std::string& field : kColleagueFields) {
    accepts.query.push_back("filter[" + field + "][]");
  }
  return accepts;
}

// GET /api/v1/PBX/Colleagues and /api/v1/personal/info: every filter[<field>][] given must
// match (any of its repeated values), as the PBX filters.
Reply colleagues(const RouteRequest& request) {
  return records_page(request, kColleagues, [&request](const rapidjson::Value& colleague) {
    for (const auto& member : colleague.GetObject()) {
      const std::string key = std::string("filter[") + member.name.GetString() + "][]";
      const auto range = request.params.equal_range(key);
      if (range.first == range.second) continue;
      bool any = false;
      for (auto it = range.first; it != range.second; ++it) {
        any = any || it->second == member.value.GetString();
      }
      if (!any) return false;
    }
    return true;
  });
}

Accepts call_history_query() {
  Accepts accepts{{"fields", "start", "count", "sort", "dir", "search", "searchFields"}, {}};
  for (const std::string& field : kCallFields) {
    for (const char* suffix : {"]", "][from]", "][to]"}) {
      accepts.query.push_back("filter[" + field + suffix);
    }
  }
  return accepts;
}

// GET /api/v1/CallHistory/: filter[<field>] matches exactly, filter[<field>][from|to] is an
// inclusive range compared as text ("YYYY-MM-DD HH:MM:SS" sorts by time).
Reply call_history(const RouteRequest& request) {
  return records_page(request, kCalls, [&request](const rapidjson::Value& call) {
    for (const std::string& field : kCallFields) {
      const std::string value = call.HasMember(field.c_str()) ? call[field.c_str()].GetString() : "";
      const std::string exact = last_param(request, "filter[" + field + "]");
      const std::string from = last_param(request, "filter[" + field + "][from]");
      const std::string to = last_param(request, "filter[" + field + "][to]");
      if (!exact.empty() && value != exact) return false;
      if (!from.empty() && value < from) return false;
      if (!to.empty() && value > to) return false;
    }
    return true;
  });
}

// POST /api/v2/call-control/<action>: sipCallId is required except for make-call, which needs
// a destination. The PBX answers with an empty body.
Reply call_control(const RouteRequest& request) {
  const std::string& action = request.captures[0];
  const rapidjson::Document body = body_of(request);
  const char* needed = action == "make-call" ? "destination" : "sipCallId";
  if (!body.HasMember(needed) || !body[needed].IsString()) {
    return pbx_error(400, std::string(needed) + " is required");
  }
  return empty_ok(request);
}

// The body fields of each call-control action (@wildix/wms-api-client's CallControl*Command).
Accepts call_control_fields(const std::string& action) {
  if (action == "answer") return {{"user"}, {"device", "sipCallId"}};
  if (action == "dtmf") return {{"user"}, {"digits", "sipCallId"}};
  if (action == "hangup") return {{"user"}, {"reason", "sipCallId"}};
  if (action == "make-call") return {{"user"}, {"destination", "device"}};
  if (action == "update-contact-info") return {{"user"}, {"name", "phone", "sipCallId"}};
  if (action == "hold" || action == "unhold") return {{"user"}, {"sipCallId"}};
  return {{"user"}, {"destination", "sipCallId"}};  // attendant- and blind-transfer
}

// Echoes the posted JSON object inside a result, with an id, as PBX creates do.
Reply created(const RouteRequest& request, const char* id,
              std::initializer_list<const char*> needed) {
  rapidjson::Document body = body_of(request);
  for (const char* key : needed) {
    if (!body.HasMember(key)) return pbx_error(400, std::string(key) + " is required");
  }
  set_string(body, body, "id", id);
  return result_of(body);
}

Reply originate(const RouteRequest& request) {
  if (!body_of(request).HasMember("channel")) return pbx_error(400, "channel is required");
  return {200, "text/plain", "Response: Success\r\nMessage: Originate successfully queued\r\n", {}};
}

Reply acl_permissions(const RouteRequest& request) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& allocator = doc.GetAllocator();
  for (const char* key : {"groups[]", "permissions[]"}) {
    rapidjson::Value list(rapidjson::kArrayType);
    const auto range = request.params.equal_range(key);
    for (auto it = range.first; it != range.second; ++it) {
      list.PushBack(rapidjson::Value(it->second.c_str(), allocator), allocator);
    }
    const std::string name(key, std::string_view(key).size() - 2);
    doc.AddMember(rapidjson::Value(name.c_str(), allocator), list, allocator);
  }
  return result_of(doc);
}

// Every request needs `Authorization: Bearer <token>` (a 401 otherwise) and only what the route
// accepts (a 400 otherwise); then the route answers.
Route route(const char* method, const std::string& tail, Accepts accepts, Responder respond) {
  return {method, kRoot + tail,
          [accepts = std::move(accepts), respond = std::move(respond)](const RouteRequest& r) {
            if (r.raw.header("authorization").rfind("Bearer ", 0) != 0) {
              return pbx_error(401, "Unauthorized: a Bearer token is required");
            }
            if (std::optional<Reply> refused = refusal(r, accepts)) return *refused;
            return respond(r);
          }};
}

Responder fixed(std::string_view canned) {
  return [canned](const RouteRequest&) { return result_text(canned); };
}

// Call control: each action refuses the body fields of the others.
Route call_control_route() {
  return {"POST",
          std::string(kRoot) +
              "/api/v2/call-control/(answer|attendant-transfer|blind-transfer|dtmf|hangup|hold|"
              "make-call|unhold|update-contact-info)",
          [](const RouteRequest& r) {
            if (r.raw.header("authorization").rfind("Bearer ", 0) != 0) {
              return pbx_error(401, "Unauthorized: a Bearer token is required");
            }
            if (auto refused = refusal(r, call_control_fields(r.captures[0]))) return *refused;
            return call_control(r);
          }};
}

std::vector<Route> directory_routes() {
  return {
      route("GET", "/api/v1/CallHistory/", call_history_query(), call_history),
      route("GET", "/api/v1/PBX/Colleagues", colleague_query(), colleagues),
      route("GET", "/api/v1/personal/info", colleague_query(),
            [](const RouteRequest&) {
              rapidjson::Document all = parse_json(kColleagues);
              return result_of(all[1]);  // the token belongs to Ada Lovelace
            }),
      route("GET", "/api/v1/Colleagues/(.+)", {},
            [](const RouteRequest& r) {
              const rapidjson::Document all = parse_json(kColleagues);
              for (const auto& colleague : all.GetArray()) {
                if (r.captures[0] == colleague["id"].GetString()) return result_of(colleague);
              }
              return pbx_error(404, "Colleague not found");
            }),
      route("POST", "/api/v1/PBX/Colleagues",
            {{},
             {"department", "dialplan", "email", "extension", "faxDialplan", "faxNumber",
              "groupDn", "language", "licenseType", "login", "mobilePhone", "name",
              "officePhone", "password", "role", "sipPassword"}},
            [](const RouteRequest& r) { return created(r, "2951999", {"extension", "name"}); }),
      route("DELETE", "/api/v1/PBX/Colleagues/(.+)", {}, empty_ok),
      route("GET", "/api/v1/Departments", {}, fixed(R"(["Sales", "Support"])")),
      route("GET", "/api/v1/Groups", {},
            fixed(R"({"total": "1", "records": [{"id": "1", "name": "Default"}]})")),
      route(
          "GET", "/api/v1/Dialplan/CallGroups", {},
          fixed(R"({"total": "1", "records": [{"id": "1", "name": "Support", "number": "800"}]})")),
      route(
          "GET", "/api/v1/network/pbxes", {},
          fixed(R"([{"id": "000c29044037", "name": "example", "host": "example.wildixin.com"}])")),
  };
}

std::vector<Route> pbx_routes() {
  return {
      call_control_route(),
      route("GET", "/api/v2/call-control/list-calls", {{"user"}, {}},
            [](const RouteRequest&) {
              return result_text(R"({"calls": [)" + std::string(kActiveCall) + "]}");
            }),
      route("GET", "/api/v2/call-control/list-devices", {{"user"}, {}},
            fixed(R"({"devices": [{"id": "dev-1", "name": "WP480G", "type": "sip"},
                                  {"id": "dev-2", "name": "Collaboration", "type": "webrtc"}]})")),
      route("POST", "/api/v1/pbx/aclgroups", {{}, {"inherits", "name", "rules", "wcgrp"}},
            [](const RouteRequest& r) { return created(r, "acl-7", {"name", "rules"}); }),
      route("GET", "/api/v1/pbx/aclgroups/permissions", {{"groups[]", "permissions[]"}, {}},
            acl_permissions),
      route("DELETE", "/api/v1/pbx/aclgroups/(.+)", {}, empty_ok),
      route("GET", "/api/v1/pbx/applications/oauth2", {},
            [](const RouteRequest&) { return result_text("[" + std::string(kOAuthClient) + "]"); }),
      route("POST", "/api/v1/pbx/applications/oauth2", {{}, {"expireTime", "name", "redirectUri"}},
            [](const RouteRequest& r) {
              return created(r, "oauth-client-2", {"expireTime", "name", "redirectUri"});
            }),
      route("PUT", "/api/v1/pbx/applications/oauth2/(.+)", {{}, {"name", "redirectUri"}},
            [](const RouteRequest& r) {
              return created(r, r.captures[0].c_str(), {"name", "redirectUri"});
            }),
      route("DELETE", "/api/v1/pbx/applications/oauth2/(.+)", {}, empty_ok),
      route("GET", "/api/v1/pbx/settings/callqueues/(.+)", {},
            [](const RouteRequest& r) {
              rapidjson::Document doc =
                  parse_json(R"({"strategy": "ringall", "maxWaitTime": 300, "wrapUpTime": 5})");
              set_string(doc, doc, "groupId", r.captures[0]);
              return result_of(doc);
            }),
      route("POST", "/api/v1/notifications",
            {{},
             {"broadcastId", "broadcastMessage", "confirmationTimeout", "customRid", "event",
              "from", "notificationType", "origin", "playFrequency", "priority", "queueTimeout",
              "skipTranscribe"}},
            [](const RouteRequest& r) {
              return created(
                  r, "notification-1",
                  {"broadcastId", "broadcastMessage", "event", "from", "notificationType"});
            }),
      route("POST", "/api/v1/originate",
            {{},
             {"account", "actionid", "application", "async", "callerid", "channel", "context",
              "data", "exten", "priority", "timeout", "variable"}},
            originate),
      route("POST", "/api/v1/originate/call", {{}, {"name", "number", "postpone"}},
            [](const RouteRequest& r) { return created(r, "originate-1", {"number"}); }),
      route("POST", "/api/v1/broadcasts/reload", {}, empty_ok),
  };
}

}  // namespace

std::vector<Route> wildix_routes() {
  std::vector<Route> routes = directory_routes();
  for (Route& route : pbx_routes()) routes.push_back(std::move(route));
  // Any other path (the old api.wildix.com ones included) is the PBX's 404, in its shape.
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    routes.push_back({method, std::string(kRoot) + "/.*",
                      [](const RouteRequest&) { return pbx_error(404, "404 Not Found"); }});
  }
  return routes;
}

}  // namespace kosmo::fakes
