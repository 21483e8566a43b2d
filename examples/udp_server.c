/* udp_server: mio's examples/udp_server.rs in C.
 *
 *   udp_server [PORT]         (127.0.0.1, default 9000; 0 = any free port)
 *   nc -u 127.0.0.1 9000      (anything you type is echoed back)
 *
 * Every datagram is sent back to where it came from. A datagram the socket
 * cannot take right now (-MIO_EAGAIN) is dropped, as UDP may do anyway.
 * SIGINT or SIGTERM ends the server with exit status 0. */
#include <stdint.h>
#include <stdio.h>

#include "examples/example_util.h"
#include "mio/core/error.h"
#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/poll.h"
#include "mio/core/registry.h"
#include "mio/core/source.h"
#include "mio/net/udp_socket.h"

#define UDP_SOCKET_TOKEN ((mio_token)0)
#define SIGNAL_TOKEN ((mio_token)1)

/* The largest UDP payload fits: 65,507 bytes over IPv4. */
static char buf[1 << 16];

/* Receives until -MIO_EAGAIN and echoes each datagram. */
static int udp__echo_all(const mio_udp_socket *sock) {
  for (;;) {
    struct sockaddr_storage from;
    socklen_t fromlen;
    ptrdiff_t n =
        mio_udp_socket_recv_from(sock, buf, sizeof buf, &from, &fromlen);
    if (n == -MIO_EAGAIN) return 0;
    if (n == -MIO_EINTR) continue;
    if (n < 0) return (int)n;
    ptrdiff_t w = mio_udp_socket_send_to(
        sock, buf, (size_t)n, (const struct sockaddr *)&from, fromlen);
    if (w < 0) {
      fprintf(stderr, "udp_server: dropped a %td-byte reply: %s\n", n,
              mio_strerror((int)w));
    }
  }
}

static int udp__loop(mio_poll *poll, mio_events *events,
                     const mio_udp_socket *sock) {
  for (;;) {
    int r = mio_poll_poll(poll, events, MIO_TIMEOUT_INFINITE);
    if (r == -MIO_EINTR) continue;
    if (r < 0) return r;
    for (size_t i = 0; i < mio_events_len(events); i++) {
      mio_token t = mio_event_token(mio_events_get(events, i));
      if (t == SIGNAL_TOKEN) return 0;
      if (t == UDP_SOCKET_TOKEN) {
        r = udp__echo_all(sock);
        if (r < 0) return r;
      } else {
        fprintf(stderr, "udp_server: event for unexpected token %ju\n",
                (uintmax_t)t);
      }
    }
  }
}

int main(int argc, char **argv) {
  uint16_t port;
  if (example_parse_port(argc, argv, 9000, &port) < 0) return 2;
  struct sockaddr_storage addr;
  socklen_t len;
  example_loopback_addr(port, &addr, &len);

  mio_poll *poll = NULL;
  mio_events *events = NULL;
  mio_udp_socket sock = MIO_OBJECT_INIT;
  mio_io_source sig = MIO_OBJECT_INIT;
  int r = example_signal_source_open(&sig);
  if (r == 0) r = mio_poll_new(&poll);
  /* Two sources, at most two events per poll. */
  if (r == 0) r = mio_events_new(&events, 2);
  if (r == 0) r = mio_udp_socket_bind(&sock, (struct sockaddr *)&addr, len);
  if (r == 0) {
    r = mio_registry_register(mio_poll_registry(poll),
                              mio_udp_socket_source(&sock), UDP_SOCKET_TOKEN,
                              MIO_INTEREST_READABLE);
  }
  if (r == 0) {
    r = mio_registry_register(mio_poll_registry(poll),
                              mio_io_source_source(&sig), SIGNAL_TOKEN,
                              MIO_INTEREST_READABLE);
  }
  if (r == 0) r = mio_udp_socket_local_addr(&sock, &addr, &len);
  if (r == 0) {
    example_print_listening("udp_server", &addr, len);
    printf(
        "You can connect to the server using `nc -u`; anything you type "
        "will be echoed back to you.\n");
    fflush(stdout);
    r = udp__loop(poll, events, &sock);
  }
  if (r < 0) fprintf(stderr, "udp_server: %s\n", mio_strerror(r));
  mio_udp_socket_close(&sock);
  mio_io_source_close(&sig);
  mio_events_free(events);
  mio_poll_free(poll);
  return r < 0 ? 1 : 0;
}
