/* A C11 client of mio-c's public headers, as a downstream project writes it:
 * one Poll drives both ends of a loopback TCP connection that echoes 256 KiB
 * (more than the socket buffers hold, so both sides see -MIO_EAGAIN and must
 * resume on the next edge), then a thread wakes the Poll through a Waker.
 *
 * Built by Bazel in examples/consumer (@mio//mio) and, unchanged, by
 * tools/install_test with `cc $(pkg-config --cflags --libs mio-c)`, and by
 * tools/cmake_test through CMake (examples/cmake_consumer) and pkg-config.
 * Exit status 0 when the echoed bytes match and the wake-up arrived. */
#include <mio/mio.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { LISTENER, SERVER, CLIENT, WAKER };
#define PAYLOAD (256 * 1024)
/* Guards against a hang only: no healthy run waits this long in one poll. */
#define POLL_GUARD_NS ((int64_t)30 * 1000 * 1000 * 1000)

/* The echo server's side: bytes received but not yet sent back. */
typedef struct echo_side {
  mio_tcp_stream stream;
  unsigned char buf[PAYLOAD];
  size_t received, echoed;
} echo_side;

/* The client's side: what it sent and how much came back intact. */
typedef struct client_side {
  mio_tcp_stream stream;
  unsigned char sent[PAYLOAD];
  size_t written, verified;
  int mismatch;
} client_side;

static echo_side server;
static client_side client;

static int fail(const char *what, long code) {
  fprintf(stderr, "c_client: %s: %s\n", what, mio_strerror((int)code));
  return 1;
}

/* -MIO_EAGAIN ends a drain normally; anything else negative is an error. */
static int drained(ptrdiff_t n, const char *what) {
  return n == -MIO_EAGAIN ? 0 : fail(what, (long)n);
}

static int server_flush(void) {
  while (server.echoed < server.received) {
    ptrdiff_t n =
        mio_tcp_stream_write(&server.stream, server.buf + server.echoed,
                             server.received - server.echoed);
    if (n < 0) return drained(n, "server write");
    server.echoed += (size_t)n;
  }
  return 0;
}

/* Edge-triggered: read until -MIO_EAGAIN, echoing as we go. */
static int server_ready(void) {
  while (server.received < PAYLOAD) {
    ptrdiff_t n =
        mio_tcp_stream_read(&server.stream, server.buf + server.received,
                            PAYLOAD - server.received);
    if (n == 0) return fail("server read", -MIO_ECONNRESET);
    if (n < 0) return drained(n, "server read") || server_flush();
    server.received += (size_t)n;
  }
  return server_flush();
}

static int client_ready(void) {
  while (client.written < PAYLOAD) {
    ptrdiff_t n = mio_tcp_stream_write(
        &client.stream, client.sent + client.written, PAYLOAD - client.written);
    if (n < 0) {
      if (drained(n, "client write")) return 1;
      break;
    }
    client.written += (size_t)n;
  }
  unsigned char buf[16384];
  while (client.verified < client.written) {
    ptrdiff_t n = mio_tcp_stream_read(&client.stream, buf, sizeof buf);
    if (n == 0) return fail("client read", -MIO_ECONNRESET);
    if (n < 0) return drained(n, "client read");
    if (memcmp(buf, client.sent + client.verified, (size_t)n) != 0)
      client.mismatch = 1;
    client.verified += (size_t)n;
  }
  return 0;
}

static void *wake_later(void *waker) {
  int rc = mio_waker_wake((const mio_waker *)waker);
  return rc == 0 ? NULL : waker;
}

static int accept_server(mio_tcp_listener *l, const mio_registry *reg) {
  int rc = mio_tcp_listener_accept(l, &server.stream, NULL, NULL);
  if (rc == -MIO_EAGAIN) return 0; /* spurious: wait for the next event */
  if (rc) return fail("accept", rc);
  rc = mio_registry_register(reg, mio_tcp_stream_source(&server.stream), SERVER,
                             MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE);
  return rc ? fail("register server", rc) : server_ready();
}

/* Runs the loop until the echo is complete and the waker fired. */
static int run(mio_poll *poll, mio_events *events, mio_tcp_listener *l,
               mio_waker *waker) {
  const mio_registry *reg = mio_poll_registry(poll);
  pthread_t waker_thread;
  int woken = 0, thread_started = 0, rc = 0;
  while (!rc && !woken) {
    int n = mio_poll_poll(poll, events, POLL_GUARD_NS);
    if (n == -MIO_EINTR) continue;
    if (n < 0) return fail("poll", n);
    if (mio_events_is_empty(events)) return fail("poll", -MIO_ETIMEDOUT);
    for (size_t i = 0; !rc && i < mio_events_len(events); i++) {
      mio_token t = mio_event_token(mio_events_get(events, i));
      if (t == LISTENER) rc = accept_server(l, reg);
      if (t == SERVER) rc = server_ready();
      if (t == CLIENT) rc = client_ready();
      if (t == WAKER) woken = 1;
    }
    if (!rc && !thread_started && client.verified == PAYLOAD) {
      if (pthread_create(&waker_thread, NULL, wake_later, waker))
        return fail("pthread_create", -MIO_ENOMEM);
      thread_started = 1;
    }
  }
  void *thread_rc = NULL;
  if (thread_started) pthread_join(waker_thread, &thread_rc);
  return rc || thread_rc != NULL;
}

static int echo_and_wake(mio_poll *poll, mio_events *events,
                         mio_tcp_listener *l) {
  const mio_registry *reg = mio_poll_registry(poll);
  struct sockaddr_storage addr;
  socklen_t alen = sizeof addr;
  mio_waker *waker = NULL;
  int rc = mio_tcp_listener_local_addr(l, &addr, &alen);
  if (!rc)
    rc = mio_tcp_stream_connect(&client.stream, (struct sockaddr *)&addr, alen);
  if (!rc)
    rc = mio_registry_register(reg, mio_tcp_listener_source(l), LISTENER,
                               MIO_INTEREST_READABLE);
  if (!rc)
    rc = mio_registry_register(reg, mio_tcp_stream_source(&client.stream),
                               CLIENT,
                               MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE);
  if (!rc) rc = mio_waker_new(reg, WAKER, &waker);
  if (rc) return fail("set-up", rc);
  rc = run(poll, events, l, waker);
  mio_waker_free(waker);
  return rc;
}

int main(void) {
  struct sockaddr_storage any;
  socklen_t alen;
  mio_poll *poll = NULL;
  mio_events *events = NULL;
  mio_tcp_listener listener = MIO_OBJECT_INIT;
  for (size_t i = 0; i < PAYLOAD; i++)
    client.sent[i] = (unsigned char)(i * 7 + i / 251);
  int rc = mio_addr_parse("127.0.0.1:0", &any, &alen);
  if (!rc) rc = mio_poll_new(&poll);
  if (!rc) rc = mio_events_new(&events, 16);
  if (!rc) rc = mio_tcp_listener_bind(&listener, (struct sockaddr *)&any, alen);
  const char *backend = rc ? "" : mio_backend_name(mio_poll_backend(poll));
  rc = rc ? fail("start", rc) : echo_and_wake(poll, events, &listener);
  if (!rc && client.mismatch) rc = fail("echo", -MIO_EIO);
  mio_tcp_stream_close(&client.stream);
  mio_tcp_stream_close(&server.stream);
  mio_tcp_listener_close(&listener);
  mio_events_free(events);
  mio_poll_free(poll);
  if (!rc)
    printf("c_client: echoed %d bytes over %s, waker fired\n", PAYLOAD,
           backend);
  return rc;
}
