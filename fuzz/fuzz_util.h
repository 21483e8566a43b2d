// Helpers shared by the fuzz targets (header only, so they also build with
// gcc as replay binaries, where clang's FuzzedDataProvider is not on the
// include path): an input reader and the CHECK that turns a failed oracle into
// a crash libFuzzer records.
#ifndef MIO_FUZZ_FUZZ_UTIL_H_
#define MIO_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

// Test code: a mismatch between mio and the model aborts with the reason.
#define MIO_FUZZ_CHECK(cond, ...)                                           \
  do {                                                                      \
    if (!(cond)) {                                                          \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, \
                   #cond);                                                  \
      std::fprintf(stderr, __VA_ARGS__);                                    \
      std::fprintf(stderr, "\n");                                           \
      std::abort();                                                         \
    }                                                                       \
  } while (0)

namespace mio_fuzz {

// Reading past the end yields zeros, so every input, including the empty
// one, decodes to something well defined.
class FuzzInput {
 public:
  FuzzInput(const uint8_t *data, size_t size) : data_(data), size_(size) {}

  bool empty() const { return pos_ >= size_; }
  size_t remaining() const { return empty() ? 0 : size_ - pos_; }

  uint8_t U8() { return pos_ < size_ ? data_[pos_++] : 0; }

  uint16_t U16() { return static_cast<uint16_t>(U8() | U8() << 8); }

  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= static_cast<uint32_t>(U8()) << (8 * i);
    return v;
  }

  uint64_t U64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= static_cast<uint64_t>(U8()) << (8 * i);
    return v;
  }

  // A value in [0, n) (n > 0).
  uint32_t Below(uint32_t n) { return n <= 256 ? U8() % n : U16() % n; }

 private:
  const uint8_t *data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace mio_fuzz

#endif  // MIO_FUZZ_FUZZ_UTIL_H_
