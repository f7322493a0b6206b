/* Reads the length-prefixed plan: u32 total length, then records of u16 tag, u32 length, bytes. */
#include "plan.h"
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_full(int fd, void *buf, size_t len) {
  char *p = buf;
  while (len > 0) {
    ssize_t n = read(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

int plan_read(int fd, struct plan *p) {
  uint32_t total;
  if (read_full(fd, &total, sizeof total) < 0)
    return -1;
  if (total > 64u << 20) {
    errno = EMSGSIZE;
    return -1;
  }
  p->buf = malloc(total + 1);
  if (!p->buf || read_full(fd, p->buf, total) < 0)
    return -1;
  size_t cap = 64, off = 0;
  p->nrec = 0;
  p->recs = malloc(cap * sizeof *p->recs);
  while (off + 6 <= total) {
    struct rec r;
    memcpy(&r.tag, p->buf + off, 2);
    memcpy(&r.len, p->buf + off + 2, 4);
    off += 6;
    if (r.len > total - off) {
      errno = EBADMSG;
      return -1;
    }
    r.data = p->buf + off;
    off += r.len;
    if (p->nrec == cap) {
      cap *= 2;
      p->recs = realloc(p->recs, cap * sizeof *p->recs);
    }
    if (!p->recs)
      return -1;
    p->recs[p->nrec++] = r;
  }
  if (off != total) {
    errno = EBADMSG;
    return -1;
  }
  return 0;
}

const struct rec *plan_get(const struct plan *p, uint16_t tag) {
  for (size_t i = 0; i < p->nrec; i++)
    if (p->recs[i].tag == tag)
      return &p->recs[i];
  return NULL;
}

int plan_has(const struct plan *p, uint16_t tag) { return plan_get(p, tag) != NULL; }

const char *plan_str(const struct plan *p, uint16_t tag, const char *fallback) {
  const struct rec *r = plan_get(p, tag);
  return r ? r->data : fallback;
}

long long plan_num(const struct plan *p, uint16_t tag, long long fallback) {
  const struct rec *r = plan_get(p, tag);
  return r ? strtoll(r->data, NULL, 10) : fallback;
}

unsigned long long plan_u64(const struct plan *p, uint16_t tag, unsigned long long fallback) {
  const struct rec *r = plan_get(p, tag);
  return r ? strtoull(r->data, NULL, 10) : fallback;
}

size_t rec_fields(const struct rec *r, const char **out, size_t max) {
  size_t n = 0, off = 0;
  while (off < r->len && n < max) {
    out[n++] = r->data + off;
    off += strnlen(r->data + off, r->len - off) + 1;
  }
  return n;
}

char **plan_strv(const struct plan *p, uint16_t tag) {
  size_t n = 0;
  for (size_t i = 0; i < p->nrec; i++)
    n += p->recs[i].tag == tag;
  char **v = calloc(n + 1, sizeof *v);
  if (!v)
    die_errno("allocate string list");
  n = 0;
  for (size_t i = 0; i < p->nrec; i++)
    if (p->recs[i].tag == tag)
      v[n++] = (char *)p->recs[i].data;
  return v;
}
