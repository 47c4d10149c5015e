// What each attendee's follow-up claims must be true for them (#22): the
// question is about the other person, contact details only with consent,
// a next step for every follow-up they chose.
#include "followup/summary.h"

#include <gtest/gtest.h>

#include "i18n/catalog.h"

namespace kindred {
namespace {

Attendee Person(const std::string& id, const std::string& name, const std::string& field,
                std::vector<std::string> passions, bool consent) {
  Attendee a;
  a.badge_id = id;
  a.name = name;
  a.field = field;
  a.title = field == "design" ? "Designer" : "Research scientist";
  a.company = field == "design" ? "Hive & Co" : "Polar Institute";
  a.email = id + "@example.org";
  a.passions = std::move(passions);
  a.consent = consent;
  return a;
}

class SummaryTest : public ::testing::Test {
 protected:
  Attendee maya_ = Person("maya", "Maya Okafor", "design", {"urban beekeeping, jazz"}, true);
  Attendee ingrid_ = Person("ingrid", "Ingrid Berg", "research", {"glaciers"}, false);
  Encounter Met(std::vector<std::string> shared, std::string starter) {
    Encounter e;
    e.a_id = "maya", e.b_id = "ingrid";
    e.met_at = "2026-11-30T18:00:00Z";
    e.shared = std::move(shared);
    e.starter = std::move(starter);
    e.consent_a = true, e.consent_b = false;
    e.intents = {"introduce", "share-resource", "meet-again"};
    e.note = "Ingrid invests in climate";
    return e;
  }
};

TEST_F(SummaryTest, EachOnesQuestionIsAboutTheOtherPerson) {
  // What the kiosk stored for two people with nothing in common: a question
  // about Maya's field, once, for both.
  const Encounter e = Met({}, "Ask each other: what's changing in design that outsiders don't see yet?");
  const FollowUp for_maya = BuildFollowUp(maya_, {{e, &ingrid_}});
  const FollowUp for_ingrid = BuildFollowUp(ingrid_, {{e, &maya_}});
  const std::string to_maya = for_maya.met[0].starter, to_ingrid = for_ingrid.met[0].starter;
  EXPECT_EQ(to_maya, "Ask Ingrid: what got you into glaciers?");
  EXPECT_EQ(to_maya.find("design"), std::string::npos) << "design is Maya's own field";
  EXPECT_EQ(to_ingrid, "Ask Maya: what got you into urban beekeeping?");
}

TEST_F(SummaryTest, AQuestionAboutAPassionBothHoldIsKeptForBoth) {
  const Encounter e = Met({"jazz"}, "Ask each other: what got you into jazz?");
  EXPECT_EQ(BuildFollowUp(maya_, {{e, &ingrid_}}).met[0].starter, "Ask Ingrid: what got you into jazz?");
  EXPECT_EQ(BuildFollowUp(ingrid_, {{e, &maya_}}).met[0].starter, "Ask Maya: what got you into jazz?");
}

TEST_F(SummaryTest, TitleAndCompanyOnlyForThoseWhoAgreedToShare) {
  const Encounter e = Met({}, "");
  const FollowUp maya_f = BuildFollowUp(maya_, {{e, &ingrid_}});
  const MetPerson& ingrid_for_maya = maya_f.met[0];
  EXPECT_FALSE(ingrid_for_maya.shared_contact);
  EXPECT_EQ(ingrid_for_maya.role, "");
  EXPECT_EQ(Heading(maya_f, ingrid_for_maya), "Ingrid Berg");
  const FollowUp ingrid_f = BuildFollowUp(ingrid_, {{e, &maya_}});
  const MetPerson& maya_for_ingrid = ingrid_f.met[0];
  EXPECT_EQ(maya_for_ingrid.role, "Designer, Hive & Co");
  const std::string md = FollowUpMarkdown(BuildFollowUp(maya_, {{e, &ingrid_}}), "Mixer");
  EXPECT_EQ(md.find("Polar Institute"), std::string::npos) << md;
  EXPECT_EQ(md.find("Research scientist"), std::string::npos) << md;
  const std::string csv = FollowUpCsv(BuildFollowUp(maya_, {{e, &ingrid_}}), false);
  EXPECT_EQ(csv.find("Polar Institute"), std::string::npos) << csv;
}

TEST_F(SummaryTest, EveryFollowUpTheyChoseGetsANextStepAndTheNoteIsNobodysOwn) {
  const Encounter e = Met({"jazz"}, "Ask each other: what got you into jazz?");
  const FollowUp f = BuildFollowUp(maya_, {{e, &ingrid_}});
  ASSERT_EQ(f.met[0].next_steps.size(), 3u);
  EXPECT_NE(f.met[0].next_steps[0].find("introduction"), std::string::npos);
  const std::string md = FollowUpMarkdown(f, "Mixer");
  EXPECT_EQ(md.find("Your note"), std::string::npos) << "one of the two typed it, at the kiosk";
  EXPECT_NE(md.find("Noted at the kiosk: Ingrid invests in climate"), std::string::npos) << md;
  EXPECT_NE(md.find("You both love jazz"), std::string::npos) << md;
  EXPECT_EQ(i18n::JoinAnd(i18n::Default().For("en"), {"a", "b", "c"}), "a, b and c");
}

}  // namespace
}  // namespace kindred
