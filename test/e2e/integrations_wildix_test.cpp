// End to end: every Wildix function (the 6 seed functions, sent as PBX call history and
// colleague requests, and the 32 WMS/PBX operations) through the built binary against the fake
// Wildix PBX: the exact request it sends (method, path, query with repeated filter keys and
// comma lists, Bearer token, JSON body with the camelCase wire names) and the value Lua sees,
// including the seed's shapes, {success=true} for empty bodies and {body=…} for text.
#include <gtest/gtest.h>

#include "e2e/integrations_wildix_agora_fixture.h"

namespace kosmo::e2e {
namespace {

constexpr const char kSuccess[] = R"({"success": true})";

// What the fake PBX holds (ids as in the seed's examples), as the seed functions hand it back:
// call call-123 with from, to and status next to the PBX's fields, and the colleagues Gift and
// Ada (Ada also as an extension: number and user_name).
constexpr const char kCall123[] = R"({"id": "call-123", "start": "2026-01-15 09:30:00",
  "answer": "2026-01-15 09:30:05", "end": "2026-01-15 09:33:04", "from_name": "Customer",
  "from_number": "+15550100", "to_name": "Front desk", "to_number": "201",
  "disposition": "ANSWERED", "billsec": "179", "duration": "184",
  "channel": "SIP/trunk-0000028a", "type": "call", "from": "+15550100", "to": "201",
  "status": "ANSWERED"})";
const std::string kAdaFields = R"("dn": "uid=2951882,o=com0,dc=wildix", "id": "ext-456",
  "name": "Ada Lovelace", "extension": "201", "officePhone": "", "mobilePhone": "",
  "faxNumber": "", "email": "ada@example.com", "pbxDn": "pbxid=000c29044037,dc=wildix",
  "role": "admin", "groupDn": "groupid=1,o=com0,dc=wildix", "language": "en",
  "dialplan": "users", "faxDialplan": "users", "department": "Support")";
const std::string kAda = "{" + kAdaFields + "}";
const std::string kAdaAsExtension =
    "{" + kAdaFields + R"(, "number": "201", "user_name": "Ada Lovelace"})";
constexpr const char kGift[] = R"({"dn": "uid=2951881,o=com0,dc=wildix", "id": "2951881",
  "name": "Gift Frolund", "extension": "27973", "officePhone": "", "mobilePhone": "+38093527973",
  "faxNumber": "+38063527973", "email": "gift_frolund@example.com",
  "pbxDn": "pbxid=000c29044037,dc=wildix", "role": "user",
  "groupDn": "groupid=1,o=com0,dc=wildix", "language": "en", "dialplan": "users",
  "faxDialplan": "users", "department": "Sales"})";

