#pragma once
// Keeps credentials out of everything kosmo writes (stdout, logs, cassettes, errors, call
// logs), including when a vendor echoes them back: every registered secret, in each of its
// encoded forms (secret_forms.h), is replaced by "<redacted>".
//
// Not synchronised: secrets are registered while the run is set up, before texts are redacted.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "lib/http/http_client.h"

namespace kosmo::http {

inline constexpr std::string_view kRedacted = "<redacted>";
// Shorter values are not registered: redacting every "1" or "eu" would mangle output while
// protecting nothing worth protecting.
inline constexpr size_t kMinSecretLength = 4;

class Redactor {
 public:
  // Registers a credential value and its encoded forms; shorter than kMinSecretLength: ignored.
  // A value registered before costs one hash lookup: the integrations runtime registers a call's
  // credentials on every call, and computing the forms is not cheap.
  void add_secret(std::string_view secret);
  // Registers HTTP Basic credentials: the password as a secret and base64("user:password").
  // A pair registered before costs a hash lookup, as for add_secret.
  void add_basic_auth(std::string_view user, std::string_view password);

  bool empty() const { return patterns_.empty(); }
  // Distinct forms registered so far (one secret has several).
  size_t pattern_count() const { return patterns_.size(); }

  // `text` with every occurrence of every form replaced. Overlapping or adjacent occurrences
  // (of one secret or several) become a single "<redacted>", so no fragment of either survives.
  std::string redact(std::string_view text) const;

  // Values of sensitive headers replaced whole, the others passed through redact().
  HeaderList redact_headers(const HeaderList& headers) const;

  // Authorization, Proxy-Authorization, Cookie, Set-Cookie, X-Api-Key, Api-Key, X-Auth-Token
  // and any name containing "token", "secret", "key", "auth", "password", "cookie" or
  // "signature" (any case).
  static bool is_sensitive_header(std::string_view name);

 private:
  // Hashes std::string and std::string_view alike, so looking a value up copies nothing.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using TextSet = std::unordered_set<std::string, TextHash, std::equal_to<>>;

  void add_pattern(std::string pattern);
  // The longest registered form starting at text[at], or 0.
  size_t longest_match_at(std::string_view text, size_t at) const;

  std::vector<std::string> patterns_;
  // Indexes into patterns_ by first byte, so scanning costs one table lookup per byte of text
  // that cannot start any form.
  std::array<std::vector<uint32_t>, 256> by_first_byte_;
  TextSet secrets_seen_;      // values given to add_secret whose forms are registered
  TextSet basic_pairs_seen_;  // "user:password" pairs whose base64 forms are registered
};

}  // namespace kosmo::http
