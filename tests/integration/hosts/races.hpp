#pragma once
// Requests sent to two app hosts at the same moment (issue 10): the same DID, the same CLI, the
// same idempotency key, overlapping card batches. Each returns both answers.
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "support/http_response.hpp"

namespace morapi::testing::hosts {

using Pair = std::pair<HttpResponse, HttpResponse>;

// Runs first() and second() on two threads released together; returns their answers.
Pair at_once(const std::function<HttpResponse()>& first,
             const std::function<HttpResponse()>& second);

// A signed GET to morapi at endpoint (host:port) over FastCGI, with headers.
HttpResponse get_from(const std::string& endpoint, const std::string& uri,
                      const std::map<std::string, std::string>& headers = {});

}  // namespace morapi::testing::hosts
