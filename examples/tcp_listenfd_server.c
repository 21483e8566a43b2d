/* tcp_listenfd_server: mio's examples/tcp_listenfd_server.rs in C.
 *
 * Serves (like tcp_server: greeting + echo) a listening socket it is handed
 * as descriptor 3 by socket activation (the systemd LISTEN_FDS protocol):
 *
 *   systemd-socket-activate -l 127.0.0.1:9000 ./tcp_listenfd_server
 *   listenfd -t 9000 -- ./tcp_listenfd_server     (Rust's systemfd, etc.)
 *
 * LISTEN_FDS must be set (>= 1); when LISTEN_PID is set it must be our pid,
 * otherwise the descriptors were meant for another process. Both variables
 * are removed so that children do not pick the socket up. */
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "examples/example_util.h"
#include "examples/hello_echo.h"
#include "mio/core/error.h"
#include "mio/net/addr.h"
#include "mio/net/tcp_listener.h"

#define LISTEN_FDS_START 3 /* SD_LISTEN_FDS_START */

/* Checks the LISTEN_* variables; returns 0 or -1 after printing why. */
static int listenfd__check_env(void) {
  const char *fds = getenv("LISTEN_FDS");
  const char *pid = getenv("LISTEN_PID");
  if (fds == NULL || atoi(fds) < 1) {
    fprintf(stderr,
            "tcp_listenfd_server: LISTEN_FDS is unset or 0: start me through "
            "socket activation (e.g. systemd-socket-activate -l PORT)\n");
    return -1;
  }
  if (pid != NULL && strtol(pid, NULL, 10) != (long)getpid()) {
    fprintf(stderr, "tcp_listenfd_server: LISTEN_PID=%s is not my pid %ld\n",
            pid, (long)getpid());
    return -1;
  }
  unsetenv("LISTEN_FDS");
  unsetenv("LISTEN_PID");
  unsetenv("LISTEN_FDNAMES");
  return 0;
}

/* Descriptor 3 must be a listening stream socket; make it non-blocking and
 * close-on-exec (mio takes it as it is, API.md §11.2). */
static int listenfd__prepare(int fd) {
  int listening = 0, type = 0;
  socklen_t len = sizeof listening;
  if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) < 0) {
    return mio_last_error();
  }
  len = sizeof type;
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0) {
    return mio_last_error();
  }
  if (!listening || type != SOCK_STREAM) return -MIO_EINVAL;
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
      fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
    return mio_last_error();
  }
  return 0;
}

int main(void) {
  if (listenfd__check_env() < 0) return 2;
  int r = listenfd__prepare(LISTEN_FDS_START);
  if (r < 0) {
    fprintf(stderr, "tcp_listenfd_server: fd %d: %s\n", LISTEN_FDS_START,
            r == -MIO_EINVAL ? "not a listening TCP socket" : mio_strerror(r));
    return 1;
  }
  mio_tcp_listener listener = MIO_OBJECT_INIT;
  r = mio_tcp_listener_from_raw_fd(&listener, LISTEN_FDS_START);
  struct sockaddr_storage addr;
  socklen_t len;
  if (r == 0) r = mio_tcp_listener_local_addr(&listener, &addr, &len);
  if (r < 0) {
    fprintf(stderr, "tcp_listenfd_server: %s\n", mio_strerror(r));
    return 1;
  }
  printf("Using preopened socket FD %d\n", LISTEN_FDS_START);
  example_print_listening("tcp_listenfd_server", &addr, len);
  char text[64];
  mio_addr_format((const struct sockaddr *)&addr, len, text, sizeof text);
  printf("You can connect to the server using `nc` (address %s).\n", text);
  return hello_echo_serve("tcp_listenfd_server", &listener);
}
