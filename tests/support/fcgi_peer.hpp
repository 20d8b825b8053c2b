#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "support/fcgi_client.hpp"
#include "support/socket_io.hpp"

namespace morapi::testing {

// A FastCGI peer that the test drives byte by byte, for the peers a server must not wait on:
// one that stalls or drips its request, or keeps its connection after the answer. It sends what
// it is told when it is told, and notes when the server ended the connection.
class FcgiPeer {
 public:
  using Clock = std::chrono::steady_clock;

  // Connects to a unix socket path or host:port; throws std::runtime_error if that fails.
  explicit FcgiPeer(const std::string& address);

  // Sends all of bytes now; false if the server no longer takes bytes.
  bool send(const std::string& bytes);
  // Sends bytes one at a time, one every interval, then goes on waiting, until the server no
  // longer takes bytes or limit passes. True when it stopped taking them.
  bool drip(const std::string& bytes, std::chrono::milliseconds interval,
            std::chrono::milliseconds limit);
  // Reads the answer to one request (up to its FCGI_END_REQUEST); throws std::runtime_error if
  // the connection ends first or timeout passes.
  FcgiResult read_answer(std::chrono::milliseconds timeout);
  // Waits up to limit for the server to end the connection (its end of stream, or a refused
  // byte); true if it did.
  bool wait_ended(std::chrono::milliseconds limit);

  Clock::time_point connected_at() const { return connected_at_; }
  // When the server refused a byte (it closed or shut down the connection), or its end of
  // stream came if that was first; nullopt while neither happened.
  std::optional<Clock::time_point> ended_at() const;
  // When the server refused a byte; nullopt while it takes them.
  std::optional<Clock::time_point> refused_at() const { return refused_at_; }

 private:
  // Waits up to timeout for something to read and reads it; notes the server's end of stream
  // or a reset.
  void receive(std::chrono::milliseconds timeout);

  Clock::time_point connected_at_;
  detail::Socket socket_;
  std::string received_;
  std::optional<Clock::time_point> eof_at_;
  std::optional<Clock::time_point> refused_at_;
};

// The offset of the first record of the given type in FastCGI bytes (npos if there is none).
size_t first_fcgi_record(const std::string& bytes, unsigned char type);

// Seconds from one time point to the next.
double seconds_between(std::chrono::steady_clock::time_point from,
                       std::chrono::steady_clock::time_point to);

}  // namespace morapi::testing
