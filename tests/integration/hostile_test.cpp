// The hostile-request table (issue 9, part 2): the rows of hostile/rows_*.hpp, each sent
// straight over FastCGI and through nginx with the shipped site config, to ONE worker. After
// each row: the exact status and body, Content-Disposition (and Allow on a 405), the body parses
// with libxml2 as MOR-shaped XML (a <page> or <status> document), the worker is alive with the
// same pid, and no table changed but the row's own `changes`.
#define BOOST_TEST_MODULE hostile
#include <libxml/parser.h>

#include <boost/test/unit_test.hpp>

#include "fixture.hpp"
#include "hostile/rows.hpp"
#include "hostile/table_watch.hpp"
#include "support/http_client.hpp"
#include "support/nginx.hpp"
#include "support/paths.hpp"

using namespace morapi::testing;
using namespace morapi::testing::hostile;

namespace {

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : " ") + name;
  return out.empty() ? "none" : out;
}

// Alive and not a zombie: a worker that died is replaced by the master under another pid.
bool alive(pid_t pid) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

// A well-formed XML document whose root is MOR's <page> or <status>.
bool mor_shaped(const std::string& body) {
  xmlDocPtr doc = xmlReadMemory(body.data(), static_cast<int>(body.size()), "answer.xml", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) return false;
  const xmlNode* root = xmlDocGetRootElement(doc);
  const bool ok = root && (xmlStrcmp(root->name, BAD_CAST "page") == 0 ||
                           xmlStrcmp(root->name, BAD_CAST "status") == 0);
  xmlFreeDoc(doc);
  return ok && body.starts_with(declaration());
}

// The rows' own objects beside sql/demo.sql (hostile/rows.hpp says which row needs which).
void load_fixture(Stack& stack) {
  stack.exec(kFixtureSql);
}

class Runner {
 public:
  Runner(Stack& stack, Via via, int port) : stack_(stack), via_(via), port_(port), watch_(stack) {
    const auto workers = stack.workers();
    BOOST_REQUIRE(workers.size() == 1);
    worker_ = workers.front();
  }

  void run(const Row& row) {
    if (row.via != Via::both && row.via != via_) return;
    ++ran_;
    ++per_group_[row.group];
    BOOST_TEST_CONTEXT(row.group << " / " << row.name) {
      const Expect& expect = via_ == Via::nginx && row.nginx ? *row.nginx : row.expect;
      HttpResponse response;
      try {
        response = send(row);
      } catch (const std::exception& error) {
        BOOST_ERROR("no answer: " << error.what());
      }
      BOOST_TEST(response.status == expect.status);
      if (expect.contains) {
        BOOST_TEST(response.body.find(expect.body) != std::string::npos, response.body);
      } else {
        BOOST_TEST(response.body == expect.body);
      }
      const bool head = row.method == "HEAD" || row.raw.starts_with("HEAD ");
      if (!(head && via_ == Via::nginx)) BOOST_TEST(mor_shaped(response.body), response.body);
      const std::string type = response.header("Content-Type");
      BOOST_TEST((type.starts_with("text/xml") || type.starts_with("text/html")), type);
      BOOST_TEST(response.header("Content-Disposition") ==
                 (expect.attachment ? "attachment; filename=mor_api_response.xml" : ""));
      BOOST_TEST(response.header("Allow") == (expect.allow ? "GET, POST" : ""));
      if (!alive(worker_)) {
        BOOST_ERROR("the worker is gone:\n" << stack_.log());
        const auto workers = stack_.workers();
        if (!workers.empty()) worker_ = workers.front();
      }
      BOOST_TEST(joined(watch_.changed()) == joined(row.changes));
      for (const auto& [sql, value] : row.stored) {
        BOOST_TEST_CONTEXT(sql) {
          BOOST_TEST(stack_.scalar(sql) == value);
        }
      }
    }
  }
  int ran() const { return ran_; }
  const std::map<std::string, int>& per_group() const { return per_group_; }

 private:
  HttpResponse send(const Row& row) {
    if (via_ == Via::nginx) {
      if (!row.raw.empty()) return http_raw("127.0.0.1", port_, row.raw);
      auto headers = row.headers;
      if (!row.content_type.empty()) headers.emplace_back("Content-Type", row.content_type);
      return http_request("127.0.0.1", port_, row.method, row.uri, row.body, headers);
    }
    FcgiRequest request;
    request.method = row.method;
    request.uri = row.uri;
    request.body = row.body;
    request.content_type = row.content_type;
    for (const auto& [name, value] : row.headers) request.headers[name] = value;
    request.extra_params = row.params;
    return stack_.send(request);
  }

  Stack& stack_;
  Via via_;
  int port_;
  TableWatch watch_;
  pid_t worker_ = -1;
  int ran_ = 0;
  std::map<std::string, int> per_group_;
};

void only_hash_failures_were_logged(Stack& stack) {
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM actions WHERE user_id <> -1 OR action <> "
                          "'error' OR data <> 'API : Incorrect hash'") == "0");
}

void run_table(Via via) {
  Stack stack(1, {"--max_cards=" + std::to_string(kMaxCards)});
  load_fixture(stack);
  std::optional<Nginx> nginx;
  if (via == Via::nginx) nginx.emplace(stack.socket(), free_tcp_port());
  Runner runner(stack, via, nginx ? nginx->port() : 0);
  const auto table = rows();
  for (const Row& row : table) runner.run(row);
  BOOST_TEST_MESSAGE(runner.ran() << " of " << table.size() << " hostile rows over "
                                  << (via == Via::nginx ? "nginx" : "FastCGI"));
  for (const auto& [group, count] : runner.per_group())
    BOOST_TEST_MESSAGE("  " << group << ": " << count);
  only_hash_failures_were_logged(stack);
}

}  // namespace

BOOST_AUTO_TEST_CASE(straight_over_fastcgi) {
  run_table(Via::fcgi);
}

BOOST_AUTO_TEST_CASE(through_nginx) {
  run_table(Via::nginx);
}
