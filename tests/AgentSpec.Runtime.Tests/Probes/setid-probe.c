/* The agent's side of the setuid attack, built static by the tests (gcc -static) and run inside a container.
 * Every call tries to leave a set-user-ID or set-group-ID file in the folder given as argv[1], by a path
 * the seccomp profile must close; two controls show ordinary creation and chmod still work.
 * Prints one line per call: "<name> OK" or "<name> <errno name>". */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *name, long r)
{
    printf("%s %s\n", name, r < 0 ? strerrorname_np(errno) : "OK");
}

/* The 32-bit (compat) system call entry, from a 64-bit process: the filter must cover that ABI too. */
static long int80(long nr, long a, long b, long c)
{
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
    return ret;
}

static char compat_path[] = "compat";

int main(int argc, char **argv)
{
    if (argc < 2 || chdir(argv[1]) != 0) {
        perror("chdir");
        return 2;
    }

    umask(022);
    report("control-create-0644", syscall(SYS_open, "plain", O_CREAT | O_WRONLY, 0644));
    report("control-chmod-0700", syscall(SYS_chmod, "plain", 0700));

    report("open-creat-4755", syscall(SYS_open, "o1", O_CREAT | O_WRONLY, 04755));
    report("open-creat-4755-high-bits", syscall(SYS_open, "o2", O_CREAT | O_WRONLY, 0x100000000L | 04755));
    report("openat-creat-2755", syscall(SYS_openat, AT_FDCWD, "a1", O_CREAT | O_WRONLY, 02755));
    report("openat-tmpfile-4755", syscall(SYS_openat, AT_FDCWD, ".", O_TMPFILE | O_WRONLY, 04755));
    report("creat-4755", syscall(SYS_creat, "c1", 04755));
    report("mknod-reg-4755", syscall(SYS_mknod, "m1", S_IFREG | 04755, 0));
    report("mknodat-reg-2755", syscall(SYS_mknodat, AT_FDCWD, "m2", S_IFREG | 02755, 0));
    struct open_how how = { .flags = O_CREAT | O_WRONLY, .mode = 04755 };
    report("openat2-creat-4755", syscall(SYS_openat2, AT_FDCWD, "x1", &how, sizeof how));

    report("chmod-4755", syscall(SYS_chmod, "plain", 04755));
    int fd = open("plain", O_RDONLY);
    report("fchmod-2755", syscall(SYS_fchmod, fd, 02755));
    report("fchmodat-6755", syscall(SYS_fchmodat, AT_FDCWD, "plain", 06755));
    report("fchmodat2-4755", syscall(452 /* fchmodat2 */, AT_FDCWD, "plain", 04755, 0));

    char params[120] = { 0 };
    report("io_uring_setup", syscall(425 /* io_uring_setup */, 4, params));

    close(syscall(SYS_open, compat_path, O_CREAT | O_WRONLY, 0644));
    long r = int80(15 /* i386 chmod */, (long)compat_path, 04755, 0);
    if (r < 0) {
        errno = (int)-r;
    }
    report("compat-chmod-4755", r);
    return 0;
}
