/* Length-delimited record framing shared by trace.pb and timeline files:
 * a base-128 varint byte count, then the message. */
#ifndef Q6_TRACES_VARINT_H
#define Q6_TRACES_VARINT_H
#include <stdint.h>
#include <stdio.h>

/* Writes the varint of v to p (at most 10 bytes); returns its length. */
size_t q6_varint_put(uint8_t *p, uint64_t v);
/* Reads one varint: 1 ok, 0 clean end of file, -1 truncated or too long. */
int q6_varint_get(FILE *f, uint64_t *v);
/* Whether a record of len bytes can follow at f's position: for a regular
 * file, whether that many bytes are left (so a corrupt length is refused
 * before its buffer is allocated); other files (pipes) are not checked. */
int q6_record_fits(FILE *f, uint64_t len);

#endif
