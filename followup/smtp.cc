#include "followup/smtp.h"

#include <curl/curl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

namespace kindred {

namespace {

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1" || host == "[::1]";
}

// The words of a netrc file; '#' starts a comment line.
std::vector<std::string> NetrcWords(std::istream& in) {
  std::vector<std::string> words;
  std::string line, word;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t") != std::string::npos && line[line.find_first_not_of(" \t")] == '#') continue;
    std::istringstream s(line);
    while (s >> word) words.push_back(word);
  }
  return words;
}

}  // namespace

bool CheckSmtpUrl(const std::string& url, std::string* host, std::string* err) {
  CURLU* u = curl_url();
  char* scheme = nullptr;
  char* h = nullptr;
  char* user = nullptr;
  bool ok = curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
            curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
            curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK;
  if (!ok) {
    *err = "\"" + url + "\" is not a mail server URL: write smtp://HOST:587 or smtps://HOST:465";
  } else if (std::strcmp(scheme, "smtp") != 0 && std::strcmp(scheme, "smtps") != 0) {
    *err = "the mail server URL must start with smtp:// (STARTTLS) or smtps:// (TLS), not " + std::string(scheme) + "://";
    ok = false;
  } else if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
    // Never echo the URL: it may hold a password.
    *err = "put the mail server's user and password in a credentials file (--credentials) or "
           "KINDRED_SMTP_USER/KINDRED_SMTP_PASSWORD, not in the URL";
    ok = false;
  } else {
    *host = h;
  }
  curl_free(scheme);
  curl_free(h);
  curl_free(user);
  curl_url_cleanup(u);
  return ok;
}

bool LoadSmtpCredentials(const std::string& file, const std::string& host, std::string* user,
                         std::string* password, std::string* err) {
  user->clear();
  password->clear();
  if (file.empty()) {
    const char* u = std::getenv("KINDRED_SMTP_USER");
    const char* p = std::getenv("KINDRED_SMTP_PASSWORD");
    if (u && *u) *user = u;
    if (p && *p) *password = p;
    if (!user->empty() && password->empty()) {
      *err = "KINDRED_SMTP_USER is set but KINDRED_SMTP_PASSWORD is not";
      return false;
    }
    return true;
  }
  struct stat st {};
  if (stat(file.c_str(), &st) != 0) {
    *err = "cannot read the credentials file " + file + ": " + std::strerror(errno);
    return false;
  }
  if ((st.st_mode & 077) != 0 || st.st_uid != getuid()) {
    *err = "the credentials file " + file + " must be yours and readable by you only: chmod 600 " + file;
    return false;
  }
  std::ifstream in(file);
  if (!in) {
    *err = "cannot read the credentials file " + file;
    return false;
  }
  const std::vector<std::string> w = NetrcWords(in);
  // Entries: "machine HOST" or "default", then "login X" and "password Y" in any order.
  bool found = false, in_match = false;
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] == "machine" || w[i] == "default") {
      if (found) break;  // the first matching entry wins
      in_match = w[i] == "default" || (i + 1 < w.size() && w[i + 1] == host);
      found = in_match;
      if (w[i] == "machine") ++i;
    } else if (in_match && (w[i] == "login" || w[i] == "password") && i + 1 < w.size()) {
      *(w[i] == "login" ? user : password) = w[i + 1];
      ++i;
    }
  }
  if (!found || user->empty() || password->empty()) {
    *err = "the credentials file " + file + " has no \"machine " + host + " login USER password PASSWORD\" line";
    return false;
  }
  return true;
}

struct SmtpClient::Impl {
  SmtpSettings settings;
  CURL* curl = nullptr;
  bool loopback = false;
  std::string last_reply;   // the server's last reply line
  std::string error_reply;  // its last 4xx or 5xx reply (before a QUIT's "221 Bye")
  const std::string* body = nullptr;
  size_t sent = 0;

  static size_t Read(char* buffer, size_t size, size_t n, void* self) {
    auto* me = static_cast<Impl*>(self);
    const size_t len = std::min(size * n, me->body->size() - me->sent);
    std::memcpy(buffer, me->body->data() + me->sent, len);
    me->sent += len;
    return len;
  }

  // Keeps the server's replies ("250 2.0.0 Ok: queued as 4F2A"); nothing
  // the client sends (AUTH) is looked at.
  static int Debug(CURL*, curl_infotype type, char* data, size_t size, void* self) {
    if (type != CURLINFO_HEADER_IN) return 0;
    auto* me = static_cast<Impl*>(self);
    std::string line(data, size);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.empty()) return 0;
    me->last_reply = line;
    if (line[0] == '4' || line[0] == '5') me->error_reply = line;
    return 0;
  }
};

SmtpClient::SmtpClient(SmtpSettings settings) : impl_(std::make_unique<Impl>()) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->settings = std::move(settings);
  std::string host, err;
  if (CheckSmtpUrl(impl_->settings.url, &host, &err)) impl_->loopback = IsLoopback(host);
  impl_->curl = curl_easy_init();
}

SmtpClient::~SmtpClient() {
  if (impl_->curl) curl_easy_cleanup(impl_->curl);
}

SmtpResult SmtpClient::Send(const std::string& from, const std::string& to, const std::string& message) {
  Impl& m = *impl_;
  CURL* c = m.curl;
  SmtpResult result;
  if (!c) {
    result.reply = "cannot start libcurl";
    return result;
  }
  const SmtpSettings& s = m.settings;
  m.body = &message;
  m.sent = 0;
  m.last_reply.clear();
  m.error_reply.clear();
  char error[CURL_ERROR_SIZE] = "";
  const std::string mail_from = "<" + from + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
  curl_easy_setopt(c, CURLOPT_URL, s.url.c_str());
  // Credentials never travel in the clear, except to a server on this machine.
  curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(m.loopback ? CURLUSESSL_TRY : CURLUSESSL_ALL));
  if (!s.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, s.ca_file.c_str());
  if (!s.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, s.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, &Impl::Read);
  curl_easy_setopt(c, CURLOPT_READDATA, &m);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // for the server's replies; the callback prints nothing
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, &Impl::Debug);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &m);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, s.timeout_s);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  const CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.code);
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  curl_slist_free_all(rcpt);
  m.body = nullptr;

  if (rc == CURLE_OK) {
    result.outcome = SmtpOutcome::kAccepted;
    result.reply = m.last_reply;
    return result;
  }
  const std::string what = error[0] ? error : curl_easy_strerror(rc);
  const bool refused_here = result.code >= 400 && (std::strncmp(error, "RCPT failed", 11) == 0 ||
                                                   rc == CURLE_WEIRD_SERVER_REPLY);
  if (refused_here && result.code != 421) {
    // This recipient or message: the server stays usable for the others.
    result.outcome = SmtpOutcome::kRefused;
    result.reply = m.error_reply.empty() ? what : m.error_reply;
    return result;
  }
  result.outcome = SmtpOutcome::kUnreachable;
  switch (rc) {
    case CURLE_LOGIN_DENIED:
    case CURLE_AUTH_ERROR:
      result.reply = "the mail server refused the user name or password (" + m.error_reply + ")";
      break;
    case CURLE_USE_SSL_FAILED:
      result.reply = "the mail server does not offer STARTTLS: use smtps://HOST:465, or another server";
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
      result.reply = "TLS with the mail server failed: " + what;
      break;
    default:
      result.reply = !m.error_reply.empty() ? "the mail server said: " + m.error_reply : what;
  }
  return result;
}

}  // namespace kindred
