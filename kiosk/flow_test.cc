#include "kiosk/flow.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "event/organiser_pin.h"
#include "event/page_token.h"
#include "kiosk/wifi_code.h"
#include "scanner/badge_signing.h"
#include "common/utc_time.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

class FlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::MakeTempDir();
    std::string err;
    db_ = EventDb::Open(dir_ + "/event.db", &err);
    ASSERT_TRUE(db_) << err;
    std::vector<Attendee> people;
    for (auto [id, name, passions] : {std::tuple{"A1", "Maya Okafor", "urban beekeeping; jazz"},
                                      std::tuple{"B2", "José Álvarez", "urban beekeeping; climate"},
                                      std::tuple{"C3", "李雷", "robotics; jazz"}}) {
      Attendee a;
      a.badge_id = id;
      a.name = name;
      a.passions = SplitList(passions);
      people.push_back(a);
    }
    EventDb::UpsertCounts counts;
    ASSERT_TRUE(db_->UpsertAttendees(people, &counts, &err)) << err;
    matcher_ = std::make_unique<Matcher>(people, TagSynonyms{});
    flow_ = std::make_unique<KioskFlow>(db_.get(), matcher_.get(), config_);
  }
  void TearDown() override {
    flow_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  int64_t Encounters() {
    int64_t n = -1;
    std::string err;
    EXPECT_TRUE(db_->CountEncounters(&n, &err)) << err;
    return n;
  }

  FlowConfig config_;
  std::string dir_;
  std::unique_ptr<EventDb> db_;
  std::unique_ptr<Matcher> matcher_;
  std::unique_ptr<KioskFlow> flow_;
};

TEST_F(FlowTest, StartsOnTheAttractScreen) {
  EXPECT_EQ(flow_->view().screen, Screen::kAttract);
  EXPECT_EQ(flow_->next_deadline(), INT64_MAX) << "nothing to wake up for";
}

TEST_F(FlowTest, ABadgeWelcomesThePersonWithSuggestions) {
  flow_->OnScan("A1", 1000);
  const FlowView& v = flow_->view();
  ASSERT_EQ(v.screen, Screen::kWelcome);
  EXPECT_EQ(v.person.name, "Maya Okafor");
  ASSERT_FALSE(v.suggestions.empty());
  EXPECT_EQ(v.suggestions[0].id, "B2");
  EXPECT_FALSE(v.suggestions[0].reason.empty());
  EXPECT_EQ(v.tone, Tone::kSuccess);
}

// Someone without a badge picks their language on the attract screen: the
// screens after it speak it, a walk-in is saved with it, and Done or the
// timeout bring the event's language back.
TEST_F(FlowTest, ALanguagePickedOnTheAttractScreenLastsUntilDone) {
  FlowConfig c = flow_->config();
  c.walk_ins = true;
  c.languages = {"en", "de", "ja"};
  flow_->Reconfigure(c);
  EXPECT_EQ(flow_->view().languages, c.languages);
  flow_->PickLanguage(1, 1000);
  EXPECT_EQ(flow_->view().language, "de");
  EXPECT_EQ(flow_->view().screen, Screen::kAttract);
  flow_->OpenJoin(1500);
  ASSERT_EQ(flow_->view().screen, Screen::kJoin);
  EXPECT_EQ(flow_->view().language, "de") << "joining keeps the language picked";
  flow_->SetJoinName("Greta Neu", 2000);
  flow_->SubmitJoinName(2500);
  ASSERT_EQ(flow_->view().screen, Screen::kJoinContact);
  flow_->FinishJoin(3000);
  const std::string id = flow_->view().person.badge_id;
  Attendee saved;
  std::string err;
  ASSERT_EQ(db_->FindAttendee(id, &saved, &err), Lookup::kFound) << err;
  EXPECT_EQ(saved.language, "de") << "a walk-in keeps the language they joined in";
  flow_->OnDone(4000);
  EXPECT_EQ(flow_->view().language, "en") << "Done: the event's language again";
  // Picked, then nobody follows: the attract screen's timeout restores it.
  flow_->PickLanguage(2, 5000);
  EXPECT_EQ(flow_->view().language, "ja");
  flow_->Tick(5000 + c.idle_timeout_ms + 1);
  EXPECT_EQ(flow_->view().language, "en");
  flow_->PickLanguage(7, 90000);  // no such language: nothing changes
  EXPECT_EQ(flow_->view().language, "en");
}

