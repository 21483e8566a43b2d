// Windows halves of error_test.cc (the POSIX ones are in
// error_posix_test.cc): a raw descriptor is a SOCKET, and mio_last_error
// reads the thread's Win32/WSA error, not errno (mio's
// io::Error::last_os_error is GetLastError on Windows; Winsock never sets
// errno).
// winsock2.h must come before windows.h.
#include <winsock2.h>

#include <windows.h>

#include <cstddef>
#include <type_traits>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

// Windows: a raw descriptor is a SOCKET and INVALID_SOCKET is invalid.
TEST(Platform, RawFdIsSocket) {
  EXPECT_EQ(sizeof(mio_raw_fd), sizeof(SOCKET));
  EXPECT_TRUE((std::is_unsigned<mio_raw_fd>::value));
  EXPECT_EQ(MIO_INVALID_RAW_FD, static_cast<mio_raw_fd>(INVALID_SOCKET));
}

ptrdiff_t FailingRecv(void* ctx) {
  return RawRecv(*static_cast<mio_raw_fd*>(ctx), nullptr, 0);
}

// The counterpart of POSIX's LastErrorIsNegativeErrno: errno plays no part.
TEST(Errors, LastErrorIsMappedWsaError) {
  WSASetLastError(WSAECONNRESET);
  EXPECT_EQ(mio_last_error(), -MIO_ECONNRESET);
  WSASetLastError(WSAEWOULDBLOCK);
  EXPECT_EQ(mio_last_error(), -MIO_EAGAIN);
  // As used inside a do_io callback: recv on a listening (never connected)
  // socket fails with WSAENOTCONN.
  IoSource s(RawTcpListener(LoopbackV4(), nullptr));
  mio_raw_fd raw = s.fd();
  EXPECT_EQ(mio_io_source_do_io(s.get(), FailingRecv, &raw), -MIO_ENOTCONN);
}

}  // namespace
}  // namespace mio_test
