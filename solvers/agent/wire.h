/* Framed messages over a stream socket with a wall-clock deadline.
 *
 * A frame is a base-128 varint byte count and the bytes (agent.proto). The
 * deadline only guards against a dead or hung peer: simulated time never
 * depends on how long the peer takes. Sends use MSG_NOSIGNAL, so a peer
 * that went away gives EPIPE, never SIGPIPE. */
#ifndef Q6_SOLVERS_AGENT_WIRE_H
#define Q6_SOLVERS_AGENT_WIRE_H
#include <stddef.h>
#include <stdint.h>

#define Q6_WIRE_MAX_FRAME (64u << 20)   /* bytes; a larger count is a malformed stream */

typedef struct {
    int fd;
    uint8_t *buf;        /* received bytes not consumed yet start at buf + head */
    size_t head, len, cap;
} q6_wire;

/* Results of q6_wire_recv besides 0 (a frame). */
enum { Q6_WIRE_EOF = -1, Q6_WIRE_TIMEOUT = -2, Q6_WIRE_IO = -3, Q6_WIRE_MALFORMED = -4 };

void q6_wire_init(q6_wire *w, int fd);
void q6_wire_free(q6_wire *w);
/* 0, or -1 with errno (EPIPE when the peer has gone). */
int q6_wire_send(q6_wire *w, const uint8_t *msg, size_t len, double timeout_s);
/* Waits up to timeout_s for one whole frame; on 0 *msg / *len point into the
 * wire's buffer, valid until the next call. */
int q6_wire_recv(q6_wire *w, const uint8_t **msg, size_t *len, double timeout_s);

#endif