TEST_F(FlowTest, WalkInsJoinOnlyWhenTheOrganiserAllowsIt) {
  flow_->OpenJoin(1000);
  EXPECT_EQ(flow_->view().screen, Screen::kAttract) << "off by default";
  flow_->OnScan("BEGIN:VCARD\nFN:Sam Newcomer\nTEL:+44 20 7946 0000\nEND:VCARD", 2000);
  EXPECT_EQ(flow_->view().screen, Screen::kAttract);
  EXPECT_NE(flow_->view().notice.find("not on this event's list"), std::string::npos) << flow_->view().notice;
}

TEST_F(FlowTest, AWalkInWithoutABadgeTypesANameAndIsSavedBeforeTheWelcome) {
  FlowConfig c = flow_->config();
  c.walk_ins = true;
  flow_->Reconfigure(c);
  EXPECT_TRUE(flow_->view().walk_ins);
  flow_->OpenJoin(1000);
  ASSERT_EQ(flow_->view().screen, Screen::kJoin);
  flow_->SubmitJoinName(1500);
  EXPECT_EQ(flow_->view().screen, Screen::kJoin) << "a name first";
  flow_->SetJoinName("Sam Newcomer", 2000);
  flow_->SubmitJoinName(2500);
  ASSERT_EQ(flow_->view().screen, Screen::kJoinContact) << "nobody on the list is called that";
  flow_->SetJoinEmail("sam@", 3000);
  flow_->FinishJoin(3500);
  EXPECT_EQ(flow_->view().screen, Screen::kJoinContact) << "an incomplete e-mail is questioned";
  flow_->SetJoinEmail("sam@example.org", 4000);
  flow_->ToggleJoinConsent(4500);
  flow_->FinishJoin(5000);
  ASSERT_EQ(flow_->view().screen, Screen::kPickPassions) << flow_->view().notice;
  const std::string id = flow_->view().person.badge_id;
  EXPECT_EQ(id.rfind("walk-in-", 0), 0u) << id;
  Attendee saved;
  std::string err;
  ASSERT_EQ(db_->FindAttendee(id, &saved, &err), Lookup::kFound) << err;
  EXPECT_TRUE(saved.walk_in);
  EXPECT_TRUE(saved.consent);
  EXPECT_EQ(saved.email, "sam@example.org");
  EXPECT_TRUE(matcher_->Contains(id)) << "suggested to others at once";
  // They pick a passion and meet people like anyone else.
  flow_->TogglePassion(0, 6000);
  flow_->ConfirmPassions(6500);
  EXPECT_EQ(flow_->view().screen, Screen::kWelcome);
  EXPECT_FALSE(flow_->view().suggestions.empty());
}

TEST_F(FlowTest, ANameLikeOneOnTheListAsksBeforeMakingADuplicate) {
  FlowConfig c = flow_->config();
  c.walk_ins = true;
  flow_->Reconfigure(c);
  flow_->OpenJoin(1000);
  flow_->SetJoinName("Maya Okafr", 2000);  // a typo of Maya Okafor
  flow_->SubmitJoinName(2500);
  ASSERT_EQ(flow_->view().screen, Screen::kJoinCheck);
  EXPECT_EQ(flow_->view().join_match.name, "Maya Okafor");
  flow_->AnswerJoinCheck(true, 3000);
  EXPECT_EQ(flow_->view().screen, Screen::kWelcome);
  EXPECT_EQ(flow_->view().person.badge_id, "A1");
  int64_t n = 0;
  std::string err;
  ASSERT_TRUE(db_->CountAttendees(&n, &err));
  EXPECT_EQ(n, 3) << "nobody new";
  // "No, I'm new here" goes on to join.
  flow_->OnDone(4000);
  flow_->OpenJoin(5000);
  flow_->SetJoinName("Maya Okafr", 5500);
  flow_->SubmitJoinName(6000);
  flow_->AnswerJoinCheck(false, 6500);
  EXPECT_EQ(flow_->view().screen, Screen::kJoinContact);
  // Family name first, without the accents of the list: still asked.
  flow_->OnDone(7000);
  flow_->OpenJoin(8000);
  flow_->SetJoinName("OKAFOR maya", 8500);
  flow_->SubmitJoinName(9000);
  ASSERT_EQ(flow_->view().screen, Screen::kJoinCheck);
  EXPECT_EQ(flow_->view().join_match.badge_id, "A1");
}

