#include "lib/oauth/bearer_challenge.h"

#include <cctype>

#include "lib/common/text.h"

namespace kosmo::oauth {
namespace {

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("!#$%&'*+-.^_`|~/=:").find(c) != std::string_view::npos;
}

// Reads challenges one element at a time: a scheme is a token followed by a space (or the end);
// an auth-param is `name = value`.
class ChallengeReader {
 public:
  explicit ChallengeReader(std::string_view text) : text_(text) {}

  void skip_separators() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == ',')) {
      ++at_;
    }
  }
  void skip_spaces() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t')) ++at_;
  }
  bool done() const { return at_ >= text_.size(); }
  std::string token() {
    const size_t start = at_;
    while (at_ < text_.size() && is_token_char(text_[at_]) && text_[at_] != '=') ++at_;
    return std::string(text_.substr(start, at_ - start));
  }
  bool take(char c) {
    skip_spaces();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }
  // A quoted string (escapes undone) or a token68/token value.
  bool value(std::string& out) {
    skip_spaces();
    if (at_ < text_.size() && text_[at_] == '"') {
      ++at_;
      out.clear();
      while (at_ < text_.size() && text_[at_] != '"') {
        if (text_[at_] == '\\' && at_ + 1 < text_.size()) ++at_;
        out += text_[at_++];
      }
      if (at_ >= text_.size()) return false;  // unterminated
      ++at_;
      return true;
    }
    const size_t start = at_;
    while (at_ < text_.size() && is_token_char(text_[at_])) ++at_;
    out = std::string(text_.substr(start, at_ - start));
    return !out.empty();
  }
  // Whether the next element is a parameter (`name=`) rather than the next challenge's scheme.
  bool parameter_follows() const {
    size_t look = at_;
    while (look < text_.size() && is_token_char(text_[look]) && text_[look] != '=') ++look;
    while (look < text_.size() && (text_[look] == ' ' || text_[look] == '\t')) ++look;
    return look > at_ && look < text_.size() && text_[look] == '=';
  }

 private:
  std::string_view text_;
  size_t at_ = 0;
};

void assign(BearerChallenge& challenge, const std::string& name, std::string value) {
  if (name == "resource_metadata") {
    challenge.resource_metadata = std::move(value);
  } else if (name == "scope") {
    challenge.scope = std::move(value);
  } else if (name == "error") {
    challenge.error = std::move(value);
  } else if (name == "error_description") {
    challenge.error_description = std::move(value);
  }
}

}  // namespace

BearerChallenge parse_bearer_challenge(std::string_view header) {
  ChallengeReader reader(header);
  BearerChallenge challenge;
  while (true) {
    reader.skip_separators();
    if (reader.done()) return challenge;
    const std::string scheme = ascii_lower(reader.token());
    if (scheme.empty()) return challenge;  // not a challenge list we understand
    const bool bearer = scheme == "bearer";
    if (bearer) challenge.present = true;
    // This challenge's parameters, up to the next scheme.
    while (true) {
      reader.skip_separators();
      if (reader.done() || !reader.parameter_follows()) break;
      const std::string name = ascii_lower(reader.token());
      std::string value;
      if (!reader.take('=') || !reader.value(value)) return challenge;
      if (bearer) assign(challenge, name, std::move(value));
    }
    if (bearer) return challenge;
  }
}

}  // namespace kosmo::oauth
