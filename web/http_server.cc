#include "web/http_server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace kindred {

// One open event stream: the message being sent, the newest waiting, and
// its connection while parked.
struct EventStream {  // (not in the anonymous namespace: EventBroadcast::Impl holds it)
  std::mutex mu;
  std::string current;  // being sent (never cut: a client would read half a message)
  std::string next;     // the newest message; replaces an older one not yet started
  MHD_Connection* connection = nullptr;
  bool parked = false;
  bool closed = false;
  std::atomic<int>* open = nullptr;  // the server's count of open streams
};

namespace {

// One request while it arrives: its form, read as it comes.
struct Pending {
  HttpRequest request;
  MHD_PostProcessor* post = nullptr;
  size_t body = 0;
  ~Pending() {
    if (post) MHD_destroy_post_processor(post);
  }
};

MHD_Result OnField(void* cls, MHD_ValueKind, const char* key, const char*, const char*, const char*, const char* data,
                   uint64_t off, size_t size) {
  auto* pending = static_cast<Pending*>(cls);
  std::string& value = pending->request.form[key];
  if (off == 0) value.clear();
  value.append(data, size);
  return MHD_YES;
}

MHD_Result OnArgument(void* cls, MHD_ValueKind, const char* key, const char* value) {
  (*static_cast<std::map<std::string, std::string>*>(cls))[key] = value ? value : "";
  return MHD_YES;
}

void OnCompleted(void*, MHD_Connection*, void** con_cls, MHD_RequestTerminationCode) {
  delete static_cast<Pending*>(*con_cls);
  *con_cls = nullptr;
}

// libmicrohttpd asks for the stream's next bytes: what there is, else the
// connection is parked until Publish wakes it (the pattern microhttpd.h
// prescribes: suspend, and return 0).
ssize_t ReadStream(void* cls, uint64_t, char* buf, size_t max) {
  EventStream& s = **static_cast<std::shared_ptr<EventStream>*>(cls);
  std::lock_guard<std::mutex> lock(s.mu);
  if (s.current.empty()) s.current.swap(s.next);
  if (s.current.empty()) {
    if (s.closed) return MHD_CONTENT_READER_END_OF_STREAM;
    s.parked = true;
    MHD_suspend_connection(s.connection);
    return 0;
  }
  const size_t n = std::min(max, s.current.size());
  std::memcpy(buf, s.current.data(), n);
  s.current.erase(0, n);
  return static_cast<ssize_t>(n);
}

// The stream's connection is gone (the client left, or the server stops).
void FreeStream(void* cls) {
  auto* stream = static_cast<std::shared_ptr<EventStream>*>(cls);
  {
    std::lock_guard<std::mutex> lock((*stream)->mu);
    (*stream)->closed = true;
    (*stream)->parked = false;
    (*stream)->open->fetch_sub(1);
  }
  delete stream;
}

}  // namespace

struct EventBroadcast::Impl {
  mutable std::mutex mu;
  std::string latest;
  std::vector<std::shared_ptr<EventStream>> streams;

  // Hands `message` to every open stream (as the newest, or after what
  // waits), waking the parked; forgets the closed.
  void Deliver(const std::string& message, bool state) {
    std::lock_guard<std::mutex> lock(mu);
    if (state) latest = message;
    std::erase_if(streams, [&](const std::shared_ptr<EventStream>& s) {
      std::lock_guard<std::mutex> stream_lock(s->mu);
      if (s->closed) return true;
      if (state) s->next = message;
      else if (s->current.empty() && s->next.empty()) s->next = message;  // a ping only on a quiet stream
      if (s->parked) {
        s->parked = false;
        MHD_resume_connection(s->connection);
      }
      return false;
    });
  }
  std::shared_ptr<EventStream> Open(MHD_Connection* connection, std::atomic<int>* open) {
    auto s = std::make_shared<EventStream>();
    s->connection = connection;
    s->open = open;
    std::lock_guard<std::mutex> lock(mu);
    s->next = latest;
    streams.push_back(s);
    return s;
  }
  // Ends every stream once what it is sending is sent (the server stops).
  void CloseAll() {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& s : streams) {
      std::lock_guard<std::mutex> stream_lock(s->mu);
      s->closed = true;
      if (s->parked) {
        s->parked = false;
        MHD_resume_connection(s->connection);
      }
    }
    streams.clear();
  }
};

