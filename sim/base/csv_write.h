/* One CSV field writer for every CSV q6sim prints (RFC 4180: a field with
 * a comma, quote or line break goes in double quotes, quotes doubled). The
 * base layer holds it so trace dumps, mobility output and the workflow
 * tables quote alike. */
#ifndef Q6_SIM_CSV_WRITE_H
#define Q6_SIM_CSV_WRITE_H
#include <stdio.h>

/* Writes one field, quoted when it needs to be. */
void q6_csv_field(FILE *f, const char *s);

#endif
