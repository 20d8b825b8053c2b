#pragma once
#include <string_view>

namespace morapi::auth {

// An owner's "Restrict API access by IP" list (conflines morapi_API_Allowed_IPs): addresses and
// CIDR networks, IPv4 or IPv6, separated by commas (spaces around them ignored). Whether
// `address` (nginx's real_ip result, REMOTE_ADDR) is on it; an IPv4-mapped IPv6 address counts
// as its IPv4 address. An entry that does not parse matches nothing, so a typo closes rather
// than opens; a list with no entries at all restricts nothing.
bool address_allowed(std::string_view list, std::string_view address);
// Whether the list has any entry (blank or only commas: none).
bool has_entries(std::string_view list);

}  // namespace morapi::auth
