/*
 * Keeps the addon loadable on the oldest glibc node 22 itself supports (2.28: RHEL 8,
 * Ubuntu 20.04). libpcap calls stat(), which glibc 2.33 turned into an exported symbol
 * (stat@GLIBC_2.33); before that it was an inline wrapper around __xstat, which every glibc
 * still exports. Defining stat here, hidden, makes libpcap's call bind to this wrapper.
 * (libstdc++ and libgcc_s stay dynamic: node 22 itself needs them, so they are always there.)
 */
#include <sys/stat.h>

#if defined(__x86_64__)
#define XSTAT_VERSION 1 /* _STAT_VER_LINUX */
__asm__(".symver xstat_compat,__xstat@GLIBC_2.2.5");
#elif defined(__aarch64__)
#define XSTAT_VERSION 0 /* _STAT_VER_LINUX */
__asm__(".symver xstat_compat,__xstat@GLIBC_2.17");
#else
#error "glibc-floor.c: add this architecture's first __xstat symbol version"
#endif

extern int xstat_compat(int version, const char *path, struct stat *buf);

/* Named by its symbol: with _FILE_OFFSET_BITS=64 (node-gyp's default) the header renames stat. */
__attribute__((visibility("hidden"))) int stat_floor(const char *path, struct stat *buf) __asm__("stat");

int stat_floor(const char *path, struct stat *buf) {
  return xstat_compat(XSTAT_VERSION, path, buf);
}
