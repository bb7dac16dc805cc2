/* Binary quadratic model storage, conversion and energy evaluation. */
#include "solvers/qubo/bqm.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void drop_adjacency(q6_bqm *bqm)
{
    free(bqm->adj_start);
    free(bqm->adj_var);
    free(bqm->adj_bias);
    bqm->adj_start = NULL;
    bqm->adj_var = NULL;
    bqm->adj_bias = NULL;
    bqm->compiled = 0;
}

int q6_bqm_init(q6_bqm *bqm, size_t num_vars, q6_vartype vartype)
{
    if (!bqm || num_vars > Q6_BQM_MAX_VARS ||
        (vartype != Q6_VARTYPE_BINARY && vartype != Q6_VARTYPE_SPIN))
        return -EINVAL;
    memset(bqm, 0, sizeof *bqm);
    bqm->vartype = vartype;
    bqm->cap_vars = num_vars ? num_vars : 1;
    bqm->linear = calloc(bqm->cap_vars, sizeof *bqm->linear);
    if (!bqm->linear)
        return -ENOMEM;
    bqm->num_vars = num_vars;
    return 0;
}

void q6_bqm_free(q6_bqm *bqm)
{
    if (!bqm)
        return;
    drop_adjacency(bqm);
    free(bqm->linear);
    free(bqm->terms);
    memset(bqm, 0, sizeof *bqm);
}

int q6_bqm_copy(q6_bqm *dst, const q6_bqm *src)
{
    if (!dst || !src || dst == src)
        return -EINVAL;
    int rc = q6_bqm_init(dst, src->num_vars, src->vartype);
    if (rc)
        return rc;
    memcpy(dst->linear, src->linear, src->num_vars * sizeof *src->linear);
    dst->offset = src->offset;
    if (src->num_terms) {
        dst->terms = malloc(src->num_terms * sizeof *dst->terms);
        if (!dst->terms) {
            q6_bqm_free(dst);
            return -ENOMEM;
        }
        memcpy(dst->terms, src->terms, src->num_terms * sizeof *src->terms);
        dst->num_terms = dst->cap_terms = src->num_terms;
    }
    if (src->compiled && (rc = q6_bqm_compile(dst)) != 0)
        q6_bqm_free(dst);
    return rc;
}

int q6_bqm_add_variables(q6_bqm *bqm, size_t count, size_t *first)
{
    if (!bqm || count > Q6_BQM_MAX_VARS - bqm->num_vars)
        return -EINVAL;
    size_t need = bqm->num_vars + count;
    if (need > bqm->cap_vars) {
        size_t cap = bqm->cap_vars * 2 > need ? bqm->cap_vars * 2 : need;
        double *lin = realloc(bqm->linear, cap * sizeof *lin);
        if (!lin)
            return -ENOMEM;
        bqm->linear = lin;
        bqm->cap_vars = cap;
    }
    memset(bqm->linear + bqm->num_vars, 0, count * sizeof *bqm->linear);
    if (first)
        *first = bqm->num_vars;
    bqm->num_vars = need;
    drop_adjacency(bqm);
    return 0;
}

int q6_bqm_add_linear(q6_bqm *bqm, size_t i, double bias)
{
    if (!bqm || i >= bqm->num_vars || !isfinite(bias))
        return -EINVAL;
    bqm->linear[i] += bias;
    return 0;
}

int q6_bqm_add_offset(q6_bqm *bqm, double value)
{
    if (!bqm || !isfinite(value))
        return -EINVAL;
    bqm->offset += value;
    return 0;
}

int q6_bqm_add_quadratic(q6_bqm *bqm, size_t i, size_t j, double bias)
{
    if (!bqm || i >= bqm->num_vars || j >= bqm->num_vars || !isfinite(bias))
        return -EINVAL;
    if (i == j) /* x^2 = x for binary, s^2 = 1 for spin */
        return bqm->vartype == Q6_VARTYPE_BINARY ? q6_bqm_add_linear(bqm, i, bias)
                                                 : q6_bqm_add_offset(bqm, bias);
    if (bqm->num_terms == bqm->cap_terms) {
        size_t cap = bqm->cap_terms ? bqm->cap_terms * 2 : 16;
        q6_bqm_term *t = realloc(bqm->terms, cap * sizeof *t);
        if (!t)
            return -ENOMEM;
        bqm->terms = t;
        bqm->cap_terms = cap;
    }
    q6_bqm_term *t = &bqm->terms[bqm->num_terms++];
    t->i = (uint32_t)(i < j ? i : j);
    t->j = (uint32_t)(i < j ? j : i);
    t->bias = bias;
    drop_adjacency(bqm);
    return 0;
}

static int term_cmp(const void *a, const void *b)
{
    const q6_bqm_term *x = a, *y = b;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    if (x->j != y->j)
        return x->j < y->j ? -1 : 1;
    return 0;
}

/* Merge duplicates and drop zero sums, in place; order (i, j) ascending. */
static void merge_terms(q6_bqm *bqm)
{
    if (!bqm->num_terms)
        return;
    qsort(bqm->terms, bqm->num_terms, sizeof *bqm->terms, term_cmp);
    size_t out = 0;
    for (size_t k = 0; k < bqm->num_terms;) {
        q6_bqm_term t = bqm->terms[k++];
        while (k < bqm->num_terms && bqm->terms[k].i == t.i && bqm->terms[k].j == t.j)
            t.bias += bqm->terms[k++].bias;
        if (t.bias != 0.0)
            bqm->terms[out++] = t;
    }
    bqm->num_terms = out;
}

