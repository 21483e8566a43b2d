#include "testing/contract/bad_enum.h"

const char *bad_enum_mio_backend_name(int b) {
  return mio_backend_name((mio_backend)b);
}

int bad_enum_mio_tcp_stream_shutdown(const mio_tcp_stream *s, int how) {
  return mio_tcp_stream_shutdown(s, (mio_shutdown)how);
}

int bad_enum_mio_unix_stream_shutdown(const mio_unix_stream *s, int how) {
  return mio_unix_stream_shutdown(s, (mio_shutdown)how);
}

int bad_enum_mio_unix_datagram_shutdown(const mio_unix_datagram *d, int how) {
  return mio_unix_datagram_shutdown(d, (mio_shutdown)how);
}
