#include "sync/hub_bundle.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "common/file.h"
#include "sync/hub_url.h"

namespace kindred {

namespace {

constexpr char kBegin[] = "-----BEGIN CERTIFICATE-----";
constexpr char kEnd[] = "-----END CERTIFICATE-----";

}  // namespace

std::string FormatHubBundle(const HubBundle& b) {
  return "# Kindred hub bundle for kiosk " + b.kiosk +
         ". It holds that kiosk's password: give it to that kiosk only.\n"
         "# On the kiosk: sudo /opt/kindred/bin/kindred hub join THIS_FILE\n"
         "# (or deploy/install-pi.sh --hub-bundle THIS_FILE)\n"
         "kiosk=" + b.kiosk + "\nrole=" + b.role + "\naddress=" + b.address + "\npassword=" + b.password + "\n" +
         b.root_cert_pem + (b.root_cert_pem.ends_with('\n') ? "" : "\n");
}

bool ParseHubBundle(const std::string& text, HubBundle* b, std::string* err) {
  *b = {};
  std::istringstream in(text);
  std::string line;
  bool in_cert = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == kBegin) in_cert = true;
    if (in_cert) {
      b->root_cert_pem += line + "\n";
      if (line == kEnd) in_cert = false;
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    const size_t eq = line.find('=');
    const std::string key = line.substr(0, eq), value = eq == std::string::npos ? "" : line.substr(eq + 1);
    if (key == "kiosk") b->kiosk = value;
    else if (key == "role") b->role = value;
    else if (key == "address") b->address = value;
    else if (key == "password") b->password = value;
  }
  const char* missing = b->kiosk.empty() || !IsValidMemberName(b->kiosk) ? "the kiosk's name"
                        : b->role.empty()                                ? "the role"
                        : b->address.empty()                             ? "the hub's address"
                        : b->password.empty()                            ? "the password"
                        : b->root_cert_pem.find(kEnd) == std::string::npos
                            ? "the hub's root certificate"
                            : nullptr;
  if (missing) *err = std::string("not a whole Kindred hub bundle: ") + missing + " is missing";
  return missing == nullptr;
}

bool InstallHubBundle(const HubBundle& b, const std::string& dir, const std::string& owner, std::string* url,
                      std::string* err) {
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    *err = "cannot create " + dir + ": " + std::strerror(errno);
    return false;
  }
  const std::string cert = dir + "/hub-ca.crt", pgpass = dir + "/pgpass";
  *url = MakeHubUrl(b.address, b.role, cert, pgpass);
  if (!WriteFileAtomically(cert, b.root_cert_pem, err, 0644) ||
      !WriteFileAtomically(pgpass, PgpassLine(b.role, b.password) + "\n", err, 0600))
    return false;
  if (!owner.empty()) {
    const passwd* pw = getpwnam(owner.c_str());
    if (!pw || chown(pgpass.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      *err = "cannot give " + pgpass + " to user " + owner + (pw ? std::string(": ") + std::strerror(errno) : "");
      return false;
    }
  }
  return WriteFileAtomically(dir + "/hub.url", *url + "\n", err, 0644);
}

}  // namespace kindred
