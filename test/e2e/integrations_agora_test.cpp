// End to end: every Agora function against the fake Agora API — the seed's legacy functions
// (Bearer api_key under <url>/...) and Cloud Recording (Basic customer credentials under
// <url>/v1/apps/<app_id>/cloud_recording/...) — the exact request and the value Lua sees, and
// start_recording in its three forms: legacy, cloud with resource_id, acquire-then-start.
#include <gtest/gtest.h>

#include "e2e/integrations_wildix_agora_fixture.h"

namespace kosmo::e2e {
namespace {

const WireCase kAgoraCases[] = {
    {"list_projects", "{}", "GET", "/projects", ""},
    {"get_project", R"({project_id = "rkKbefMME"})", "GET", "/projects/rkKbefMME", ""},
    {"create_project",
     R"({name = "my-video-app", sign_key = true, recording_config = '{"max_idle_time": 30}'})",
     "POST", "/projects", "",
     R"({"name": "my-video-app", "recording_config": {"max_idle_time": 30}, "sign_key": true})",
     "write", "", 201},
    {"list_recordings",
     R"({cname = "meeting-room", limit = 10, start_ts = 1700000000, end_ts = 1700003600})", "GET",
     "/recordings", "cname=meeting-room&limit=10&start_ts=1700000000&end_ts=1700003600"},
    {"get_recording", R"({recording_id = "sid-abc123"})", "GET", "/recordings/sid-abc123", ""},
    // The seed's start_recording (no mode): the legacy endpoint with the seed's body.
    {"start_recording",
     R"({cname = "meeting-room", uid = "527841", clientRequest = {
         recordingConfig = {maxIdleTime = 30, streamTypes = 2},
         storageConfig = {vendor = 1, region = 0, bucket = "my-recordings",
                          fileNamePrefix = {"agora", "rec"}}}})",
     "POST", "/recordings/start", "",
     R"({"cname": "meeting-room", "uid": "527841", "clientRequest": {
         "recordingConfig": {"maxIdleTime": 30, "streamTypes": 2},
         "storageConfig": {"vendor": 1, "region": 0, "bucket": "my-recordings",
                           "fileNamePrefix": ["agora", "rec"]}}})",
     "write"},
    {"get_current_user", "{}", "GET", "/users/me", "", "", "read",
     R"({"ok": true,
         "user": {"id": "u_123", "name": "Ada Lovelace", "email": "ada@example.com"}})"},
    // Cloud Recording: explicit parameters override raw client_request keys.
    {"acquire_recording_resource",
     R"({cname = "team-standup", uid = "527841", scene = 0, resource_expired_hour = 12,
         client_request = {resourceExpiredHour = 24, region = "NA"}})",
     "POST", "/v1/apps/app%20id-1/cloud_recording/acquire", "",
     R"({"cname": "team-standup", "uid": "527841",
         "clientRequest": {"resourceExpiredHour": 12, "region": "NA", "scene": 0}})",
     "write"},
    {"query_recording", R"({resource_id = "RID-1", sid = "sid-1", mode = "Web_Page"})", "GET",
     "/v1/apps/app%20id-1/cloud_recording/resourceid/RID-1/sid/sid-1/mode/web/query", ""},
    {"update_recording",
     R"({resource_id = "RID-1", sid = "sid-1", mode = "composite", cname = "team-standup",
         uid = "527841", stream_subscribe = {audioUidList = {subscribeAudioUids = {"#allstream#"}}},
         client_request = {webRecorderConfig = {onhold = false}}})",
     "POST", "/v1/apps/app%20id-1/cloud_recording/resourceid/RID-1/sid/sid-1/mode/mix/update", "",
     R"({"cname": "team-standup", "uid": "527841", "clientRequest": {
         "webRecorderConfig": {"onhold": false},
         "streamSubscribe": {"audioUidList": {"subscribeAudioUids": ["#allstream#"]}}}})",
     "write"},
    {"update_recording_layout",
     R"({resource_id = "RID-1", sid = "sid-1", cname = "team-standup", uid = "527841",
         mixed_video_layout = 3, background_color = "#000000",
         layout_config = {{uid = "1001", x_axis = 0.5, y_axis = 0, width = 0.5, height = 1}}})",
     "POST", "/v1/apps/app%20id-1/cloud_recording/resourceid/RID-1/sid/sid-1/mode/mix/updateLayout",
     "",
     R"({"cname": "team-standup", "uid": "527841", "clientRequest": {
         "mixedVideoLayout": 3, "backgroundColor": "#000000",
         "layoutConfig": [{"uid": "1001", "x_axis": 0.5, "y_axis": 0, "width": 0.5,
                           "height": 1}]}})",
     "write"},
    {"stop_recording",
     R"({resource_id = "RID-1", sid = "sid-1", mode = "individual", cname = "team-standup",
         uid = "527841", async_stop = true})",
     "POST", "/v1/apps/app%20id-1/cloud_recording/resourceid/RID-1/sid/sid-1/mode/individual/stop",
     "", R"({"cname": "team-standup", "uid": "527841", "clientRequest": {"async_stop": true}})",
     "write"},
    {"get_notification_ips", "{}", "GET", "/v1/ncs/ip", ""},
};