EventBroadcast::EventBroadcast() : impl_(std::make_unique<Impl>()) {}
EventBroadcast::~EventBroadcast() = default;
void EventBroadcast::Publish(const std::string& message) { impl_->Deliver(message, true); }
void EventBroadcast::Ping(const std::string& comment) { impl_->Deliver(comment, false); }
size_t EventBroadcast::streams() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->streams.size();
}

namespace {

MHD_Result Send(MHD_Connection* connection, const HttpResponse& r, std::atomic<int>* open_streams,
                std::vector<std::weak_ptr<EventBroadcast>>* broadcasts, std::mutex* broadcasts_mu) {
  MHD_Response* response = nullptr;
  if (r.events) {
    auto* stream = new std::shared_ptr<EventStream>(r.events->impl()->Open(connection, open_streams));
    open_streams->fetch_add(1);
    response = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, ReadStream, stream, FreeStream);
    if (!response) {
      FreeStream(stream);
      return MHD_NO;
    }
    std::lock_guard<std::mutex> lock(*broadcasts_mu);
    std::erase_if(*broadcasts, [](const std::weak_ptr<EventBroadcast>& b) { return b.expired(); });
    if (std::none_of(broadcasts->begin(), broadcasts->end(),
                     [&](const std::weak_ptr<EventBroadcast>& b) { return b.lock() == r.events; }))
      broadcasts->push_back(r.events);
  } else {
    response = MHD_create_response_from_buffer(r.body.size(), const_cast<char*>(r.body.data()), MHD_RESPMEM_MUST_COPY);
  }
  if (!response) return MHD_NO;
  MHD_add_response_header(response, "Content-Type", r.events ? "text/event-stream" : r.content_type.c_str());
  for (const auto& [name, value] : r.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
  const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(r.status), response);
  MHD_destroy_response(response);
  return queued;
}

}  // namespace

struct HttpServer::Impl {
  Handler handler;
  size_t max_body = 0;
  MHD_Daemon* daemon = nullptr;
  sockaddr_in address{};
  std::atomic<int> open_streams{0};
  std::mutex broadcasts_mu;
  std::vector<std::weak_ptr<EventBroadcast>> broadcasts;  // those with streams here

  static MHD_Result OnRequest(void* cls, MHD_Connection* connection, const char* url, const char* method,
                              const char*, const char* upload_data, size_t* upload_data_size, void** con_cls) {
    auto* impl = static_cast<Impl*>(cls);
    auto* pending = static_cast<Pending*>(*con_cls);
    if (!pending) {  // the headers are in: set up for the body
      pending = new Pending;
      *con_cls = pending;
      pending->request.method = method;
      pending->request.path = url;
      MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, OnArgument, &pending->request.query);
      MHD_get_connection_values(connection, MHD_COOKIE_KIND, OnArgument, &pending->request.cookies);
      if (const char* lang = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Accept-Language"))
        pending->request.accept_language = lang;
      if (const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS)) {
        char text[INET6_ADDRSTRLEN] = "";
        const sockaddr* sa = info->client_addr;
        if (sa->sa_family == AF_INET)
          inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, text, sizeof text);
        else if (sa->sa_family == AF_INET6)
          inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, text, sizeof text);
        pending->request.client = text;
      }
      if (std::strcmp(method, "POST") == 0) pending->post = MHD_create_post_processor(connection, 4096, OnField, pending);
      return MHD_YES;
    }
    if (*upload_data_size > 0) {  // more of the body
      pending->body += *upload_data_size;
      if (pending->body > impl->max_body) {
        pending->request.too_large = true;
      } else if (pending->post) {
        MHD_post_process(pending->post, upload_data, *upload_data_size);
      }
      *upload_data_size = 0;
      return MHD_YES;
    }
    if (pending->request.too_large) pending->request.form.clear();
    return Send(connection, impl->handler(pending->request), &impl->open_streams, &impl->broadcasts,
                &impl->broadcasts_mu);
  }
};

