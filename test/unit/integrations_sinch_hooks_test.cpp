// Sinch's hooks through the HookContext seam, with the shipped manifest: which function each
// seed call reaches, with which arguments, and what is refused before anything is sent.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lib/integrations/catalog.h"
#include "test/unit/shipped_catalog_test.h"
#include "lib/integrations/function_hooks.h"

namespace kosmo::integrations {
namespace {

struct Performed {
  std::string function;   // the short name the hook sent
  std::string arguments;  // the names of the arguments it forwarded, comma-separated
};

std::string argument_names(const rapidjson::Value& arguments) {
  std::string names;
  for (auto member = arguments.MemberBegin(); member != arguments.MemberEnd(); ++member) {
    names += std::string(names.empty() ? "" : ",") + member->name.GetString();
  }
  return names;
}

class SinchHooks : public kosmo::testing::ShippedCatalogTest {
 protected:
  // Runs `name`'s hook with `arguments` (JSON); each request it asks for answers `reply`.
  lua::CallOutcome run(const char* name, const char* arguments, const char* reply = "{}") {
    const Manifest& sinch = *catalog_->integration("sinch");
    HookContext context{sinch, *catalog_,
                        [this, reply](const Function& function, const rapidjson::Value& sent,
                                      lua::CallOutcome& outcome) {
                          performed_.push_back({function.name, argument_names(sent)});
                          outcome.ok = true;
                          outcome.attempts = 1;
                          outcome.data.Parse(reply);
                        }};
    rapidjson::Document parsed;
    parsed.Parse(arguments);
    lua::CallOutcome outcome;
    EXPECT_TRUE(run_hook(*catalog_->function(sinch, name), parsed, context, outcome));
    return outcome;
  }

  std::vector<Performed> performed_;
};


TEST_F(SinchHooks, InboundDirectionListsInbounds) {
  const lua::CallOutcome outcome =
      run("list_messages", R"({"direction": "mo", "to": "+1", "start_date": "2024-01-01",
                               "page": 1})");
  EXPECT_TRUE(outcome.ok);
  ASSERT_EQ(performed_.size(), 1u);
  EXPECT_EQ(performed_[0].function, "list_inbounds");
  EXPECT_EQ(performed_[0].arguments, "to,start_date,page");
}

TEST_F(SinchHooks, OutboundDirectionListsBatchesWithTheSenderFilter) {
  run("list_messages", R"({"direction": "mt", "from": "Kosmo", "end_date": "2024-02-01"})");
  ASSERT_EQ(performed_.size(), 1u);
  EXPECT_EQ(performed_[0].function, "list_batches");
  EXPECT_EQ(performed_[0].arguments, "from,end_date");
}

TEST_F(SinchHooks, NoDirectionMergesBothPages) {
  const lua::CallOutcome outcome =
      run("list_messages", R"({"page_size": 5})",
          R"({"count": 3, "page": 0, "page_size": 5, "inbounds": [], "batches": []})");
  ASSERT_TRUE(outcome.ok);
  ASSERT_EQ(performed_.size(), 2u);
  EXPECT_EQ(performed_[0].function, "list_inbounds");
  EXPECT_EQ(performed_[1].function, "list_batches");
  EXPECT_EQ(outcome.data["count"].GetInt64(), 6);
  EXPECT_TRUE(outcome.data.HasMember("inbounds"));
  EXPECT_TRUE(outcome.data.HasMember("batches"));
  EXPECT_EQ(outcome.attempts, 2);
}

TEST_F(SinchHooks, FiltersOfTheOtherDirectionAreRefusedBeforeAnyRequest) {
  for (const char* arguments :
       {R"({"direction": "mo", "from": "x"})", R"({"direction": "mt", "to": "x"})",
        R"({"to": "x"})", R"({"from": "x"})"}) {
    SCOPED_TRACE(arguments);
    const lua::CallOutcome outcome = run("list_messages", arguments);
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.error_code, ErrorCode::kIntegration);
    EXPECT_NE(outcome.error_message.find("No external call was made."), std::string::npos);
  }
  EXPECT_TRUE(performed_.empty());
}

TEST_F(SinchHooks, PhoneNumbersTakePageZeroAndRefuseOtherPages) {
  EXPECT_TRUE(run("list_phone_numbers", R"({"page": 0, "page_size": 30})").ok);
  ASSERT_EQ(performed_.size(), 1u);
  EXPECT_EQ(performed_[0].function, "list_active_numbers");
  EXPECT_EQ(performed_[0].arguments, "page_size");

  const lua::CallOutcome refused = run("list_phone_numbers", R"({"page": 1})");
  EXPECT_FALSE(refused.ok);
  EXPECT_NE(refused.error_message.find("page_token"), std::string::npos);
  EXPECT_EQ(performed_.size(), 1u);
}

}  // namespace
}  // namespace kosmo::integrations
