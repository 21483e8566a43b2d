// The wrapper adds no allocation: malloc/calloc/realloc/free are wrapped at
// link time (-Wl,--wrap, as testing/perf/zero_alloc_test.cc), the global
// operator new/delete are replaced by ones that go through those wrappers
// (so allocations made inside shared libraries such as abseil's are seen
// too), and the count is taken while each hot-path operation runs 10 000
// times through mio/cpp: poll,
// event iteration, register/reregister/deregister, waker, TCP read/write,
// and would-block results (one shared Status, see status.hpp).
#include <atomic>
#include <cstdlib>
#include <new>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "mio/cpp/mio.hpp"
#include "testing/cpp/cpp_test_util.h"

extern "C" {
void* __real_malloc(size_t);
void* __real_calloc(size_t, size_t);
void* __real_realloc(void*, size_t);
void __real_free(void*);

static std::atomic<bool> g_counting{false};
static std::atomic<long> g_allocs{0};

static void count() {
  if (g_counting.load(std::memory_order_relaxed)) g_allocs++;
}
void* __wrap_malloc(size_t n) {
  count();
  return __real_malloc(n);
}
void* __wrap_calloc(size_t n, size_t m) {
  count();
  return __real_calloc(n, m);
}
void* __wrap_realloc(void* p, size_t n) {
  count();
  return __real_realloc(p, n);
}
void __wrap_free(void* p) {
  if (p != nullptr) count();
  __real_free(p);
}
}

// Every C++ allocation of the process (abseil's .so included) lands in the
// wrapped malloc/free of this binary.
void* operator new(size_t n) {
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace {

using mio_cpp_test::CppPollTest;

constexpr int kIterations = 10000;

// Allocator calls made while `body` runs kIterations times, after one
// uncounted warm-up call (which builds the shared would-block Status).
template <typename F>
long AllocationsIn(F body) {
  body(-1);
  g_allocs = 0;
  g_counting = true;
  for (int i = 0; i < kIterations; i++) body(i);
  g_counting = false;
  return g_allocs.load();
}

TEST(CppZeroAlloc, TheCounterSeesAllocations) {
  // Guards against a build where the wrappers are not linked in.
  long n = AllocationsIn([](int) {
    void* volatile p = std::malloc(16);
    std::free(p);
  });
  EXPECT_EQ(n, 2 * kIterations);
  n = AllocationsIn([](int) {
    absl::Status s = mio::ErrorStatus(-MIO_EINVAL, "op");
    EXPECT_FALSE(s.ok());
  });
  EXPECT_GE(n, 2 * kIterations)
      << "other errors allocate their message (new + delete)";
}

TEST_F(CppPollTest, ZeroAllocRegisterPollIterate) {
  MIO_ASSIGN_OR_FAIL(pair, mio::UnixStream::pair());
  const mio::Registry reg = registry();
  long n = AllocationsIn([&](int i) {
    ASSERT_TRUE(
        reg.register_(pair.second, mio::Token(1), mio::Interest::kReadable)
            .ok());
    ASSERT_TRUE(
        reg.reregister(pair.second, mio::Token(i),
                       mio::Interest::kReadable | mio::Interest::kWritable)
            .ok());
    ASSERT_TRUE(poll().poll(events(), absl::ZeroDuration()).ok());
    size_t seen = 0;
    for (mio::Event e : events()) seen += e.is_writable() ? 1 : 0;
    ASSERT_EQ(seen, 1u);
    ASSERT_TRUE(reg.deregister(pair.second).ok());
  });
  EXPECT_EQ(n, 0);
}

TEST_F(CppPollTest, ZeroAllocWakerAndInfinitePoll) {
  MIO_ASSIGN_OR_FAIL(waker, mio::Waker::create(registry(), mio::Token(7)));
  long n = AllocationsIn([&](int) {
    ASSERT_TRUE(waker.wake().ok());
    ASSERT_TRUE(poll().poll(events()).ok());
    ASSERT_FALSE(events().empty());
  });
  EXPECT_EQ(n, 0);
}

TEST_F(CppPollTest, ZeroAllocTcpReadWriteAndWouldBlock) {
  MIO_ASSIGN_OR_FAIL(l,
                     mio::TcpListener::bind(mio::SocketAddr::loopback_v4(0)));
  MIO_ASSIGN_OR_FAIL(addr, l.local_addr());
  MIO_ASSIGN_OR_FAIL(client, mio::TcpStream::connect(addr));
  ASSERT_TRUE(
      registry().register_(l, mio::Token(1), mio::Interest::kReadable).ok());
  ExpectEvents({{1, mio_test::kReadable}});
  MIO_ASSIGN_OR_FAIL(server, l.accept());
  ASSERT_TRUE(registry()
                  .register_(server, mio::Token(2), mio::Interest::kReadable)
                  .ok());
  char buf[64];
  long n = AllocationsIn([&](int) {
    auto w = client.write("0123456789");
    ASSERT_TRUE(w.ok());
    ASSERT_EQ(*w, 10u);
    ASSERT_TRUE(poll().poll(events()).ok());
    auto r = server.read(buf, sizeof buf);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(*r, 10u);
    auto again = server.read(buf, sizeof buf);
    ASSERT_TRUE(mio::IsWouldBlock(again.status()));
    ASSERT_TRUE(mio::IsWouldBlock(l.accept().status()));
  });
  EXPECT_EQ(n, 0);
}

}  // namespace
