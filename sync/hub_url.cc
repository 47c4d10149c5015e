#include "sync/hub_url.h"

#include <libpq-fe.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>

#include "sync/pq.h"

namespace kindred {

namespace {

// A host libpq reaches without the network: a socket directory (or the
// default socket when no host is named at all).
bool IsSocketHost(const std::string& host) { return host.empty() || host[0] == '/' || host[0] == '@'; }

// A value for a URL's query: anything but letters, digits and -._~/ escaped.
std::string QueryValue(const std::string& value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || std::strchr("-._~/", c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

bool CheckHubUrl(const std::string& url, bool allow_insecure, HubUrlCheck* check, std::string* err) {
  *check = {};
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    *err = "\"" + url + "\" is not a hub URL: write it as kindred hub add-kiosk printed it (" +
           pq::FirstLine(error ? error : "") + ")";
    PQfreemem(error);
    return false;
  }
  std::map<std::string, std::string> given;
  for (PQconninfoOption* o = options; o->keyword; ++o)
    if (o->val && *o->val) given[o->keyword] = o->val;
  PQconninfoFree(options);
  if (given.count("password")) {
    *err = "put the hub's password in a password file (~/.pgpass, chmod 600) or PGPASSWORD, not in the URL";
    return false;
  }
  check->user = given.count("user") ? given["user"] : Env("PGUSER");
  const std::string hosts = given.count("hostaddr") ? given["hostaddr"]
                            : given.count("host")   ? given["host"]
                                                    : Env("PGHOST");
  check->local = !given.count("hostaddr");
  for (size_t start = 0; check->local && start <= hosts.size();) {
    size_t comma = hosts.find(',', start);
    if (comma == std::string::npos) comma = hosts.size();
    check->local = IsSocketHost(hosts.substr(start, comma - start));
    start = comma + 1;
  }
  const std::string mode = given.count("sslmode") ? given["sslmode"] : Env("PGSSLMODE");
  check->verified = check->local || mode == "verify-full" || mode == "verify-ca";
  if (!check->verified && !allow_insecure) {
    *err = "the hub URL does not verify the hub's certificate (sslmode=" + (mode.empty() ? "prefer" : mode) +
           "): use the URL kindred hub add-kiosk printed (sslmode=verify-full), or --insecure-hub to accept any "
           "server";
    return false;
  }
  return true;
}

std::string KioskNameFromHubUrl(const std::string& url) {
  HubUrlCheck check;
  std::string err;
  CheckHubUrl(url, true, &check, &err);
  if (!check.user.starts_with(kKioskRolePrefix)) return "";
  const std::string name = check.user.substr(std::strlen(kKioskRolePrefix));
  return IsValidMemberName(name) ? name : "";
}

bool IsValidMemberName(const std::string& name) {
  if (name.empty() || name.size() > 40) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

std::string MakeHubUrl(const std::string& address, const std::string& role, const std::string& root_cert_path,
                         const std::string& passfile) {
  std::string url = "postgresql://" + role + "@" + address + "/kindred?sslmode=verify-full&sslrootcert=" +
                    QueryValue(root_cert_path) + "&channel_binding=require";
  // A primary and its standbys: whichever takes writes now.
  if (address.find(',') != std::string::npos) url += "&target_session_attrs=read-write";
  if (!passfile.empty()) url += "&passfile=" + QueryValue(passfile);
  return url;
}

std::string PgpassLine(const std::string& role, const std::string& password) {
  std::string escaped;
  for (char c : password) {
    if (c == ':' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return "*:*:kindred:" + role + ":" + escaped;
}

}  // namespace kindred
