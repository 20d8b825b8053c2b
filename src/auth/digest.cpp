#include "auth/digest.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>

namespace morapi::auth {

std::string hex(const unsigned char* bytes, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * size, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 0x0f];
  }
  return out;
}

namespace {

// OpenSSL 3's one-shot SHA1() and SHA256() look the algorithm up in the provider tables on every
// call (EVP_MD_fetch, 3% of a request that is answered from memory); each algorithm is fetched
// once and its context reused. A worker runs one request at a time.
struct Digest {
  explicit Digest(const char* algorithm)
      : name(algorithm), md(EVP_MD_fetch(nullptr, algorithm, nullptr)), context(EVP_MD_CTX_new()) {}
  const char* name;
  EVP_MD* md;
  EVP_MD_CTX* context;
};

std::string digest_hex(Digest& digest, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!digest.md || !digest.context || EVP_DigestInit_ex(digest.context, digest.md, nullptr) != 1 ||
      EVP_DigestUpdate(digest.context, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(digest.context, out, &size) != 1) {
    throw std::runtime_error(std::string("OpenSSL: ") + digest.name + " failed");
  }
  return hex(out, size);
}

}  // namespace

std::string sha1_hex(std::string_view data) {
  static Digest sha1("SHA1");
  return digest_hex(sha1, data);
}

std::string sha256_hex(std::string_view data) {
  static Digest sha256("SHA256");
  return digest_hex(sha256, data);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace morapi::auth
