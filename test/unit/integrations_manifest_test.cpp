// The manifest's derived facts: which functions send a JSON body (and so pass unknown arguments
// through), what values an enum parameter accepts, and what a user sees of the function list.
#include <gtest/gtest.h>

#include "lib/integrations/manifest.h"

namespace kosmo::integrations {
namespace {

Parameter parameter_in(ParamLocation in) {
  Parameter parameter;
  parameter.name = "p";
  parameter.in = in;
  return parameter;
}

TEST(IntegrationsManifest, AJsonBodyNeedsABodyParameterAndAMethodOtherThanGet) {
  Function post;
  post.method = "POST";
  EXPECT_FALSE(post.takes_json_body());  // nothing would go in a body
  post.parameters.push_back(parameter_in(ParamLocation::kQuery));
  EXPECT_FALSE(post.takes_json_body());
  post.parameters.push_back(parameter_in(ParamLocation::kBody));
  EXPECT_TRUE(post.takes_json_body());
  Function whole_body;
  whole_body.method = "PATCH";
  whole_body.parameters.push_back(parameter_in(ParamLocation::kBodyObject));
  EXPECT_TRUE(whole_body.takes_json_body());
  Function get = post;
  get.method = "GET";  // a read whose body the server ignores: unknown names stay errors
  EXPECT_FALSE(get.takes_json_body());
}

TEST(IntegrationsManifest, AcceptedValuesAreTheEnumThenItsAliases) {
  Parameter state;
  state.enum_values = {"todo", "in_progress", "closed"};
  state.value_map = {{"open", "todo"}, {"completed", "closed"}, {"todo", "todo"}};
  EXPECT_EQ(state.accepted_values(),
            (std::vector<std::string>{"todo", "in_progress", "closed", "completed", "open"}));
  Parameter free_text;
  free_text.value_map = {{"composite", "mix"}};
  EXPECT_TRUE(free_text.accepted_values().empty());  // no enum: anything goes, nothing to list
}

TEST(IntegrationsManifest, HiddenFunctionsAreNeitherCountedNorListed) {
  Manifest manifest;
  Function shown, step, undocumented;
  shown.name = "start";
  step.name = "cloud_start";
  step.hidden = true;
  step.undocumented_endpoint = true;
  undocumented.name = "list";
  undocumented.undocumented_endpoint = true;
  manifest.functions = {shown, step, undocumented};
  EXPECT_EQ(manifest.visible_function_count(), 2u);
  EXPECT_EQ(manifest.undocumented_function_names(), std::vector<std::string>{"list"});
}

}  // namespace
}  // namespace kosmo::integrations
