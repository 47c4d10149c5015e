#include "web/site.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/html.h"
#include "common/utc_time.h"
#include "event/people_to_meet.h"
#include "followup/summary.h"
#include "i18n/catalog.h"
#include "match/say.h"
#include "scanner/badge_signing.h"
#include "web/form_text.h"
#include "event/intents.h"
#include "event/meeting.h"
#include "event/page_token.h"
#include "event/room.h"
#include "web/wall.h"

namespace kindred {

namespace {

using i18n::Fill;
using i18n::Tr;

constexpr int kSuggestions = 3;
constexpr size_t kMostItems = 20;      // passions, offers or asks on a page
constexpr size_t kLongestItem = 200;   // bytes each

std::string E(const std::string& text) { return EscapeHtml(text); }

// Headers every answer carries: nothing from anywhere but this server, no
// script (the pages need none; the wall only its own file, for its live
// updates), the address never sent onwards, nothing kept.
void Harden(HttpResponse* r, bool own_script = false) {
  r->headers.push_back({"Content-Security-Policy",
                        std::string("default-src 'self'; script-src ") + (own_script ? "'self'" : "'none'") +
                            "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"});
  r->headers.push_back({"Referrer-Policy", "no-referrer"});
  r->headers.push_back({"X-Content-Type-Options", "nosniff"});
  r->headers.push_back({"Cache-Control", "no-store"});
}

HttpResponse Plain(int status, const std::string& text) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = text + "\n";
  Harden(&r);
  return r;
}

// The page's look: readable on a five-year-old phone at 360 px, no fonts or
// pictures to fetch.
constexpr const char* kCss = R"css(
html { font-family: system-ui, sans-serif; font-size: 17px; line-height: 1.45; color: #1d1d1f; background: #f6f4ef; }
body { margin: 0; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 0 0 0.25rem; }
section > ol, section > ul { list-style: none; padding: 0; margin: 0; }
li, article, .notice { background: #fff; border-radius: 0.6rem; padding: 0.8rem 0.9rem; margin: 0 0 0.7rem; box-shadow: 0 1px 2px rgba(0,0,0,0.08); }
.notice { background: #e8f4ea; }
.looking { background: #fff4d6; }
.spot, .when { color: #555; font-size: 0.9rem; margin: 0 0 0.3rem; }
.question { font-style: italic; }
p { margin: 0.3rem 0; overflow-wrap: anywhere; }
label { display: block; font-weight: 600; margin: 0.8rem 0 0.2rem; }
fieldset { border: 0; padding: 0; margin: 0.6rem 0 0; }
legend { font-weight: 600; padding: 0; }
label.check { font-weight: 400; margin: 0.35rem 0; display: flex; gap: 0.5rem; align-items: flex-start; }
label.check input { width: 1.3rem; height: 1.3rem; margin: 0.1rem 0 0; flex: none; }
textarea.note { min-height: 3.5rem; }
textarea { box-sizing: border-box; width: 100%; min-height: 5.5rem; font: inherit; padding: 0.5rem; border: 1px solid #999; border-radius: 0.4rem; }
.hint { font-weight: 400; color: #555; font-size: 0.9rem; }
button { margin-top: 0.9rem; font: inherit; font-weight: 600; padding: 0.6rem 1.4rem; border: 0; border-radius: 0.5rem; background: #1f5f8b; color: #fff; }
footer { color: #555; font-size: 0.85rem; margin: 2rem 0 1rem; }
)css";

// The language of the page: the roster's for this person, else the first of
// the browser's (Accept-Language, by weight) Kindred speaks, else the event's.
std::string PageLanguage(const Attendee& me, const std::string& accept_language, const std::string& event_language,
                         i18n::Register reg) {
  if (!me.language.empty()) return FollowUpLanguage(me, event_language, reg);
  for (const std::string& tag : AcceptedLanguages(accept_language))
    if (std::string lang = i18n::Resolve(tag, reg); !lang.empty() && lang != i18n::kPseudo) return lang;
  const std::string event = i18n::Resolve(event_language, reg);
  return event.empty() ? "en" : event;
}

// A phone page's start, up to its <main>: in `lang`, titled `title`, the page's style.
std::string PageStart(const std::string& lang, const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"" + E(i18n::Base(lang)) + "\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + E(title) + "</title><link rel=\"stylesheet\" href=\"/static/page.css\"></head><body><main>\n";
}

std::string Lines(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += item + "\n";
  return out;
}

}  // namespace

std::unique_ptr<Site> Site::Open(const SiteOptions& options, std::string* err) {
  std::unique_ptr<Site> site(new Site);
  site->options_ = options;
  if (!OpenEvent(options.db_path, options.assets_dir, &site->event_, err)) return nullptr;
  if (!site->Refresh(err)) return nullptr;
  site->wall_thread_ = std::thread([s = site.get()] { s->FeedWall(); });
  return site;
}

Site::~Site() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_wall_.notify_all();
  if (wall_thread_.joinable()) wall_thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  RecordShown();
}

void Site::RecordShown() {
  if (shown_later_.empty()) return;
  std::string err;
  if (!event_.db->RecordSuggestionsShown(shown_later_, options_.shown_by, &err))
    std::fprintf(stderr, "kindred serve: suggestions shown not recorded: %s\n", err.c_str());
  shown_later_.clear();  // a failed record costs only that (event/people_to_meet.h)
}

std::string Site::WallContent() {
  RoomStats room;
  std::string err;
  // The room's screen speaks the event's language.
  const std::string shown = PageLanguage(Attendee{}, "", event_language_, i18n::ParseRegister(register_));
  if (!ComputeRoom(*event_.db, *event_.matcher, shown, std::time(nullptr), &room, &err)) {
    std::fprintf(stderr, "kindred serve: cannot read the room: %s\n", err.c_str());
    return "";
  }
  return RenderWall(room, i18n::Default().For(shown));
}

void Site::FeedWall() {
  std::unique_lock<std::mutex> lock(mu_);
  std::string sent;
  auto last_sent = std::chrono::steady_clock::now(), last_ping = last_sent;
  while (!stopping_) {
    wake_wall_.wait_for(lock, kWallCheck, [this] { return stopping_; });
    if (stopping_) break;
    RecordShown();
    const auto now = std::chrono::steady_clock::now();
    const EventDb::ChangeMarks before = marks_;
    std::string err;
    if (!Refresh(&err)) continue;  // a kiosk writing: look again next time
    next_check_ = now + std::chrono::seconds(2);
    if (marks_ == before && !sent.empty() && now - last_sent < kWallAtLeast) {
      if (now - last_ping >= kWallPing) {
        wall_events_->Ping(": ping\n\n");
        last_ping = now;
      }
      continue;
    }
    const std::string content = WallContent();
    if (content.empty()) continue;
    last_sent = now;
    if (content == sent) continue;
    sent = content;
    wall_events_->Publish("event: wall\ndata: " + content + "\n\n");
  }
}

HttpResponse Site::WallPage(const HttpRequest& request) {
  const std::string shown = PageLanguage(Attendee{}, "", event_language_, i18n::ParseRegister(register_));
  HttpResponse r;
  if (request.path.size() > 6 + wall_token_.size()) {  // /wall/TOKEN/events
    r.events = wall_events_;
    Harden(&r);
    return r;
  }
  r.body = kindred::WallPage(WallContent(), shown, i18n::Default().For(shown), request.path + "/events");
  r.headers.push_back({"Content-Language", i18n::Base(shown)});
  Harden(&r, true);
  return r;
}

bool Site::Refresh(std::string* err) {
  // What the database looks like now, read again only where it changed (a
  // kiosk beside this server, or the sync from the hub, wrote to it). This
  // server's own writes are in memory already: a page's suggestions counted
  // in the matcher as they were shown (they change no mark), a "We met" as
  // it was saved.
  EventDb::ChangeMarks marks;
  if (!event_.db->ReadChangeMarks(&marks, err)) return false;
  // The badges' key: made by `kindred badges`, perhaps after the server started.
  std::string key_hex;
  if (event_.db->GetSetting(kPublicKeySetting, &key_hex, err) == Lookup::kError) return false;
  public_key_ = FromHex(key_hex);
  std::string secret;
  if (!event_.db->ForgetSecretHexIfAny(&secret, err)) return false;
  marks.roster += "/" + secret.substr(0, 8);
  if (read_ && marks == marks_) return true;
  if (read_ && marks.roster == marks_.roster) {
    // Encounters and sightings only: the matcher takes them in place (an
    // encounter it holds already stays one); the pages' tokens stand.
    Matcher& matcher = *event_.matcher;
    if (marks.encounters != marks_.encounters &&
        !event_.db->ForEachEncounter([&matcher](const Encounter& e) { matcher.AddEncounter(e.a_id, e.b_id); }, err))
      return false;
    const std::string today = StartOfTodayUtc();
    if (marks.seen != marks_.seen && !event_.db->ForEachSeenSince(
                                         marks_.seen,
                                         [&matcher, &today](const std::string& id, const std::string& at) {
                                           matcher.MarkSeen(id, at);
                                           if (at >= today) matcher.MarkPresent(id);
                                         },
                                         err))
      return false;
    marks_ = marks;
    return true;
  }
  // The roster changed (an import, a profile edited, someone forgotten):
  // everything again.
  if (read_ && !ReloadMatcher(options_.assets_dir, &event_, err)) return false;
  std::vector<Attendee> roster;
  if (!event_.db->LoadAttendees(&roster, err)) return false;
  std::unordered_map<std::string, Owner> by_token;
  for (const Attendee& a : roster) {
    std::string key;
    if (!event_.db->ForgetKey(a.badge_id, &key, err)) return false;
    by_token[PageTokenFromKey(key)] = {a.badge_id, FormTokenFromKey(key)};
  }
  by_token_.swap(by_token);
  if (!WallToken(*event_.db, &wall_token_, err)) return false;
  if (event_.db->GetSetting(kEventLanguageSetting, &event_language_, err) == Lookup::kError ||
      event_.db->GetSetting(kRegisterSetting, &register_, err) == Lookup::kError)
    return false;
  // The secret may have been made just now (ForgetKey): it is in the marks from now on.
  std::string after;
  if (!event_.db->ForgetSecretHexIfAny(&after, err)) return false;
  marks.roster.resize(marks.roster.size() - secret.substr(0, 8).size());
  marks.roster += after.substr(0, 8);
  marks_ = marks;
  read_ = true;
  return true;
}

bool Site::TooManyFailures(const std::string& client, bool failed_now) {
  const auto now = std::chrono::steady_clock::now();
  auto& times = failures_[client];
  while (!times.empty() && now - times.front() > std::chrono::minutes(1)) times.pop_front();
  if (failed_now) times.push_back(now);
  const bool too_many = static_cast<int>(times.size()) > kFailuresPerMinute;
  if (times.empty()) failures_.erase(client);
  if (failures_.size() > 10000) failures_.clear();  // a flood of addresses: start again rather than grow
  return too_many;
}

HttpResponse Site::NotFound(const std::locale& loc) {
  // TRANSLATORS: the whole answer to an address with no page behind it (a
  // mistyped one, or the page of someone who asked to be forgotten).
  return Plain(404, Tr(loc, "No page here. Scan your badge at a kiosk for your own page's code."));
}

HttpResponse Site::Handle(const HttpRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  // The browser's language, for answers that are not someone's page.
  const std::locale& loc = i18n::Default().For(
      PageLanguage(Attendee{}, request.accept_language, event_language_, i18n::ParseRegister(register_)));
  if (request.too_large) return Plain(413, Tr(loc, "That was too long to save. Shorten it and try again."));
  for (const auto& [path, type, body] : {std::tuple{"/static/page.css", "text/css", kCss},
                                         std::tuple{"/static/wall.css", "text/css", kWallCss},
                                         std::tuple{"/static/wall.js", "text/javascript", kWallJs}}) {
    if (request.path != path || request.method != "GET") continue;
    HttpResponse r;
    r.content_type = std::string(type) + "; charset=utf-8";
    r.body = body;
    Harden(&r);
    return r;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now >= next_check_) {
    next_check_ = now + std::chrono::seconds(2);
    std::string err;
    if (!Refresh(&err)) {
      std::fprintf(stderr, "kindred serve: cannot read the event: %s\n", err.c_str());
      return Plain(503, Tr(loc, "This page cannot be shown just now. Try again in a minute."));
    }
  }
  if (TooManyFailures(request.client, false))
    return Plain(429, Tr(loc, "Too many addresses tried from here. Wait a minute, then scan your code again."));
  // /wall/TOKEN and /wall/TOKEN/events
  if (request.path.rfind("/wall/", 0) == 0) {
    const std::string rest = request.path.substr(6);
    if (wall_token_.empty() || (rest != wall_token_ && rest != wall_token_ + "/events") ||
        (request.method != "GET" && request.method != "HEAD")) {
      TooManyFailures(request.client, true);
      return NotFound(loc);
    }
    return WallPage(request);
  }
  if (request.path.rfind("/b/", 0) == 0) return BadgePage(request, loc);
  // /p/TOKEN and /p/TOKEN/profile
  if (request.path.rfind("/p/", 0) != 0) return NotFound(loc);
  const std::string rest = request.path.substr(3);
  const std::string token = rest.substr(0, rest.find('/'));
  const std::string action = rest.size() > token.size() ? rest.substr(token.size()) : "";
  auto it = by_token_.find(token);
  const bool follow_up = action.rfind("/met/", 0) == 0 && action.size() > 5;
  if (it == by_token_.end() || (action != "" && action != "/profile" && !follow_up)) {
    TooManyFailures(request.client, true);
    return NotFound(loc);
  }
  const Owner owner = it->second;
  if (action == "/profile") {
    if (request.method != "POST") return NotFound(loc);
    return SaveProfile(owner, token, request, loc);
  }
  if (follow_up) {
    if (request.method != "POST") return NotFound(loc);
    return SaveFollowUp(owner, token, action.substr(5), request, loc);
  }
  if (request.method != "GET" && request.method != "HEAD") return NotFound(loc);
  return PersonPage(owner, token, request);
}

namespace {

std::string Field(const HttpRequest& request, const std::string& name) {
  auto it = request.form.find(name);
  return it == request.form.end() ? std::string() : it->second;
}

// The id an encounter's part of the page has (its anchor).
std::string FollowUpAnchor(const std::string& encounter_id) { return "met-" + encounter_id; }

// Back to the person's page, saying it was saved: at the top, or at the
// encounter whose follow-ups changed.
HttpResponse SavedRedirect(const std::string& token, const std::string& encounter_id = "") {
  HttpResponse r;
  r.status = 303;
  r.headers.push_back({"Location", "/p/" + token + (encounter_id.empty() ? "?saved"
                                                                         : "?saved=" + encounter_id + "#" +
                                                                               FollowUpAnchor(encounter_id))});
  Harden(&r);
  return r;
}

}  // namespace

HttpResponse Site::SaveFollowUp(const Owner& owner, const std::string& token, const std::string& encounter_id,
                                const HttpRequest& request, const std::locale& loc) {
  if (Field(request, "form") != owner.form_token)
    return Plain(403, Tr(loc, "Not saved: this form is out of date. Open your page again and repeat the change."));
  std::vector<std::string> intents;
  for (const FollowUpIntent& intent : FollowUpIntents())
    if (!Field(request, std::string("intent-") + intent.id).empty()) intents.push_back(intent.id);
  std::string err;
  const Lookup l = event_.db->SetFollowUp(encounter_id, owner.badge_id, intents, TypedLine(Field(request, "note"), kLongestNote), &err);
  if (l == Lookup::kNotFound) return NotFound(loc);  // not theirs, or the other asked to be forgotten
  if (l == Lookup::kError) {
    std::fprintf(stderr, "kindred serve: a note was not saved: %s\n", err.c_str());
    return Plain(503, Tr(loc, "Not saved just now. Try again in a minute."));
  }
  return SavedRedirect(token, encounter_id);
}

HttpResponse Site::SaveProfile(const Owner& owner, const std::string& token, const HttpRequest& request,
                               const std::locale& loc) {
  // A form made anywhere but on the page lacks the form token.
  if (Field(request, "form") != owner.form_token)
    return Plain(403, Tr(loc, "Not saved: this form is out of date. Open your page again and repeat the change."));
  std::string err;
  if (!event_.db->SetProfile(owner.badge_id, TypedItems(Field(request, "passions"), kMostItems, kLongestItem),
                             TypedItems(Field(request, "offers"), kMostItems, kLongestItem),
                             TypedItems(Field(request, "seeking"), kMostItems, kLongestItem), &err)) {
    std::fprintf(stderr, "kindred serve: a profile was not saved: %s\n", err.c_str());
    return Plain(503, Tr(loc, "Not saved just now. Try again in a minute."));
  }
  next_check_ = {};  // the matcher learns the new passions at the next request
  return SavedRedirect(token);
}

HttpResponse Site::PersonPage(const Owner& owner, const std::string& token, const HttpRequest& request) {
  // ?saved after a change: "" the profile's, an encounter's ID its follow-ups'.
  const auto saved = request.query.find("saved");
  std::string err;
  Attendee me;
  const i18n::Register reg = i18n::ParseRegister(register_);
  if (event_.db->FindAttendee(owner.badge_id, &me, &err) != Lookup::kFound)  // forgotten since the last read
    return NotFound(i18n::Default().For(PageLanguage(Attendee{}, request.accept_language, event_language_, reg)));
  const std::string lang = PageLanguage(me, request.accept_language, event_language_, reg);
  const std::locale& loc = i18n::Default().For(lang);

  // The people to find: the same as the kiosk showed today, or chosen now
  // (and then the same at the kiosk).
  // (What this page showed a moment ago is recorded first: the same people again.)
  if (std::any_of(shown_later_.begin(), shown_later_.end(),
                  [&me](const EventDb::ShownTo& one) { return one.viewer_id == me.badge_id; }))
    RecordShown();
  PeopleToMeet people = FindPeopleToMeet(*event_.db, *event_.matcher, me.badge_id, lang, loc, kSuggestions,
                                         options_.shown_by, &shown_later_);
  // The people met, as their follow-up will tell it.
  std::vector<Encounter> mine;
  std::vector<Attendee> others;
  if (!event_.db->EncountersOf(me.badge_id, &mine, &err))
    return Plain(503, Tr(loc, "This page cannot be shown just now. Try again in a minute."));
  others.reserve(mine.size());
  std::vector<std::pair<Encounter, const Attendee*>> met;
  for (Encounter& e : mine) {
    const std::string& other = e.a_id == me.badge_id ? e.b_id : e.a_id;
    if (IsForgottenId(other)) {
      met.emplace_back(std::move(e), &ForgottenPerson());
      continue;
    }
    Attendee them;
    if (event_.db->FindAttendee(other, &them, &err) != Lookup::kFound) continue;
    others.push_back(std::move(them));
    met.emplace_back(std::move(e), &others.back());
  }
  const FollowUp f = BuildFollowUp(*event_.matcher, me, std::move(met), lang);

  std::string h;
  h += PageStart(lang, Tr(loc, "Your people to meet"));
  h += "<h1 dir=\"auto\">" + E(Salutation(f)) + "</h1>\n";
  const std::string saved_here = "<p class=\"notice\" role=\"status\">" + E(Tr(loc, "Saved!")) + "</p>";
  if (saved != request.query.end() && saved->second.empty()) h += saved_here + "\n";
  if (!people.looking_for_you.empty()) {
    h += "<section><h2>" + E(Tr(loc, "Someone is looking for you")) + "</h2><div class=\"notice looking\">";
    for (const std::string* line : {&people.looking_for_you, &people.looking_shared, &people.looking_where})
      if (!line->empty()) h += "<p dir=\"auto\">" + E(*line) + "</p>";
    h += "</div></section>\n";
  }
  h += "<section><h2>" + E(Tr(loc, "People to find today")) + "</h2>";
  if (people.suggestions.empty()) {
    h += "<p>" + E(Tr(loc, "Nobody to suggest yet: add a passion below, or look again when more people have arrived.")) +
         "</p>";
  } else {
    h += "<ol>";
    for (size_t i = 0; i < people.suggestions.size(); ++i) {
      const Suggestion& s = people.suggestions[i];
      h += "<li><h3><bdi>" + E(s.name) + "</bdi></h3>";
      if (!people.recognise[i].empty()) h += "<p class=\"spot\" dir=\"auto\">" + E(people.recognise[i]) + "</p>";
      if (!s.reason.empty()) h += "<p dir=\"auto\">" + E(s.reason) + "</p>";
      if (!s.starter.empty()) h += "<p class=\"question\" dir=\"auto\">" + E(s.starter) + "</p>";
      h += "</li>";
    }
    h += "</ol>";
  }
  h += "</section>\n<section><h2>" + E(Tr(loc, "People you met")) + "</h2>";
  if (f.met.empty()) {
    h += "<p>" + E(Tr(loc, "Nobody yet. When you meet someone, scan both your badges at a kiosk: they will be here.")) +
         "</p>";
  }
  for (const MetPerson& p : f.met) {
    // Someone forgotten leaves nothing to do and nothing to note.
    const bool editable = !IsForgottenId(p.them->badge_id) && !p.encounter.id.empty();
    const PersonLines lines = LinesAbout(f, p, !editable);
    const std::string anchor = FollowUpAnchor(p.encounter.id);
    h += "<article id=\"" + E(anchor) + "\"><h3 dir=\"auto\">" + E(Heading(f, p)) + "</h3>";
    if (saved != request.query.end() && saved->second == p.encounter.id && editable) h += saved_here;
    for (const std::string& line : lines.next)
      h += "<p><strong>" + E(Fill(Tr(loc, "Next: {step}"), {{"step", line}})) + "</strong></p>";
    for (const std::string& line : lines.facts) h += "<p dir=\"auto\">" + E(line) + "</p>";
    if (!lines.contact.empty()) h += "<p dir=\"auto\">" + E(lines.contact) + "</p>";
    if (editable) {
      // The follow-ups and the note they chose together, changed here by
      // either of them (the card's choices and words).
      h += "<form method=\"post\" action=\"/p/" + E(token) + "/met/" + E(p.encounter.id) + "\">";
      h += "<input type=\"hidden\" name=\"form\" value=\"" + E(owner.form_token) + "\">";
      h += "<fieldset><legend>" + E(Tr(loc, "How would you like to follow up?")) + "</legend>";
      for (const FollowUpIntent& intent : FollowUpIntents()) {
        const bool chosen = std::find(p.encounter.intents.begin(), p.encounter.intents.end(), intent.id) !=
                            p.encounter.intents.end();
        h += "<label class=\"check\"><input type=\"checkbox\" name=\"intent-" + std::string(intent.id) + "\" value=\"1\"" +
             (chosen ? " checked" : "") + "> " + E(Tr(loc, intent.label)) + "</label>";
      }
      h += "</fieldset><label for=\"note-" + E(p.encounter.id) + "\">" + E(Tr(loc, "A note for your follow-up")) +
           "</label>";
      h += "<textarea class=\"note\" id=\"note-" + E(p.encounter.id) + "\" name=\"note\" dir=\"auto\" placeholder=\"" +
           E(Tr(loc, "e.g. send the hive visit dates")) + "\">" + E(p.encounter.note) + "</textarea>";
      h += "<button type=\"submit\">" + E(Tr(loc, "Save")) + "</button></form>";
    }
    h += "</article>";
  }
  h += "</section>\n<section><h2>" + E(Tr(loc, "Your passions, offers and asks")) + "</h2>";
  h += "<form method=\"post\" action=\"/p/" + E(token) + "/profile\">";
  h += "<input type=\"hidden\" name=\"form\" value=\"" + E(owner.form_token) + "\">";
  const std::string hint = "<span class=\"hint\"> " + E(Tr(loc, "(one per line)")) + "</span>";
  h += "<label for=\"passions\">" + E(Tr(loc, "What are you passionate about?")) + hint + "</label>";
  h += "<textarea id=\"passions\" name=\"passions\" dir=\"auto\">" + E(Lines(me.passions)) + "</textarea>";
  h += "<label for=\"offers\">" + E(Tr(loc, "What can you offer others?")) + hint + "</label>";
  h += "<textarea id=\"offers\" name=\"offers\" dir=\"auto\">" + E(Lines(me.offers)) + "</textarea>";
  h += "<label for=\"seeking\">" + E(Tr(loc, "What are you looking for?")) + hint + "</label>";
  h += "<textarea id=\"seeking\" name=\"seeking\" dir=\"auto\">" + E(Lines(me.seeking)) + "</textarea>";
  h += "<button type=\"submit\">" + E(Tr(loc, "Save")) + "</button></form></section>\n";
  h += "<footer><p>" +
       E(Tr(loc, "This page is yours: anyone who has its address can read it, so keep it to yourself.")) +
       "</p></footer>\n</main></body></html>\n";
  HttpResponse r;
  r.body = std::move(h);
  r.headers.push_back({"Content-Language", i18n::Base(lang)});
  // This phone is theirs from now on: a badge it opens can say "We met".
  r.headers.push_back({"Set-Cookie", std::string(kOwnerCookie) + "=" + token +
                                         "; Path=/; Max-Age=1209600; HttpOnly; SameSite=Lax"});
  Harden(&r);
  return r;
}

HttpResponse Site::BadgePage(const HttpRequest& request, const std::locale& browser_loc) {
  // /b/KDN1:ID:SIGNATURE, and /met after it for the form.
  std::string code = request.path.substr(3);
  const bool met = code.size() > 4 && code.compare(code.size() - 4, 4, "/met") == 0;
  if (met) code.resize(code.size() - 4);
  std::string badge_id, reason, err;
  Attendee them;
  if (public_key_.empty()) Refresh(&err);  // badges printed since the last look
  if (public_key_.empty() || !VerifySignedBadge(code, public_key_, &badge_id, &reason) ||
      event_.db->FindAttendee(badge_id, &them, &err) != Lookup::kFound) {
    TooManyFailures(request.client, true);
    return NotFound(browser_loc);
  }
  // Whose phone this is: the owner of the page it opened last.
  const auto cookie = request.cookies.find(kOwnerCookie);
  const auto owner = cookie == request.cookies.end() ? by_token_.end() : by_token_.find(cookie->second);
  Attendee me;
  const bool known = owner != by_token_.end() && event_.db->FindAttendee(owner->second.badge_id, &me, &err) == Lookup::kFound;
  const i18n::Register reg = i18n::ParseRegister(register_);
  const std::string lang = PageLanguage(known ? me : Attendee{}, request.accept_language, event_language_, reg);
  const std::locale& loc = i18n::Default().For(lang);
  const std::string their_first = FirstName(them.name);

  if (met) {
    if (request.method != "POST") return NotFound(loc);
    auto form = request.form.find("form");
    if (!known || form == request.form.end() || form->second != owner->second.form_token || me.badge_id == them.badge_id)
      return Plain(403, Tr(loc, "Not saved: this form is out of date. Open your page again and repeat the change."));
    Meeting meeting;
    if (!SaveMeeting(*event_.db, *event_.matcher, me.badge_id, them.badge_id, lang, options_.shown_by, &meeting, &err)) {
      std::fprintf(stderr, "kindred serve: a meeting was not saved: %s\n", err.c_str());
      return Plain(503, Tr(loc, "Not saved just now. Try again in a minute."));
    }
    next_check_ = {};
    HttpResponse r;
    r.status = 303;
    r.headers.push_back({"Location", "/p/" + cookie->second + "?saved"});
    Harden(&r);
    return r;
  }
  if (request.method != "GET" && request.method != "HEAD") return NotFound(loc);

  std::string h;
  h += PageStart(lang, Fill(Tr(loc, "{name}'s badge"), {{"name", their_first}}));
  if (!known) {
    // Someone else's phone, or one that never opened its owner's page: the
    // badge's first name only, and how to say "We met".
    h += "<h1 dir=\"auto\">" + E(Fill(Tr(loc, "{name}'s badge"), {{"name", their_first}})) + "</h1>";
    h += "<p>" + E(Tr(loc, "To save that you met, open your own page on this phone first: scan the code on a "
                           "kiosk's welcome screen, or your own badge at a kiosk. Then scan this badge again.")) +
         "</p>";
  } else if (me.badge_id == them.badge_id) {
    h += "<h1>" + E(Tr(loc, "This is your own badge")) + "</h1>";
    h += "<p><a href=\"/p/" + E(cookie->second) + "\">" + E(Tr(loc, "Your page")) + "</a></p>";
  } else {
    // What they share, as the card at a kiosk would say it (one function).
    const EncounterCard card = event_.matcher->Card(me.badge_id, them.badge_id, lang);
    h += "<h1 dir=\"auto\">" + E(Fill(Tr(loc, "You and {name}"), {{"name", their_first}})) + "</h1>";
    const std::string both = say::BothLove(loc, card.common, their_first);
    if (!both.empty()) h += "<p dir=\"auto\">" + E(both) + "</p>";
    if (!card.starter.empty()) h += "<p class=\"question\" dir=\"auto\">" + E(card.starter) + "</p>";
    h += "<form method=\"post\" action=\"/b/" + E(code) + "/met\">";
    h += "<input type=\"hidden\" name=\"form\" value=\"" + E(owner->second.form_token) + "\">";
    h += "<button type=\"submit\">" + E(Tr(loc, "We met")) + "</button></form>";
    h += "<p class=\"hint\">" + E(Tr(loc, "Saved for both of you, as at a kiosk: it comes in both your follow-ups.")) +
         "</p>";
  }
  h += "\n</main></body></html>\n";
  HttpResponse r;
  r.body = std::move(h);
  r.headers.push_back({"Content-Language", i18n::Base(lang)});
  Harden(&r);
  return r;
}

}  // namespace kindred
