// The wrapper adds no allocation: malloc/free and operator new/delete are
// counted (testing/util/alloc_counter.h; abseil's allocations included)
// while each hot-path operation runs 10 000 times through mio/cpp: poll,
// event iteration, register/reregister/deregister, waker, TCP read/write,
// and would-block results (one shared Status, see status.hpp).
#include <cstdlib>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "mio/cpp/mio.hpp"
#include "testing/cpp/cpp_test_util.h"
#include "testing/util/alloc_counter.h"

namespace {

using mio_cpp_test::CppPollTest;

using mio_test::AllocationsIn;
using mio_test::kAllocIterations;

TEST(CppZeroAlloc, TheCounterSeesAllocations) {
  // Guards against a build where the wrappers are not linked in.
  long n = AllocationsIn([](int) {
    void* volatile p = std::malloc(16);
    std::free(p);
  });
  EXPECT_EQ(n, 2 * kAllocIterations);
  n = AllocationsIn([](int) {
    absl::Status s = mio::ErrorStatus(-MIO_EINVAL, "op");
    EXPECT_FALSE(s.ok());
  });
  EXPECT_GE(n, 2 * kAllocIterations)
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
