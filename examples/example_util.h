/* Small pieces every example needs: the port argument, a signal source for a
 * clean exit, and the "listening on" line that tests and users read.
 *
 * Not part of the library; examples only. */
#ifndef MIO_EXAMPLES_EXAMPLE_UTIL_H_
#define MIO_EXAMPLES_EXAMPLE_UTIL_H_

#include <stdint.h>
#include <sys/socket.h>

#include "mio/core/platform.h"
#include "mio/core/source.h"

MIO_EXTERN_C_BEGIN

/* Parses argv[1] as a port (0-65535; 0 asks the OS for a free one). Without
 * argv[1] the port is `default_port`. Returns 0, or -1 after printing usage
 * to stderr. */
int example_parse_port(int argc, char **argv, uint16_t default_port,
                       uint16_t *out);

/* Fills `*out` with 127.0.0.1:`port`. */
void example_loopback_addr(uint16_t port, struct sockaddr_storage *out,
                           socklen_t *outlen);

/* Blocks SIGINT and SIGTERM for the calling thread (call it before creating
 * any thread) and wraps a signalfd that becomes readable when either is
 * pending. Register the source READABLE; on its event the program ends.
 * This avoids a signal handler altogether: mio_waker_wake is not
 * async-signal-safe (API.md §9), and a handler that only sets a flag races
 * with a poll that has just started. Without signalfd (macOS, the BSDs) it
 * is a pipe written by a handler that does nothing else (the self-pipe
 * trick). Returns 0 or a negative MIO_E* code. */
int example_signal_source_open(mio_io_source *out);

/* Prints "<prog>: listening on <addr>\n" to stdout and flushes it, so a
 * parent process reading stdout learns the port even when 0 was asked for. */
void example_print_listening(const char *prog, const struct sockaddr_storage *a,
                             socklen_t alen);

MIO_EXTERN_C_END

#endif /* MIO_EXAMPLES_EXAMPLE_UTIL_H_ */
