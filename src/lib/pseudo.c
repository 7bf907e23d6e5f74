/* pseudo: keyed pseudonyms through libsodium's HMAC-SHA-256 (pseudo.h). */
#include <config.h>

#include "pseudo.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "xalloc.h"

static void
need_sodium(void)
{
    if (sodium_init() < 0)
        die(EXIT_DATA, "libsodium could not be initialised");
}

void
pseudo_new_key(const char *path)
{
    need_sodium();
    unsigned char key[PSEUDO_KEY_BYTES];
    char hex[2 * PSEUDO_KEY_BYTES + 2];
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    sodium_memzero(key, sizeof key);
    size_t len = strlen(hex);
    hex[len++] = '\n';
    /* O_EXCL: an existing key is never overwritten, even by a race. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
    if (fd < 0) {
        sodium_memzero(hex, sizeof hex);
        if (errno == EEXIST)
            die(EXIT_DATA,
                "%s: exists; a key is never overwritten (data "
                "pseudonymised with it would lose their link)",
                path);
        die(EXIT_DATA, "%s:", path);
    }
    /* The umask may have taken bits away, never added any; make sure. */
    bool ok = fchmod(fd, 0600) == 0;
    ok = ok && write(fd, hex, len) == (ssize_t)len;
    ok = ok && fsync(fd) == 0;
    int saved = errno;
    sodium_memzero(hex, sizeof hex);
    if (close(fd) != 0 && ok) {
        saved = errno;
        ok = false;
    }
    if (!ok) {
        unlink(path);
        errno = saved;
        die(EXIT_DATA, "%s: cannot write the key:", path);
    }
}

void
pseudo_init_key(struct pseudo *p, const unsigned char *key)
{
    need_sodium();
    memcpy(p->key, key, PSEUDO_KEY_BYTES);
    /* The keyed state is made once; each id starts from a copy of it. */
    crypto_auth_hmacsha256_init(&p->base, key, PSEUDO_KEY_BYTES);
    p->cache = xcalloc(PSEUDO_CACHE, sizeof *p->cache);
}

void
pseudo_init(struct pseudo *p, const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW);
    if (fd < 0)
        die(EXIT_DATA, "%s:", path);
    struct stat st;
    if (fstat(fd, &st) != 0)
        die(EXIT_DATA, "%s:", path);
    if (!S_ISREG(st.st_mode))
        die(EXIT_DATA, "%s: a key file must be a regular file", path);
    if (st.st_mode & 077)
        die(EXIT_DATA,
            "%s: key file permissions %04o are too open: others could "
            "read the key and undo the pseudonyms; chmod 600 '%s'",
            path, (unsigned)(st.st_mode & 07777), path);
    char buf[2 * PSEUDO_KEY_BYTES + 4];
    ssize_t n = read(fd, buf, sizeof buf);
    int saved = errno;
    close(fd);
    if (n < 0) {
        errno = saved;
        die(EXIT_DATA, "%s:", path);
    }
    size_t len = (size_t)n;
    if (len && buf[len - 1] == '\n')
        len--;
    if (len && buf[len - 1] == '\r')
        len--;
    unsigned char key[PSEUDO_KEY_BYTES];
    size_t bin = 0;
    const char *end;
    bool ok =
        len == 2 * PSEUDO_KEY_BYTES &&
        sodium_hex2bin(key, sizeof key, buf, len, NULL, &bin, &end) == 0 &&
        bin == PSEUDO_KEY_BYTES && end == buf + len;
    sodium_memzero(buf, sizeof buf);
    if (!ok)
        die(EXIT_DATA,
            "%s: not a key: a key file holds 64 hexadecimal digits (256 "
            "bits) on one line, as written by cx-ingest --new-key",
            path);
    pseudo_init_key(p, key);
    sodium_memzero(key, sizeof key);
}

/* "p_" and the base32 of the first 16 bytes of mac into out. */
static void
format_mac(const unsigned char *mac, char *out)
{
    static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /* 16 bytes = 128 bits: 25 full groups of 5 bits and 3 bits left, which
     * base32 pads with zero bits into a 26th character. */
    out[0] = 'p';
    out[1] = '_';
    size_t o = 2;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < 16; i++) {
        acc = (acc << 8) | mac[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = b32[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out[o++] = b32[(acc << (5 - bits)) & 31];
    out[o] = '\0';
}

void
pseudo_make(const unsigned char *key, const char *id, size_t len, char *out)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, PSEUDO_KEY_BYTES);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, len);
    crypto_auth_hmacsha256_final(&st, mac);
    format_mac(mac, out);
    sodium_memzero(&st, sizeof st);
}

static uint32_t
slot_of(const char *id, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a: spreads ids over the cache */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)id[i];
        h *= 16777619u;
    }
    return (h ^ (h >> 15)) & (PSEUDO_CACHE - 1);
}

const char *
pseudo_of(struct pseudo *p, const char *id, size_t len)
{
    if (len == 0)
        return "";
    /* Exports list a client's events together and meet the same staff
     * again and again: recent ids are found in the cache. */
    struct pseudo_slot *sl = NULL;
    if (len <= PSEUDO_CACHE_ID) {
        sl = &p->cache[slot_of(id, len)];
        if (sl->len == len && memcmp(sl->id, id, len) == 0)
            return sl->name;
    }
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st = p->base;
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, len);
    crypto_auth_hmacsha256_final(&st, mac);
    if (!sl) {
        format_mac(mac, p->out);
        return p->out;
    }
    format_mac(mac, sl->name);
    memcpy(sl->id, id, len);
    sl->len = len;
    return sl->name;
}

void
pseudo_free(struct pseudo *p)
{
    sodium_memzero(p->key, sizeof p->key);
    sodium_memzero(&p->base, sizeof p->base);
    if (p->cache)
        sodium_memzero(p->cache, PSEUDO_CACHE * sizeof *p->cache);
    free(p->cache);
    p->cache = NULL;
}
