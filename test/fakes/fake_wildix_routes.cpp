// The fake Wildix API under /wildix: the legacy /api/v1 endpoints the seed functions call (not
// documented by Wildix; shapes from the legacy docs, reference §5.3) and the PBX's WMS API
// (/api/v1, /api/v2/call-control), whose answers are wrapped as {"type": "result", "result": …}.
// Some PBX writes answer an empty body and originate answers plain text, as the reference's
// {"success": true} and {"body": …} handling expects.
#include "fakes/fake_vendor_routes.h"

namespace kosmo::fakes {
namespace {

constexpr const char kRoot[] = "/wildix";

constexpr std::string_view kCall = R"({"id": "call-123", "status": "answered",
  "direction": "inbound", "from": "+15550100", "to": "201",
  "start_time": "2026-01-15T09:30:00Z", "duration": 184})";

constexpr std::string_view kExtension = R"({"id": "ext-456", "number": "201",
  "name": "Front desk", "user_name": "Ada Lovelace", "type": "user"})";

constexpr std::string_view kUser = R"({"id": "2951881", "name": "Ada Lovelace",
  "email": "ada@example.com", "extension": "201"})";

constexpr std::string_view kColleague = R"({"dn": "uid=2951881,o=com0,dc=wildix",
  "id": "2951881", "name": "Gift Frolund", "extension": "27973", "officePhone": "",
  "mobilePhone": "+38093527973", "faxNumber": "+38063527973",
  "email": "gift_frolund@example.com", "pbxDn": "pbxid=000c29044037,dc=wildix", "role": "user",
  "groupDn": "groupid=1,o=com0,dc=wildix", "language": "en", "dialplan": "users",
  "faxDialplan": "users", "department": "Sales"})";

constexpr std::string_view kSecondColleague = R"({"dn": "uid=2951882,o=com0,dc=wildix",
  "id": "2951882", "name": "Ada Lovelace", "extension": "201", "officePhone": "",
  "mobilePhone": "", "faxNumber": "", "email": "ada@example.com",
  "pbxDn": "pbxid=000c29044037,dc=wildix", "role": "admin",
  "groupDn": "groupid=1,o=com0,dc=wildix", "language": "en", "dialplan": "users",
  "faxDialplan": "users", "department": "Support"})";

constexpr std::string_view kActiveCall = R"({"sipCallId": "a84c9f0e-1b2c@pbx",
  "callerNumber": "+15550100", "callerName": "Customer", "calleeNumber": "201",
  "calleeName": "Front desk", "state": "talking", "duration": 42})";

constexpr std::string_view kOAuthClient = R"({"id": "oauth-client-1", "name": "CRM sync",
  "redirectUri": ["https://crm.example.com/callback"], "expireTime": 1798761600})";

rapidjson::Document body_of(const RouteRequest& request) {
  rapidjson::Document body;
  body.Parse(request.raw.body.c_str());
  if (body.HasParseError() || !body.IsObject()) body.SetObject();
  return body;
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

Reply canned_with(std::string_view canned, const char* key, const std::string& value) {
  rapidjson::Document doc = parse_json(canned);
  set_string(doc, doc, key, value);
  return json_reply(doc);
}

Reply empty_ok(const RouteRequest&) { return {200, "application/json", "", {}}; }

// {<key>: [item], "total": 1, "page": <page>, "limit": <limit>}, paging echoed from the query.
Reply legacy_page(const RouteRequest& request, const char* key, std::string_view item) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& allocator = doc.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  list.PushBack(rapidjson::Value(parse_json(item), allocator), allocator);
  doc.AddMember(rapidjson::StringRef(key), list, allocator);
  doc.AddMember("total", 1, allocator);
  doc.AddMember("page", static_cast<int64_t>(request.int_param("page", 1)), allocator);
  doc.AddMember("limit", static_cast<int64_t>(request.int_param("limit", 25)), allocator);
  return json_reply(doc);
}

