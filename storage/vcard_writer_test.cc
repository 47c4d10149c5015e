#include "storage/vcard_writer.h"

#include <gtest/gtest.h>

namespace kindred {
namespace {

TEST(VCardWriterTest, WritesVersion3WithEscapingAndCrlf) {
  Attendee a;
  a.name = "José Álvarez";
  a.company = "Solaria, Inc; Energy";
  a.title = "Founder";
  a.email = "jose@example.org";
  std::string v = VCard30(a, "Met at the mixer\nshared: climate");
  EXPECT_EQ(v, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:José Álvarez\r\nN:Álvarez;José;;;\r\n"
               "ORG:Solaria\\, Inc\\; Energy\r\nTITLE:Founder\r\nEMAIL;TYPE=INTERNET:jose@example.org\r\n"
               "NOTE:Met at the mixer\\nshared: climate\r\nEND:VCARD\r\n");
}

TEST(VCardWriterTest, FoldsLongLinesWithoutSplittingCharacters) {
  Attendee a;
  a.name = "李雷";
  std::string note;
  for (int i = 0; i < 60; ++i) note += "蜂";  // 3 bytes each: 180 bytes
  std::string v = VCard30(a, note);
  EXPECT_NE(v.find("N:李雷;;;;\r\n"), std::string::npos) << "a name without spaces is one family name";
  size_t start = 0;
  while (start < v.size()) {
    size_t end = v.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u);
    start = end + 2;
  }
  // Unfolding gives back the whole note.
  std::string unfolded;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    unfolded.push_back(v[i]);
  }
  EXPECT_NE(unfolded.find("NOTE:" + note + "\r\n"), std::string::npos);
}

}  // namespace
}  // namespace kindred
