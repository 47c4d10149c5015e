#include "tests/support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace kindred::test {

namespace {

int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// An answer's status line and headers (names in lower case) from `raw`;
// where its body starts, or npos while the head is not all there.
size_t ParseHead(const std::string& raw, int* status, std::map<std::string, std::string>* headers) {
  const size_t end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.", 0) != 0 || end == std::string::npos) return std::string::npos;
  *status = std::atoi(raw.c_str() + 9);
  size_t line = raw.find("\r\n") + 2;
  while (line < end) {
    const size_t next = raw.find("\r\n", line);
    const std::string header = raw.substr(line, next - line);
    const size_t colon = header.find(':');
    if (colon != std::string::npos) {
      std::string name = header.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      (*headers)[name] = header.substr(header.find_first_not_of(' ', colon + 1));
    }
    line = next + 2;
  }
  return end + 4;
}

}  // namespace

std::string FormEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

HttpAnswer Http(int port, const std::string& method, const std::string& target, const std::string& body,
                const std::string& extra_headers, double timeout_s) {
  HttpAnswer answer;
  const int fd = Connect(port);
  if (fd < 0) return answer;
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!extra_headers.empty()) request += extra_headers + "\r\n";
  if (method == "POST")
    request += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\n";
  request += "\r\n" + body;
  std::string raw;
  if (SendAll(fd, request)) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    char buf[65536];
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      const ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      raw.append(buf, static_cast<size_t>(n));
      // A server that keeps the connection open has said how much follows.
      const size_t head = raw.find("\r\n\r\n");
      if (head == std::string::npos) continue;
      std::string lower = raw.substr(0, head);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const size_t at = lower.find("\r\ncontent-length:");
      if (at != std::string::npos && raw.size() >= head + 4 + std::strtoul(lower.c_str() + at + 17, nullptr, 10)) break;
    }
  }
  close(fd);
  const size_t end = ParseHead(raw, &answer.status, &answer.headers);
  if (end != std::string::npos) answer.body = raw.substr(end);
  return answer;
}

StalledClient::StalledClient(int port) : fd_(Connect(port)) {
  if (fd_ >= 0) SendAll(fd_, "GET /p/");
}

StalledClient::~StalledClient() {
  if (fd_ >= 0) close(fd_);
}

bool StalledClient::ClosedByServer(double timeout_s) {
  if (fd_ < 0) return true;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout_s * 1000)) <= 0) return false;
  char c;
  return recv(fd_, &c, 1, 0) <= 0;
}

EventStreamClient::EventStreamClient(int port, const std::string& target) : fd_(Connect(port)) {
  if (fd_ >= 0) SendAll(fd_, "GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
}

EventStreamClient::~EventStreamClient() {
  if (fd_ >= 0) close(fd_);
}

bool EventStreamClient::Fill(double timeout_s) {
  if (fd_ < 0 || ended_) return false;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout_s * 1000)) <= 0) return false;
  char buf[16384];
  const ssize_t n = recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    ended_ = true;
    return false;
  }
  raw_.append(buf, static_cast<size_t>(n));
  return true;
}

int EventStreamClient::Status(double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (status_ == 0) {
    if (const size_t end = ParseHead(raw_, &status_, &headers_); end != std::string::npos) {
      raw_.erase(0, end);
      break;
    }
    const double left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0 || !Fill(left)) break;
  }
  return status_;
}

bool EventStreamClient::Next(std::string* data, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  if (Status(timeout_s) == 0) return false;
  for (;;) {
    // One event: lines up to an empty line; "data:" lines are its data.
    for (size_t end; (end = raw_.find("\n\n")) != std::string::npos;) {
      const std::string event = raw_.substr(0, end);
      raw_.erase(0, end + 2);
      std::string out;
      bool any = false;
      size_t line = 0;
      while (line <= event.size()) {
        size_t next = event.find('\n', line);
        if (next == std::string::npos) next = event.size();
        const std::string l = event.substr(line, next - line);
        if (l.rfind("data:", 0) == 0) {
          out += (any ? "\n" : "") + l.substr(l.size() > 5 && l[5] == ' ' ? 6 : 5);
          any = true;
        }
        line = next + 1;
      }
      if (any) {
        *data = out;
        return true;
      }
    }
    const double left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0 || !Fill(left)) return false;
  }
}

bool EventStreamClient::Ended(double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (!ended_) {
    const double left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    Fill(left);
  }
  return true;
}

}  // namespace kindred::test