class AgoraFunctionTest : public AgoraTest, public ::testing::WithParamInterface<WireCase> {};

TEST_P(AgoraFunctionTest, SendsTheDocumentedRequestAndReturnsWhatLuaSees) {
  const WireCase& c = GetParam();
  const std::vector<std::string> flags =
      c.operation == "write" ? std::vector<std::string>{"--force"} : std::vector<std::string>{};
  KosmoRun run = Lua("return app.integrations.agora." + c.name + "(" + c.args + ")", flags);
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();

  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, c.method);
  EXPECT_EQ(request.path, "/agora" + c.path);
  EXPECT_EQ(request.query, c.query);
  EXPECT_EQ(request.header("authorization"), authorization_for(c.path));
  if (c.body.empty()) {
    EXPECT_EQ(request.body, "");
  } else {
    EXPECT_EQ(request.header("content-type"), "application/json");
    EXPECT_TRUE(SameJson(c.body, ParseJson(request.body)));
  }
  EXPECT_EQ(request.response_status, c.http_status) << request.response_body;
  ASSERT_NE(run.result(), nullptr) << run.Describe();
  EXPECT_TRUE(SameJson(c.result.empty() ? request.response_body : c.result, *run.result()));
  EXPECT_TRUE(CallMatches(
      run, 0,
      {"integrations.agora." + c.name, "agora_" + c.name, c.operation, "ok", c.http_status}));
  ExpectNoSecrets(run, all_secrets());
}

INSTANTIATE_TEST_SUITE_P(AllFunctions, AgoraFunctionTest, ::testing::ValuesIn(kAgoraCases),
                         [](const auto& info) { return info.param.name; });

TEST(AgoraCases, CoverEveryPublicFunction) { EXPECT_EQ(std::size(kAgoraCases), 7u + 6u); }

using AgoraStartRecordingTest = AgoraTest;

TEST_F(AgoraStartRecordingTest, WithModeAndResourceIdStartsTheCloudRecording) {
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "team-standup", uid = "527841", resource_id = "RID-1", mode = "MIX",
      token = "rtc-token", recording_config = {maxIdleTime = 30},
      storage_config = '{"vendor": 1, "region": 0, "bucket": "b"}',
      clientRequest = {recordingFileConfig = {avFileType = {"hls"}}}}))",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, CloudPath("/resourceid/RID-1/mode/mix/start"));
  EXPECT_EQ(request.header("authorization"), authorization_for("/v1/"));
  EXPECT_TRUE(SameJson(R"({"cname": "team-standup", "uid": "527841", "clientRequest": {
                             "recordingFileConfig": {"avFileType": ["hls"]},
                             "token": "rtc-token", "recordingConfig": {"maxIdleTime": 30},
                             "storageConfig": {"vendor": 1, "region": 0, "bucket": "b"}}})",
                       ParseJson(request.body)));
  ASSERT_NE(run.result(), nullptr);
  EXPECT_TRUE(SameJson(R"({"cname": "team-standup", "uid": "527841", "resourceId": "RID-1",
                           "sid": "38f8e3cfdc474cd56fc1ceba380d7e1a"})",
                       *run.result()));
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.agora.start_recording", "agora_start_recording", "write", "ok", 200}));
  ExpectNoSecrets(run, all_secrets());
}

