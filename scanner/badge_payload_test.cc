#include "scanner/badge_payload.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "scanner/decoder.h"

namespace kindred {
namespace {

TEST(BadgePayloadTest, PlainIdsAndTicketSecrets) {
  for (const char* id : {"K-1001", "hutjztuxhkbtwnesv2suqv26k6ttytxx", "ORDER1-42", "A1"}) {
    BadgePayload b = ParseBadgePayload(id);
    EXPECT_EQ(b.kind, BadgeKind::kPlainId) << id;
    EXPECT_EQ(b.attendee_id, id);
  }
  EXPECT_EQ(ParseBadgePayload("  K-1001\r\n").attendee_id, "K-1001");
}

TEST(BadgePayloadTest, TicketUrlsCarryTheirToken) {
  BadgePayload b = ParseBadgePayload("https://pretix.example.org/t/at/hutjztux2k/");
  EXPECT_EQ(b.kind, BadgeKind::kUrlToken);
  EXPECT_EQ(b.attendee_id, "hutjztux2k");
  b = ParseBadgePayload("https://tickets.example.org/checkin?event=7&secret=ABC123");
  EXPECT_EQ(b.kind, BadgeKind::kUrlToken);
  EXPECT_EQ(b.attendee_id, "ABC123");
  b = ParseBadgePayload("https://www.example.org/schedule");
  EXPECT_FALSE(b.is_badge());
  EXPECT_NE(b.reason.find("web address"), std::string::npos);
}

TEST(BadgePayloadTest, AtTokenForm) {
  BadgePayload b = ParseBadgePayload("AT$x7Gq2k$AT");
  EXPECT_EQ(b.kind, BadgeKind::kAtToken);
  EXPECT_EQ(b.attendee_id, "x7Gq2k");
  EXPECT_FALSE(ParseBadgePayload("AT$has space$AT").is_badge());
}

TEST(BadgePayloadTest, CommaSeparatedAttendeeRecords) {
  BadgePayload b = ParseBadgePayload("1234,Maya,Okafor,maya@example.org,Hive & Co");
  EXPECT_EQ(b.kind, BadgeKind::kFieldList);
  EXPECT_EQ(b.attendee_id, "1234");
  EXPECT_EQ(b.name, "Maya Okafor");
  EXPECT_EQ(b.email, "maya@example.org");
  EXPECT_EQ(b.company, "Hive & Co");
  EXPECT_FALSE(ParseBadgePayload("apples, pears, plums, figs").is_badge());
}

TEST(BadgePayloadTest, VCard3WithFoldedLines) {
  BadgePayload b = ParseBadgePayload(
      "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Maya;;;\r\nFN:Maya\r\n  Okafor\r\n"
      "EMAIL;TYPE=INTERNET:maya@example.org\r\nORG:Hive & Co;Design\r\nEND:VCARD\r\n");
  ASSERT_EQ(b.kind, BadgeKind::kVCard) << b.reason;
  EXPECT_EQ(b.name, "Maya Okafor");
  EXPECT_EQ(b.email, "maya@example.org");
  EXPECT_EQ(b.company, "Hive & Co");
  EXPECT_EQ(b.attendee_id, "maya@example.org");
}

TEST(BadgePayloadTest, VCard21QuotedPrintableAndCharset) {
  BadgePayload b = ParseBadgePayload(
      "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=98rsted;Ingrid\n"
      "FN;ENCODING=QUOTED-PRINTABLE:Ingrid =C3=98r=\nsted\nEMAIL:ingrid@example.org\nEND:VCARD");
  ASSERT_EQ(b.kind, BadgeKind::kVCard) << b.reason;
  EXPECT_EQ(b.name, "Ingrid Ørsted");
  BadgePayload latin1 = ParseBadgePayload(
      "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Jos=E9\n"
      "EMAIL:jose@example.org\nEND:VCARD");
  EXPECT_EQ(latin1.name, "José");
}

TEST(BadgePayloadTest, VCard4UidIsTheId) {
  BadgePayload b = ParseBadgePayload(
      "BEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\nFN:Иванова\n"
      "EMAIL:anna@example.org\nEND:VCARD");
  ASSERT_EQ(b.kind, BadgeKind::kVCard);
  EXPECT_EQ(b.attendee_id, "4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
  EXPECT_EQ(b.name, "Иванова");
}

TEST(BadgePayloadTest, MalformedVCardsAreTypedErrors) {
  EXPECT_NE(ParseBadgePayload("BEGIN:VCARD\nVERSION:3.0\nBEGIN:VCARD\nVERSION:3.0\nFN:x\nEND:VCARD\nEND:VCARD")
                .reason.find("nested"),
            std::string::npos);
  BadgePayload nameless = ParseBadgePayload("BEGIN:VCARD\nVERSION:3.0\nORG:Hive\nEND:VCARD");
  EXPECT_FALSE(nameless.is_badge());
  EXPECT_NE(nameless.reason.find("without a name"), std::string::npos) << nameless.reason;
  EXPECT_EQ(nameless.company, "Hive") << "what the card said is still reported";
}

TEST(BadgePayloadTest, AnEventbriteTicketHoldsItsAttendeeNumber) {
  // Order 1689365701, attendee 2360209833, suffix 001.
  std::vector<std::string> ids = EventbriteAttendeeIds("16893657012360209833001");
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids[0], "2360209833");
  EXPECT_TRUE(EventbriteAttendeeIds("K-1001").empty());
  EXPECT_TRUE(EventbriteAttendeeIds("12345").empty()) << "too short to be one";
  EXPECT_TRUE(EventbriteAttendeeIds("1689365701236020983300x").empty());
}

TEST(BadgePayloadTest, BusinessCardsAsPhonesWriteThemArePeople) {
  // No VERSION (Android), stray spaces, escaped separators, no UID or e-mail.
  BadgePayload b = ParseBadgePayload(
      "  BEGIN:VCARD\r\n N:Martin;Chlo\xC3\xA9;;;\r\nTEL;TYPE=CELL: +33 6 12 34 56 78 \r\n"
      "ORG:Atelier\\, Lumen\r\nEND:VCARD  ");
  ASSERT_TRUE(b.is_badge()) << b.reason;
  EXPECT_EQ(b.kind, BadgeKind::kVCard);
  EXPECT_TRUE(b.business_card);
  EXPECT_EQ(b.name, "Chloé Martin");
  EXPECT_EQ(b.company, "Atelier, Lumen");
  EXPECT_EQ(b.attendee_id.rfind("card-", 0), 0u) << b.attendee_id;
  // Stable: the same card, written differently, is the same person.
  BadgePayload again = ParseBadgePayload(
      "BEGIN:VCARD\nVERSION:3.0\nFN:CHLOÉ  MARTIN\nTEL:+33612345678\nEND:VCARD");
  EXPECT_EQ(ParseBadgePayload("BEGIN:VCARD\nFN:Chloé Martin\nTEL:+33 6 12 34 56 78\nEND:VCARD").attendee_id,
            b.attendee_id);
  EXPECT_EQ(again.attendee_id, b.attendee_id) << "case, accents' case and spacing do not change who someone is";
  // A card with an e-mail is keyed by it, as before; VERSION is not needed.
  BadgePayload mail = ParseBadgePayload("BEGIN:VCARD\nFN:No Version\nEMAIL:a@b.c\nEND:VCARD");
  EXPECT_EQ(mail.attendee_id, "a@b.c");
  EXPECT_FALSE(mail.business_card);
  // MECARD with a phone only.
  BadgePayload me = ParseBadgePayload("MECARD:N:Okafor,Maya;TEL:+44 20 7946 0000;;");
  ASSERT_TRUE(me.is_badge()) << me.reason;
  EXPECT_TRUE(me.business_card);
  EXPECT_EQ(me.name, "Maya Okafor");
}

TEST(BadgePayloadTest, MeCard) {
  BadgePayload b = ParseBadgePayload("MECARD:N:Okafor,Maya;EMAIL:maya@example.org;ORG:Hive\\; Co;;");
  ASSERT_EQ(b.kind, BadgeKind::kMeCard) << b.reason;
  EXPECT_EQ(b.name, "Maya Okafor");
  EXPECT_EQ(b.email, "maya@example.org");
  EXPECT_EQ(b.company, "Hive; Co");
}

TEST(BadgePayloadTest, AnythingElseIsNotABadgeWithAReason) {
  for (std::string text : {std::string("WIFI:S:Venue;T:WPA;P:secret;;"), std::string("Hello there, friend"),
                           std::string(""), std::string(3 * 1024, 'A'), std::string("\xff\xfe\x00K", 4),
                           std::string("\x82\xa0\x82\xa2")}) {
    BadgePayload b = ParseBadgePayload(text);
    EXPECT_FALSE(b.is_badge()) << text.substr(0, 20);
    EXPECT_FALSE(b.reason.empty());
    EXPECT_TRUE(b.attendee_id.empty());
  }
  EXPECT_NE(ParseBadgePayload(std::string(3 * 1024, 'A')).reason.find("too long"), std::string::npos);
  EXPECT_NE(ParseBadgePayload("\x82\xa0\x82\xa2").reason.find("UTF-8"), std::string::npos)
      << "Shift_JIS bytes are not taken for text";
}

// Splits a .vcf export into cards, leaving out what no badge QR code carries
// (photos, logos, sounds, keys: kilobytes of base64).
std::vector<std::string> BadgeSizedCards(const std::string& vcf) {
  std::vector<std::string> cards;
  std::istringstream in(vcf);
  std::string line, card;
  bool skipping = false;
  while (std::getline(in, line)) {
    bool continuation = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    if (!continuation) {
      std::string upper;
      for (char c : line.substr(0, 12)) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      skipping = upper.starts_with("PHOTO") || upper.starts_with("LOGO") || upper.starts_with("SOUND") ||
                 upper.starts_with("KEY") || upper.starts_with("NOTE");
    }
    if (skipping) continue;
    card += line + "\n";
    if (line.starts_with("END:VCARD")) {
      cards.push_back(card);
      card.clear();
    }
  }
  return cards;
}

// True when a card has an FN or N line.
bool NamesSomeone(const std::string& card) {
  return card.find("\nFN") != std::string::npos || card.find("\nN:") != std::string::npos ||
         card.find("\nN;") != std::string::npos;
}

TEST(BadgePayloadTest, RealVCardExportsParse) {
  const std::filesystem::path dir = std::filesystem::path(KINDRED_SHARED_DATA) / "vcards";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "shared/data is absent";
  int cards = 0, with_email = 0, with_org = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".vcf") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string vcf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const std::string& card : BadgeSizedCards(vcf)) {
      if (card.size() > 2953) continue;  // larger than any QR code
      BadgePayload b = ParseBadgePayload(card);
      if (b.kind == BadgeKind::kNotABadge) {
        // Only a card that names nobody may be refused, and it says so.
        EXPECT_NE(b.reason.find("without a name"), std::string::npos) << entry.path().filename() << ": " << b.reason;
        continue;
      }
      ++cards;
      if (NamesSomeone(card)) {
        EXPECT_FALSE(b.name.empty()) << entry.path().filename();
      }
      with_email += !b.email.empty();
      with_org += !b.company.empty();
    }
  }
  EXPECT_GE(cards, 20) << "every card that names someone is a person";
  EXPECT_GE(with_email, 12);
  EXPECT_GE(with_org, 10);
}

