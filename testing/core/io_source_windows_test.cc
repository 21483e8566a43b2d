// Windows counterparts of io_source_posix_test.cc's into_raw_fd cases. The
// IOCP backend releases a source's AFD poll state whenever the io_source
// lets go of its SOCKET (close or into_raw_fd), as mio's Windows
// IoSourceState does when dropped; so, like poll(2) and unlike epoll (whose
// set keeps the descriptor until it is closed), a released SOCKET reports
// nothing more and can be wrapped and registered afresh.
#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

constexpr mio_interest kR = MIO_INTEREST_READABLE;

using IoSourcePoll = PollTest;

TEST_F(IoSourcePoll, IntoRawFdOfRegisteredSourceStopsEvents) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), 1, kR), 0);
  mio_raw_fd fd = mio_io_source_into_raw_fd(p.server.get());
  ASSERT_NE(fd, MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_registry_deregister(registry(), p.server.source()), -MIO_EBADF);
  ASSERT_EQ(p.client.Write("x", 1), 1);
  ExpectNoEvents();
  EXPECT_EQ(RawClose(fd), 0);
}

TEST_F(IoSourcePoll, WrapAgainAfterIntoRawFdRegistersAfresh) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), 1, kR), 0);
  p.server.Reset(mio_io_source_into_raw_fd(p.server.get()));
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), 2, kR), 0);
  ASSERT_EQ(p.client.Write("x", 1), 1);
  ExpectEvents({{2, kReadable}});
}

}  // namespace
}  // namespace mio_test
