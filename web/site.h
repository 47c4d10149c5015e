// What `kindred serve` answers: each attendee's own page at /p/TOKEN (the
// people to find today, the people they met, who is looking for them, and
// their passions, offers and asks to edit, and the follow-ups and note of
// each encounter), in their language, as plain HTML
// forms that need no script and no resource from outside the server; and the
// room's wall for the projector at /wall/TOKEN, live through Server-Sent
// Events at /wall/TOKEN/events (web/wall.h); and a badge opened by a phone
// (/b/BADGE, as `kindred badges --url-base` prints them): "We met" saved
// from two phones, as a kiosk saves it (event/meeting.h). A phone is known
// as its owner's by a cookie its own page sets (kOwnerCookie).
//
// The rules, each in one place: an unknown token, a forgotten person's and
// a shredded event's all answer the same plain 404; an address that keeps
// trying tokens is told to wait; every form carries the page's form token;
// every response forbids scripts and resources from anywhere but the server
// (Content-Security-Policy), sending the address onwards (Referrer-Policy)
// and caching; nothing a person wrote reaches the page unescaped; tokens and
// bodies are never logged.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <locale>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "event/event_context.h"
#include "web/http_server.h"

namespace kindred {

struct SiteOptions {
  std::string db_path;
  std::string assets_dir;
  std::string shown_by = "phones";  // recorded as who showed a person their suggestions
};

class Site {
 public:
  // Opens the event database (the kiosk's own file, beside it, or this
  // server's copy of a hub's event). nullptr and one line in *err on failure.
  static std::unique_ptr<Site> Open(const SiteOptions& options, std::string* err);

  ~Site();  // stops the wall's updates

  // Answers one request. Thread-safe (one request at a time).
  HttpResponse Handle(const HttpRequest& request);

  // The wall's updates are sent this long after a change is seen; the
  // database is looked at this often, and the wall sent again at least this
  // often ("in the last hour" moves with the clock).
  static constexpr std::chrono::milliseconds kWallCheck{400};
  static constexpr std::chrono::seconds kWallAtLeast{30};
  static constexpr std::chrono::seconds kWallPing{15};  // keeps quiet streams open through NATs

  // Failed tokens an address may try in a minute before it is told to wait.
  static constexpr int kFailuresPerMinute = 30;
  // The cookie that tells a phone's owner: their page's token, set when they
  // open their own page (HttpOnly, SameSite=Lax: sent when the camera app
  // opens a badge's address, never on another site's form).
  static constexpr const char* kOwnerCookie = "kindred_me";

 private:
  struct Owner {
    std::string badge_id;
    std::string form_token;
  };
  Site() = default;
  bool Refresh(std::string* err);
  HttpResponse PersonPage(const Owner& owner, const std::string& token, const HttpRequest& request);
  HttpResponse SaveProfile(const Owner& owner, const std::string& token, const HttpRequest& request,
                           const std::locale& loc);
  // /p/TOKEN/met/ENCOUNTER: the follow-ups and note of one of the owner's encounters.
  HttpResponse SaveFollowUp(const Owner& owner, const std::string& token, const std::string& encounter_id,
                            const HttpRequest& request, const std::locale& loc);
  HttpResponse NotFound(const std::locale& loc);
  bool TooManyFailures(const std::string& client, bool failed_now);
  // The wall's content now, in the event's language (mu_ held).
  std::string WallContent();
  HttpResponse WallPage(const HttpRequest& request);
  // /b/BADGE (a badge printed with kindred serve's address, opened by a
  // phone's camera) and /b/BADGE/met ("We met", from the page it shows).
  HttpResponse BadgePage(const HttpRequest& request, const std::locale& loc);
  void FeedWall();  // the wall's thread: sends its content when the room changes
  // Records the suggestions pages showed since the last call, in one
  // transaction (mu_ held): the wall's thread does it every kWallCheck, so
  // no page waits on the disk for it.
  void RecordShown();

  SiteOptions options_;
  std::mutex mu_;
  EventContext event_;
  std::string event_language_, register_;
  std::unordered_map<std::string, Owner> by_token_;
  EventDb::ChangeMarks marks_;  // what the database looked like when last read
  bool read_ = false;           // marks_ and all below read once
  std::chrono::steady_clock::time_point next_check_{};
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> failures_;
  std::string wall_token_;
  std::string public_key_;  // verifies signed badges; "" until `kindred badges` made a key
  std::shared_ptr<EventBroadcast> wall_events_ = std::make_shared<EventBroadcast>();
  bool stopping_ = false;  // mu_
  std::vector<EventDb::ShownTo> shown_later_;  // mu_: shown on pages, not recorded yet
  std::condition_variable wake_wall_;
  std::thread wall_thread_;
};

}  // namespace kindred
