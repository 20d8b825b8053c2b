#pragma once
#include <chrono>

#include "http/request.hpp"

namespace morapi::outcome {

using Clock = std::chrono::steady_clock;

// When a request must have committed by (SPEC 5): `budget` after nginx received it (its $msec in
// MORAPI_RECEIVED_AT, a wall-clock time: across hosts the clocks must be synchronized), or after
// the worker accepted it from a peer that does not send that. A receive time in the future by
// more than `skew_tolerance` is logged loudly (the clocks disagree) and counted as now.
Clock::time_point request_deadline(const Request& request, std::chrono::seconds budget,
                                   std::chrono::milliseconds skew_tolerance);

// "1764633600.123" (seconds since the epoch, as nginx's $msec): milliseconds, or -1 when the text
// is not such a time.
long long parse_msec(const std::string& text);

}  // namespace morapi::outcome