const WireCase kWildixCases[] = {
    // The seed functions on the PBX: page/limit become start/count, a date range the call
    // history's start filter; the answers come back in the seed's shapes.
    {"list_calls", R"({date_from = "2026-01-01", date_to = "2026-01-31", limit = 50})", "GET",
     "/api/v1/CallHistory/",
     "start=0&count=50&filter%5Bstart%5D%5Bfrom%5D=2026-01-01"
     "&filter%5Bstart%5D%5Bto%5D=2026-01-31%2023%3A59%3A59",
     "", "read", R"({"calls": [)" + std::string(kCall123) + R"(], "total": 1, "page": 1,
                    "limit": 50})"},
    {"get_call", R"({id = "call-123"})", "GET", "/api/v1/CallHistory/",
     "count=1&filter%5Bid%5D=call-123", "", "read", kCall123},
    {"list_extensions", "{limit = 1, page = 2}", "GET", "/api/v1/PBX/Colleagues",
     "start=1&count=1", "", "read",
     R"({"extensions": [)" + kAdaAsExtension + R"(], "total": 2, "page": 2,
                         "limit": 1})"},
    {"get_extension", R"({id = "ext-456"})", "GET", "/api/v1/Colleagues/ext-456", "", "", "read",
     kAdaAsExtension},
    {"list_users", "{}", "GET", "/api/v1/PBX/Colleagues", "start=0&count=25", "", "read",
     R"({"users": [)" + std::string(kGift) + ", " + kAda + R"(], "total": 2, "page": 1,
                    "limit": 25})"},
    {"get_current_user", "{}", "GET", "/api/v1/personal/info", "", "", "read", kAda},
    // WMS/PBX call control: user in the query, the rest in the body; empty answers.
    {"call_control_answer", R"({user = "100", sip_call_id = "sip-1", device = "Web"})", "POST",
     "/api/v2/call-control/answer", "user=100", R"({"device": "Web", "sipCallId": "sip-1"})",
     "write", kSuccess},
    {"call_control_attendant_transfer",
     R"({user = "201", destination = "202", sip_call_id = "sip-2"})", "POST",
     "/api/v2/call-control/attendant-transfer", "user=201",
     R"({"destination": "202", "sipCallId": "sip-2"})", "write", kSuccess},
    {"call_control_blind_transfer", R"({destination = "+15550100", sip_call_id = "sip-3"})", "POST",
     "/api/v2/call-control/blind-transfer", "",
     R"({"destination": "+15550100", "sipCallId": "sip-3"})", "write", kSuccess},
    {"call_control_dtmf", R"({user = "201", digits = "1*#", sip_call_id = "sip-4"})", "POST",
     "/api/v2/call-control/dtmf", "user=201", R"({"digits": "1*#", "sipCallId": "sip-4"})", "write",
     kSuccess},
    {"call_control_hangup", R"({user = "201", reason = "done", sip_call_id = "sip-5"})", "POST",
     "/api/v2/call-control/hangup", "user=201", R"({"reason": "done", "sipCallId": "sip-5"})",
     "write", kSuccess},
    {"call_control_hold", R"({sip_call_id = "sip-6"})", "POST", "/api/v2/call-control/hold", "",
     R"({"sipCallId": "sip-6"})", "write", kSuccess},
    {"call_control_make_call", R"({user = "201", destination = "+15550100", device = "WP480G"})",
     "POST", "/api/v2/call-control/make-call", "user=201",
     R"({"destination": "+15550100", "device": "WP480G"})", "write", kSuccess},
    {"call_control_unhold", R"({user = "201", sip_call_id = "sip-6"})", "POST",
     "/api/v2/call-control/unhold", "user=201", R"({"sipCallId": "sip-6"})", "write", kSuccess},
    {"call_control_update_contact_info",
     R"({user = "201", name = "Customer", phone = "+15550100", sip_call_id = "sip-7"})", "POST",
     "/api/v2/call-control/update-contact-info", "user=201",
     R"({"name": "Customer", "phone": "+15550100", "sipCallId": "sip-7"})", "write", kSuccess},
    // Configuration writes.
    {"create_pbx_acl_group",
     R"({name = "Support", rules = {"call.record", "chat.read"}, inherits = "Default",
         wcgrp = "wc1"})",
     "POST", "/api/v1/pbx/aclgroups", "",
     R"({"inherits": "Default", "name": "Support", "rules": ["call.record", "chat.read"],
         "wcgrp": "wc1"})",
     "write"},
    {"create_pbx_colleague",
     R"({name = "Grace Hopper", extension = "245", email = "grace@example.com",
         mobile_phone = "+15550145", group_dn = "groupid=1,o=com0,dc=wildix",
         fax_dialplan = "users", license_type = "premium", sip_password = "s1p"})",
     "POST", "/api/v1/PBX/Colleagues", "",
     R"({"email": "grace@example.com", "extension": "245", "faxDialplan": "users",
         "groupDn": "groupid=1,o=com0,dc=wildix", "licenseType": "premium",
         "mobilePhone": "+15550145", "name": "Grace Hopper", "sipPassword": "s1p"})",
     "write"},
    {"create_pbx_o_auth2_client",
     R"({name = "CRM", expire_time = 1798761600, redirect_uri = {"https://crm.example.com/cb"}})",
     "POST", "/api/v1/pbx/applications/oauth2", "",
     R"({"expireTime": 1798761600, "name": "CRM",
         "redirectUri": ["https://crm.example.com/cb"]})",
     "write"},
    {"delete_pbx_acl_group", R"({id = "acl-7"})", "DELETE", "/api/v1/pbx/aclgroups/acl-7", "", "",
     "write", kSuccess},
    {"delete_pbx_colleague", R"({id = "2951999"})", "DELETE", "/api/v1/PBX/Colleagues/2951999", "",
     "", "write", kSuccess},
    {"delete_pbx_o_auth2_client", R"({id = "oauth-client-1"})", "DELETE",
     "/api/v1/pbx/applications/oauth2/oauth-client-1", "", "", "write", kSuccess},
    {"update_pbx_o_auth2_client",
     R"({id = "oauth-client-1", name = "CRM v2", redirect_uri = {"https://crm.example.com/v2"}})",
     "PUT", "/api/v1/pbx/applications/oauth2/oauth-client-1", "",
     R"({"name": "CRM v2", "redirectUri": ["https://crm.example.com/v2"]})", "write"},
    // Reads: path parameters percent-encoded, arrays as repeated query keys.
    {"get_call_queues_settings", R"({group_id = "queue 800"})", "GET",
     "/api/v1/pbx/settings/callqueues/queue%20800", ""},
    {"get_colleague_by_id", R"({id = "2951881"})", "GET", "/api/v1/Colleagues/2951881", ""},
    {"get_pbx_acl_groups_permissions",
     R"({groups = {"Default", "Support"}, permissions = {"call.record"}})", "GET",
     "/api/v1/pbx/aclgroups/permissions",
     "groups%5B%5D=Default&groups%5B%5D=Support&permissions%5B%5D=call.record"},
    {"get_pbx_call_groups", "{}", "GET", "/api/v1/Dialplan/CallGroups", ""},
    {"get_pbx_colleagues",
     R"({filter_email = {"ada@example.com", "nobody@example.com"}, filter_role = {"admin"},
         fields = {"name", "email"}, search = "ada", start = 0, count = 10, dir = "ASC",
         search_strategy = "contains"})",
     "GET", "/api/v1/PBX/Colleagues",
     "filter%5Bemail%5D%5B%5D=ada%40example.com&filter%5Bemail%5D%5B%5D=nobody%40example.com"
     "&filter%5Brole%5D%5B%5D=admin&fields=name%2Cemail&search=ada&start=0&count=10"
     "&dir=ASC&searchStrategy=contains"},
    {"get_pbxes", "{}", "GET", "/api/v1/network/pbxes", ""},
    {"get_pbx_o_auth2_clients", "{}", "GET", "/api/v1/pbx/applications/oauth2", ""},
    {"get_personal_info", R"({fields = {"name", "email"}})", "GET", "/api/v1/personal/info",
     "fields=name%2Cemail"},
    {"list_pbx_departments", "{}", "GET", "/api/v1/Departments", ""},
    {"list_pbx_groups", "{}", "GET", "/api/v1/Groups", ""},
    {"list_user_active_calls", R"({user = "201"})", "GET", "/api/v2/call-control/list-calls",
     "user=201"},
    {"list_user_devices", R"({user = "201"})", "GET", "/api/v2/call-control/list-devices",
     "user=201"},
    // Other writes: notifications, originate (a text answer), broadcasts.
    {"notifications",
     R"({broadcast_id = "b1", broadcast_message = "Motion at the door", event = "motion",
         from = "Camera 1", notification_type = "alert", priority = 2, play_frequency = 10,
         skip_transcribe = true})",
     "POST", "/api/v1/notifications", "",
     R"({"broadcastId": "b1", "broadcastMessage": "Motion at the door", "event": "motion",
         "from": "Camera 1", "notificationType": "alert", "playFrequency": 10, "priority": 2,
         "skipTranscribe": true})",
     "write"},
    {"originate",
     R"({channel = "SIP/201", exten = "202", context = "users", priority = "1",
         callerid = "Front desk <201>", async = "true"})",
     "POST", "/api/v1/originate", "",
     R"({"async": "true", "callerid": "Front desk <201>", "channel": "SIP/201",
         "context": "users", "exten": "202", "priority": "1"})",
     "write", R"({"body": "Response: Success\r\nMessage: Originate successfully queued\r\n"})"},
    {"originate_call",
     R"({number = "+15550100", name = "Customer", postpone = "14 07 2026 15:35"})", "POST",
     "/api/v1/originate/call", "",
     R"({"name": "Customer", "number": "+15550100", "postpone": "14 07 2026 15:35"})", "write"},
    {"reload_broadcasts", "{}", "POST", "/api/v1/broadcasts/reload", "", "", "write", kSuccess},
};

