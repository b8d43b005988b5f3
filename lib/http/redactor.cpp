#include "lib/http/redactor.h"

#include <algorithm>

#include "lib/http/base64.h"
#include "lib/http/secret_forms.h"

namespace kosmo::http {
namespace {

constexpr std::array<unsigned char, 256> kLowered = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
  return table;
}();

unsigned char lowered(char c) { return kLowered[static_cast<unsigned char>(c)]; }

// Every character a JSON number can be written with.
bool is_number_text(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e';
  });
}

}  // namespace

void Redactor::add_pattern(std::string_view form) {
  if (form.size() < kMinSecretLength) return;
  std::string pattern;
  pattern.reserve(form.size());
  for (char c : form) pattern.push_back(static_cast<char>(lowered(c)));
  if (std::find(patterns_.begin(), patterns_.end(), pattern) != patterns_.end()) return;
  const auto first = static_cast<unsigned char>(pattern[0]);
  by_first_byte_[first].push_back(static_cast<uint32_t>(patterns_.size()));
  may_start_[first] = true;
  if (first >= 'a' && first <= 'z') may_start_[first - 'a' + 'A'] = true;
  has_numeric_form_ = has_numeric_form_ || is_number_text(pattern);
  longest_form_ = std::max(longest_form_, pattern.size());
  patterns_.push_back(std::move(pattern));
}

void Redactor::add_secret(std::string_view secret) {
  if (secret.size() < kMinSecretLength || secrets_seen_.contains(secret)) return;
  for (const std::string& form : secret_forms(secret)) add_pattern(form);
  secrets_seen_.emplace(secret);
  build_skip_table();
}

size_t Redactor::pair_slot(std::string_view text, size_t at) {
  return ((static_cast<size_t>(lowered(text[at])) << 4) ^ lowered(text[at + 1])) & (kSkipSlots - 1);
}

// Pairs that share a slot keep the smaller distance, which is safe: a slot can only make the
// scan look more often than needed, never step over a form.
void Redactor::build_skip_table() {
  if (patterns_.empty()) return;
  size_t shortest = kLongestWindow;
  for (const std::string& pattern : patterns_) shortest = std::min(shortest, pattern.size());
  window_ = shortest;
  skip_.fill(static_cast<uint8_t>(window_ - 1));
  for (const std::string& pattern : patterns_) {
    for (size_t end = 1; end < window_; ++end) {  // the pair pattern[end - 1], pattern[end]
      uint8_t& slot = skip_[pair_slot(pattern, end - 1)];
      slot = std::min(slot, static_cast<uint8_t>(window_ - 1 - end));
    }
  }
}

void Redactor::add_basic_auth(std::string_view user, std::string_view password) {
  add_secret(password);
  if (password.empty()) return;
  std::string pair = std::string(user) + ":" + std::string(password);
  if (basic_pairs_seen_.contains(pair)) return;
  add_pattern(base64_encode(pair, Base64Alphabet::kStandard, true));
  add_pattern(base64_encode(pair, Base64Alphabet::kStandard, false));
  basic_pairs_seen_.insert(std::move(pair));
  build_skip_table();
}

size_t Redactor::longest_match_at(std::string_view text, size_t at) const {
  size_t longest = 0;
  const size_t left = text.size() - at;
  for (uint32_t index : by_first_byte_[lowered(text[at])]) {
    const std::string& pattern = patterns_[index];
    if (pattern.size() <= longest || pattern.size() > left) continue;
    size_t i = 1;  // the first byte matched when the index was chosen
    while (i < pattern.size() && lowered(text[at + i]) == static_cast<unsigned char>(pattern[i])) {
      ++i;
    }
    if (i == pattern.size()) longest = pattern.size();
  }
  return longest;
}

size_t Redactor::next_match(std::string_view text, size_t from, size_t before,
                            size_t& length) const {
  // A form starting at i needs i + window_ <= text.size(); no form at all, no window.
  if (window_ == 0 || text.size() < window_) return std::string_view::npos;
  const size_t end = std::min(before, text.size() - window_ + 1);
  size_t i = from;
  while (i < end) {
    const size_t skip = skip_[pair_slot(text, i + window_ - 2)];
    if (skip != 0) {
      i += skip;
      continue;
    }
    if (may_start_[static_cast<unsigned char>(text[i])]) {
      length = longest_match_at(text, i);
      if (length != 0) return i;
    }
    ++i;
  }
  return std::string_view::npos;
}

bool Redactor::contains_secret(std::string_view text) const {
  size_t length = 0;
  return !patterns_.empty() && next_match(text, 0, text.size(), length) != std::string_view::npos;
}

std::string Redactor::redact(std::string_view text) const {
  if (patterns_.empty()) return std::string(text);
  std::string out;
  redact_some(text, true, out);
  return out;
}

size_t Redactor::redact_some(std::string_view text, bool last, std::string& out) const {
  if (patterns_.empty()) {
    out.append(text);
    return text.size();
  }
  // Whether a form starts at a position is known once every form fits before the end of `text`;
  // at the end of everything, it is known everywhere.
  const size_t decided = last                          ? text.size()
                         : text.size() > longest_form_ ? text.size() - longest_form_ + 1
                                                       : 0;
  size_t copied = 0;  // text[0, copied) has been written to `out`
  size_t length = 0;
  for (size_t i = next_match(text, 0, decided, length); i != std::string_view::npos;
       i = next_match(text, copied, decided, length)) {
    // Grow the span over every match starting inside it or right at its end.
    size_t end = i + length;
    for (size_t j = i + 1; j <= end && j < text.size(); ++j) {
      if (j >= decided) {
        // The span might grow over what has not arrived yet: leave it for the next call.
        out.append(text.substr(copied, i - copied));
        return i;
      }
      end = std::max(end, j + longest_match_at(text, j));
    }
    if (out.empty()) out.reserve(text.size());
    out.append(text.substr(copied, i - copied)).append(kRedacted);
    copied = end;
  }
  const size_t done = std::max(copied, decided);
  out.append(text.substr(copied, done - copied));
  return done;
}

bool Redactor::is_sensitive_header(std::string_view name) {
  std::string lowered_name = lower_ascii(name);
  for (std::string_view marker :
       {"token", "secret", "key", "auth", "password", "cookie", "signature"}) {
    if (lowered_name.find(marker) != std::string::npos) return true;
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
