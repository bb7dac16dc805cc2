/* CSV in the RFC 4180 dialect the workflow commands write and read:
 * comma-separated, fields with a comma, quote or line break in double
 * quotes (quotes doubled), one record per line. */
#ifndef Q6_WORKFLOW_CSV_H
#define Q6_WORKFLOW_CSV_H
#include "sim/base/csv_write.h"
#include <stdio.h>
/* Writes a number with up to 9 significant digits ("%.9g", as slots.csv);
 * NaN as an empty field. */
void q6_csv_num(FILE *f, double v);

/* Splits one record (a line without its line break) into at most `max`
 * fields, in place: fields[i] point into line, quotes removed. Returns the
 * number of fields, or -1 for an unterminated quote or too many fields. */
int q6_csv_split(char *line, char **fields, int max);

/* Parses a numeric field: an empty field is NaN; returns -1 when it is not
 * a number. */
int q6_csv_number(const char *s, double *out);

#endif
