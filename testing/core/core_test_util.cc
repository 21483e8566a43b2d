#include "testing/core/core_test_util.h"

#include "gtest/gtest.h"

namespace mio_test {
namespace {

struct IoCtx {
  mio_raw_fd fd;
  void* buf;
  size_t len;
};

ptrdiff_t ReadFn(void* arg) {
  auto* c = static_cast<IoCtx*>(arg);
  return RawRecv(c->fd, c->buf, c->len);
}

ptrdiff_t WriteFn(void* arg) {
  auto* c = static_cast<IoCtx*>(arg);
  return RawSend(c->fd, c->buf, c->len);
}

ptrdiff_t AcceptFn(void* arg) {
  auto* c = static_cast<IoCtx*>(arg);
  return RawAcceptNow(c->fd);
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

IoSource::IoSource(mio_raw_fd fd) : IoSource() { Reset(fd); }

void IoSource::Reset(mio_raw_fd fd) {
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
  mio_raw_fd fd = RawTcpListener(bind_addr, &addr);
  if (fd != MIO_INVALID_RAW_FD) io.Reset(fd);
}

TcpPair::TcpPair() {
  SockAddr addr;
  const mio_raw_fd kNone = MIO_INVALID_RAW_FD;
  mio_raw_fd l = RawTcpListener(LoopbackV4(), &addr, /*nonblocking=*/false);
  if (l == kNone) return;
  mio_raw_fd c = RawTcpConnect(addr, /*nonblocking=*/false);
  mio_raw_fd s = c != kNone ? RawAccept(l, /*nonblocking=*/true) : kNone;
  RawClose(l);
  if (c == kNone || s == kNone) {
    if (c != kNone) RawClose(c);
    return;
  }
  EXPECT_TRUE(SetNonBlocking(c));
  client.Reset(c);
  server.Reset(s);
}

ptrdiff_t CountingFn(void* ctx) {
  auto* c = static_cast<Calls*>(ctx);
  c->count++;
  return c->result;
}

void InitRecordingSource(RecordingSource* rs, OpRecord* record) {
  rs->src.ops = &kRecordingOps;
  rs->record = record;
}

}  // namespace mio_test