TEST_F(FlowTest, ACardWithOnlyAnEmailJoinsByTypingAName) {
  FlowConfig c = flow_->config();
  c.walk_ins = true;
  flow_->Reconfigure(c);
  flow_->OnScan("BEGIN:VCARD\nVERSION:2.1\nEMAIL;PREF:sam@example.org\nEND:VCARD", 1000);
  ASSERT_EQ(flow_->view().screen, Screen::kJoin) << flow_->view().notice;
  EXPECT_EQ(flow_->view().joining.email, "sam@example.org");
  flow_->SetJoinName("Sam Newcomer", 2000);
  flow_->SubmitJoinName(2500);
  ASSERT_EQ(flow_->view().screen, Screen::kJoinContact);
  EXPECT_EQ(flow_->view().joining.email, "sam@example.org") << "the card's e-mail is kept";
  flow_->FinishJoin(3000);
  ASSERT_EQ(flow_->view().screen, Screen::kPickPassions) << flow_->view().notice;
  EXPECT_EQ(flow_->view().person.badge_id, "sam@example.org") << "the card's key, the same at every kiosk";
  EXPECT_TRUE(flow_->view().person.walk_in);
}

TEST_F(FlowTest, AnUnlistedBadgeJoinsAsAWalkInKeepingItsId) {
  // Without walk-ins: the registration desk.
  flow_->OnScan("K-9999", 500);
  EXPECT_EQ(flow_->view().screen, Screen::kAttract);
  EXPECT_NE(flow_->view().notice.find("registration desk"), std::string::npos);
  FlowConfig c = flow_->config();
  c.walk_ins = true;
  flow_->Reconfigure(c);
  flow_->OnScan("K-9999", 100000);
  ASSERT_EQ(flow_->view().screen, Screen::kJoin) << flow_->view().notice;
  EXPECT_EQ(flow_->view().notice.find("not recognised"), std::string::npos) << flow_->view().notice;
  flow_->SetJoinName("Rafael Moreno", 101000);
  flow_->SubmitJoinName(101500);
  ASSERT_EQ(flow_->view().screen, Screen::kJoinContact);
  flow_->FinishJoin(102000);
  ASSERT_EQ(flow_->view().screen, Screen::kPickPassions) << flow_->view().notice;
  EXPECT_EQ(flow_->view().person.badge_id, "K-9999") << "the badge works at every kiosk from now on";
  // Poster codes and noise are still not badges.
  flow_->OnDone(103000);
  flow_->OnScan("WIFI:S:venue;T:WPA;P:secret;;", 200000);
  EXPECT_EQ(flow_->view().screen, Screen::kAttract);
}

TEST_F(FlowTest, ABusinessCardNotOnTheListJoinsAsAWalkIn) {
  FlowConfig c = flow_->config();
  c.walk_ins = true;
  flow_->Reconfigure(c);
  const std::string card = "BEGIN:VCARD\nN:Newcomer;Sam\nEMAIL:sam@example.org\nORG:Sam & Co\nEND:VCARD";
  flow_->OnScan(card, 1000);
  ASSERT_EQ(flow_->view().screen, Screen::kJoinContact) << flow_->view().notice;
  EXPECT_EQ(flow_->view().joining.name, "Sam Newcomer");
  EXPECT_EQ(flow_->view().joining.email, "sam@example.org");
  flow_->FinishJoin(2000);
  ASSERT_EQ(flow_->view().screen, Screen::kPickPassions);
  EXPECT_EQ(flow_->view().person.badge_id, "sam@example.org") << "keyed by the card's e-mail";
  EXPECT_FALSE(flow_->view().person.consent) << "consent is asked, never assumed";
  // The same card again finds them: no duplicate.
  flow_->OnDone(3000);
  flow_->OnScan(card, 100000);
  EXPECT_EQ(flow_->view().screen, Screen::kPickPassions);
  int64_t n = 0;
  std::string err;
  ASSERT_TRUE(db_->CountAttendees(&n, &err));
  EXPECT_EQ(n, 4);
}

