// Sending messages to a mail server over SMTP, through libcurl: STARTTLS
// (smtp://host:587) or implicit TLS (smtps://host:465), AUTH with a user and
// password that never appear in a URL, a log line or an error message.
#pragma once

#include <memory>
#include <string>

namespace kindred {

struct SmtpSettings {
  std::string url;       // "smtp://host:587" or "smtps://host:465"; no user or password in it
  std::string user;      // "" for no AUTH
  std::string password;
  std::string ca_file;   // a CA certificate to trust besides the system's ("" for none)
  long timeout_s = 60;   // per message, connecting included
};

// Checks `url` is an smtp:// or smtps:// URL with a host and no user or
// password in it, and returns its host in *host. False with a one-line reason.
bool CheckSmtpUrl(const std::string& url, std::string* host, std::string* err);

// The user and password for `host`: from `file` when given (netrc format,
// "machine HOST login USER password PASS" or "default login ...", readable
// by its owner only), else from KINDRED_SMTP_USER and KINDRED_SMTP_PASSWORD
// (none: no AUTH). False with a one-line reason that never includes the password.
bool LoadSmtpCredentials(const std::string& file, const std::string& host, std::string* user,
                         std::string* password, std::string* err);

enum class SmtpOutcome {
  kAccepted,     // the server took the message
  kRefused,      // the server refused this message or recipient (4xx or 5xx); others may go through
  kUnreachable,  // no usable server: cannot connect, TLS or login failed, the connection dropped
};

struct SmtpResult {
  SmtpOutcome outcome = SmtpOutcome::kUnreachable;
  long code = 0;      // the server's last reply code (0 when there was none)
  std::string reply;  // the server's last reply, or what went wrong
};

// One connection to a mail server, reused from message to message.
class SmtpClient {
 public:
  explicit SmtpClient(SmtpSettings settings);
  ~SmtpClient();
  SmtpClient(const SmtpClient&) = delete;
  SmtpClient& operator=(const SmtpClient&) = delete;

  // Sends `message` (a whole RFC 5322 message, CRLF lines) from `from` to
  // `to` (bare addresses).
  SmtpResult Send(const std::string& from, const std::string& to, const std::string& message);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kindred
