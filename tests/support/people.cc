#include "tests/support/people.h"

#include <cstdio>

namespace kindred::test {

Someone::Someone(std::string badge_id, std::string name) {
  a_.badge_id = std::move(badge_id);
  a_.name = std::move(name);
}
Someone& Someone::Email(std::string email) { return a_.email = std::move(email), *this; }
Someone& Someone::Company(std::string company) { return a_.company = std::move(company), *this; }
Someone& Someone::Title(std::string title) { return a_.title = std::move(title), *this; }
Someone& Someone::Field(std::string field) { return a_.field = std::move(field), *this; }
Someone& Someone::Stage(std::string stage) { return a_.stage = std::move(stage), *this; }
Someone& Someone::Passions(std::vector<std::string> passions) { return a_.passions = std::move(passions), *this; }
Someone& Someone::Offers(std::vector<std::string> offers) { return a_.offers = std::move(offers), *this; }
Someone& Someone::Seeking(std::vector<std::string> seeking) { return a_.seeking = std::move(seeking), *this; }
Someone& Someone::Consent(bool yes) { return a_.consent = yes, *this; }
Someone& Someone::Language(std::string language) { return a_.language = std::move(language), *this; }
Someone& Someone::CheckedIn(bool yes) { return a_.checked_in = yes, *this; }
Someone& Someone::WalkIn(bool yes) { return a_.walk_in = yes, *this; }

Attendee Passionate(const std::string& id, std::vector<std::string> passions, std::string field, std::string stage,
                    std::vector<std::string> offers, std::vector<std::string> seeking) {
  return Someone(id, "Person " + id)
      .Passions(std::move(passions))
      .Field(std::move(field))
      .Stage(std::move(stage))
      .Offers(std::move(offers))
      .Seeking(std::move(seeking));
}

namespace {

std::string Cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string RosterCsv(const std::vector<Attendee>& people) {
  std::string csv = std::string(kRosterHeader) + "\n";
  for (const Attendee& a : people) {
    for (const std::string& cell :
         {a.badge_id, a.name, a.email, a.company, a.title, a.field, a.stage, JoinList(a.passions), JoinList(a.offers),
          JoinList(a.seeking), std::string(a.consent ? "yes" : "no")})
      csv += Cell(cell) + ",";
    csv += Cell(a.language) + "\n";
  }
  return csv;
}

std::vector<Attendee> KioskTrio() {
  return {Someone("T-1", "Maya Okafor")
              .Email("maya@example.org").Company("Hive & Co").Title("Designer").Field("design").Stage("mid career")
              .Passions({"urban beekeeping", "jazz"}).Offers({"design critique"}).Seeking({"climate investors"})
              .Consent(),
          Someone("T-2", "Nadia Noor")
              .Email("nadia@example.org").Company("Noor Labs").Title("Founder").Field("energy").Stage("founder")
              .Offers({"mentoring"}).Seeking({"design critique"}).Consent(),
          Someone("T-3", "José Álvarez")
              .Email("jose@example.org").Company("Solaria").Title("Founder").Field("energy").Stage("founder")
              .Passions({"urban beekeeping", "cycling"}).Offers({"climate investors"}).Seeking({"design critique"})
              .Consent()};
}

std::vector<Attendee> NumberedPeople(int n) {
  std::vector<Attendee> out;
  for (int i = 1; i <= n; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "P%03d", i);
    // Appended, not added: GCC 12 warns falsely (-Wrestrict) on "p" + to_string(i).
    out.push_back(Someone(id, std::string("Person ").append(std::to_string(i)))
                      .Email(std::string("p").append(std::to_string(i)).append("@example.org"))
                      .Consent()
                      .Passions({i % 2 ? "jazz" : "cycling"}));
  }
  return out;
}

}  // namespace kindred::test