TEST_F(FlowTest, AnEventbriteTicketFindsItsAttendeeByNumber) {
  Attendee a;
  a.badge_id = "2360209833";
  a.name = "Grace Liu";
  a.passions = {"jazz"};
  EventDb::UpsertCounts counts;
  std::string err;
  ASSERT_TRUE(db_->UpsertAttendees({a}, &counts, &err)) << err;
  flow_->OnScan("16893657012360209833001", 1000);
  ASSERT_EQ(flow_->view().screen, Screen::kWelcome) << flow_->view().notice;
  EXPECT_EQ(flow_->view().person.name, "Grace Liu");
}

TEST_F(FlowTest, SomeoneSuggestedLaterHearsWhoIsLookingForThem) {
  flow_->OnScan("A1", 1000);  // Maya is shown José
  ASSERT_FALSE(flow_->view().suggestions.empty());
  ASSERT_EQ(flow_->view().suggestions[0].id, "B2");
  EXPECT_TRUE(flow_->view().looking_for_you.empty());
  EXPECT_EQ(matcher_->Exposure("B2"), 1) << "what is shown counts";
  flow_->OnDone(2000);
  flow_->OnScan("B2", 100000);  // José, later
  // What happened, and what is true of both: not that Maya is searching.
  EXPECT_EQ(flow_->view().looking_for_you, "The kiosk suggested you to Maya today.");
  EXPECT_EQ(flow_->view().looking_shared, "You both love urban beekeeping.");
  EXPECT_NE(flow_->view().looking_where.find("Last seen at kiosk-1"), std::string::npos)
      << flow_->view().looking_where;
  EXPECT_NE(flow_->view().looking_where.find("just now"), std::string::npos) << flow_->view().looking_where;
  ASSERT_EQ(flow_->view().recognise.size(), flow_->view().suggestions.size());
  EXPECT_NE(flow_->view().recognise[0].find("seen just now"), std::string::npos) << flow_->view().recognise[0];
  // Once they have met, nobody is looking any more.
  flow_->OnScan("A1", 101000);
  flow_->OnDone(102000);
  flow_->OnScan("B2", 200000);
  EXPECT_TRUE(flow_->view().looking_for_you.empty()) << flow_->view().looking_for_you;
}

TEST_F(FlowTest, ATappedSuggestionOpensItsFullReasonAndATapAgainClosesIt) {
  flow_->OnScan("A1", 1000);
  ASSERT_FALSE(flow_->view().suggestions.empty());
  EXPECT_EQ(flow_->view().open_suggestion, -1);
  flow_->ToggleSuggestion(0, 2000);
  EXPECT_EQ(flow_->view().open_suggestion, 0);
  EXPECT_EQ(flow_->next_deadline(), 2000 + FlowConfig{}.idle_timeout_ms) << "a tap keeps the screen";
  flow_->ToggleSuggestion(0, 3000);
  EXPECT_EQ(flow_->view().open_suggestion, -1);
  flow_->ToggleSuggestion(99, 3000);
  EXPECT_EQ(flow_->view().open_suggestion, -1) << "out of range closes";
  flow_->ToggleSuggestion(0, 3000);
  flow_->OnDone(4000);
  flow_->OnScan("A1", 100000);
  EXPECT_EQ(flow_->view().open_suggestion, -1) << "the next person starts with all closed";
}

// The same code as `text` gives.
bool CodeOf(const QrMatrix& qr, const std::string& text) {
  QrMatrix expected;
  std::string err;
  return EncodeQr(text, &expected, &err) && expected.size == qr.size && expected.dark == qr.dark;
}

