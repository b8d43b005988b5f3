#pragma once
// Keeps credentials out of everything kosmo writes (stdout, logs, cassettes, errors, call
// logs) and out of what scripts receive, including when a vendor echoes them back: every
// registered secret, in each of its encoded forms (secret_forms.h), is replaced by "<redacted>".
//
// Forms are matched ignoring ASCII case: a vendor that upper- or lower-cases what it echoes
// (error pages often do) must not defeat redaction. That is exact for the plain form and for
// the hex digits of percent-encoding; base64 is case-sensitive, so a base64 form with its case
// changed no longer decodes to the secret, but it still gives the secret away up to the case of
// each letter (entirely, for a hex or numeric secret), so it is redacted too. The price is a
// slightly higher chance that unrelated text of a secret's length is taken for it.
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
  // Distinct forms registered so far (one secret has several; forms differing only in case
  // count once).
  size_t pattern_count() const { return patterns_.size(); }
  // True when some form is made only of characters a JSON number can hold (a numeric password):
  // such a secret can arrive as a number rather than a string.
  bool has_numeric_form() const { return has_numeric_form_; }
  // The length of the longest form: a text cut anywhere is redacted whole when the window
  // redacted reaches this far past the cut (redacted_preview.h).
  size_t longest_form() const { return longest_form_; }

  // True when `text` holds any form of any secret; allocates nothing.
  bool contains_secret(std::string_view text) const;

  // `text` with every occurrence of every form replaced. Overlapping or adjacent occurrences
  // (of one secret or several) become a single "<redacted>", so no fragment of either survives.
  std::string redact(std::string_view text) const;

  // redact() for a text that arrives in pieces: appends to `out` the redaction of text[0, n) for
  // the longest n that what may follow `text` cannot change (all of it when `last`), and returns
  // n. Feeding text[n..] plus the next piece to the next call, and so on, gives exactly what
  // redact() of the whole text gives.
  size_t redact_some(std::string_view text, bool last, std::string& out) const;

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

  void add_pattern(std::string_view pattern);
  // Recomputes window_ and skip_ from patterns_; after each secret's forms are added.
  void build_skip_table();
  // The skip table's index for the two bytes at text[at] and text[at + 1], lowered.
  static size_t pair_slot(std::string_view text, size_t at);
  // The first position in [from, before) where a form starts, with the length of the longest
  // form there; npos when there is none.
  size_t next_match(std::string_view text, size_t from, size_t before, size_t& length) const;
  // The longest registered form starting at text[at], or 0.
  size_t longest_match_at(std::string_view text, size_t at) const;

  std::vector<std::string> patterns_;  // lower-cased
  // Indexes into patterns_ by (lower-cased) first byte.
  std::array<std::vector<uint32_t>, 256> by_first_byte_;
  // Whether a byte, in either case, can start a form.
  std::array<bool, 256> may_start_{};
  // Scanning skips ahead (Wu-Manber): every form is at least window_ bytes long, so the pair of
  // bytes that ends the window_ bytes from a candidate position says how far the next position
  // where a form could start may lie. skip_ holds that distance per (hashed) pair: window_ - 1
  // for a pair found in no form's first window_ bytes, less for one that is, 0 where a form's
  // first window_ bytes end with it. Text holding no secret is then read a pair every
  // window_ - 1 bytes or so instead of every byte.
  static constexpr size_t kSkipSlots = 4096;
  static constexpr size_t kLongestWindow = 64;
  size_t window_ = 0;  // min(shortest form, kLongestWindow); 0 while there is no form
  std::array<uint8_t, kSkipSlots> skip_{};
  bool has_numeric_form_ = false;
  size_t longest_form_ = 0;
  TextSet secrets_seen_;      // values given to add_secret whose forms are registered
  TextSet basic_pairs_seen_;  // "user:password" pairs whose base64 forms are registered
};

}  // namespace kosmo::http
