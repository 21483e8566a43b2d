#include "examples/hello_echo.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "examples/example_util.h"
#include "mio/core/error.h"
#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/poll.h"
#include "mio/core/registry.h"
#include "mio/core/source.h"
#include "mio/net/addr.h"
#include "mio/net/tcp_stream.h"

#define SERVER_TOKEN ((mio_token)0)
#define SIGNAL_TOKEN ((mio_token)UINTPTR_MAX)
#define MAX_CONNS 1024
#define CONN_BUF 16384
#define PRINT_MAX 200 /* longer data is shown cut, with its length */
/* While accept is out of descriptors (EMFILE), it is retried this often, and
 * after every connection that closes (docs/readiness-model.md). */
#define ACCEPT_RETRY_NS ((int64_t)100 * 1000 * 1000)

/* One client. Bytes read are echoed from `buf` before the next read, so a
 * slow reader pauses its own input (backpressure) and `buf` never grows. */
typedef struct hello_conn {
  mio_tcp_stream stream;
  size_t off, len; /* unsent bytes: buf[off .. len) */
  char buf[CONN_BUF];
} hello_conn;

typedef struct hello_server {
  const char *prog;
  mio_poll *poll;
  mio_events *events;
  mio_tcp_listener *listener;
  hello_conn *conns[MAX_CONNS]; /* token t is conns[t - 1]; NULL = free */
  /* accept ran out of descriptors (or memory): connections wait in the
   * listen queue, and since no new edge comes for them, accept is retried
   * on a timer and after each close instead (docs/readiness-model.md). */
  bool accept_paused;
} hello_server;

static bool hello__is_text(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)p[i];
    if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') return false;
  }
  return true;
}

static void hello__print_received(const hello_server *s, const char *p,
                                  size_t n) {
  if (!hello__is_text(p, n)) {
    printf("%s: Received (non-text) data: %zu bytes\n", s->prog, n);
    return;
  }
  size_t shown = n;
  while (shown > 0 && (p[shown - 1] == '\n' || p[shown - 1] == '\r')) shown--;
  if (shown > PRINT_MAX) {
    printf("%s: Received data: %.*s... (%zu bytes)\n", s->prog, PRINT_MAX, p,
           n);
  } else {
    printf("%s: Received data: %.*s\n", s->prog, (int)shown, p);
  }
}

/* Writes, then reads, until one of them would block: the rule that keeps
 * edge-triggered readiness coming on every backend (API.md §8). Returns
 * false when the connection is finished (EOF or error). */
static bool hello__on_event(const hello_server *s, hello_conn *c) {
  for (;;) {
    while (c->off < c->len) {
      ptrdiff_t w =
          mio_tcp_stream_write(&c->stream, c->buf + c->off, c->len - c->off);
      if (w == -MIO_EAGAIN) return true; /* the rest goes on writable */
      if (w == -MIO_EINTR) continue;
      if (w < 0) {
        printf("%s: Write error: %s\n", s->prog, mio_strerror((int)w));
        return false;
      }
      c->off += (size_t)w;
    }
    c->off = c->len = 0;
    ptrdiff_t n = mio_tcp_stream_read(&c->stream, c->buf, sizeof c->buf);
    if (n == -MIO_EAGAIN) return true;
    if (n == -MIO_EINTR) continue;
    if (n <= 0) {
      if (n == 0) {
        printf("%s: Connection closed\n", s->prog);
      } else {
        printf("%s: Read error: %s\n", s->prog, mio_strerror((int)n));
      }
      return false;
    }
    hello__print_received(s, c->buf, (size_t)n);
    c->len = (size_t)n;
  }
}

static void hello__close(hello_server *s, mio_token t) {
  hello_conn *c = s->conns[t - 1];
  mio_tcp_stream_close(&c->stream);
  free(c);
  s->conns[t - 1] = NULL;
}

/* A free token, or 0 when the table is full. */
static mio_token hello__free_token(const hello_server *s) {
  for (size_t i = 0; i < MAX_CONNS; i++) {
    if (s->conns[i] == NULL) return (mio_token)(i + 1);
  }
  return 0;
}

/* Out of descriptors or memory: the connection stays queued in the kernel
 * until a later accept, so keep serving and retry (not fatal). */
static bool hello__out_of_resources(int r) {
  return r == -MIO_EMFILE || r == -MIO_ENFILE || r == -MIO_ENOBUFS ||
         r == -MIO_ENOMEM;
}

/* Accepts until -MIO_EAGAIN, or pauses on EMFILE and friends. Returns a
 * negative code on a fatal error. */
