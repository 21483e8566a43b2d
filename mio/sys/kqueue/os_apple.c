/* macOS and iOS (and tvOS, watchOS, visionOS): EVFILT_USER waker, EVFILT_AIO.
 */
#include "mio/sys/kqueue/os.h"

const mio_kq_consts mio_kq_os = {
    .filt_read = EVFILT_READ,
    .filt_write = EVFILT_WRITE,
    .filt_user = EVFILT_USER,
    .filt_aio = EVFILT_AIO,
    .filt_lio = MIO_KQ_NO_FILTER,
    .ev_add = EV_ADD,
    .ev_delete = EV_DELETE,
    .ev_clear = EV_CLEAR,
    .ev_receipt = EV_RECEIPT,
    .ev_eof = EV_EOF,
    .ev_error = EV_ERROR,
    .note_trigger = NOTE_TRIGGER,
};
