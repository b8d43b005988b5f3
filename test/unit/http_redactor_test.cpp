#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "lib/http/base64.h"
#include "lib/http/redactor.h"
#include "lib/http/secret_forms.h"

namespace kosmo::http {
namespace {

TEST(RedactorTest, ReplacesEveryPlainOccurrence) {
  Redactor redactor;
  redactor.add_secret("sk-ant-12345");
  EXPECT_EQ(redactor.redact("key=sk-ant-12345; again sk-ant-12345."),
            "key=<redacted>; again <redacted>.");
  EXPECT_EQ(redactor.redact("nothing here"), "nothing here");
  EXPECT_EQ(redactor.redact(""), "");
}

TEST(RedactorTest, EmptyRedactorChangesNothing) {
  Redactor redactor;
  EXPECT_TRUE(redactor.empty());
  EXPECT_EQ(redactor.redact("Bearer abc"), "Bearer abc");
}

TEST(RedactorTest, IgnoresValuesShorterThanFourCharacters) {
  Redactor redactor;
  redactor.add_secret("1");
  redactor.add_secret("eu1");
  redactor.add_secret("");
  EXPECT_TRUE(redactor.empty());
  EXPECT_EQ(redactor.redact("region eu1, page 1"), "region eu1, page 1");
}

TEST(RedactorTest, RedactsUrlEncodedForms) {
  Redactor redactor;
  redactor.add_secret("p@ss word/+~");
  EXPECT_EQ(redactor.redact("/x?token=p%40ss%20word%2F%2B~&a=1"), "/x?token=<redacted>&a=1");
  EXPECT_EQ(redactor.redact("token=p%40ss+word%2F%2B%7E"), "token=<redacted>");
  EXPECT_EQ(redactor.redact("token=p%40ss%20word%2f%2b~"), "token=<redacted>");
}

TEST(RedactorTest, RedactsBase64Forms) {
  std::string secret = "live-secret-ab";  // 14 bytes: padded, unpadded and url-safe differ
  Redactor redactor;
  redactor.add_secret(secret);
  for (Base64Alphabet alphabet : {Base64Alphabet::kStandard, Base64Alphabet::kUrlSafe}) {
    for (bool padded : {true, false}) {
      std::string encoded = base64_encode(secret, alphabet, padded);
      EXPECT_EQ(redactor.redact("x " + encoded + " y"), "x <redacted> y") << encoded;
    }
  }
}

TEST(RedactorTest, RedactsASecretInsideALargerBase64Value) {
  std::string secret = "s3cr3t-value";
  Redactor redactor;
  redactor.add_secret(secret);
  // Basic auth for a user the redactor was never told about, at every byte alignment.
  for (std::string user : {"ann", "bob1", "carol"}) {
    std::string encoded = base64_encode(user + ":" + secret);
    std::string redacted = redactor.redact("Basic " + encoded);
    size_t at = redacted.find("<redacted>");
    ASSERT_NE(at, std::string::npos) << user;
    // What survives is the user's part plus at most one character straddling each boundary
    // (and padding): too few bits of the secret to matter.
    EXPECT_LE(at, std::string("Basic ").size() + (user.size() + 1) * 4 / 3 + 1) << redacted;
    EXPECT_LE(redacted.size() - at - kRedacted.size(), 3u) << redacted;
  }
}

TEST(RedactorTest, BasicAuthRedactsTheWholeCredential) {
  Redactor redactor;
  redactor.add_basic_auth("customer-id", "customer-secret");
  std::string header = "Basic " + base64_encode("customer-id:customer-secret");
  EXPECT_EQ(redactor.redact(header), "Basic <redacted>");
  EXPECT_EQ(redactor.redact("customer-secret"), "<redacted>");
}

// Texts holding `secret` in each kind of form, and the Basic credential of ("customer-id", it).
std::vector<std::string> texts_with(const std::string& secret) {
  return {"plain " + secret,
          "/x?token=" + percent_encode(secret, true, false),
          R"({"token":")" + secret + R"("})",
          "Bearer " + base64_encode(secret),
          "Basic " + base64_encode("customer-id:" + secret),
          "Basic " + base64_encode("someone-else:" + secret, Base64Alphabet::kStandard, false)};
}

std::vector<std::string> redacted(const Redactor& redactor, const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const std::string& text : texts) out.push_back(redactor.redact(text));
  return out;
}

size_t distinct_ignoring_case(const std::vector<std::string>& forms) {
  std::set<std::string> lowered;
  for (const std::string& form : forms) lowered.insert(lower_ascii(form));
  return lowered.size();
}

TEST(RedactorTest, AddingASecretAgainChangesNothing) {
  const std::string secret = "sk-live/98765+ab";
  Redactor once;
  once.add_secret(secret);
  Redactor many;
  for (int i = 0; i < 1000; ++i) many.add_secret(secret);
  EXPECT_EQ(many.pattern_count(), once.pattern_count());
  EXPECT_EQ(once.pattern_count(), distinct_ignoring_case(secret_forms(secret)));
  EXPECT_EQ(redacted(many, texts_with(secret)), redacted(once, texts_with(secret)));

  many.add_secret("another-secret");  // a new value is still registered after repeats
  EXPECT_GT(many.pattern_count(), once.pattern_count());
  EXPECT_EQ(many.redact("another-secret"), "<redacted>");
}

TEST(RedactorTest, AddingBasicAuthAgainChangesNothing) {
  Redactor once;
  once.add_basic_auth("customer-id", "customer-secret");
  Redactor many;
  for (int i = 0; i < 1000; ++i) {
    many.add_basic_auth("customer-id", "customer-secret");
    many.add_secret("customer-secret");  // the runtime may register the password on its own too
  }
  EXPECT_EQ(many.pattern_count(), once.pattern_count());
  EXPECT_EQ(redacted(many, texts_with("customer-secret")),
            redacted(once, texts_with("customer-secret")));

  many.add_basic_auth("other-id", "customer-secret");  // same password, new pair
  EXPECT_GT(many.pattern_count(), once.pattern_count());
  EXPECT_EQ(many.redact("Basic " + base64_encode("other-id:customer-secret")), "Basic <redacted>");
}

TEST(RedactorTest, RedactsJsonEscapedEchoes) {
  Redactor redactor;
  redactor.add_secret("ab/cd\"ef");
  EXPECT_EQ(redactor.redact(R"({"token":"ab\/cd\"ef"})"), R"({"token":"<redacted>"})");
  EXPECT_EQ(redactor.redact(R"({"token":"ab/cd\"ef"})"), R"({"token":"<redacted>"})");
}

TEST(RedactorTest, OverlappingSecretsLeaveNoFragment) {
  Redactor redactor;
  redactor.add_secret("abcdef");
  redactor.add_secret("defghi");
  EXPECT_EQ(redactor.redact("xx abcdefghi xx"), "xx <redacted> xx");
  EXPECT_EQ(redactor.redact("abcdef defghi"), "<redacted> <redacted>");
}

TEST(RedactorTest, NestedAndAdjacentSecretsBecomeOnePlaceholder) {
  Redactor redactor;
  redactor.add_secret("token");
  redactor.add_secret("token-long");
  redactor.add_secret("wxyz");
  EXPECT_EQ(redactor.redact("[token-long]"), "[<redacted>]");
  EXPECT_EQ(redactor.redact("[tokenwxyz]"), "[<redacted>]");
  EXPECT_EQ(redactor.redact("[token]"), "[<redacted>]");
}

std::string upper_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// A vendor that changes the case of what it echoes: the plain form, percent-encoding (hex
// digits and letters alike), JSON escapes and base64 are all matched ignoring ASCII case.
TEST(RedactorTest, MatchesEveryFormIgnoringCase) {
  const std::string secret = "Sk-Live/98765+Ab\n";
  Redactor redactor;
  redactor.add_secret(secret);
  for (const std::string& form :
       {secret, percent_encode(secret, true, false), percent_encode(secret, false, true),
        std::string(R"(Sk-Live\/98765+Ab\n)"), base64_encode(secret)}) {
    for (const std::string& text : {form, upper_ascii(form), lower_ascii(form)}) {
      EXPECT_EQ(redactor.redact("[" + text + "]"), "[<redacted>]") << text;
      EXPECT_TRUE(redactor.contains_secret("x " + text + " y")) << text;
    }
  }
  // Inside the Basic credential of a user the redactor does not know, as before.
  const std::string basic = base64_encode("user:" + secret);
  for (const std::string& text : {basic, upper_ascii(basic), lower_ascii(basic)}) {
    EXPECT_NE(redactor.redact(text).find("<redacted>"), std::string::npos) << text;
  }
  EXPECT_EQ(redactor.redact(R"(error: INVALID TOKEN "SK-LIVE\/98765+AB\N".)"),
            R"(error: INVALID TOKEN "<redacted>".)");
}

TEST(RedactorTest, CaseFoldingIsAsciiOnly) {
  Redactor redactor;
  redactor.add_secret("p\xc3\xa4ss-word");  // "päss-word": the bytes of 'ä' are not folded
  EXPECT_EQ(redactor.redact("P\xc3\xa4SS-WORD"), "<redacted>");
  EXPECT_EQ(redactor.redact("P\xc3\x84SS-WORD"), "P\xc3\x84SS-WORD");  // 'Ä' is another letter
}

TEST(RedactorTest, FormsDifferingOnlyInCaseCountOnce) {
  Redactor redactor;
  redactor.add_secret("a b/c");  // "%2F" and "%2f": one pattern
  std::vector<std::string> forms = secret_forms("a b/c");
  EXPECT_LT(redactor.pattern_count(), forms.size());
  EXPECT_EQ(redactor.pattern_count(), distinct_ignoring_case(forms));
}

TEST(RedactorTest, ContainsSecretFindsWithoutCopying) {
  Redactor redactor;
  EXPECT_FALSE(redactor.contains_secret("anything"));
  redactor.add_secret("tok-12345");
  EXPECT_FALSE(redactor.contains_secret(""));
  EXPECT_FALSE(redactor.contains_secret("tok-1234"));
  EXPECT_TRUE(redactor.contains_secret("tok-12345"));
  EXPECT_TRUE(redactor.contains_secret("a long text ending in TOK-12345"));
}

TEST(RedactorTest, NumericFormsAreKnown) {
  Redactor words;
  words.add_secret("sk-abcdef");
  EXPECT_FALSE(words.has_numeric_form());
  Redactor digits;
  digits.add_secret("4711081542");
  EXPECT_TRUE(digits.has_numeric_form());
  Redactor decimal;
  decimal.add_secret("-12.5e3");
  EXPECT_TRUE(decimal.has_numeric_form());
}

TEST(RedactorTest, SensitiveHeaderNames) {
  for (const char* name :
       {"Authorization", "proxy-authorization", "X-Api-Key", "Cookie", "Set-Cookie", "X-Auth-Token",
        "api-key", "X-Amz-Security-Token", "Client-Secret", "X-Goog-Api-Key"}) {
    EXPECT_TRUE(Redactor::is_sensitive_header(name)) << name;
  }
  for (const char* name : {"Content-Type", "Accept", "User-Agent", "X-Request-Id", "Location"}) {
    EXPECT_FALSE(Redactor::is_sensitive_header(name)) << name;
  }
}

TEST(RedactorTest, RedactsHeaderLists) {
  Redactor redactor;
  redactor.add_secret("sk-live-98765");
  HeaderList headers = {{"Authorization", "Bearer anything"},
                        {"x-api-key", "k"},
                        {"Content-Type", "application/json"},
                        {"Location", "https://h/cb?key=sk-live-98765"}};
  HeaderList expected = {{"Authorization", "<redacted>"},
                         {"x-api-key", "<redacted>"},
                         {"Content-Type", "application/json"},
                         {"Location", "https://h/cb?key=<redacted>"}};
  EXPECT_EQ(redactor.redact_headers(headers), expected);
}

TEST(RedactorTest, SecretFormsAreDistinctAndStartWithThePlainValue) {
  std::vector<std::string> forms = secret_forms("abcd");
  ASSERT_FALSE(forms.empty());
  EXPECT_EQ(forms[0], "abcd");
  for (size_t i = 0; i < forms.size(); ++i) {
    for (size_t j = i + 1; j < forms.size(); ++j) EXPECT_NE(forms[i], forms[j]);
  }
}

TEST(RedactorTest, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba", Base64Alphabet::kStandard, false), "Zm9vYmE");
  EXPECT_EQ(base64_encode("\xfb\xff", Base64Alphabet::kUrlSafe), "-_8=");
}

// Text fed in pieces, each call given what the previous one left plus the next piece: the result
// is redact() of the whole, wherever the cuts fall (inside a secret, between two adjacent or
// overlapping ones, or in a span that grows past the cut).
std::string redact_in_pieces(const Redactor& redactor, std::string_view text, size_t piece) {
  std::string out;
  std::string pending;
  for (size_t at = 0; at < text.size(); at += piece) {
    pending.append(text.substr(at, piece));
    pending.erase(0, redactor.redact_some(pending, false, out));
  }
  redactor.redact_some(pending, true, out);
  return out;
}

TEST(RedactorTest, RedactingInPiecesEqualsRedactingTheWhole) {
  Redactor redactor;
  redactor.add_secret("abcabc");
  redactor.add_secret("cabd");
  redactor.add_secret("TOKEN-1234567890");
  const std::string samples[] = {
      "",
      "plain text without a secret, long enough to be cut many times over",
      "abcabc",
      "xxabcabcabcabcabdyy",  // overlapping and adjacent occurrences: one span
      "ABCABC cabd abcabcabd token-1234567890TOKEN-1234567890!",
      "abcab",                         // a secret's beginning at the very end
      "start abcabcabcab",             // a span that might still grow at the end
      "%22abcabc%22 YWJjYWJj abcabc",  // encoded forms
  };
  for (const std::string& text : samples) {
    for (size_t piece = 1; piece <= text.size() + 1; ++piece) {
      EXPECT_EQ(redact_in_pieces(redactor, text, piece), redactor.redact(text))
          << "text '" << text << "' in pieces of " << piece;
    }
  }
  // Pseudo-random texts over a small alphabet hit the corner cases the samples might miss.
  uint32_t state = 17;
  auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const size_t size = next() % 60;
    for (size_t i = 0; i < size; ++i) text.push_back("abcdAB"[next() % 6]);
    const size_t piece = 1 + next() % 9;
    EXPECT_EQ(redact_in_pieces(redactor, text, piece), redactor.redact(text))
        << "text '" << text << "' in pieces of " << piece;
  }
}

