#include "kiosk/flow.h"

#include "scanner/badge_payload.h"
#include "scanner/badge_signing.h"

namespace kindred {

namespace {
constexpr char kNotRecognised[] = "Badge not recognised - please see the registration desk";
}

KioskFlow::KioskFlow(EventDb* db, Matcher* matcher, FlowConfig config)
    : db_(db), matcher_(matcher), config_(std::move(config)) {}

void KioskFlow::Notify(Tone tone, std::string message, int64_t now_ms) {
  view_.tone = tone;
  view_.notice = std::move(message);
  ++view_.feedback_seq;
  notice_deadline_ = view_.notice.empty() ? INT64_MAX : now_ms + config_.notice_ms;
}

void KioskFlow::Reset() {
  FlowView fresh;
  fresh.feedback_seq = view_.feedback_seq;
  view_ = std::move(fresh);
  screen_deadline_ = INT64_MAX;
  notice_deadline_ = INT64_MAX;
}

KioskFlow::Resolve KioskFlow::ResolveBadge(const std::string& payload, int64_t now_ms, Attendee* out) {
  // A badge held in front of the camera is seen many times: once is enough.
  if (payload == last_payload_ && now_ms - last_payload_ms_ < config_.repeat_window_ms) {
    last_payload_ms_ = now_ms;
    return Resolve::kIgnored;
  }
  last_payload_ = payload;
  last_payload_ms_ = now_ms;
  BadgePayload badge = ParseBadgePayload(payload);
  if (!badge.is_badge()) {
    Notify(Tone::kFailure, kNotRecognised, now_ms);
    return Resolve::kFailed;
  }
  std::string reason;
  if (badge.kind == BadgeKind::kSigned &&
      !VerifySignedBadge(payload, config_.event_public_key, &badge.attendee_id, &reason)) {
    Notify(Tone::kFailure, "This badge could not be verified - please see the registration desk", now_ms);
    return Resolve::kFailed;
  }
  std::string err;
  switch (db_->FindAttendee(badge.attendee_id, out, &err)) {
    case Lookup::kFound:
      return Resolve::kOk;
    case Lookup::kNotFound:
      Notify(Tone::kFailure,
             badge.name.empty() ? std::string(kNotRecognised)
                                : "Hello " + badge.name + " - you're not on this event's list yet. "
                                  "Please see the registration desk",
             now_ms);
      return Resolve::kFailed;
    case Lookup::kError:
      break;
  }
  Notify(Tone::kFailure, "The kiosk could not read its records - please tell an organiser", now_ms);
  return Resolve::kFailed;
}

void KioskFlow::OnScan(const std::string& payload, int64_t now_ms) {
  Attendee a;
  if (ResolveBadge(payload, now_ms, &a) != Resolve::kOk) return;
  if (view_.screen == Screen::kWelcome) {
    if (a.badge_id == view_.person.badge_id) {
      Notify(Tone::kDuplicate, "That's your badge again - now scan the badge of the person you met",
             now_ms);
      screen_deadline_ = now_ms + config_.idle_timeout_ms;
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
  std::string ignored;  // presence only orders suggestions: a failed write costs nothing
  db_->MarkSeen(badge_id, &ignored);
}

void KioskFlow::Welcome(Attendee a, int64_t now_ms) {
  Reset();
  MarkPresent(a.badge_id);
  view_.screen = Screen::kWelcome;
  view_.person = std::move(a);
  view_.suggestions = matcher_->Suggest(view_.person.badge_id, config_.suggestions);
  Notify(Tone::kSuccess, "", now_ms);
  screen_deadline_ = now_ms + config_.idle_timeout_ms;
}

void KioskFlow::Meet(Attendee a, Attendee b, int64_t now_ms) {
  MarkPresent(a.badge_id);
  MarkPresent(b.badge_id);
  EncounterCard card = matcher_->Card(a.badge_id, b.badge_id);
  std::string err;
  bool met_before = db_->HaveMet(a.badge_id, b.badge_id, &err) == Lookup::kFound;
  Encounter e;
  e.a_id = a.badge_id;
  e.b_id = b.badge_id;
  e.kiosk_id = config_.kiosk_id;
  e.shared = card.shared;
  e.starter = card.starter;
  // Acknowledge only what is durably saved: on failure the screen stays and says so.
  if (!db_->SaveEncounter(&e, config_.merge_window_s, &err)) {
    Notify(Tone::kFailure,
           "Could not save this meeting - please tell an organiser (" + err + ")", now_ms);
    screen_deadline_ = now_ms + config_.idle_timeout_ms;
    return;
  }
  matcher_->AddEncounter(a.badge_id, b.badge_id);
  Reset();
  view_.screen = Screen::kSaved;
  view_.person = std::move(a);
  view_.partner = std::move(b);
  view_.card = std::move(card);
  view_.met_before = met_before;
  Notify(Tone::kSuccess, "", now_ms);
  screen_deadline_ = now_ms + config_.saved_timeout_ms;
}

void KioskFlow::OnProblem(const std::string& message, int64_t now_ms) {
  Notify(Tone::kFailure, message, now_ms);
}

void KioskFlow::OnDone(int64_t) { Reset(); }

void KioskFlow::OnActivity(int64_t now_ms) {
  if (view_.screen == Screen::kWelcome) screen_deadline_ = now_ms + config_.idle_timeout_ms;
}

void KioskFlow::Tick(int64_t now_ms) {
  if (now_ms >= screen_deadline_) {
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
