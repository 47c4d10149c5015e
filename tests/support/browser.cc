#include "tests/support/browser.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <sodium.h>

#include "tests/support/http_client.h"

namespace kindred::test {

namespace {

constexpr const char* kElement = "element-6066-11e4-a52e-4f735466cecf";

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

std::string Base64Decode(const std::string& in) {
  std::string out(in.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(), in.size(), nullptr, &len,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return "";
  out.resize(len);
  return out;
}

}  // namespace

bool Browser::Available() {
  return access("/usr/bin/chromedriver", X_OK) == 0 && access("/usr/bin/chromium", X_OK) == 0;
}

Browser::~Browser() {
  if (!session_.empty()) Call("DELETE", "/session/" + session_);
  driver_.Stop();
}

nlohmann::json Browser::Call(const std::string& method, const std::string& path, const nlohmann::json& body) {
  const HttpAnswer a = Http(port_, method, path, body.is_null() ? "" : body.dump(), "", 60);
  if (a.status == 0) return nullptr;
  const nlohmann::json reply = nlohmann::json::parse(a.body, nullptr, false);
  return reply.is_object() && reply.contains("value") ? reply["value"] : nlohmann::json();
}

bool Browser::Start(int width, int height, bool javascript, std::string* err) {
  port_ = FreePort();
  if (!driver_.Start({"/usr/bin/chromedriver", "--port=" + std::to_string(port_)}, dir_.path() + "/driver.log")) {
    *err = "chromedriver did not start";
    return false;
  }
  for (int i = 0; i < 100; ++i) {
    const nlohmann::json status = Call("GET", "/status");
    if (status.is_object() && status.value("ready", false)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  nlohmann::json options = {{"args",
                             {"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                              "--window-size=" + std::to_string(width) + "," + std::to_string(height),
                              "--user-data-dir=" + dir_.path() + "/profile"}}};
  // A phone's screen (a desktop window is at least 500 px wide).
  options["mobileEmulation"] = {{"deviceMetrics", {{"width", width}, {"height", height}, {"pixelRatio", 2}}}};
  if (!javascript) options["prefs"] = {{"profile.managed_default_content_settings.javascript", 2}};
  const nlohmann::json reply =
      Call("POST", "/session",
           {{"capabilities", {{"alwaysMatch", {{"browserName", "chrome"}, {"goog:chromeOptions", options}}}}}});
  if (!reply.is_object() || !reply.contains("sessionId")) {
    *err = "no browser session: " + reply.dump();
    return false;
  }
  session_ = reply["sessionId"];
  return true;
}

bool Browser::Open(const std::string& url) {
  return Call("POST", "/session/" + session_ + "/url", {{"url", url}}).is_null();
}

std::string Browser::CurrentUrl() {
  const nlohmann::json url = Call("GET", "/session/" + session_ + "/url");
  return url.is_string() ? url.get<std::string>() : "";
}

bool Browser::WaitForUrl(const std::string& url, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (CurrentUrl() != url) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

std::vector<std::string> Browser::Find(const std::string& css) {
  std::vector<std::string> ids;
  const nlohmann::json found =
      Call("POST", "/session/" + session_ + "/elements", {{"using", "css selector"}, {"value", css}});
  if (found.is_array())
    for (const auto& e : found) ids.push_back(e[kElement]);
  return ids;
}

std::vector<std::string> Browser::Texts(const std::string& css) {
  // A page's script may replace what was found before its text is read (a
  // live page: the element is then stale, and has no text): found again.
  std::vector<std::string> texts;
  for (int attempt = 0; attempt < 10; ++attempt) {
    texts.clear();
    bool stale = false;
    for (const std::string& id : Find(css)) {
      const nlohmann::json text = Call("GET", "/session/" + session_ + "/element/" + id + "/text");
      stale = stale || !text.is_string();
      texts.push_back(text.is_string() ? text.get<std::string>() : "");
    }
    if (!stale) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return texts;
}

bool Browser::Type(const std::string& css, const std::string& text) {
  const std::vector<std::string> ids = Find(css);
  if (ids.empty()) return false;
  Call("POST", "/session/" + session_ + "/element/" + ids[0] + "/clear", nlohmann::json::object());
  return Call("POST", "/session/" + session_ + "/element/" + ids[0] + "/value", {{"text", text}}).is_null();
}

bool Browser::Click(const std::string& css) {
  const std::vector<std::string> ids = Find(css);
  return !ids.empty() &&
         Call("POST", "/session/" + session_ + "/element/" + ids[0] + "/click", nlohmann::json::object()).is_null();
}

nlohmann::json Browser::Run(const std::string& script) {
  return Call("POST", "/session/" + session_ + "/execute/sync", {{"script", script}, {"args", nlohmann::json::array()}});
}

bool Browser::Screenshot(const std::string& path) {
  const nlohmann::json png = Call("GET", "/session/" + session_ + "/screenshot");
  if (!png.is_string()) return false;
  std::ofstream out(path, std::ios::binary);
  out << Base64Decode(png.get<std::string>());
  return static_cast<bool>(out);
}

}  // namespace kindred::test