// GET /api/v1/PBX/Colleagues and /api/v1/personal/info: every filter[<field>][] given must
// match (any of its repeated values), as the PBX filters.
Reply colleagues(const RouteRequest& request) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& allocator = doc.GetAllocator();
  rapidjson::Value records(rapidjson::kArrayType);
  for (std::string_view canned : {kColleague, kSecondColleague}) {
    rapidjson::Document colleague = parse_json(canned);
    bool keep = true;
    for (const auto& member : colleague.GetObject()) {
      const std::string key = std::string("filter[") + member.name.GetString() + "][]";
      auto [first, last] = request.params.equal_range(key);
      if (first == last) continue;
      bool any = false;
      for (auto it = first; it != last; ++it) any = any || it->second == member.value.GetString();
      keep = keep && any;
    }
    if (keep) records.PushBack(rapidjson::Value(colleague, allocator), allocator);
  }
  doc.AddMember("total", rapidjson::Value(std::to_string(records.Size()).c_str(), allocator),
                allocator);
  doc.AddMember("records", records, allocator);
  return result_of(doc);
}

// POST /api/v2/call-control/<action>: sipCallId is required except for make-call, which needs
// a destination. The PBX answers with an empty body.
Reply call_control(const RouteRequest& request) {
  const std::string& action = request.captures[0];
  const rapidjson::Document body = body_of(request);
  const char* needed = action == "make-call" ? "destination" : "sipCallId";
  if (!body.HasMember(needed) || !body[needed].IsString()) {
    return error_reply(Vendor::kWildix, 400, std::string(needed) + " is required");
  }
  return empty_ok(request);
}

// Echoes the posted JSON object inside a result, with an id, as PBX creates do.
Reply created(const RouteRequest& request, const char* id,
              std::initializer_list<const char*> needed) {
  rapidjson::Document body = body_of(request);
  for (const char* key : needed) {
    if (!body.HasMember(key)) {
      return error_reply(Vendor::kWildix, 400, std::string(key) + " is required");
    }
  }
  set_string(body, body, "id", id);
  return result_of(body);
}

Reply originate(const RouteRequest& request) {
  if (!body_of(request).HasMember("channel")) {
    return error_reply(Vendor::kWildix, 400, "channel is required");
  }
  return {200, "text/plain", "Response: Success\r\nMessage: Originate successfully queued\r\n", {}};
}

Reply acl_permissions(const RouteRequest& request) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& allocator = doc.GetAllocator();
  for (const char* key : {"groups[]", "permissions[]"}) {
    rapidjson::Value list(rapidjson::kArrayType);
    auto [first, last] = request.params.equal_range(key);
    for (auto it = first; it != last; ++it) {
      list.PushBack(rapidjson::Value(it->second.c_str(), allocator), allocator);
    }
    const std::string name(key, std::string_view(key).size() - 2);
    doc.AddMember(rapidjson::Value(name.c_str(), allocator), list, allocator);
  }
  return result_of(doc);
}

// Every Wildix request carries `Authorization: Bearer <token>`; anything else is a 401.
Responder authenticated(Responder respond) {
  return [respond = std::move(respond)](const RouteRequest& request) {
    if (request.raw.header("authorization").rfind("Bearer ", 0) != 0) {
      return error_reply(Vendor::kWildix, 401, "Unauthorized: a Bearer token is required");
    }
    return respond(request);
  };
}

Route route(const char* method, const std::string& tail, Responder respond) {
  return {method, kRoot + tail, authenticated(std::move(respond))};
}

Responder fixed(std::string_view canned) {
  return [canned](const RouteRequest&) { return result_text(canned); };
}

std::vector<Route> legacy_routes() {
  return {
      route("GET", "/api/v1/calls",
            [](const RouteRequest& r) { return legacy_page(r, "calls", kCall); }),
      route("GET", "/api/v1/calls/(.+)",
            [](const RouteRequest& r) { return canned_with(kCall, "id", r.captures[0]); }),
      route("GET", "/api/v1/extensions",
            [](const RouteRequest& r) { return legacy_page(r, "extensions", kExtension); }),
      route("GET", "/api/v1/extensions/(.+)",
            [](const RouteRequest& r) { return canned_with(kExtension, "id", r.captures[0]); }),
      route("GET", "/api/v1/users",
            [](const RouteRequest& r) { return legacy_page(r, "users", kUser); }),
      route("GET", "/api/v1/users/me",
            [](const RouteRequest&) { return json_reply(std::string(kUser)); }),
  };
}