// With kindred serve's address set, the welcome offers the person their
// own page: after the event's Wi-Fi when there is one, a tap on the code
// showing the next; no code at all without an address, and none on the
// screens two people share.
TEST_F(FlowTest, TheWelcomeOffersThePersonsOwnPageAfterTheEventsWifi) {
  flow_->OnScan("A1", 1000);
  EXPECT_TRUE(flow_->view().phone_codes.empty()) << "no server, no code";
  flow_->OnDone(2000);

  FlowConfig c = flow_->config();
  c.phone_url = "http://10.0.0.5:8080/";
  flow_->Reconfigure(c);
  flow_->OnScan("A1", 10000);
  std::string token, err;
  ASSERT_TRUE(PageToken(*db_, "A1", &token, &err)) << err;
  ASSERT_EQ(flow_->view().phone_codes.size(), 1u);
  EXPECT_TRUE(CodeOf(flow_->view().phone_codes[0].qr, "http://10.0.0.5:8080/p/" + token));
  EXPECT_EQ(flow_->view().phone_codes[0].caption, "Take your suggestions with you: scan with your phone's camera");
  flow_->OnDone(11000);

  c.wifi_ssid = "Spring Mixer";
  c.wifi_password = "bees4ever";
  flow_->Reconfigure(c);
  flow_->OnScan("B2", 20000);
  ASSERT_TRUE(PageToken(*db_, "B2", &token, &err)) << err;
  const FlowView& v = flow_->view();
  ASSERT_EQ(v.phone_codes.size(), 2u);
  EXPECT_EQ(v.phone_code, 0u) << "the Wi-Fi first";
  EXPECT_TRUE(CodeOf(v.phone_codes[0].qr, WifiQrText("Spring Mixer", "bees4ever")));
  EXPECT_NE(v.phone_codes[0].caption.find("Spring Mixer"), std::string::npos);
  EXPECT_TRUE(CodeOf(v.phone_codes[1].qr, "http://10.0.0.5:8080/p/" + token));
  flow_->NextPhoneCode(21000);
  EXPECT_EQ(v.phone_code, 1u);
  flow_->NextPhoneCode(22000);
  EXPECT_EQ(v.phone_code, 0u);

  flow_->OnScan("A1", 30000);  // they met: two people at the kiosk
  ASSERT_EQ(v.screen, Screen::kCard);
  EXPECT_TRUE(v.phone_codes.empty()) << "a page's code is its key: never where two people stand";
  flow_->SaveCard(31000);
  EXPECT_TRUE(v.phone_codes.empty());
}

TEST_F(FlowTest, ASecondBadgeSavesTheEncounterBeforeConfirming) {
  flow_->OnScan("A1", 1000);
  flow_->OnScan("https://tickets.example.org/t/at/B2/", 3000);
  const FlowView& v = flow_->view();
  ASSERT_EQ(v.screen, Screen::kCard) << "saved first, then the card";
  EXPECT_EQ(v.person.name, "Maya Okafor");
  EXPECT_EQ(v.partner.name, "José Álvarez");
  EXPECT_EQ(v.card.common.PassionWords(), (std::vector<std::string>{"urban beekeeping"}));
  EXPECT_FALSE(v.card.starter.empty());
  EXPECT_EQ(Encounters(), 1);
  EXPECT_FALSE(v.met_before);
}

TEST_F(FlowTest, MeetingAgainUpdatesTheEncounterAndSaysSo) {
  flow_->OnScan("A1", 1000);
  flow_->OnScan("B2", 2000);
  flow_->OnDone(3000);
  flow_->OnScan("B2", 10000);
  flow_->OnScan("A1", 11000);
  EXPECT_EQ(flow_->view().screen, Screen::kCard);
  EXPECT_TRUE(flow_->view().met_before);
  EXPECT_EQ(Encounters(), 1);
}

TEST_F(FlowTest, AlreadyMetPeopleAreNoLongerSuggested) {
  flow_->OnScan("A1", 1000);
  flow_->OnScan("B2", 2000);
  flow_->OnDone(3000);
  flow_->OnScan("A1", 10000);
  for (const Suggestion& s : flow_->view().suggestions) EXPECT_NE(s.id, "B2");
}

TEST_F(FlowTest, AScanRecordsThatThePersonIsHereForOtherKiosks) {
  flow_->OnScan("C3", 1000);
  Attendee a;
  std::string err;
  ASSERT_EQ(db_->FindAttendee("C3", &a, &err), Lookup::kFound);
  EXPECT_GE(a.last_seen_at, StartOfTodayUtc());
}

