#include "web/http_server.h"

#include <gtest/gtest.h>

#include <chrono>

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
