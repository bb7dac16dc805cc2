/* Framed send/receive for the agent bridge (see wire.h). Receives read what
 * is available into one growing buffer and cut frames from it, so a frame
 * split over several reads or several frames in one read both work. */
#include "solvers/agent/wire.h"
#include "traces/events/varint.h"
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double wall_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Milliseconds left until deadline (>= 0), for poll(). */
static int ms_left(double deadline)
{
    double left = deadline - wall_now_s();
    if (left <= 0)
        return 0;
    return left > 2e6 ? 2000000000 : (int)(left * 1000.0) + 1;
}

void q6_wire_init(q6_wire *w, int fd)
{
    memset(w, 0, sizeof *w);
    w->fd = fd;
}

void q6_wire_free(q6_wire *w)
{
    free(w->buf);
    w->buf = NULL;
    w->head = w->len = w->cap = 0;
}

int q6_wire_send(q6_wire *w, const uint8_t *msg, size_t len, double timeout_s)
{
    uint8_t hdr[10];
    size_t hlen = q6_varint_put(hdr, len);
    double deadline = wall_now_s() + timeout_s;
    const uint8_t *parts[2] = {hdr, msg};
    size_t sizes[2] = {hlen, len};
    for (int k = 0; k < 2; k++) {
        size_t off = 0;
        while (off < sizes[k]) {
            struct pollfd p = {w->fd, POLLOUT, 0};
            int r = poll(&p, 1, ms_left(deadline));
            if (r < 0 && errno == EINTR)
                continue;
            if (r == 0) {
                errno = ETIMEDOUT;
                return -1;
            }
            if (r < 0)
                return -1;
            ssize_t n = send(w->fd, parts[k] + off, sizes[k] - off, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
                continue;
            if (n < 0)
                return -1;
            off += (size_t)n;
        }
    }
    return 0;
}

/* Decodes a varint from the buffered bytes: 1 done, 0 need more, -1 malformed. */
static int buffered_varint(const q6_wire *w, uint64_t *v, size_t *used)
{
    uint64_t x = 0;
    for (size_t i = 0; i < 10; i++) {
        if (i >= w->len)
            return 0;
        uint8_t b = w->buf[w->head + i];
        x |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            *v = x;
            *used = i + 1;
            return 1;
        }
    }
    return -1;
}

int q6_wire_recv(q6_wire *w, const uint8_t **msg, size_t *len, double timeout_s)
{
    double deadline = wall_now_s() + timeout_s;
    for (;;) {
        uint64_t n = 0;
        size_t used = 0;
        int v = buffered_varint(w, &n, &used);
        if (v < 0 || (v > 0 && n > Q6_WIRE_MAX_FRAME))
            return Q6_WIRE_MALFORMED;
        if (v > 0 && w->len >= used + n) {
            *msg = w->buf + w->head + used;
            *len = (size_t)n;
            w->head += used + (size_t)n;
            w->len -= used + (size_t)n;
            return 0;
        }
        /* Need more bytes: compact, grow, read. */
        if (w->head) {
            memmove(w->buf, w->buf + w->head, w->len);
            w->head = 0;
        }
        size_t want = v > 0 ? used + (size_t)n : w->len + 16;
        if (want < w->len + 4096)
            want = w->len + 4096;
        if (want > w->cap) {
            uint8_t *b = realloc(w->buf, want);
            if (!b)
                return Q6_WIRE_IO;
            w->buf = b;
            w->cap = want;
        }
        struct pollfd p = {w->fd, POLLIN, 0};
        int r = poll(&p, 1, ms_left(deadline));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return Q6_WIRE_IO;
        if (r == 0)
            return Q6_WIRE_TIMEOUT;
        ssize_t got = recv(w->fd, w->buf + w->len, w->cap - w->len, MSG_DONTWAIT);
        if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        if (got < 0)
            return errno == ECONNRESET ? Q6_WIRE_EOF : Q6_WIRE_IO;
        if (got == 0)
            return Q6_WIRE_EOF;
        w->len += (size_t)got;
    }
}
