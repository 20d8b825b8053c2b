#include "support/fcgi_peer.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <thread>

namespace morapi::testing {

FcgiPeer::FcgiPeer(const std::string& address)
    : connected_at_(Clock::now()),
      socket_(detail::connect_to(address, Clock::now() + std::chrono::seconds(5))) {}

bool FcgiPeer::send(const std::string& bytes) {
  size_t sent = 0;
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!refused_at_ && sent < bytes.size()) {
    const ssize_t n = ::send(socket_.fd(), bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
    } else if (errno == EAGAIN || errno == EINTR) {
      if (Clock::now() > deadline) throw std::runtime_error("the server does not read");
      receive(std::chrono::milliseconds(10));
    } else {
      refused_at_ = Clock::now();  // EPIPE or ECONNRESET: the server stopped reading for good
    }
  }
  return !refused_at_;
}

bool FcgiPeer::drip(const std::string& bytes, std::chrono::milliseconds interval,
                    std::chrono::milliseconds limit) {
  const auto end = Clock::now() + limit;
  for (const char byte : bytes) {
    if (Clock::now() >= end) return false;
    receive(interval);
    if (refused_at_ || !send(std::string(1, byte))) return true;
  }
  while (!refused_at_ && Clock::now() < end) receive(interval);
  return refused_at_.has_value();
}

FcgiResult FcgiPeer::read_answer(std::chrono::milliseconds timeout) {
  const auto end = Clock::now() + timeout;
  FcgiResult result;
  size_t parsed = 0;
  while (!read_fcgi_records(received_, parsed, result)) {
    if (ended_at()) throw std::runtime_error("connection ended before FCGI_END_REQUEST");
    if (Clock::now() >= end) throw std::runtime_error("no answer within the timeout");
    receive(std::chrono::milliseconds(20));
  }
  received_.erase(0, parsed);
  return result;
}

bool FcgiPeer::wait_ended(std::chrono::milliseconds limit) {
  const auto end = Clock::now() + limit;
  while (!ended_at() && Clock::now() < end) receive(std::chrono::milliseconds(20));
  return ended_at().has_value();
}

std::optional<FcgiPeer::Clock::time_point> FcgiPeer::ended_at() const {
  if (eof_at_ && refused_at_) return std::min(*eof_at_, *refused_at_);
  return eof_at_ ? eof_at_ : refused_at_;
}

void FcgiPeer::receive(std::chrono::milliseconds timeout) {
  // After the server's end of stream the socket stays readable: just wait.
  if (eof_at_ || refused_at_) {
    std::this_thread::sleep_for(timeout);
    return;
  }
  pollfd pfd{socket_.fd(), POLLIN, 0};
  if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return;
  char buffer[4096];
  const ssize_t n = ::recv(socket_.fd(), buffer, sizeof buffer, 0);
  if (n > 0) {
    received_.append(buffer, static_cast<size_t>(n));
  } else if (n == 0) {
    eof_at_ = Clock::now();
  } else if (errno != EAGAIN && errno != EINTR) {
    refused_at_ = Clock::now();  // a reset: the server closed with our bytes unread
  }
}

size_t first_fcgi_record(const std::string& bytes, unsigned char type) {
  size_t offset = 0;
  while (offset + 8 <= bytes.size()) {
    if (static_cast<unsigned char>(bytes[offset + 1]) == type) return offset;
    const size_t length = static_cast<unsigned char>(bytes[offset + 4]) << 8 |
                          static_cast<unsigned char>(bytes[offset + 5]);
    offset += 8 + length + static_cast<unsigned char>(bytes[offset + 6]);
  }
  return std::string::npos;
}

double seconds_between(std::chrono::steady_clock::time_point from,
                       std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace morapi::testing
