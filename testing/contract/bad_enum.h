/* C wrappers that pass an int as a mio enum parameter. In C an out-of-range
 * enum value is just an integer; in C++ even creating one is undefined
 * (UBSan reports it), so the table reaches unknown enum values through
 * these. Each wrapper is named bad_enum_<the function it calls>. */
#ifndef MIO_TESTING_CONTRACT_BAD_ENUM_H_
#define MIO_TESTING_CONTRACT_BAD_ENUM_H_

#include "mio/mio.h"

MIO_EXTERN_C_BEGIN

const char *bad_enum_mio_backend_name(int b);
int bad_enum_mio_tcp_stream_shutdown(const mio_tcp_stream *s, int how);
int bad_enum_mio_unix_stream_shutdown(const mio_unix_stream *s, int how);
int bad_enum_mio_unix_datagram_shutdown(const mio_unix_datagram *d, int how);

MIO_EXTERN_C_END

#endif /* MIO_TESTING_CONTRACT_BAD_ENUM_H_ */
