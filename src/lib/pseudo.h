/* pseudo: keyed pseudonyms for identifiers (cx-ingest --pseudonymize).
 *
 * A pseudonym is "p_" followed by the RFC 4648 base32 (upper case, no
 * padding) of the first 16 bytes (128 bits) of HMAC-SHA-256(key, id), 26
 * characters: the same id gives the same pseudonym under the same key, and
 * without the key nobody can reverse it or test a guess. The cryptography is
 * libsodium's; this module only reads keys, formats and caches.
 *
 * A key file holds 64 hexadecimal digits (256 bits) and a newline. It is
 * refused when group or others may read or write it (as ssh refuses a
 * private key), when it is not a regular file, or when it holds anything
 * else. Messages never quote the key's content.
 *
 * struct pseudo owns its key (wiped by pseudo_free) and a fixed cache of
 * recent pseudonyms (memory does not grow with the number of ids); the
 * string pseudo_of returns is valid until the next call. */
#ifndef CX_PSEUDO_H
#define CX_PSEUDO_H

#include <stdbool.h>
#include <stddef.h>

#include <sodium.h>

enum { PSEUDO_KEY_BYTES = 32, PSEUDO_LEN = 28 /* "p_" + 26 */ };

enum { PSEUDO_CACHE = 4096, PSEUDO_CACHE_ID = 40 };

struct pseudo_slot {
    size_t len; /* of the id; 0: empty slot */
    char id[PSEUDO_CACHE_ID];
    char name[PSEUDO_LEN + 1];
};

struct pseudo {
    unsigned char key[PSEUDO_KEY_BYTES];
    crypto_auth_hmacsha256_state base; /* keyed, before any message */
    struct pseudo_slot *cache;         /* PSEUDO_CACHE slots */
    char out[PSEUDO_LEN + 1];
};

/* Writes a new random key to path, mode 0600; refuses an existing path.
 * Dies with status 1 (and a message naming path) on failure. */
void pseudo_new_key(const char *path);
/* Reads the key at path into p; dies with status 1 on an unreadable,
 * exposed or malformed key file. */
void pseudo_init(struct pseudo *p, const char *path);
/* Sets up p with the key bytes given (for tests). */
void pseudo_init_key(struct pseudo *p, const unsigned char *key);
/* The pseudonym of id (of length len); "" for an empty id. */
const char *pseudo_of(struct pseudo *p, const char *id, size_t len);
/* Formats the pseudonym of id into out (PSEUDO_LEN + 1 bytes), uncached. */
void pseudo_make(const unsigned char *key, const char *id, size_t len,
                 char *out);
void pseudo_free(struct pseudo *p);

#endif
