#include "followup/summary.h"

#include <algorithm>
#include <ctime>
#include <unordered_map>

#include "event/consent.h"
#include "event/intents.h"
#include "i18n/catalog.h"
#include "match/say.h"
#include "match/words.h"
#include "storage/csv_writer.h"
#include "storage/vcard_writer.h"
#include "common/utc_time.h"

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

// What to do next: a step for each follow-up they chose at the kiosk (one
// that needs contact details only when `them` agreed to share theirs), else
// one from what they share.
std::vector<std::string> NextSteps(const std::locale& loc, const Attendee& them, const Disclosed& shown,
                                   const Common& common, const Encounter& e) {
  const std::string first = FirstName(them.name);
  std::vector<std::string> steps;
  for (const FollowUpIntent& intent : FollowUpIntents()) {
    if (!Has(e.intents, intent.id)) continue;
    if (intent.needs_contact && !shown.contact)
      steps.push_back(Fill(Tr(loc, "Write to the organisers and they will pass your contact details on to {name}."),
                           {{"name", first}}));
    else
      steps.push_back(Fill(Tr(loc, intent.next_step), {{"name", first}}));
  }
  if (!steps.empty()) return steps;
  if (!common.passions.empty())
    return {Fill(Tr(loc, "Within two days, send {name} something about {passion}: an article, an event, or the "
                         "question you're still thinking about."),
                 {{"name", first}, {"passion", say::Passion(loc, common.passions[0], first)}})};
  return {Fill(Tr(loc, "Write {name} a short note about what you talked about."), {{"name", first}})};
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

std::string FollowUpLanguage(const Attendee& me, const std::string& event_language, i18n::Register reg) {
  const std::string own = i18n::Resolve(me.language, reg);
  return own.empty() ? event_language : own;
}

FollowUp BuildFollowUp(const Matcher& matcher, const Attendee& me,
                       std::vector<std::pair<Encounter, const Attendee*>> met, const std::string& language) {
  FollowUp f;
  f.me = &me;
  f.language = language;
  const std::locale& loc = i18n::Default().For(language);
  for (auto& [e, them] : met) {
    MetPerson p;
    p.them = them;
    p.shown = ShownToOthers(*them);
    if (IsForgottenId(them->badge_id)) {
      p.next_steps = {Tr(loc, "Nothing to do: they asked the organisers to remove their details.")};
    } else {
      p.common = matcher.Between(me.badge_id, them->badge_id);
      p.starter = matcher.QuestionFor(me.badge_id, them->badge_id, language);
      p.next_steps = NextSteps(loc, *them, p.shown, p.common, e);
    }
    p.encounter = std::move(e);
    f.met.push_back(std::move(p));
  }
  return f;
}

bool ForEachFollowUp(EventDb& db, const Matcher& matcher, const std::vector<Attendee>& attendees,
                     const std::function<bool(const FollowUp&, std::string* err)>& fn, std::string* err,
                     const std::function<void(size_t done, size_t total)>& progress,
                     const std::string& event_language) {
  std::string language = event_language, reg, time_zone;
  if (language.empty() && db.GetSetting(kEventLanguageSetting, &language, err) == Lookup::kError) return false;
  if (db.GetSetting(kRegisterSetting, &reg, err) == Lookup::kError ||
      db.GetSetting(kTimeZoneSetting, &time_zone, err) == Lookup::kError)
    return false;
  const i18n::Register german = i18n::ParseRegister(reg);
  language = i18n::Resolve(language, german);
  if (language.empty()) language = "en";
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
    FollowUp f = BuildFollowUp(matcher, me, std::move(met), FollowUpLanguage(me, language, german));
    f.time_zone = time_zone;
    if (!fn(f, err)) return false;
    met.clear();
  }
  if (progress) progress(attendees.size(), attendees.size());
  return true;
}

std::string ShownName(const FollowUp& f, const Attendee& a) {
  return IsForgottenId(a.badge_id) ? Tr(i18n::Default().For(f.language), a.name.c_str()) : a.name;
}

std::string Heading(const FollowUp& f, const MetPerson& p) {
  const std::string role = p.shown.Role();
  return role.empty() ? ShownName(f, *p.them) : ShownName(f, *p.them) + " - " + role;
}

std::string MetWhen(const FollowUp& f, const std::string& met_at) {
  const int64_t t = ParseUtcSeconds(met_at);
  return t < 0 ? met_at : i18n::FormatDateTimeIn(i18n::Default().For(f.language), t, f.time_zone);
}

