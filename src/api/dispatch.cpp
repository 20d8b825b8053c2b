#include "api/dispatch.hpp"

#include <cctype>

#include "api/answer_once.hpp"
#include "api/checks.hpp"
#include "api/error.hpp"
#include "api/routes.hpp"
#include "metrics/scoreboard.hpp"
#include "outcome/deadline.hpp"
#include "outcome/ledger.hpp"
#include "outcome/request_key.hpp"
#include "util/log.hpp"
#include "xml/documents.hpp"
#include "xml/writer.hpp"

namespace morapi::api {
namespace {

constexpr std::string_view kHealthMethod = "_health";
// The host's counters in Prometheus' format; nginx's site config lets only listed addresses in.
constexpr std::string_view kMetricsMethod = "_metrics";

// Content type and disposition (SPEC §3): XML_API_Extension picks xml or html; test=1 renders
// inline instead of as an attachment, on every answer.
Response render(const auth::Settings* settings, const Params& params, int status,
                std::string body) {
  Response response;
  response.status = status;
  const bool xml_extension = !settings || settings->global_is_one("XML_API_Extension");
  const bool test = params.get("test") == "1";
  response.content_type =
      xml_extension && !test ? "text/xml; charset=utf-8" : "text/html; charset=utf-8";
  if (!test) {
    response.headers.emplace_back("Content-Disposition",
                                  xml_extension ? "attachment; filename=mor_api_response.xml"
                                                : "attachment; filename=mor_api_response.html");
  }
  response.body = std::move(body);
  return response;
}

Response health(Services& services) {
  const bool ok = services.database.ping();
  xml::Writer w;
  w.open("health").leaf("database", ok ? "ok" : "unavailable");
  Response response;
  response.status = ok ? 200 : 503;
  response.content_type = "text/xml; charset=utf-8";
  response.body = w.finish();
  return response;
}

Response metrics_answer() {
  Response response;
  response.status = 200;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = metrics::exposition(metrics::board(), MORAPI_VERSION);
  return response;
}

// SPEC §1: only GET and POST run a method (HEAD and OPTIONS did, with no body for the caller to
// see); morapi's own _health and _metrics also answer HEAD, for load balancers and monitors.
bool method_allowed(const std::string& http_method, const std::string& api_method) {
  if (http_method == "GET" || http_method == "POST") return true;
  return http_method == "HEAD" && (api_method == kHealthMethod || api_method == kMetricsMethod);
}

Response method_not_allowed(const Params& params) {
  Response response = render(nullptr, params, 405, xml::page_error("Method not allowed"));
  response.headers.emplace_back("Allow", "GET, POST");
  return response;
}

// 503 (SPEC 3): X-Morapi-Outcome tells whether the request changed nothing (`not-applied`) or
// may have (`unknown`).
Response unavailable(const auth::Settings* settings, const Params& params, const char* outcome) {
  Response response = render(settings, params, 503, xml::page_error("Service unavailable"));
  response.headers.emplace_back("X-Morapi-Outcome", outcome);
  return response;
}

std::chrono::seconds time_budget(const Endpoint* endpoint, const Config& config) {
  const bool batch = endpoint && endpoint->timing == Timing::batch;
  return std::chrono::seconds(batch ? config.batch_deadline : config.request_deadline);
}

// nginx's $request_id (32 lowercase hex digits); anything else a peer sends is no key.
std::optional<std::string> nginx_request_id(const Request& request) {
  const std::string& id = request.nginx_request_id;
  if (id.size() != 32) return std::nullopt;
  for (const char c : id) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && !(c >= 'a' && c <= 'f')) {
      return std::nullopt;
    }
  }
  return id;
}

outcome::LedgerTicket ledger_ticket(const Request& request, const Params& params,
                                    const Endpoint& endpoint, const Config& config,
                                    outcome::Clock::time_point deadline) {
  outcome::LedgerTicket ticket;
  ticket.method = std::string(endpoint.name);
  ticket.deadline = deadline;
  ticket.io_timeout =
      endpoint.timing == Timing::batch ? config.batch_db_io_timeout : config.db_io_timeout;
  ticket.nginx_request_id = nginx_request_id(request);
  ticket.params = &params;
  ticket.key_lifetime = config.request_id_lifetime;
  ticket.nginx_id_lifetime = config.nginx_request_id_lifetime;
  return ticket;
}

