// Every channel over the same generated two-language pairs, sentence by
// sentence (#30, #31): an event of twelve people in six languages (en, de,
// de-informal, fr, es, ja), each writing the same three passions in their own
// language. Whatever a person reads about someone else - the kiosk's welcome
// (reasons, question, "looking for you"), the card's line, the follow-up's
// lines, its e-mail (text and HTML) and the contacts' vCard note - is in the
// reader's language with the reader's own word; the other's word appears only
// where a sentence names it as theirs ("„Radfahren“ (José: „ciclismo“)").
#include <gtest/gtest.h>

#include <set>

#include "event/event_context.h"
#include "followup/mail.h"
#include "followup/summary.h"
#include "i18n/catalog.h"
#include "kiosk/dashboard.h"
#include "kiosk/flow.h"
#include "match/say.h"
#include "tests/support/people.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

struct Speaker {
  const char* language;
  const char* names[2];
  const char* words[3];  // cycling, photography, cooking, as this language writes them
};

const Speaker kSpeakers[] = {
    {"en", {"Maya Okafor", "Sam Lee"}, {"cycling", "photography", "cooking"}},
    {"de", {"Jonas Weber", "Ute Wolf"}, {"Radfahren", "Fotografie", "Kochen"}},
    {"de-informal", {"Hannah Graf", "Felix Brandt"}, {"Radfahren", "Fotografie", "Kochen"}},
    {"fr", {"Léa Martin", "Pierre Dubois"}, {"cyclisme", "photographie", "cuisine"}},
    {"es", {"José Álvarez", "Lucía Pérez"}, {"ciclismo", "fotografía", "cocina"}},
    {"ja", {"田中 由紀", "佐藤 花子"}, {"サイクリング", "写真", "料理"}},
};

// Sentences of the English templates that must not reach anyone reading
// another language.
const char* const kEnglish[] = {"You both", "Ask ", "each other", "loves", "looking for", "works in", "Next:"};

// A vCard's text as read: folded lines joined, commas unescaped.
std::string Unfolded(std::string vcf) {
  for (const char* fold : {"\r\n ", "\n ", "\\"}) {
    const std::string f = fold;
    for (size_t at; (at = vcf.find(f)) != std::string::npos;) vcf.erase(at, f.size());
  }
  return vcf;
}

class OwnWordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Attendee> people;
    for (const Speaker& s : kSpeakers)
      for (int i = 0; i < 2; ++i) {
        const std::string id = std::string(s.language) + "-" + std::to_string(i);
        people.push_back(test::Someone(id, s.names[i])
                             .Language(s.language)
                             .Email(std::to_string(people.size()) + "@example.org")
                             .Consent()
                             .Passions({s.words[0], s.words[1], s.words[2]}));
        speaker_of_[id] = &s;
      }
    // Two guests who wrote no passions yet: they pick from the event's.
    people.push_back(test::Someone("guest-de", "Greta Neu").Language("de"));
    people.push_back(test::Someone("guest-ja", "山田 太郎").Language("ja"));
    std::string err;
    {
      auto db = EventDb::Open(tmp_.file("event.db"), &err);
      ASSERT_TRUE(db) << err;
      EventDb::UpsertCounts counts;
      ASSERT_TRUE(db->UpsertAttendees(people, &counts, &err)) << err;
    }
    ASSERT_TRUE(OpenEvent(tmp_.file("event.db"), KINDRED_TEST_ASSETS, &event_, &err)) << err;
    for (const auto& [id, speaker] : speaker_of_) ids_.push_back(id);
  }

  Attendee Person(const std::string& id) {
    Attendee a;
    std::string err;
    EXPECT_EQ(event_.db->FindAttendee(id, &a, &err), Lookup::kFound) << err;
    return a;
  }

  // `text`, which `reader` reads about `others`: in the reader's language
  // and words. Another's word (where it differs) only as "(Name: word)".
  void CheckReads(const std::string& reader, const std::vector<std::string>& others, std::string text,
                  const char* channel) {
    SCOPED_TRACE(std::string(channel) + ": what " + reader + " reads:\n" + text);
    const Speaker& r = *speaker_of_[reader];
    const std::locale& loc = i18n::Default().For(r.language);
    for (const std::string& other : others) {
      const Speaker& o = *speaker_of_[other];
      for (int w = 0; w < 3; ++w) {
        // Where a sentence names the other's word as theirs, it may.
        const std::string mine = "\x01";
        std::string named = i18n::Fill(i18n::Tr(loc, "{mine} ({name}: {theirs})"),
                                       {{"mine", mine}, {"name", FirstName(Person(other).name)},
                                        {"theirs", say::Term(loc, o.words[w])}});
        named = named.substr(named.find(mine) + mine.size());
        for (size_t at; (at = text.find(named)) != std::string::npos;) text.erase(at, named.size());
      }
    }
    for (const std::string& other : others) {
      const Speaker& o = *speaker_of_[other];
      for (int w = 0; w < 3; ++w)
        if (std::string(r.words[w]) != o.words[w]) {
          EXPECT_EQ(text.find(o.words[w]), std::string::npos)
              << "'" << o.words[w] << "' is " << other << "'s word, not " << reader << "'s";
        }
    }
    if (std::string(r.language) != "en") {
      for (const char* english : kEnglish) EXPECT_EQ(text.find(english), std::string::npos) << "English: " << english;
    }
  }
  void CheckReads(const std::string& reader, const std::string& other, const std::string& text, const char* channel) {
    CheckReads(reader, std::vector<std::string>{other}, text, channel);
  }

  // Whether `text` holds one of the reader's own words.
  bool HasOwnWord(const std::string& reader, const std::string& text) {
    for (const char* w : speaker_of_[reader]->words)
      if (text.find(w) != std::string::npos) return true;
    return false;
  }

  test::TempDir tmp_;
  EventContext event_;
  std::vector<std::string> ids_;
  std::map<std::string, const Speaker*> speaker_of_;
};

