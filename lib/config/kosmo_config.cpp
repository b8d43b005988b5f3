#include "lib/config/kosmo_config.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <stdexcept>
#include <utility>

#include "lib/config/atomic_file.h"
#include "lib/config/config_error.h"
#include "lib/config/config_index.h"
#include "lib/config/config_schema.h"
#include "lib/config/config_text.h"
#include "lib/config/credential_env.h"
#include "lib/config/kosmokrator_keys.h"

namespace kosmo::config {
namespace fs = std::filesystem;
namespace {

// Only on a file written whole, when a change could not be made in place.
constexpr std::string_view kSaveHeader =
    "# kosmo configuration. kosmo rewrote this file whole when a command changed it\n"
    "# (integrations:configure, mcp:trust); comments were not kept.\n";

std::string emit(const YAML::Node& root) {
  if (root.IsNull() || (root.IsMap() && root.size() == 0)) return "{}\n";
  YAML::Emitter out;
  out.SetIndent(2);
  out << root;
  return std::string(out.c_str()) + "\n";
}

std::string bool_text(bool value) { return value ? "true" : "false"; }

// The file's text, or nullopt when it does not exist. Other failures are config errors: the
// user asked for a file that cannot be used, and silently ignoring it would drop their policy.
std::optional<std::string> read_file(const fs::path& file) {
  ConfigText read = read_config_text(file);
  switch (read.status) {
    case ConfigText::Status::kMissing:
      return std::nullopt;
    case ConfigText::Status::kFailed:
      throw ConfigError("Cannot read config file " + file.string() + ": " + read.problem);
    case ConfigText::Status::kOk:
      break;
  }
  return std::move(read.text);
}

ConfigLocation location_of(const fs::path& file, const YAML::Mark& mark) {
  return {file, "", mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0};
}

YAML::Node parse_yaml(std::string_view yaml, const fs::path& file) {
  try {
    return YAML::Load(std::string(yaml));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's parser recurses once per nesting level, so it stops itself at a depth (500 in
    // 0.7) far below what would exhaust the stack, but says only "bad file". Nothing kosmo reads
    // is nested deeper than five levels, so no pre-scan of the text is needed.
    throw ConfigError(location_of(file, e.mark), "not valid YAML: nested deeper than " +
                                                     std::to_string(e.depth() - 1) + " levels");
  } catch (const YAML::Exception& e) {
    throw ConfigError(location_of(file, e.mark), "not valid YAML: " + e.msg);
  }
}

// A child of a mapping; nullopt when the parent is not a mapping or the key is absent or null.
// (Indexing a missing key of a const yaml-cpp node yields a node that throws when indexed.)
std::optional<YAML::Node> find(const YAML::Node& parent, std::string_view key) {
  if (!parent.IsDefined() || !parent.IsMap()) return std::nullopt;
  const YAML::Node child = parent[std::string(key)];
  if (!child.IsDefined() || child.IsNull()) return std::nullopt;
  return child;
}

std::optional<YAML::Node> find_path(const YAML::Node& root,
                                    std::initializer_list<std::string_view> keys) {
  // YAML::Node's assignment writes through to the document, so handles are never reassigned:
  // each step emplaces a fresh one.
  std::optional<YAML::Node> node(root);
  for (std::string_view key : keys) {
    std::optional<YAML::Node> next = find(*node, key);
    if (!next) return std::nullopt;
    node.reset();
    node.emplace(*next);
  }
  return node;
}

std::vector<std::string> keys_of(const std::optional<YAML::Node>& node) {
  std::vector<std::string> keys;
  if (!node || !node->IsMap()) return keys;
  for (const auto& entry : *node) keys.push_back(entry.first.Scalar());
  return keys;
}

void require_name(std::string_view what, std::string_view name) {
  if (name.empty()) throw std::invalid_argument(std::string(what) + " must not be empty");
}

void require_account_name(std::string_view account) {
  if (!is_valid_account_name(account)) {
    throw std::invalid_argument("Invalid account name '" + std::string(account) +
                                "': use letters, digits, '-' and '_' (not '__', and not at "
                                "either end)");
  }
}

}  // namespace

KosmoConfig::KosmoConfig()
    : root_(std::make_unique<YAML::Node>()), index_(std::make_unique<ConfigIndex>()) {}
KosmoConfig::KosmoConfig(YAML::Node root, fs::path file)
    : root_(std::make_unique<YAML::Node>(std::move(root))),
      index_(std::make_unique<ConfigIndex>(*root_)),
      file_(std::move(file)) {}
KosmoConfig::~KosmoConfig() = default;
// yaml-cpp nodes are references; a copy must not share the document with the original.
KosmoConfig::KosmoConfig(const KosmoConfig& other)
    : root_(std::make_unique<YAML::Node>(YAML::Clone(*other.root_))),
      index_(std::make_unique<ConfigIndex>(*root_)),
      file_(other.file_),
      source_text_(other.source_text_),
      edits_(other.edits_) {}
KosmoConfig& KosmoConfig::operator=(const KosmoConfig& other) {
  if (this != &other) {
    root_ = std::make_unique<YAML::Node>(YAML::Clone(*other.root_));
    reindex();
    file_ = other.file_;
    source_text_ = other.source_text_;
    edits_ = other.edits_;
  }
  return *this;
}
KosmoConfig::KosmoConfig(KosmoConfig&& other) noexcept = default;
KosmoConfig& KosmoConfig::operator=(KosmoConfig&& other) noexcept = default;

void KosmoConfig::reindex() { index_ = std::make_unique<ConfigIndex>(*root_); }

void KosmoConfig::changed(YamlEdit edit) {
  edits_.push_back(std::move(edit));
  reindex();
}

KosmoConfig KosmoConfig::load(const fs::path& file) {
  std::optional<std::string> text = read_file(file);
  if (!text) return KosmoConfig(YAML::Node(), file);
  return parse(*text, file);
}

KosmoConfig KosmoConfig::parse(std::string_view yaml, const fs::path& file) {
  YAML::Node root = parse_yaml(yaml, file);
  validate_config(root, file, yaml.size());
  KosmoConfig config(std::move(root), file);
  config.source_text_ = std::string(yaml);
  return config;
}

std::string KosmoConfig::to_yaml() const { return emit(*root_); }

// The edits are replayed on the loaded text and the result is kept only if it reads back as the
// document in memory: an edit the text editor got wrong costs the comments, never a setting.
std::optional<std::string> KosmoConfig::edited_text() const {
  std::string text = source_text_;
  for (const YamlEdit& edit : edits_) {
    std::optional<std::string> next = edit_yaml_text(text, edit);
    if (!next) return std::nullopt;
    text = std::move(*next);
  }
  try {
    if (emit(YAML::Load(text)) == to_yaml()) return text;
  } catch (const YAML::Exception&) {
  }
  return std::nullopt;
}

std::string KosmoConfig::saved_text() const {
  if (std::optional<std::string> edited = edited_text()) return *edited;
  return std::string(kSaveHeader) + to_yaml();
}

void KosmoConfig::save(const fs::path& file) const {
  write_file_atomically(file, saved_text(), kSecretFileMode);
}

std::vector<std::string> KosmoConfig::integration_names() const {
  return keys_of(find(*root_, "integrations"));
}

bool KosmoConfig::has_integration(std::string_view integration) const {
  return index_->integration(integration) != nullptr;
}

std::optional<bool> KosmoConfig::enabled_flag(std::string_view integration) const {
  if (std::optional<bool> shared = kosmokrator_enabled(*root_, integration)) return shared;
  const YAML::Node* settings = index_->integration(integration);
  if (settings == nullptr) return std::nullopt;
  const auto node = find(*settings, "enabled");
  if (!node) return std::nullopt;
  return node->as<bool>();  // validated at load time, so this cannot throw
}

std::optional<Permission> KosmoConfig::permission(std::string_view integration,
                                                  Operation operation) const {
  if (auto shared = kosmokrator_permission(*root_, integration, operation)) return shared;
  const YAML::Node* settings = index_->integration(integration);
  if (settings == nullptr) return std::nullopt;
  const auto node = find_path(*settings, {"permissions", operation_name(operation)});
  if (!node) return std::nullopt;
  return parse_permission(node->Scalar());
}

std::optional<Permission> KosmoConfig::default_permission(std::string_view key) const {
  return kosmokrator_default_permission(*root_, key);
}

std::vector<std::string> KosmoConfig::account_names(std::string_view integration) const {
  return keys_of(find_path(*root_, {"integrations", integration, "accounts"}));
}

bool KosmoConfig::has_accounts(std::string_view integration) const {
  return index_->has_accounts(integration);
}

bool KosmoConfig::has_account(std::string_view integration, std::string_view account) const {
  return index_->account(integration, account) != nullptr;
}

std::optional<std::string> KosmoConfig::account_value(std::string_view integration,
                                                      std::string_view account,
                                                      std::string_view field) const {
  const YAML::Node* fields = index_->account(integration, account);
  if (fields == nullptr) return std::nullopt;
  const auto node = find(*fields, field);
  if (!node) return std::nullopt;
  return node->Scalar();
}

std::map<std::string, std::string> KosmoConfig::account_values(std::string_view integration,
                                                               std::string_view account) const {
  std::map<std::string, std::string> values;
  const YAML::Node* node = index_->account(integration, account);
  if (node == nullptr || !node->IsMap()) return values;
  for (const auto& entry : *node) {
    if (entry.second.IsScalar()) values[entry.first.Scalar()] = entry.second.Scalar();
  }
  return values;
}

void KosmoConfig::set_enabled(std::string_view integration, bool enabled) {
  require_name("Integration name", integration);
  (*root_)["integrations"][std::string(integration)]["enabled"] = enabled;
  if (update_kosmokrator_enabled(*root_, integration, enabled)) {
    edits_.push_back(
        {{"kosmo", "integrations", std::string(integration), "enabled"}, bool_text(enabled)});
  }
  changed({{"integrations", std::string(integration), "enabled"}, bool_text(enabled)});
}

void KosmoConfig::set_permission(std::string_view integration, Operation operation,
                                 Permission permission) {
  require_name("Integration name", integration);
  (*root_)["integrations"][std::string(integration)]["permissions"]
          [std::string(operation_name(operation))] = std::string(permission_name(permission));
  const std::string op(operation_name(operation));
  const std::string value(permission_name(permission));
  if (update_kosmokrator_permission(*root_, integration, operation, permission)) {
    edits_.push_back(
        {{"kosmo", "integrations", std::string(integration), "permissions", op}, value});
  }
  changed({{"integrations", std::string(integration), "permissions", op}, value});
}

void KosmoConfig::set_account_value(std::string_view integration, std::string_view account,
                                    std::string_view field, std::string_view value) {
  require_name("Integration name", integration);
  require_account_name(account);
  require_name("Field name", field);
  (*root_)["integrations"][std::string(integration)]["accounts"][std::string(account)]
          [std::string(field)] = std::string(value);
  changed({{"integrations", std::string(integration), "accounts", std::string(account),
            std::string(field)},
           yaml_scalar(value)});
}

bool KosmoConfig::remove_account_value(std::string_view integration, std::string_view account,
                                       std::string_view field) {
  const YAML::Node* found = index_->account(integration, account);
  if (found == nullptr || !found->IsMap()) return false;
  // A copied handle refers to the same node, so removing through it edits the document.
  YAML::Node fields(*found);
  const bool removed = fields.remove(std::string(field));
  if (removed) {
    changed({{"integrations", std::string(integration), "accounts", std::string(account),
              std::string(field)},
             std::nullopt});
  }
  reindex();
  return removed;
}

std::optional<std::string> KosmoConfig::trusted_fingerprint(std::string_view server) const {
  const YAML::Node* node = index_->trusted(server);
  if (node == nullptr || node->IsNull()) return std::nullopt;
  return node->Scalar();
}

std::map<std::string, std::string> KosmoConfig::trusted_servers() const {
  std::map<std::string, std::string> servers;
  const auto trusted = find_path(*root_, {"mcp", "trusted"});
  if (!trusted || !trusted->IsMap()) return servers;
  for (const auto& entry : *trusted) servers[entry.first.Scalar()] = entry.second.Scalar();
  return servers;
}

std::optional<std::string> KosmoConfig::mcp_allow_force_bypass() const {
  // KosmoKrator's key first, as for its other keys (kosmokrator_keys.h).
  auto setting = find_path(*root_, {"kosmo", "mcp", "allow_force_bypass"});
  if (!setting || !setting->IsScalar()) setting = find_path(*root_, {"mcp", "allow_force_bypass"});
  if (!setting || !setting->IsScalar()) return std::nullopt;
  return setting->Scalar();
}

std::optional<std::string> KosmoConfig::mcp_gateway_http_token() const {
  // Two handles, not one reassigned: assigning a YAML::Node writes through to the document.
  const auto kosmo_key = find_path(*root_, {"kosmo", "mcp_gateway", "http", "token"});
  if (kosmo_key && kosmo_key->IsScalar()) return kosmo_key->Scalar();
  const auto own_key = find_path(*root_, {"mcp_gateway", "http", "token"});
  if (own_key && own_key->IsScalar()) return own_key->Scalar();
  return std::nullopt;
}

void KosmoConfig::set_trusted_fingerprint(std::string_view server, std::string_view fingerprint) {
  require_name("Server name", server);
  require_name("Fingerprint", fingerprint);
  (*root_)["mcp"]["trusted"][std::string(server)] = std::string(fingerprint);
  changed({{"mcp", "trusted", std::string(server)}, yaml_scalar(fingerprint)});
}

bool KosmoConfig::remove_trusted(std::string_view server) {
  return remove_mcp_key("trusted", server);
}

bool KosmoConfig::remove_mcp_key(const char* section, std::string_view key) {
  std::optional<YAML::Node> map = find_path(*root_, {"mcp", section});
  const bool removed = map && map->IsMap() && map->remove(std::string(key));
  if (removed) edits_.push_back({{"mcp", section, std::string(key)}, std::nullopt});
  reindex();
  return removed;
}

std::map<std::string, std::string> KosmoConfig::mcp_secrets() const {
  std::map<std::string, std::string> secrets;
  const auto stored = find_path(*root_, {"mcp", "secrets"});
  if (!stored || !stored->IsMap()) return secrets;
  for (const auto& entry : *stored) {
    if (entry.second.IsScalar()) secrets[entry.first.Scalar()] = entry.second.Scalar();
  }
  return secrets;
}

void KosmoConfig::set_mcp_secret(std::string_view reference, std::string_view sealed) {
  require_name("Secret key", reference);
  (*root_)["mcp"]["secrets"][std::string(reference)] = std::string(sealed);
  changed({{"mcp", "secrets", std::string(reference)}, yaml_scalar(sealed)});
}

bool KosmoConfig::remove_mcp_secret(std::string_view reference) {
  return remove_mcp_key("secrets", reference);
}

YAML::Node KosmoConfig::lookup(const std::vector<std::string>& keys) const {
  // Node handles are references: `=` would overwrite the document, so handles are rebound with
  // reset(), and the result is a clone the caller cannot write through.
  YAML::Node node;
  node.reset(*root_);
  for (const std::string& key : keys) {
    if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    bool found = false;
    for (const auto& entry : node) {
      if (entry.first.IsScalar() && entry.first.Scalar() == key) {
        node.reset(entry.second);
        found = true;
        break;  // the first of duplicate keys wins, as with yaml-cpp's own lookups
      }
    }
    if (!found) return YAML::Node(YAML::NodeType::Undefined);
  }
  return YAML::Clone(node);
}

}  // namespace kosmo::config
