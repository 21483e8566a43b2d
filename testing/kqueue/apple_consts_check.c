/* Built (never run) in the macOS rows: the Apple column of
 * kevent_man_pages.h, which kevent_logic_test uses on Linux, must equal the
 * real <sys/event.h> that os_apple.c is compiled against. A wrong man-page
 * value fails the macOS build, not a test on a user's Mac. */
#include <sys/types.h>

#include <sys/event.h>

#include "testing/kqueue/kevent_man_pages.h"

_Static_assert(EVFILT_READ == KQ_MAN_APPLE_READ, "EVFILT_READ");
_Static_assert(EVFILT_WRITE == KQ_MAN_APPLE_WRITE, "EVFILT_WRITE");
_Static_assert(EVFILT_AIO == KQ_MAN_APPLE_AIO, "EVFILT_AIO");
_Static_assert(EVFILT_USER == KQ_MAN_APPLE_USER, "EVFILT_USER");
_Static_assert(EV_ADD == KQ_MAN_EV_ADD, "EV_ADD");
_Static_assert(EV_DELETE == KQ_MAN_EV_DELETE, "EV_DELETE");
_Static_assert(EV_CLEAR == KQ_MAN_EV_CLEAR, "EV_CLEAR");
_Static_assert(EV_RECEIPT == KQ_MAN_EV_RECEIPT, "EV_RECEIPT");
_Static_assert(EV_ERROR == KQ_MAN_EV_ERROR, "EV_ERROR");
_Static_assert(EV_EOF == KQ_MAN_EV_EOF, "EV_EOF");
_Static_assert(NOTE_TRIGGER == KQ_MAN_NOTE_TRIGGER, "NOTE_TRIGGER");