class WildixFunctionTest : public WildixTest, public ::testing::WithParamInterface<WireCase> {};

TEST_P(WildixFunctionTest, SendsTheDocumentedRequestAndReturnsWhatLuaSees) {
  const WireCase& c = GetParam();
  const std::vector<std::string> flags =
      c.operation == "write" ? std::vector<std::string>{"--force"} : std::vector<std::string>{};
  KosmoRun run = Lua("return app.integrations.wildix." + c.name + "(" + c.args + ")", flags);
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();

  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, c.method);
  EXPECT_EQ(request.path, "/wildix" + c.path);
  EXPECT_EQ(request.query, c.query);
  EXPECT_EQ(request.header("authorization"), "Bearer " + token_);
  EXPECT_EQ(request.header("accept"), "application/json");
  if (c.body.empty()) {
    EXPECT_EQ(request.body, "");
    EXPECT_FALSE(request.has_header("content-type"));
  } else {
    EXPECT_EQ(request.header("content-type"), "application/json");
    EXPECT_TRUE(SameJson(c.body, ParseJson(request.body)));
  }
  EXPECT_EQ(request.response_status, c.http_status) << request.response_body;
  ASSERT_NE(run.result(), nullptr) << run.Describe();
  EXPECT_TRUE(SameJson(c.result.empty() ? request.response_body : c.result, *run.result()));
  EXPECT_TRUE(CallMatches(
      run, 0,
      {"integrations.wildix." + c.name, "wildix_" + c.name, c.operation, "ok", c.http_status}));
  ExpectNoSecrets(run, all_secrets());
}