TEST(RedactorTest, RedactingInPiecesWithoutSecretsPassesEverythingOn) {
  Redactor redactor;
  std::string out;
  EXPECT_EQ(redactor.redact_some("abc", false, out), 3u);
  EXPECT_EQ(out, "abc");
}

// The scan skips ahead by the pairs of bytes it reads (Wu-Manber); it must still find every
// form at every offset. Texts of random bytes from a small alphabet (so that near misses and
// pairs shared with the forms are common), with forms of two secrets of different lengths
// planted in random case at random places, are checked against a plain search for each form.
TEST(RedactorTest, SkippingScanFindsEveryFormAtEveryOffset) {
  const std::vector<std::string> secrets = {"ab4c", "token-ba+cab/acba:9"};
  Redactor redactor;
  std::vector<std::string> forms;
  for (const std::string& secret : secrets) {
    redactor.add_secret(secret);
    for (std::string form : secret_forms(secret)) {
      if (form.size() < kMinSecretLength) continue;
      for (char& c : form) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      forms.push_back(form);
    }
  }
  const auto holds_a_form = [&](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& form : forms) {
      if (text.find(form) != std::string::npos) return true;
    }
    return false;
  };
  uint32_t state = 12345;
  const auto next = [&state](uint32_t bound) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % bound;
  };
  const std::string alphabet = "abcABC4+-/:%9 ";
  size_t with_form = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const size_t length = next(80);
    for (size_t i = 0; i < length; ++i) text.push_back(alphabet[next(alphabet.size())]);
    if (next(2) == 0) {
      std::string form = forms[next(forms.size())];
      for (char& c : form) {
        if (next(2) == 0) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      text.insert(next(text.size() + 1), form);
    }
    const bool expected = holds_a_form(text);
    with_form += expected ? 1 : 0;
    ASSERT_EQ(redactor.contains_secret(text), expected) << "text: " << text;
    const std::string redacted = redactor.redact(text);
    ASSERT_FALSE(holds_a_form(redacted)) << "text: " << text << "\nredacted: " << redacted;
    if (!expected) {
      ASSERT_EQ(redacted, text);
    }
  }
  EXPECT_GT(with_form, 1000u);  // the planted forms, and some made by chance
}

}  // namespace
}  // namespace kosmo::http
