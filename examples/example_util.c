#include "examples/example_util.h"

#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/signalfd.h>
#else
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#endif

#include "mio/core/error.h"
#include "mio/net/addr.h"

int example_parse_port(int argc, char **argv, uint16_t default_port,
                       uint16_t *out) {
  if (argc < 2) {
    *out = default_port;
    return 0;
  }
  char *end = NULL;
  long port = strtol(argv[1], &end, 10);
  if (argc > 2 || end == argv[1] || *end != '\0' || port < 0 || port > 65535) {
    fprintf(stderr, "usage: %s [PORT]   (default %u; 0 = any free port)\n",
            argv[0], (unsigned)default_port);
    return -1;
  }
  *out = (uint16_t)port;
  return 0;
}

void example_loopback_addr(uint16_t port, struct sockaddr_storage *out,
                           socklen_t *outlen) {
  struct sockaddr_in *sin = (struct sockaddr_in *)out;
  memset(out, 0, sizeof *out);
  sin->sin_family = AF_INET;
  sin->sin_port = htons(port);
  sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  *outlen = (socklen_t)sizeof *sin;
}

#ifdef __linux__
int example_signal_source_open(mio_io_source *out) {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  /* Blocked signals stay pending until the signalfd reads them; the process
   * never leaves the loop in the middle of a callback. */
  int err = pthread_sigmask(SIG_BLOCK, &mask, NULL);
  if (err != 0) return -err;
  int fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) return mio_last_error();
  return mio_io_source_init(out, fd);
}
#else
/* No signalfd (macOS, the BSDs): the self-pipe trick. The handler only
 * write(2)s one byte (async-signal-safe) to a non-blocking pipe whose read
 * end is the source, so the loop still learns of the signal through the
 * Poll. A full pipe drops the byte: one pending byte is enough. */
static int example__signal_pipe[2] = {-1, -1};

static void example__on_signal(int signo) {
  (void)signo;
  int saved = errno;
  ssize_t ignored = write(example__signal_pipe[1], "s", 1);
  (void)ignored;
  errno = saved;
}

static int example__nonblocking_cloexec(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0) return -1;
  return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

int example_signal_source_open(mio_io_source *out) {
  if (pipe(example__signal_pipe) != 0) return mio_last_error();
  if (example__nonblocking_cloexec(example__signal_pipe[0]) != 0 ||
      example__nonblocking_cloexec(example__signal_pipe[1]) != 0) {
    return mio_last_error();
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = example__on_signal;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0) {
    return mio_last_error();
  }
  return mio_io_source_init(out, example__signal_pipe[0]);
}
#endif

void example_print_listening(const char *prog, const struct sockaddr_storage *a,
                             socklen_t alen) {
  char text[64];
  mio_addr_format((const struct sockaddr *)a, alen, text, sizeof text);
  printf("%s: listening on %s\n", prog, text);
  fflush(stdout);
}
