/* The server behind the tcp_server and tcp_listenfd_server examples (mio's
 * examples/tcp_server.rs and tcp_listenfd_server.rs, plus an echo): each
 * connection is greeted with "Hello world!\n", everything it sends is printed
 * and echoed back, partial writes are kept and finished on the next writable
 * event, and SIGINT/SIGTERM end the loop. */
#ifndef MIO_EXAMPLES_HELLO_ECHO_H_
#define MIO_EXAMPLES_HELLO_ECHO_H_

#include "mio/net/tcp_listener.h"

/* What a new connection is sent first. */
#define HELLO_ECHO_GREETING "Hello world!\n"

/* Serves `listener` (bound and listening, non-blocking, not registered)
 * until SIGINT or SIGTERM, then closes it. Log lines go to stdout, prefixed
 * with `prog`. Returns the process exit status: 0 after a signal, 1 if setup
 * or polling failed. */
int hello_echo_serve(const char *prog, mio_tcp_listener *listener);

#endif /* MIO_EXAMPLES_HELLO_ECHO_H_ */
