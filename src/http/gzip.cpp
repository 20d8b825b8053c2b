#include "http/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "util/recent_texts.hpp"

namespace morapi {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool equals_lowercase(std::string_view text, std::string_view lower) {
  return text.size() == lower.size() &&
         std::equal(text.begin(), text.end(), lower.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

// "q=0", "q=0.0", "q=0.000": the client refuses the coding.
bool refused(std::string_view parameters) {
  for (size_t start = 0; start < parameters.size();) {
    const size_t end = std::min(parameters.find(';', start), parameters.size());
    const std::string_view parameter = trimmed(parameters.substr(start, end - start));
    if (parameter.size() >= 2 && (parameter[0] == 'q' || parameter[0] == 'Q') &&
        parameter[1] == '=') {
      const std::string_view value = parameter.substr(2);
      return !value.empty() && value.find_first_not_of("0.") == std::string_view::npos;
    }
    start = end + 1;
  }
  return false;
}

}  // namespace

bool accepts_gzip(std::string_view header) {
  for (size_t start = 0; start < header.size();) {
    const size_t end = std::min(header.find(',', start), header.size());
    const std::string_view item = header.substr(start, end - start);
    const size_t semicolon = item.find(';');
    const std::string_view coding = trimmed(item.substr(0, semicolon));
    const bool gzip_like =
        equals_lowercase(coding, "gzip") || equals_lowercase(coding, "x-gzip") || coding == "*";
    if (gzip_like) {
      return semicolon == std::string_view::npos || !refused(item.substr(semicolon + 1));
    }
    start = end + 1;
  }
  return false;
}

namespace {

// One deflate stream per worker process, reset between answers: deflateInit2 allocates about
// 256 KB (window and hash tables) and deflateEnd frees it, which cost more than compressing a
// small answer (4 brk calls a request, half the throughput). deflateReset gives byte-identical
// output. A worker serves one request at a time, so one stream is enough.
//
// deflateReset still clears the match hash table, 2^(memLevel + 7) entries: 64 KB at zlib's
// default memLevel 8, more than most answers (a few hundred bytes). memLevel 2 (1 KB) clears
// 64 times less; on such short texts the output is as small (bench/run.sh, "+gzip" rows).
constexpr int kMemLevel = 2;

class DeflateStream {
 public:
  DeflateStream() {
    // 15 + 16: a gzip header and trailer around the deflate stream.
    if (deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, kMemLevel,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::runtime_error("zlib: deflateInit2 failed");
    }
  }
  ~DeflateStream() { deflateEnd(&stream_); }
  DeflateStream(const DeflateStream&) = delete;
  DeflateStream& operator=(const DeflateStream&) = delete;

  std::string compress(std::string_view data) {
    if (deflateReset(&stream_) != Z_OK) throw std::runtime_error("zlib: deflateReset failed");
    std::string out(deflateBound(&stream_, static_cast<uLong>(data.size())), '\0');
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(data.size());
    stream_.next_out = reinterpret_cast<Bytef*>(out.data());
    stream_.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&stream_, Z_FINISH);
    out.resize(stream_.total_out);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate failed");
    return out;
  }

 private:
  z_stream stream_{};
};

}  // namespace

std::string gzip_compress(std::string_view data) {
  static DeflateStream stream;
  // The same short answers come again and again (`Incorrect hash`, `DID already exists`): their
  // compressed bytes are remembered (deflate's output for a text is always the same), so that an
  // answer with gzip costs what it costs plain.
  constexpr size_t kRememberedSize = 1024;  // bytes of a remembered answer, at most
  static RecentTexts recent(256);
  const auto compress = [](std::string_view text) { return stream.compress(text); };
  if (data.size() > kRememberedSize) return compress(data);
  return recent.get(data, compress);
}

void encode_for_client(const Request& request, Response& response) {
  response.headers.emplace_back("Vary", "Accept-Encoding");
  if (!accepts_gzip(request.accept_encoding)) return;
  response.body = gzip_compress(response.body);
  response.headers.emplace_back("Content-Encoding", "gzip");
}

}  // namespace morapi
