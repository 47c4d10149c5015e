// A real PostgreSQL server for tests: initdb and pg_ctl in a temporary
// folder, listening on a Unix socket only (and 127.0.0.1 when asked), run as
// an unprivileged user ("nobody") when the tests run as root. Stopped and
// removed when destroyed.
#pragma once

#include <string>

namespace kindred::test {

class PgServer {
 public:
  PgServer() = default;
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // True when PostgreSQL's server programs are installed.
  static bool Available();

  // initdb (once) and start; creates database "kindred" and an admin role
  // "kindred_admin" (trusted on the socket). One line in *err on failure.
  bool Start(std::string* err);
  // Stops the server, as a crash would (immediate) or cleanly (fast).
  bool Stop(bool immediate = false);
  bool Restart(std::string* err) { return Stop() && Start(err); }

  // Connection URLs over the socket: the admin, and the kiosks' role.
  std::string AdminUrl() const;
  std::string KioskUrl() const;

 private:
  bool AsServerUser(const std::string& command, std::string* output);

  std::string dir_;
  int port_ = 0;
  bool running_ = false;
  bool initialised_ = false;
};

}  // namespace kindred::test