TEST_F(FlowTest, TwoBadgesInOneFrameSaveAtOnce) {
  flow_->OnPairScan("A1", "C3", 1000);
  EXPECT_EQ(flow_->view().screen, Screen::kCard);
  EXPECT_EQ(flow_->view().card.common.PassionWords(), (std::vector<std::string>{"jazz"}));
  EXPECT_EQ(Encounters(), 1);
}

TEST_F(FlowTest, TheSameBadgeHeldUpIsOneScanNotThirty) {
  flow_->OnScan("A1", 1000);
  uint64_t seq = flow_->view().feedback_seq;
  for (int t = 1033; t < 3000; t += 33) flow_->OnScan("A1", t);
  EXPECT_EQ(flow_->view().feedback_seq, seq) << "no feedback for repeats";
  EXPECT_TRUE(flow_->view().notice.empty());
}

TEST_F(FlowTest, TheSameBadgeAsBothPeopleExplainsItself) {
  flow_->OnScan("A1", 1000);
  flow_->OnScan("A1", 1000 + config_.repeat_window_ms + 1);
  EXPECT_EQ(flow_->view().screen, Screen::kWelcome);
  EXPECT_EQ(flow_->view().tone, Tone::kDuplicate);
  EXPECT_NE(flow_->view().notice.find("your badge again"), std::string::npos);
  EXPECT_EQ(Encounters(), 0);
}

TEST_F(FlowTest, AnUnknownBadgeShowsAFriendlyMessageAndKeepsTheScreen) {
  flow_->OnScan("A1", 1000);
  flow_->OnScan("NOT-ON-LIST", 2000);
  EXPECT_EQ(flow_->view().screen, Screen::kWelcome);
  EXPECT_EQ(flow_->view().tone, Tone::kFailure);
  EXPECT_NE(flow_->view().notice.find("registration desk"), std::string::npos);
  flow_->OnScan("WIFI:S:venue;;", 3000);
  EXPECT_NE(flow_->view().notice.find("not recognised"), std::string::npos);
  EXPECT_EQ(Encounters(), 0);
}

TEST_F(FlowTest, SignedBadgesAreVerifiedAndForgeriesRefused) {
  EventKey key = NewEventKey();
  config_.event_public_key = key.public_key;
  flow_ = std::make_unique<KioskFlow>(db_.get(), matcher_.get(), config_);
  std::string forged = SignBadge("A1", NewEventKey());
  flow_->OnScan(forged, 1000);
  EXPECT_EQ(flow_->view().screen, Screen::kAttract);
  EXPECT_NE(flow_->view().notice.find("could not be verified"), std::string::npos);
  flow_->OnScan(SignBadge("A1", key), 2000);
  EXPECT_EQ(flow_->view().screen, Screen::kWelcome);
  EXPECT_EQ(flow_->view().person.name, "Maya Okafor");
}

TEST_F(FlowTest, OrganiserModeNeedsThePinAndLocksOutGuessers) {
  flow_->OpenPinPad(1000);
  EXPECT_EQ(flow_->view().screen, Screen::kAttract) << "no PIN set up: no organiser mode";
  EXPECT_NE(flow_->view().notice.find("kindred pin"), std::string::npos);
  config_.organiser_pin_hash = HashPin("2468");
  config_.pin_attempts = 3;
  flow_ = std::make_unique<KioskFlow>(db_.get(), matcher_.get(), config_);
  flow_->OpenPinPad(2000);
  ASSERT_EQ(flow_->view().screen, Screen::kPin);
  for (char d : std::string("1111")) flow_->PinDigit(d, 2100);
  EXPECT_EQ(flow_->view().pin, "1111");
  flow_->SubmitPin(2200);
  EXPECT_EQ(flow_->view().screen, Screen::kPin);
  EXPECT_EQ(flow_->view().notice, "Wrong PIN");
  EXPECT_TRUE(flow_->view().pin.empty());
  flow_->OnScan("A1", 2300);
  EXPECT_EQ(flow_->view().screen, Screen::kPin) << "badges do nothing while the PIN pad is up";
  for (int i = 0; i < 2; ++i) {
    for (char d : std::string("0000")) flow_->PinDigit(d, 3000);
    flow_->SubmitPin(3000);
  }
  for (char d : std::string("2468")) flow_->PinDigit(d, 4000);
  flow_->SubmitPin(4000);
  EXPECT_EQ(flow_->view().screen, Screen::kPin) << "locked out after 3 wrong PINs, even with the right one";
  for (char d : std::string("2469")) flow_->PinDigit(d, 4000 + config_.pin_lockout_ms);
  flow_->PinErase(4000 + config_.pin_lockout_ms);
  flow_->PinDigit('8', 4000 + config_.pin_lockout_ms);
  flow_->SubmitPin(4000 + config_.pin_lockout_ms);
  EXPECT_EQ(flow_->view().screen, Screen::kOrganiser);
  flow_->Tick(4000 + config_.pin_lockout_ms + config_.organiser_timeout_ms);
  EXPECT_EQ(flow_->view().screen, Screen::kAttract) << "organiser mode closes itself";
}

