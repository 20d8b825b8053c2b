#include "http/fcgi_io.hpp"

#include <fcgiapp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "http/io_deadline.hpp"

namespace morapi {

namespace {

// One request on its connection. On the heap: libfcgi's streams point back at their
// FCGX_Request, so a held one must not move.
struct Exchange {
  Exchange() : request(std::make_unique<FCGX_Request>()) {
    FCGX_Init();  // once per process; later calls return at once
    FCGX_InitRequest(request.get(), -1, 0);
  }
  std::unique_ptr<FCGX_Request> request;
  bool input_drained = false;  // the request's stdin was read to its end (FCGI_STDIN's EOF)
};

// An answer that goes out at `due` (hold()).
struct Held {
  Exchange exchange;
  Response response;
  FcgiConnection::Clock::time_point due;
};

// More held answers than this: the one due first goes out at once (each holds a descriptor).
constexpr size_t kMaxHeld = 256;

}  // namespace

struct FcgiConnection::Impl {
  Impl(int listen, int timeout) : listen_fd(listen), io_timeout(timeout) {}
  void write(Exchange& exchange, const Response& response);
  void finish(Exchange& exchange);
  void answer_held(size_t index);

  Exchange current;
  int listen_fd;
  int io_timeout;
  IoDeadline deadline;
  bool accepted = false;
  bool head_timed_out = false;  // the last accept() lost its peer to the deadline
  std::vector<Held> held;
};

namespace {

std::optional<std::string> optional_param(FCGX_Request& request, const char* name) {
  const char* value = FCGX_GetParam(name, request.envp);
  if (!value) return std::nullopt;
  return std::string(value);
}

// A param's value, "" when absent.
std::string param(FCGX_Request& request, const char* name) {
  return optional_param(request, name).value_or("");
}

}  // namespace

FcgiConnection::FcgiConnection(int listen_fd, int io_timeout)
    : impl_(std::make_unique<Impl>(listen_fd, io_timeout)) {
  // No listening socket for libfcgi (Exchange: -1): it must never accept a connection by itself
  // (it would do so after dropping a bad one), as that connection would have no deadline yet.
}

FcgiConnection::~FcgiConnection() {
  answer_all();
  finish();
  FCGX_Free(impl_->current.request.get(), 1);
}

bool FcgiConnection::accept() {
  impl_->head_timed_out = false;
  sockaddr_storage peer{};
  socklen_t size = sizeof peer;
  const int fd = accept4(impl_->listen_fd, reinterpret_cast<sockaddr*>(&peer), &size, SOCK_CLOEXEC);
  if (fd < 0) return false;
  if (peer.ss_family == AF_INET || peer.ss_family == AF_INET6) {
    const int one = 1;  // an answer goes out whole; nothing is gained by holding back a packet
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  impl_->deadline.start(fd, impl_->io_timeout);
  // libfcgi reads a connection it holds as the one a previous request kept open (two fields
  // below the "Don't use" line of libfcgi 2.4's fcgiapp.h; peers_test proves the hand-over):
  // so it reads this one. On a bad or late head it closes the connection and fails.
  FCGX_Request& request = *impl_->current.request;
  request.ipcFd = fd;
  request.keepConnection = 1;
  if (FCGX_Accept_r(&request) < 0) {
    impl_->head_timed_out = impl_->deadline.expired();
    impl_->deadline.stop();
    return false;
  }
  impl_->accepted = true;
  return true;
}

Request FcgiConnection::read_request(long max_body) {
  FCGX_Request& r = *impl_->current.request;
  Request request;
  request.http_method = param(r, "REQUEST_METHOD");
  request.query_string = param(r, "QUERY_STRING");
  request.request_uri = param(r, "REQUEST_URI");
  request.content_type = param(r, "CONTENT_TYPE");
  request.remote_addr = param(r, "REMOTE_ADDR");
  request.accept_encoding = param(r, "HTTP_ACCEPT_ENCODING");
  request.path = param(r, "DOCUMENT_URI");
  request.received_at = param(r, "MORAPI_RECEIVED_AT");
  request.nginx_request_id = param(r, "MORAPI_REQUEST_ID");
  request.idempotency_key = optional_param(r, "HTTP_IDEMPOTENCY_KEY");
  request.strong_signature.timestamp = optional_param(r, "HTTP_X_MORAPI_TIMESTAMP");
  request.strong_signature.nonce = optional_param(r, "HTTP_X_MORAPI_NONCE");
  request.strong_signature.signature = optional_param(r, "HTTP_X_MORAPI_SIGNATURE");
  if (request.path.empty()) {
    request.path = request.request_uri.substr(0, request.request_uri.find('?'));
  }
  if (request.path.empty()) request.path = param(r, "SCRIPT_NAME") + param(r, "PATH_INFO");

  const std::string length_text = param(r, "CONTENT_LENGTH");
  const long length = length_text.empty() ? -1 : std::strtol(length_text.c_str(), nullptr, 10);
  if (length > max_body) {
    request.body_too_large = true;
    impl_->deadline.stop();
    return request;
  }
  // Without a length (nginx sends an empty CONTENT_LENGTH for every GET), read to the end of the
  // stream but never past the limit, in small steps: sizing the buffer for the limit up front
  // zeroed 64 KB for each GET, most of which have no body at all.
  const long wanted = length >= 0 ? length : max_body + 1;
  constexpr long kStep = 4096;
  long got = 0;
  while (got < wanted) {
    const long room = length >= 0 ? wanted - got : std::min(kStep, wanted - got);
    request.body.resize(static_cast<size_t>(got + room));
    const int n = FCGX_GetStr(request.body.data() + got, static_cast<int>(room), r.in);
    if (n <= 0) break;
    got += n;
  }
  request.body.resize(static_cast<size_t>(got));
  // An interrupted read (io_timeout) or a peer gone leaves an error on the stream; a body
  // shorter than its CONTENT_LENGTH is cut off too.
  request.incomplete = FCGX_GetError(r.in) != 0 || (length >= 0 && got < length);
  if (got > max_body) {
    request.body_too_large = true;
    request.body.clear();
  }
  impl_->current.input_drained = !request.incomplete && FCGX_HasSeenEOF(r.in) != 0;
  // Half a body is no body: none of its fields may count (the answer is 400, dispatch()).
  if (request.incomplete) request.body.clear();
  // The peer's time ends with its request; an incomplete one is closed on what is left of it.
  if (!request.incomplete) impl_->deadline.stop();
  return request;
}

void FcgiConnection::Impl::write(Exchange& exchange, const Response& response) {
  std::string head = "Status: " + std::to_string(response.status) + " " +
                     status_text(response.status) + "\r\nContent-Type: " + response.content_type +
                     "\r\nContent-Length: " + std::to_string(response.body.size()) + "\r\n";
  for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  FCGX_Request& request = *exchange.request;
  deadline.start(request.ipcFd, io_timeout);
  // A client that went away makes these fail; there is nobody left to tell.
  FCGX_PutStr(head.data(), static_cast<int>(head.size()), request.out);
  FCGX_PutStr(response.body.data(), static_cast<int>(response.body.size()), request.out);
}

void FcgiConnection::Impl::finish(Exchange& exchange) {
  FCGX_Request& request = *exchange.request;
  if (!deadline.running()) deadline.start(request.ipcFd, io_timeout);
  // Closed after every request, FCGI_KEEP_CONN or not: nginx then opens a new connection, and a
  // peer cannot keep a worker waiting for its next request.
  request.keepConnection = 0;
  // libfcgi's close is a lingering one (shutdown, then read until the peer closes, up to 2 s), so
  // that unread input cannot make the kernel answer with a reset that loses the answer. Once the
  // request's stdin was read to its end there is no unread input: a plain close() then frees the
  // worker at once instead of after nginx has read the answer and closed its end (3 system
  // calls and a wait a request). `detached` is how libfcgi 2.4 picks the plain close.
  request.detached = exchange.input_drained ? 1 : 0;
  FCGX_Finish_r(&request);
  exchange.input_drained = false;
  // libfcgi has closed the descriptor (its last step, nothing opened since): no limit for it now.
  deadline.stop();
}

void FcgiConnection::Impl::answer_held(size_t index) {
  Held held_answer = std::move(held[index]);
  held.erase(held.begin() + static_cast<std::ptrdiff_t>(index));
  write(held_answer.exchange, held_answer.response);
  finish(held_answer.exchange);
}

void FcgiConnection::write(const Response& response) {
  impl_->write(impl_->current, response);
}

void FcgiConnection::finish() {
  if (!impl_->accepted) return;
  impl_->finish(impl_->current);
  impl_->accepted = false;
}

void FcgiConnection::hold(Response response, Clock::time_point due) {
  if (!impl_->accepted) return;
  if (impl_->held.size() >= kMaxHeld) {
    const auto first = std::min_element(impl_->held.begin(), impl_->held.end(),
                                        [](const Held& a, const Held& b) { return a.due < b.due; });
    impl_->answer_held(static_cast<size_t>(first - impl_->held.begin()));
  }
  impl_->held.push_back(Held{std::move(impl_->current), std::move(response), due});
  impl_->current = Exchange();
  impl_->accepted = false;
}

std::optional<FcgiConnection::Clock::time_point> FcgiConnection::next_due() const {
  std::optional<Clock::time_point> first;
  for (const Held& held : impl_->held) {
    if (!first || held.due < *first) first = held.due;
  }
  return first;
}

void FcgiConnection::answer_due(Clock::time_point now) {
  for (size_t i = 0; i < impl_->held.size();) {
    if (impl_->held[i].due <= now) {
      impl_->answer_held(i);
    } else {
      ++i;
    }
  }
}

void FcgiConnection::answer_all() {
  while (!impl_->held.empty()) impl_->answer_held(0);
}

size_t FcgiConnection::held() const {
  return impl_->held.size();
}

bool FcgiConnection::timed_out() const {
  return impl_->head_timed_out;
}

}  // namespace morapi
