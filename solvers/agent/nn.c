/* Dense layers, LSTM cell and a statevector circuit (see nn.h). */
#include "solvers/agent/nn.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

int q6_mlp_load(const q6_weights *w, const char *prefix, uint32_t n_layers, uint32_t n_in, q6_activation act,
                q6_mlp *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    if (n_layers < 1 || n_layers > 16) {
        snprintf(err, errlen, "%s: %u layers (1-16 allowed)", w->path, n_layers);
        return -1;
    }
    m->n_layers = n_layers;
    m->act = act;
    uint32_t in = n_in;
    for (uint32_t l = 0; l < n_layers; l++) {
        char name[80];
        uint32_t wd[2] = {0, in};
        snprintf(name, sizeof name, "%s%u.weight", prefix, l);
        if (!(m->w[l] = q6_weights_tensor(w, name, 2, wd, err, errlen)))
            return -1;
        uint32_t bd[1] = {m->w[l]->dims[0]};
        snprintf(name, sizeof name, "%s%u.bias", prefix, l);
        if (!(m->b[l] = q6_weights_tensor(w, name, 1, bd, err, errlen)))
            return -1;
        if (l == 0)
            m->n_in = m->w[0]->dims[1];
        in = m->w[l]->dims[0];
        if (in > m->widest)
            m->widest = in;
        if (m->w[l]->dims[1] > m->widest)
            m->widest = m->w[l]->dims[1];
    }
    m->n_out = in;
    return 0;
}

static void linear(const q6_tensor *w, const q6_tensor *b, const double *x, double *y)
{
    uint32_t rows = w->dims[0], cols = w->dims[1];
    for (uint32_t r = 0; r < rows; r++) {
        const double *wr = w->v + (size_t)r * cols;
        double s = b->v[r];
        for (uint32_t c = 0; c < cols; c++)
            s += wr[c] * x[c];
        y[r] = s;
    }
}

void q6_mlp_forward(const q6_mlp *m, const double *in, double *out, double *tmp)
{
    const double *x = in;
    double *bufs[2] = {tmp, tmp + m->widest};
    for (uint32_t l = 0; l < m->n_layers; l++) {
        int last = l + 1 == m->n_layers;
        double *y = last ? out : bufs[l % 2];
        linear(m->w[l], m->b[l], x, y);
        if (!last)
            for (uint32_t r = 0; r < m->w[l]->dims[0]; r++)
                y[r] = m->act == Q6_ACT_RELU ? (y[r] > 0 ? y[r] : 0.0) : tanh(y[r]);
        x = y;
    }
}

int q6_lstm_load(const q6_weights *w, const char *prefix, uint32_t n_in, q6_lstm *l, char *err, size_t errlen)
{
    char name[80];
    uint32_t d[2] = {0, n_in};
    snprintf(name, sizeof name, "%s.weight_ih", prefix);
    if (!(l->w_ih = q6_weights_tensor(w, name, 2, d, err, errlen)))
        return -1;
    if (l->w_ih->dims[0] % 4) {
        snprintf(err, errlen, "%s: %s has %u rows, not 4 * hidden", w->path, name, l->w_ih->dims[0]);
        return -1;
    }
    l->n_in = n_in;
    l->hidden = l->w_ih->dims[0] / 4;
    uint32_t dh[2] = {4 * l->hidden, l->hidden}, db[1] = {4 * l->hidden};
    snprintf(name, sizeof name, "%s.weight_hh", prefix);
    if (!(l->w_hh = q6_weights_tensor(w, name, 2, dh, err, errlen)))
        return -1;
    snprintf(name, sizeof name, "%s.bias_ih", prefix);
    if (!(l->b_ih = q6_weights_tensor(w, name, 1, db, err, errlen)))
        return -1;
    snprintf(name, sizeof name, "%s.bias_hh", prefix);
    if (!(l->b_hh = q6_weights_tensor(w, name, 1, db, err, errlen)))
        return -1;
    return 0;
}

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

void q6_lstm_step(const q6_lstm *l, const double *x, double *h, double *c, double *g)
{
    uint32_t H = l->hidden;
    for (uint32_t r = 0; r < 4 * H; r++) {
        double s = l->b_ih->v[r] + l->b_hh->v[r];
        const double *wi = l->w_ih->v + (size_t)r * l->n_in, *wh = l->w_hh->v + (size_t)r * H;
        for (uint32_t k = 0; k < l->n_in; k++)
            s += wi[k] * x[k];
        for (uint32_t k = 0; k < H; k++)
            s += wh[k] * h[k];
        g[r] = s;
    }
    /* PyTorch's gate order: input, forget, cell, output. */
    for (uint32_t k = 0; k < H; k++) {
        double i = sigmoid(g[k]), f = sigmoid(g[H + k]), gg = tanh(g[2 * H + k]), o = sigmoid(g[3 * H + k]);
        c[k] = f * c[k] + i * gg;
        h[k] = o * tanh(c[k]);
    }
}

static void ry(double *psi, uint32_t n, uint32_t q, double angle)
{
    double cs = cos(angle / 2), sn = sin(angle / 2);
    size_t dim = (size_t)1 << n, bit = (size_t)1 << q;
    for (size_t i = 0; i < dim; i++)
        if (!(i & bit)) {
            double a0 = psi[i], a1 = psi[i | bit];
            psi[i] = cs * a0 - sn * a1;
            psi[i | bit] = sn * a0 + cs * a1;
        }
}

static void cnot(double *psi, uint32_t n, uint32_t ctrl, uint32_t tgt)
{
    size_t dim = (size_t)1 << n, cb = (size_t)1 << ctrl, tb = (size_t)1 << tgt;
    for (size_t i = 0; i < dim; i++)
        if ((i & cb) && !(i & tb)) {
            double t = psi[i];
            psi[i] = psi[i | tb];
            psi[i | tb] = t;
        }
}

void q6_vqc_expect_z(uint32_t n, uint32_t n_layers, const double *angles, const double *theta, double *psi, double *z)
{
    size_t dim = (size_t)1 << n;
    memset(psi, 0, dim * sizeof *psi);
    psi[0] = 1.0;
    for (uint32_t q = 0; q < n; q++)
        ry(psi, n, q, angles[q]);
    for (uint32_t l = 0; l < n_layers; l++) {
        for (uint32_t q = 0; q < n; q++)
            ry(psi, n, q, theta[(size_t)l * n + q]);
        for (uint32_t q = 0; q + 1 < n; q++)
            cnot(psi, n, q, q + 1);
    }
    for (uint32_t q = 0; q < n; q++) {
        double s = 0;
        for (size_t i = 0; i < dim; i++)
            s += (i >> q & 1 ? -1.0 : 1.0) * psi[i] * psi[i];
        z[q] = s;
    }
}