static int hello__accept_all(hello_server *s) {
  for (;;) {
    mio_tcp_stream stream;
    struct sockaddr_storage peer;
    socklen_t peerlen;
    int r = mio_tcp_listener_accept(s->listener, &stream, &peer, &peerlen);
    if (r == -MIO_EINTR || r == -MIO_ECONNABORTED) continue;
    if (hello__out_of_resources(r)) {
      if (!s->accept_paused) {
        printf("%s: accept: %s; serving the open connections, retrying\n",
               s->prog, mio_strerror(r));
      }
      s->accept_paused = true;
      return 0;
    }
    if (r < 0) return r == -MIO_EAGAIN ? 0 : r;
    s->accept_paused = false;

    char text[64];
    mio_addr_format((const struct sockaddr *)&peer, peerlen, text, sizeof text);
    mio_token t = hello__free_token(s);
    hello_conn *c = t != 0 ? calloc(1, sizeof *c) : NULL;
    if (c == NULL) {
      printf("%s: Refused connection from %s: %s\n", s->prog, text,
             t == 0 ? "too many connections" : "out of memory");
      mio_tcp_stream_close(&stream);
      continue;
    }
    printf("%s: Accepted connection from: %s\n", s->prog, text);
    /* Moving a value object is allowed while it is not registered
     * (API.md §2.3); from here on it stays at c->stream. */
    c->stream = stream;
    /* The greeting waits in the buffer for the first writable event. */
    memcpy(c->buf, HELLO_ECHO_GREETING, sizeof HELLO_ECHO_GREETING - 1);
    c->len = sizeof HELLO_ECHO_GREETING - 1;
    r = mio_registry_register(mio_poll_registry(s->poll),
                              mio_tcp_stream_source(&c->stream), t,
                              MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE);
    if (r < 0) {
      mio_tcp_stream_close(&c->stream);
      free(c);
      return r;
    }
    s->conns[t - 1] = c;
  }
}

static int hello__loop(hello_server *s) {
  for (;;) {
    fflush(stdout);
    int64_t timeout = s->accept_paused ? ACCEPT_RETRY_NS : MIO_TIMEOUT_INFINITE;
    int r = mio_poll_poll(s->poll, s->events, timeout);
    if (r == -MIO_EINTR) continue;
    if (r < 0) return r;
    bool closed = false;
    for (size_t i = 0; i < mio_events_len(s->events); i++) {
      mio_token t = mio_event_token(mio_events_get(s->events, i));
      if (t == SIGNAL_TOKEN) return 0;
      if (t == SERVER_TOKEN) {
        r = hello__accept_all(s);
        if (r < 0) return r;
      } else if (t <= MAX_CONNS && s->conns[t - 1] != NULL) {
        if (!hello__on_event(s, s->conns[t - 1])) {
          hello__close(s, t);
          closed = true;
        }
      }
      /* Any other token: a spurious event for a closed connection. */
    }
    /* Paused: retry after the back-off or as soon as a descriptor freed. */
    if (s->accept_paused && (closed || mio_events_len(s->events) == 0)) {
      r = hello__accept_all(s);
      if (r < 0) return r;
    }
  }
}

int hello_echo_serve(const char *prog, mio_tcp_listener *listener) {
  static hello_server s; /* large (the table); one server per process */
  s.prog = prog;
  s.listener = listener;
  mio_io_source sig = MIO_OBJECT_INIT;
  int r = example_signal_source_open(&sig);
  if (r == 0) r = mio_poll_new(&s.poll);
  if (r == 0) r = mio_events_new(&s.events, 128);
  const mio_registry *reg = mio_poll_registry(s.poll);
  if (r == 0) {
    r = mio_registry_register(reg, mio_tcp_listener_source(listener),
                              SERVER_TOKEN, MIO_INTEREST_READABLE);
  }
  if (r == 0) {
    r = mio_registry_register(reg, mio_io_source_source(&sig), SIGNAL_TOKEN,
                              MIO_INTEREST_READABLE);
  }
  if (r == 0) r = hello__loop(&s);
  if (r < 0) fprintf(stderr, "%s: %s\n", prog, mio_strerror(r));
  for (mio_token t = 1; t <= MAX_CONNS; t++) {
    if (s.conns[t - 1] != NULL) hello__close(&s, t);
  }
  mio_tcp_listener_close(listener);
  mio_io_source_close(&sig);
  mio_events_free(s.events);
  mio_poll_free(s.poll);
  printf("%s: shutting down\n", prog);
  fflush(stdout);
  return r < 0 ? 1 : 0;
}