TEST_F(FlowTest, AVCardOfSomeoneNotOnTheListGreetsThemByName) {
  flow_->OnScan("BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEMAIL:grace@example.org\nEND:VCARD", 1000);
  EXPECT_EQ(flow_->view().screen, Screen::kAttract);
  EXPECT_NE(flow_->view().notice.find("Grace Hopper"), std::string::npos);
}

TEST_F(FlowTest, InactivityReturnsToAttractAndClearsThePerson) {
  flow_->OnScan("A1", 1000);
  flow_->Tick(1000 + config_.idle_timeout_ms - 1);
  EXPECT_EQ(flow_->view().screen, Screen::kWelcome);
  flow_->OnActivity(20000);
  flow_->Tick(1000 + config_.idle_timeout_ms + 1);
  EXPECT_EQ(flow_->view().screen, Screen::kWelcome) << "a touch keeps the screen";
  flow_->Tick(20000 + config_.idle_timeout_ms);
  EXPECT_EQ(flow_->view().screen, Screen::kAttract);
  EXPECT_TRUE(flow_->view().person.name.empty());
  EXPECT_TRUE(flow_->view().suggestions.empty());
}

TEST_F(FlowTest, TheCardAddsFollowUpIntentsAndANoteToTheSavedEncounter) {
  flow_->OnScan("A1", 1000);
  flow_->OnScan("B2", 2000);
  ASSERT_EQ(flow_->view().intents.size(), FollowUpIntents().size());
  flow_->ToggleIntent(1, 3000);  // introduce
  flow_->ToggleIntent(0, 3100);
  flow_->ToggleIntent(0, 3200);  // and untoggled again
  flow_->SetNote("hive visit in May", 4000);
  flow_->SaveCard(5000);
  EXPECT_EQ(flow_->view().screen, Screen::kSaved);
  std::vector<Encounter> all;
  std::string err;
  ASSERT_TRUE(db_->LoadEncounters(&all, &err));
  ASSERT_EQ(all.size(), 1u) << "the card updates the encounter saved at the scan";
  EXPECT_EQ(all[0].intents, (std::vector<std::string>{"introduce"}));
  EXPECT_EQ(all[0].note, "hive visit in May");
}

TEST_F(FlowTest, WalkingAwayFromTheCardLosesNothingAlreadySaved) {
  flow_->OnScan("A1", 1000);
  flow_->OnScan("B2", 2000);
  flow_->Tick(2000 + config_.idle_timeout_ms);
  EXPECT_EQ(flow_->view().screen, Screen::kAttract);
  EXPECT_EQ(Encounters(), 1);
}

TEST_F(FlowTest, TheConfirmationTimesOut) {
  flow_->OnScan("A1", 1000);
  flow_->OnScan("B2", 2000);
  flow_->SaveCard(3000);
  EXPECT_EQ(flow_->next_deadline(), 3000 + config_.saved_timeout_ms);
  flow_->Tick(3000 + config_.saved_timeout_ms);
  EXPECT_EQ(flow_->view().screen, Screen::kAttract);
  EXPECT_TRUE(flow_->view().partner.name.empty());
}

