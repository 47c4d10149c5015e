#include "tests/pg_server.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>

#include "tests/support/test_support.h"

namespace kindred::test {

namespace {

const std::string kBin = "/usr/lib/postgresql/15/bin";

// Every test's cluster starts as the same initdb: made once per build tree
// (named for what makes it: a change there needs a new name) and copied.
const std::string kInitdbOptions =
    "-U kindred_admin --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync";
const std::string kTemplate = std::string(KINDRED_BIN_DIR) + "/tests/pg15-initdb-1";

}  // namespace

bool PgServer::Available() {
  return access((kBin + "/initdb").c_str(), X_OK) == 0 && access("/usr/bin/openssl", X_OK) == 0;
}

// A certificate authority for the hub, the server's certificate for
// 127.0.0.1 signed by it, and a second authority that signed nothing here.
bool PgServer::MakeCertificates(std::string* err) {
  const std::string tls = dir_ + "/tls";
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  const std::string script =
      "set -e; mkdir -p " + tls + "; cd " + tls +
      "; printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > san.ext"
      "; openssl req -x509" + ec + " -days 2 -subj '/CN=Kindred test hub CA' -keyout ca.key -out ca.crt"
      "; openssl req -x509" + ec + " -days 2 -subj '/CN=Someone else CA' -keyout other-ca.key -out other-ca.crt"
      "; openssl req" + ec + " -subj '/CN=127.0.0.1' -keyout server.key -out server.csr"
      "; openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext "
      "-out server.crt";
  RunResult r = RunCommand({"/bin/sh", "-c", script + " 2>&1"}, {}, 60);
  if (r.exit_code != 0) {
    *err = "openssl failed: " + r.out;
    return false;
  }
  // PostgreSQL reads its key only when the server's user alone can.
  if (getuid() == 0) {
    passwd* nobody = getpwnam("nobody");
    if (!nobody || chown((tls + "/server.key").c_str(), nobody->pw_uid, nobody->pw_gid) != 0) {
      *err = "cannot give the server's key to nobody";
      return false;
    }
  }
  chmod((tls + "/server.key").c_str(), 0600);
  chmod(tls.c_str(), 0755);
  return true;
}

// A temporary folder for the server, the server's user's (nobody's, as root).
bool PgServer::MakeServerDir(std::string* err) {
  dir_ = MakeTempDir();
  if (getuid() == 0) {
    passwd* nobody = getpwnam("nobody");
    if (!nobody || chown(dir_.c_str(), nobody->pw_uid, nobody->pw_gid) != 0) {
      *err = "cannot give " + dir_ + " to nobody";
      return false;
    }
  }
  chmod(dir_.c_str(), 0755);
  return true;
}

PgServer::~PgServer() {
  Stop(true);
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

bool PgServer::AsServerUser(const std::string& command, std::string* output) {
  // PostgreSQL refuses to run as root: run it as nobody then.
  std::vector<std::string> argv = {"/bin/sh", "-c", command + " 2>&1"};
  if (getuid() == 0) argv = {"/usr/sbin/runuser", "-u", "nobody", "--", "/bin/sh", "-c", command + " 2>&1"};
  RunResult r = RunCommand(argv, {}, 120);
  *output = r.out + r.err;
  return r.exit_code == 0;
}

bool PgServer::Start(std::string* err) {
  std::string out;
  if (!initialised_) {
    if (!MakeServerDir(err)) return false;
    std::random_device rd;
    port_ = 20000 + static_cast<int>(rd() % 20000);
    if (!CopyInitdb(err)) return false;
    if (tls_) {
      if (!MakeCertificates(err)) return false;
      // TLS only over the network, as install-hub.sh writes it.
      WriteFile(dir_ + "/data/pg_hba.conf",
                "local all all trust\n"
                "local replication all trust\n"
                "hostnossl all all all reject\n"
                "hostssl kindred all 127.0.0.1/32 scram-sha-256\n");
    }
    initialised_ = true;
  }
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::string options = "-k " + dir_ + " -p " + std::to_string(port_) +
                          " -c fsync=off -c max_connections=60 -c listen_addresses=";
    const std::string tls = tls_dir_.empty() ? dir_ + "/tls" : tls_dir_;
    options += tls_ ? "127.0.0.1 -c ssl=on -c ssl_cert_file=" + tls + "/server.crt -c ssl_key_file=" + tls +
                          "/server.key -c password_encryption=scram-sha-256"
                    : "''";
    if (!extra_options_.empty()) options += " " + extra_options_;
    if (AsServerUser(kBin + "/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/log -w -t 30 -o \"" + options + "\" start",
                     &out)) {
      running_ = true;
      break;
    }
    port_ = 20000 + (port_ + 7919) % 20000;  // the port was taken: another one
  }
  if (!running_) {
    *err = "pg_ctl start failed: " + out;
    return false;
  }
  // The event's database, once.
  AsServerUser(kBin + "/createdb -h " + dir_ + " -p " + std::to_string(port_) + " -U kindred_admin kindred", &out);
  return true;
}

bool PgServer::CopyInitdb(std::string* err) {
  std::string out;
  if (!std::filesystem::exists(kTemplate + "/PG_VERSION")) {
    // Made in this server's folder (the server's user may write there),
    // then moved into place whole: tests starting at once may each make
    // one, and the first in place is the one all use.
    if (!AsServerUser(kBin + "/initdb -D " + dir_ + "/data " + kInitdbOptions, &out)) {
      *err = "initdb failed: " + out;
      return false;
    }
    const std::string staging = kTemplate + ".part-" + std::to_string(getpid());
    std::filesystem::create_directories(std::filesystem::path(kTemplate).parent_path());
    RunResult r = RunCommand({"/bin/cp", "-a", dir_ + "/data", staging});
    std::error_code ec;
    if (r.exit_code == 0) std::filesystem::rename(staging, kTemplate, ec);
    if (r.exit_code != 0 || ec) std::filesystem::remove_all(staging);  // another made it first
    return true;  // this server keeps the cluster it made
  }
  // cp -a keeps the owner (the server's user, when the tests run as root).
  RunResult r = RunCommand({"/bin/cp", "-a", kTemplate, dir_ + "/data"});
  if (r.exit_code != 0) {
    *err = "cannot copy " + kTemplate + ": " + r.err;
    return false;
  }
  return true;
}

bool PgServer::StartStandbyOf(const PgServer& primary, std::string* err) {
  std::string out;
  if (!MakeServerDir(err)) return false;
  tls_ = primary.tls_;
  tls_dir_ = primary.dir_ + "/tls";
  port_ = 20000 + (primary.port_ + 1543) % 20000;
  if (!AsServerUser(kBin + "/pg_basebackup -h " + primary.dir_ + " -p " + std::to_string(primary.port_) +
                        " -U kindred_admin -D " + dir_ + "/data -R -X stream --no-sync --checkpoint=fast",
                    &out)) {
    *err = "pg_basebackup failed: " + out;
    return false;
  }
  initialised_ = true;
  return Start(err);
}

bool PgServer::Stop(bool immediate) {
  if (!running_) return true;
  std::string out;
  AsServerUser(kBin + "/pg_ctl -D " + dir_ + "/data -w -t 30 -m " + (immediate ? "immediate" : "fast") + " stop",
               &out);
  running_ = false;
  return true;
}

std::string PgServer::AdminUrl() const {
  return "postgresql:///kindred?host=" + dir_ + "&port=" + std::to_string(port_) + "&user=kindred_admin";
}

std::string PgServer::Address() const { return "127.0.0.1:" + std::to_string(port_); }

}  // namespace kindred::test
