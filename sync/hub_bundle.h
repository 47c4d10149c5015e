// A kiosk's key to the hub, in one file: its name, the hub's address, its
// password and the hub's root certificate. `kindred hub add-kiosk --bundle`
// writes it on the organiser's machine; `kindred hub join` (and
// deploy/install-pi.sh --hub-bundle) installs it on the kiosk, so nothing
// is retyped by a volunteer. The format is plain text:
//
//   # comments
//   kiosk=hall-a
//   role=kindred_kiosk_hall-a
//   address=192.168.1.10:5432
//   password=...
//   -----BEGIN CERTIFICATE-----
//   ... (the hub's root certificate, PEM)
//   -----END CERTIFICATE-----
#pragma once

#include <string>

namespace kindred {

struct HubBundle {
  std::string kiosk;          // the kiosk's name
  std::string role;           // the login role it signs in as
  std::string address;        // HOST or HOST:PORT
  std::string password;
  std::string root_cert_pem;  // the hub's root certificate
};

// The bundle as text (it holds a password: write it 0600).
std::string FormatHubBundle(const HubBundle& bundle);

// Reads a bundle. False and one line in *err when a part is missing or the
// text is not a bundle.
bool ParseHubBundle(const std::string& text, HubBundle* bundle, std::string* err);

// Installs `bundle` in `dir` (created 0755 if missing): hub-ca.crt, pgpass
// (0600, owned by user `owner` when not empty) and hub.url, the URL the
// kiosk uses (verify-full against hub-ca.crt, that password file), which
// is also returned in *url. Each file is replaced whole or not at all.
bool InstallHubBundle(const HubBundle& bundle, const std::string& dir, const std::string& owner, std::string* url,
                      std::string* err);

}  // namespace kindred
