#pragma once
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace morapi {

// True when an Accept-Encoding header allows gzip ("gzip", "x-gzip" or "*", without q=0).
bool accepts_gzip(std::string_view accept_encoding);
// The gzip (RFC 1952) form of `data`.
std::string gzip_compress(std::string_view data);
// Compresses the body when the client allows it. Every answer says that it varies by
// Accept-Encoding, so caches keep the two forms apart.
void encode_for_client(const Request& request, Response& response);

}  // namespace morapi
