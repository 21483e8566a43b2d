// Differential fuzzer: the epoll and poll(2) selectors against each other.
//
// Two worlds live in one process: world 0 has only epoll Polls, world 1 only
// poll(2) Polls (mio_poll_new_with_ops). Each holds its own copy of every
// source: AF_UNIX socketpairs, pipe read and write ends, eventfds, loopback
// TCP streams and TCP listeners (with connecting clients as the peer), each
// wrapped in a mio_io_source. An input decodes into up to kMaxSteps
// operations in the registry_ops language (fuzz_util.h decoders); every
// operation is applied to both copies, and everything both worlds return is
// compared: library return codes, do_io results (byte counts, errors), what
// the peers' syscalls return, and the readiness each Poll reports.
//
// Readiness is compared where the contract makes it a function of kernel
// state, which the mirrored copies share (checked before every step, see
// Settle):
//  - A settle poll (OpSettlePoll) first reregisters every source of the Poll
//    with its own token and interest in both worlds, which re-evaluates
//    readiness (API.md §4, §8), then polls until a poll returns nothing. The
//    multisets of (token, readable, writable, error, read_closed,
//    write_closed, priority) must equal the level readiness a raw poll(2) of
//    each source shows, plus the waker if woken, and the sources' part must
//    be the same in both worlds (whether the waker is still pending may
//    differ: see OpSettlePoll).
//  - An edge poll (OpEdgePoll) is an ordinary zero-timeout poll. Principled
//    exemption: after a source's first delivery the backends may differ —
//    epoll reports every new edge and the full current mask, poll(2) only
//    the bits still armed (delivered bits wait for a would-block re-arm,
//    API.md §7.4) and it re-reports level bits after any re-arm; both are
//    allowed by §8 (no further event guaranteed before -EAGAIN, spurious
//    events are fine). So an edge poll compares exactly only what is defined
//    on both: a source that is fresh in both worlds (registered or
//    reregistered and not delivered since) with a token of its own is
//    reported in both or neither, with equal flags, iff its level readiness
//    is non-empty; the waker (token of its own) is reported iff woken since
//    its last delivery. Only when neither poll filled its buffer, since the
//    backends fill it in different orders. Both worlds must also keep §8's
//    promise: a source armed by (re)register or by a would-block from do_io,
//    that the peer then made readable and that is still readable, is
//    reported readable (token of its own, buffer not full). Every event in
//    either world must carry the token of a live registration, some flag,
//    and flags within its level readiness.
// Any other mismatch aborts. Everything is closed at the end of an input and
// the descriptor count is checked to be unchanged.
#include <arpa/inet.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "mio/core/error.h"
#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/interest.h"
#include "mio/core/poll.h"
#include "mio/core/poll_internal.h"
#include "mio/core/registry.h"
#include "mio/core/source.h"
#include "mio/core/waker.h"
#include "mio/sys/event_repr.h"

