#include "lib/integrations/integration_runtime.h"

#include <algorithm>

#include "lib/common/suggest.h"
#include "lib/config/credentials.h"
#include "lib/config/policy.h"
#include "lib/http/cassette.h"
#include "lib/integrations/argument_binder.h"
#include "lib/integrations/function_hooks.h"
#include "lib/integrations/request_builder.h"
#include "lib/integrations/response_reader.h"

namespace kosmo::integrations {
namespace {

std::vector<config::CredentialField> credential_fields(const Manifest& manifest) {
  std::vector<config::CredentialField> fields;
  for (const CredentialField& field : manifest.credentials) {
    fields.push_back({field.key, field.required, field.secret, field.default_value});
  }
  return fields;
}

void fail(lua::CallOutcome& outcome, std::string message, ErrorCode code) {
  outcome.ok = false;
  outcome.error_message = std::move(message);
  outcome.error_code = code;
}

std::string unknown_function(const lua::CallRequest& request, const Catalog& catalog) {
  std::vector<std::string> candidates;
  for (const std::string& name : catalog.qualified_names()) {
    candidates.push_back("app.integrations." + name);
  }
  const std::string wanted = "app." + request.joined_path();
  std::string message = "Unknown function: " + wanted + ".";
  const std::vector<std::string> near = nearest_names(wanted, candidates, 5);
  for (size_t i = 0; i < near.size(); ++i) {
    message += (i == 0 ? " Did you mean: " : ", ") + near[i];
  }
  return near.empty() ? message : message + "?";
}

void describe_dry_run(const Function& function, const BuiltRequest& built,
                      rapidjson::Document& data) {
  auto& allocator = data.GetAllocator();
  data.SetObject();
  rapidjson::Value request(rapidjson::kObjectType);
  request.AddMember("method", rapidjson::Value(function.method.c_str(), allocator), allocator);
  request.AddMember("url", rapidjson::Value(built.url_without_query.c_str(), allocator), allocator);
  request.AddMember("query", rapidjson::Value(built.query, allocator), allocator);
  request.AddMember("body", rapidjson::Value(built.body, allocator), allocator);
  data.AddMember("dry_run", true, allocator);
  data.AddMember("function", rapidjson::Value(function.slug.c_str(), allocator), allocator);
  data.AddMember("request", request, allocator);
}

// The credentials this particular function sends or names, beyond the integration's required
// ones (admin keys, another API generation's Basic credentials).
std::vector<std::string> missing_function_credentials(const Manifest& manifest,
                                                      const Function& function,
                                                      const Credentials& credentials) {
  std::vector<std::string> needed = function.requires_credentials;
  const Auth& auth = auth_of(manifest, function);
  if (auth.scheme == AuthScheme::kBasic) {
    needed.push_back(auth.username);
    needed.push_back(auth.password);
  } else if (auth.scheme != AuthScheme::kNone) {
    needed.push_back(auth_credential_field(manifest, function));
  }
  std::vector<std::string> missing;
  for (const std::string& field : needed) {
    if (!field.empty() && credentials.count(field) == 0 &&
        std::find(missing.begin(), missing.end(), field) == missing.end()) {
      missing.push_back(field);
    }
  }
  return missing;
}

}  // namespace

struct IntegrationRuntime::Target {
  const Manifest* manifest = nullptr;
  const Function* function = nullptr;
  std::string account;
  std::string display_path;
  Credentials credentials;
};

IntegrationRuntime::IntegrationRuntime(RuntimeSources sources, RuntimeOptions options)
    : sources_(std::move(sources)), options_(std::move(options)) {}

IntegrationRuntime::~IntegrationRuntime() = default;

bool IntegrationRuntime::resolve(const lua::CallRequest& request, Target& target,
                                 lua::CallOutcome& outcome) {
  const auto& path = request.path;
  const Outcome<Catalog>& loaded = sources_.catalog();
  if (!loaded) {
    fail(outcome, loaded.error().message, ErrorCode::kConfig);
    return false;
  }
  const Catalog& catalog = *loaded;
  if (path.size() >= 3 && path.size() <= 4 && path[0] == "integrations") {
    target.manifest = catalog.integration(path[1]);
    if (target.manifest != nullptr)
      target.function = catalog.function(*target.manifest, path.back());
  }
  if (target.function == nullptr) {
    fail(outcome, unknown_function(request, catalog), ErrorCode::kIntegration);
    return false;
  }
  target.account = path.size() == 4 ? path[2] : "default";
  target.display_path = request.joined_path();
  outcome.function = target.function->slug;
  outcome.account = target.account;
  outcome.operation = target.function->write ? "write" : "read";
  return true;
}

// Configuration, credentials and policy: everything that must hold before arguments matter.
bool IntegrationRuntime::admit(const Target& target, lua::CallOutcome& outcome) {
  if (sources_.config == nullptr) {
    fail(outcome, sources_.config_error, ErrorCode::kConfig);
    return false;
  }
  const std::string& name = target.manifest->name;
  const config::CredentialResolver resolver(*sources_.config, *sources_.environment);
  const auto fields = credential_fields(*target.manifest);
  if (options_.replay) {
    // Replayed answers need no credentials; the policy still applies below.
  } else if (auto reason = resolver.unavailable_reason(name, target.account, fields)) {
    fail(outcome, *reason, ErrorCode::kNotConfigured);
    return false;
  }
  const bool dry_run_write = options_.dry_run && target.function->write;
  const config::Operation operation =
      target.function->write ? config::Operation::kWrite : config::Operation::kRead;
  const config::Permission permission =
      config::PermissionPolicy(*sources_.config).permission(name, operation);
  if (!dry_run_write && !config::is_permitted(permission, options_.force)) {
    fail(outcome, config::refusal_message(name, operation, permission),
         ErrorCode::kPermissionDenied);
    return false;
  }
  return true;
}

lua::CallOutcome IntegrationRuntime::call(const lua::CallRequest& request) {
  lua::CallOutcome outcome;
  Target target;
  if (!resolve(request, target, outcome) || !admit(target, outcome)) return outcome;

  const config::CredentialResolver resolver(*sources_.config, *sources_.environment);
  config::ResolvedCredentials resolved =
      resolver.resolve(target.manifest->name, target.account, credential_fields(*target.manifest));
  for (const std::string& secret : resolved.secret_values) sources_.redactor->add_secret(secret);
  target.credentials = std::move(resolved.values);
  if (options_.replay) {
    // Placeholders keep request building total; cassettes match on the route, not the URL.
    for (const CredentialField& field : target.manifest->credentials) {
      if (field.key != target.manifest->base_url_field) {
        target.credentials.emplace(field.key, "replay");
      }
    }
  }

  BoundArguments bound;
  if (auto error = bind_arguments(*target.function, target.display_path, request, bound)) {
    fail(outcome, *error, ErrorCode::kIntegration);
    return outcome;
  }
  HookContext hooks{*target.manifest, *sources_.catalog(),
                    [this, &target](const Function& function, const rapidjson::Value& arguments,
                                    lua::CallOutcome& result) {
                      perform_other(target, function, arguments, result);
                    }};
  if (!run_hook(*target.function, bound.values, hooks, outcome)) {
    perform(target, bound.values, outcome);
  }
  outcome.error_message = sources_.redactor->redact(outcome.error_message);
  return outcome;
}

// A function a hook chose: its own defaults and checks apply to the arguments forwarded to it.
void IntegrationRuntime::perform_other(const Target& target, const Function& function,
                                       const rapidjson::Value& arguments,
                                       lua::CallOutcome& outcome) {
  Target other = target;
  other.function = &function;
  lua::CallRequest forwarded;
  forwarded.has_named = true;
  forwarded.named.CopyFrom(arguments, forwarded.named.GetAllocator());
  BoundArguments bound;
  if (auto error = bind_arguments(function, target.display_path, forwarded, bound)) {
    fail(outcome, *error, ErrorCode::kIntegration);
    return;
  }
  perform(other, bound.values, outcome);
}

void IntegrationRuntime::perform(const Target& target, const rapidjson::Value& arguments,
                                 lua::CallOutcome& outcome) {
  const std::vector<std::string> missing =
      missing_function_credentials(*target.manifest, *target.function, target.credentials);
  if (!missing.empty()) {
    fail(outcome,
         config::missing_credentials_message(target.manifest->name, target.account, missing),
         ErrorCode::kNotConfigured);
    return;
  }
  BuiltRequest built;
  try {
    built = build_request(*target.manifest, *target.function, arguments, target.credentials);
  } catch (const std::runtime_error& e) {
    fail(outcome, e.what(), ErrorCode::kIntegration);
    return;
  }
  if (options_.dry_run && target.function->write) {
    outcome.ok = true;
    outcome.dry_run = true;
    describe_dry_run(*target.function, built, outcome.data);
    return;
  }
  built.http.max_body_bytes = options_.max_response_bytes;
  if (options_.remaining_seconds) {
    if (auto left = options_.remaining_seconds()) {
      built.http.total_timeout_s = std::min(built.http.total_timeout_s, std::max(*left, 0.001));
    }
  }
  try {
    read_response(*target.manifest, *target.function, built, sources_.http->send(built.http),
                  outcome);
  } catch (const http::ReplayMiss& miss) {
    fail(outcome, miss.what(), ErrorCode::kReplayMiss);
  }
}

}  // namespace kosmo::integrations
