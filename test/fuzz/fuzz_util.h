/* Scratch files for the fuzz harnesses. Every parser under test takes a
 * file path, so a harness writes each input to a file in one private
 * directory per process (mkdtemp under $TMPDIR, removed at exit) and hands
 * the parser that path. Nothing is written anywhere else. */
#ifndef Q6_TEST_FUZZ_UTIL_H
#define Q6_TEST_FUZZ_UTIL_H
#include <stddef.h>
#include <stdint.h>

/* Entry point every harness defines (libFuzzer's name, also called by
 * replay_main.c in plain builds). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The process's scratch directory (created on first use). */
const char *q6fuzz_dir(void);

/* Writes size bytes to DIR/name, replacing it; returns its path (valid for
 * the process's life). Aborts on an I/O error: a harness that cannot write
 * its input tests nothing. */
const char *q6fuzz_write(const char *name, const void *data, size_t size);

/* Same for a NUL-terminated text. */
const char *q6fuzz_write_text(const char *name, const char *text);

/* Path DIR/name without writing (for outputs a parser writes itself). */
const char *q6fuzz_path(const char *name);

/* Prints a line on stderr when Q6FUZZ_VERBOSE is set (what the parser
 * said about an input: handy when writing seeds), else nothing. */
void q6fuzz_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Ends the process with a message when an invariant of a parser's result
 * fails: libFuzzer and the replay test then report the input as a crash. */
void q6fuzz_fail(const char *what) __attribute__((noreturn));

#endif