namespace {

using mio_fuzz::CountOpenFds;
using mio_fuzz::Err;
using mio_fuzz::FuzzInput;
using mio_fuzz::OpenFdKind;
using mio_fuzz::PickInterest;
using mio_fuzz::PickToken;

constexpr int kWorlds = 2;
const mio_sys_ops *const kOps[kWorlds] = {&mio_sys_epoll_ops,
                                          &mio_sys_poll_ops};
const char *const kWorldName[kWorlds] = {"epoll", "poll"};

constexpr int kSlots = 6;
constexpr int kPolls = 2;
constexpr int kMaxSteps = 256;
constexpr int kMaxClients = 3;
constexpr size_t kEventCaps[] = {1, 2, 4, 64};
constexpr size_t kNumEventBufs = sizeof kEventCaps / sizeof kEventCaps[0];
constexpr size_t kMaxIo = 1 << 16;
// TCP writes stay far below the (enlarged) socket buffers, so how much a
// write takes never depends on when the kernel acknowledges (timing).
constexpr size_t kTcpMaxIo = 1024;
constexpr size_t kTcpMaxUnread = 8192;
constexpr int kTcpBuf = 1 << 20;

// Slot kinds: the shared descriptor kinds plus loopback TCP.
enum Kind {
  kSocket = mio_fuzz::kSocket,
  kPipeRead = mio_fuzz::kPipeRead,
  kPipeWrite = mio_fuzz::kPipeWrite,
  kEventfd = mio_fuzz::kEventfd,
  kTcpStream = mio_fuzz::kNumFdKinds,  // connected client; peer: accepted end
  kTcpListener,  // listening on 127.0.0.1; peers: connecting clients
  kNumKinds,
};

bool IsTcp(int kind) { return kind == kTcpStream || kind == kTcpListener; }

// Whether getsockopt(TCP_INFO) fills in tcpi_unacked, which Settle needs to
// know that loopback TCP has gone quiet. qemu-user (the aarch64 tests) copies
// back only its first 4 bytes: there, TCP slots become socketpairs
// (LLVMFuzzerInitialize prints so).
bool g_tcp_info_complete = true;

// One world's copy of a slot.
struct Copy {
  mio_io_source src = MIO_OBJECT_INIT;  // never moved while registered
  int peer = -1;                        // kTcpListener: unused
  int clients[kMaxClients] = {-1, -1, -1};
  // Registered or reregistered and not delivered since (edge polls).
  bool fresh = false;
  // Liveness (API.md §8): readable readiness is armed by (re)register and
  // by a would-block from do_io, until an event with readable, error or a
  // hang-up (both sides closed) is delivered; `poked`: the peer made the
  // source readable after it was armed, so the next poll must say so if it
  // is still readable then.
  bool read_armed = false;
  bool poked = false;
};

// What both worlds share: the slot's kind and registration (equal in both
// worlds because every return code is).
struct Slot {
  int kind = kSocket;
  bool open = false;
  Copy copy[kWorlds];
  int poll = -1;  // PollPair::id of the registration, or -1
  mio_token token = 0;
  mio_interest interest = 0;
  // TCP: bytes written and not yet read, per direction, and connections
  // queued on a listener. Exact (checked by Settle) until a shutdown or a
  // close of either end makes the kernel reset or purge.
  size_t unread_mine = 0;
  size_t unread_peer = 0;
  int queued = 0;
  bool tcp_exact = false;
};

// A wake not yet delivered, per world. Maybe: an event with the waker's
// token and only readable set arrived while a source shares the token, so
// it may have been the source's.
enum Wake { kWakeNo, kWakeYes, kWakeMaybe };

struct PollPair {
  int id = -1;  // a new id for every pair created
  mio_poll *poll[kWorlds] = {};
  mio_registry *clone[kWorlds] = {};
  mio_waker *waker[kWorlds] = {};
  mio_token waker_token = 0;
  // Woken since the waker's last delivery, per world.
  Wake wake[kWorlds] = {kWakeNo, kWakeNo};
};

struct World {
  Slot slots[kSlots];
  PollPair polls[kPolls];
  int next_id = 0;
};

mio_events *g_events[kWorlds][kNumEventBufs];
unsigned char g_io_buf[kMaxIo];

// --------------------------------------------------------------- comparing

// Both worlds' results of one operation must agree.
void ExpectSame(const long rc[kWorlds], const char *what) {
  MIO_FUZZ_CHECK(rc[0] == rc[1], "%s: epoll %ld (%s), poll %ld (%s)", what,
                 rc[0], Err(rc[0]), rc[1], Err(rc[1]));
}

// -errno for the peers' raw syscalls, so both worlds compare as numbers.
long SysResult(long n) { return n >= 0 ? n : -errno; }

int MineFd(const Slot &s, int w) {
  return mio_io_source_as_raw_fd(&s.copy[w].src);
}

// ------------------------------------------------------------- readiness

// The comparable part of an event: its token and accessor flags.
struct Ready {
  mio_token token;
  unsigned flags;  // bit 0 readable .. bit 5 priority
  bool operator<(const Ready &o) const {
    return std::tie(token, flags) < std::tie(o.token, o.flags);
  }
  bool operator==(const Ready &o) const {
    return token == o.token && flags == o.flags;
  }
};

unsigned FlagsOf(const mio_event *e) {
  return mio_event_is_readable(e) << 0 | mio_event_is_writable(e) << 1 |
         mio_event_is_error(e) << 2 | mio_event_is_read_closed(e) << 3 |
         mio_event_is_write_closed(e) << 4 | mio_event_is_priority(e) << 5;
}

// The flags an event with raw poll bits `revents` decodes to.
unsigned FlagsOfBits(uint32_t revents) {
  mio_event e;
  mio_sys_event_set(&e, 0, revents);
  return FlagsOf(&e);
}

// poll(2) of the harness's own, retried when a signal interrupts it.
int PollRetry(struct pollfd *fds, nfds_t n, int timeout_ms) {
  int rc;
  do {
    rc = poll(fds, n, timeout_ms);
  } while (rc < 0 && errno == EINTR);
  MIO_FUZZ_CHECK(rc >= 0, "poll: %s", strerror(errno));
  return rc;
}

short PollMask(mio_interest interest) {
  short m = 0;
  if (interest & MIO_INTEREST_READABLE) m |= POLLIN | POLLRDHUP;
  if (interest & MIO_INTEREST_WRITABLE) m |= POLLOUT;
  if (interest & MIO_INTEREST_PRIORITY) m |= POLLPRI;
  return m;
}

// Level readiness of a registered source, as flags: what the kernel reports
// for the registered interest (plus ERR/HUP, always reported). Both backends
// deliver EOF as readable (epoll reports IN with RDHUP for a socket; the
// poll(2) backend restores IN when it disarmed it), hence IN with RDHUP.
unsigned LevelFlags(const Slot &s, int w) {
  struct pollfd p = {MineFd(s, w), PollMask(s.interest), 0};
  PollRetry(&p, 1, 0);
  uint32_t bits = static_cast<uint16_t>(p.revents);
  if (bits & POLLRDHUP) bits |= POLLIN;
  return bits != 0 ? FlagsOfBits(bits) : 0;
}

std::vector<Ready> Collect(const mio_events *ev) {
  std::vector<Ready> out;
  for (size_t i = 0; i < mio_events_len(ev); i++) {
    const mio_event *e = mio_events_get(ev, i);
    out.push_back({mio_event_token(e), FlagsOf(e)});
  }
  return out;
}

std::string Show(const std::vector<Ready> &v) {
  std::string out = "[";
  for (const Ready &r : v) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s%ju:%02x", out.size() > 1 ? " " : "",
             static_cast<uintmax_t>(r.token), r.flags);
    out += buf;
  }
  return out + "]";
}

// -------------------------------------------------------------- settling

// Kernel-side state of one descriptor for the mirror check: readiness (all
// bits) and, for TCP, what loopback may still be delivering: queued bytes
// (a listener: its accept queue) and packets sent but not acknowledged
// (data or a FIN; its ACK would wake epoll with a new edge later).
struct FdState {
  short revents = 0;
  long queued = 0;
  long unacked = 0;
  bool operator==(const FdState &o) const {
    return revents == o.revents && queued == o.queued && unacked == o.unacked;
  }
};

