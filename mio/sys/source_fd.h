/* mio-c SourceFd (mio::unix::SourceFd), POSIX only: registers a descriptor
 * the caller owns and drives itself.
 *
 * It borrows the fd (never closes it), keeps no registration state and makes
 * no association check (API.md §7.5 does not apply): build one right before
 * each registry call, e.g.
 *
 *   mio_source_fd sfd;
 *   mio_registry_register(r, mio_source_fd_init(&sfd, fd), tok,
 *                         MIO_INTEREST_READABLE);
 *
 * Misuse is reported by the backend as is: registering an fd twice is
 * -MIO_EEXIST and reregister/deregister of an unregistered fd -MIO_ENOENT on
 * epoll and poll(2) (kqueue accepts both). Deregister before closing the fd
 * on poll(2). Registering the Poll's own descriptor is -MIO_EINVAL. Readiness
 * is edge-triggered (API.md §8); on poll(2) an fd driven outside mio gets no
 * re-arm after would-block, so reregister it to wait again. */
#ifndef MIO_SYS_SOURCE_FD_H_
#define MIO_SYS_SOURCE_FD_H_

#include "mio/core/platform.h"
#include "mio/core/source.h"

MIO_EXTERN_C_BEGIN

#define MIO_SOURCE_FD_SIZE 16

typedef struct mio_source_fd {
  MIO_PRIVATE_STORAGE(MIO_SOURCE_FD_SIZE);
} mio_source_fd;

/* Points `sfd` at `fd` and returns its registrable source (valid while
 * `sfd` is not moved); NULL iff `sfd` is NULL. Never fails: a negative fd is
 * reported by the registry call (-MIO_EBADF). Thread-safe for distinct
 * `sfd` objects. */
MIO_EXTERN mio_source *mio_source_fd_init(mio_source_fd *sfd, int fd);

MIO_EXTERN_C_END

#endif /* MIO_SYS_SOURCE_FD_H_ */
