// kindred serve and kindred page-url: each attendee's own page on their
// phone, over the venue network (web/).

#include <fmt/core.h>

#include <memory>
#include <string>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "common/file.h"
#include "event/paths.h"
#include "sync/hub_sync.h"
#include "web/http_server.h"
#include "event/page_token.h"
#include "web/site.h"

namespace kindred {

namespace {

struct ServeArgs {
  std::string db, listen = "0.0.0.0:8080", hub, name = "phones", tls_cert, tls_key;
  bool insecure_hub = false;
};

int Serve(const ServeArgs& a) {
  std::string err;
  HttpOptions options;
  options.listen = a.listen;
  if (a.tls_cert.empty() != a.tls_key.empty()) return Fail("give both --tls-cert and --tls-key, or neither");
  if (!a.tls_cert.empty() && (!ReadWholeFile(a.tls_cert, &options.tls_cert_pem, &err) ||
                              !ReadWholeFile(a.tls_key, &options.tls_key_pem, &err)))
    return Fail(err);
  // At a synced event this server is a member of the hub like a kiosk: it
  // keeps its own copy, and what phones write travels to every kiosk.
  std::unique_ptr<HubSync> sync;
  if (!a.hub.empty()) {
    sync = std::make_unique<HubSync>(a.db, a.hub, a.name);
    sync->set_allow_insecure(a.insecure_hub);
    if (!sync->Start(&err)) return Fail(err);
  }
  auto site = Site::Open({a.db, AssetsDir(), a.name}, &err);
  if (!site) return Fail(err);
  auto server = HttpServer::Start(options, [&site](const HttpRequest& r) { return site->Handle(r); }, &err);
  if (!server) return Fail(err);
  std::string address, scheme = options.tls_cert_pem.empty() ? "http" : "https";
  uint16_t port = 0;
  ParseListen(a.listen, &address, &port, &err);
  fmt::print("Serving attendees' pages on {}://{}:{}/p/... (kindred page-url BADGE gives one's address); "
             "Ctrl-C stops\n",
             scheme, address == "0.0.0.0" ? "THIS-MACHINE" : address, server->port());
  std::fflush(stdout);
  WaitUntilStopped();
  server.reset();
  if (sync) sync->Stop();
  return kOk;
}

int PageUrlCommand(const std::string& db_path, const std::string& badge, const std::string& base) {
  if (!IsPhoneUrl(base))
    return Fail("--base is the server's address as phones reach it, e.g. http://192.168.1.10:8080");
  std::string err;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  Attendee a;
  const Lookup l = db->FindAttendee(badge, &a, &err);
  if (l == Lookup::kError) return Fail(err);
  if (l == Lookup::kNotFound) return Fail("badge " + badge + " is not in the roster of " + db_path);
  std::string token;
  if (!PageToken(*db, a.badge_id, &token, &err)) return Fail(err);
  fmt::print("{}'s own page (anyone with this address can read it: give it to them alone):\n{}\n", a.name,
             PageUrl(base, token));
  return kOk;
}

int WallUrlCommand(const std::string& db_path, const std::string& base) {
  if (!IsPhoneUrl(base))
    return Fail("--base is the server's address as the projector's computer reaches it, e.g. http://192.168.1.10:8080");
  std::string err;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  std::string token;
  if (!WallToken(*db, &token, &err)) return Fail(err);
  fmt::print("The room's wall, live, for the projector (first names only of people who agreed to share their "
             "details):\n{}\n",
             WallUrl(base, token));
  return kOk;
}

}  // namespace

void AddWebCommands(CLI::App& app, int* exit_code) {
  auto s = std::make_shared<ServeArgs>();
  auto* serve = app.add_subcommand("serve", "Serve each attendee's own page to their phone over the venue network");
  serve->add_option("--db", s->db, "Event database (a kiosk's own file beside it, or this server's copy)")->required();
  serve->add_option("--listen", s->listen, "ADDRESS:PORT to serve on (IPv4; 0.0.0.0 is every address)")
      ->capture_default_str();
  serve->add_option("--hub", s->hub, "Keep the database in sync with this hub, as the member it names");
  serve->add_flag("--insecure-hub", s->insecure_hub, kInsecureHubHelp);
  serve->add_option("--name", s->name, "Who shows attendees their suggestions, as the event records it")
      ->capture_default_str();
  serve->add_option("--tls-cert", s->tls_cert, "HTTPS with the organiser's own certificate (PEM)");
  serve->add_option("--tls-key", s->tls_key, "...and its key (PEM)");
  serve->callback([s, exit_code] { *exit_code = Serve(*s); });

  struct PageUrlArgs {
    std::string db, badge, base;
  };
  auto p = std::make_shared<PageUrlArgs>();
  auto* page_url = app.add_subcommand("page-url", "Print one attendee's page address (its last line)");
  page_url->add_option("BADGE_ID", p->badge, "The attendee's badge ID")->required();
  page_url->add_option("--db", p->db, "Event database")->required();
  page_url->add_option("--base", p->base, "The server's address as phones reach it: http://HOST:PORT")->required();
  page_url->callback([p, exit_code] { *exit_code = PageUrlCommand(p->db, p->badge, p->base); });

  auto* wall_url = app.add_subcommand("wall-url", "Print the address of the room's live wall, for the projector (its last line)");
  wall_url->add_option("--db", p->db, "Event database")->required();
  wall_url->add_option("--base", p->base, "The server's address: http://HOST:PORT")->required();
  wall_url->callback([p, exit_code] { *exit_code = WallUrlCommand(p->db, p->base); });
}

}  // namespace kindred
