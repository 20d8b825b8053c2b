#include "api/dispatch.hpp"

#include "api/error.hpp"
#include "api/routes.hpp"
#include "util/log.hpp"
#include "xml/documents.hpp"
#include "xml/writer.hpp"

namespace morapi::api {
namespace {

constexpr std::string_view kHealthMethod = "_health";

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

// SPEC §1: only GET and POST run a method (HEAD and OPTIONS did, with no body for the caller to
// see); morapi's own _health also answers HEAD, for load balancers.
bool method_allowed(const std::string& http_method, const std::string& api_method) {
  if (http_method == "GET" || http_method == "POST") return true;
  return http_method == "HEAD" && api_method == kHealthMethod;
}

Response method_not_allowed(const Params& params) {
  Response response = render(nullptr, params, 405, xml::page_error("Method not allowed"));
  response.headers.emplace_back("Allow", "GET, POST");
  return response;
}

Response run_endpoint(const Request& request, const Params& params, Services& services,
                      Outcome& outcome, const Endpoint& endpoint, const auth::Settings& settings) {
  const bool is_get = request.http_method == "GET";
  if (!settings.global_is_one("Allow_API")) {
    return render(&settings, params, 200, xml::status_error("API Requests are disabled"));
  }
  if (is_get && !settings.global_is_one("Allow_GET_API")) {
    return render(&settings, params, 200, xml::status_error("GET Requests are disabled"));
  }
  const std::string* u = params.find("u");
  if (u) outcome.caller = *u;
  ApiContext ctx{request, params, services, settings,
                 u ? services.directory.find_user(*u) : std::nullopt};
  const auto failure = [&] {
    return render(&settings, params, 200,
                  xml::error_document(endpoint.errors.method, endpoint.failure_message));
  };
  try {
    return render(&settings, params, 200, endpoint.handler(ctx));
  } catch (const ApiError& error) {
    if (!error.detail.empty()) log::warn(error.detail);
    return render(&settings, params, 200,
                  xml::error_document(endpoint.errors.of(error.stage), error.what()));
  } catch (const db::CommitOutcomeUnknown& error) {
    log::fail(std::string(endpoint.name) +
              ": OUTCOME UNKNOWN, check the database: " + error.what());
    return failure();
  } catch (const db::Unavailable&) {
    throw;
  } catch (const std::exception& error) {
    log::error(std::string(endpoint.name) + " failed: " + error.what());
    return failure();
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
    if (outcome.method == kHealthMethod) return health(services);
    settings = &services.directory.settings();
    const Endpoint* endpoint = find_endpoint(outcome.method);
    if (!endpoint) return render(settings, params, 404, xml::status_error("There is no such API"));
    return run_endpoint(request, params, services, outcome, *endpoint, *settings);
  } catch (const db::Unavailable& error) {
    log::error(error.what());
    return render(settings, params, 503, xml::page_error("Service unavailable"));
  } catch (const std::exception& error) {
    log::error(std::string("request failed before its method ran: ") + error.what());
    return render(settings, params, 503, xml::page_error("Service unavailable"));
  }
}

}  // namespace morapi::api
