#include "lib/http/redactor.h"

#include <algorithm>

#include "lib/http/base64.h"
#include "lib/http/secret_forms.h"

namespace kosmo::http {

void Redactor::add_pattern(std::string pattern) {
  if (pattern.size() < kMinSecretLength) return;
  if (std::find(patterns_.begin(), patterns_.end(), pattern) != patterns_.end()) return;
  by_first_byte_[static_cast<unsigned char>(pattern[0])].push_back(
      static_cast<uint32_t>(patterns_.size()));
  patterns_.push_back(std::move(pattern));
}

void Redactor::add_secret(std::string_view secret) {
  if (secret.size() < kMinSecretLength || secrets_seen_.contains(secret)) return;
  for (std::string& form : secret_forms(secret)) add_pattern(std::move(form));
  secrets_seen_.emplace(secret);
}

void Redactor::add_basic_auth(std::string_view user, std::string_view password) {
  add_secret(password);
  if (password.empty()) return;
  std::string pair = std::string(user) + ":" + std::string(password);
  if (basic_pairs_seen_.contains(pair)) return;
  add_pattern(base64_encode(pair, Base64Alphabet::kStandard, true));
  add_pattern(base64_encode(pair, Base64Alphabet::kStandard, false));
  basic_pairs_seen_.insert(std::move(pair));
}

size_t Redactor::longest_match_at(std::string_view text, size_t at) const {
  size_t longest = 0;
  std::string_view rest = text.substr(at);
  for (uint32_t index : by_first_byte_[static_cast<unsigned char>(text[at])]) {
    const std::string& pattern = patterns_[index];
    if (pattern.size() > longest && rest.starts_with(pattern)) longest = pattern.size();
  }
  return longest;
}

std::string Redactor::redact(std::string_view text) const {
  if (patterns_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;  // text[0, copied) has been written to `out`
  size_t i = 0;
  while (i < text.size()) {
    size_t length = longest_match_at(text, i);
    if (length == 0) {
      ++i;
      continue;
    }
    // Grow the span over every match starting inside it or right at its end.
    size_t end = i + length;
    for (size_t j = i + 1; j <= end && j < text.size(); ++j) {
      end = std::max(end, j + longest_match_at(text, j));
    }
    out.append(text.substr(copied, i - copied)).append(kRedacted);
    copied = i = end;
  }
  out.append(text.substr(copied));
  return out;
}

bool Redactor::is_sensitive_header(std::string_view name) {
  std::string lowered = lower_ascii(name);
  for (std::string_view marker :
       {"token", "secret", "key", "auth", "password", "cookie", "signature"}) {
    if (lowered.find(marker) != std::string::npos) return true;
  }
  return false;
}

HeaderList Redactor::redact_headers(const HeaderList& headers) const {
  HeaderList out;
  out.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    out.emplace_back(name, is_sensitive_header(name) ? std::string(kRedacted) : redact(value));
  }
  return out;
}

}  // namespace kosmo::http
