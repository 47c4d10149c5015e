// What a hub URL may say. The hub sits on a venue's Wi-Fi: a kiosk talks to
// it only when it can tell the hub from a laptop answering in its name, so a
// URL that reaches the hub over the network must verify its certificate
// (sslmode=verify-full or verify-ca, against the event's own root). A Unix
// socket on the same machine needs no TLS.
#pragma once

#include <string>

namespace kindred {

// The group roles of a hub: every kiosk's login role belongs to
// kKioskGroup, every organiser's to kOrganiserGroup. A kiosk named NAME
// signs in as kKioskRolePrefix + NAME.
inline constexpr char kKioskGroup[] = "kindred_kiosk";
inline constexpr char kOrganiserGroup[] = "kindred_organiser";
inline constexpr char kKioskRolePrefix[] = "kindred_kiosk_";
inline constexpr char kOrganiserRolePrefix[] = "kindred_organiser_";

// Where a kiosk keeps what `kindred hub join` writes: the hub's root
// certificate, its password file and the URL it uses.
inline constexpr char kKioskHubDir[] = "/etc/kindred";

struct HubUrlCheck {
  bool local = false;     // a Unix socket on this machine
  bool verified = false;  // the server's certificate is checked (or local)
  std::string user;       // the role it signs in as ("" when not given)
};

// Checks `url` before anything connects: no password in it (it would show in
// process lists and logs), and, unless `allow_insecure`, a network hub only
// with its certificate verified. False and one line in *err when refused;
// *check says what the URL is otherwise.
bool CheckHubUrl(const std::string& url, bool allow_insecure, HubUrlCheck* check, std::string* err);

// The kiosk name a URL signs in as (its user is kKioskRolePrefix + NAME), or
// "" when it is not a kiosk's URL.
std::string KioskNameFromHubUrl(const std::string& url);

// True for names a kiosk or organiser may have: 1 to 40 of a-z, 0-9, '-'.
bool IsValidMemberName(const std::string& name);

// The URL a kiosk uses to reach the hub at `address` (HOST or HOST:PORT, or
// several, comma-separated: a primary and its standbys, of which libpq
// takes whichever accepts writes) as `role`, verifying the hub's
// certificate against `root_cert_path` and requiring channel binding; with
// `passfile` when not empty.
std::string MakeHubUrl(const std::string& address, const std::string& role, const std::string& root_cert_path,
                         const std::string& passfile);

// One line of a libpq password file giving `role`'s password for the
// database "kindred" on any host (':' and '\' escaped).
std::string PgpassLine(const std::string& role, const std::string& password);

}  // namespace kindred