TEST_F(AgoraStartRecordingTest, WithModeOnlyAcquiresAResourceThenStartsWithIt) {
  KosmoRun run = Lua(R"(return app.integrations.agora.agora_start_recording({
      cname = "team-standup", uid = "527841", mode = "individual", scene = 0,
      resource_expired_hour = 24, storage_config = {vendor = 1, bucket = "b"}}))",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, CloudPath("/acquire"));
  EXPECT_TRUE(SameJson(R"({"cname": "team-standup", "uid": "527841",
                           "clientRequest": {"scene": 0, "resourceExpiredHour": 24}})",
                       ParseJson(requests[0].body)))
      << "the acquire gets its own arguments, not the start's";
  const std::string resource_id = ParseJson(requests[0].response_body)["resourceId"].GetString();
  EXPECT_EQ(requests[1].path, CloudPath("/resourceid/" + resource_id + "/mode/individual/start"));
  EXPECT_TRUE(SameJson(R"({"cname": "team-standup", "uid": "527841",
                           "clientRequest": {"storageConfig": {"vendor": 1, "bucket": "b"}}})",
                       ParseJson(requests[1].body)));
  for (const auto& request : requests) {
    EXPECT_EQ(request.header("authorization"), authorization_for("/v1/"));
  }
  ASSERT_NE(run.result(), nullptr);
  EXPECT_TRUE(SameJson(requests[1].response_body, *run.result()));
  EXPECT_EQ(run.call_count(), 1u);
}

// Disabled until the engine keeps the call-log fields across the hook's two requests: the
// agora_start_recording hook resets its outcome after the acquire (`outcome =
// lua::CallOutcome{}` in lib/integrations/function_hooks.cpp), which also erases the function,
// account and operation that IntegrationRuntime::resolve() set, so the entry reads "".
TEST_F(AgoraStartRecordingTest, AcquireThenStartIsLoggedAsOneStartRecordingCall) {
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "c", uid = "1", mode = "mix"}))",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.call_count(), 1u);
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.agora.start_recording", "agora_start_recording", "write", "ok", 200}));
}

TEST_F(AgoraStartRecordingTest, DryRunOfAcquireThenStartShowsTheAcquire) {
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "c", uid = "1", mode = "web"}))",
                     {"--dry-run"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  ASSERT_NE(run.result(), nullptr);
  EXPECT_TRUE(SameJson(R"({"dry_run": true, "function": "agora_acquire_recording_resource",
                           "request": {"method": "POST", "url": ")" +
                           server().origin() + CloudPath("/acquire") + R"(", "query": {},
                           "body": {"cname": "c", "uid": "1", "clientRequest": {}}}})",
                       *run.result()));
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(AgoraStartRecordingTest, AnAcquireWithoutResourceIdStopsBeforeTheStart) {
  server().inject(fakes::faults::Status(200, R"({"cname": "c", "uid": "1"})"),
                  CloudPath("/acquire"));
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "c", uid = "1", mode = "mix"}))",
                     {"--force"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error(), "Agora acquire returned no resourceId; the recording was not started.");
  EXPECT_EQ(server().request_count(), 1u);
}

TEST_F(AgoraStartRecordingTest, AnUnknownModeIsRejectedBeforeAnyRequest) {
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "c", uid = "1", mode = "panorama"}))",
                     {"--force"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_NE(
      run.error().find("invalid: mode (one of individual|mix|web|composite|web_page|webpage)"),
      std::string::npos)
      << run.error();
  EXPECT_EQ(server().request_count(), 0u);
}

}  // namespace
}  // namespace kosmo::e2e