TEST_F(OwnWordsTest, TheWelcomeSpeaksToEachReaderInTheirWords) {
  for (const std::string& reader : ids_) {
    KioskFlow flow(event_.db.get(), event_.matcher.get(), FlowConfig{});
    flow.OnScan(reader, 1000);
    const FlowView& v = flow.view();
    ASSERT_EQ(v.screen, Screen::kWelcome) << reader;
    EXPECT_EQ(v.language, speaker_of_[reader]->language);
    ASSERT_FALSE(v.suggestions.empty());
    for (const Suggestion& s : v.suggestions) {
      CheckReads(reader, s.id, s.reason, "welcome reason");
      CheckReads(reader, s.id, s.starter, "welcome question");
      EXPECT_TRUE(HasOwnWord(reader, s.reason)) << reader << ": " << s.reason;
      EXPECT_TRUE(HasOwnWord(reader, s.starter)) << reader << ": " << s.starter;
    }
  }
}

TEST_F(OwnWordsTest, SomeoneLookingForYouIsSaidInYourWords) {
  // Everyone scans once (and is suggested to others); the second scan of
  // each says who was shown them, and what both love, in the reader's words.
  for (const std::string& id : ids_) {
    KioskFlow flow(event_.db.get(), event_.matcher.get(), FlowConfig{});
    flow.OnScan(id, 1000);
  }
  int said = 0;
  for (const std::string& reader : ids_) {
    KioskFlow flow(event_.db.get(), event_.matcher.get(), FlowConfig{});
    flow.OnScan(reader, 1000);
    const FlowView& v = flow.view();
    if (v.looking_for_you.empty()) continue;
    ++said;
    // The seeker is named in looking_for_you; find them by first name.
    for (const std::string& other : ids_)
      if (other != reader && v.looking_for_you.find(FirstName(Person(other).name)) != std::string::npos)
        CheckReads(reader, other, v.looking_for_you + " " + v.looking_shared, "looking for you");
  }
  EXPECT_GT(said, 0);
}

TEST_F(OwnWordsTest, EachOfAPairReadsTheCardsQuestionInTheirLanguageAndWords) {
  for (const std::string& a : ids_)
    for (const std::string& b : ids_) {
      if (a >= b) continue;
      KioskFlow flow(event_.db.get(), event_.matcher.get(), FlowConfig{});
      flow.OnScan(a, 1000);
      flow.OnScan(b, 3000);
      const FlowView& v = flow.view();
      ASSERT_EQ(v.screen, Screen::kCard) << a << " + " << b;
      const bool one_language = std::string(speaker_of_[a]->language) == speaker_of_[b]->language;
      EXPECT_EQ(v.partner_starter.empty(), one_language) << a << " + " << b;
      if (one_language) {
        EXPECT_TRUE(HasOwnWord(a, v.card.starter)) << v.card.starter;
        continue;
      }
      CheckReads(a, b, v.card.starter, "card, first line");
      CheckReads(b, a, v.partner_starter, "card, second line");
      EXPECT_TRUE(HasOwnWord(a, v.card.starter)) << v.card.starter;
      EXPECT_TRUE(HasOwnWord(b, v.partner_starter)) << v.partner_starter;
    }
}