Response run_endpoint(const Request& request, const Params& params, Services& services,
                      Outcome& outcome, const Endpoint& endpoint, const auth::Settings& settings,
                      outcome::Clock::time_point deadline) {
  const bool is_get = request.http_method == "GET";
  if (!settings.global_is_one("Allow_API")) {
    return render(&settings, params, 200, xml::status_error("API Requests are disabled"));
  }
  if (is_get && !settings.global_is_one("Allow_GET_API")) {
    return render(&settings, params, 200, xml::status_error("GET Requests are disabled"));
  }
  // In force from here to the answer: the deadline, and the ledger of what the request changed.
  outcome::RequestLedger ledger(
      services.database, ledger_ticket(request, params, endpoint, services.config, deadline));
  const std::string* u = params.find("u");
  if (u) outcome.caller = *u;
  ApiContext ctx{request,  params,        services,
                 settings, endpoint.name, u ? services.directory.find_user(*u) : std::nullopt};
  const auto error_answer = [&](ErrorStage stage, std::string_view message) {
    return render(&settings, params, 200,
                  xml::error_document(endpoint.errors.of(stage), std::string(message)));
  };
  try {
    admit_client(ctx);
    const auth::User& caller = endpoint.checks(ctx);
    return render(&settings, params, 200, answer_once(ctx, endpoint, caller, ledger));
  } catch (const ApiError& error) {
    if (!error.detail.empty()) log::warn(error.detail);
    outcome.answer_delay = ctx.answer_delay;
    return error_answer(error.stage, error.what());
  } catch (const outcome::KeyRefused& error) {
    return error_answer(ErrorStage::method, error.what());
  } catch (const db::Unavailable&) {
    throw;
  } catch (const std::exception& error) {
    // Every transaction rolled back (a COMMIT whose answer was lost was resolved, or is a 503):
    // the failure message means that nothing changed.
    log::error(std::string(endpoint.name) + " failed: " + error.what());
    return error_answer(ErrorStage::method, endpoint.failure_message);
  }
}

}  // namespace

std::string method_name(const std::string& path) {
  const size_t api = path.find("/api/");
  if (api == std::string::npos) return "";
  const size_t start = api + 5;
  return path.substr(start, path.find('/', start) - start);
}

Response dispatch(const Request& request, Services& services, Outcome& outcome) {
  outcome.method = method_name(request.path);
  outcome.caller = "-";
  if (outcome.method.empty()) outcome.method = "-";
  const auth::Settings* settings = nullptr;
  // Read first, so that every answer sees test=1 (a body over the limit was not read: then the
  // query string alone).
  Params params;
  try {
    params = collect_params(request);
    // Before anything else: such a request runs nothing.
    if (!method_allowed(request.http_method, outcome.method)) return method_not_allowed(params);
    if (request.body_too_large) {
      return render(nullptr, params, 413, xml::page_error("Request body is too large"));
    }
    // A body shorter than its CONTENT_LENGTH (the peer ended its stdin early): it runs nothing,
    // and says so in the shape of nginx's own 400 page.
    if (request.incomplete) return render(nullptr, params, 400, xml::page_error("Bad request"));
    const Endpoint* endpoint = find_endpoint(outcome.method);
    const auto deadline = outcome::request_deadline(
        request, time_budget(endpoint, services.config),
        std::chrono::milliseconds(services.config.clock_skew_tolerance_ms));
    // It waited for a worker past its deadline (its client may have given up): it runs nothing.
    // One with a request id goes on to its checks, to be told what an earlier copy of it did.
    const bool has_request_id = request.idempotency_key || params.has("request_id") ||
                                nginx_request_id(request).has_value();
    if (outcome::Clock::now() >= deadline && !(endpoint && has_request_id)) {
      log::warn("a request waited for a worker past its deadline; not run");
      return unavailable(nullptr, params, "not-applied");
    }
    if (outcome.method == kHealthMethod) return health(services);
    if (outcome.method == kMetricsMethod) return metrics_answer();
    settings = &services.directory.settings();
    if (!endpoint) return render(settings, params, 404, xml::status_error("There is no such API"));
    return run_endpoint(request, params, services, outcome, *endpoint, *settings, deadline);
  } catch (const db::Unavailable& error) {
    // Every request while the database is down: one line a second for the host, with a count.
    log::write_repeated(log::Repeated::database_unavailable, log::Level::error, error.what());
    if (std::string_view(error.outcome) == "unknown") metrics::count_outcome_unknown();
    return unavailable(settings, params, error.outcome);
  } catch (const std::exception& error) {
    log::error(std::string("request failed before its method ran: ") + error.what());
    return unavailable(settings, params, "not-applied");
  }
}

}  // namespace morapi::api
