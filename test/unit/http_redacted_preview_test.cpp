#include "lib/http/redacted_preview.h"

#include <gtest/gtest.h>

#include <string>

namespace kosmo::http {
namespace {

TEST(RedactedPreviewTest, ShortTextIsRedactedWholeAndNotCut) {
  Redactor redactor;
  redactor.add_secret("canary-token-1234");
  const Preview preview = redacted_preview(redactor, "{\"t\":\"canary-token-1234\"}", 1024);
  EXPECT_EQ(preview.text, "{\"t\":\"<redacted>\"}");
  EXPECT_FALSE(preview.cut);
}

TEST(RedactedPreviewTest, ASecretStraddlingTheCutLeavesNoPrefix) {
  Redactor redactor;
  redactor.add_secret("canary-token-1234");
  const std::string text = std::string(10, 'a') + "canary-token-1234" + std::string(10, 'b');
  const Preview preview = redacted_preview(redactor, text, 16);
  EXPECT_TRUE(preview.cut);
  EXPECT_EQ(preview.text, std::string(10, 'a') + "<redac");
  EXPECT_EQ(preview.text.find("cana"), std::string::npos);
}

// Redacted forms shrink the text: a second secret that the first window cut short would slide
// in front of the cut if the window did not grow.
TEST(RedactedPreviewTest, ShrinkingRedactionsDoNotPullAPartialSecretBeforeTheCut) {
  Redactor redactor;
  const std::string long_secret(60, 'x');
  redactor.add_secret(long_secret);
  redactor.add_secret("second-secret-abcdef");
  // A window of limit + longest form (20 + 60) ends inside the second secret; redacted, that
  // window puts its unredacted start at offset 11, before the cut.
  const std::string text = long_secret + "," + "second-secret-abcdef" + "tail";
  const Preview preview = redacted_preview(redactor, text, 20);
  EXPECT_EQ(preview.text.find("second"), std::string::npos) << preview.text;
  EXPECT_EQ(preview.text, "<redacted>,<redacted");
  EXPECT_TRUE(preview.cut);
}

TEST(RedactedPreviewTest, LongTextIsCutAtTheLimit) {
  Redactor redactor;
  const Preview preview = redacted_preview(redactor, std::string(5000, 'z'), 1024);
  EXPECT_TRUE(preview.cut);
  EXPECT_EQ(preview.text.size(), 1024u);
}

TEST(RedactedPreviewTest, ControlCharactersAreEscapedToKeepOneLine) {
  EXPECT_EQ(escape_controls("a\nb\tc\r\x1b[31m"), "a\\nb\\tc\\r\\x1b[31m");
  EXPECT_EQ(escape_controls("caf\xc3\xa9"), "caf\xc3\xa9");
}

}  // namespace
}  // namespace kosmo::http