TEST_F(FlowTest, SomeoneWithoutPassionsPicksSomeAndTheyAreSaved) {
  Attendee d;
  d.badge_id = "D4";
  d.name = "Dee";
  EventDb::UpsertCounts c;
  std::string err;
  ASSERT_TRUE(db_->UpsertAttendees({d}, &c, &err));
  std::vector<Attendee> all;
  ASSERT_TRUE(db_->LoadAttendees(&all, &err));
  matcher_ = std::make_unique<Matcher>(all, TagSynonyms{});
  flow_ = std::make_unique<KioskFlow>(db_.get(), matcher_.get(), config_);
  flow_->OnScan("D4", 1000);
  ASSERT_EQ(flow_->view().screen, Screen::kPickPassions);
  const auto& options = flow_->view().passion_options;
  auto jazz = std::find(options.begin(), options.end(), "jazz");
  ASSERT_NE(jazz, options.end()) << "the event's common passions are offered";
  flow_->TogglePassion(jazz - options.begin(), 2000);
  flow_->ConfirmPassions(3000);
  ASSERT_EQ(flow_->view().screen, Screen::kWelcome);
  EXPECT_EQ(flow_->view().person.passions, (std::vector<std::string>{"jazz"}));
  ASSERT_FALSE(flow_->view().suggestions.empty());
  EXPECT_EQ(flow_->view().suggestions[0].common.PassionWords(), (std::vector<std::string>{"jazz"}));
  Attendee saved;
  ASSERT_EQ(db_->FindAttendee("D4", &saved, &err), Lookup::kFound);
  EXPECT_EQ(saved.passions, (std::vector<std::string>{"jazz"}));
}

TEST_F(FlowTest, NameSearchFindsYouWhenTheBadgeWillNotScan) {
  flow_->OpenSearch(1000);
  EXPECT_EQ(flow_->view().screen, Screen::kSearch);
  EXPECT_FALSE(flow_->view().search_for_partner);
  flow_->SetSearchText("m", 1100);
  EXPECT_TRUE(flow_->view().search_results.empty()) << "one letter is too few";
  flow_->SetSearchText("maya", 1200);
  ASSERT_EQ(flow_->view().search_results.size(), 1u);
  flow_->PickSearchResult(0, 1300);
  EXPECT_EQ(flow_->view().screen, Screen::kWelcome);
  EXPECT_EQ(flow_->view().person.name, "Maya Okafor");
}

TEST_F(FlowTest, NameSearchFromTheWelcomeScreenFindsThePersonYouMet) {
  flow_->OnScan("A1", 1000);
  flow_->OpenSearch(2000);
  EXPECT_TRUE(flow_->view().search_for_partner);
  EXPECT_EQ(flow_->view().person.name, "Maya Okafor") << "kept while searching";
  flow_->SetSearchText("Maya", 2100);
  flow_->PickSearchResult(0, 2200);
  EXPECT_EQ(flow_->view().tone, Tone::kDuplicate) << "not yourself";
  flow_->SetSearchText("é", 2300);
  EXPECT_TRUE(flow_->view().search_results.empty()) << "one letter, whatever its bytes";
  flow_->SetSearchText("李", 2400);
  ASSERT_EQ(flow_->view().search_results.size(), 1u) << "one CJK character is a surname";
  flow_->PickSearchResult(0, 2500);
  EXPECT_EQ(flow_->view().screen, Screen::kCard);
  EXPECT_EQ(Encounters(), 1);
}

TEST_F(FlowTest, NoticesFadeOnTheirOwn) {
  flow_->OnScan("NOPE", 1000);
  EXPECT_FALSE(flow_->view().notice.empty());
  flow_->Tick(1000 + config_.notice_ms);
  EXPECT_TRUE(flow_->view().notice.empty());
}

TEST_F(FlowTest, AFailedSaveIsNeverConfirmed) {
  flow_->OnScan("A1", 1000);
  // Another process holds the database's write lock past the busy timeout.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/event.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  flow_->OnScan("B2", 2000);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_EQ(flow_->view().screen, Screen::kWelcome);
  EXPECT_EQ(flow_->view().tone, Tone::kFailure);
  EXPECT_NE(flow_->view().notice.find("Could not save"), std::string::npos);
  EXPECT_EQ(Encounters(), 0);
  flow_->OnScan("B2", 2000 + config_.repeat_window_ms + 1);
  EXPECT_EQ(flow_->view().screen, Screen::kCard) << "once the disk is back, the same scan saves";
  EXPECT_EQ(Encounters(), 1);
}

}  // namespace
}  // namespace kindred
