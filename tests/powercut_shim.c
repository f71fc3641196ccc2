/* Power-cut model for tests/power_cut.rs, loaded with LD_PRELOAD.
 *
 * At every fsync/fdatasync of a regular file directly inside $POWERCUT_WATCH,
 * the whole file is copied to $POWERCUT_SNAP/<name>, through a temporary file
 * and rename() so that a kill in the middle leaves the previous copy. After a
 * kill -9 the test puts every snapshot back and deletes every file that was
 * never synced: what a power cut leaves is what each file held at its last
 * sync. Then the real fsync runs, and only then can the caller acknowledge.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void snapshot(int fd) {
    const char *watch = getenv("POWERCUT_WATCH");
    const char *snap = getenv("POWERCUT_SNAP");
    if (!watch || !snap) return;
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return;
    path[n] = 0;
    size_t wl = strlen(watch);
    if (strncmp(path, watch, wl) != 0 || path[wl] != '/') return;
    const char *name = path + wl + 1;
    if (strchr(name, '/')) return;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    int in = open(path, O_RDONLY | O_CLOEXEC);
    if (in < 0) return;
    char tmp[PATH_MAX], dst[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/.%s.part", snap, name);
    snprintf(dst, sizeof dst, "%s/%s", snap, name);
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) { close(in); return; }
    static char buf[1 << 16];
    int ok = 1;
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0) { ok = 0; break; }
        if (r == 0) break;
        for (ssize_t done = 0; done < r;) {
            ssize_t w = write(out, buf + done, (size_t)(r - done));
            if (w <= 0) { ok = 0; break; }
            done += w;
        }
        if (!ok) break;
    }
    close(in);
    close(out);
    if (ok) rename(tmp, dst); else unlink(tmp);
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    snapshot(fd);
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    snapshot(fd);
    return real(fd);
}
