/* Power-cut model for the power-cut tests, loaded with LD_PRELOAD.
 *
 * At every fsync/fdatasync of a regular file anywhere under $POWERCUT_WATCH,
 * the whole file is copied to $POWERCUT_SNAP/<the same relative path>,
 * through a temporary file and rename() so that a kill in the middle leaves
 * the previous copy. After a kill -9 the test puts every snapshot back and
 * deletes every file that was never synced: what a power cut leaves is what
 * each file held at its last sync. Then the real fsync runs, and only then
 * can the caller acknowledge.
 *
 * A rename() under $POWERCUT_WATCH moves the snapshot with it (a synced file
 * or a folder of synced files keeps what was synced under its new name); a
 * name renamed onto from something never synced holds nothing after the
 * cut. Renames count as lasting at once: the model catches a file renamed
 * into place before its contents were synced, not a folder never synced.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int (*real_rename)(const char *, const char *);

static int rename_real(const char *from, const char *to) {
    if (!real_rename) real_rename = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    return real_rename(from, to);
}

/* The path below $POWERCUT_WATCH, or NULL. */
static const char *below_watch(const char *path) {
    const char *watch = getenv("POWERCUT_WATCH");
    if (!watch) return NULL;
    size_t wl = strlen(watch);
    if (strncmp(path, watch, wl) != 0 || path[wl] != '/') return NULL;
    return path + wl + 1;
}

/* mkdir -p of the folder that holds `path`. */
static void make_parents(const char *path) {
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            mkdir(buf, 0755);
            *p = '/';
        }
    }
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st; (void)flag; (void)ftw;
    remove(path);
    return 0;
}

static void remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    else unlink(path);
}

static void snapshot(int fd) {
    const char *watch = getenv("POWERCUT_WATCH");
    const char *snap = getenv("POWERCUT_SNAP");
    if (!watch || !snap) return;
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return;
    path[n] = 0;
    (void)watch;
    const char *name = below_watch(path);
    if (!name) return;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    int in = open(path, O_RDONLY | O_CLOEXEC);
    if (in < 0) return;
    char tmp[PATH_MAX], dst[PATH_MAX];
    snprintf(dst, sizeof dst, "%s/%s", snap, name);
    snprintf(tmp, sizeof tmp, "%s.snap-part", dst);
    make_parents(dst);
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
    if (ok) rename_real(tmp, dst); else unlink(tmp);
}

/* The snapshot moves first, then the real rename: a kill between the two
 * leaves a model in which the rename happened, and the renamed file was
 * wholly synced, so that is a state the program could have left. */
int rename(const char *from, const char *to) {
    const char *snap = getenv("POWERCUT_SNAP");
    const char *rel_from = below_watch(from);
    const char *rel_to = below_watch(to);
    if (snap && rel_to) {
        int saved = errno;
        char snap_from[PATH_MAX], snap_to[PATH_MAX];
        snprintf(snap_to, sizeof snap_to, "%s/%s", snap, rel_to);
        struct stat st;
        snap_from[0] = 0;
        if (rel_from) snprintf(snap_from, sizeof snap_from, "%s/%s", snap, rel_from);
        if (rel_from && lstat(snap_from, &st) == 0) {
            make_parents(snap_to);
            /* A file replaces a file in one step; a folder needs room. */
            if (S_ISDIR(st.st_mode)) remove_tree(snap_to);
            rename_real(snap_from, snap_to);
        } else {
            /* What is renamed here was never synced: it holds nothing. */
            remove_tree(snap_to);
        }
        errno = saved;
    }
    return rename_real(from, to);
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
