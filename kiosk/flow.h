// The kiosk's attendee flow as a state machine: scans and taps in, the screen
// to show out. No rendering, no clock of its own (callers pass the time), so
// every step is tested with fake scans and a fake clock.
//
//   attract --badge or name search--> welcome (name, passions, suggestions)
//              (no passions on file: pick passions first; the choice is saved)
//   welcome --other badge, or both at once, or name search--> encounter card
//              (the encounter is durably saved before the card shows; the
//               card adds follow-up intents and a note)
//   card --save--> saved (a confirmation)
//   any --inactivity--> attract (the previous person's data is cleared)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "event/intents.h"
#include "match/matcher.h"
#include "scanner/decoder.h"
#include "storage/attendee.h"
#include "storage/event_db.h"

namespace kindred {

struct FlowConfig {
  std::string kiosk_id = "kiosk-1";
  int suggestions = 3;
  int64_t idle_timeout_ms = 45'000;   // welcome screen without activity
  int64_t saved_timeout_ms = 10'000;  // how long the confirmation stays
  int64_t notice_ms = 5'000;          // how long a message banner stays
  int64_t repeat_window_ms = 5'000;   // the same badge again within this is ignored
  int64_t merge_window_s = 3'600;     // the same pair again within this updates the encounter
  std::string event_public_key;       // verifies Kindred's signed badges
  std::string organiser_pin_hash;     // empty: organiser mode is not set up
  int64_t organiser_timeout_ms = 120'000;
  int pin_attempts = 5;               // wrong PINs before a lockout
  bool walk_ins = false;              // people not on the list may join here (organiser setting)
  std::string phone_url;              // `kindred serve`'s address ("http://10.0.0.5:8080"): the welcome
                                      // shows a code of the person's own page; "" none
  std::string wifi_ssid;              // the event's Wi-Fi for phones, shown as a code before the page's
  std::string wifi_password;          // ("" an open network)
  int64_t pin_lockout_ms = 60'000;
  std::string language = "en";        // the event's language (i18n code): the attract screen, and
                                      // everyone whose own is not known or not spoken here
  std::vector<std::string> languages;  // offered on the attract screen (the event's and the roster's)
  i18n::Register register_ = i18n::Register::kFormal;  // German for people whose tag says no register
};

enum class Screen {
  kAttract, kSearch, kPickPassions, kWelcome, kCard, kSaved, kPin, kOrganiser,
  kJoin,         // a walk-in types their name
  kJoinCheck,    // "Are you Chloé Martin?": someone on the list with a name like it
  kJoinContact,  // an optional e-mail, and consent to share it
};

// A contact to take away: a QR code of someone's vCard for the other person's
// phone camera, shown only when its owner agreed to share their details.
struct TakeAway {
  std::string caption;  // "Maya, scan to save José's contact" (Maya's phone)
  QrMatrix qr;          // of a vCard 3.0: name, e-mail, company, title
};

// How a moment should feel: the colour and sound the UI gives it.
enum class Tone { kNone, kSuccess, kDuplicate, kFailure };

struct FlowView {
  Screen screen = Screen::kAttract;
  std::string language = "en";          // every word on the screen: the event's, or the person's once scanned
  std::vector<std::string> languages;   // attract: the languages someone without a badge may pick
  std::string partner_starter;          // card: the opening question in the other's language, when it is another
  Attendee person;                      // whose badge came first
  std::vector<Suggestion> suggestions;  // welcome
  int open_suggestion = -1;             // welcome: the one tapped for its full reason; -1: none
  std::vector<std::string> recognise;   // welcome: how to spot each suggested person ("Founder,
                                        // Solaria · seen 5 minutes ago"), parallel to suggestions
  std::string looking_for_you;          // welcome: what happened: "The kiosk suggested you to Maya today."
  std::string looking_shared;           // welcome: and what is true of both: "You both love jazz."
  std::string looking_where;            // welcome: "Last seen at kiosk-2, 5 minutes ago"
  Attendee partner;                     // card and saved: the person they met
  EncounterCard card;                   // card and saved
  std::vector<TakeAway> takeaways;      // card and saved: contacts for phones, both ways when both agreed
  std::vector<TakeAway> phone_codes;    // welcome: the event's Wi-Fi (when set), then the person's own page
  size_t phone_code = 0;                // welcome: the one of phone_codes shown (a tap shows the next)
  bool met_before = false;              // card and saved: this pair's encounter was updated
  std::vector<bool> intents;            // card: one per FollowUpIntents() entry
  std::string note;                     // card: an optional note
  std::vector<std::string> passion_options;  // pick passions: the event's most common
  std::vector<bool> passion_chosen;
  std::string search_text;              // search: typed so far
  std::vector<Attendee> search_results;
  bool search_for_partner = false;      // search: finding the person met, not oneself
  std::string pin;                      // PIN pad: digits typed so far (shown as dots)
  bool walk_ins = false;                // attract: "No badge? Join as a guest" is offered
  Attendee joining;                     // join screens: the walk-in so far (from a business card,
                                        // or typed); badge_id empty until saved
  Attendee join_match;                  // join check: the person on the list they may be
  std::string notice;                   // a banner ("Badge not recognised - ...")
  Tone tone = Tone::kNone;
  uint64_t feedback_seq = 0;            // bumps on every new tone: play its sound once
};

class KioskFlow {
 public:
  // REQUIRES: db and matcher outlive the flow.
  KioskFlow(EventDb* db, Matcher* matcher, FlowConfig config);

