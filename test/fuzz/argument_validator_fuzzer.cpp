// The integrations argument binder against the real, embedded manifests: the first two bytes
// pick a function of the catalog, the rest is JSON arguments, an object for a named call
// (app.x.f({...}) or `integrations:call f '{...}'`) or an array of positional arguments
// (app.x.f(a, b)). Binding must never crash and, when it accepts, must have done its job: only
// declared parameters, every required one present, every value of its declared type, enums and
// bounds respected. Accepted arguments then go on to build the HTTP request (no network), which
// must either refuse with its documented error or stay on the configured host.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lib/common/json_parse.h"
#include "lib/integrations/argument_binder.h"
#include "lib/integrations/catalog.h"
#include "lib/integrations/request_builder.h"

namespace {

using namespace kosmo::integrations;

void check(bool condition) {
  if (!condition) std::abort();
}

struct Target {
  const Manifest* manifest;
  const Function* function;
};

// Every function of the embedded catalog, hidden ones included (hooks bind them too).
const std::vector<Target>& targets() {
  static const Catalog catalog = [] {
    auto loaded = Catalog::load("");
    check(loaded.ok());
    return std::move(loaded).value();
  }();
  static const std::vector<Target> all = [] {
    std::vector<Target> found;
    for (const Manifest& manifest : catalog.integrations()) {
      for (const Function& function : manifest.functions) found.push_back({&manifest, &function});
    }
    return found;
  }();
  return all;
}

bool has_type(const rapidjson::Value& value, ParamType type) {
  switch (type) {
    case ParamType::kString:
      return value.IsString();
    case ParamType::kInteger:
      return value.IsInt64();
    case ParamType::kNumber:
      return value.IsNumber();
    case ParamType::kBoolean:
      return value.IsBool();
    case ParamType::kArray:
      return value.IsArray();
    case ParamType::kObject:
      return value.IsObject();
    case ParamType::kStringOrArray:
      return value.IsString() || value.IsArray();
    case ParamType::kStringOrObject:
      return value.IsString() || value.IsObject();
  }
  return false;
}

// The caller's own (non-null) values were validated; defaults come from the manifest as is.
bool given_by_caller(const kosmo::lua::CallRequest& request, const Function& function,
                     const std::string& name) {
  if (request.has_named) {
    auto found = request.named.FindMember(name.c_str());
    return found != request.named.MemberEnd() && !found->value.IsNull();
  }
  for (rapidjson::SizeType i = 0; i < request.positional.Size(); ++i) {
    if (function.parameters[i].name == name) return !request.positional[i].IsNull();
  }
  return false;
}

void check_accepted(const Function& function, const kosmo::lua::CallRequest& request,
                    const BoundArguments& bound) {
  for (const auto& member : bound.values.GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    const bool declared =
        std::any_of(function.parameters.begin(), function.parameters.end(),
                    [&](const Parameter& parameter) { return parameter.name == name; });
    // Undeclared arguments pass only into a JSON body, and are then reported as passed through.
    check(declared || (function.takes_json_body() &&
                       std::find(bound.passthrough.begin(), bound.passthrough.end(), name) !=
                           bound.passthrough.end()));
  }
  for (const Parameter& parameter : function.parameters) {
    auto found = bound.values.FindMember(parameter.name.c_str());
    if (found == bound.values.MemberEnd()) {
      check(!parameter.required);
      continue;
    }
    if (!given_by_caller(request, function, parameter.name)) continue;
    const rapidjson::Value& value = found->value;
    check(has_type(value, parameter.type));
    if (!parameter.enum_values.empty() && value.IsString()) {
      const std::string text(value.GetString(), value.GetStringLength());
      check(std::find(parameter.enum_values.begin(), parameter.enum_values.end(), text) !=
            parameter.enum_values.end());
    }
    if (value.IsNumber()) {
      check(!parameter.minimum || value.GetDouble() >= *parameter.minimum);
      check(!parameter.maximum || value.GetDouble() <= *parameter.maximum);
    }
  }
}

// The request goes to the manifest's host, and its path has no dot segment that would move it
// elsewhere there once resolved.
void check_stays_on_host(const std::string& url, const std::string& base) {
  check(url.compare(0, base.size(), base) == 0);
  const std::string_view rest = std::string_view(url).substr(base.size());
  check(rest.empty() || rest.front() == '/' || rest.front() == '?');
  const std::string_view path = rest.substr(0, rest.find('?'));
  for (size_t start = 0; start < path.size();) {
    const size_t end = std::min(path.find('/', start + 1), path.size());
    const std::string_view segment = path.substr(start + 1, end - start - 1);
    check(segment != "." && segment != "..");
    start = end;
  }
}

void build(const Target& target, const BoundArguments& bound) {
  if (!target.function->hook.empty()) return;  // hooks decide what is sent; not the generic path
  Credentials credentials;
  // Every credential set to its own name, except the account's base URL override: the
  // manifest's own host is the reference. A base URL that is only a template of that field
  // (Wildix's "https://{url}") gets a plain host name for it.
  const std::string& override_field =
      target.function->base_url_field.value_or(target.manifest->base_url_field);
  const std::string& default_base = target.function->base_url.value_or(target.manifest->base_url);
  for (const kosmo::config::CredentialField& field : target.manifest->credentials) {
    if (field.key != override_field) {
      credentials[field.key] = field.key;
    } else if (default_base.find("{" + field.key + "}") != std::string::npos) {
      credentials[field.key] = "fuzz-host.example";
    }
  }
  for (const std::string& key : target.function->requires_credentials) credentials[key] = key;
  // A missing or unsafe path value fails the build: refused before any request is made.
  const kosmo::Outcome<std::string> base =
      build_base_url(*target.manifest, *target.function, credentials);
  const kosmo::Outcome<BuiltRequest> built =
      build_request(*target.manifest, *target.function, bound.values, credentials);
  check(base.ok());
  if (built) check_stays_on_host(built->http.url, *base);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const Target& target = targets()[(data[0] << 8 | data[1]) % targets().size()];
  const std::string_view json(reinterpret_cast<const char*>(data) + 2, size - 2);

  // What a script or the CLI can hand over stops at kMaxJsonDepth levels, as parse_json does.
  rapidjson::Document arguments;
  if (kosmo::parse_json(json, arguments).IsError()) return 0;

  kosmo::lua::CallRequest request;
  if (arguments.IsObject()) {
    request.has_named = true;
    request.named.Swap(arguments);
  } else if (arguments.IsArray()) {
    request.positional.Swap(arguments);
  } else {
    auto& allocator = request.positional.GetAllocator();
    request.positional.PushBack(rapidjson::Value(arguments, allocator), allocator);
  }
  const std::string path = "integrations." + target.manifest->name + "." + target.function->name;
  BoundArguments bound;
  if (auto error = bind_arguments(*target.function, path, request, bound)) {
    check(error->find("app." + path) != std::string::npos);
    return 0;
  }
  check_accepted(*target.function, request, bound);
  build(target, bound);
  return 0;
}
