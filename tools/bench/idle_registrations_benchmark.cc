// Idle-registration curve (issue: performance): the cost of one
// mio_poll_poll(timeout 0) that returns ONE ready event while N other
// registered sockets are idle. mio's promise is O(ready), not O(registered).
//
//   idle_registrations_benchmark --backend epoll|poll --idle N [--polls K]
//
// Prints one line: backend=... idle=... polls=... ns_per_poll=... holders=...
// Instructions are counted by running it under callgrind with
//   --toggle-collect=mio_bench_measured_poll
// (tools/bench/run does): only that function, which calls mio_poll_poll once,
// is counted, so Ir / K is the exact user-space cost of one poll.
//
// The ready source is a socketpair end registered WRITABLE; it is
// re-registered before every poll (outside the measured function) so each
// backend reports it again. The idle sources are unbound UDP sockets
// registered READABLE through mio_source_fd (no state in mio).
//
// File descriptor limit: N sockets need N descriptors. The soft
// RLIMIT_NOFILE is raised to the hard limit; if N still does not fit and the
// backend is epoll, the sockets are made in chunks and each chunk is handed
// to a holder process (`cat` with the chunk's descriptors inherited) before
// this process closes its copies. An epoll registration belongs to the open
// file description, which stays alive while the holder keeps it open, so the
// kernel's interest list really has N idle entries. poll(2) needs every
// descriptor in this process: it reports "unsupported" (exit status 3).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "mio/core/poll_internal.h"
#include "mio/mio.h"
#include "mio/sys/source_fd.h"

namespace {

constexpr int kUnsupported = 3;
// Descriptors kept free for the Poll, the ready pair, pipes and valgrind.
constexpr long kReserve = 64;

[[noreturn]] void Die(const char *what) {
  perror(what);
  exit(1);
}

long RaiseNofile() {
  rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) Die("getrlimit");
  rl.rlim_cur = rl.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &rl) != 0) Die("setrlimit");
  return static_cast<long>(rl.rlim_cur);
}

// Registers `count` fresh idle UDP sockets; returns their descriptors.
std::vector<int> RegisterIdle(const mio_registry *r, long count, long token0) {
  std::vector<int> fds;
  fds.reserve(static_cast<size_t>(count));
  for (long i = 0; i < count; i++) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);  // inheritable: no CLOEXEC
    if (fd < 0) Die("socket");
    mio_source_fd sfd;
    int rc = mio_registry_register(r, mio_source_fd_init(&sfd, fd),
                                   static_cast<mio_token>(token0 + i),
                                   MIO_INTEREST_READABLE);
    if (rc != 0) {
      fprintf(stderr, "register idle socket %ld: %s\n", i, mio_strerror(rc));
      exit(1);
    }
    fds.push_back(fd);
  }
  return fds;
}

// Starts `cat` holding every inheritable descriptor (the current chunk) with
// stdin on a pipe whose write end only this process has: the holder exits
// when this process does. Returns the write end.
int SpawnHolder() {
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) Die("pipe2");
  pid_t pid = fork();
  if (pid < 0) Die("fork");
  if (pid == 0) {
    dup2(p[0], 0);  // dup2 clears CLOEXEC on the copy
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, 1);
    execlp("cat", "cat", static_cast<char *>(nullptr));
    _exit(127);
  }
  close(p[0]);
  return p[1];
}

// The measured region: exactly one poll (callgrind --toggle-collect).
extern "C" __attribute__((noinline)) int mio_bench_measured_poll(
    mio_poll *poll, mio_events *events) {
  return mio_poll_poll(poll, events, 0);
}

double NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

struct Options {
  std::string backend = "epoll";
  long idle = 0;
  long polls = 1000;
};

Options Parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--backend") {
      o.backend = argv[i + 1];
    } else if (k == "--idle") {
      o.idle = atol(argv[i + 1]);
    } else if (k == "--polls") {
      o.polls = atol(argv[i + 1]);
    } else {
      fprintf(stderr, "unknown option %s\n", argv[i]);
      exit(2);
    }
  }
  if ((argc - 1) % 2 != 0 || o.idle < 0 || o.polls <= 0 ||
      (o.backend != "epoll" && o.backend != "poll")) {
    fprintf(stderr, "usage: %s --backend epoll|poll --idle N [--polls K]\n",
            argv[0]);
    exit(2);
  }
  return o;
}

}  // namespace

int main(int argc, char **argv) {
  Options o = Parse(argc, argv);
  long budget = RaiseNofile() - kReserve;
  bool holders_needed = o.idle > budget;
  if (holders_needed && o.backend != "epoll") {
    printf(
        "backend=%s idle=%ld unsupported: needs %ld descriptors in one "
        "process, RLIMIT_NOFILE allows %ld\n",
        o.backend.c_str(), o.idle, o.idle, budget + kReserve);
    return kUnsupported;
  }
  const mio_sys_ops *ops =
      o.backend == "epoll" ? &mio_sys_epoll_ops : &mio_sys_poll_ops;
  mio_poll *poll = nullptr;
  mio_events *events = nullptr;
  if (mio_poll_new_with_ops(&poll, ops) != 0) Die("mio_poll_new");
  if (mio_events_new(&events, 64) != 0) Die("mio_events_new");
  const mio_registry *r = mio_poll_registry(poll);

  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
                 pair) != 0)
    Die("socketpair");
  mio_source_fd ready;
  mio_source *ready_src = mio_source_fd_init(&ready, pair[0]);
  if (mio_registry_register(r, ready_src, 0, MIO_INTEREST_WRITABLE) != 0)
    Die("register ready");

  std::vector<int> holder_pipes;
  std::vector<int> local;  // idle sockets this process keeps open
  for (long done = 0; done < o.idle;) {
    long chunk = o.idle - done < budget ? o.idle - done : budget;
    std::vector<int> fds = RegisterIdle(r, chunk, 1 + done);
    done += chunk;
    if (!holders_needed) {
      local = fds;
      break;
    }
    holder_pipes.push_back(SpawnHolder());
    for (int fd : fds) close(fd);  // the holder keeps the registrations alive
  }

  double ns = 0;
  for (long i = 0; i < o.polls; i++) {
    if (mio_registry_reregister(r, ready_src, 0, MIO_INTEREST_WRITABLE) != 0)
      Die("reregister");
    double t0 = NowNs();
    int rc = mio_bench_measured_poll(poll, events);
    ns += NowNs() - t0;
    if (rc != 0 || mio_events_len(events) != 1 ||
        mio_event_token(mio_events_get(events, 0)) != 0) {
      fprintf(stderr,
              "poll %ld: rc %d, %zu events (want exactly the ready one)\n", i,
              rc, mio_events_len(events));
      return 1;
    }
  }
  printf("backend=%s idle=%ld polls=%ld ns_per_poll=%.1f holders=%zu\n",
         o.backend.c_str(), o.idle, o.polls, ns / static_cast<double>(o.polls),
         holder_pipes.size());

  // Idle sockets held by holders vanish from the interest list when the
  // holders exit; local ones are deregistered (poll(2) needs it) and closed.
  for (int fd : local) {
    mio_source_fd sfd;
    mio_registry_deregister(r, mio_source_fd_init(&sfd, fd));
    close(fd);
  }
  for (int p : holder_pipes) close(p);
  while (wait(nullptr) > 0) {
  }
  mio_registry_deregister(r, ready_src);
  close(pair[0]);
  close(pair[1]);
  mio_events_free(events);
  mio_poll_free(poll);
  return 0;
}
