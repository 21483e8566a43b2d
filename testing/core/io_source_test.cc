// mio_io_source (API.md §2.3, §7.3-§7.6, §15.1, §15.3) over loopback TCP,
// on every platform: init errors, do_io, the closed state, close and
// relocation of registered sources. Socketpairs, pipes, fcntl flags and the
// epoll/poll(2)-specific flag mapping are POSIX-only:
// io_source_posix_test.cc.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

constexpr mio_interest kR = MIO_INTEREST_READABLE;
constexpr mio_interest kW = MIO_INTEREST_WRITABLE;

using IoSourcePoll = PollTest;

// §15.1: a failed constructor leaves *out closed, whatever it held.
TEST(IoSource, InitErrors) {
  EXPECT_EQ(mio_io_source_init(nullptr, 0), -MIO_EINVAL);
  mio_io_source s;
  std::memset(&s, 0xA5, sizeof s);
  EXPECT_EQ(mio_io_source_init(&s, -1), -MIO_EBADF);
  EXPECT_EQ(mio_io_source_as_raw_fd(&s), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_io_source_close(&s), 0);
  std::memset(&s, 0xA5, sizeof s);
  EXPECT_EQ(mio_io_source_init(&s, -7), -MIO_EBADF);
  EXPECT_EQ(mio_io_source_into_raw_fd(&s), MIO_INVALID_RAW_FD);
}

TEST(IoSource, NullAccessors) {
  EXPECT_EQ(mio_io_source_source(nullptr), nullptr);
  EXPECT_EQ(mio_io_source_as_raw_fd(nullptr), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_io_source_into_raw_fd(nullptr), MIO_INVALID_RAW_FD);
  Calls c;
  EXPECT_EQ(mio_io_source_do_io(nullptr, CountingFn, &c), -MIO_EINVAL);
  EXPECT_EQ(c.count, 0);
  // §2.1: a NULL object is an argument error (a closed object closes as 0).
  EXPECT_EQ(mio_io_source_close(nullptr), -MIO_EINVAL);
}

TEST(IoSource, DoIoCallsFnOnceAndReturnsItsResult) {
  TcpPair p;
  ASSERT_EQ(p.server.Close(), 0);
  IoSource& s = p.client;
  for (ptrdiff_t result :
       {ptrdiff_t{0}, ptrdiff_t{17}, PTRDIFF_MAX, ptrdiff_t{-MIO_ECONNRESET},
        ptrdiff_t{-MIO_EAGAIN}, ptrdiff_t{-999}}) {
    Calls c;
    c.result = result;
    EXPECT_EQ(mio_io_source_do_io(s.get(), CountingFn, &c), result);
    EXPECT_EQ(c.count, 1);
  }
  EXPECT_EQ(mio_io_source_do_io(s.get(), nullptr, nullptr), -MIO_EINVAL);
}

TEST_F(IoSourcePoll, DoIoOnRegisteredSourceReturnsEagainAfterRearm) {
  TcpPair p;
  IoSource& s = p.client;
  ASSERT_EQ(mio_registry_register(registry(), s.source(), 1, kR), 0);
  Calls c;
  c.result = -MIO_EAGAIN;
  EXPECT_EQ(mio_io_source_do_io(s.get(), CountingFn, &c), -MIO_EAGAIN);
  EXPECT_EQ(c.count, 1);
}