// The phone makers' cards as people hold them up: printed as QR codes, read
// by the decoder, every card that names someone is a person with a stable ID
// (a walk-in when the card carries no registration ID).
TEST(BadgePayloadTest, RealVCardsPrintedAsQrCodesArePeople) {
  const std::filesystem::path dir = std::filesystem::path(KINDRED_SHARED_DATA) / "vcards";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "shared/data is absent";
  int printed = 0, people = 0;
  std::set<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".vcf") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string vcf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const std::string& card : BadgeSizedCards(vcf)) {
      LumaImage qr;
      std::string err;
      if (!RenderQrCode(card, 3, &qr, &err)) continue;  // larger than any QR code
      ++printed;
      std::vector<DecodedCode> codes = DecodeCodes(qr.view(), DecoderOptions{});
      ASSERT_EQ(codes.size(), 1u) << entry.path().filename();
      ASSERT_EQ(codes[0].text, card) << entry.path().filename();
      BadgePayload b = ParseBadgePayload(codes[0].text);
      if (!b.is_badge()) {
        EXPECT_NE(b.reason.find("without a name"), std::string::npos) << entry.path().filename() << ": " << b.reason;
        continue;
      }
      ++people;
      if (NamesSomeone(card)) EXPECT_FALSE(b.name.empty()) << entry.path().filename();
      else EXPECT_FALSE(b.email.empty()) << entry.path().filename() << ": a card with only an e-mail is keyed by it";
      EXPECT_FALSE(b.attendee_id.empty()) << entry.path().filename();
      EXPECT_EQ(ParseBadgePayload(card).attendee_id, b.attendee_id) << "the same card, the same ID";
      ids.insert(b.attendee_id);
    }
  }
  std::printf("%d real cards printed as QR codes, %d read as people, %zu distinct IDs\n", printed, people,
              ids.size());
  EXPECT_GE(printed, 22);
  EXPECT_GE(people, printed - 1) << "only a card that names nobody may be refused";
}

TEST(BadgePayloadTest, JohnDoeFromAnIphoneExport) {
  const std::filesystem::path file = std::filesystem::path(KINDRED_SHARED_DATA) / "vcards/John_Doe_IPHONE.vcf";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "shared/data is absent";
  std::ifstream in(file, std::ios::binary);
  std::string vcf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  BadgePayload b = ParseBadgePayload(BadgeSizedCards(vcf).at(0));
  ASSERT_EQ(b.kind, BadgeKind::kVCard) << b.reason;
  EXPECT_EQ(b.name, "Mr. John Richter James Doe Sr.");
  EXPECT_EQ(b.email, "john.doe@ibm.com");
  EXPECT_EQ(b.company, "IBM");
}

}  // namespace
}  // namespace kindred
