// What each attendee's follow-up claims must be true for them (#22): the
// question is about the other person, contact details only with consent,
// a next step for every follow-up they chose.
#include "followup/summary.h"

#include <gtest/gtest.h>

#include "i18n/catalog.h"
#include "tests/support/people.h"

namespace kindred {
namespace {

// A designer at Hive & Co, or a research scientist at the Polar Institute.
Attendee Person(const std::string& id, const std::string& name, const std::string& field,
                std::vector<std::string> passions, bool consent) {
  return test::Someone(id, name)
      .Field(field)
      .Title(field == "design" ? "Designer" : "Research scientist")
      .Company(field == "design" ? "Hive & Co" : "Polar Institute")
      .Email(id + "@example.org")
      .Passions(std::move(passions))
      .Consent(consent);
}

class SummaryTest : public ::testing::Test {
 protected:
  Attendee maya_ = Person("maya", "Maya Okafor", "design", {"urban beekeeping, jazz"}, true);
  Attendee ingrid_ = Person("ingrid", "Ingrid Berg", "research", {"glaciers"}, false);
  Matcher Event(const std::vector<Attendee>& people) { return Matcher(people, {}); }
  Encounter Met() {
    Encounter e;
    e.a_id = "ingrid", e.b_id = "maya";
    e.met_at = "2026-11-30T18:00:00Z";
    e.starter = "Ask each other: what's changing in design that outsiders don't see yet?";
    e.intents = {"introduce", "share-resource", "meet-again"};
    e.note = "Ingrid invests in climate";
    return e;
  }
};

TEST_F(SummaryTest, EachOnesQuestionIsAboutTheOtherPerson) {
  // Two people with nothing in common: the question the kiosk stored (about
  // Maya's field) is not reused; each is asked about the other's passion.
  const Matcher m = Event({maya_, ingrid_});
  const FollowUp for_maya = BuildFollowUp(m, maya_, {{Met(), &ingrid_}});
  const FollowUp for_ingrid = BuildFollowUp(m, ingrid_, {{Met(), &maya_}});
  const std::string to_maya = for_maya.met[0].starter, to_ingrid = for_ingrid.met[0].starter;
  EXPECT_EQ(to_maya, "Ask Ingrid: what are you passionate about?");
  EXPECT_EQ(to_maya.find("design"), std::string::npos) << "design is Maya's own field";
  EXPECT_EQ(to_ingrid, "Ask Maya: what are you passionate about?");
}

TEST_F(SummaryTest, AQuestionAboutAPassionBothHoldIsInEachOnesOwnWords) {
  const Attendee jonas = Person("jonas", "Jonas Weber", "energy", {"climate tech"}, true);
  const Attendee lea = Person("lea", "Léa Martin", "research", {"climate"}, true);
  TagSynonyms synonyms;
  std::string err;
  ASSERT_TRUE(synonyms.Load("climate tech = climate\n", &err)) << err;
  const Matcher m({jonas, lea}, synonyms);
  Encounter e = Met();
  e.a_id = "jonas", e.b_id = "lea";
  const FollowUp for_jonas = BuildFollowUp(m, jonas, {{e, &lea}});
  const FollowUp for_lea = BuildFollowUp(m, lea, {{e, &jonas}});
  EXPECT_EQ(for_jonas.met[0].starter, "Ask Léa: what got you into climate tech?");
  EXPECT_EQ(for_lea.met[0].starter, "Ask Jonas: what got you into climate?");
  const std::string md = FollowUpMarkdown(for_jonas, "Mixer");
  EXPECT_NE(md.find("You both love climate tech (Léa: climate)."), std::string::npos) << md;
  EXPECT_NE(FollowUpMarkdown(for_lea, "Mixer").find("You both love climate (Jonas: climate tech)."), std::string::npos);
}

TEST_F(SummaryTest, TitleAndCompanyOnlyForThoseWhoAgreedToShare) {
  const Matcher m = Event({maya_, ingrid_});
  const FollowUp maya_f = BuildFollowUp(m, maya_, {{Met(), &ingrid_}});
  const MetPerson& ingrid_for_maya = maya_f.met[0];
  EXPECT_FALSE(ingrid_for_maya.shown.contact);
  EXPECT_EQ(ingrid_for_maya.shown.Role(), "");
  EXPECT_EQ(Heading(maya_f, ingrid_for_maya), "Ingrid Berg");
  const FollowUp ingrid_f = BuildFollowUp(m, ingrid_, {{Met(), &maya_}});
  const MetPerson& maya_for_ingrid = ingrid_f.met[0];
  EXPECT_EQ(maya_for_ingrid.shown.Role(), "Designer, Hive & Co");
  const std::string md = FollowUpMarkdown(maya_f, "Mixer");
  EXPECT_EQ(md.find("Polar Institute"), std::string::npos) << md;
  EXPECT_EQ(md.find("Research scientist"), std::string::npos) << md;
  const std::string csv = FollowUpCsv(maya_f, false);
  EXPECT_EQ(csv.find("Polar Institute"), std::string::npos) << csv;
}

TEST_F(SummaryTest, ConsentIsTheRostersNowNotWhatTheEncounterCopied) {
  // Ingrid agreed when they met and withdrew since: nothing of hers is shown.
  Encounter e = Met();
  e.consent_a = true;  // the copy the kiosk made (ingrid is a)
  const Matcher m = Event({maya_, ingrid_});
  const FollowUp f = BuildFollowUp(m, maya_, {{e, &ingrid_}});
  EXPECT_FALSE(f.met[0].shown.contact);
  EXPECT_EQ(FollowUpVCards(f, "Mixer"), "");
  EXPECT_EQ(FollowUpMarkdown(f, "Mixer").find("ingrid@example.org"), std::string::npos);
}

TEST_F(SummaryTest, SwappingContactsWithSomeoneWhoDidNotShareGoesThroughTheOrganisers) {
  Encounter e = Met();
  e.intents = {"send-contact"};
  const Matcher m = Event({maya_, ingrid_});
  const FollowUp f = BuildFollowUp(m, maya_, {{e, &ingrid_}});
  ASSERT_EQ(f.met[0].next_steps.size(), 1u);
  EXPECT_EQ(f.met[0].next_steps[0].find("Add Ingrid to your contacts"), std::string::npos) << f.met[0].next_steps[0];
  EXPECT_NE(f.met[0].next_steps[0].find("organisers"), std::string::npos) << f.met[0].next_steps[0];
  const FollowUp g = BuildFollowUp(m, ingrid_, {{e, &maya_}});
  EXPECT_EQ(g.met[0].next_steps[0], "Add Maya to your contacts and say hello.");
}

TEST_F(SummaryTest, EveryFollowUpTheyChoseGetsANextStepAndTheNoteIsNobodysOwn) {
  Attendee ingrid = ingrid_;
  ingrid.passions = {"jazz"};
  const Matcher m = Event({maya_, ingrid});
  const FollowUp f = BuildFollowUp(m, maya_, {{Met(), &ingrid}});
  ASSERT_EQ(f.met[0].next_steps.size(), 3u);
  EXPECT_NE(f.met[0].next_steps[0].find("introduction"), std::string::npos);
  const std::string md = FollowUpMarkdown(f, "Mixer");
  EXPECT_EQ(md.find("Your note"), std::string::npos) << "one of the two typed it, at the kiosk";
  EXPECT_NE(md.find("Note: Ingrid invests in climate"), std::string::npos) << md;
  EXPECT_NE(md.find("You both love jazz."), std::string::npos) << md;
  EXPECT_NE(md.find("Hi Maya,\n\nAt Mixer you met 1 person."), std::string::npos) << md;
  EXPECT_EQ(i18n::JoinAnd(i18n::Default().For("en"), {"a", "b", "c"}), "a, b and c");
}

}  // namespace
}  // namespace kindred