void TcpState(int fd, bool listener, FdState *st) {
  if (fd < 0) return;
  struct tcp_info ti;
  socklen_t len = sizeof ti;
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0) {
    st->queued = st->unacked = -errno;
    return;
  }
  // tcpi_unacked is the accept queue of a listener, else packets out.
  if (listener) {
    st->queued = ti.tcpi_state == TCP_LISTEN ? ti.tcpi_unacked : -1;
    return;
  }
  st->unacked = ti.tcpi_unacked;
  int n = 0;
  st->queued = ioctl(fd, FIONREAD, &n) == 0 ? n : -errno;
}

// Sends the ACKs a TCP socket is delaying (the peer of a FIN delays its ACK
// up to 40 ms), so Settle need not wait for the delayed-ACK timer.
void FlushAcks(int fd) {
  const int one = 1;
  if (fd >= 0) setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
}

constexpr int kFdsPerSlot = 2 + kMaxClients;  // ours, peer, clients
constexpr int kSettleFds = kSlots * kWorlds * kFdsPerSlot;

int FdOf(const Slot &s, int x, int f) {
  const Copy &c = s.copy[x];
  return f == 0 ? MineFd(s, x) : f == 1 ? c.peer : c.clients[f - 2];
}

// The state of every descriptor of both worlds, [slot][world][fd], from one
// poll(2) call.
void Snapshot(const World &w, FdState out[kSettleFds]) {
  struct pollfd p[kSettleFds];
  for (int i = 0; i < kSettleFds; i++) {
    const int f = i % kFdsPerSlot;
    const int x = i / kFdsPerSlot % kWorlds;
    p[i] = {FdOf(w.slots[i / kFdsPerSlot / kWorlds], x, f),
            POLLIN | POLLOUT | POLLPRI | POLLRDHUP, 0};
  }
  PollRetry(p, kSettleFds, 0);
  for (int i = 0; i < kSettleFds; i++) {
    const Slot &s = w.slots[i / kFdsPerSlot / kWorlds];
    out[i] = FdState();
    out[i].revents = p[i].revents;
    if (IsTcp(s.kind)) {
      TcpState(p[i].fd, s.kind == kTcpListener && i % kFdsPerSlot == 0,
               &out[i]);
    }
  }
}

// Where the model knows what the kernel must show (TCP byte counts and
// accept queues, nothing unacknowledged): false until the loopback has
// delivered it.
bool TcpDelivered(const Slot &s, const FdState st[kFdsPerSlot]) {
  for (int f = 0; f < kFdsPerSlot; f++) {
    if (st[f].unacked != 0) return false;
  }
  if (!s.tcp_exact || !s.open) return true;
  if (s.kind == kTcpListener) return st[0].queued == s.queued;
  return st[0].queued == static_cast<long>(s.unread_mine) &&
         st[1].queued == static_cast<long>(s.unread_peer);
}

// The slot whose copies differ (or lag the TCP model), or -1.
int Unsettled(const World &w, const FdState st[kSettleFds]) {
  for (int i = 0; i < kSlots; i++) {
    const FdState *a = &st[(i * kWorlds + 0) * kFdsPerSlot];
    const FdState *b = &st[(i * kWorlds + 1) * kFdsPerSlot];
    if (!TcpDelivered(w.slots[i], a) || !TcpDelivered(w.slots[i], b) ||
        !std::equal(a, a + kFdsPerSlot, b)) {
      return i;
    }
  }
  return -1;
}

// Waits until both worlds' copies are in the same kernel state and TCP has
// delivered what the model expects, with nothing unacknowledged.
// Everything but loopback TCP changes synchronously within the syscall; TCP
// delivers within the sending syscall too (softirq on the sending thread)
// unless softirqs are deferred, but ACKs may be delayed (after a FIN, the
// peer's ACK waits for the delayed-ACK timer and then wakes epoll with a new
// edge): this flushes delayed ACKs and retries for a while before calling
// the copies diverged.
void Settle(const World &w) {
  constexpr int kAttempts = 2000;  // 1 ms apart
  for (int attempt = 0;; attempt++) {
    FdState st[kSettleFds];
    Snapshot(w, st);
    const int bad = Unsettled(w, st);
    if (bad < 0) return;
    if (attempt < kAttempts) {
      for (int x = 0; x < kWorlds && IsTcp(w.slots[bad].kind); x++) {
        for (int f = 0; f < kFdsPerSlot; f++)
          FlushAcks(FdOf(w.slots[bad], x, f));
      }
      if (attempt > 0) usleep(1000);
      continue;
    }
    for (int i = 0; i < kWorlds * kFdsPerSlot; i++) {
      const FdState &f = st[bad * kWorlds * kFdsPerSlot + i];
      fprintf(stderr, "%s copy, fd %d: revents %#x, queued %ld, unacked %ld\n",
              kWorldName[i / kFdsPerSlot], i % kFdsPerSlot, f.revents, f.queued,
              f.unacked);
    }
    MIO_FUZZ_CHECK(false,
                   "slot %d (kind %d): the copies did not reach the same "
                   "kernel state in %d ms",
                   bad, w.slots[bad].kind, kAttempts);
  }
}

// ------------------------------------------------------------ TCP helpers

void SetTcpOptions(int fd) {
  const int one = 1;
  const struct linger abort_on_close = {1, 0};  // RST: no TIME_WAIT pile-up
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &kTcpBuf, sizeof kTcpBuf);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kTcpBuf, sizeof kTcpBuf);
}

int TcpSocket() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  MIO_FUZZ_CHECK(fd >= 0, "socket: %s", strerror(errno));
  SetTcpOptions(fd);
  return fd;
}

void SetNonBlocking(int fd) {
  MIO_FUZZ_CHECK(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0,
                 "fcntl: %s", strerror(errno));
}