TEST_F(OwnWordsTest, EveryFollowUpChannelSaysTheSameInTheReadersWords) {
  for (const std::string& reader : ids_) {
    const Attendee me = Person(reader);
    std::vector<Attendee> others;
    for (const std::string& other : ids_)
      if (other != reader && speaker_of_[other] != speaker_of_[reader]) others.push_back(Person(other));
    std::vector<std::pair<Encounter, const Attendee*>> met;
    for (const Attendee& o : others) {
      Encounter e;
      e.a_id = std::min(reader, o.badge_id), e.b_id = std::max(reader, o.badge_id);
      e.met_at = "2026-11-30T18:00:00Z";
      e.intents = {"meet-again", "share-resource"};
      met.emplace_back(e, &o);
    }
    const FollowUp f = BuildFollowUp(*event_.matcher, me, met, speaker_of_[reader]->language);
    ASSERT_EQ(f.met.size(), others.size());
    for (const MetPerson& p : f.met) {
      const std::string& other = p.them->badge_id;
      const PersonLines lines = LinesAbout(f, p);
      std::string all;
      for (const std::string& l : lines.facts) all += l + "\n";
      for (const std::string& l : lines.next) all += l + "\n";
      CheckReads(reader, other, all, "follow-up lines");
      EXPECT_TRUE(HasOwnWord(reader, all)) << all;
      // What the follow-up says they share is what the kiosk says: one place.
      EXPECT_EQ(p.common.PassionWords(), event_.matcher->Between(reader, other).PassionWords());
    }
    // The whole of each channel, about each person met: the other's word
    // only where it is named as theirs.
    MailSettings settings;
    settings.event_name = "Mixer";
    const std::string channels[][2] = {{"Markdown", FollowUpMarkdown(f, "Mixer")},
                                       {"e-mail text", FollowUpPlainText(f, settings)},
                                       {"e-mail HTML", FollowUpHtml(f, settings)},
                                       {"vCard note", Unfolded(FollowUpVCards(f, "Mixer"))}};
    std::vector<std::string> other_ids;
    for (const Attendee& o : others) other_ids.push_back(o.badge_id);
    for (const auto& [name, text] : channels) CheckReads(reader, other_ids, text, name.c_str());
  }
}

// The guest picker offers the event's passions as groups, each named in the
// guest's language, whoever wrote them in which.
TEST_F(OwnWordsTest, AGuestPicksFromTheEventsPassionsInTheirLanguage) {
  for (const auto& [guest, words] : {std::pair{"guest-de", kSpeakers[1].words}, std::pair{"guest-ja", kSpeakers[5].words}}) {
    KioskFlow flow(event_.db.get(), event_.matcher.get(), FlowConfig{});
    flow.OnScan(guest, 1000);
    const FlowView& v = flow.view();
    ASSERT_EQ(v.screen, Screen::kPickPassions) << guest;
    EXPECT_EQ(std::set<std::string>(v.passion_options.begin(), v.passion_options.end()),
              std::set<std::string>(words, words + 3))
        << guest << ": three groups, each once, in the guest's words";
  }
}

// The dashboard counts what pairs share by group, named in the organiser's
// language: cycling shared as Radfahren, cyclisme and サイクリング is one row.
TEST_F(OwnWordsTest, TheDashboardCountsEachPassionOnceInTheOrganisersLanguage) {
  int saved = 0;
  for (const std::string& a : ids_)
    for (const std::string& b : ids_) {
      if (a >= b || speaker_of_[a] == speaker_of_[b]) continue;
      KioskFlow flow(event_.db.get(), event_.matcher.get(), FlowConfig{});
      flow.OnScan(a, 1000);
      flow.OnScan(b, 3000);
      ASSERT_EQ(flow.view().screen, Screen::kCard);
      ++saved;
    }
  for (const Speaker& organiser : {kSpeakers[1], kSpeakers[3], kSpeakers[5], kSpeakers[0]}) {
    DashboardStats stats;
    std::string err;
    ASSERT_TRUE(ComputeDashboard(*event_.db, *event_.matcher, organiser.language, &stats, &err)) << err;
    EXPECT_EQ(stats.encounters, saved);
    std::set<std::string> rows;
    for (const auto& [label, n] : stats.top_passions) {
      rows.insert(label);
      EXPECT_EQ(n, saved) << label << ": every pair shares it";
    }
    EXPECT_EQ(rows, std::set<std::string>(organiser.words, organiser.words + 3)) << organiser.language;
  }
}

}  // namespace
}  // namespace kindred