PersonLines LinesAbout(const FollowUp& f, const MetPerson& p, bool with_note) {
  const std::locale& loc = i18n::Default().For(f.language);
  const Encounter& e = p.encounter;
  const std::string first = FirstName(p.them->name);
  PersonLines out;
  out.next = p.next_steps;
  if (const std::string love = say::BothLove(loc, p.common, first); !love.empty()) out.facts.push_back(love);
  if (!p.starter.empty())
    out.facts.push_back(Fill(Tr(loc, "To pick up where you left off: {question}"), {{"question", p.starter}}));
  // (Written at a kiosk or on either one's phone: said as neither.)
  if (with_note && !e.note.empty()) out.facts.push_back(Fill(Tr(loc, "Note: {note}"), {{"note", e.note}}));
  if (!e.met_at.empty()) out.facts.push_back(Fill(Tr(loc, "You met: {when}"), {{"when", MetWhen(f, e.met_at)}}));
  if (IsForgottenId(p.them->badge_id)) return out;
  out.contact = p.shown.contact && !p.shown.email.empty()
                    ? Fill(Tr(loc, "Contact: {email}"), {{"email", p.shown.email}})
                    : Fill(Tr(loc, "{name} chose not to share contact details: write to the organisers and they will "
                                   "pass your message on."),
                           {{"name", first}});
  return out;
}

std::string Salutation(const FollowUp& f) {
  // TRANSLATORS: the greeting line of a follow-up; {first} is the first
  // name, {full} the whole name as registered (Japanese: "{full}様").
  return Fill(Tr(i18n::Default().For(f.language), "Hi {first},"),
              {{"first", FirstName(f.me->name)}, {"full", f.me->name}});
}

std::string Opening(const FollowUp& f, const std::string& event_name) {
  return Fill(TrN(i18n::Default().For(f.language),
                  "At {event} you met {n} person. Conversations are where networking starts; here is how to keep "
                  "yours going.",
                  "At {event} you met {n} people. Conversations are where networking starts; here is how to keep "
                  "yours going.",
                  static_cast<long>(f.met.size())),
              {{"event", event_name}, {"n", std::to_string(f.met.size())}});
}

std::string FollowUpMarkdown(const FollowUp& f, const std::string& event_name) {
  const std::locale& loc = i18n::Default().For(f.language);
  std::string md = "# " + Fill(Tr(loc, "Your conversations at {event}"), {{"event", event_name}}) + "\n\n" +
                   Salutation(f) + "\n\n" + Opening(f, event_name) + "\n";
  for (const MetPerson& p : f.met) {
    md += "\n## " + Heading(f, p) + "\n\n";
    const PersonLines lines = LinesAbout(f, p);
    for (const std::string& line : lines.next)
      md += "- **" + Fill(Tr(loc, "Next: {step}"), {{"step", line}}) + "**\n";
    for (const std::string& line : lines.facts) md += "- " + line + "\n";
    if (!lines.contact.empty()) md += "- " + lines.contact + "\n";
  }
  return md;
}

std::string FollowUpVCards(const FollowUp& f, const std::string& event_name) {
  const std::locale& loc = i18n::Default().For(f.language);
  std::string vcf;
  for (const MetPerson& p : f.met) {
    if (!p.shown.contact) continue;
    const Encounter& e = p.encounter;
    std::string note = Fill(Tr(loc, "You met at {event} on {date}."),
                            {{"event", event_name}, {"date", MetWhen(f, e.met_at)}});
    if (const std::string love = say::BothLove(loc, p.common, FirstName(p.them->name)); !love.empty())
      note = say::Sentences(loc, {note, love});
    vcf += VCard30(*p.them, note);
  }
  return vcf;
}

std::string FollowUpCsv(const FollowUp& f, bool excel_bom) {
  const std::locale& loc = i18n::Default().For(f.language);
  std::string csv = excel_bom ? "\xEF\xBB\xBF" : "";
  AppendCsvRow(kPersonCsvColumns, &csv);
  for (const MetPerson& p : f.met) {
    const Encounter& e = p.encounter;
    std::vector<std::string> shared;
    for (const SharedPassion& s : p.common.passions) shared.push_back(say::Passion(loc, s, FirstName(p.them->name)));
    AppendCsvRow({e.met_at, ShownName(f, *p.them), p.shown.company, p.shown.title, p.shown.email, JoinList(shared),
                  p.starter, JoinList(e.intents), e.note},
                 &csv);
  }
  return csv;
}

}  // namespace kindred
