/* tcp_server: mio's examples/tcp_server.rs in C, with an echo.
 *
 *   tcp_server [PORT]      (127.0.0.1, default 9000; 0 = any free port)
 *   nc 127.0.0.1 9000      (you get "Hello world!", then your lines back)
 *
 * Each client is greeted, everything it sends is printed here and echoed
 * back; partial writes are finished on the next writable event. SIGINT or
 * SIGTERM ends the server with exit status 0. See hello_echo.c. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>

#include "examples/example_util.h"
#include "examples/hello_echo.h"
#include "mio/core/error.h"
#include "mio/net/tcp_listener.h"

int main(int argc, char **argv) {
  uint16_t port;
  if (example_parse_port(argc, argv, 9000, &port) < 0) return 2;
  struct sockaddr_storage addr;
  socklen_t len;
  example_loopback_addr(port, &addr, &len);
  mio_tcp_listener listener = MIO_OBJECT_INIT;
  int r = mio_tcp_listener_bind(&listener, (struct sockaddr *)&addr, len);
  if (r == 0) r = mio_tcp_listener_local_addr(&listener, &addr, &len);
  if (r < 0) {
    fprintf(stderr, "tcp_server: bind: %s\n", mio_strerror(r));
    return 1;
  }
  example_print_listening("tcp_server", &addr, len);
  printf(
      "You can connect to the server using `nc`:\n"
      " $ nc 127.0.0.1 %u\n"
      "You'll see our welcome message, and anything you type will be "
      "printed here and sent back.\n",
      (unsigned)ntohs(((struct sockaddr_in *)&addr)->sin_port));
  return hello_echo_serve("tcp_server", &listener);
}
