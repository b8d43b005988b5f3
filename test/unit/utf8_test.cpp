// The U+FFFD repair (append_valid_utf8) is tested with the JSON conversion that relies on it,
// in lua_json_utf8_test.cpp.
#include "lib/common/utf8.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace kosmo {
namespace {

Utf8Sequence sequence_at(std::string_view bytes) {
  return utf8_sequence_at(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

size_t ascii_prefix(std::string_view bytes) {
  return ascii_prefix_length(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

// RFC 3629 from the bit patterns rather than from table 3-7, as an independent reference.
bool reference_is_valid(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 0;  // 0: not a lead byte
    if (lead < 0x80) {
      length = 1;
    } else if ((lead >> 5) == 0x6) {
      length = 2;
    } else if ((lead >> 4) == 0xE) {
      length = 3;
    } else if ((lead >> 3) == 0x1E) {
      length = 4;
    }
    if (length == 0 || i + length > text.size()) return false;
    uint32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
    for (size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if ((byte & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (byte & 0x3F);
    }
    constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii, long enough for the eight-byte loop"));
  EXPECT_TRUE(is_valid_utf8(std::string("a\0b", 3)));
  EXPECT_TRUE(is_valid_utf8("\xC2\x80 \xDF\xBF"));                       // U+0080, U+07FF
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80"));  // U+0800, U+D7FF, U+E000
  EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBF \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF"));  // to U+10FFFF
  EXPECT_TRUE(is_valid_utf8("é € 😀 日本語"));
}

TEST(Utf8Test, RejectsIllFormedText) {
  for (const std::string_view bad : {
           "\x80",                  // lone continuation byte
           "\xC0\xAF",              // overlong '/'
           "\xC1\xBF",              // overlong, 2 bytes
           "\xE0\x9F\xBF",          // overlong, 3 bytes
           "\xF0\x8F\xBF\xBF",      // overlong, 4 bytes
           "\xED\xA0\x80",          // UTF-16 surrogate
           "\xF4\x90\x80\x80",      // above U+10FFFF
           "\xF5\x80\x80\x80",      // lead byte never used
           "\xFF",                  // never in UTF-8
           "\xE2\x82",              // truncated at the end
           "\xE2\x82x",             // truncated before ASCII
           "0123456789abcdef\xFE",  // after the eight-byte ASCII loop
           "abc\xC3",               // inside the first eight bytes
       }) {
    EXPECT_FALSE(is_valid_utf8(bad)) << ::testing::PrintToString(std::string(bad));
  }
}

TEST(Utf8Test, AgreesWithAReferenceOnEveryShortSequence) {
  std::string text;
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      text = {static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(is_valid_utf8(text), reference_is_valid(text)) << a << " " << b;
      for (const int c : {0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xFF}) {
        text = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
        ASSERT_EQ(is_valid_utf8(text), reference_is_valid(text)) << a << " " << b << " " << c;
        text.push_back('\x80');
        ASSERT_EQ(is_valid_utf8(text), reference_is_valid(text)) << a << " " << b << " " << c;
      }
    }
  }
}

TEST(Utf8Test, SequenceLengthIsTheWholeSequenceOrTheMaximalInvalidSubpart) {
  auto is = [](size_t length, bool valid) {
    return ::testing::AllOf(::testing::Field(&Utf8Sequence::length, length),
                            ::testing::Field(&Utf8Sequence::valid, valid));
  };
  EXPECT_THAT(sequence_at("A"), is(1, true));
  EXPECT_THAT(sequence_at("\xC2\xA9x"), is(2, true));
  EXPECT_THAT(sequence_at("\xE2\x82\xAC"), is(3, true));
  EXPECT_THAT(sequence_at("\xF0\x9F\x98\x80"), is(4, true));
  EXPECT_THAT(sequence_at("\x80"), is(1, false));
  EXPECT_THAT(sequence_at("\xC0\xAF"), is(1, false));          // C0 starts nothing
  EXPECT_THAT(sequence_at("\xE0\x80\xAF"), is(1, false));      // 80 is not allowed after E0
  EXPECT_THAT(sequence_at("\xE2\x82x"), is(2, false));         // lead and one good byte
  EXPECT_THAT(sequence_at("\xE2\x82"), is(2, false));          // truncated
  EXPECT_THAT(sequence_at("\xF0\x9F\x98"), is(3, false));      // truncated
  EXPECT_THAT(sequence_at("\xF4\x90\x80\x80"), is(1, false));  // above U+10FFFF
}

TEST(Utf8Test, AsciiPrefixStopsAtTheFirstNonAsciiByte) {
  EXPECT_EQ(ascii_prefix(""), 0u);
  EXPECT_EQ(ascii_prefix("é"), 0u);
  EXPECT_EQ(ascii_prefix("abc\xC3\xA9"), 3u);
  EXPECT_EQ(ascii_prefix("0123456789abcdef"), 16u);
  EXPECT_EQ(ascii_prefix("0123456789\xC3\xA9 and more ascii"), 10u);
}

}  // namespace
}  // namespace kosmo
