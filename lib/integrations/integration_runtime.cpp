#include "lib/integrations/integration_runtime.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "lib/common/suggest.h"
#include "lib/config/credential_env.h"
#include "lib/config/credentials.h"
#include "lib/config/policy.h"
#include "lib/http/json_redaction.h"
#include "lib/integrations/argument_binder.h"
#include "lib/integrations/function_hooks.h"
#include "lib/integrations/manifest_page_walker.h"
#include "lib/integrations/request_builder.h"
#include "lib/integrations/response_reader.h"

namespace kosmo::integrations {
namespace {

void fail(lua::CallOutcome& outcome, Failure failure) {
  outcome.ok = false;
  outcome.error_message = std::move(failure.message);
  outcome.error_code = failure.code;
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

// A hidden function (a step of another one's hook) is described under the name the script
// called, since the catalog shows no other.
void describe_dry_run(const Function& function, const BuiltRequest& built,
                      lua::CallOutcome& outcome) {
  rapidjson::Document& data = outcome.data;
  auto& allocator = data.GetAllocator();
  data.SetObject();
  rapidjson::Value request(rapidjson::kObjectType);
  request.AddMember("method", rapidjson::Value(function.method.c_str(), allocator), allocator);
  const std::string_view url = built.url_without_query();
  request.AddMember("url",
                    rapidjson::Value(url.data(), static_cast<rapidjson::SizeType>(url.size()),
                                     allocator),
                    allocator);
  request.AddMember("query", rapidjson::Value(built.query, allocator), allocator);
  request.AddMember("body", rapidjson::Value(built.body, allocator), allocator);
  data.AddMember("dry_run", true, allocator);
  const std::string& name = function.hidden ? outcome.function : function.slug;
  data.AddMember("function", rapidjson::Value(name.c_str(), allocator), allocator);
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
  const Credentials* credentials = nullptr;
  // The policy's verdict for `function`: proceed, or describe it (a --dry-run write).
  config::PermissionDecision::Verdict verdict = config::PermissionDecision::Verdict::kProceed;
};

IntegrationRuntime::IntegrationRuntime(RuntimeSources sources, RuntimeOptions options)
    : sources_(std::move(sources)), options_(std::move(options)) {}

IntegrationRuntime::~IntegrationRuntime() = default;

std::optional<Failure> IntegrationRuntime::resolve(const lua::CallRequest& request,
                                                   Target& target) {
  // Unusable configuration or catalog: every call fails alike, known function or not.
  if (const auto& failure = sources_.config->failure()) return failure;
  const auto& path = request.path;
  const Outcome<Catalog>& loaded = sources_.catalog();
  if (!loaded) return loaded.error();
  const Catalog& catalog = *loaded;
  if (path.size() >= 3 && path.size() <= 4 && path[0] == "integrations") {
    target.manifest = catalog.integration(path[1]);
    if (target.manifest != nullptr) {
      target.function = catalog.function(*target.manifest, path.back());
    }
  }
  if (target.function == nullptr) {
    return Failure{ErrorCode::kIntegration, unknown_function(request, catalog)};
  }
  target.account = path.size() == 4 ? path[2] : std::string(config::kDefaultAccount);
  target.display_path = request.joined_path();
  return std::nullopt;
}

const IntegrationRuntime::AccountAccess& IntegrationRuntime::access(const Manifest& manifest,
                                                                    const std::string& account) {
  auto [found, inserted] = accounts_.try_emplace({manifest.name, account});
  AccountAccess& access = found->second;
  if (!inserted) return access;
  const config::CredentialResolver resolver(sources_.config->user(),
                                            sources_.config->environment());
  config::ResolvedCredentials resolved =
      resolver.resolve(manifest.name, account, manifest.credentials);
  for (const std::string& secret : resolved.secret_values) sources_.redactor->add_secret(secret);
  access.credentials = std::move(resolved.values);
  if (options_.flags.replaying()) {
    // Replayed answers need no credentials. Placeholders keep request building total;
    // cassettes match on the route, not the URL.
    for (const config::CredentialField& field : manifest.credentials) {
      if (field.key != manifest.base_url_field) access.credentials.emplace(field.key, "replay");
    }
  } else {
    access.config_problem = std::move(resolved.config_problem);
    access.unavailable = resolver.unavailable_reason(manifest.name, account, manifest.credentials);
  }
  return access;
}

// Configuration, credentials and policy: everything that must hold before arguments matter.
std::optional<Failure> IntegrationRuntime::admit(Target& target) {
  const AccountAccess& account = access(*target.manifest, target.account);
  if (account.config_problem) return Failure{ErrorCode::kConfig, *account.config_problem};
  if (account.unavailable) return Failure{ErrorCode::kNotConfigured, *account.unavailable};
  target.credentials = &account.credentials;
  return decide(target);
}

std::optional<Failure> IntegrationRuntime::decide(Target& target) const {
  const auto [found, inserted] =
      decisions_.try_emplace({target.manifest, target.function->operation});
  if (inserted) {
    found->second =
        config::decide(config::PolicySubject::integration(target.manifest->name),
                       target.function->operation, sources_.config->policy(), options_.flags);
  }
  const config::PermissionDecision& decision = found->second;
  if (decision.verdict == config::PermissionDecision::Verdict::kRefuse) {
    return Failure{ErrorCode::kPermissionDenied, decision.refusal};
  }
  target.verdict = decision.verdict;
  return std::nullopt;
}

lua::CallOutcome IntegrationRuntime::call(const lua::CallRequest& request) {
  lua::CallOutcome outcome;
  Target target;
  if (auto failure = resolve(request, target)) {
    fail(outcome, std::move(*failure));
    return outcome;
  }
  outcome.function = target.function->slug;
  outcome.account = target.account;
  outcome.operation = target.function->operation;
  if (auto failure = admit(target)) {
    fail(outcome, std::move(*failure));
    return outcome;
  }
  BoundArguments bound;
  if (auto error = bind_arguments(*target.function, target.display_path, request, bound)) {
    fail(outcome, {ErrorCode::kIntegration, *error});
    return outcome;
  }
  for (const std::string& field : bound.passthrough) {
    if (!passthrough_warned_.emplace(target.function->slug, field).second) continue;
    spdlog::warn("app.{}: '{}' is not a documented parameter; sent as is in the JSON body",
                 target.display_path, field);
  }
  HookContext hooks{*target.manifest, *sources_.catalog(),
                    [this, &target](const Function& function, const rapidjson::Value& arguments,
                                    lua::CallOutcome& result) {
                      perform_other(target, function, arguments, result);
                    }};
  if (!run_hook(*target.function, bound.values, hooks, outcome)) {
    perform(target, bound.values, outcome);
  }
  // Messages, and the data before it becomes Lua values: once the script holds a secret,
  // string.reverse or a base64 decoder defeats any redaction of what it prints (spec §7).
  outcome.error_message = sources_.redactor->redact(outcome.error_message);
  http::redact_json(*sources_.redactor, outcome.data, outcome.data.GetAllocator());
  http::redact_json(*sources_.redactor, outcome.error_body, outcome.error_body.GetAllocator());
  return outcome;
}

Outcome<std::unique_ptr<lua::PageWalker>> IntegrationRuntime::page_walker(
    const lua::CallRequest& request) {
  Target target;
  if (auto failure = resolve(request, target)) return std::move(*failure);
  if (!target.function->paging) {
    return Failure{ErrorCode::kIntegration,
                   "app." + request.joined_path() +
                       " does not page: app.paginate and --paginate walk list functions (their "
                       "docs say how they page)."};
  }
  return make_page_walker(*target.function);
}

// A function a hook chose: its own defaults and checks apply to the arguments forwarded to it.
void IntegrationRuntime::perform_other(const Target& target, const Function& function,
                                       const rapidjson::Value& arguments,
                                       lua::CallOutcome& outcome) {
  Target other = target;
  other.function = &function;
  if (auto failure = decide(other)) {
    fail(outcome, std::move(*failure));
    return;
  }
  lua::CallRequest forwarded;
  forwarded.has_named = true;
  forwarded.named.CopyFrom(arguments, forwarded.named.GetAllocator());
  BoundArguments bound;
  if (auto error = bind_arguments(function, target.display_path, forwarded, bound)) {
    fail(outcome, {ErrorCode::kIntegration, *error});
    return;
  }
  perform(other, bound.values, outcome);
}

Outcome<const std::string*> IntegrationRuntime::base_url(const Target& target) {
  const auto key = std::make_pair(target.function, target.credentials);
  auto found = base_urls_.find(key);
  if (found == base_urls_.end()) {
    Outcome<std::string> built =
        build_base_url(*target.manifest, *target.function, *target.credentials);
    if (!built) return std::move(built).error();
    found = base_urls_.emplace(key, std::move(*built)).first;
  }
  return &found->second;
}

void IntegrationRuntime::perform(const Target& target, const rapidjson::Value& arguments,
                                 lua::CallOutcome& outcome) {
  const std::vector<std::string> missing =
      missing_function_credentials(*target.manifest, *target.function, *target.credentials);
  if (!missing.empty()) {
    fail(outcome, {ErrorCode::kNotConfigured, config::missing_credentials_message(
                                                  target.manifest->name, target.account, missing)});
    return;
  }
  Outcome<const std::string*> base = base_url(target);
  if (!base) {
    fail(outcome, std::move(base).error());
    return;
  }
  Outcome<BuiltRequest> built =
      build_request(*target.manifest, *target.function, arguments, *target.credentials, *base);
  if (!built) {
    fail(outcome, std::move(built).error());
    return;
  }
  if (target.verdict == config::PermissionDecision::Verdict::kDescribe) {
    outcome.ok = true;
    outcome.dry_run = true;
    describe_dry_run(*target.function, *built, outcome);
    return;
  }
  built->http.max_body_bytes = options_.max_response_bytes;
  built->http.total_timeout_s = options_.deadline.cap(built->http.total_timeout_s);
  built->http.caller_function = target.function->slug;
  built->http.caller_account = target.account;
  read_response(*target.manifest, *target.function, *built, sources_.http->send(built->http),
                *sources_.redactor, outcome);
}

}  // namespace kosmo::integrations
