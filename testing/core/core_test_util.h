// Helpers for the core suites: descriptors wrapped in mio_io_source (a real
// built-in source with the whole §7 contract) and recording custom sources.
#ifndef MIO_TESTING_CORE_CORE_TEST_UTIL_H_
#define MIO_TESTING_CORE_CORE_TEST_UTIL_H_

#include <stddef.h>

#include <cstring>
#include <utility>
#include <vector>

#include "mio/mio.h"
#include "testing/util/test_util.h"

namespace mio_test {

// Owns a mio_io_source; closes it on destruction.
class IoSource {
 public:
  IoSource() { std::memset(&s_, 0, sizeof s_); }
  // Takes ownership of `fd` (adds a failure if init fails).
  explicit IoSource(mio_raw_fd fd);
  ~IoSource() { mio_io_source_close(&s_); }
  IoSource(const IoSource&) = delete;
  IoSource& operator=(const IoSource&) = delete;

  // Replaces the wrapped descriptor (closing the old one).
  void Reset(mio_raw_fd fd);
  mio_io_source* get() { return &s_; }
  mio_source* source() { return mio_io_source_source(&s_); }
  mio_raw_fd fd() const { return mio_io_source_as_raw_fd(&s_); }
  int Close() { return mio_io_source_close(&s_); }

  // RawRecv/RawSend/RawAcceptNow through mio_io_source_do_io, so a
  // -MIO_EAGAIN re-arms readiness as every built-in I/O call does.
  ptrdiff_t Read(void* buf, size_t len) const;
  ptrdiff_t Write(const void* buf, size_t len) const;
  // Accepts a non-blocking, close-on-exec connection; returns the fd or a
  // negative code.
  ptrdiff_t Accept() const;

 private:
  mio_io_source s_;
};

// Loopback TCP: a non-blocking listener (an IoSource) and its address.
struct TcpListener {
  IoSource io;
  SockAddr addr;
  explicit TcpListener(const SockAddr& bind_addr = LoopbackV4());
};

// A connected loopback TCP pair made with blocking calls, both ends
// non-blocking afterwards and wrapped in IoSources.
struct TcpPair {
  IoSource client;
  IoSource server;
  TcpPair();
};

// A mio_io_fn context: CountingFn counts its calls and returns `result`.
struct Calls {
  int count = 0;
  ptrdiff_t result = 0;
};
ptrdiff_t CountingFn(void* ctx);

// A custom source recording every op call (mio's TestEventSource). Every op
// returns `result`.
struct OpRecord {
  std::vector<std::pair<mio_token, mio_interest>> registrations;
  std::vector<std::pair<mio_token, mio_interest>> reregistrations;
  int deregister_count = 0;
  const mio_registry* last_registry = nullptr;
  int result = 0;
};
struct RecordingSource {
  mio_source src;  // first member: the ops recover the struct by a cast
  OpRecord* record;
};
// Points rs->src at the recording ops table.
void InitRecordingSource(RecordingSource* rs, OpRecord* record);

// PollTest plus a recording custom source `src_` writing to `rec_`.
class RecordingSourceTest : public PollTest {
 protected:
  void SetUp() override {
    PollTest::SetUp();
    InitRecordingSource(&src_, &rec_);
  }
  OpRecord rec_;
  RecordingSource src_;
};

}  // namespace mio_test

#endif  // MIO_TESTING_CORE_CORE_TEST_UTIL_H_
