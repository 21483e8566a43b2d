// mio-c C++ wrapper: Token and Interest (mio::Token, mio::Interest).
//
// Both are constexpr value types over the C integers; everything here is
// pure and thread-safe.
#ifndef MIO_CPP_INTEREST_HPP_
#define MIO_CPP_INTEREST_HPP_

#include <cstddef>
#include <cstdint>
#include <string>

#include "mio/core/interest.h"
#include "mio/core/token.h"

namespace mio {

// The caller's identifier for a registration; events carry it back unchanged.
// Any value is valid (an index, a pointer cast to an integer, ...).
struct Token {
  constexpr Token() = default;
  constexpr explicit Token(mio_token v) : value(v) {}

  friend constexpr bool operator==(Token a, Token b) {
    return a.value == b.value;
  }
  friend constexpr bool operator!=(Token a, Token b) {
    return a.value != b.value;
  }

  mio_token value = 0;
};

// A set of readiness kinds. Registration needs a non-empty, valid set
// (is_valid); kPriority is Linux-only, kAio/kLio are kqueue-only, as in mio.
class Interest {
 public:
  static const Interest kReadable;
  static const Interest kWritable;
  static const Interest kAio;
  static const Interest kLio;
  static const Interest kPriority;

  // The empty set (mio's "None"); not valid for registration.
  constexpr Interest() = default;
  constexpr explicit Interest(mio_interest bits) : bits_(bits) {}

  constexpr mio_interest bits() const { return bits_; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool is_readable() const { return has(MIO_INTEREST_READABLE); }
  constexpr bool is_writable() const { return has(MIO_INTEREST_WRITABLE); }
  constexpr bool is_aio() const { return has(MIO_INTEREST_AIO); }
  constexpr bool is_lio() const { return has(MIO_INTEREST_LIO); }
  constexpr bool is_priority() const { return has(MIO_INTEREST_PRIORITY); }

  // this | other (Interest::add).
  constexpr Interest add(Interest other) const {
    return Interest(static_cast<mio_interest>(bits_ | other.bits_));
  }
  // this & ~other; empty() when nothing is left (Interest::remove's None).
  constexpr Interest remove(Interest other) const {
    return Interest(static_cast<mio_interest>(bits_ & ~other.bits_));
  }

  // Non-empty, only known bits, and only kinds this platform has.
  bool is_valid() const { return mio_interest_is_valid(bits_); }

  // "READABLE | WRITABLE" (mio's Debug); "" for the empty set.
  std::string ToString() const {
    char buf[64];
    const size_t n = mio_interest_format(bits_, buf, sizeof buf);
    return std::string(buf, n < sizeof buf ? n : sizeof buf - 1);
  }

  friend constexpr Interest operator|(Interest a, Interest b) {
    return a.add(b);
  }
  constexpr Interest& operator|=(Interest other) {
    bits_ = add(other).bits_;
    return *this;
  }
  friend constexpr bool operator==(Interest a, Interest b) {
    return a.bits_ == b.bits_;
  }
  friend constexpr bool operator!=(Interest a, Interest b) {
    return a.bits_ != b.bits_;
  }

 private:
  constexpr bool has(mio_interest bit) const { return (bits_ & bit) != 0; }

  mio_interest bits_ = 0;
};

inline constexpr Interest Interest::kReadable{MIO_INTEREST_READABLE};
inline constexpr Interest Interest::kWritable{MIO_INTEREST_WRITABLE};
inline constexpr Interest Interest::kAio{MIO_INTEREST_AIO};
inline constexpr Interest Interest::kLio{MIO_INTEREST_LIO};
inline constexpr Interest Interest::kPriority{MIO_INTEREST_PRIORITY};

}  // namespace mio

#endif  // MIO_CPP_INTEREST_HPP_