int q6_bqm_compile(q6_bqm *bqm)
{
    if (!bqm)
        return -EINVAL;
    drop_adjacency(bqm);
    merge_terms(bqm);
    size_t n = bqm->num_vars, m = bqm->num_terms;
    bqm->adj_start = calloc(n + 1, sizeof *bqm->adj_start);
    size_t slots = m ? 2 * m : 1;
    bqm->adj_var = malloc(slots * sizeof *bqm->adj_var);
    bqm->adj_bias = malloc(slots * sizeof *bqm->adj_bias);
    size_t *fill = calloc(n ? n : 1, sizeof *fill);
    if (!bqm->adj_start || !bqm->adj_var || !bqm->adj_bias || !fill) {
        free(fill);
        drop_adjacency(bqm);
        return -ENOMEM;
    }
    for (size_t k = 0; k < m; k++) {
        bqm->adj_start[bqm->terms[k].i + 1]++;
        bqm->adj_start[bqm->terms[k].j + 1]++;
    }
    for (size_t v = 0; v < n; v++)
        bqm->adj_start[v + 1] += bqm->adj_start[v];
    /* Terms are sorted by (i, j), so each row comes out sorted by neighbour. */
    for (size_t k = 0; k < m; k++) {
        const q6_bqm_term *t = &bqm->terms[k];
        size_t a = bqm->adj_start[t->i] + fill[t->i]++;
        bqm->adj_var[a] = t->j;
        bqm->adj_bias[a] = t->bias;
        size_t b = bqm->adj_start[t->j] + fill[t->j]++;
        bqm->adj_var[b] = t->i;
        bqm->adj_bias[b] = t->bias;
    }
    free(fill);
    bqm->compiled = 1;
    return 0;
}

int q6_bqm_scale(q6_bqm *bqm, double factor)
{
    if (!bqm || !isfinite(factor))
        return -EINVAL;
    for (size_t i = 0; i < bqm->num_vars; i++)
        bqm->linear[i] *= factor;
    for (size_t k = 0; k < bqm->num_terms; k++)
        bqm->terms[k].bias *= factor;
    bqm->offset *= factor;
    if (bqm->compiled)
        for (size_t a = 0; a < bqm->adj_start[bqm->num_vars]; a++)
            bqm->adj_bias[a] *= factor;
    return 0;
}

int q6_bqm_change_vartype(q6_bqm *dst, const q6_bqm *src, q6_vartype vartype)
{
    if (!dst || !src || dst == src)
        return -EINVAL;
    if (src->vartype == vartype)
        return q6_bqm_copy(dst, src);
    int rc = q6_bqm_copy(dst, src);
    if (rc)
        return rc;
    dst->vartype = vartype;
    if (vartype == Q6_VARTYPE_SPIN) {
        /* x = (1+s)/2: a x -> a/2 s + a/2; b x_i x_j -> b/4 (s_i s_j + s_i + s_j + 1) */
        for (size_t i = 0; i < src->num_vars; i++) {
            dst->linear[i] = src->linear[i] / 2.0;
            dst->offset += src->linear[i] / 2.0;
        }
        for (size_t k = 0; k < src->num_terms; k++) {
            double b = src->terms[k].bias;
            dst->terms[k].bias = b / 4.0;
            dst->linear[src->terms[k].i] += b / 4.0;
            dst->linear[src->terms[k].j] += b / 4.0;
            dst->offset += b / 4.0;
        }
    } else {
        /* s = 2x-1: h s -> 2h x - h; J s_i s_j -> 4J x_i x_j - 2J x_i - 2J x_j + J */
        for (size_t i = 0; i < src->num_vars; i++) {
            dst->linear[i] = 2.0 * src->linear[i];
            dst->offset -= src->linear[i];
        }
        for (size_t k = 0; k < src->num_terms; k++) {
            double J = src->terms[k].bias;
            dst->terms[k].bias = 4.0 * J;
            dst->linear[src->terms[k].i] -= 2.0 * J;
            dst->linear[src->terms[k].j] -= 2.0 * J;
            dst->offset += J;
        }
    }
    if ((rc = q6_bqm_compile(dst)) != 0)
        q6_bqm_free(dst);
    return rc;
}

double q6_bqm_energy(const q6_bqm *bqm, const int8_t *state)
{
    if (!bqm || !state)
        return NAN;
    for (size_t i = 0; i < bqm->num_vars; i++) {
        int v = state[i];
        int ok = bqm->vartype == Q6_VARTYPE_BINARY ? (v == 0 || v == 1) : (v == -1 || v == 1);
        if (!ok)
            return NAN;
    }
    double e = bqm->offset;
    for (size_t i = 0; i < bqm->num_vars; i++)
        e += bqm->linear[i] * state[i];
    for (size_t k = 0; k < bqm->num_terms; k++)
        e += bqm->terms[k].bias * state[bqm->terms[k].i] * state[bqm->terms[k].j];
    return e;
}

double q6_bqm_flip_delta(const q6_bqm *bqm, const int8_t *state, size_t i)
{
    if (!bqm || !state || !bqm->compiled || i >= bqm->num_vars)
        return NAN;
    double field = bqm->linear[i];
    for (size_t a = bqm->adj_start[i]; a < bqm->adj_start[i + 1]; a++)
        field += bqm->adj_bias[a] * state[bqm->adj_var[a]];
    if (bqm->vartype == Q6_VARTYPE_BINARY)
        return (1 - 2 * state[i]) * field;
    return -2.0 * state[i] * field;
}

size_t q6_bqm_num_couplers(const q6_bqm *bqm)
{
    return bqm && bqm->compiled ? bqm->num_terms : 0;
}