  // One decoded code's text (camera, keyboard wedge or image), at `now_ms`.
  void OnScan(const std::string& payload, int64_t now_ms);
  // Two different codes seen together in one frame: "we met" in one shot.
  void OnPairScan(const std::string& first, const std::string& second, int64_t now_ms);
  // A scan that could not happen (an unreadable image, no code in it): the
  // person sees `message` and the screen stays as it is.
  void OnProblem(const std::string& message, int64_t now_ms);
  // "Done" tapped: back to the attract screen, clearing the person's data.
  void OnDone(int64_t now_ms);
  // On the attract screen: the next screens speak config().languages[index]
  // (search, joining, and whoever scans without a language of their own),
  // until Done or the screen's timeout.
  void PickLanguage(size_t index, int64_t now_ms);

  // Name search, for a badge that will not scan: from the attract screen it
  // finds the person; from the welcome screen, the person they met.
  void OpenSearch(int64_t now_ms);
  void SetSearchText(const std::string& text, int64_t now_ms);
  void PickSearchResult(size_t index, int64_t now_ms);

  // Welcome: a suggestion tapped opens its full reason; tapped again (or
  // another one) closes it. An index out of range closes any.
  void ToggleSuggestion(size_t index, int64_t now_ms);

  // Welcome: the next of view().phone_codes (the Wi-Fi's, then the page's).
  void NextPhoneCode(int64_t now_ms);

  // Choosing passions when none are on file.
  void TogglePassion(size_t index, int64_t now_ms);
  void ConfirmPassions(int64_t now_ms);

  // The encounter card: follow-up intents, a note, then save.
  void ToggleIntent(size_t index, int64_t now_ms);
  void SetNote(const std::string& note, int64_t now_ms);
  void SaveCard(int64_t now_ms);

  // Walk-ins (when config().walk_ins): someone without a badge, or whose badge
  // or business card is not on the list, joins: a name (checked against the
  // list: "Are you Chloé Martin?"), an optional e-mail and consent, then
  // passions as anyone with none on file. Saved durably before the welcome.
  void OpenJoin(int64_t now_ms);
  void SetJoinName(const std::string& name, int64_t now_ms);
  void SubmitJoinName(int64_t now_ms);
  void AnswerJoinCheck(bool it_is_me, int64_t now_ms);
  void SetJoinEmail(const std::string& email, int64_t now_ms);
  void ToggleJoinConsent(int64_t now_ms);
  void FinishJoin(int64_t now_ms);

  // Organiser mode, behind the PIN: a long press opens the PIN pad; the
  // organiser screen closes itself after a few minutes without a touch.
  void OpenPinPad(int64_t now_ms);
  void PinDigit(char digit, int64_t now_ms);
  void PinErase(int64_t now_ms);
  void SubmitPin(int64_t now_ms);
  // Organiser mode without the PIN: for `kindred-kiosk --self-check`, which
  // only someone at the kiosk's own shell can start.
  void OpenOrganiser(int64_t now_ms);
  // Any touch or key: keeps the current screen from timing out.
  void OnActivity(int64_t now_ms);
  // Advances timers: screen timeouts and notices.
  void Tick(int64_t now_ms);

  // New settings from organiser mode (kiosk ID, timeouts...).
  void Reconfigure(FlowConfig config) {
    config_ = std::move(config);
    view_.walk_ins = config_.walk_ins;
    view_.languages = config_.languages;
    if (view_.screen == Screen::kAttract || view_.screen == Screen::kOrganiser) view_.language = config_.language;
  }
  const FlowConfig& config() const { return config_; }

  const FlowView& view() const { return view_; }
  // When Tick next has something to do (for render-on-demand); INT64_MAX if never.
  int64_t next_deadline() const;

 private:
  std::string picked_language_;  // chosen on the attract screen; "" for the event's
  // The language `a` is served in: their own if Kindred speaks it, else the
  // one picked on the attract screen, else the event's.
  std::string LanguageOf(const Attendee& a) const;
  const std::locale& Loc() const;  // view_.language's
  enum class Resolve { kOk, kIgnored, kFailed };
  Resolve ResolveBadge(const std::string& payload, int64_t now_ms, Attendee* out);
  // By value: callers pass parts of view_, which these reset.
  void Welcome(Attendee a, int64_t now_ms);
  void Meet(Attendee a, Attendee b, int64_t now_ms);
  void MarkPresent(const std::string& badge_id);
  void Notify(Tone tone, std::string message, int64_t now_ms);
  void Reset();

  void ShowWelcome(int64_t now_ms);
  void PhoneCodes();  // view_.phone_codes for view_.person
  // Starts the join path with what a business card or badge said.
  void StartJoin(Attendee from_card, int64_t now_ms);
  void Extend(int64_t now_ms);

  EventDb* db_;
  Matcher* matcher_;
  FlowConfig config_;
  FlowView view_;
  Encounter encounter_;  // the card's encounter, as saved
  int wrong_pins_ = 0;
  int64_t locked_until_ = 0;
  int64_t screen_deadline_ = INT64_MAX;
  int64_t notice_deadline_ = INT64_MAX;
  std::string last_payload_;
  int64_t last_payload_ms_ = INT64_MIN / 2;
};

}  // namespace kindred
