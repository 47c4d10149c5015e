// A plain HTTP/1.1 client for tests: one request per connection, the whole
// answer read until the server closes. Test code only: it trusts what it
// reads more than a product would.
#pragma once

#include <map>
#include <string>

namespace kindred::test {

struct HttpAnswer {
  int status = 0;                             // 0: no answer (connection refused, closed, timed out)
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

// Sends `method` `target` to 127.0.0.1:`port` with `body` (a POST's form,
// sent as application/x-www-form-urlencoded) and extra header lines
// ("Accept-Language: de"), and reads the answer (at most `timeout_s`).
HttpAnswer Http(int port, const std::string& method, const std::string& target, const std::string& body = "",
                const std::string& extra_headers = "", double timeout_s = 10);

// `text` percent-encoded for a form field.
std::string FormEncode(const std::string& text);

// A connection that sends part of a request and then nothing (slowloris):
// open while the object lives.
class StalledClient {
 public:
  explicit StalledClient(int port);
  ~StalledClient();
  StalledClient(const StalledClient&) = delete;
  StalledClient& operator=(const StalledClient&) = delete;
  // Whether the server has closed it (reads EOF within `timeout_s`).
  bool ClosedByServer(double timeout_s);

 private:
  int fd_ = -1;
};

// An open Server-Sent Events stream (GET over HTTP/1.0, so the body comes
// as it is, not chunked): the answer's head, then the events as they come.
class EventStreamClient {
 public:
  EventStreamClient(int port, const std::string& target);
  ~EventStreamClient();
  EventStreamClient(const EventStreamClient&) = delete;
  EventStreamClient& operator=(const EventStreamClient&) = delete;
  // The answer's status and headers (names in lower case), read within
  // `timeout_s`; 0 when none came.
  int Status(double timeout_s = 5);
  const std::map<std::string, std::string>& headers() const { return headers_; }
  // The next event's data (its data lines joined by "\n"; comments skipped)
  // within `timeout_s`: false when none came, or the server closed the stream.
  bool Next(std::string* data, double timeout_s);
  // True when the server ended the stream within `timeout_s`.
  bool Ended(double timeout_s);

 private:
  bool Fill(double timeout_s);  // reads more into raw_; false on timeout or end
  int fd_ = -1;
  int status_ = 0;
  bool ended_ = false;
  std::string raw_;
  std::map<std::string, std::string> headers_;
};

}  // namespace kindred::test
