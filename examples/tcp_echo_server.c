/* tcp_echo_server: single-threaded TCP echo server on mio-c, the program the
 * benchmark kit in ../shared/bench compares with raw epoll, libuv, libevent,
 * libev, io_uring and Rust mio:
 *
 *   tcp_echo_server PORT        (listens on 127.0.0.1:PORT; 0 = any port)
 *   run_echo.sh --server "mio-c=/path/to/tcp_echo_server {port}"
 *
 * It does exactly what the kit's echo_epoll.c does, so the difference is the
 * cost of the library:
 * - one Events buffer walked with mio_events_iter; connections live in a
 *   fixed table and the token is the slot's address, so an event finds its
 *   connection without a lookup;
 * - every connection is registered once for READABLE | WRITABLE (edge
 *   triggered), so nothing is ever re-registered after accept;
 * - data is read into one shared 64 KiB buffer and written straight back;
 *   what the socket does not take is copied to the connection's pending
 *   buffer, and reading from that connection pauses until a writable event
 *   lets the buffer drain (backpressure). The pending buffer belongs to the
 *   table slot and is reused by later connections: no allocation per message;
 * - TCP_NODELAY on each connection; close on EOF, error or error event;
 * - out of descriptors (accept's -MIO_EMFILE), it keeps serving and retries
 *   accept after each close (docs/readiness-model.md);
 * - SIGINT/SIGTERM end the loop through a signalfd registered with the Poll
 *   (no signal handler), and main returns 0.
 *
 * Draining: mio's portable rule (API.md §8) is to read and write until
 * -MIO_EAGAIN. Where mio_poll_short_io_ends_drain(poll) is true (epoll,
 * io_uring), a short read or write on a stream socket already ends the drain
 * and the next edge will come, so, like echo_epoll and the Rust echo_mio, the
 * server stops there and saves one syscall per wake-up. Where it is false
 * (poll(2) re-arms only after -MIO_EAGAIN, §7.4) it follows the portable
 * rule. */
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "examples/example_util.h"
#include "mio/core/error.h"
#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/poll.h"
#include "mio/core/registry.h"
#include "mio/core/source.h"
#include "mio/net/tcp_listener.h"
#include "mio/net/tcp_stream.h"

#define RBUF_SIZE (64 * 1024)
#define MAX_EVENTS 1024
#define MAX_CONNS 16384 /* the kit's largest scenario holds 1000 */
/* A connection's token is the address of its table slot (mio_token is
 * uintptr_t, like epoll's data.ptr), so an event finds its connection
 * without arithmetic. No object lives at address 0 or 1, so these two lie
 * below every slot and one compare tells a connection's event apart. */
#define LISTENER_TOKEN ((mio_token)0)
#define SIGNAL_TOKEN ((mio_token)1)

typedef struct conn {
  mio_tcp_stream stream; /* closed (all zero) while free */
  bool open;             /* the slot holds a live connection */
  char *out;             /* unsent bytes: out[off .. len) */
  size_t off, len, cap;  /* `out` stays with the slot after close */
} conn;

/* Flow of a connection after some I/O. */
typedef enum conn_flow {
  CONN_DONE,    /* nothing pending: wait for the next readable edge */
  CONN_PENDING, /* output left over: wait for the next writable edge */
  CONN_CLOSE,   /* EOF or error */
} conn_flow;

static char rbuf[RBUF_SIZE];
/* accept ran out of descriptors or memory: the connections wait in the
 * listen queue and no new edge will come for them. This server's own
 * descriptors are its connections, so accept is retried after each close
 * (and on the next connection's edge); no timer, so the event loop pays
 * nothing per wake-up. docs/readiness-model.md shows the general pattern
 * with a back-off timer (descriptors freed elsewhere, ENFILE). */
static bool accept_paused;
static const mio_tcp_listener *paused_listener;
static const mio_poll *paused_poll;
static conn conns[MAX_CONNS];
static uint32_t free_slots[MAX_CONNS]; /* stack of unused table indexes */
static size_t free_count;

/* The per-message functions are inlined into each copy of the event loop
 * (echo__serve), so that `drains` is a constant there. */
#if defined(__GNUC__)
#define ECHO_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ECHO_ALWAYS_INLINE inline
#endif

/* `drains` is mio_poll_short_io_ends_drain(poll), passed down as a parameter so
 * that the compiler can specialise the event loop for each value (echo__serve).
 */
static conn_flow echo__flush(conn *c, bool drains) {
  while (c->off < c->len) {
    ptrdiff_t w =
        mio_tcp_stream_write(&c->stream, c->out + c->off, c->len - c->off);
    if (w < 0) {
      if (w == -MIO_EINTR) continue;
      return w == -MIO_EAGAIN ? CONN_PENDING : CONN_CLOSE;
    }
    c->off += (size_t)w;
    if (c->off < c->len && drains) return CONN_PENDING;
  }
  c->off = c->len = 0;
  return CONN_DONE;
}

