// Helpers shared by the fuzz targets (header only, so they also build with
// gcc as replay binaries, where clang's FuzzedDataProvider is not on the
// include path): an input reader, the CHECK that turns a failed oracle into
// a crash libFuzzer records, and the pieces of the registry operation
// language (tokens, interests, descriptor kinds) that registry_ops and
// poll_backend share.
#ifndef MIO_FUZZ_FUZZ_UTIL_H_
#define MIO_FUZZ_FUZZ_UTIL_H_

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/eventfd.h>
#endif

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "mio/core/error.h"
#include "mio/core/interest.h"
#include "mio/core/token.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS

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

// Text for a 0-or-negative mio return code.
inline const char *Err(long rc) {
  return rc == 0 ? "0" : mio_strerror(static_cast<int>(rc));
}

}  // namespace mio_fuzz

#define MIO_FUZZ_EXPECT_RC(got, want, what)                                  \
  MIO_FUZZ_CHECK((got) == (want), "%s returned %ld (%s), expected %ld (%s)", \
                 what, static_cast<long>(got), mio_fuzz::Err(got),           \
                 static_cast<long>(want), mio_fuzz::Err(want))

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

// Descriptors open in this process (for the leak check around an input).
inline int CountOpenFds() {
  DIR *d = opendir("/proc/self/fd");
  MIO_FUZZ_CHECK(d != nullptr, "opendir: %s", std::strerror(errno));
  int n = 0;
  while (readdir(d) != nullptr) n++;
  closedir(d);
  return n;
}

// Descriptor numbers CountLowOpenFds looks at (RLIMIT_NOFILE must allow
// them: poll(2) refuses more entries than that limit, 1024 by default).
constexpr int kLowFdLimit = 128;

// Descriptors open below kLowFdLimit, with one poll(2) call (a closed number
// reports POLLNVAL); far cheaper than listing /proc/self/fd. For a leak check
// around an input this is as good as counting all of them: the kernel hands
// out the lowest free number, so a leaked descriptor lands below the limit
// unless the input held every number below it open at once.
inline int CountLowOpenFds() {
  static pollfd fds[kLowFdLimit];
  for (int i = 0; i < kLowFdLimit; i++) fds[i] = {i, 0, 0};
  int rc;
  do {
    rc = poll(fds, kLowFdLimit, 0);
  } while (rc < 0 && errno == EINTR);
  MIO_FUZZ_CHECK(rc >= 0, "poll over descriptors 0..%d: %s", kLowFdLimit - 1,
                 std::strerror(errno));
  int n = 0;
  for (const pollfd &p : fds) n += (p.revents & POLLNVAL) == 0 ? 1 : 0;
  return n;
}

// Linux: READABLE, WRITABLE and PRIORITY.
inline bool ValidInterest(mio_interest i) { return i != 0 && (i & ~0x13) == 0; }

// Mostly one of the seven valid Linux interests, sometimes any byte.
inline mio_interest PickInterest(FuzzInput &in) {
  static const mio_interest kValid[] = {0x01, 0x02, 0x03, 0x10,
                                        0x11, 0x12, 0x13};
  const uint8_t sel = in.U8();
  if (sel < 224) return kValid[sel % 7];
  return in.U8();  // anything, mostly invalid
}

// Small tokens collide often (shared tokens are legal); big ones are any
// usize.
inline mio_token PickToken(FuzzInput &in) {
  const uint8_t sel = in.U8();
  if (sel % 4 == 0) return static_cast<mio_token>(in.U64());
  return (sel >> 2) % 16;
}

// What a source wraps, and what its peer descriptor is.
enum FdKind {
  kSocket,     // one end of an AF_UNIX stream socketpair; peer: the other
  kPipeRead,   // a pipe's read end; peer: its write end
  kPipeWrite,  // a pipe's write end; peer: its read end
  kEventfd,    // an eventfd; no peer
  kNumFdKinds,
};

// Opens a non-blocking, close-on-exec descriptor of `kind` and its peer (-1
// for an eventfd). 0 or -errno.
inline int OpenFdKind(FdKind kind, int *mine, int *peer) {
  int fds[2];
  switch (kind) {
    case kSocket:
      if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
                     fds) != 0) {
        return -errno;
      }
      *mine = fds[0];
      *peer = fds[1];
      return 0;
    case kPipeRead:
    case kPipeWrite:
      if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return -errno;
      *mine = kind == kPipeRead ? fds[0] : fds[1];
      *peer = kind == kPipeRead ? fds[1] : fds[0];
      return 0;
    default:
#ifdef __linux__
      *mine = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
      *peer = -1;
      return *mine >= 0 ? 0 : -errno;
#else
      return -ENOSYS;  // only the Linux-only fuzzers open descriptors
#endif
  }
}

}  // namespace mio_fuzz

#endif  // MIO_FUZZ_FUZZ_UTIL_H_
