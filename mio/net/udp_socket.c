/* UDP socket: thin wrappers over the platform socket layer
 * (mio/sys/net.h) (API.md §11.4).
 */
#include "mio/net/udp_socket.h"

#include "mio/sys/net.h"

/* Apple and the BSDs use RFC 2553's names (the same options). */
#if !defined(IPV6_ADD_MEMBERSHIP) && defined(IPV6_JOIN_GROUP)
#define IPV6_ADD_MEMBERSHIP IPV6_JOIN_GROUP
#define IPV6_DROP_MEMBERSHIP IPV6_LEAVE_GROUP
#endif

#define ST(u) MIO_IO_STATE_CONST(u)

int mio_udp_socket_bind(mio_udp_socket *out, const struct sockaddr *addr,
                        socklen_t addrlen) {
  if (out == NULL) return -MIO_EINVAL;
  intptr_t r = mio_sys_check_ip_addr(addr, addrlen);
  if (r == 0) r = mio_sys_bind_new(SOCK_DGRAM, addr, addrlen, false);
  return mio_sys_state_adopt(MIO_IO_STATE(out), r);
}

int mio_udp_socket_local_addr(const mio_udp_socket *u,
                              struct sockaddr_storage *out, socklen_t *outlen) {
  return mio_sys_ip_local_addr(ST(u), out, outlen);
}

int mio_udp_socket_peer_addr(const mio_udp_socket *u,
                             struct sockaddr_storage *out, socklen_t *outlen) {
  return mio_sys_ip_peer_addr(ST(u), out, outlen);
}

int mio_udp_socket_connect(const mio_udp_socket *u, const struct sockaddr *addr,
                           socklen_t addrlen) {
  int r = mio_sys_check_ip_addr(addr, addrlen);
  return r != 0 ? r : mio_sys_connect(ST(u), addr, addrlen);
}

ptrdiff_t mio_udp_socket_send_to(const mio_udp_socket *u, const void *buf,
                                 size_t len, const struct sockaddr *to,
                                 socklen_t tolen) {
  int r = mio_sys_check_ip_addr(to, tolen);
  return r != 0 ? r : mio_sys_send_to(ST(u), buf, len, to, tolen);
}

ptrdiff_t mio_udp_socket_recv_from(const mio_udp_socket *u, void *buf,
                                   size_t len, struct sockaddr_storage *from,
                                   socklen_t *fromlen) {
  return mio_sys_recv_from(ST(u), buf, len, (struct sockaddr *)from,
                           sizeof *from, fromlen);
}

ptrdiff_t mio_udp_socket_peek_from(const mio_udp_socket *u, void *buf,
                                   size_t len, struct sockaddr_storage *from,
                                   socklen_t *fromlen) {
  return mio_sys_peek_from(ST(u), buf, len, (struct sockaddr *)from,
                           sizeof *from, fromlen);
}

ptrdiff_t mio_udp_socket_send(const mio_udp_socket *u, const void *buf,
                              size_t len) {
  return mio_sys_sock_write(ST(u), buf, len);
}

ptrdiff_t mio_udp_socket_recv(const mio_udp_socket *u, void *buf, size_t len) {
  return mio_sys_sock_read(ST(u), buf, len);
}

ptrdiff_t mio_udp_socket_peek(const mio_udp_socket *u, void *buf, size_t len) {
  return mio_sys_sock_peek(ST(u), buf, len);
}

int mio_udp_socket_set_broadcast(const mio_udp_socket *u, bool on) {
  return mio_sys_setsockopt_bool(ST(u), SOL_SOCKET, SO_BROADCAST, on);
}

int mio_udp_socket_broadcast(const mio_udp_socket *u, bool *out) {
  return mio_sys_getsockopt_bool(ST(u), SOL_SOCKET, SO_BROADCAST, out);
}

int mio_udp_socket_set_multicast_loop_v4(const mio_udp_socket *u, bool on) {
  return mio_sys_setsockopt_bool(ST(u), IPPROTO_IP, IP_MULTICAST_LOOP, on);
}

