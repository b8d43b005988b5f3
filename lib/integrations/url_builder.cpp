#include "lib/integrations/url_builder.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "lib/integrations/url_encoding.h"

namespace kosmo::integrations {
namespace {

constexpr const char kNoCall[] = " No external call was made.";

Failure bad_argument(std::string message) {
  return Failure{ErrorCode::kIntegration, std::move(message) + kNoCall};
}

// Replaces each {name} in `pattern` with lookup(name), an Outcome<std::string> of the text to
// insert; the first failed lookup is the result.
template <typename Lookup>
Outcome<std::string> fill_template(const std::string& pattern, Lookup lookup) {
  std::string out;
  size_t at = 0;
  while (at < pattern.size()) {
    const size_t open = pattern.find('{', at);
    const size_t close = open == std::string::npos ? open : pattern.find('}', open);
    if (close == std::string::npos) {
      out.append(pattern, at, std::string::npos);
      break;
    }
    out.append(pattern, at, open - at);
    Outcome<std::string> value = lookup(pattern.substr(open + 1, close - open - 1));
    if (!value) return value;
    out += *value;
    at = close + 1;
  }
  return out;
}

std::string normalise_host(std::string base, const std::string& suffix) {
  while (!base.empty() && (base.front() == ' ' || base.front() == '\t')) base.erase(0, 1);
  while (!base.empty() && (base.back() == ' ' || base.back() == '\t' || base.back() == '/')) {
    base.pop_back();
  }
  if (suffix.empty() || base.find("://") != std::string::npos) return base;
  const bool has_suffix = base.size() >= suffix.size() &&
                          base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0;
  return "https://" + base + (has_suffix ? "" : suffix);
}

// A path value: one segment, percent-encoded, and never "." or ".." (which would move the
// request elsewhere on the host once dot-segments are resolved).
Outcome<std::string> path_segment(const Parameter& parameter, const rapidjson::Value& value) {
  std::vector<std::string> pieces;
  if (value.IsArray()) {
    for (const auto& item : value.GetArray()) pieces.push_back(scalar_text(item));
  } else if (!parameter.join.empty() && value.IsString()) {
    // "id1, id2" given as one string travels like the list {"id1", "id2"}.
    const std::string text = scalar_text(value);
    for (size_t start = 0;;) {
      const size_t end = std::min(text.find(parameter.join, start), text.size());
      std::string piece = text.substr(start, end - start);
      while (!piece.empty() && piece.front() == ' ') piece.erase(0, 1);
      while (!piece.empty() && piece.back() == ' ') piece.pop_back();
      pieces.push_back(piece);
      if (end == text.size()) break;
      start = end + parameter.join.size();
    }
  } else {
    pieces.push_back(scalar_text(value));
  }
  std::string joined;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const std::string& piece = pieces[i];
    if (piece.empty() || piece == "." || piece == "..") {
      return bad_argument(parameter.name + " must not be empty, '.' or '..'.");
    }
    if (i > 0) joined += parameter.join.empty() ? "," : parameter.join;
    joined += percent_encode(piece);
  }
  return joined;
}

}  // namespace

Outcome<std::string> build_base_url(const Manifest& manifest, const Function& function,
                                    const Credentials& credentials) {
  std::string base = function.base_url.value_or(manifest.base_url);
  const std::string& override_field = function.base_url_field.value_or(manifest.base_url_field);
  if (!override_field.empty()) {
    auto override_value = credentials.find(override_field);
    if (override_value != credentials.end() && !override_value->second.empty()) {
      base = normalise_host(override_value->second, manifest.base_url_host_suffix);
    }
  }
  auto credential = [&](bool encode) {
    return [&manifest, &function, &credentials,
            encode](const std::string& name) -> Outcome<std::string> {
      auto found = credentials.find(name);
      if (found == credentials.end()) {
        return Failure{ErrorCode::kNotConfigured, "Integration '" + manifest.name +
                                                      "' has no value for {" + name + "} in " +
                                                      function.slug + "'s URL."};
      }
      return encode ? percent_encode(found->second) : found->second;
    };
  };
  Outcome<std::string> filled = fill_template(base, credential(false));
  if (!filled) return filled;
  base = std::move(*filled);
  while (!base.empty() && base.back() == '/') base.pop_back();
  Outcome<std::string> prefix =
      fill_template(function.path_prefix.value_or(manifest.path_prefix), credential(true));
  if (!prefix) return prefix;
  return base + *prefix;
}

Outcome<std::string> build_relative_path(const Function& function,
                                         const rapidjson::Value& arguments) {
  for (const Parameter& parameter : function.parameters) {
    if (parameter.in != ParamLocation::kRawPath) continue;
    auto found = arguments.FindMember(parameter.name.c_str());
    if (found == arguments.MemberEnd() || !found->value.IsString()) {
      return bad_argument(parameter.name + " is required.");
    }
    // With its length: a NUL byte must reach the check, not end the path early.
    return std::string(found->value.GetString(), found->value.GetStringLength());
  }
  auto argument = [&](const std::string& name) -> Outcome<std::string> {
    for (const Parameter& parameter : function.parameters) {
      if (parameter.wire != name && parameter.name != name) continue;
      auto found = arguments.FindMember(parameter.name.c_str());
      if (found != arguments.MemberEnd()) return path_segment(parameter, found->value);
    }
    return bad_argument(function.slug + " needs a value for '" + name + "'.");
  };
  return fill_template(function.path, argument);
}

namespace {

// The path as it may be shown in a message: control bytes as \xNN, so an error can neither
// be cut short by a NUL nor forge lines in a log.
std::string printable(const std::string& path) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Why a caller-given path (kRawPath) may not be sent as it is; none when it may.
std::optional<std::string> unsafe_path_reason(const std::string& path) {
  if (path.find("://") != std::string::npos) return "absolute URLs are not allowed, give a path";
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return "control characters are not allowed";
    if (c == '\\') return "backslashes are not allowed";
    if (c == '#') return "fragments are not allowed";
    if (c == '{' || c == '}') return "unfilled {templates} are not allowed";
  }
  const std::string segments = path.substr(0, path.find('?'));
  for (size_t start = 1; start <= segments.size();) {
    const size_t end = std::min(segments.find('/', start), segments.size());
    std::string segment = segments.substr(start, end - start);
    for (char& c : segment) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (segment == "." || segment == ".." || segment == "%2e" || segment == "%2e%2e" ||
        segment == ".%2e" || segment == "%2e.") {
      return "'.' and '..' segments are not allowed";
    }
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace

Outcome<std::string> checked_raw_path(std::string path, const std::string& base_url) {
  auto reject = [&](const std::string& why) {
    return bad_argument("Unsafe API path '" + printable(path) + "': " + why + ".");
  };
  while (!path.empty() && path.front() == ' ') path.erase(0, 1);
  while (!path.empty() && path.back() == ' ') path.pop_back();
  if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
  while (path.size() > 1 && path[1] == '/') path.erase(0, 1);
  if (auto why = unsafe_path_reason(path)) return reject(*why);
  const bool base_has_v1 =
      base_url.size() >= 3 && base_url.compare(base_url.size() - 3, 3, "/v1") == 0;
  if (base_has_v1 && (path == "/v1" || path.rfind("/v1/", 0) == 0 || path.rfind("/v1?", 0) == 0)) {
    path.erase(0, 3);
    if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
  }
  if (path == "/") return reject("a path is required");
  return path;
}

}  // namespace kosmo::integrations
