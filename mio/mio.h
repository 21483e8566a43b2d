/* mio-c umbrella header: every public header that exists on this platform. */
#ifndef MIO_MIO_H_
#define MIO_MIO_H_

#include "mio/core/error.h"
#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/interest.h"
#include "mio/core/platform.h"
#include "mio/core/poll.h"
#include "mio/core/registry.h"
#include "mio/core/source.h"
#include "mio/core/token.h"
#include "mio/core/waker.h"
#include "mio/net/addr.h"
#include "mio/net/tcp_listener.h"
#include "mio/net/tcp_stream.h"
#include "mio/net/udp_socket.h"
#ifdef _WIN32 /* Windows-only types (API.md §1) */
#include "mio/sys/named_pipe.h"
#else /* POSIX-only types (API.md §1) */
#include "mio/net/unix_datagram.h"
#include "mio/net/unix_listener.h"
#include "mio/net/unix_stream.h"
#include "mio/sys/pipe.h"
#include "mio/sys/source_fd.h"
#endif

#endif /* MIO_MIO_H_ */
