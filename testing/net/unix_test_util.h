// Unix-domain socket helpers for the POSIX net suites: temporary socket
// paths and raw Unix sockets.
#ifndef MIO_TESTING_NET_UNIX_TEST_UTIL_H_
#define MIO_TESTING_NET_UNIX_TEST_UTIL_H_

#include <sys/socket.h>
#include <sys/un.h>

#include <string>

#include "testing/net/net_test_util.h"

namespace mio_net_test {

// A unique socket path under a fresh /tmp directory (short enough for
// sun_path); the file and directory are removed on destruction.
class TempPath {
 public:
  explicit TempPath(const char* name);
  ~TempPath();
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  const char* c_str() const { return path_.c_str(); }
  const std::string& str() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

// Raw Unix sockets (SOCK_CLOEXEC; `nonblocking` adds SOCK_NONBLOCK); -1
// after a gtest failure.
int RawUnixListener(const char* path, bool nonblocking = false);
int RawUnixConnect(const char* path, bool nonblocking = false);
int RawUnixDatagram(const char* path /* NULL: unbound */,
                    bool nonblocking = false);

// The pathname of a returned Unix address ("" when not a pathname).
std::string UnixPathOf(const sockaddr_un& a, socklen_t len);

}  // namespace mio_net_test

#endif  // MIO_TESTING_NET_UNIX_TEST_UTIL_H_