int mio_udp_socket_multicast_loop_v4(const mio_udp_socket *u, bool *out) {
  return mio_sys_getsockopt_bool(ST(u), IPPROTO_IP, IP_MULTICAST_LOOP, out);
}

int mio_udp_socket_set_multicast_ttl_v4(const mio_udp_socket *u, uint32_t ttl) {
  return mio_sys_setsockopt_u32(ST(u), IPPROTO_IP, IP_MULTICAST_TTL, ttl);
}

int mio_udp_socket_multicast_ttl_v4(const mio_udp_socket *u, uint32_t *out) {
  return mio_sys_getsockopt_u32(ST(u), IPPROTO_IP, IP_MULTICAST_TTL, out);
}

int mio_udp_socket_set_multicast_loop_v6(const mio_udp_socket *u, bool on) {
  return mio_sys_setsockopt_bool(ST(u), IPPROTO_IPV6, IPV6_MULTICAST_LOOP, on);
}

int mio_udp_socket_multicast_loop_v6(const mio_udp_socket *u, bool *out) {
  return mio_sys_getsockopt_bool(ST(u), IPPROTO_IPV6, IPV6_MULTICAST_LOOP, out);
}

int mio_udp_socket_set_ttl(const mio_udp_socket *u, uint32_t ttl) {
  return mio_sys_setsockopt_u32(ST(u), IPPROTO_IP, IP_TTL, ttl);
}

int mio_udp_socket_ttl(const mio_udp_socket *u, uint32_t *out) {
  return mio_sys_getsockopt_u32(ST(u), IPPROTO_IP, IP_TTL, out);
}

static int udp__membership_v4(const mio_udp_socket *u, int name,
                              const struct in_addr *group,
                              const struct in_addr *iface) {
  if (group == NULL || iface == NULL) return -MIO_EINVAL;
  struct ip_mreq m;
  m.imr_multiaddr = *group;
  m.imr_interface = *iface;
  return mio_sys_setsockopt(ST(u), IPPROTO_IP, name, &m, sizeof m);
}

int mio_udp_socket_join_multicast_v4(const mio_udp_socket *u,
                                     const struct in_addr *group,
                                     const struct in_addr *iface) {
  return udp__membership_v4(u, IP_ADD_MEMBERSHIP, group, iface);
}

int mio_udp_socket_leave_multicast_v4(const mio_udp_socket *u,
                                      const struct in_addr *group,
                                      const struct in_addr *iface) {
  return udp__membership_v4(u, IP_DROP_MEMBERSHIP, group, iface);
}

/* POSIX's IPV6_JOIN_GROUP/IPV6_LEAVE_GROUP (Linux's IPV6_ADD_MEMBERSHIP and
 * Winsock's are the same values under other names). */
static int udp__membership_v6(const mio_udp_socket *u, int name,
                              const struct in6_addr *group, uint32_t ifindex) {
  if (group == NULL) return -MIO_EINVAL;
  struct ipv6_mreq m;
  m.ipv6mr_multiaddr = *group;
  m.ipv6mr_interface = ifindex;
  return mio_sys_setsockopt(ST(u), IPPROTO_IPV6, name, &m, sizeof m);
}

int mio_udp_socket_join_multicast_v6(const mio_udp_socket *u,
                                     const struct in6_addr *group,
                                     uint32_t ifindex) {
  return udp__membership_v6(u, IPV6_JOIN_GROUP, group, ifindex);
}

int mio_udp_socket_leave_multicast_v6(const mio_udp_socket *u,
                                      const struct in6_addr *group,
                                      uint32_t ifindex) {
  return udp__membership_v6(u, IPV6_LEAVE_GROUP, group, ifindex);
}

int mio_udp_socket_only_v6(const mio_udp_socket *u, bool *out) {
  return mio_sys_getsockopt_bool(ST(u), IPPROTO_IPV6, IPV6_V6ONLY, out);
}

int mio_udp_socket_take_error(const mio_udp_socket *u, int *err_out) {
  return mio_sys_take_error(ST(u), err_out);
}

MIO_SYS_DEFINE_OWNERSHIP(mio_udp_socket)
