#include "followup/summary.h"

#include <algorithm>
#include <unordered_map>

#include "match/words.h"
#include "storage/csv_writer.h"
#include "storage/vcard_writer.h"

namespace kindred {

namespace {

const std::vector<std::string> kPersonCsvColumns = {"met_at", "name",    "company", "title", "email",
                                                    "shared_passions", "starter", "intents", "note"};

bool Has(const std::vector<std::string>& list, const char* item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// What to do next: a step for each follow-up they chose at the kiosk, else
// one from what they share.
std::vector<std::string> NextSteps(const Attendee& them, const Encounter& e) {
  const std::string first = FirstName(them.name);
  std::vector<std::string> steps;
  if (Has(e.intents, "introduce")) steps.push_back("Make the introduction you talked about, or ask " + first + " for theirs.");
  if (Has(e.intents, "share-resource")) steps.push_back("Send " + first + " the resource you talked about.");
  if (Has(e.intents, "meet-again")) steps.push_back("Suggest a date to meet " + first + " again.");
  if (Has(e.intents, "send-contact")) steps.push_back("Add " + first + " to your contacts and say hello.");
  if (!steps.empty()) return steps;
  if (!e.shared.empty())
    return {"Within two days, send " + first + " something about " + e.shared[0] +
            ": an article, an event, or the question you're still thinking about."};
  return {"Write " + first + " a short note about what you talked about."};
}

// The first passion someone listed, split as the matcher reads an entry
// ("jazz, tea" is two passions).
std::string FirstPassion(const Attendee& a) {
  for (const std::string& entry : a.passions)
    for (const std::string& passion : SplitPassions(entry))
      if (!passion.empty()) return passion;
  return "";
}

// A question for `reader` to ask `them`, about `them`. The kiosk saves one
// question for both ("Ask each other: ...", or from databases before that
// "Ask Maya and José: ..."); it is about both only when they share a
// passion. Otherwise the question is made from what `them` wrote.
std::string StarterFor(const Attendee& reader, const Attendee& them, const Encounter& e) {
  const std::string me = FirstName(reader.name), other = FirstName(them.name);
  if (!e.shared.empty() && !e.starter.empty()) {
    std::string out = e.starter;
    for (const std::string& both : {std::string("each other"), me + " and " + other, other + " and " + me}) {
      if (const size_t at = out.find(both); at != std::string::npos && at < 8) {
        out.replace(at, both.size(), other);
        break;
      }
    }
    return out;
  }
  if (IsForgottenId(them.badge_id)) return "";
  if (const std::string passion = FirstPassion(them); !passion.empty())
    return "Ask " + other + ": what got you into " + passion + "?";
  if (!them.field.empty()) return "Ask " + other + ": what's changing in " + them.field + " that outsiders don't see yet?";
  return "Ask " + other + ": what are you passionate about?";
}

}  // namespace

// Who the people they met see for someone who asked to be forgotten.
const Attendee& ForgottenPerson() {
  static const Attendee someone = [] {
    Attendee a;
    a.badge_id = "forgotten-";
    a.name = "Someone who asked to be forgotten";
    return a;
  }();
  return someone;
}

FollowUp BuildFollowUp(const Attendee& me, std::vector<std::pair<Encounter, const Attendee*>> met) {
  FollowUp f;
  f.me = &me;
  for (auto& [e, them] : met) {
    MetPerson p;
    p.them = them;
    p.shared_contact = e.a_id == them->badge_id ? e.consent_a : e.consent_b;
    p.starter = StarterFor(me, *them, e);
    p.next_steps = NextSteps(*them, e);
    p.shared = JoinAnd(e.shared);
    if (IsForgottenId(them->badge_id)) {
      p.shared_contact = false;
      p.next_steps = {"Nothing to do: they asked the organisers to remove their details."};
    }
    if (p.shared_contact) p.role = RoleOf(*them);
    p.encounter = std::move(e);
    f.met.push_back(std::move(p));
  }
  return f;
}

bool ForEachFollowUp(EventDb& db, const std::vector<Attendee>& attendees,
                     const std::function<bool(const FollowUp&, std::string* err)>& fn, std::string* err,
                     const std::function<void(size_t done, size_t total)>& progress) {
  std::unordered_map<std::string, const Attendee*> by_id;
  for (const Attendee& a : attendees) by_id[a.badge_id] = &a;
  std::vector<Encounter> mine;
  std::vector<std::pair<Encounter, const Attendee*>> met;
  for (size_t i = 0; i < attendees.size(); ++i) {
    if (progress && i % 256 == 0) progress(i, attendees.size());
    const Attendee& me = attendees[i];
    if (!db.EncountersOf(me.badge_id, &mine, err)) return false;
    met.clear();
    for (Encounter& e : mine) {
      const std::string& other = e.a_id == me.badge_id ? e.b_id : e.a_id;
      if (IsForgottenId(other)) {  // the conversation happened; who it was with is gone
        met.emplace_back(std::move(e), &ForgottenPerson());
        continue;
      }
      auto it = by_id.find(other);
      if (it != by_id.end()) met.emplace_back(std::move(e), it->second);
    }
    if (met.empty()) continue;
    if (!fn(BuildFollowUp(me, std::move(met)), err)) return false;
    met.clear();
  }
  if (progress) progress(attendees.size(), attendees.size());
  return true;
}

std::string RoleOf(const Attendee& a) {
  return a.title + (a.title.empty() || a.company.empty() ? "" : ", ") + a.company;
}

std::string NameWithRole(const Attendee& a, const std::string& role) {
  return role.empty() ? a.name : a.name + " - " + role;
}

std::string JoinAnd(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

std::string FollowUpMarkdown(const FollowUp& f, const std::string& event_name) {
  std::string md = "# Your conversations at " + event_name + "\n\nHi " + FirstName(f.me->name) + ", you met " +
                   std::to_string(f.met.size()) + (f.met.size() == 1 ? " person" : " people") +
                   ". Conversations are where networking starts; here is how to keep yours going.\n";
  for (const MetPerson& p : f.met) {
    const Encounter& e = p.encounter;
    md += "\n## " + NameWithRole(*p.them, p.role) + "\n\n";
    for (const std::string& step : p.next_steps) md += "- **Next: " + step + "**\n";
    if (!p.shared.empty()) md += "- You both love " + p.shared + "\n";
    if (!p.starter.empty()) md += "- To pick up where you left off: " + p.starter + "\n";
    if (!e.note.empty()) md += "- Noted at the kiosk: " + e.note + "\n";
    if (IsForgottenId(p.them->badge_id)) continue;
    md += p.shared_contact ? "- Contact: " + p.them->email + "\n"
                           : "- " + FirstName(p.them->name) +
                                 " did not share contact details: reply to the organisers and they will pass "
                                 "your message on.\n";
  }
  return md;
}

std::string FollowUpVCards(const FollowUp& f, const std::string& event_name) {
  std::string vcf;
  for (const MetPerson& p : f.met) {
    if (!p.shared_contact) continue;
    const Encounter& e = p.encounter;
    vcf += VCard30(*p.them, "Met at " + event_name + " (" + e.met_at.substr(0, 10) + ")" +
                                (p.shared.empty() ? "" : "; you both love " + p.shared));
  }
  return vcf;
}

std::string FollowUpCsv(const FollowUp& f, bool excel_bom) {
  std::string csv = excel_bom ? "\xEF\xBB\xBF" : "";
  AppendCsvRow(kPersonCsvColumns, &csv);
  for (const MetPerson& p : f.met) {
    const Encounter& e = p.encounter;
    const Attendee& them = *p.them;
    AppendCsvRow({e.met_at, them.name, p.shared_contact ? them.company : "", p.shared_contact ? them.title : "",
                  p.shared_contact ? them.email : "", JoinList(e.shared), p.starter, JoinList(e.intents), e.note},
                 &csv);
  }
  return csv;
}

}  // namespace kindred