std::vector<Route> pbx_routes() {
  return {
      route("POST",
            "/api/v2/call-control/(answer|attendant-transfer|blind-transfer|dtmf|hangup|"
            "hold|make-call|unhold|update-contact-info)",
            call_control),
      route("GET", "/api/v2/call-control/list-calls",
            [](const RouteRequest&) {
              return result_text(R"({"calls": [)" + std::string(kActiveCall) + "]}");
            }),
      route("GET", "/api/v2/call-control/list-devices",
            fixed(R"({"devices": [{"id": "dev-1", "name": "WP480G", "type": "sip"},
                                  {"id": "dev-2", "name": "Collaboration", "type": "webrtc"}]})")),
      route("GET", "/api/v1/PBX/Colleagues", colleagues),
      route("GET", "/api/v1/personal/info", fixed(kColleague)),
      route("GET", "/api/v1/Colleagues/(.+)",
            [](const RouteRequest& r) {
              rapidjson::Document colleague = parse_json(kColleague);
              set_string(colleague, colleague, "id", r.captures[0]);
              return result_of(colleague);
            }),
      route("POST", "/api/v1/PBX/Colleagues",
            [](const RouteRequest& r) {
              return created(r, "2951999", {"extension", "name"});
            }),
      route("DELETE", "/api/v1/PBX/Colleagues/(.+)", empty_ok),
      route("POST", "/api/v1/pbx/aclgroups",
            [](const RouteRequest& r) {
              return created(r, "acl-7", {"name", "rules"});
            }),
      route("GET", "/api/v1/pbx/aclgroups/permissions", acl_permissions),
      route("DELETE", "/api/v1/pbx/aclgroups/(.+)", empty_ok),
      route("GET", "/api/v1/pbx/applications/oauth2",
            [](const RouteRequest&) { return result_text("[" + std::string(kOAuthClient) + "]"); }),
      route("POST", "/api/v1/pbx/applications/oauth2",
            [](const RouteRequest& r) {
              return created(r, "oauth-client-2", {"expireTime", "name", "redirectUri"});
            }),
      route("PUT", "/api/v1/pbx/applications/oauth2/(.+)",
            [](const RouteRequest& r) {
              return created(r, r.captures[0].c_str(), {"name", "redirectUri"});
            }),
      route("DELETE", "/api/v1/pbx/applications/oauth2/(.+)", empty_ok),
      route("GET", "/api/v1/pbx/settings/callqueues/(.+)",
            [](const RouteRequest& r) {
              rapidjson::Document doc =
                  parse_json(R"({"strategy": "ringall", "maxWaitTime": 300, "wrapUpTime": 5})");
              set_string(doc, doc, "groupId", r.captures[0]);
              return result_of(doc);
            }),
      route(
          "GET", "/api/v1/Dialplan/CallGroups",
          fixed(R"({"total": "1", "records": [{"id": "1", "name": "Support", "number": "800"}]})")),
      route(
          "GET", "/api/v1/network/pbxes",
          fixed(R"([{"id": "000c29044037", "name": "example", "host": "example.wildixin.com"}])")),
      route("GET", "/api/v1/Departments", fixed(R"(["Sales", "Support"])")),
      route("GET", "/api/v1/Groups",
            fixed(R"({"total": "1", "records": [{"id": "1", "name": "Default"}]})")),
      route("POST", "/api/v1/notifications",
            [](const RouteRequest& r) {
              return created(
                  r, "notification-1",
                  {"broadcastId", "broadcastMessage", "event", "from", "notificationType"});
            }),
      route("POST", "/api/v1/originate", originate),
      route("POST", "/api/v1/originate/call",
            [](const RouteRequest& r) { return created(r, "originate-1", {"number"}); }),
      route("POST", "/api/v1/broadcasts/reload", empty_ok),
  };
}

}  // namespace

std::vector<Route> wildix_routes() {
  std::vector<Route> routes = legacy_routes();
  for (Route& route : pbx_routes()) routes.push_back(std::move(route));
  return routes;
}

}  // namespace kosmo::fakes
