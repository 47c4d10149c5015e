// LookAtHub: the self-check's look at the hub (needs the sync module, so it
// lives beside the app rather than with the plain checks).
#include "kiosk/self_check.h"
#include "sync/hub.h"
#include "sync/hub_url.h"

namespace kindred {

HubFacts LookAtHub(const std::string& url, bool allow_insecure, EventDb* db) {
  HubFacts h;
  h.url = url;
  if (url.empty()) return h;
  HubUrlCheck check;
  std::string err;
  if (!CheckHubUrl(url, allow_insecure, &check, &err)) {
    h.problem = err;
    return h;
  }
  h.url_ok = true;
  h.insecure = allow_insecure && !check.verified;
  std::string why;
  if (db && !db->CountOutbox(&h.waiting, &why)) h.waiting = 0;
  HubOptions options;
  options.allow_insecure = allow_insecure;
  std::unique_ptr<Hub> hub = Hub::Connect(url, options, &err);
  h.reached = hub != nullptr;
  if (!h.reached) h.problem = err;
  return h;
}

}  // namespace kindred