// A listener on 127.0.0.1, ephemeral port; its address in *addr.
int TcpListen(struct sockaddr_in *addr, int backlog) {
  const int fd = TcpSocket();
  *addr = {};
  addr->sin_family = AF_INET;
  addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof *addr;
  MIO_FUZZ_CHECK(
      bind(fd, reinterpret_cast<sockaddr *>(addr), sizeof *addr) == 0 &&
          listen(fd, backlog) == 0 &&
          getsockname(fd, reinterpret_cast<sockaddr *>(addr), &len) == 0,
      "listen: %s", strerror(errno));
  return fd;
}

// A connected, non-blocking pair: *mine the client, *peer the accepted end.
// Nothing blocks in a syscall (libFuzzer's SIGALRM would interrupt it).
void TcpPair(int *mine, int *peer) {
  struct sockaddr_in addr;
  const int l = TcpListen(&addr, 1);
  SetNonBlocking(l);
  *mine = TcpSocket();
  SetNonBlocking(*mine);
  const int rc =
      connect(*mine, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
  MIO_FUZZ_CHECK(rc == 0 || errno == EINPROGRESS, "connect: %s",
                 strerror(errno));
  struct pollfd p = {l, POLLIN, 0};
  MIO_FUZZ_CHECK(PollRetry(&p, 1, 10000) == 1, "no connection to accept");
  *peer = accept4(l, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
  MIO_FUZZ_CHECK(*peer >= 0, "accept: %s", strerror(errno));
  SetTcpOptions(*peer);
  close(l);
}

// ------------------------------------------------------------ slot lifetime

void ClosePeers(Slot &s) {
  for (Copy &c : s.copy) {
    if (c.peer >= 0) close(c.peer);
    c.peer = -1;
    for (int &fd : c.clients) {
      if (fd >= 0) close(fd);
      fd = -1;
    }
  }
  s.tcp_exact = false;
}

void Arm(Slot &s) {
  for (Copy &c : s.copy) {
    c.read_armed = true;
    c.poked = false;
  }
}

void ForgetRegistration(Slot &s) {
  s.poll = -1;
  s.token = 0;
  s.interest = 0;
  for (Copy &c : s.copy) c.fresh = c.read_armed = c.poked = false;
}

// Closes the sources without deregistering (API.md §7.6), or gives up their
// descriptors with into_raw_fd and closes those.
void CloseSource(Slot &s, bool into_raw) {
  long rc[kWorlds];
  for (int w = 0; w < kWorlds; w++) {
    mio_io_source *src = &s.copy[w].src;
    if (into_raw) {
      const int fd = mio_io_source_into_raw_fd(src);
      rc[w] = fd >= 0;
      if (fd >= 0) close(fd);
    } else {
      rc[w] = mio_io_source_close(src);
    }
  }
  ExpectSame(rc, into_raw ? "into_raw_fd" : "close");
  s.open = false;
  s.tcp_exact = false;
  ForgetRegistration(s);
}

void OpenCopy(Slot &s, Copy &c) {
  int mine = -1;
  if (s.kind == kTcpStream) {
    TcpPair(&mine, &c.peer);
  } else if (s.kind == kTcpListener) {
    struct sockaddr_in addr;
    mine = TcpListen(&addr, 16);
    SetNonBlocking(mine);
  } else {
    const int rc =
        OpenFdKind(static_cast<mio_fuzz::FdKind>(s.kind), &mine, &c.peer);
    MIO_FUZZ_CHECK(rc == 0, "creating descriptors: %s", Err(rc));
  }
  MIO_FUZZ_EXPECT_RC(mio_io_source_init(&c.src, mine), 0, "io_source_init");
}

void Create(Slot &s, int kind) {
  if (IsTcp(kind) && !g_tcp_info_complete) kind = kSocket;
  CloseSource(s, false);
  ClosePeers(s);
  s.kind = kind;
  s.open = true;
  s.unread_mine = s.unread_peer = 0;
  s.queued = 0;
  s.tcp_exact = IsTcp(kind);
  for (Copy &c : s.copy) OpenCopy(s, c);
}

// ------------------------------------------------------------ registrations

const mio_registry *Registry(const PollPair &p, int w, bool clone) {
  return clone && p.clone[w] != nullptr ? p.clone[w]
                                        : mio_poll_registry(p.poll[w]);
}

// register (op 0) or reregister (op 1) in both worlds.
void OpRegister(World &w, FuzzInput &in, bool rereg) {
  PollPair &p = w.polls[in.U8() % kPolls];
  const bool clone = in.U8() & 1;
  Slot &s = w.slots[in.U8() % kSlots];
  const mio_token token = PickToken(in);
  const mio_interest interest = PickInterest(in);
  long rc[kWorlds];
  for (int x = 0; x < kWorlds; x++) {
    const mio_registry *r = Registry(p, x, clone);
    mio_source *src = mio_io_source_source(&s.copy[x].src);
    rc[x] = rereg ? mio_registry_reregister(r, src, token, interest)
                  : mio_registry_register(r, src, token, interest);
  }
  ExpectSame(rc, rereg ? "reregister" : "register");
  if (rc[0] != 0) return;
  s.poll = p.id;
  s.token = token;
  s.interest = interest;
  for (Copy &c : s.copy) c.fresh = true;
  Arm(s);
}

void OpDeregister(World &w, FuzzInput &in) {
  PollPair &p = w.polls[in.U8() % kPolls];
  const bool clone = in.U8() & 1;
  Slot &s = w.slots[in.U8() % kSlots];
  long rc[kWorlds];
  for (int x = 0; x < kWorlds; x++) {
    rc[x] = mio_registry_deregister(Registry(p, x, clone),
                                    mio_io_source_source(&s.copy[x].src));
  }
  ExpectSame(rc, "deregister");
  if (rc[0] == 0) ForgetRegistration(s);
}

// ----------------------------------------------------------------------- I/O

struct IoCtx {
  int fd;
  bool write;
  bool accept;
  size_t len;
};

// A successful accept returns 1: descriptor numbers differ between worlds.
ptrdiff_t DoIo(void *arg) {
  const IoCtx *c = static_cast<const IoCtx *>(arg);
  ssize_t n;
  if (c->accept) {
    const int fd = accept4(c->fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return mio_last_error();
    SetTcpOptions(fd);
    close(fd);
    return 1;
  }
  n = c->write ? write(c->fd, g_io_buf, c->len) : read(c->fd, g_io_buf, c->len);
  return n >= 0 ? n : mio_last_error();
}

// A length for a write to the TCP stream `s` (to us if `to_mine`) that
// keeps the unread bytes within kTcpMaxUnread; 0 to skip the write.
size_t TcpWriteLen(const Slot &s, bool to_mine, size_t len) {
  const size_t unread = to_mine ? s.unread_mine : s.unread_peer;
  const size_t room = unread < kTcpMaxUnread ? kTcpMaxUnread - unread : 0;
  return std::min({len, kTcpMaxIo, room});
}

// I/O on our end through do_io (the path that re-arms after would-block).
void OpSourceIo(World &w, FuzzInput &in, bool write) {
  Slot &s = w.slots[in.U8() % kSlots];
  IoCtx c = {-1, write, s.kind == kTcpListener && !write,
             s.kind == kEventfd ? 8 : 1 + in.U16() % kMaxIo};
  if (s.kind == kTcpStream && write) c.len = TcpWriteLen(s, false, c.len);
  if (c.len == 0) return;
  if (s.kind == kEventfd && write) {
    const uint64_t v = in.U8();  // 0 is a no-op add; never overflows
    std::memcpy(g_io_buf, &v, sizeof v);
  }
  long rc[kWorlds];
  for (int x = 0; x < kWorlds; x++) {
    c.fd = MineFd(s, x);
    rc[x] = mio_io_source_do_io(&s.copy[x].src, DoIo, &c);
  }
  ExpectSame(rc, write ? "do_io write" : "do_io read/accept");
  if (rc[0] == -MIO_EAGAIN && s.poll >= 0) Arm(s);
  if (rc[0] <= 0 || s.kind != kTcpStream) {
    if (rc[0] > 0 && s.kind == kTcpListener) s.queued--;
    return;
  }
  if (write) {
    s.unread_peer += rc[0];
  } else {
    s.unread_mine -= std::min<size_t>(rc[0], s.unread_mine);
  }
}

// New data (or a connection) for an armed source.
void Poked(Slot &s) {
  if ((s.interest & MIO_INTEREST_READABLE) == 0) return;
  for (Copy &c : s.copy) c.poked |= c.read_armed;
}

// A new client for a listener, in a free client slot (no-op if none or the
// accept queue is at its model limit).
void ConnectClient(Slot &s) {
  int free_slot = -1;
  for (int i = kMaxClients - 1; i >= 0; i--) {
    if (s.copy[0].clients[i] < 0) free_slot = i;
  }
  if (free_slot < 0 || !s.open || s.queued >= 8) return;
  long rc[kWorlds];
  for (int x = 0; x < kWorlds; x++) {
    const int fd = TcpSocket();
    SetNonBlocking(fd);
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    MIO_FUZZ_CHECK(getsockname(MineFd(s, x),
                               reinterpret_cast<sockaddr *>(&addr), &len) == 0,
                   "getsockname: %s", strerror(errno));
    rc[x] = SysResult(
        connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr));
    s.copy[x].clients[free_slot] = fd;
  }
  ExpectSame(rc, "client connect");
  if (rc[0] != 0 && rc[0] != -EINPROGRESS) return;
  s.queued++;
  if (s.tcp_exact) Poked(s);  // still listening: the accept queue grew
}

// The other end: makes our end readable (socket, TCP, pipe read end,
// eventfd, a listener by a new client) or writable (pipe write end, by
// draining it).
void OpPeerPoke(World &w, FuzzInput &in) {
  Slot &s = w.slots[in.U8() % kSlots];
  size_t len = 1 + in.U16() % kMaxIo;
  if (s.kind == kTcpListener) return ConnectClient(s);
  if (s.kind == kTcpStream) len = TcpWriteLen(s, true, len);
  if (len == 0 || (s.kind == kEventfd && !s.open)) return;
  long rc[kWorlds];
  for (int x = 0; x < kWorlds; x++) {
    const int peer = s.copy[x].peer;
    const uint64_t one = 1;
    switch (s.kind) {
      case kSocket:
      case kTcpStream:
        rc[x] = SysResult(send(peer, g_io_buf, len, MSG_NOSIGNAL));
        break;
      case kPipeRead:
        rc[x] = SysResult(write(peer, g_io_buf, len));
        break;
      case kPipeWrite:
        rc[x] = SysResult(read(peer, g_io_buf, len));
        break;
      default:
        rc[x] = SysResult(write(MineFd(s, x), &one, sizeof one));
        break;
    }
  }
  ExpectSame(rc, "peer poke");
  if (s.kind == kTcpStream && rc[0] > 0) s.unread_mine += rc[0];
  if (s.kind != kPipeWrite && rc[0] > 0 && s.open) Poked(s);
}

// Drains what our end wrote (socket, TCP) so it becomes writable again.
void OpPeerDrain(World &w, FuzzInput &in) {
  Slot &s = w.slots[in.U8() % kSlots];
  const size_t len = 1 + in.U16() % kMaxIo;
  if (s.kind != kSocket && s.kind != kTcpStream) return;
  long rc[kWorlds];
  for (int x = 0; x < kWorlds; x++) {
    rc[x] = SysResult(read(s.copy[x].peer, g_io_buf, len));
  }
  ExpectSame(rc, "peer drain");
  if (s.kind == kTcpStream && rc[0] > 0) {
    s.unread_peer -= std::min<size_t>(rc[0], s.unread_peer);
  }
}

// shutdown(2) of our end or the peer: half-closed states.
void OpShutdown(World &w, FuzzInput &in) {
  Slot &s = w.slots[in.U8() % kSlots];
  const bool mine = in.U8() & 1;
  const int how = in.U8() % 3;  // SHUT_RD, SHUT_WR, SHUT_RDWR
  long rc[kWorlds];
  for (int x = 0; x < kWorlds; x++) {
    const int fd = mine ? MineFd(s, x) : s.copy[x].peer;
    rc[x] = fd >= 0 ? SysResult(shutdown(fd, how)) : -EBADF;
  }
  ExpectSame(rc, "shutdown");
  if (rc[0] == 0) s.tcp_exact = false;
}

// ------------------------------------------------------------------ polling

// Live registrations of a Poll (and its waker) per token.
int Owners(const World &w, const PollPair &p, mio_token t) {
  int n = p.waker[0] != nullptr && p.waker_token == t;
  for (const Slot &s : w.slots) n += s.poll == p.id && s.token == t;
  return n;
}

// Flags an event with token `t` may carry in world `x`: the union of the
// level readiness of every source with that token, and readable for the
// waker.
unsigned AllowedFlags(const World &w, const PollPair &p, int x, mio_token t) {
  unsigned allowed = 0;
  if (p.waker[x] != nullptr && p.waker_token == t) allowed |= 1;
  for (const Slot &s : w.slots) {
    if (s.poll == p.id && s.token == t) allowed |= LevelFlags(s, x);
  }
  return allowed;
}

// Every event: the token of a live registration, some flag, flags within
// its level.
void CheckSafety(const World &w, const PollPair &p, int x,
                 const std::vector<Ready> &got) {
  for (const Ready &r : got) {
    MIO_FUZZ_CHECK(Owners(w, p, r.token) > 0,
                   "%s: event for token %ju, not registered: %s", kWorldName[x],
                   static_cast<uintmax_t>(r.token), Show(got).c_str());
    // An event must say something (API.md §5: a closed source registered
    // READABLE still gets an event, at least readable).
    MIO_FUZZ_CHECK(r.flags != 0, "%s: token %ju event without flags: %s",
                   kWorldName[x], static_cast<uintmax_t>(r.token),
                   Show(got).c_str());
    const unsigned allowed = AllowedFlags(w, p, x, r.token);
    MIO_FUZZ_CHECK((r.flags & ~allowed) == 0,
                   "%s: token %ju flags %#x beyond level readiness %#x: %s",
                   kWorldName[x], static_cast<uintmax_t>(r.token), r.flags,
                   allowed, Show(got).c_str());
  }
}

// A delivery ends freshness (and a pending wake) for its token in world x.
void Delivered(World &w, PollPair &p, int x, const std::vector<Ready> &got) {
  for (const Ready &r : got) {
    if (p.waker[x] != nullptr && p.waker_token == r.token) {
      if (Owners(w, p, r.token) == 1) {
        p.wake[x] = kWakeNo;
      } else if (r.flags == 1 && p.wake[x] == kWakeYes) {
        p.wake[x] = kWakeMaybe;
      }
    }
    // Bits 0 readable, 2 error; 3|4 read and write closed: a hang-up.
    const bool disarms = (r.flags & 0x5) != 0 || (r.flags & 0x18) == 0x18;
    for (Slot &s : w.slots) {
      if (s.poll != p.id || s.token != r.token) continue;
      Copy &c = s.copy[x];
      c.fresh = false;
      if (disarms) c.read_armed = c.poked = false;
    }
  }
}

bool Contains(const std::vector<Ready> &v, mio_token t, Ready *found) {
  for (const Ready &r : v) {
    if (r.token == t) {
      *found = r;
      return true;
    }
  }
  return false;
}

// See the file comment: exact only for fresh sources and the waker.
void CompareEdgePoll(const World &w, const PollPair &p,
                     const std::vector<Ready> got[kWorlds]) {
  if (p.waker[0] != nullptr && Owners(w, p, p.waker_token) == 1) {
    for (int x = 0; x < kWorlds; x++) {
      Ready r;
      const bool seen = Contains(got[x], p.waker_token, &r);
      MIO_FUZZ_CHECK(p.wake[x] == kWakeMaybe || seen == (p.wake[x] == kWakeYes),
                     "%s: waker reported %d, woken %d: %s", kWorldName[x], seen,
                     p.wake[x] == kWakeYes, Show(got[x]).c_str());
    }
  }
  for (const Slot &s : w.slots) {
    if (s.poll != p.id || Owners(w, p, s.token) != 1) continue;
    for (int x = 0; x < kWorlds; x++) {
      Ready r = {s.token, 0};
      Contains(got[x], s.token, &r);
      const bool owed = s.copy[x].poked && (LevelFlags(s, x) & 1) != 0;
      MIO_FUZZ_CHECK(!owed || (r.flags & 1) != 0,
                     "%s: source (slot %d, kind %d, token %ju) armed and "
                     "made readable, not reported readable: %s",
                     kWorldName[x], static_cast<int>(&s - w.slots), s.kind,
                     static_cast<uintmax_t>(s.token), Show(got[x]).c_str());
    }
    if (!s.copy[0].fresh || !s.copy[1].fresh) continue;
    for (int x = 0; x < kWorlds; x++) {
      const unsigned level = LevelFlags(s, x);
      Ready r = {s.token, 0};
      Contains(got[x], s.token, &r);
      MIO_FUZZ_CHECK(r.flags == level,
                     "%s: fresh source (slot %d, token %ju) reported %#x, "
                     "level readiness %#x; epoll %s, poll %s",
                     kWorldName[x], static_cast<int>(&s - w.slots),
                     static_cast<uintmax_t>(s.token), r.flags, level,
                     Show(got[0]).c_str(), Show(got[1]).c_str());
    }
  }
}

void OpEdgePoll(World &w, FuzzInput &in) {
  PollPair &p = w.polls[in.U8() % kPolls];
  const size_t cap = in.U8() % kNumEventBufs;
  long rc[kWorlds];
  std::vector<Ready> got[kWorlds];
  bool full = false;
  for (int x = 0; x < kWorlds; x++) {
    mio_events *ev = g_events[x][cap];
    rc[x] = mio_poll_poll(p.poll[x], ev, 0);
    got[x] = Collect(ev);
    full |= got[x].size() == kEventCaps[cap];
  }
  ExpectSame(rc, "poll");
  for (int x = 0; x < kWorlds; x++) CheckSafety(w, p, x, got[x]);
  if (!full) CompareEdgePoll(w, p, got);
  for (int x = 0; x < kWorlds; x++) Delivered(w, p, x, got[x]);
}

// What a settle poll must report in world x from its sources: every
// registered source with non-empty level readiness.
std::vector<Ready> LevelReady(const World &w, const PollPair &p, int x) {
  std::vector<Ready> want;
  for (const Slot &s : w.slots) {
    if (s.poll != p.id) continue;
    const unsigned level = LevelFlags(s, x);
    if (level != 0) want.push_back({s.token, level});
  }
  std::sort(want.begin(), want.end());
  return want;
}

// Reregisters every source of `p` with its own token and interest in both
// worlds: afterwards each backend reports exactly the level readiness.
void RearmAll(World &w, PollPair &p) {
  for (Slot &s : w.slots) {
    if (s.poll != p.id) continue;
    long rc[kWorlds];
    for (int x = 0; x < kWorlds; x++) {
      rc[x] = mio_registry_reregister(mio_poll_registry(p.poll[x]),
                                      mio_io_source_source(&s.copy[x].src),
                                      s.token, s.interest);
    }
    ExpectSame(rc, "settle reregister");
    MIO_FUZZ_EXPECT_RC(rc[0], 0, "settle reregister");
    for (Copy &c : s.copy) c.fresh = true;
    Arm(s);
  }
}

// Polls world x until a poll returns nothing; everything reported, sorted.
std::vector<Ready> PollDry(World &w, PollPair &p, int x, size_t cap) {
  std::vector<Ready> all;
  // Each poll delivers at least one event until none is left: at most one
  // round per source and the waker, plus the empty one.
  for (int round = 0; round <= kSlots + 1; round++) {
    mio_events *ev = g_events[x][cap];
    MIO_FUZZ_EXPECT_RC(mio_poll_poll(p.poll[x], ev, 0), 0, "settle poll");
    const std::vector<Ready> got = Collect(ev);
    CheckSafety(w, p, x, got);
    Delivered(w, p, x, got);
    all.insert(all.end(), got.begin(), got.end());
    if (got.empty()) break;
    MIO_FUZZ_CHECK(round < kSlots + 1, "%s: settle poll never ran dry",
                   kWorldName[x]);
  }
  std::sort(all.begin(), all.end());
  return all;
}

// Each world must report exactly its sources' level readiness plus the
// waker if woken; and the sources' part must be the same in both worlds.
// The waker's part may differ: an earlier poll with a small buffer may have
// delivered the waker in one world and sources in the other (poll(2) puts
// its notifier first, epoll its ready list order), which §9 allows.
void OpSettlePoll(World &w, FuzzInput &in) {
  PollPair &p = w.polls[in.U8() % kPolls];
  const size_t cap = in.U8() % kNumEventBufs;
  RearmAll(w, p);
  std::vector<Ready> level[kWorlds];
  for (int x = 0; x < kWorlds; x++) {
    level[x] = LevelReady(w, p, x);
    std::vector<Ready> want = level[x];
    std::vector<Ready> woken = level[x];
    woken.push_back({p.waker_token, 1});
    std::sort(woken.begin(), woken.end());
    const Wake wake = p.waker[x] != nullptr ? p.wake[x] : kWakeNo;
    if (wake == kWakeYes) want = woken;
    const std::vector<Ready> got = PollDry(w, p, x, cap);
    MIO_FUZZ_CHECK(got == want || (wake == kWakeMaybe && got == woken),
                   "%s: settle poll reported %s, expected %s (wake %d)",
                   kWorldName[x], Show(got).c_str(), Show(want).c_str(), wake);
    p.wake[x] = kWakeNo;  // whichever it was, it has been delivered now
  }
  MIO_FUZZ_CHECK(level[0] == level[1], "settle poll: sources epoll %s, poll %s",
                 Show(level[0]).c_str(), Show(level[1]).c_str());
}

// -------------------------------------------------------- wakers, clones

void OpWaker(World &w, FuzzInput &in) {
  const uint8_t op = in.U8() % 3;
  PollPair &p = w.polls[in.U8() % kPolls];
  const bool clone = in.U8() & 1;
  const mio_token token = PickToken(in);
  long rc[kWorlds] = {0, 0};
  for (int x = 0; x < kWorlds; x++) {
    if (op == 0) {
      mio_waker *waker = nullptr;
      rc[x] = mio_waker_new(Registry(p, x, clone), token, &waker);
      if (rc[x] == 0) p.waker[x] = waker;
    } else if (op == 1 && p.waker[x] != nullptr) {
      rc[x] = mio_waker_wake(p.waker[x]);
      p.wake[x] = kWakeYes;
    } else if (op == 2) {
      mio_waker_free(p.waker[x]);
      p.waker[x] = nullptr;
    }
  }
  ExpectSame(rc, "waker op");
  if (op == 0 && rc[0] == 0) p.waker_token = token;
  if ((op == 0 && rc[0] == 0) || op == 2) {
    p.wake[0] = p.wake[1] = kWakeNo;
  }
}

void OpClone(World &w, FuzzInput &in) {
  PollPair &p = w.polls[in.U8() % kPolls];
  long rc[kWorlds] = {0, 0};
  for (int x = 0; x < kWorlds; x++) {
    if (p.clone[x] != nullptr) {
      mio_registry_free(p.clone[x]);
      p.clone[x] = nullptr;
    } else {
      rc[x] = mio_registry_try_clone(mio_poll_registry(p.poll[x]), &p.clone[x]);
    }
  }
  ExpectSame(rc, "try_clone");
}

// ------------------------------------------------------------------ driver

void NewPolls(World &w, PollPair &p) {
  p = PollPair();
  p.id = w.next_id++;
  for (int x = 0; x < kWorlds; x++) {
    MIO_FUZZ_EXPECT_RC(mio_poll_new_with_ops(&p.poll[x], kOps[x]), 0,
                       "poll_new");
    MIO_FUZZ_CHECK(mio_poll_backend(p.poll[x]) == kOps[x]->backend,
                   "backend of %s", kWorldName[x]);
  }
}

void FreePolls(PollPair &p) {
  for (int x = 0; x < kWorlds; x++) {
    mio_waker_free(p.waker[x]);
    mio_registry_free(p.clone[x]);
    mio_poll_free(p.poll[x]);
  }
}

// mio_poll_free with sources still registered: they keep the old id, so
// they can no longer be polled, and the §7.5 table still applies to them.
void OpRecreatePolls(World &w, FuzzInput &in) {
  PollPair &p = w.polls[in.U8() % kPolls];
  FreePolls(p);
  NewPolls(w, p);
}

void Setup(World &w) {
  for (PollPair &p : w.polls) NewPolls(w, p);
  for (int i = 0; i < kSlots; i++) Create(w.slots[i], i % kNumKinds);
}

// Half the sources deregistered first, the rest closed while registered
// (also those whose Poll is gone).
void Teardown(World &w) {
  for (int i = 0; i < kSlots; i++) {
    Slot &s = w.slots[i];
    for (PollPair &p : w.polls) {
      if (i % 2 != 0 || s.poll != p.id) continue;
      for (int x = 0; x < kWorlds; x++) {
        MIO_FUZZ_EXPECT_RC(
            mio_registry_deregister(mio_poll_registry(p.poll[x]),
                                    mio_io_source_source(&s.copy[x].src)),
            0, "final deregister");
      }
    }
    CloseSource(s, false);
    ClosePeers(s);
  }
  for (PollPair &p : w.polls) FreePolls(p);
}

void Step(World &w, FuzzInput &in) {
  Settle(w);
  switch (in.U8() % 16) {
    case 0:
    case 1:
      return OpRegister(w, in, false);
    case 2:
      return OpRegister(w, in, true);
    case 3:
      return OpDeregister(w, in);
    case 4: {
      Slot &s = w.slots[in.U8() % kSlots];
      return CloseSource(s, in.U8() & 1);
    }
    case 5: {
      Slot &s = w.slots[in.U8() % kSlots];
      return Create(s, in.U8() % kNumKinds);
    }
    case 6:
      return OpPeerPoke(w, in);
    case 7:
      return OpPeerDrain(w, in);
    case 8:
      return ClosePeers(w.slots[in.U8() % kSlots]);
    case 9:
      return OpSourceIo(w, in, false);
    case 10:
      return OpSourceIo(w, in, true);
    case 11:
      return OpEdgePoll(w, in);
    case 12:
      return OpSettlePoll(w, in);
    case 13:
      return OpWaker(w, in);
    case 14:
      return OpShutdown(w, in);
    default:
      if (in.U8() & 1) return OpClone(w, in);
      return OpRecreatePolls(w, in);
  }
}

}  // namespace

// Sets g_tcp_info_complete from one TCP socket.
void ProbeTcpInfo() {
  const int fd = TcpSocket();
  struct tcp_info ti;
  socklen_t len = sizeof ti;
  const size_t need =
      offsetof(struct tcp_info, tcpi_unacked) + sizeof ti.tcpi_unacked;
  g_tcp_info_complete =
      getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 && len >= need;
  if (!g_tcp_info_complete) {
    fprintf(stderr,
            "poll_backend: getsockopt(TCP_INFO) returned %u of %zu bytes "
            "(not emulated, e.g. qemu-user): TCP slots cannot be settled and "
            "are replayed as AF_UNIX socketpairs\n",
            static_cast<unsigned>(len), need);
  }
  close(fd);
}

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  // Writing to a pipe whose read end is closed is part of the game.
  signal(SIGPIPE, SIG_IGN);
  ProbeTcpInfo();
  for (int x = 0; x < kWorlds; x++) {
    for (size_t i = 0; i < kNumEventBufs; i++) {
      MIO_FUZZ_CHECK(mio_events_new(&g_events[x][i], kEventCaps[i]) == 0,
                     "events_new");
    }
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const int fds_before = CountOpenFds();
  {
    FuzzInput in(data, size);
    World w;
    Setup(w);
    for (int step = 0; step < kMaxSteps && !in.empty(); step++) Step(w, in);
    Settle(w);
    Teardown(w);
  }
  const int fds_after = CountOpenFds();
  MIO_FUZZ_CHECK(fds_before == fds_after,
                 "descriptor leak: %d before, %d after", fds_before, fds_after);
  return 0;
}
