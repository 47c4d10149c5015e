#include "followup/summary.h"

#include <algorithm>
#include <unordered_map>

#include "storage/csv_writer.h"
#include "storage/vcard_writer.h"

namespace kindred {

namespace {

const std::vector<std::string> kPersonCsvColumns = {"met_at", "name",    "company", "title", "email",
                                                    "shared_passions", "starter", "intents", "note"};

bool Has(const std::vector<std::string>& list, const char* item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// What to do next, from what they said they wanted and what they share.
std::string SuggestedFollowUp(const Attendee& them, const Encounter& e) {
  const std::string first = FirstName(them.name);
  if (Has(e.intents, "introduce")) return "Ask " + first + " for the introduction you talked about.";
  if (Has(e.intents, "share-resource")) return "Send " + first + " the resource you talked about.";
  if (Has(e.intents, "meet-again")) return "Suggest a date to meet " + first + " again.";
  if (!e.shared.empty())
    return "Within two days, send " + first + " something about " + e.shared[0] +
           ": an article, an event, or the question you're still thinking about.";
  return "Write " + first + " a short note about what you talked about.";
}

// The opening question as `reader` should read it, naming `them`. The kiosk
// saves it addressed to both ("Ask each other: ..."); databases from before
// that say "Ask Maya and José: ..." or "Ask José and Maya: ...".
std::string StarterFor(const Attendee& reader, const Attendee& them, const std::string& starter) {
  const std::string me = FirstName(reader.name), other = FirstName(them.name);
  std::string out = starter;
  for (const std::string& both : {std::string("each other"), me + " and " + other, other + " and " + me}) {
    if (const size_t at = out.find(both); at != std::string::npos && at < 8) {
      out.replace(at, both.size(), other);
      break;
    }
  }
  return out;
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
    p.starter = StarterFor(me, *them, e.starter);
    p.next_step = SuggestedFollowUp(*them, e);
    if (IsForgottenId(them->badge_id)) {
      p.shared_contact = false;
      p.next_step = "Nothing to do: they asked the organisers to remove their details.";
    }
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

std::string NameWithRole(const Attendee& a) {
  std::string out = a.name;
  if (!a.title.empty() || !a.company.empty())
    out += " - " + a.title + (a.title.empty() || a.company.empty() ? "" : ", ") + a.company;
  return out;
}

std::string FollowUpMarkdown(const FollowUp& f, const std::string& event_name) {
  std::string md = "# Your conversations at " + event_name + "\n\nHi " + FirstName(f.me->name) + ", you met " +
                   std::to_string(f.met.size()) + (f.met.size() == 1 ? " person" : " people") +
                   ". Conversations are where networking starts; here is how to keep yours going.\n";
  for (const MetPerson& p : f.met) {
    const Encounter& e = p.encounter;
    md += "\n## " + NameWithRole(*p.them) + "\n\n";
    if (!e.shared.empty()) md += "- You share: " + JoinList(e.shared) + "\n";
    if (!p.starter.empty()) md += "- Your opening question: " + p.starter + "\n";
    if (!e.note.empty()) md += "- Your note: " + e.note + "\n";
    md += "- Next: " + p.next_step + "\n";
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
                                (e.shared.empty() ? "" : "; you share " + JoinList(e.shared)));
  }
  return vcf;
}

std::string FollowUpCsv(const FollowUp& f, bool excel_bom) {
  std::string csv = excel_bom ? "\xEF\xBB\xBF" : "";
  AppendCsvRow(kPersonCsvColumns, &csv);
  for (const MetPerson& p : f.met) {
    const Encounter& e = p.encounter;
    const Attendee& them = *p.them;
    AppendCsvRow({e.met_at, them.name, them.company, them.title, p.shared_contact ? them.email : "",
                  JoinList(e.shared), p.starter, JoinList(e.intents), e.note},
                 &csv);
  }
  return csv;
}

}  // namespace kindred
