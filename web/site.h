// What `kindred serve` answers: each attendee's own page at /p/TOKEN (the
// people to find today, the people they met, who is looking for them, and
// their passions, offers and asks to edit), in their language, as plain HTML
// forms that need no script and no resource from outside the server.
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
#include <deque>
#include <locale>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

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

  // Answers one request. Thread-safe (one request at a time).
  HttpResponse Handle(const HttpRequest& request);

  // Failed tokens an address may try in a minute before it is told to wait.
  static constexpr int kFailuresPerMinute = 30;

 private:
  struct Owner {
    std::string badge_id;
    std::string form_token;
  };
  Site() = default;
  bool Refresh(std::string* err);
  HttpResponse PersonPage(const Owner& owner, const std::string& token, const HttpRequest& request, bool saved);
  HttpResponse SaveProfile(const Owner& owner, const std::string& token, const HttpRequest& request,
                           const std::locale& loc);
  HttpResponse NotFound(const std::locale& loc);
  bool TooManyFailures(const std::string& client, bool failed_now);

  SiteOptions options_;
  std::mutex mu_;
  EventContext event_;
  std::string event_language_, register_;
  std::unordered_map<std::string, Owner> by_token_;
  std::string signature_;  // what the database looked like when last read
  std::chrono::steady_clock::time_point next_check_{};
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> failures_;
};

}  // namespace kindred