/* Keeps data[0 .. n) that the socket did not take. */
static conn_flow echo__keep(conn *c, const char *data, size_t n) {
  if (c->cap < n) {
    char *grown = realloc(c->out, n);
    if (grown == NULL) return CONN_CLOSE;
    c->out = grown;
    c->cap = n;
  }
  memcpy(c->out, data, n);
  c->off = 0;
  c->len = n;
  return CONN_PENDING;
}

/* The socket took w (< n) bytes of data[0 .. n), or failed: keep the rest
 * and wait for a writable edge, or close. The backpressure path. */
static conn_flow echo__short_write(conn *c, const char *data, size_t n,
                                   ptrdiff_t w, bool drains) {
  if (w < 0 && w != -MIO_EAGAIN && w != -MIO_EINTR) return CONN_CLOSE;
  size_t done = w < 0 ? 0 : (size_t)w;
  if (echo__keep(c, data + done, n - done) == CONN_CLOSE) return CONN_CLOSE;
  /* A would-block leaves the socket armed; a short write does so only where
   * short I/O ends the drain, elsewhere (and after EINTR) keep writing until
   * -MIO_EAGAIN. */
  if (w == -MIO_EAGAIN || (w >= 0 && drains)) return CONN_PENDING;
  return echo__flush(c, drains);
}

/* Readable and/or writable: drain pending output, then echo what arrives.
 * The hot path is one read and one write that takes everything. */
static ECHO_ALWAYS_INLINE conn_flow echo__on_event(conn *c, bool drains) {
  if (c->len > 0) {
    conn_flow f = echo__flush(c, drains);
    if (f != CONN_DONE) return f;
  }
  for (;;) {
    ptrdiff_t n = mio_tcp_stream_read(&c->stream, rbuf, sizeof rbuf);
    if (n <= 0) {
      if (n == -MIO_EINTR) continue;
      return n == -MIO_EAGAIN ? CONN_DONE : CONN_CLOSE; /* 0 is EOF */
    }
    ptrdiff_t w = mio_tcp_stream_write(&c->stream, rbuf, (size_t)n);
    if (w != n) {
      conn_flow f = echo__short_write(c, rbuf, (size_t)n, w, drains);
      if (f != CONN_DONE) return f;
    }
    if (drains && n < (ptrdiff_t)sizeof rbuf) return CONN_DONE;
  }
}

static void echo__accept_all(const mio_tcp_listener *l, const mio_poll *poll);

/* Frees a slot; a free one stays as it is. */
static void echo__close(conn *c) {
  if (!c->open) return;
  /* Closing the descriptor also ends its registration (API.md §7.6). */
  mio_tcp_stream_close(&c->stream);
  c->open = false;
  c->off = c->len = 0;
  free_slots[free_count++] = (uint32_t)(c - conns);
  if (accept_paused) echo__accept_all(paused_listener, paused_poll);
}

/* Accepts until -MIO_EAGAIN; a full table turns connections away. */
static void echo__accept_all(const mio_tcp_listener *l, const mio_poll *poll) {
  const mio_registry *reg = mio_poll_registry(poll);
  for (;;) {
    mio_tcp_stream spare = MIO_OBJECT_INIT;
    uint32_t slot = free_count > 0 ? free_slots[free_count - 1] : 0;
    mio_tcp_stream *s = free_count > 0 ? &conns[slot].stream : &spare;
    int r = mio_tcp_listener_accept(l, s, NULL, NULL);
    if (r == -MIO_EINTR || r == -MIO_ECONNABORTED) continue;
    if (r == -MIO_EMFILE || r == -MIO_ENFILE || r == -MIO_ENOBUFS ||
        r == -MIO_ENOMEM) {
      /* Not fatal: keep serving, retry later (echo__serve). */
      if (!accept_paused) {
        fprintf(stderr, "tcp_echo_server: accept: %s; retrying\n",
                mio_strerror(r));
      }
      accept_paused = true;
      paused_listener = l;
      paused_poll = poll;
      return;
    }
    accept_paused = false;
    if (r < 0) {
      if (r != -MIO_EAGAIN) {
        fprintf(stderr, "tcp_echo_server: accept: %s\n", mio_strerror(r));
      }
      return;
    }
    if (s == &spare) {
      fprintf(stderr, "tcp_echo_server: %d connections, refusing more\n",
              MAX_CONNS);
      mio_tcp_stream_close(&spare);
      continue;
    }
    free_count--;
    conns[slot].open = true;
    mio_tcp_stream_set_nodelay(s, true);
    r = mio_registry_register(reg, mio_tcp_stream_source(s),
                              (mio_token)(uintptr_t)&conns[slot],
                              MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE);
    if (r < 0) {
      fprintf(stderr, "tcp_echo_server: register: %s\n", mio_strerror(r));
      echo__close(&conns[slot]);
    }
  }
}

