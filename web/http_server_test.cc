#include "web/http_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/http_client.h"

namespace kindred {
namespace {

// A server that answers with what it was asked.
std::unique_ptr<HttpServer> EchoServer(HttpOptions options = {}) {
  options.listen = "127.0.0.1:0";
  std::string err;
  auto server = HttpServer::Start(
      options,
      [](const HttpRequest& r) {
        HttpResponse out;
        out.content_type = "text/plain";
        out.body = r.method + " " + r.path + (r.too_large ? " too-large" : "") + " lang=" + r.accept_language +
                   " from=" + r.client;
        for (const auto& [k, v] : r.query) out.body += " q:" + k + "=" + v;
        for (const auto& [k, v] : r.form) out.body += " f:" + k + "=" + v;
        out.headers.push_back({"X-Test", "1"});
        return out;
      },
      &err);
  EXPECT_TRUE(server) << err;
  return server;
}

TEST(HttpServerTest, AnswersRequestsWithTheirPathQueryFormAndLanguage) {
  auto server = EchoServer();
  ASSERT_TRUE(server);
  test::HttpAnswer a = test::Http(server->port(), "GET", "/p/abc?saved", "", "Accept-Language: de-DE,de;q=0.9");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.headers["x-test"], "1");
  EXPECT_EQ(a.body, "GET /p/abc lang=de-DE,de;q=0.9 from=127.0.0.1 q:saved=");
  a = test::Http(server->port(), "POST", "/p/abc/profile", "passions=" + test::FormEncode("jazz\nsegeln & more") + "&x=1");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "POST /p/abc/profile lang= from=127.0.0.1 f:passions=jazz\nsegeln & more f:x=1");
}

TEST(HttpServerTest, ABodyOverTheLimitIsDroppedAndSaidSo) {
  HttpOptions options;
  options.max_body = 1024;
  auto server = EchoServer(options);
  ASSERT_TRUE(server);
  const test::HttpAnswer a = test::Http(server->port(), "POST", "/p/abc/profile", "passions=" + std::string(5000, 'x'));
  EXPECT_EQ(a.body, "POST /p/abc/profile too-large lang= from=127.0.0.1");
}

