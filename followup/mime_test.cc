#include "followup/mime.h"

#include <gtest/gtest.h>

#include <sstream>

namespace kindred {
namespace {

// Every line of `text` (CRLF-separated) is at most `max` octets, and no bare LF or CR.
void ExpectLinesWithin(const std::string& text, size_t max) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "the last line must end in CRLF";
    const std::string line = text.substr(start, end - start);
    EXPECT_LE(line.size(), max) << line;
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << "bare CR or LF in: " << line;
    start = end + 2;
  }
}

TEST(MimeTest, AddressesThatCouldBreakAHeaderAreRefused) {
  EXPECT_TRUE(IsMailAddress("maya.okafor+kindred@example.org"));
  EXPECT_FALSE(IsMailAddress("maya@example"));
  EXPECT_FALSE(IsMailAddress("maya@example.org\r\nBcc: everyone@example.org"));
  EXPECT_FALSE(IsMailAddress("maya@@example.org"));
  EXPECT_FALSE(IsMailAddress("<maya@example.org>"));
  EXPECT_FALSE(IsMailAddress("josé@example.org")) << "8-bit local parts need SMTPUTF8";
  EXPECT_FALSE(IsMailAddress(""));
}

TEST(MimeTest, MailboxesAreParsedAndWrittenBack) {
  Mailbox m;
  std::string err;
  ASSERT_TRUE(ParseMailbox("  Kindred Mixer <hello@example.org> ", &m, &err)) << err;
  EXPECT_EQ(m.name, "Kindred Mixer");
  EXPECT_EQ(m.address, "hello@example.org");
  EXPECT_EQ(FormatMailbox(m), "Kindred Mixer <hello@example.org>");
  ASSERT_TRUE(ParseMailbox("\"Okafor, Maya\" <maya@example.org>", &m, &err));
  EXPECT_EQ(m.name, "Okafor, Maya");
  EXPECT_EQ(FormatMailbox(m), "\"Okafor, Maya\" <maya@example.org>");
  ASSERT_TRUE(ParseMailbox("maya@example.org", &m, &err));
  EXPECT_EQ(m.name, "");
  EXPECT_EQ(FormatMailbox({"José Álvarez", "jose@example.org"}), "=?UTF-8?B?Sm9zw6kgw4FsdmFyZXo=?= <jose@example.org>");
  EXPECT_FALSE(ParseMailbox("Maya <maya@example.org", &m, &err));
  EXPECT_FALSE(ParseMailbox("Maya <not an address>", &m, &err));
  EXPECT_NE(err.find("not an e-mail address"), std::string::npos) << err;
}

TEST(MimeTest, LongUtf8SubjectsBecomeEncodedWordsWithinTheLineLimit) {
  std::string subject;
  for (int i = 0; i < 12; ++i) subject += "Gespräche über Bienenzucht 🐝 ";
  const std::string field = HeaderField("Subject", subject);
  ExpectLinesWithin(field, 78);
  EXPECT_EQ(field.rfind("Subject: =?UTF-8?B?", 0), 0u) << field;
  // Every encoded-word decodes to whole characters: none starts with a continuation byte.
  EXPECT_EQ(field.find("?B?g"), std::string::npos);
  EXPECT_EQ(HeaderField("Subject", "Hi\r\nBcc: x@example.org"), "Subject: Hi Bcc: x@example.org\r\n")
      << "a line break cannot start a new header";
}

TEST(MimeTest, QuotedPrintableKeepsLinesShortAndEscapesWhatMust) {
  std::string text = std::string(200, 'a') + "\n" + "caf\xC3\xA9 = tea \n.dot first\n";
  const std::string qp = QuotedPrintable(text);
  ExpectLinesWithin(qp + "\r\n", 76);
  EXPECT_NE(qp.find("caf=C3=A9 =3D tea=20\r\n"), std::string::npos) << qp;
  EXPECT_NE(qp.find("\r\n=2Edot first\r\n"), std::string::npos) << "a leading dot is escaped";
  // Soft breaks end in '=' and joining them gives back the text.
  std::string joined, line;
  std::istringstream in(qp);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line.back() == '=') line.pop_back();
    else line += "\n";
    joined += line;
  }
  EXPECT_EQ(joined.substr(0, 201), std::string(200, 'a') + "\n");
}

TEST(MimeTest, MessagesHaveBothBodiesAndAttachmentsInBoundedLines) {
  const std::string headers = HeaderField("Subject", "Hello");
  const std::string msg =
      ComposeMessage(headers, "Hi José", "<p>Hi José</p>", {{"contacts.vcf", "text/vcard; charset=utf-8",
                                                             std::string(500, 'x')}},
                     "<abc-123@example.org>");
  ExpectLinesWithin(msg, 78);
  EXPECT_NE(msg.find("Content-Type: multipart/mixed;\r\n boundary=\"=_mixed_abc123exampleorg\""), std::string::npos);
  EXPECT_NE(msg.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(msg.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_NE(msg.find("filename=\"contacts.vcf\""), std::string::npos);
  EXPECT_NE(msg.find("--=_mixed_abc123exampleorg--\r\n"), std::string::npos);
  const std::string plain = ComposeMessage(headers, "a", "b", {}, "s");
  EXPECT_EQ(plain.find("multipart/mixed"), std::string::npos) << "no attachment, no mixed part";
}

TEST(MimeTest, DatesAreRfc5322InUtc) { EXPECT_EQ(MailDate(1795370645), "Sun, 22 Nov 2026 18:04:05 +0000"); }

}  // namespace
}  // namespace kindred
