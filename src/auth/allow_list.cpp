#include "auth/allow_list.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <string>

namespace morapi::auth {
namespace {

// An address as 16 bytes (IPv4 as its IPv4-mapped IPv6 form) and the prefix length it may
// carry, counted in those 16 bytes.
struct Network {
  std::array<unsigned char, 16> bytes{};
  int prefix = 128;
};

std::string_view trimmed(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

std::optional<Network> parse_address(const std::string& text) {
  Network network;
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    network.bytes[10] = network.bytes[11] = 0xff;
    std::memcpy(network.bytes.data() + 12, &v4, 4);
    return network;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memcpy(network.bytes.data(), &v6, 16);
    return network;
  }
  return std::nullopt;
}

bool is_v4(const Network& network) {
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(network.bytes.data(), kMapped, sizeof kMapped) == 0;
}

std::optional<Network> parse_entry(std::string_view entry) {
  const size_t slash = entry.find('/');
  auto network = parse_address(std::string(entry.substr(0, slash)));
  if (!network || slash == std::string_view::npos) return network;
  const std::string_view length = entry.substr(slash + 1);
  int bits = -1;
  const auto [end, error] = std::from_chars(length.data(), length.data() + length.size(), bits);
  const int most = is_v4(*network) ? 32 : 128;
  if (error != std::errc() || end != length.data() + length.size() || bits < 0 || bits > most) {
    return std::nullopt;
  }
  network->prefix = is_v4(*network) ? 96 + bits : bits;
  return network;
}

bool contains(const Network& network, const Network& address) {
  const int whole = network.prefix / 8;
  if (std::memcmp(network.bytes.data(), address.bytes.data(), static_cast<size_t>(whole)) != 0) {
    return false;
  }
  const int rest = network.prefix % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<unsigned char>(0xff << (8 - rest));
  return (network.bytes[whole] & mask) == (address.bytes[whole] & mask);
}

template <class Visit>
void for_each_entry(std::string_view list, Visit&& visit) {
  while (true) {
    const size_t comma = list.find(',');
    const std::string_view entry = trimmed(list.substr(0, comma));
    if (!entry.empty() && visit(entry)) return;
    if (comma == std::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace

bool has_entries(std::string_view list) {
  bool any = false;
  for_each_entry(list, [&](std::string_view) { return any = true; });
  return any;
}

bool address_allowed(std::string_view list, std::string_view address) {
  const auto client = parse_address(std::string(trimmed(address)));
  if (!client) return false;
  bool allowed = false;
  for_each_entry(list, [&](std::string_view entry) {
    const auto network = parse_entry(entry);
    return allowed = network && contains(*network, *client);
  });
  return allowed;
}

}  // namespace morapi::auth
