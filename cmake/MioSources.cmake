# Which C files make up libmio-c, per directory of mio/, for the platform and
# backend chosen in ../CMakeLists.txt. The same choices as Bazel's select()s in
# mio/sys/BUILD.bazel (backend, waker, event representation, socket layer).
#
# Each directory contributes every *.c file directly in it (so a new file in
# mio/sys/unix/ or mio/sys/posix/ is picked up without editing this file),
# minus the files named in its EXCLUDE list: the alternatives chosen below.
# Reconfigure after adding a file (CONFIGURE_DEPENDS makes `cmake --build`
# do it on its own with Ninja and Makefiles).

# mio_glob_c(<out-var> <dir under mio/> [EXCLUDE <file>...]): appends the
# directory's .c files (paths relative to the source root) to <out-var>.
# A directory that does not exist contributes nothing.
function(mio_glob_c out dir)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "" "EXCLUDE")
  file(GLOB files CONFIGURE_DEPENDS LIST_DIRECTORIES false
    RELATIVE "${PROJECT_SOURCE_DIR}" "${PROJECT_SOURCE_DIR}/mio/${dir}/*.c")
  foreach(name IN LISTS ARG_EXCLUDE)
    list(REMOVE_ITEM files "mio/${dir}/${name}")
  endforeach()
  list(SORT files)
  set(${out} ${${out}} ${files} PARENT_SCOPE)
endfunction()

# mio_sources(<out-var> <backend> <force-waker-pipe> <portable-posix>): the
# library's sources, the same choices as Bazel's select()s.
function(mio_sources out backend force_waker_pipe portable_posix)
  set(srcs)
  if(WIN32)
    mio_glob_c(srcs core EXCLUDE raw_fd.c)
    mio_glob_c(srcs net EXCLUDE addr_unix.c unix_common.c unix_datagram.c
      unix_listener.c unix_stream.c)
    mio_glob_c(srcs sys EXCLUDE pipe.c source_fd.c)  # POSIX os-ext
    mio_glob_c(srcs sys/windows)
    mio_glob_c(srcs sys/iocp)
    set(${out} ${srcs} PARENT_SCOPE)
    return()
  endif()

  set(linux_native FALSE)
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND NOT portable_posix)
    set(linux_native TRUE)
  endif()
  mio_glob_c(srcs core)
  mio_glob_c(srcs net)
  # Linux's event representation is public (inline accessors in event.h):
  # no out-of-line event buffer there.
  if(linux_native)
    mio_glob_c(srcs sys EXCLUDE event_buffer.c)
    mio_glob_c(srcs sys/linux)
  else()
    mio_glob_c(srcs sys)
    mio_glob_c(srcs sys/posix)
  endif()
  # Per-OS descriptor creation (sock_os.h) and the waker: eventfd on Linux,
  # else (or when forced) a pipe.
  # One sock_<os>.c: Linux's, Apple's, or the portable one (as Bazel's
  # //mio/sys/unix:sock_os select()).
  set(unix_exclude sock_apple.c sock_linux.c sock_posix.c)
  if(linux_native)
    list(REMOVE_ITEM unix_exclude sock_linux.c)
  elseif(APPLE)
    list(REMOVE_ITEM unix_exclude sock_apple.c)
  else()
    list(REMOVE_ITEM unix_exclude sock_posix.c)
  endif()
  if(force_waker_pipe OR NOT linux_native)
    list(APPEND unix_exclude waker_eventfd.c)
  else()
    list(APPEND unix_exclude waker_pipe.c)
  endif()
  mio_glob_c(srcs sys/unix EXCLUDE ${unix_exclude})
  if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
    # macOS and the BSDs need the kqueue backend's CMake wiring (not yet).
    message(FATAL_ERROR "mio-c: CMake builds Linux and Windows only so far")
  endif()

  # The backend's directory; each has a default.c that makes it the default.
  if(backend STREQUAL "epoll" AND linux_native)
    mio_glob_c(srcs sys/epoll)
  elseif(backend STREQUAL "poll")
    mio_glob_c(srcs sys/poll)
  elseif(backend STREQUAL "io_uring" AND linux_native)
    # Falls back to epoll when the kernel refuses io_uring: epoll's table too.
    mio_glob_c(srcs sys/io_uring)
    mio_glob_c(srcs sys/epoll EXCLUDE default.c)
  else()
    message(FATAL_ERROR "mio-c: MIO_BACKEND=${backend} is not available on "
      "${CMAKE_SYSTEM_NAME}${portable_posix}")
  endif()
  set(${out} ${srcs} PARENT_SCOPE)
endfunction()

# mio_public_headers(<out-var>): mio/mio.h and every "mio/..." header it
# includes, transitively (what tools/install installs), relative to the root.
function(mio_public_headers out)
  set(todo mio/mio.h)
  set(seen)
  while(todo)
    list(POP_BACK todo h)
    if(h IN_LIST seen)
      continue()
    endif()
    list(APPEND seen "${h}")
    file(STRINGS "${PROJECT_SOURCE_DIR}/${h}" lines REGEX "^#include \"mio/")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^#include \"([^\"]*)\".*" "\\1" inc "${line}")
      list(APPEND todo "${inc}")
    endforeach()
  endwhile()
  list(SORT seen)
  set(${out} ${seen} PARENT_SCOPE)
endfunction()
