// serve-bench: kindred serve under a venue's load, beside nginx serving a
// static copy of the same page in the same run (the reference: what
// sending those bytes costs at best).
//
//   serve-bench [--phones N] [--streams N] [--seconds S]
//
// N phones (2,000) each load their own page every 10 s, spread evenly (200
// pages a second for 2,000), each load a new connection from the phone's own
// address (127.0.0.0/8: every phone another address, as on a venue's
// network), while N projectors and phones (200) hold the wall's event stream
// open. Prints each page's time from its due moment to the last byte (p50,
// p99; a load that falls behind counts its wait), the server's memory, and
// then the time from an encounter saved (by `kindred meet`, another process,
// as a kiosk beside the server) to the last of the open walls receiving it.
// The same page loads then go to nginx (Debian's, started here on a
// loopback port) serving the page's HTML as a file.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "event/page_token.h"
#include "storage/event_db.h"
#include "tests/support/people.h"
#include "tests/support/test_support.h"

namespace {

using Clock = std::chrono::steady_clock;
using kindred::test::Background;
using kindred::test::Bin;
using kindred::test::ReadFile;
using kindred::test::RunCommand;
using kindred::test::WriteFile;

// The phone `i`'s own address on the loopback network.
in_addr PhoneAddress(int i) {
  in_addr a{};
  a.s_addr = htonl((127u << 24) | (static_cast<uint32_t>(10 + i / 250) << 8) | static_cast<uint32_t>(2 + i % 250));
  return a;
}

// A connection from phone `i` to 127.0.0.1:port; -1 on failure.
int Connect(int i, int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  from.sin_addr = PhoneAddress(i);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// One page load by phone `i`: the whole answer (the server closes). The status, or 0.
int Load(int i, int port, const std::string& path, size_t* bytes) {
  const int fd = Connect(i, port);
  if (fd < 0) return 0;
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return 0;
  }
  std::string head;
  char buf[16384];
  *bytes = 0;
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) {
    if (head.size() < 16) head.append(buf, static_cast<size_t>(std::min<ssize_t>(n, 16)));
    *bytes += static_cast<size_t>(n);
  }
  close(fd);
  return head.rfind("HTTP/1.", 0) == 0 ? std::atoi(head.c_str() + 9) : 0;
}

struct LoadResult {
  std::vector<double> ms;  // each page's time, from its due moment to its last byte
  int failed = 0;
};

// `phones` phones, each loading paths[i] every 10 s, evenly spread, for
// `seconds`; `workers` threads take the loads as they fall due.
LoadResult RunLoad(int port, const std::vector<std::string>& paths, int seconds, int workers) {
  const int phones = static_cast<int>(paths.size());
  const long total = static_cast<long>(phones) * seconds / 10;
  const double gap_ms = 10000.0 / phones;
  const auto t0 = Clock::now() + std::chrono::milliseconds(200);
  std::atomic<long> next{0};
  std::vector<LoadResult> per(static_cast<size_t>(workers));
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      for (long k; (k = next++) < total;) {
        const auto due = t0 + std::chrono::microseconds(static_cast<long>(k * gap_ms * 1000));
        std::this_thread::sleep_until(due);
        size_t bytes = 0;
        const int status = Load(static_cast<int>(k % phones), port, paths[k % phones], &bytes);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - due).count();
        if (status != 200 || bytes < 200) ++per[w].failed;
        else per[w].ms.push_back(ms);
      }
    });
  }
  for (auto& t : threads) t.join();
  LoadResult all;
  for (auto& r : per) {
    all.ms.insert(all.ms.end(), r.ms.begin(), r.ms.end());
    all.failed += r.failed;
  }
  std::sort(all.ms.begin(), all.ms.end());
  return all;
}

double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(q * static_cast<double>(sorted.size())))];
}

// "VmRSS" or "VmHWM" of a process, in MiB.
double MemoryMiB(int pid, const char* field) {
  const std::string status = ReadFile("/proc/" + std::to_string(pid) + "/status");
  const size_t at = status.find(field);
  return at == std::string::npos ? 0 : std::atof(status.c_str() + at + std::strlen(field) + 1) / 1024.0;
}

