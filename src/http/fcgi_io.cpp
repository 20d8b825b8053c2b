#include "http/fcgi_io.hpp"

#include <fcgiapp.h>

#include <cstdlib>
#include <string>

namespace morapi {

struct FcgiConnection::Impl {
  FCGX_Request request{};
  bool accepted = false;
};

namespace {

std::string param(FCGX_Request& request, const char* name) {
  const char* value = FCGX_GetParam(name, request.envp);
  return value ? value : "";
}

}  // namespace

FcgiConnection::FcgiConnection(int listen_fd) : impl_(std::make_unique<Impl>()) {
  FCGX_Init();
  // FAIL_ACCEPT_ON_INTR: a signal (SIGTERM, SIGHUP) makes accept return so the worker can stop.
  FCGX_InitRequest(&impl_->request, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
}

FcgiConnection::~FcgiConnection() {
  finish();
  FCGX_Free(&impl_->request, 1);
}

bool FcgiConnection::accept() {
  impl_->accepted = FCGX_Accept_r(&impl_->request) >= 0;
  return impl_->accepted;
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
  if (request.path.empty()) {
    request.path = request.request_uri.substr(0, request.request_uri.find('?'));
  }
  if (request.path.empty()) request.path = param(r, "SCRIPT_NAME") + param(r, "PATH_INFO");

  const std::string length_text = param(r, "CONTENT_LENGTH");
  const long length = length_text.empty() ? -1 : std::strtol(length_text.c_str(), nullptr, 10);
  if (length > max_body) {
    request.body_too_large = true;
    return request;
  }
  // Without a length, read to the end of the stream but never past the limit.
  const long wanted = length >= 0 ? length : max_body + 1;
  request.body.resize(static_cast<size_t>(wanted));
  long got = 0;
  while (got < wanted) {
    const int n = FCGX_GetStr(request.body.data() + got, static_cast<int>(wanted - got), r.in);
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
  return request;
}

void FcgiConnection::write(const Response& response) {
  std::string head = "Status: " + std::to_string(response.status) + " " +
                     status_text(response.status) + "\r\nContent-Type: " + response.content_type +
                     "\r\nContent-Length: " + std::to_string(response.body.size()) + "\r\n";
  for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  // A client that went away makes these fail; there is nobody left to tell.
  FCGX_PutStr(head.data(), static_cast<int>(head.size()), impl_->request.out);
  FCGX_PutStr(response.body.data(), static_cast<int>(response.body.size()), impl_->request.out);
}

void FcgiConnection::finish() {
  if (!impl_->accepted) return;
  FCGX_Finish_r(&impl_->request);
  impl_->accepted = false;
}

}  // namespace morapi