INSTANTIATE_TEST_SUITE_P(AllFunctions, WildixFunctionTest, ::testing::ValuesIn(kWildixCases),
                         [](const auto& info) { return info.param.name; });

TEST(WildixCases, CoverEveryFunction) { EXPECT_EQ(std::size(kWildixCases), 6u + 32u); }

using WildixNamesTest = WildixTest;

TEST_F(WildixNamesTest, SlugsAccountsAndRawQueryAndPayloadObjects) {
  SetEnv("KOSMO_WILDIX__SUPPORT__ACCESS_TOKEN", token_ + "-support");
  SetEnv("KOSMO_WILDIX__SUPPORT__URL", base_url() + "/");
  KosmoRun run = Lua(R"(
    local w = app.integrations.wildix
    local a = w.wildix_get_current_user({})
    local b = w.support.get_pbx_colleagues({query = {["filter[email][]"] = {"ada@example.com"}}})
    local c = w.call_control_hangup({sip_call_id = "s-1",
                                     payload = {sipCallId = "raw", reason = "x"}})
    local d = w.get_call("8290")
    return a.name, #b.result.records, c.success, d.id)",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(SameJson(R"(["Ada Lovelace", 1, true, "8290"])", run.envelope["result"]));
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].path, "/wildix/api/v1/personal/info");
  EXPECT_EQ(requests[1].query, "filter%5Bemail%5D%5B%5D=ada%40example.com");
  EXPECT_EQ(requests[1].header("authorization"), "Bearer " + token_ + "-support");
  EXPECT_TRUE(SameJson(R"({"sipCallId": "s-1", "reason": "x"})", ParseJson(requests[2].body)))
      << "named parameters override payload keys";
  EXPECT_EQ(requests[3].path, "/wildix/api/v1/CallHistory/");
  EXPECT_EQ(requests[3].query, "count=1&filter%5Bid%5D=8290");
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.wildix.wildix_get_current_user", "wildix_get_current_user"}));
  EXPECT_TRUE(CallMatches(run, 1,
                          {"integrations.wildix.support.get_pbx_colleagues",
                           "wildix_get_pbx_colleagues", "read", "ok", 200, 1, "support"}));
}

TEST_F(WildixNamesTest, ArgumentsAreCheckedBeforeAnyRequest) {
  KosmoRun missing =
      Lua("return app.integrations.wildix.call_control_hold({user = '201'})", {"--force"});
  EXPECT_EQ(missing.exit_code(), 1) << missing.Describe();
  EXPECT_EQ(missing.error(),
            "Invalid arguments for app.integrations.wildix.call_control_hold (missing: "
            "sip_call_id). No external call was made.");
  KosmoRun wrong = Lua(R"(return app.integrations.wildix.get_pbx_colleagues({
                            filter_email = "one", sipCallId = "x"}))");
  EXPECT_EQ(wrong.exit_code(), 1) << wrong.Describe();
  EXPECT_NE(wrong.error().find("wrong type: filter_email (expected array)"), std::string::npos)
      << wrong.error();
  EXPECT_NE(wrong.error().find("unknown: sipCallId"), std::string::npos) << wrong.error();
  EXPECT_EQ(server().request_count(), 0u);
}

}  // namespace
}  // namespace kosmo::e2e
