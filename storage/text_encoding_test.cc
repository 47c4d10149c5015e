#include "storage/text_encoding.h"

#include <gtest/gtest.h>

namespace kindred {
namespace {

// `utf8` (ASCII and Latin-1 letters only) as UTF-16LE, with a BOM.
std::string Utf16Le(const std::string& ascii_and_latin1_utf8) {
  std::string out = "\xFF\xFE";
  for (size_t i = 0; i < ascii_and_latin1_utf8.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(ascii_and_latin1_utf8[i]);
    unsigned cp = c;
    if (c >= 0xC0) cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(ascii_and_latin1_utf8[++i]) & 0x3F);
    out.push_back(static_cast<char>(cp & 0xFF));
    out.push_back(static_cast<char>(cp >> 8));
  }
  return out;
}

TEST(TextEncodingTest, Utf8WithOrWithoutABomIsKept) {
  std::string text = "\xEF\xBB\xBF" "badge_id,name\nA1,José\n", enc, err;
  ASSERT_TRUE(DecodeSpreadsheetText(&text, &enc, &err)) << err;
  EXPECT_EQ(text, "badge_id,name\nA1,José\n");
  EXPECT_EQ(enc, "UTF-8");
}

TEST(TextEncodingTest, ExcelsUnicodeTextIsUtf16) {
  std::string text = Utf16Le("badge_id\tname\nA1\tJosé\n"), enc, err;
  ASSERT_TRUE(DecodeSpreadsheetText(&text, &enc, &err)) << err;
  EXPECT_EQ(text, "badge_id\tname\nA1\tJosé\n");
  EXPECT_EQ(enc, "UTF-16LE");
  std::string no_bom = Utf16Le("badge_id,name\n").substr(2);
  ASSERT_TRUE(DecodeSpreadsheetText(&no_bom, &enc, &err)) << err;
  EXPECT_EQ(no_bom, "badge_id,name\n");
}

TEST(TextEncodingTest, ExcelsPlainCsvIsWindows1252) {
  std::string text = "badge_id;name\nA1;Jos\xE9 \x80 Chlo\xE9\n", enc, err;
  ASSERT_TRUE(DecodeSpreadsheetText(&text, &enc, &err)) << err;
  EXPECT_EQ(text, "badge_id;name\nA1;José € Chloé\n");
  EXPECT_EQ(enc, "Windows-1252");
}

TEST(TextEncodingTest, MostlyUtf8WithOneBadByteStaysUtf8) {
  std::string text = "badge_id,name\nA1,José\nB2,Bo\xE9\n", enc, err;
  ASSERT_TRUE(DecodeSpreadsheetText(&text, &enc, &err)) << err;
  EXPECT_EQ(enc, "UTF-8") << "the parser rejects the one bad line";
}

TEST(TextEncodingTest, WorkbooksAreRefusedWithHowToSaveCsv) {
  std::string err, enc;
  std::string xlsx = std::string("PK\x03\x04", 4) + "[Content_Types].xml";
  EXPECT_FALSE(DecodeSpreadsheetText(&xlsx, &enc, &err));
  EXPECT_NE(err.find(".xlsx"), std::string::npos) << err;
  EXPECT_NE(err.find("CSV UTF-8"), std::string::npos) << err;
  std::string xls = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  EXPECT_FALSE(DecodeSpreadsheetText(&xls, &enc, &err));
  EXPECT_NE(err.find(".xls"), std::string::npos) << err;
  EXPECT_EQ(err.find('\n'), std::string::npos) << "one line";
}

TEST(TextEncodingTest, BytesThatAreNoTextAreRefused) {
  std::string junk("\x81\x8D\x8F\x90\x9D\x81", 6), enc, err;
  EXPECT_FALSE(DecodeSpreadsheetText(&junk, &enc, &err));
  EXPECT_NE(err.find("CSV UTF-8"), std::string::npos) << err;
}

}  // namespace
}  // namespace kindred
