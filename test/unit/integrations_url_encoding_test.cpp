// Percent-encoding of path and query values: unreserved characters pass, everything else is
// %XX with upper-case hex, wherever in the text it comes.
#include <gtest/gtest.h>

#include <string>

#include "lib/integrations/url_encoding.h"

namespace kosmo::integrations {
namespace {

TEST(UrlEncodingTest, UnreservedTextIsUnchanged) {
  EXPECT_EQ(percent_encode("01FC66621VHDBN119Z8PMV1QPQ"), "01FC66621VHDBN119Z8PMV1QPQ");
  EXPECT_EQ(percent_encode("a-b.c_d~e"), "a-b.c_d~e");
  EXPECT_EQ(percent_encode(""), "");
}

TEST(UrlEncodingTest, EverythingElseIsEncodedWhereverItIs) {
  EXPECT_EQ(percent_encode("/etc"), "%2Fetc");
  EXPECT_EQ(percent_encode("a b"), "a%20b");
  EXPECT_EQ(percent_encode("x?y=1&z"), "x%3Fy%3D1%26z");
  EXPECT_EQ(percent_encode("100%"), "100%25");
  EXPECT_EQ(percent_encode("caf\xC3\xA9"), "caf%C3%A9");
  EXPECT_EQ(percent_encode(std::string("a\0b", 3)), "a%00b");
  EXPECT_EQ(percent_encode("+.."), "%2B..");
}

}  // namespace
}  // namespace kosmo::integrations
