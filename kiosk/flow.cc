#include "kiosk/flow.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include <utility>

#include "common/utc_time.h"
#include "common/utf8.h"
#include "i18n/catalog.h"
#include "event/organiser_pin.h"
#include "event/badge_resolver.h"
#include "event/consent.h"
#include "event/intents.h"
#include "event/meeting.h"
#include "event/page_token.h"
#include "event/people_search.h"
#include "event/people_to_meet.h"
#include "match/say.h"
#include "scanner/badge_payload.h"
#include "storage/vcard_writer.h"
#include "kiosk/wifi_code.h"

namespace kindred {

using i18n::Fill;
using i18n::Tr;

namespace {

constexpr const char* kNotRecognised = i18n::N_("Badge not recognised - please see the registration desk");
}

KioskFlow::KioskFlow(EventDb* db, Matcher* matcher, FlowConfig config)
    : db_(db), matcher_(matcher), config_(std::move(config)) {
  view_.language = config_.language;
}

void KioskFlow::Notify(Tone tone, std::string message, int64_t now_ms) {
  view_.tone = tone;
  view_.notice = std::move(message);
  ++view_.feedback_seq;
  notice_deadline_ = view_.notice.empty() ? INT64_MAX : now_ms + config_.notice_ms;
}

void KioskFlow::Reset() {
  FlowView fresh;
  fresh.feedback_seq = view_.feedback_seq;
  fresh.walk_ins = config_.walk_ins;
  fresh.language = picked_language_.empty() ? config_.language : picked_language_;
  fresh.languages = config_.languages;
  view_ = std::move(fresh);
  screen_deadline_ = INT64_MAX;
  notice_deadline_ = INT64_MAX;
}

std::string KioskFlow::LanguageOf(const Attendee& a) const {
  const std::string own = i18n::Resolve(a.language, config_.register_);
  return !own.empty() ? own : !picked_language_.empty() ? picked_language_ : config_.language;
}

const std::locale& KioskFlow::Loc() const { return i18n::Default().For(view_.language); }

KioskFlow::Resolve KioskFlow::ResolveBadge(const std::string& payload, int64_t now_ms, Attendee* out) {
  // A badge held in front of the camera is seen many times: once is enough.
  if (payload == last_payload_ && now_ms - last_payload_ms_ < config_.repeat_window_ms) {
    last_payload_ms_ = now_ms;
    return Resolve::kIgnored;
  }
  last_payload_ = payload;
  last_payload_ms_ = now_ms;
  BadgeIdentity who = WhoIs(*db_, payload, config_.event_public_key);
  switch (who.status) {
    case BadgeIdentity::Status::kKnown:
      *out = std::move(who.person);
      return Resolve::kOk;
    case BadgeIdentity::Status::kNotABadge:
      Notify(Tone::kFailure, Tr(Loc(), kNotRecognised), now_ms);
      return Resolve::kFailed;
    case BadgeIdentity::Status::kForged:
      Notify(Tone::kFailure, Tr(Loc(), "This badge could not be verified - please see the registration desk"), now_ms);
      return Resolve::kFailed;
    case BadgeIdentity::Status::kUnknown:
      // Someone not on the list may join where walk-ins are welcome: a card
      // that says who they are fills in what it can; a badge that is only an
      // ID (a ticket bought at the door, a badge printed after the roster was
      // exported) keeps that ID, so it works at every kiosk from now on, and
      // they type their name.
      if (config_.walk_ins && view_.screen == Screen::kAttract) {
        StartJoin(std::move(who.person), now_ms);
        return Resolve::kIgnored;
      }
      Notify(Tone::kFailure,
             who.person.name.empty() ? Tr(Loc(), kNotRecognised)
                                     : Fill(Tr(Loc(), "Hello {name} - you're not on this event's list yet. "
                                                      "Please see the registration desk"),
                                            {{"name", who.person.name}}),
             now_ms);
      return Resolve::kFailed;
    case BadgeIdentity::Status::kError:
      break;
  }
  Notify(Tone::kFailure, Tr(Loc(), "The kiosk could not read its records - please tell an organiser"), now_ms);
  return Resolve::kFailed;
}

void KioskFlow::OnScan(const std::string& payload, int64_t now_ms) {
  if (view_.screen == Screen::kPin || view_.screen == Screen::kOrganiser) return;  // the organiser is busy
  Attendee a;
  if (ResolveBadge(payload, now_ms, &a) != Resolve::kOk) return;
  if (view_.screen == Screen::kWelcome || (view_.screen == Screen::kSearch && view_.search_for_partner)) {
    if (a.badge_id == view_.person.badge_id) {
        Notify(Tone::kDuplicate, Tr(Loc(), "That's your badge again - now scan the badge of the person you met"),
             now_ms);
      Extend(now_ms);
      return;
    }
    Meet(view_.person, a, now_ms);
    return;
  }
  Welcome(a, now_ms);
}

void KioskFlow::OnPairScan(const std::string& first, const std::string& second, int64_t now_ms) {
  Attendee a, b;
  if (ResolveBadge(first, now_ms, &a) == Resolve::kFailed) return;
  last_payload_.clear();  // the second code is not a repeat of the first
  if (ResolveBadge(second, now_ms, &b) == Resolve::kFailed) return;
  if (a.badge_id.empty() || b.badge_id.empty()) return;
  if (a.badge_id == b.badge_id) {
    Welcome(a, now_ms);
    return;
  }
  Meet(a, b, now_ms);
}

void KioskFlow::MarkPresent(const std::string& badge_id) {
  matcher_->MarkPresent(badge_id);
  matcher_->MarkSeen(badge_id, UtcNow());
  std::string ignored;  // presence only orders suggestions: a failed write costs nothing
  db_->MarkSeen(badge_id, config_.kiosk_id, &ignored);
}

void KioskFlow::Welcome(Attendee a, int64_t now_ms) {
  Reset();
  MarkPresent(a.badge_id);
  view_.language = LanguageOf(a);
  view_.person = std::move(a);
  Notify(Tone::kSuccess, "", now_ms);
  if (view_.person.passions.empty()) {
    // Lead with passion: someone with none on file picks a few first.
    view_.screen = Screen::kPickPassions;
    view_.passion_options = matcher_->PopularPassions(12, view_.language);
    view_.passion_chosen.assign(view_.passion_options.size(), false);
    Extend(now_ms);
    return;
  }
  ShowWelcome(now_ms);
}

void KioskFlow::ShowWelcome(int64_t now_ms) {
  view_.screen = Screen::kWelcome;
  view_.open_suggestion = -1;
  PeopleToMeet people =
      FindPeopleToMeet(*db_, *matcher_, view_.person.badge_id, view_.language, Loc(), config_.suggestions, config_.kiosk_id);
  view_.suggestions = std::move(people.suggestions);
  view_.recognise = std::move(people.recognise);
  view_.looking_for_you = std::move(people.looking_for_you);
  view_.looking_shared = std::move(people.looking_shared);
  view_.looking_where = std::move(people.looking_where);
  PhoneCodes();
  Extend(now_ms);
}

// What the welcome offers the person's phone: the event's Wi-Fi first when
// it is set (a phone without it may stay on mobile data and never reach the
// server), then their own page. Only here, where one person stands at the
// kiosk: a page's code is the key to it.
void KioskFlow::PhoneCodes() {
  view_.phone_codes.clear();
  view_.phone_code = 0;
  if (config_.phone_url.empty()) return;
  std::string token, err;
  if (!PageToken(*db_, view_.person.badge_id, &token, &err)) return;  // the page is a bonus: the welcome still shows
  const bool wifi = !config_.wifi_ssid.empty();
  TakeAway code;
  if (wifi) {
    code.caption = Fill(Tr(Loc(), "1. Join the Wi-Fi \"{name}\" with your phone's camera, then tap here"),
                        {{"name", config_.wifi_ssid}});
    if (EncodeQr(WifiQrText(config_.wifi_ssid, config_.wifi_password), &code.qr, &err))
      view_.phone_codes.push_back(std::move(code));
  }
  code = TakeAway{};
  code.caption = view_.phone_codes.empty() ? Tr(Loc(), "Take your suggestions with you: scan with your phone's camera")
                                           : Tr(Loc(), "2. Take your suggestions with you");
  if (EncodeQr(PageUrl(config_.phone_url, token), &code.qr, &err)) view_.phone_codes.push_back(std::move(code));
}

void KioskFlow::NextPhoneCode(int64_t now_ms) {
  if (view_.screen != Screen::kWelcome || view_.phone_codes.empty()) return;
  view_.phone_code = (view_.phone_code + 1) % view_.phone_codes.size();
  Extend(now_ms);
}

namespace {

// Edit distance between two folded names, stopping early past `limit`.
size_t NameDistance(const std::string& a, const std::string& b, size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0], best = ++row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

// "chloe van der berg" -> "berg van der chloe"; a single word as it is.
std::string SwapFirstAndLastWord(const std::string& name) {
  const size_t first = name.find(' '), last = name.rfind(' ');
  if (first == std::string::npos) return name;
  return name.substr(last + 1) + name.substr(first, last - first + 1) + name.substr(0, first);
}

}  // namespace

void KioskFlow::OpenJoin(int64_t now_ms) {
  if (!config_.walk_ins || view_.screen != Screen::kAttract) return;
  StartJoin(Attendee{}, now_ms);
}

void KioskFlow::StartJoin(Attendee from_card, int64_t now_ms) {
  Reset();
  view_.joining = std::move(from_card);
  if (!view_.joining.name.empty()) {
    Notify(Tone::kSuccess, "", now_ms);
    SubmitJoinName(now_ms);  // a card says the name: check it against the list
    return;
  }
  view_.screen = Screen::kJoin;
  Extend(now_ms);
}

void KioskFlow::SetJoinName(const std::string& name, int64_t now_ms) {
  if (view_.screen != Screen::kJoin) return;
  view_.joining.name = name.substr(0, 80);
  Extend(now_ms);
}

void KioskFlow::SubmitJoinName(int64_t now_ms) {
  std::string name(view_.joining.name);
  name.erase(0, name.find_first_not_of(' '));
  name.erase(name.find_last_not_of(' ') + 1);
  const std::string folded = FoldTag(name);
  if (folded.empty()) {
    Notify(Tone::kFailure, Tr(Loc(), "Type your name first - as you'd like it on your follow-up"), now_ms);
    Extend(now_ms);
    return;
  }
  view_.joining.name = name;
  // Before making someone new: is this a person on the list, spelt otherwise?
  // Names are compared folded (case, accents), also with first and last
  // word swapped ("Martin Chloe" is Chloé Martin).
  const size_t limit = folded.size() >= 10 ? 2 : 1;
  const std::string swapped = SwapFirstAndLastWord(folded);
  std::string err, best_id;
  size_t best = limit + 1;
  const bool from_card = !view_.joining.badge_id.empty();
  db_->ForEachAttendeeName(
      [&](const std::string& id, const std::string& listed, bool walk_in) {
        if (walk_in && !from_card) return;
        const std::string f = FoldTag(listed);
        size_t d = NameDistance(folded, f, std::min(limit, best));
        if (d > 0 && swapped != folded) d = std::min(d, NameDistance(swapped, f, std::min(limit, best)));
        if (d < best || (d == best && id < best_id)) best = d, best_id = id;
      },
      &err);
  const bool found = best <= limit && db_->FindAttendee(best_id, &view_.join_match, &err) == Lookup::kFound;
  view_.screen = found ? Screen::kJoinCheck : Screen::kJoinContact;
  Extend(now_ms);
}

void KioskFlow::AnswerJoinCheck(bool it_is_me, int64_t now_ms) {
  if (view_.screen != Screen::kJoinCheck) return;
  if (it_is_me) {
    Welcome(view_.join_match, now_ms);
    return;
  }
  view_.screen = Screen::kJoinContact;
  Extend(now_ms);
}

void KioskFlow::SetJoinEmail(const std::string& email, int64_t now_ms) {
  if (view_.screen != Screen::kJoinContact) return;
  view_.joining.email = email.substr(0, 120);
  Extend(now_ms);
}

void KioskFlow::ToggleJoinConsent(int64_t now_ms) {
  if (view_.screen != Screen::kJoinContact) return;
  view_.joining.consent = !view_.joining.consent;
  Extend(now_ms);
}

void KioskFlow::FinishJoin(int64_t now_ms) {
  if (view_.screen != Screen::kJoinContact) return;
  Attendee a = view_.joining;
  if (!a.email.empty() && !LooksLikeEmail(a.email)) {
    Notify(Tone::kFailure, Tr(Loc(), "That e-mail address looks incomplete - check it, or clear it to skip"), now_ms);
    Extend(now_ms);
    return;
  }
  if (a.email.empty()) a.consent = false;  // nothing to share
  if (a.badge_id.empty()) a.badge_id = "walk-in-" + NewUuid().substr(0, 13);
  a.walk_in = true;
  if (a.language.empty()) a.language = view_.language;  // the language they joined in
  AddLatinSpelling(&a);
  EventDb::UpsertCounts counts;
  std::string err;
  if (!db_->UpsertAttendees({a}, &counts, &err)) {
    Notify(Tone::kFailure, Tr(Loc(), "You could not be added just now - please try again or see an organiser"), now_ms);
    std::fprintf(stderr, "kindred-kiosk: walk-in not saved: %s\n", err.c_str());
    Extend(now_ms);
    return;
  }
  matcher_->AddAttendee(a);
  Welcome(std::move(a), now_ms);  // no passions yet: they pick a few first
}

void KioskFlow::ToggleSuggestion(size_t index, int64_t now_ms) {
  if (view_.screen != Screen::kWelcome) return;
  const bool open = index < view_.suggestions.size() && view_.open_suggestion != static_cast<int>(index);
  view_.open_suggestion = open ? static_cast<int>(index) : -1;
  Extend(now_ms);
}

void KioskFlow::Extend(int64_t now_ms) { screen_deadline_ = now_ms + config_.idle_timeout_ms; }

void KioskFlow::Meet(Attendee a, Attendee b, int64_t now_ms) {
  MarkPresent(a.badge_id);
  MarkPresent(b.badge_id);
  // The card speaks the first one's language; the opening question is also
  // in the other's when theirs is another.
  const std::string lang = LanguageOf(a), partner_lang = LanguageOf(b);
  std::string err;
  Meeting meeting;
  // Acknowledge only what is durably saved: on failure the screen stays and says so.
  if (!SaveMeeting(*db_, *matcher_, a.badge_id, b.badge_id, lang, config_.kiosk_id, &meeting, &err,
                   config_.merge_window_s)) {
    Notify(Tone::kFailure,
           Fill(Tr(Loc(), "Could not save this meeting - please tell an organiser ({error})"), {{"error", err}}), now_ms);
    Extend(now_ms);
    return;
  }
  EncounterCard card = std::move(meeting.card);
  const bool met_before = meeting.met_before;
  Reset();
  encounter_ = std::move(meeting.encounter);
  view_.screen = Screen::kCard;
  view_.language = lang;
  // Two languages: each reads their own line, in their own words.
  if (partner_lang != lang) {
    view_.partner_starter = matcher_->CardStarter(card, a.badge_id, b.badge_id, partner_lang, Matcher::CardReader::kB);
    card.starter = matcher_->CardStarter(card, a.badge_id, b.badge_id, lang, Matcher::CardReader::kA);
  }
  view_.person = std::move(a);
  view_.partner = std::move(b);
  view_.card = std::move(card);
  view_.met_before = met_before;
  view_.intents.assign(FollowUpIntents().size(), false);
  // Each contact its owner agreed to share, as a QR code for the other's
  // phone; the caption names the one who should scan it.
  for (const auto& [owner, reader] : {std::pair{&view_.partner, &view_.person}, std::pair{&view_.person, &view_.partner}}) {
    if (ShownToOthers(*owner).email.empty()) continue;
    TakeAway t;
    t.caption = Fill(Tr(i18n::Default().For(LanguageOf(*reader)), "{reader}, scan to save {owner}'s contact"),
                     {{"reader", FirstName(reader->name)}, {"owner", FirstName(owner->name)}});
    std::string qr_err;
    if (EncodeQr(VCard30(*owner, ""), &t.qr, &qr_err)) view_.takeaways.push_back(std::move(t));
  }
  Notify(Tone::kSuccess, "", now_ms);
  Extend(now_ms);
}

void KioskFlow::OpenSearch(int64_t now_ms) {
  const bool for_partner = view_.screen == Screen::kWelcome;
  if (!for_partner) Reset();
  view_.screen = Screen::kSearch;
  view_.search_for_partner = for_partner;
  view_.search_text.clear();
  view_.search_results.clear();
  Extend(now_ms);
}

// Enough typed to search names: two letters, or one CJK character (a surname).
static bool EnoughToSearch(const std::string& text) {
  if (!IsValidUtf8(text)) return false;
  size_t pos = 0, chars = 0;
  bool cjk = false;
  while (pos < text.size()) {
    uint32_t cp = NextCodePoint(text, &pos);
    ++chars;
    cjk |= cp >= 0x2E80;
  }
  return chars >= 2 || cjk;
}

void KioskFlow::SetSearchText(const std::string& text, int64_t now_ms) {
  if (view_.screen != Screen::kSearch) return;
  view_.search_text = text.substr(0, 60);
  view_.search_results.clear();
  std::string err;
  if (EnoughToSearch(view_.search_text) && !FindPeople(*db_, view_.search_text, 8, &view_.search_results, &err))
    Notify(Tone::kFailure, Tr(Loc(), "The kiosk could not read its records - please tell an organiser"), now_ms);
  Extend(now_ms);
}

void KioskFlow::PickSearchResult(size_t index, int64_t now_ms) {
  if (view_.screen != Screen::kSearch || index >= view_.search_results.size()) return;
  Attendee picked = view_.search_results[index];
  if (!view_.search_for_partner) {
    Welcome(std::move(picked), now_ms);
  } else if (picked.badge_id == view_.person.badge_id) {
    Notify(Tone::kDuplicate, Tr(Loc(), "That's you - pick the person you met"), now_ms);
  } else {
    Meet(view_.person, std::move(picked), now_ms);
  }
}

void KioskFlow::TogglePassion(size_t index, int64_t now_ms) {
  if (view_.screen != Screen::kPickPassions || index >= view_.passion_chosen.size()) return;
  view_.passion_chosen[index] = !view_.passion_chosen[index];
  Extend(now_ms);
}

void KioskFlow::ConfirmPassions(int64_t now_ms) {
  if (view_.screen != Screen::kPickPassions) return;
  std::vector<std::string> chosen;
  for (size_t i = 0; i < view_.passion_options.size(); ++i)
    if (view_.passion_chosen[i]) chosen.push_back(view_.passion_options[i]);
  if (!chosen.empty()) {
    std::string err;
    if (!db_->SetPassions(view_.person.badge_id, chosen, &err)) {
      Notify(Tone::kFailure, Tr(Loc(), "Could not save your passions - please tell an organiser"), now_ms);
      Extend(now_ms);
      return;
    }
    matcher_->UpdatePassions(view_.person.badge_id, chosen);
    view_.person.passions = chosen;
  }
  ShowWelcome(now_ms);
}

void KioskFlow::ToggleIntent(size_t index, int64_t now_ms) {
  if (view_.screen != Screen::kCard || index >= view_.intents.size()) return;
  view_.intents[index] = !view_.intents[index];
  Extend(now_ms);
}

void KioskFlow::SetNote(const std::string& note, int64_t now_ms) {
  if (view_.screen != Screen::kCard) return;
  view_.note = IsValidUtf8(note) ? std::string(Utf8Prefix(note, kLongestNote)) : view_.note;
  Extend(now_ms);
}

void KioskFlow::SaveCard(int64_t now_ms) {
  if (view_.screen != Screen::kCard) return;
  encounter_.intents.clear();
  for (size_t i = 0; i < view_.intents.size(); ++i)
    if (view_.intents[i]) encounter_.intents.push_back(FollowUpIntents()[i].id);
  encounter_.note = view_.note;
  if (!encounter_.intents.empty() || !encounter_.note.empty()) {
    // Updates the encounter saved when they scanned (same pair, same window).
    std::string err;
    if (!db_->SaveEncounter(&encounter_, config_.merge_window_s, &err)) {
      Notify(Tone::kFailure, Tr(Loc(), "Your meeting is saved, but not these follow-ups - please try again"), now_ms);
      Extend(now_ms);
      return;
    }
  }
  view_.screen = Screen::kSaved;
  Notify(Tone::kSuccess, "", now_ms);
  screen_deadline_ = now_ms + config_.saved_timeout_ms;
}

void KioskFlow::OpenPinPad(int64_t now_ms) {
  if (config_.organiser_pin_hash.empty()) {
    Notify(Tone::kFailure, Tr(Loc(), "Organiser mode is not set up: run 'kindred pin' on this kiosk's database"), now_ms);
    return;
  }
  Reset();
  view_.screen = Screen::kPin;
  screen_deadline_ = now_ms + 30'000;
}

void KioskFlow::OpenOrganiser(int64_t now_ms) {
  Reset();
  view_.screen = Screen::kOrganiser;
  screen_deadline_ = now_ms + config_.organiser_timeout_ms;
}

void KioskFlow::PinDigit(char digit, int64_t now_ms) {
  if (view_.screen != Screen::kPin || view_.pin.size() >= 8 || digit < '0' || digit > '9') return;
  view_.pin.push_back(digit);
  screen_deadline_ = now_ms + 30'000;
}

void KioskFlow::PinErase(int64_t now_ms) {
  if (view_.screen != Screen::kPin || view_.pin.empty()) return;
  view_.pin.pop_back();
  screen_deadline_ = now_ms + 30'000;
}

void KioskFlow::SubmitPin(int64_t now_ms) {
  if (view_.screen != Screen::kPin) return;
  const std::string pin = std::exchange(view_.pin, "");
  if (now_ms < locked_until_) {
    Notify(Tone::kFailure, Tr(Loc(), "Too many wrong PINs - wait a minute"), now_ms);
    return;
  }
  if (!CheckPin(config_.organiser_pin_hash, pin)) {
    if (++wrong_pins_ >= config_.pin_attempts) {
      wrong_pins_ = 0;
      locked_until_ = now_ms + config_.pin_lockout_ms;
    }
    Notify(Tone::kFailure, Tr(Loc(), "Wrong PIN"), now_ms);
    screen_deadline_ = now_ms + 30'000;
    return;
  }
  wrong_pins_ = 0;
  view_.screen = Screen::kOrganiser;
  Notify(Tone::kSuccess, "", now_ms);
  screen_deadline_ = now_ms + config_.organiser_timeout_ms;
}

void KioskFlow::OnProblem(const std::string& message, int64_t now_ms) {
  Notify(Tone::kFailure, message, now_ms);
}

void KioskFlow::OnDone(int64_t) {
  picked_language_.clear();
  Reset();
}

void KioskFlow::PickLanguage(size_t index, int64_t now_ms) {
  if (view_.screen != Screen::kAttract || index >= config_.languages.size()) return;
  const std::string& lang = config_.languages[index];
  picked_language_ = lang == config_.language ? "" : lang;
  view_.language = lang;
  Extend(now_ms);  // nobody follows: the event's language again
}

void KioskFlow::OnActivity(int64_t now_ms) {
  if (view_.screen == Screen::kOrganiser) screen_deadline_ = now_ms + config_.organiser_timeout_ms;
  else if (view_.screen != Screen::kAttract && view_.screen != Screen::kSaved && view_.screen != Screen::kPin)
    Extend(now_ms);
}

void KioskFlow::Tick(int64_t now_ms) {
  if (now_ms >= screen_deadline_) {
    picked_language_.clear();
    Reset();
    return;
  }
  if (now_ms >= notice_deadline_) {
    view_.notice.clear();
    view_.tone = Tone::kNone;
    notice_deadline_ = INT64_MAX;
  }
}

int64_t KioskFlow::next_deadline() const { return std::min(screen_deadline_, notice_deadline_); }

}  // namespace kindred
