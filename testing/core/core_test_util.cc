#include "testing/core/core_test_util.h"

#include <sys/socket.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace mio_test {
namespace {

struct IoCtx {
  int fd;
  void* buf;
  size_t len;
};

ptrdiff_t ReadFn(void* arg) {
  auto* c = static_cast<IoCtx*>(arg);
  ssize_t n = read(c->fd, c->buf, c->len);
  return n < 0 ? mio_last_error() : n;
}

ptrdiff_t WriteFn(void* arg) {
  auto* c = static_cast<IoCtx*>(arg);
  ssize_t n = send(c->fd, c->buf, c->len, MSG_NOSIGNAL);
  if (n < 0 && mio_last_error() == -ENOTSOCK) n = write(c->fd, c->buf, c->len);
  return n < 0 ? mio_last_error() : n;
}

ptrdiff_t AcceptFn(void* arg) {
  auto* c = static_cast<IoCtx*>(arg);
  int fd = accept4(c->fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  return fd < 0 ? mio_last_error() : fd;
}

RecordingSource* Self(mio_source* s) {
  return reinterpret_cast<RecordingSource*>(s);
}

int RecRegister(mio_source* s, const mio_registry* r, mio_token t,
                mio_interest i) {
  OpRecord* rec = Self(s)->record;
  rec->registrations.emplace_back(t, i);
  rec->last_registry = r;
  return rec->result;
}

int RecReregister(mio_source* s, const mio_registry* r, mio_token t,
                  mio_interest i) {
  OpRecord* rec = Self(s)->record;
  rec->reregistrations.emplace_back(t, i);
  rec->last_registry = r;
  return rec->result;
}

int RecDeregister(mio_source* s, const mio_registry* r) {
  OpRecord* rec = Self(s)->record;
  rec->deregister_count++;
  rec->last_registry = r;
  return rec->result;
}

const mio_source_ops kRecordingOps = {RecRegister, RecReregister,
                                      RecDeregister};

}  // namespace

IoSource::IoSource(int fd) : IoSource() { Reset(fd); }

void IoSource::Reset(int fd) {
  mio_io_source_close(&s_);
  EXPECT_EQ(mio_io_source_init(&s_, fd), 0) << "fd " << fd;
}

ptrdiff_t IoSource::Read(void* buf, size_t len) const {
  IoCtx c = {fd(), buf, len};
  return mio_io_source_do_io(&s_, ReadFn, &c);
}

ptrdiff_t IoSource::Write(const void* buf, size_t len) const {
  IoCtx c = {fd(), const_cast<void*>(buf), len};
  return mio_io_source_do_io(&s_, WriteFn, &c);
}

ptrdiff_t IoSource::Accept() const {
  IoCtx c = {fd(), nullptr, 0};
  return mio_io_source_do_io(&s_, AcceptFn, &c);
}

TcpListener::TcpListener(const SockAddr& bind_addr) {
  int fd = RawTcpListener(bind_addr, &addr);
  if (fd >= 0) io.Reset(fd);
}

TcpPair::TcpPair() {
  SockAddr addr;
  int l = RawTcpListener(LoopbackV4(), &addr, /*nonblocking=*/false);
  if (l < 0) return;
  int c = RawTcpConnect(addr, /*nonblocking=*/false);
  int s = c >= 0 ? RawAccept(l, /*nonblocking=*/true) : -1;
  close(l);
  if (c < 0 || s < 0) {
    if (c >= 0) close(c);
    return;
  }
  EXPECT_TRUE(SetNonBlocking(c));
  client.Reset(c);
  server.Reset(s);
}

void InitRecordingSource(RecordingSource* rs, OpRecord* record) {
  rs->src.ops = &kRecordingOps;
  rs->record = record;
}

}  // namespace mio_test