/* Runs until SIGINT/SIGTERM; returns the process exit status. One copy per
 * value of `drains` (echo__serve_short_io, echo__serve_portable), so neither
 * tests the flag per message. */
static ECHO_ALWAYS_INLINE int echo__serve(mio_poll *poll, mio_events *events,
                                          const mio_tcp_listener *listener,
                                          bool drains) {
  for (;;) {
    int r = mio_poll_poll(poll, events, MIO_TIMEOUT_INFINITE);
    if (r == -MIO_EINTR) continue;
    if (r < 0) {
      fprintf(stderr, "tcp_echo_server: poll: %s\n", mio_strerror(r));
      return 1;
    }
    mio_events_iter it;
    mio_events_iter_init(&it, events);
    for (const mio_event *e; (e = mio_events_iter_next(&it)) != NULL;) {
      mio_token t = mio_event_token(e);
      if (t > SIGNAL_TOKEN) {
        /* A spurious event for a free slot (API.md §8) reads its closed
         * stream: -MIO_EBADF without a syscall, and closing it is a no-op. */
        conn *c = (conn *)(uintptr_t)t;
        if (mio_event_is_error(e) || echo__on_event(c, drains) == CONN_CLOSE) {
          echo__close(c);
        }
      } else if (t == LISTENER_TOKEN) {
        echo__accept_all(listener, poll);
      } else if (t == SIGNAL_TOKEN) {
        return 0;
      }
    }
  }
}

static int echo__serve_short_io(mio_poll *poll, mio_events *events,
                                const mio_tcp_listener *listener) {
  return echo__serve(poll, events, listener, true);
}

static int echo__serve_portable(mio_poll *poll, mio_events *events,
                                const mio_tcp_listener *listener) {
  return echo__serve(poll, events, listener, false);
}

/* Binds 127.0.0.1:port and registers the listener and the signal source. */
static int echo__setup(uint16_t port, mio_poll *poll,
                       mio_tcp_listener *listener, mio_io_source *sig) {
  struct sockaddr_storage addr;
  socklen_t len;
  example_loopback_addr(port, &addr, &len);
  /* The kit's other servers listen with SOMAXCONN: scenario d opens 1000
   * connections at once. */
  mio_tcp_listen_options opts = {0};
  opts.backlog = SOMAXCONN;
  int r = example_signal_source_open(sig);
  if (r == 0) {
    r = mio_tcp_listener_bind_with(listener, (struct sockaddr *)&addr, len,
                                   &opts);
  }
  if (r < 0) return r;
  const mio_registry *reg = mio_poll_registry(poll);
  r = mio_registry_register(reg, mio_tcp_listener_source(listener),
                            LISTENER_TOKEN, MIO_INTEREST_READABLE);
  if (r == 0) {
    r = mio_registry_register(reg, mio_io_source_source(sig), SIGNAL_TOKEN,
                              MIO_INTEREST_READABLE);
  }
  if (r == 0) r = mio_tcp_listener_local_addr(listener, &addr, &len);
  if (r == 0) example_print_listening("tcp_echo_server", &addr, len);
  return r;
}

int main(int argc, char **argv) {
  uint16_t port;
  if (example_parse_port(argc, argv, 9000, &port) < 0) return 2;
  for (uint32_t i = 0; i < MAX_CONNS; i++) {
    free_slots[i] = MAX_CONNS - 1 - i; /* slot 0 is handed out first */
  }
  free_count = MAX_CONNS;

  mio_poll *poll = NULL;
  mio_events *events = NULL;
  mio_tcp_listener listener = MIO_OBJECT_INIT;
  mio_io_source sig = MIO_OBJECT_INIT;
  int r = mio_poll_new(&poll);
  if (r == 0) r = mio_events_new(&events, MAX_EVENTS);
  if (r == 0) r = echo__setup(port, poll, &listener, &sig);
  int status = 1;
  if (r < 0) {
    fprintf(stderr, "tcp_echo_server: setup: %s\n", mio_strerror(r));
  } else {
    /* A short read/write ends the drain (epoll, io_uring; poll.h). */
    bool short_io_drains = mio_poll_short_io_ends_drain(poll);
    printf("tcp_echo_server: %s backend\n",
           mio_backend_name(mio_poll_backend(poll)));
    fflush(stdout);
    status = short_io_drains ? echo__serve_short_io(poll, events, &listener)
                             : echo__serve_portable(poll, events, &listener);
  }
  for (uint32_t i = 0; i < MAX_CONNS; i++) {
    if (conns[i].open) mio_tcp_stream_close(&conns[i].stream);
    free(conns[i].out);
  }
  mio_tcp_listener_close(&listener);
  mio_io_source_close(&sig);
  mio_events_free(events);
  mio_poll_free(poll);
  return status;
}