bool ParseListen(const std::string& text, std::string* address, uint16_t* port, std::string* err) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    *err = "--listen takes ADDRESS:PORT, e.g. 0.0.0.0:8080 (every address) or 192.168.1.10:8080";
    return false;
  }
  *address = text.substr(0, colon);
  if (*address == "*" || address->empty()) *address = "0.0.0.0";
  const std::string digits = text.substr(colon + 1);
  char* end = nullptr;
  const long p = std::strtol(digits.c_str(), &end, 10);
  in_addr probe{};
  if (digits.empty() || *end != '\0' || p < 0 || p > 65535 || inet_pton(AF_INET, address->c_str(), &probe) != 1) {
    *err = "--listen takes an IPv4 ADDRESS:PORT, e.g. 0.0.0.0:8080; not \"" + text + "\"";
    return false;
  }
  *port = static_cast<uint16_t>(p);
  return true;
}

std::unique_ptr<HttpServer> HttpServer::Start(const HttpOptions& options, Handler handler, std::string* err) {
  std::string host;
  uint16_t port = 0;
  if (!ParseListen(options.listen, &host, &port, err)) return nullptr;
  std::unique_ptr<HttpServer> server(new HttpServer);
  server->impl_ = std::make_unique<Impl>();
  Impl& impl = *server->impl_;
  impl.handler = std::move(handler);
  impl.max_body = options.max_body;
  impl.address.sin_family = AF_INET;
  impl.address.sin_port = htons(port);
  inet_pton(AF_INET, host.c_str(), &impl.address.sin_addr);
  const bool tls = !options.tls_cert_pem.empty() && !options.tls_key_pem.empty();
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME;
  if (tls) flags |= MHD_USE_TLS;
  MHD_OptionItem tls_options[] = {
      {tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, const_cast<char*>(options.tls_cert_pem.c_str())},
      {tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, const_cast<char*>(options.tls_key_pem.c_str())},
      {MHD_OPTION_END, 0, nullptr}};
  impl.daemon = MHD_start_daemon(
      flags, port, nullptr, nullptr, &Impl::OnRequest, &impl,                                 //
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&impl.address),                      //
      MHD_OPTION_CONNECTION_LIMIT, options.max_connections,                                  //
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, options.per_address,                               //
      MHD_OPTION_CONNECTION_TIMEOUT, options.idle_timeout_s,                                 //
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(32 * 1024),                    //
      MHD_OPTION_NOTIFY_COMPLETED, &OnCompleted, nullptr,                                    //
      MHD_OPTION_ARRAY, tls_options,                                                         //
      MHD_OPTION_END);
  if (!impl.daemon) {
    *err = "cannot serve on " + options.listen + (tls ? " with that certificate and key" : "") +
           " (is the address this machine's, and the port free?)";
    return nullptr;
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(impl.daemon, MHD_DAEMON_INFO_BIND_PORT);
  server->port_ = info ? info->port : port;
  return server;
}

HttpServer::~HttpServer() {
  if (!impl_ || !impl_->daemon) return;
  // Open event streams end first (a parked connection is woken to end), so
  // that none is parked when the daemon stops.
  {
    std::lock_guard<std::mutex> lock(impl_->broadcasts_mu);
    for (const auto& weak : impl_->broadcasts)
      if (auto b = weak.lock()) b->impl()->CloseAll();
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (impl_->open_streams.load() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  MHD_stop_daemon(impl_->daemon);
}

}  // namespace kindred
