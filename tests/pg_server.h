// A real PostgreSQL server for tests: initdb and pg_ctl in a temporary
// folder, listening on a Unix socket (and, with TLS, on 127.0.0.1 only),
// run as an unprivileged user ("nobody") when the tests run as root.
// Stopped and removed when destroyed.
#pragma once

#include <string>
#include <utility>

namespace kindred::test {

class PgServer {
 public:
  PgServer() = default;
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // True when PostgreSQL's server programs (and openssl, for TLS) are installed.
  static bool Available();

  // Before the first Start: also listen on 127.0.0.1 with TLS only and
  // scram-sha-256 passwords, with a server certificate for 127.0.0.1 from
  // a certificate authority made here with openssl (as install-hub.sh does).
  void set_tls(bool tls) { tls_ = tls; }
  // Before Start: more server settings ("-c name=value ..."), after the
  // tests' own (fsync=off, max_connections=60), which they may override.
  void set_extra_options(std::string options) { extra_options_ = std::move(options); }

  // initdb (once) and start; creates database "kindred" and a superuser
  // "kindred_admin" (trusted on the socket). One line in *err on failure.
  bool Start(std::string* err);
  // Instead of Start: a hot standby of `primary` (pg_basebackup, streaming
  // replication), with the primary's TLS settings and certificates, on a
  // port of its own.
  bool StartStandbyOf(const PgServer& primary, std::string* err);
  // Stops the server, as a crash would (immediate) or cleanly (fast).
  bool Stop(bool immediate = false);
  bool Restart(std::string* err) { return Stop() && Start(err); }

  // The admin's URL over the socket.
  std::string AdminUrl() const;
  // With TLS: the address kiosks reach ("127.0.0.1:PORT"), the root
  // certificate that verifies the server, and the root of a second,
  // unrelated authority (a laptop posing as the hub would have one).
  std::string Address() const;
  std::string RootCert() const { return dir_ + "/tls/ca.crt"; }
  std::string OtherRootCert() const { return dir_ + "/tls/other-ca.crt"; }
  // The folder the server's files are in (postmaster.pid is in data/).
  const std::string& dir() const { return dir_; }

 private:
  bool AsServerUser(const std::string& command, std::string* output);
  bool MakeCertificates(std::string* err);
  bool MakeServerDir(std::string* err);
  // The cluster in dir_/data: a copy of the build tree's initdb, made by
  // the first server that needs one.
  bool CopyInitdb(std::string* err);

  std::string dir_, tls_dir_, extra_options_;  // tls_dir_: where the certificates are ("" for dir_/tls)
  int port_ = 0;
  bool tls_ = false;
  bool running_ = false;
  bool initialised_ = false;
};

}  // namespace kindred::test
