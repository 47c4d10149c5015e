// A small HTTP server for phones on the venue network, on GNU libmicrohttpd
// (Debian's libmicrohttpd-dev): its own thread polling with epoll, limits on
// connections (in all and per address), on each connection's memory and on
// idle time, so a slow or greedy client holds up nobody else. Kindred writes
// no HTTP parsing of its own: the library reads requests, headers and forms.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace kindred {

struct HttpRequest {
  std::string method;                       // "GET", "POST", ...
  std::string path;                         // "/p/0a1b...", without the query
  std::map<std::string, std::string> query;  // the URL's arguments (?saved)
  std::map<std::string, std::string> form;   // a POSTed urlencoded form's fields (the last of a repeated name)
  std::map<std::string, std::string> cookies;  // the Cookie header's, by name
  std::string accept_language;              // the Accept-Language header, "" when none
  std::string client;                       // the client's address ("192.168.1.23")
  bool too_large = false;                   // the body was over the limit (and was dropped)
};

// Server-Sent Events to every open stream at once (the wall's live
// updates), without a thread per stream: a stream with nothing to send is a
// connection parked in the server (libmicrohttpd's suspend) until Publish
// gives it something. A stream still sending an earlier message when a newer
// one comes gets only the newest: each message is the whole state, so a
// phone or projector that fell behind skips to now, and none holds more than
// one message's memory. Thread-safe.
class EventBroadcast {
 public:
  EventBroadcast();
  ~EventBroadcast();
  EventBroadcast(const EventBroadcast&) = delete;
  EventBroadcast& operator=(const EventBroadcast&) = delete;

  // Sends `message` (a whole SSE message: "event: wall\ndata: {...}\n\n")
  // to every open stream, and to each new one as its first.
  void Publish(const std::string& message);
  // Sends `comment` only to the streams open now, not to later ones (a
  // heartbeat, ": ping\n\n", through proxies and NATs that drop quiet
  // connections; a stream whose client has gone is found and closed).
  void Ping(const std::string& comment);
  // The streams open now.
  size_t streams() const;

  struct Impl;  // the server's side
  Impl* impl() { return impl_.get(); }

 private:
  std::unique_ptr<Impl> impl_;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // more headers (Location, Cache-Control...)
  // When set: the answer is an open stream of these events
  // (text/event-stream, `body` ignored) until the client leaves.
  std::shared_ptr<EventBroadcast> events;
};

struct HttpOptions {
  std::string listen = "0.0.0.0:8080";  // IPv4 ADDRESS:PORT (port 0: any free port)
  unsigned max_connections = 4096;
  unsigned per_address = 64;            // a phone opens a few; a NAT'd venue network shares addresses
  unsigned idle_timeout_s = 20;         // a connection idle this long is closed (slowloris)
  size_t max_body = 16 * 1024;          // a form's size at most
  std::string tls_cert_pem, tls_key_pem;  // both given: HTTPS only
};

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;
  // Starts serving on its own thread; `handler` is called on that thread.
  // nullptr and one line in *err when the address cannot be used.
  static std::unique_ptr<HttpServer> Start(const HttpOptions& options, Handler handler, std::string* err);
  ~HttpServer();  // stops, closing every connection
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  uint16_t port() const { return port_; }

 private:
  HttpServer() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint16_t port_ = 0;
};

// Parses "ADDRESS:PORT" (IPv4, or "*" for every address) for --listen.
bool ParseListen(const std::string& text, std::string* address, uint16_t* port, std::string* err);

}  // namespace kindred
