/* Test stand-in for a DNS server: appends every UDP datagram received on port 53 to the file argv[1].
   busybox nc in the test image has no UDP mode. Static, so it runs in the libc-less image. */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(53);
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0) { perror("bind"); return 1; }
    char buf[2048];
    for (;;) {
        ssize_t n = recv(s, buf, sizeof buf, 0);
        if (n <= 0) continue;
        FILE *f = fopen(argv[1], "ab");
        if (!f) return 1;
        fwrite(buf, 1, (size_t)n, f);
        fputc('\n', f);
        fclose(f);
    }
}
