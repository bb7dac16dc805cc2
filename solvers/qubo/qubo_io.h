/* QUBO file formats.
 *
 * qbsolv `.qubo` (D-Wave qbsolv README, "qubo file format"):
 *     c comment
 *     p qubo <topology> <maxNodes> <nNodes> <nCouplers>
 *     i i <value>      nNodes diagonal lines, 0-based
 *     i j <value>      nCouplers coupler lines, i < j
 * objective sum_i Q_ii x_i + sum_{i<j} Q_ij x_i x_j (couplers already carry
 * the factor 2 of a symmetric matrix). Extension: a comment line
 * `c q6-offset <value>` carries a constant term (qbsolv ignores it).
 *
 * OR-Library bqp (J. E. Beasley, OR-Library "bqp" set): an optional first
 * line with the number of problems, then per problem `n nnz` and nnz lines
 * `i j q_ij` (1-based, each unordered pair once) of the symmetric matrix Q;
 * objective x^T Q x = sum_i q_ii x_i + sum_{i<j} 2 q_ij x_i x_j.
 *
 * A bqp file with the problem-count line must hold exactly that many
 * problems, and each problem exactly its nnz entries: extra lines are an
 * error, not ignored.
 *
 * Both readers refuse more than Q6_QUBO_FILE_MAX_VARS variables before
 * allocating anything for them (a 54-byte file used to declare 2^31
 * variables and allocate 16.8 GB).
 *
 * Readers return the objective exactly as written (the bqp instances are
 * maximisation problems: negate with q6_bqm_scale(bqm, -1) to minimise).
 * Malformed input is rejected with one message naming file, line and field. */
#ifndef Q6_SOLVERS_QUBO_QUBO_IO_H
#define Q6_SOLVERS_QUBO_QUBO_IO_H
#include "solvers/qubo/bqm.h"
#include <stdio.h>

/* Most variables a file may declare: 2^24, 134 MB of linear terms,
 * far beyond what the samplers are used for (OR-Library's largest bqp
 * instances have 2500 variables). */
#define Q6_QUBO_FILE_MAX_VARS ((size_t)1 << 24)

typedef struct {
    size_t line;        /* 1-based line of the fault, 0 when not tied to a line */
    char message[512];  /* "FILE:LINE: field 'F': what is wrong" */
} q6_qubo_error;

typedef enum { Q6_QUBO_FORMAT_AUTO = 0, Q6_QUBO_FORMAT_QBSOLV, Q6_QUBO_FORMAT_BQP } q6_qubo_format;

/* Read a qbsolv .qubo file into a fresh compiled binary model. 0 or -errno. */
int q6_qubo_read_qbsolv(const char *path, q6_bqm *bqm, q6_qubo_error *err);

/* Read problem `problem_index` (0-based) of an OR-Library bqp file. */
int q6_qubo_read_bqp(const char *path, size_t problem_index, q6_bqm *bqm, q6_qubo_error *err);

/* A file whose first non-blank line starts with the word 'c' or 'p' is
 * qbsolv, anything else (unreadable files included) bqp. */
q6_qubo_format q6_qubo_detect_format(const char *path);

/* AUTO uses q6_qubo_detect_format; bqp reads problem 0. */
int q6_qubo_read_file(const char *path, q6_qubo_format format, q6_bqm *bqm, q6_qubo_error *err);

/* Writers take a compiled binary model; values printed with 17 significant
 * digits so a read gives back the same doubles. The bqp writer halves the
 * couplers (symmetric matrix) and needs offset 0. */
int q6_qubo_write_qbsolv(FILE *out, const q6_bqm *bqm);
int q6_qubo_write_bqp(FILE *out, const q6_bqm *bqm);

const char *q6_qubo_format_name(q6_qubo_format format);

#endif
