// The hook table: the names the parser accepts are exactly the hooks run_hook runs, and a hook
// keeps doing what it did when run_hook dispatched by hand.
#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "lib/integrations/function_hooks.h"

namespace kosmo::integrations {
namespace {

TEST(IntegrationsFunctionHooks, RegistersTheHooksTheManifestsUse) {
  EXPECT_EQ(registered_hook_names(),
            (std::vector<std::string_view>{"unsupported", "agora_start_recording",
                                           "agora_project_list", "agora_project",
                                           "missive_list_conversations", "missive_create_task",
                                           "sinch_list_messages", "sinch_list_phone_numbers",
                                           "wildix_pbx_translation"}));
  EXPECT_TRUE(is_registered_hook("agora_start_recording"));
  EXPECT_FALSE(is_registered_hook("Unsupported"));
  EXPECT_FALSE(is_registered_hook(""));
}

class HookRun : public ::testing::Test {
 protected:
  // Runs `function`'s hook with no arguments, counting the generic requests it asks for.
  bool run(const Function& function) {
    HookContext context{
        manifest_, catalog_,
        [this](const Function&, const rapidjson::Value&, lua::CallOutcome&) { ++performed_; }};
    const rapidjson::Document arguments(rapidjson::kObjectType);
    return run_hook(function, arguments, context, outcome_);
  }

  Manifest manifest_;
  Catalog catalog_ = Catalog::from({});
  lua::CallOutcome outcome_;
  int performed_ = 0;
};

TEST_F(HookRun, AFunctionWithoutAHookIsLeftToTheGenericEngine) {
  Function function;
  function.slug = "my_f";
  EXPECT_FALSE(run(function));
  EXPECT_EQ(performed_, 0);
}

TEST_F(HookRun, UnsupportedFailsWithTheManifestsMessage) {
  Function function;
  function.slug = "my_f";
  function.hook = "unsupported";
  function.hook_message = "Use list_batches instead.";
  EXPECT_TRUE(run(function));
  EXPECT_FALSE(outcome_.ok);
  EXPECT_EQ(outcome_.error_message, "Use list_batches instead.");
  EXPECT_EQ(outcome_.error_code, ErrorCode::kIntegration);
  EXPECT_EQ(performed_, 0);
}

TEST_F(HookRun, UnsupportedWithoutAMessageNamesTheFunction) {
  Function function;
  function.slug = "my_f";
  function.hook = "unsupported";
  EXPECT_TRUE(run(function));
  EXPECT_EQ(outcome_.error_message, "my_f is not supported.");
}

// start_recording has no request of its own: it sends Cloud Recording's acquire and start.
TEST_F(HookRun, AgoraStartRecordingWithoutItsCloudFunctionsSendsNothing) {
  Function function;
  function.slug = "agora_start_recording";
  function.hook = "agora_start_recording";
  EXPECT_TRUE(run(function));
  EXPECT_FALSE(outcome_.ok);
  EXPECT_EQ(outcome_.error_message,
            " manifest lacks the function 'cloud_start_recording' its hook needs.");
  EXPECT_EQ(performed_, 0);
}

// create_project's recording_config has no place in Agora's project API: refused, not dropped.
TEST_F(HookRun, AgoraProjectRefusesRecordingConfigBeforeAnyRequest) {
  Function function;
  function.name = "create_project";
  function.hook = "agora_project";
  manifest_.name = "agora";
  HookContext context{
      manifest_, catalog_,
      [this](const Function&, const rapidjson::Value&, lua::CallOutcome&) { ++performed_; }};
  rapidjson::Document arguments;
  arguments.Parse(R"({"name": "x", "recording_config": {}})");
  EXPECT_TRUE(run_hook(function, arguments, context, outcome_));
  EXPECT_FALSE(outcome_.ok);
  EXPECT_EQ(outcome_.error_code, ErrorCode::kIntegration);
  EXPECT_EQ(outcome_.error_message.rfind("agora.create_project cannot send recording_config", 0),
            0u)
      << outcome_.error_message;
  EXPECT_EQ(performed_, 0);
}

TEST_F(HookRun, AHookNameBuiltByHandThatIsNotRegisteredIsAnError) {
  Function function;
  function.slug = "my_f";
  function.hook = "no_such_hook";
  EXPECT_TRUE(run(function));
  EXPECT_FALSE(outcome_.ok);
  EXPECT_EQ(outcome_.error_message, "my_f names an unknown hook 'no_such_hook'.");
}

}  // namespace
}  // namespace kosmo::integrations
