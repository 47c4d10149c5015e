#include "followup/summary.h"

#include <algorithm>
#include <ctime>
#include <unordered_map>

#include "i18n/catalog.h"
#include "match/words.h"
#include "storage/csv_writer.h"
#include "storage/vcard_writer.h"

namespace kindred {

using i18n::Fill;
using i18n::Tr;
using i18n::TrN;

namespace {

const std::vector<std::string> kPersonCsvColumns = {"met_at", "name",    "company", "title", "email",
                                                    "shared_passions", "starter", "intents", "note"};

bool Has(const std::vector<std::string>& list, const char* item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// What to do next: a step for each follow-up they chose at the kiosk, else
// one from what they share.
std::vector<std::string> NextSteps(const std::locale& loc, const Attendee& them, const Encounter& e) {
  const std::string first = FirstName(them.name);
  std::vector<std::string> steps;
  auto step = [&](const char* intent, const char* text) {
    if (Has(e.intents, intent)) steps.push_back(Fill(Tr(loc, text), {{"name", first}}));
  };
  step("introduce", i18n::N_("Make the introduction you talked about, or ask {name} for theirs."));
  step("share-resource", i18n::N_("Send {name} the resource you talked about."));
  step("meet-again", i18n::N_("Suggest a date to meet {name} again."));
  step("send-contact", i18n::N_("Add {name} to your contacts and say hello."));
  if (!steps.empty()) return steps;
  if (!e.shared.empty())
    return {Fill(Tr(loc, "Within two days, send {name} something about {passion}: an article, an event, or the "
                         "question you're still thinking about."),
                 {{"name", first}, {"passion", e.shared[0]}})};
  return {Fill(Tr(loc, "Write {name} a short note about what you talked about."), {{"name", first}})};
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
// passion, and it is used as saved only in English (the language it was
// saved in is not known). Otherwise the question is made from what they
// share or what `them` wrote, in the reader's language.
std::string StarterFor(const std::locale& loc, bool english, const Attendee& reader, const Attendee& them,
                       const Encounter& e) {
  const std::string me = FirstName(reader.name), other = FirstName(them.name);
  if (english && !e.shared.empty() && !e.starter.empty()) {
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
  const std::string passion = e.shared.empty() ? FirstPassion(them) : e.shared[0];
  if (!passion.empty())
    return Fill(Tr(loc, "Ask {name}: what got you into {passion}?"), {{"name", other}, {"passion", passion}});
  if (!them.field.empty())
    return Fill(Tr(loc, "Ask {name}: what's changing in {field} that outsiders don't see yet?"),
                {{"name", other}, {"field", them.field}});
  return Fill(Tr(loc, "Ask {name}: what are you passionate about?"), {{"name", other}});
}

}  // namespace

// Who the people they met see for someone who asked to be forgotten.
const Attendee& ForgottenPerson() {
  static const Attendee someone = [] {
    Attendee a;
    a.badge_id = "forgotten-";
    a.name = i18n::N_("Someone who asked to be forgotten");
    return a;
  }();
  return someone;
}

std::string FollowUpLanguage(const Attendee& me, const std::string& event_language) {
  const std::string own = i18n::Normalize(me.language);
  return own.empty() ? event_language : own;
}

FollowUp BuildFollowUp(const Attendee& me, std::vector<std::pair<Encounter, const Attendee*>> met,
                       const std::string& language) {
  FollowUp f;
  f.me = &me;
  f.language = language;
  const std::locale& loc = i18n::Default().For(language);
  for (auto& [e, them] : met) {
    MetPerson p;
    p.them = them;
    p.shared_contact = e.a_id == them->badge_id ? e.consent_a : e.consent_b;
    p.starter = StarterFor(loc, language == "en", me, *them, e);
    p.next_steps = NextSteps(loc, *them, e);
    p.shared = i18n::JoinAnd(loc, e.shared);
    if (IsForgottenId(them->badge_id)) {
      p.shared_contact = false;
      p.next_steps = {Tr(loc, "Nothing to do: they asked the organisers to remove their details.")};
    }
    if (p.shared_contact) p.role = RoleOf(*them);
    p.encounter = std::move(e);
    f.met.push_back(std::move(p));
  }
  return f;
}

bool ForEachFollowUp(EventDb& db, const std::vector<Attendee>& attendees,
                     const std::function<bool(const FollowUp&, std::string* err)>& fn, std::string* err,
                     const std::function<void(size_t done, size_t total)>& progress,
                     const std::string& event_language) {
  std::string language = event_language;
  if (language.empty() && db.GetSetting(kEventLanguageSetting, &language, err) == Lookup::kError) return false;
  if (i18n::Normalize(language).empty()) language = "en";
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
    if (!fn(BuildFollowUp(me, std::move(met), FollowUpLanguage(me, language)), err)) return false;
    met.clear();
  }
  if (progress) progress(attendees.size(), attendees.size());
  return true;
}

std::string RoleOf(const Attendee& a) {
  return a.title + (a.title.empty() || a.company.empty() ? "" : ", ") + a.company;
}

std::string ShownName(const FollowUp& f, const Attendee& a) {
  return IsForgottenId(a.badge_id) ? Tr(i18n::Default().For(f.language), a.name.c_str()) : a.name;
}

std::string Heading(const FollowUp& f, const MetPerson& p) {
  return p.role.empty() ? ShownName(f, *p.them) : ShownName(f, *p.them) + " - " + p.role;
}

std::string MetWhen(const FollowUp& f, const std::string& met_at) {
  std::tm tm{};
  if (!strptime(met_at.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return met_at;
  return i18n::FormatDateTime(i18n::Default().For(f.language), static_cast<int64_t>(timegm(&tm)));
}

PersonLines LinesAbout(const FollowUp& f, const MetPerson& p) {
  const std::locale& loc = i18n::Default().For(f.language);
  const Encounter& e = p.encounter;
  PersonLines out;
  for (const std::string& step : p.next_steps) out.next.push_back(Fill(Tr(loc, "Next: {step}"), {{"step", step}}));
  if (!p.shared.empty()) out.facts.push_back(Fill(Tr(loc, "You both love {passions}"), {{"passions", p.shared}}));
  if (!p.starter.empty())
    out.facts.push_back(Fill(Tr(loc, "To pick up where you left off: {question}"), {{"question", p.starter}}));
  if (!e.note.empty()) out.facts.push_back(Fill(Tr(loc, "Noted at the kiosk: {note}"), {{"note", e.note}}));
  if (!e.met_at.empty()) out.facts.push_back(Fill(Tr(loc, "You met: {when}"), {{"when", MetWhen(f, e.met_at)}}));
  return out;
}

std::string FollowUpMarkdown(const FollowUp& f, const std::string& event_name) {
  const std::locale& loc = i18n::Default().For(f.language);
  const std::string people = std::to_string(f.met.size());
  std::string md = "# " + Fill(Tr(loc, "Your conversations at {event}"), {{"event", event_name}}) + "\n\n" +
                   Fill(TrN(loc, "Hi {name}, you met {n} person.", "Hi {name}, you met {n} people.",
                            static_cast<long>(f.met.size())),
                        {{"name", FirstName(f.me->name)}, {"n", people}}) +
                   " " + Tr(loc, "Conversations are where networking starts; here is how to keep yours going.") +
                   "\n";
  for (const MetPerson& p : f.met) {
    md += "\n## " + Heading(f, p) + "\n\n";
    const PersonLines lines = LinesAbout(f, p);
    for (const std::string& line : lines.next) md += "- **" + line + "**\n";
    for (const std::string& line : lines.facts) md += "- " + line + "\n";
    if (IsForgottenId(p.them->badge_id)) continue;
    md += p.shared_contact
              ? "- " + Fill(Tr(loc, "Contact: {email}"), {{"email", p.them->email}}) + "\n"
              : "- " + Fill(Tr(loc, "{name} did not share contact details: reply to the organisers and they will "
                                    "pass your message on."),
                            {{"name", FirstName(p.them->name)}}) +
                    "\n";
  }
  return md;
}

std::string FollowUpVCards(const FollowUp& f, const std::string& event_name) {
  const std::locale& loc = i18n::Default().For(f.language);
  std::string vcf;
  for (const MetPerson& p : f.met) {
    if (!p.shared_contact) continue;
    const Encounter& e = p.encounter;
    vcf += VCard30(*p.them, Fill(Tr(loc, "Met at {event} ({date})"), {{"event", event_name}, {"date", e.met_at.substr(0, 10)}}) +
                                (p.shared.empty() ? "" : Fill(Tr(loc, "; you both love {passions}"), {{"passions", p.shared}})));
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