TEST(HttpServerTest, ASlowClientHoldsUpNobodyAndIsClosedWhenIdle) {
  HttpOptions options;
  options.idle_timeout_s = 2;
  auto server = EchoServer(options);
  ASSERT_TRUE(server);
  std::vector<std::unique_ptr<test::StalledClient>> stalled;
  for (int i = 0; i < 20; ++i) stalled.push_back(std::make_unique<test::StalledClient>(server->port()));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(test::Http(server->port(), "GET", "/").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  for (auto& s : stalled) EXPECT_TRUE(s->ClosedByServer(6));
}

TEST(HttpServerTest, OneAddressMayNotTakeEveryConnection) {
  HttpOptions options;
  options.per_address = 4;
  auto server = EchoServer(options);
  ASSERT_TRUE(server);
  std::vector<std::unique_ptr<test::StalledClient>> stalled;
  for (int i = 0; i < 4; ++i) stalled.push_back(std::make_unique<test::StalledClient>(server->port()));
  // The fifth from the same address is refused at once.
  test::StalledClient fifth(server->port());
  EXPECT_TRUE(fifth.ClosedByServer(2));
}

// A server with an event stream at /events and a plain answer elsewhere.
std::unique_ptr<HttpServer> StreamServer(std::shared_ptr<EventBroadcast> events, unsigned per_address = 64) {
  HttpOptions options;
  options.listen = "127.0.0.1:0";
  options.per_address = per_address;
  std::string err;
  auto server = HttpServer::Start(
      options,
      [events](const HttpRequest& r) {
        HttpResponse out;
        if (r.path == "/events") out.events = events;
        else out.body = "plain";
        return out;
      },
      &err);
  EXPECT_TRUE(server) << err;
  return server;
}

TEST(HttpServerTest, AnEventStreamStartsWithTheLatestAndGetsEachNewOne) {
  auto events = std::make_shared<EventBroadcast>();
  events->Publish("event: wall\ndata: {\"n\":1}\n\n");
  auto server = StreamServer(events);
  ASSERT_TRUE(server);
  test::EventStreamClient client(server->port(), "/events");
  ASSERT_EQ(client.Status(), 200);
  EXPECT_EQ(client.headers().at("content-type"), "text/event-stream");
  std::string data;
  ASSERT_TRUE(client.Next(&data, 5));
  EXPECT_EQ(data, "{\"n\":1}");
  // Parked with nothing to send: woken by the next message, at once.
  EXPECT_FALSE(client.Next(&data, 0.3));
  for (int n = 2; n <= 4; ++n) {
    const auto start = std::chrono::steady_clock::now();
    events->Publish("data: " + std::to_string(n) + "\n\n");
    ASSERT_TRUE(client.Next(&data, 5));
    EXPECT_EQ(data, std::to_string(n));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  }
  // A ping is a comment: it keeps the connection alive and carries no data.
  events->Ping(": ping\n\n");
  EXPECT_FALSE(client.Next(&data, 0.5));
  EXPECT_EQ(events->streams(), 1u);
}

// Many open streams hold no thread each: the server still answers a page at
// once, every stream gets each message, and a client that left is forgotten.
TEST(HttpServerTest, HundredsOfOpenStreamsEachGetEveryMessageAndHoldUpNobody) {
  auto events = std::make_shared<EventBroadcast>();
  auto server = StreamServer(events, 1000);
  ASSERT_TRUE(server);
  std::vector<std::unique_ptr<test::EventStreamClient>> clients;
  for (int i = 0; i < 300; ++i) clients.push_back(std::make_unique<test::EventStreamClient>(server->port(), "/events"));
  for (auto& c : clients) ASSERT_EQ(c->Status(), 200);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(test::Http(server->port(), "GET", "/").body, "plain");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  events->Publish("data: hello\n\n");
  std::string data;
  for (auto& c : clients) {
    ASSERT_TRUE(c->Next(&data, 5));
    EXPECT_EQ(data, "hello");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2)) << "every stream within 2 s";
  // Half the clients leave: the next messages find them gone.
  clients.resize(150);
  for (int i = 0; i < 50 && events->streams() > 150; ++i) {
    events->Ping(": ping\n\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(events->streams(), 150u);
}

// A client that reads nothing gets only the newest message when it reads
// again: its stream holds one message, not everything published meanwhile.
TEST(HttpServerTest, AStreamThatFellBehindSkipsToTheNewest) {
  auto events = std::make_shared<EventBroadcast>();
  auto server = StreamServer(events);
  ASSERT_TRUE(server);
  test::EventStreamClient client(server->port(), "/events");
  ASSERT_EQ(client.Status(), 200);
  const std::string big(100000, 'x');  // more than the socket buffers: the stream stays busy
  for (int n = 0; n < 20; ++n) events->Publish("data: " + std::to_string(n) + big + "\n\n");
  events->Publish("data: newest\n\n");
  std::string data, last;
  while (client.Next(&data, 2)) last = data;
  EXPECT_EQ(last, "newest");
}

TEST(HttpServerTest, StoppingTheServerEndsItsOpenStreams) {
  auto events = std::make_shared<EventBroadcast>();
  auto server = StreamServer(events);
  ASSERT_TRUE(server);
  test::EventStreamClient a(server->port(), "/events"), b(server->port(), "/events");
  ASSERT_EQ(a.Status(), 200);
  ASSERT_EQ(b.Status(), 200);
  const auto start = std::chrono::steady_clock::now();
  server.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_TRUE(a.Ended(2));
  EXPECT_TRUE(b.Ended(2));
  events->Publish("data: after\n\n");  // nobody left to send to, and nothing breaks
}

TEST(HttpServerTest, ABadListenAddressIsOneLine) {
  std::string address, err;
  uint16_t port = 0;
  EXPECT_TRUE(ParseListen("0.0.0.0:8080", &address, &port, &err));
  EXPECT_EQ(port, 8080);
  EXPECT_TRUE(ParseListen("*:80", &address, &port, &err));
  EXPECT_EQ(address, "0.0.0.0");
  for (const char* bad : {"8080", "host:80", "1.2.3.4:99999", "1.2.3.4:", "1.2.3.4:8o"}) {
    EXPECT_FALSE(ParseListen(bad, &address, &port, &err)) << bad;
    EXPECT_EQ(err.find('\n'), std::string::npos);
  }
  HttpOptions taken;
  auto first = EchoServer();
  ASSERT_TRUE(first);
  taken.listen = "127.0.0.1:" + std::to_string(first->port());
  EXPECT_FALSE(HttpServer::Start(taken, [](const HttpRequest&) { return HttpResponse{}; }, &err));
  EXPECT_NE(err.find("cannot serve on 127.0.0.1:"), std::string::npos) << err;
}

}  // namespace
}  // namespace kindred
