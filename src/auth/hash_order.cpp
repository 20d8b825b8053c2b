#include "auth/hash_order.hpp"

#include "util/decimal.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <utility>
#include <vector>

namespace morapi::auth {
namespace {

// MOR's global hash order, read from the MOR source (MOR_REFERENCE.md §1). The filters are
// MOR's: a value its filter rejects is not collected. Names outside this table never count.
constexpr std::array<HashField, 199> kMorOrder = {{
    {"user_id", Filter::integer},
    {"period_start", Filter::integer},
    {"period_end", Filter::integer},
    {"direction", Filter::direction},
    {"calltype", Filter::calltype},
    {"device", Filter::digits_or_all},
    {"balance", Filter::balance},
    {"monitoring_id", Filter::digits},
    {"users", Filter::users},
    {"block", Filter::block},
    {"email", Filter::raw},
    {"mtype", Filter::digits},
    {"tariff_id", Filter::integer},
    {"u0", Filter::raw},
    {"u1", Filter::raw},
    {"u2", Filter::raw},
    {"u3", Filter::raw},
    {"u4", Filter::raw},
    {"u5", Filter::raw},
    {"u6", Filter::raw},
    {"u7", Filter::raw},
    {"u8", Filter::raw},
    {"u9", Filter::raw},
    {"u10", Filter::raw},
    {"u11", Filter::raw},
    {"u12", Filter::raw},
    {"u13", Filter::raw},
    {"u14", Filter::raw},
    {"u15", Filter::raw},
    {"u16", Filter::raw},
    {"u17", Filter::raw},
    {"u18", Filter::raw},
    {"u19", Filter::raw},
    {"u20", Filter::raw},
    {"u21", Filter::raw},
    {"u22", Filter::raw},
    {"u23", Filter::raw},
    {"u24", Filter::raw},
    {"u25", Filter::raw},
    {"u26", Filter::raw},
    {"u27", Filter::raw},
    {"u28", Filter::raw},
    {"ay", Filter::raw},
    {"am", Filter::raw},
    {"ad", Filter::raw},
    {"by", Filter::raw},
    {"bm", Filter::raw},
    {"bd", Filter::raw},
    {"pswd", Filter::raw},
    {"user_warning_email_hour", Filter::never},
    {"pgui", Filter::never},
    {"pcsv", Filter::raw},
    {"ppdf", Filter::raw},
    {"recording_forced_enabled", Filter::raw},
    {"i4", Filter::raw},
    {"tax4_enabled", Filter::raw},
    {"tax2_enabled", Filter::raw},
    {"accountant_type_invalid", Filter::raw},
    {"block_at_conditional", Filter::raw},
    {"tax3_enabled", Filter::raw},
    {"accountant_type", Filter::raw},
    {"tax1_value", Filter::raw},
    {"show_zero_calls", Filter::raw},
    {"warning_email_active", Filter::raw},
    {"compound_tax", Filter::raw},
    {"tax4_name", Filter::raw},
    {"allow_loss_calls", Filter::raw},
    {"tax3_name", Filter::raw},
    {"tax2_name", Filter::raw},
    {"credit", Filter::raw},
    {"tax1_name", Filter::raw},
    {"total_tax_name", Filter::raw},
    {"tax2_value", Filter::raw},
    {"tax4_value", Filter::raw},
    {"ignore_global_monitorings", Filter::raw},
    {"i1", Filter::raw},
    {"tax3_value", Filter::raw},
    {"cyberplat_active", Filter::raw},
    {"i2", Filter::raw},
    {"i3", Filter::raw},
    {"recording_enabled", Filter::raw},
    {"email_warning_sent_test", Filter::raw},
    {"own_providers", Filter::raw},
    {"a0", Filter::raw},
    {"a1", Filter::raw},
    {"a2", Filter::raw},
    {"a3", Filter::raw},
    {"a4", Filter::raw},
    {"a5", Filter::raw},
    {"a6", Filter::raw},
    {"a7", Filter::raw},
    {"a8", Filter::raw},
    {"a9", Filter::raw},
    {"s_user", Filter::digits},
    {"s_call_type", Filter::raw},
    {"s_device", Filter::digits_or_all},
    {"s_provider", Filter::digits_or_all},
    {"s_hgc", Filter::digits_or_all},
    {"s_did", Filter::digits_or_all},
    {"s_destination", Filter::raw},
    {"order_by", Filter::raw},
    {"order_desc", Filter::raw},
    {"only_did", Filter::integer},
    {"description", Filter::raw},
    {"pin", Filter::raw},
    {"type", Filter::raw},
    {"devicegroup_id", Filter::raw},
    {"phonebook_id", Filter::raw},
    {"number", Filter::raw},
    {"name", Filter::raw},
    {"speeddial", Filter::raw},
    {"s_user_id", Filter::digits},
    {"s_from", Filter::digits},
    {"provider_id", Filter::raw},
    {"s_till", Filter::digits},
    {"s_transaction", Filter::raw},
    {"s_completed", Filter::raw},
    {"s_username", Filter::raw},
    {"s_first_name", Filter::raw},
    {"s_last_name", Filter::raw},
    {"s_paymenttype", Filter::raw},
    {"s_amount_max", Filter::raw},
    {"s_currency", Filter::raw},
    {"s_number", Filter::raw},
    {"s_pin", Filter::raw},
    {"p_currency", Filter::raw},
    {"paymenttype", Filter::raw},
    {"tax_in_amount", Filter::raw},
    {"amount", Filter::raw},
    {"transaction", Filter::raw},
    {"payer_email", Filter::raw},
    {"fee", Filter::raw},
    {"id", Filter::raw},
    {"quantity", Filter::raw},
    {"callerid", Filter::raw},
    {"cardgroup_id", Filter::raw},
    {"status", Filter::raw},
    {"date_from", Filter::raw},
    {"date_till", Filter::raw},
    {"s_reseller_did", Filter::raw},
    {"s_did_pattern", Filter::raw},
    {"lcr_id", Filter::raw},
    {"dst", Filter::raw},
    {"src", Filter::raw},
    {"message", Filter::raw},
    {"server_ip", Filter::raw},
    {"device_type", Filter::raw},
    {"device_username", Filter::raw},
    {"device_password", Filter::raw},
    {"login_url", Filter::raw},
    {"login_username", Filter::raw},
    {"username", Filter::raw},
    {"first_name", Filter::raw},
    {"last_name", Filter::raw},
    {"full_name", Filter::raw},
    {"nice_balance", Filter::raw},
    {"warning_email_balance", Filter::raw},
    {"nice_warning_email_balance", Filter::raw},
    {"currency", Filter::raw},
    {"user_email", Filter::raw},
    {"company_email", Filter::raw},
    {"company", Filter::raw},
    {"primary_device_pin", Filter::raw},
    {"login_password", Filter::raw},
    {"user_ip", Filter::raw},
    {"date", Filter::raw},
    {"auth_code", Filter::raw},
    {"transaction_id", Filter::raw},
    {"customer_name", Filter::raw},
    {"company_name", Filter::raw},
    {"url", Filter::raw},
    {"trans_id", Filter::raw},
    {"cc_purchase_details", Filter::raw},
    {"monitoring_amount", Filter::raw},
    {"monitoring_block", Filter::raw},
    {"monitoring_users", Filter::raw},
    {"monitoring_type", Filter::raw},
    {"payment_amount", Filter::raw},
    {"payment_payer_first_name", Filter::raw},
    {"payment_payer_last_name", Filter::raw},
    {"payment_payer_email", Filter::raw},
    {"payment_seller_email", Filter::raw},
    {"payment_receiver_email", Filter::raw},
    {"payment_date", Filter::raw},
    {"payment_free", Filter::raw},
    {"payment_currency", Filter::raw},
    {"payment_type", Filter::raw},
    {"payment_fee", Filter::raw},
    {"call_list", Filter::raw},
    {"email_name", Filter::raw},
    {"email_to_user_id", Filter::raw},
    {"caller_id", Filter::raw},
    {"device_id", Filter::raw},
    {"calldate", Filter::raw},
    {"source", Filter::raw},
    {"destination", Filter::raw},
    {"billsec", Filter::raw},
    {"calls_string", Filter::raw},
    {"cli_number", Filter::raw},
}};

bool one_of(const std::string& s, std::initializer_list<std::string_view> choices) {
  return std::find(choices.begin(), choices.end(), s) != choices.end();
}

// Ruby's /^(postpaid|prepaid|all|[\d,]+)$/ uses line anchors: any one line may match.
bool users_value(const std::string& s) {
  size_t start = 0;
  while (true) {
    const size_t end = std::min(s.find('\n', start), s.size());
    const std::string line = s.substr(start, end - start);
    const bool digits_commas =
        !line.empty() && std::all_of(line.begin(), line.end(), [](unsigned char c) {
          return (c >= '0' && c <= '9') || c == ',';
        });
    if (digits_commas || one_of(line, {"postpaid", "prepaid", "all"})) return true;
    if (end == s.size()) return false;
    start = end + 1;
  }
}

}  // namespace

std::span<const HashField> mor_hash_order() {
  return kMorOrder;
}

bool admit(Filter filter, const std::string& value, std::string& contribution) {
  switch (filter) {
    case Filter::raw:
      contribution = value;
      return true;
    case Filter::integer: {
      if (!digits_only(value)) return false;
      const size_t first = value.find_first_not_of('0');
      contribution = first == std::string::npos ? "0" : value.substr(first);
      return true;
    }
    case Filter::digits_or_all:
      contribution = value;
      return digits_only(value) || value == "all";
    case Filter::digits:
      contribution = value;
      return digits_only(value);
    case Filter::balance:
      contribution = value;
      return value.find_first_not_of("0123456789.-+") == std::string::npos;
    case Filter::direction:
      contribution = value;
      return one_of(value, {"outgoing", "incoming"});
    case Filter::calltype:
      contribution = value;
      return one_of(value, {"all", "answered", "busy", "no_answer", "failed", "missed",
                            "missed_inc", "missed_inc_all", "missed_not_processed_inc"});
    case Filter::users:
      contribution = value;
      return users_value(value);
    case Filter::block:
      contribution = value;
      return value.find("true") != std::string::npos || value.find("false") != std::string::npos;
    case Filter::never:
      return false;
  }
  return false;
}

std::string mor_order_string(const Params& params) {
  // A request has a few parameters and the order 199 names: each parameter's place is looked up
  // (one hash lookup each) instead of each of the 199 names in the parameters.
  static const auto* const place = [] {
    auto* places = new std::unordered_map<std::string_view, size_t>();
    for (size_t i = 0; i < kMorOrder.size(); ++i) places->emplace(kMorOrder[i].name, i);
    return places;
  }();
  std::vector<std::pair<size_t, const std::string*>> present;
  for (const auto& [name, value] : params.all()) {
    const auto found = place->find(name);
    if (found != place->end()) present.emplace_back(found->second, &value);
  }
  std::sort(present.begin(), present.end());
  std::string out;
  std::string contribution;
  for (const auto& [index, value] : present) {
    if (admit(kMorOrder[index].filter, *value, contribution)) out += contribution;
  }
  return out;
}

std::string method_list_string(const Params& params, std::span<const std::string_view> names) {
  std::string out;
  for (const std::string_view name : names) {
    if (const std::string* value = params.find(name)) out += *value;
  }
  return out;
}

}  // namespace morapi::auth
