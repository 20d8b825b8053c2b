#include "http/fcgi_io.hpp"

#include <fcgiapp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "http/io_deadline.hpp"

namespace morapi {

struct FcgiConnection::Impl {
  Impl(int listen, int timeout) : listen_fd(listen), io_timeout(timeout) {}
  FCGX_Request request{};
  int listen_fd;
  int io_timeout;
  IoDeadline deadline;
  bool accepted = false;
  bool head_timed_out = false;  // the last accept() lost its peer to the deadline
  bool input_drained = false;   // the request's stdin was read to its end (FCGI_STDIN's EOF)
};

namespace {

std::string param(FCGX_Request& request, const char* name) {
  const char* value = FCGX_GetParam(name, request.envp);
  return value ? value : "";
}

}  // namespace

FcgiConnection::FcgiConnection(int listen_fd, int io_timeout)
    : impl_(std::make_unique<Impl>(listen_fd, io_timeout)) {
  FCGX_Init();
  // No listening socket for libfcgi: it must never accept a connection by itself (it would do so
  // after dropping a bad one), as that connection would have no deadline yet.
  FCGX_InitRequest(&impl_->request, -1, 0);
}

FcgiConnection::~FcgiConnection() {
  finish();
  FCGX_Free(&impl_->request, 1);
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
  impl_->request.ipcFd = fd;
  impl_->request.keepConnection = 1;
  if (FCGX_Accept_r(&impl_->request) < 0) {
    impl_->head_timed_out = impl_->deadline.expired();
    impl_->deadline.stop();
    return false;
  }
  impl_->accepted = true;
  return true;
}

Request FcgiConnection::read_request(long max_body) {
  FCGX_Request& r = impl_->request;
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
  if (const char* key = FCGX_GetParam("HTTP_IDEMPOTENCY_KEY", r.envp))
    request.idempotency_key = key;
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
  impl_->input_drained = !request.incomplete && FCGX_HasSeenEOF(r.in) != 0;
  // Half a body is no body: none of its fields may count (the answer is 400, dispatch()).
  if (request.incomplete) request.body.clear();
  // The peer's time ends with its request; an incomplete one is closed on what is left of it.
  if (!request.incomplete) impl_->deadline.stop();
  return request;
}

void FcgiConnection::write(const Response& response) {
  std::string head = "Status: " + std::to_string(response.status) + " " +
                     status_text(response.status) + "\r\nContent-Type: " + response.content_type +
                     "\r\nContent-Length: " + std::to_string(response.body.size()) + "\r\n";
  for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  impl_->deadline.start(impl_->request.ipcFd, impl_->io_timeout);
  // A client that went away makes these fail; there is nobody left to tell.
  FCGX_PutStr(head.data(), static_cast<int>(head.size()), impl_->request.out);
  FCGX_PutStr(response.body.data(), static_cast<int>(response.body.size()), impl_->request.out);
}

void FcgiConnection::finish() {
  if (!impl_->accepted) return;
  if (!impl_->deadline.running()) impl_->deadline.start(impl_->request.ipcFd, impl_->io_timeout);
  // Closed after every request, FCGI_KEEP_CONN or not: nginx then opens a new connection, and a
  // peer cannot keep a worker waiting for its next request.
  impl_->request.keepConnection = 0;
  // libfcgi's close is a lingering one (shutdown, then read until the peer closes, up to 2 s), so
  // that unread input cannot make the kernel answer with a reset that loses the answer. Once the
  // request's stdin was read to its end there is no unread input: a plain close() then frees the
  // worker at once instead of after nginx has read the answer and closed its end (3 system
  // calls and a wait a request). `detached` is how libfcgi 2.4 picks the plain close.
  impl_->request.detached = impl_->input_drained ? 1 : 0;
  FCGX_Finish_r(&impl_->request);
  impl_->input_drained = false;
  // libfcgi has closed the descriptor (its last step, nothing opened since): no limit for it now.
  impl_->deadline.stop();
  impl_->accepted = false;
}

bool FcgiConnection::timed_out() const {
  return impl_->head_timed_out;
}

}  // namespace morapi
