#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace morapi {

// Texts made from other texts, remembered per worker for the ones asked for again and again
// (an error document, its compressed bytes). Bounded: emptied when full, so that texts which
// never repeat (a card's answer, a caller's value in a message) cannot crowd out the ones that
// do for long.
class RecentTexts {
 public:
  explicit RecentTexts(size_t capacity) : capacity_(capacity) {}

  // make(key), remembered.
  template <typename Make>
  std::string get(std::string_view key, Make&& make) {
    if (const auto found = texts_.find(key); found != texts_.end()) return found->second;
    std::string text = make(key);
    if (texts_.size() >= capacity_) texts_.clear();
    texts_.emplace(std::string(key), text);
    return text;
  }

 private:
  size_t capacity_;
  std::map<std::string, std::string, std::less<>> texts_;
};

}  // namespace morapi