// Open event streams from projectors and phones: each its own address.
struct Streams {
  std::vector<int> fds;
  std::vector<std::string> seen;  // what each has received
  void Open(int count, int port, const std::string& path) {
    for (int i = 0; i < count; ++i) {
      const int fd = Connect(5000 + i, port);
      if (fd < 0) continue;
      const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
      if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) continue;
      fcntl(fd, F_SETFL, O_NONBLOCK);
      fds.push_back(fd);
      seen.emplace_back();
    }
  }
  // Reads what has come, for up to `ms`.
  void Drain(int ms) {
    std::vector<pollfd> p;
    for (int fd : fds) p.push_back({fd, POLLIN, 0});
    const auto end = Clock::now() + std::chrono::milliseconds(ms);
    while (Clock::now() < end) {
      if (poll(p.data(), p.size(), 50) <= 0) continue;
      for (size_t i = 0; i < p.size(); ++i) {
        if (!(p[i].revents & POLLIN)) continue;
        char buf[65536];
        const ssize_t n = recv(p[i].fd, buf, sizeof buf, 0);
        if (n > 0) seen[i].append(buf, static_cast<size_t>(n));
      }
    }
  }
  ~Streams() {
    for (int fd : fds) close(fd);
  }
};

}  // namespace

int main(int argc, char** argv) {
  int phones = 2000, stream_count = 200, seconds = 60;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--phones") phones = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--streams") stream_count = std::max(0, std::atoi(argv[i + 1]));
    else if (a == "--seconds") seconds = std::max(10, std::atoi(argv[i + 1]));
  }
  kindred::test::TempDir dir;
  // The event: `phones` attendees with passions, all of whom agreed to be named.
  std::vector<kindred::Attendee> people;
  const char* kPassions[] = {"jazz", "urban beekeeping", "climate", "sailing", "cycling", "robotics", "poetry",
                             "chess", "open source", "pottery"};
  // (Appended, not "p" + to_string(i): g++ 12 warns falsely about that, -Wrestrict.)
  auto numbered = [](std::string head, int i, const char* tail = "") { return head.append(std::to_string(i)).append(tail); };
  for (int i = 0; i < phones; ++i)
    people.push_back(kindred::test::Someone(numbered("P-", i), numbered("Person ", i))
                         .Passions({kPassions[i % 10], kPassions[(i / 10) % 10], kPassions[(i / 100) % 10]})
                         .Email(numbered("p", i, "@example.org"))
                         .Consent());
  const std::string db_path = dir.file("event.db");
  WriteFile(dir.file("roster.csv"), kindred::test::RosterCsv(people));
  if (RunCommand({Bin("kindred"), "import", dir.file("roster.csv"), "--db", db_path}).exit_code != 0) {
    std::fprintf(stderr, "serve-bench: the import failed\n");
    return 1;
  }
  std::vector<std::string> paths;
  std::string wall, err;
  {
    auto db = kindred::EventDb::Open(db_path, &err);
    if (!db) return std::fprintf(stderr, "serve-bench: %s\n", err.c_str()), 1;
    for (const auto& a : people) {
      std::string token;
      if (!kindred::PageToken(*db, a.badge_id, &token, &err)) return std::fprintf(stderr, "serve-bench: %s\n", err.c_str()), 1;
      paths.push_back("/p/" + token);
    }
    if (!kindred::WallToken(*db, &wall, &err)) return std::fprintf(stderr, "serve-bench: %s\n", err.c_str()), 1;
    wall = "/wall/" + wall;
  }
  // Some encounters already, so pages list people met.
  for (int i = 0; i + 1 < std::min(phones, 400); i += 2)
    RunCommand({Bin("kindred"), "meet", "--db", db_path, "P-" + std::to_string(i), "P-" + std::to_string(i + 1)});

  Background server;
  const std::string log = dir.file("serve.log");
  server.Start({Bin("kindred"), "serve", "--db", db_path, "--listen", "127.0.0.1:0"}, log);
  int port = 0;
  std::smatch m;
  for (int i = 0; i < 200 && port == 0; ++i) {
    const std::string text = ReadFile(log);
    if (std::regex_search(text, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)/p/"))) port = std::stoi(m[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (port == 0) return std::fprintf(stderr, "serve-bench: kindred serve did not start: %s\n", ReadFile(log).c_str()), 1;

  std::printf("serve-bench: %d phones each loading their page every 10 s (%d pages a second), %d open wall "
              "streams, %d s, %u cores\n",
              phones, phones / 10, stream_count, seconds, std::thread::hardware_concurrency());
  Streams streams;
  streams.Open(stream_count, port, wall + "/events");
  streams.Drain(500);
  const LoadResult ours = RunLoad(port, paths, seconds, 32);
  streams.Drain(100);
  const double rss = MemoryMiB(server.pid(), "VmRSS:"), hwm = MemoryMiB(server.pid(), "VmHWM:");
  std::printf("kindred serve: page p50 %.1f ms, p99 %.1f ms, slowest %.1f ms (%zu pages, %d failed); memory %.1f MiB "
              "(peak %.1f MiB) with %zu streams open\n",
              Quantile(ours.ms, 0.5), Quantile(ours.ms, 0.99), ours.ms.empty() ? 0 : ours.ms.back(), ours.ms.size(),
              ours.failed, rss, hwm, streams.fds.size());

  // An encounter saved beside the server: every open wall hears of it.
  for (auto& s : streams.seen) s.clear();
  const auto saved = Clock::now();
  RunCommand({Bin("kindred"), "meet", "--db", db_path, "P-0", "P-" + std::to_string(phones - 1)});  // not met before
  const auto after_save = Clock::now();
  std::vector<double> arrival(streams.fds.size(), -1);
  const std::string marker = "<b>" + std::to_string(std::min(phones, 400) / 2 + 1) + "</b>";  // the count after it
  while (Clock::now() - saved < std::chrono::seconds(10) &&
         std::any_of(arrival.begin(), arrival.end(), [](double a) { return a < 0; })) {
    streams.Drain(20);
    for (size_t i = 0; i < arrival.size(); ++i)
      if (arrival[i] < 0 && streams.seen[i].find(marker) != std::string::npos)
        arrival[i] = std::chrono::duration<double, std::milli>(Clock::now() - after_save).count();
  }
  std::sort(arrival.begin(), arrival.end());
  const long missing = std::count(arrival.begin(), arrival.end(), -1.0);
  std::printf("an encounter saved (kindred meet, %.0f ms) to every open wall: first %.0f ms, last %.0f ms (%zu walls, "
              "%ld never)\n",
              std::chrono::duration<double, std::milli>(after_save - saved).count(), arrival.empty() ? 0 : arrival.front(),
              arrival.empty() ? 0 : arrival.back(), arrival.size(), missing);
  // nginx with a static copy of one page: the same loads.
  const kindred::test::RunResult page =
      RunCommand({"/usr/bin/curl", "-s", "http://127.0.0.1:" + std::to_string(port) + paths[0]});
  server.Stop();
  if (page.out.size() < 200) return std::fprintf(stderr, "serve-bench: could not copy a page for nginx\n"), 1;
  const std::string root = dir.file("www");
  std::filesystem::create_directories(root + "/p");
  WriteFile(root + "/page.html", page.out);
  const int nginx_port = port + 1;
  WriteFile(dir.file("nginx.conf"),
            std::string(getuid() == 0 ? "user root; " : "") + "daemon off; worker_processes 1; pid " + dir.file("nginx.pid") + "; error_log " + dir.file("nginx.err") +
                ";\nevents { worker_connections 4096; }\nhttp { access_log off; keepalive_timeout 0;\n"
                "  server { listen 127.0.0.1:" + std::to_string(nginx_port) + "; root " + root +
                "; location /p/ { default_type text/html; try_files /page.html =404; } } }\n");
  Background nginx;
  nginx.Start({"/usr/sbin/nginx", "-c", dir.file("nginx.conf"), "-p", dir.path(), "-e", dir.file("nginx.err")},
              dir.file("nginx.log"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const LoadResult theirs = RunLoad(nginx_port, paths, seconds, 32);
  std::printf("nginx, a static copy (reference): page p50 %.1f ms, p99 %.1f ms, slowest %.1f ms (%zu pages, %d "
              "failed); memory %.1f MiB\n",
              Quantile(theirs.ms, 0.5), Quantile(theirs.ms, 0.99), theirs.ms.empty() ? 0 : theirs.ms.back(),
              theirs.ms.size(), theirs.failed, MemoryMiB(nginx.pid(), "VmRSS:"));
  std::printf("p99 kindred / nginx: %.2fx (goal: p99 under 50 ms and within 2x of nginx's)\n",
              Quantile(theirs.ms, 0.99) > 0 ? Quantile(ours.ms, 0.99) / Quantile(theirs.ms, 0.99) : 0.0);
  return 0;
}
