/* mio-c shutdown modes (std::net::Shutdown), for mio_tcp_stream_shutdown and
 * the Unix stream/datagram shutdowns. Included by mio/net/addr.h; a header
 * of its own so the OS socket layer needs no public net header. */
#ifndef MIO_NET_SHUTDOWN_H_
#define MIO_NET_SHUTDOWN_H_

/* Which halves of a connection to shut down (std::net::Shutdown). */
typedef enum mio_shutdown {
  MIO_SHUTDOWN_READ = 0,
  MIO_SHUTDOWN_WRITE = 1,
  MIO_SHUTDOWN_BOTH = 2
} mio_shutdown;

#endif /* MIO_NET_SHUTDOWN_H_ */
