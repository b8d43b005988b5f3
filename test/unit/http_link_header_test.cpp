// RFC 8288 Link headers as APIs that page by them send them.
#include "lib/http/link_header.h"

#include <gtest/gtest.h>

namespace kosmo::http {
namespace {

TEST(LinkHeader, FindsTheNextLinkAmongOthers) {
  EXPECT_EQ(next_link(R"(<https://api.x.test/i?page=1>; rel="prev", <https://api.x.test/i?page=3>; rel="next", <https://api.x.test/i?page=9>; rel="last")"),
            "https://api.x.test/i?page=3");
  EXPECT_EQ(next_link(R"(<https://api.x.test/i?page=2>; rel=next)"), "https://api.x.test/i?page=2");
  EXPECT_EQ(next_link(R"(<https://api.x.test/i?page=2>; rel="next last")"),
            "https://api.x.test/i?page=2");
  EXPECT_EQ(next_link(R"(<https://api.x.test/i?page=2>; REL="Next")"),
            "https://api.x.test/i?page=2");
}

TEST(LinkHeader, NoNextLinkIsNone) {
  EXPECT_FALSE(next_link(""));
  EXPECT_FALSE(next_link(R"(<https://api.x.test/i?page=1>; rel="prev")"));
  EXPECT_FALSE(next_link(R"(<https://api.x.test/i?page=1>; rel="nextish")"));
  EXPECT_FALSE(next_link("<unterminated; rel=\"next\""));
}

TEST(LinkHeader, QueryParametersAreDecoded) {
  EXPECT_EQ(query_parameter("https://x.test/i?a=1&cursor=ab%2Fc%3D&b=2", "cursor"), "ab/c=");
  EXPECT_EQ(query_parameter("https://x.test/i?page=4#frag", "page"), "4");
  EXPECT_FALSE(query_parameter("https://x.test/i?pages=4", "page"));
  EXPECT_FALSE(query_parameter("https://x.test/i", "page"));
}

}  // namespace
}  // namespace kosmo::http
