// The address of a person's own page: /p/TOKEN, TOKEN 128 bits made from
// the event's secret and their badge, so nobody can work it out from a
// badge ID. It dies with them: forgotten, their badge is gone from the
// roster; shredded, the event's secret is gone.
#pragma once

#include <string>

#include "storage/event_db.h"

namespace kindred {

// `badge_id`'s page token (32 lowercase hex digits) in `db`'s event, from
// its forget key (EventDb::ForgetKey: keyed by the event's secret). False
// and *err when the database fails.
bool PageToken(EventDb& db, const std::string& badge_id, std::string* token, std::string* err);

// The same from a forget key already worked out (the server keeps every
// person's, to find a token's owner).
std::string PageTokenFromKey(const std::string& forget_key);

// The room's wall (/wall/TOKEN, for the projector): 32 hex digits from the
// event's secret, keyed as the badge nobody has (the empty one), so only
// those given its address open it (`kindred wall-url`); it dies when the
// event is shredded. False and *err when the database fails.
bool WallToken(EventDb& db, std::string* token, std::string* err);

// The page's forms carry this (a CSRF token), 32 hex digits from the same
// forget key: a form made anywhere but on the page lacks it, and knowing a
// page's address (from a leaked link) does not give it.
std::string FormTokenFromKey(const std::string& forget_key);

// True for a server's address a phone can open: http:// or https://, a
// host, no spaces or control characters.
bool IsPhoneUrl(const std::string& base);

// "http://10.0.0.5:8080/p/TOKEN" for `base` with or without a final '/'.
std::string PageUrl(const std::string& base, const std::string& token);

// "http://10.0.0.5:8080/wall/TOKEN" likewise.
std::string WallUrl(const std::string& base, const std::string& token);

}  // namespace kindred