// §2.3 / §15.3: on a closed object every call but close/as_raw_fd is EBADF
// and fn is not called; all-bits-zero in any storage is closed.
TEST_F(IoSourcePoll, ZeroedObjectsAreClosed) {
  static mio_io_source static_storage;
  mio_io_source init = MIO_OBJECT_INIT;
  mio_io_source memset_storage;
  std::memset(&memset_storage, 0, sizeof memset_storage);
  auto* heap = static_cast<mio_io_source*>(calloc(1, sizeof(mio_io_source)));
  ASSERT_NE(heap, nullptr);
  const mio_registry* r = registry();
  for (mio_io_source* s : {&static_storage, &init, &memset_storage, heap}) {
    EXPECT_EQ(mio_io_source_as_raw_fd(s), MIO_INVALID_RAW_FD);
    Calls c;
    EXPECT_EQ(mio_io_source_do_io(s, CountingFn, &c), -MIO_EBADF);
    EXPECT_EQ(c.count, 0);
    mio_source* src = mio_io_source_source(s);
    ASSERT_NE(src, nullptr);
    EXPECT_EQ(mio_registry_register(r, src, 1, kR), -MIO_EBADF);
    EXPECT_EQ(mio_registry_reregister(r, src, 1, kR), -MIO_EBADF);
    EXPECT_EQ(mio_registry_deregister(r, src), -MIO_EBADF);
    EXPECT_EQ(mio_io_source_into_raw_fd(s), MIO_INVALID_RAW_FD);
    EXPECT_EQ(mio_io_source_close(s), 0);
    EXPECT_EQ(mio_io_source_close(s), 0);
  }
  free(heap);
}

TEST(IoSource, StorageIsObjectSize) {
  EXPECT_EQ(sizeof(mio_io_source), size_t{MIO_OBJECT_SIZE});
  EXPECT_EQ(alignof(mio_io_source) % alignof(uint64_t), 0u);
  EXPECT_EQ(alignof(mio_io_source) % alignof(void*), 0u);
}

// §7.6: after close no later poll returns the token.
TEST_F(IoSourcePoll, CloseOfRegisteredSourceStopsEvents) {
  TcpPair p;
  IoSource &a = p.server, &b = p.client;
  ASSERT_EQ(mio_registry_register(registry(), a.source(), 1, kR), 0);
  ASSERT_EQ(b.Write("abc", 3), 3);
  ASSERT_EQ(a.Close(), 0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 100 * kNsPerMs), 0);
  EXPECT_TRUE(mio_events_is_empty(events_)) << FormatEvents(events_);
  // The closed object is unregistered: a new descriptor in the same storage
  // registers again.
  TcpPair q;
  a.Reset(mio_io_source_into_raw_fd(q.server.get()));
  EXPECT_EQ(mio_registry_register(registry(), a.source(), 3, kW), 0);
  ExpectEvents({{3, kWritable}});
}

// §7.6 with a poll blocked in another thread: closing a registered source
// does not make that poll return early with nothing, nor report it later.
TEST_F(IoSourcePoll, CloseDuringBlockedPoll) {
  TcpPair p;
  IoSource& a = p.server;
  ASSERT_EQ(mio_registry_register(registry(), a.source(), 1, kR), 0);
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(a.Close(), 0);
  });
  int64_t start = NowNs();
  ASSERT_EQ(mio_poll_poll(poll_, events_, 300 * kNsPerMs), 0);
  int64_t elapsed = NowNs() - start;
  t.join();
  if (mio_events_is_empty(events_)) {
    EXPECT_GE(elapsed, 300 * kNsPerMs) << "returned 0 with no events early";
  }
  ExpectNoEvents();
}

// §2.3: relocating an unregistered object is allowed.
TEST_F(IoSourcePoll, RelocationWhileUnregistered) {
  TcpPair p;
  IoSource& b = p.client;
  mio_io_source first;
  ASSERT_EQ(
      mio_io_source_init(&first, mio_io_source_into_raw_fd(p.server.get())), 0);
  ASSERT_EQ(
      mio_registry_register(registry(), mio_io_source_source(&first), 1, kR),
      0);
  ASSERT_EQ(mio_registry_deregister(registry(), mio_io_source_source(&first)),
            0);
  alignas(mio_io_source) unsigned char moved_storage[sizeof(mio_io_source)];
  std::memcpy(moved_storage, &first, sizeof first);
  auto* moved = reinterpret_cast<mio_io_source*>(moved_storage);
  ASSERT_EQ(
      mio_registry_register(registry(), mio_io_source_source(moved), 2, kR), 0);
  ASSERT_EQ(b.Write("x", 1), 1);
  ExpectEvents({{2, kReadable}});
  EXPECT_EQ(mio_io_source_close(moved), 0);
}

}  // namespace
}  // namespace mio_test
