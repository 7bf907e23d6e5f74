#!/usr/bin/env python3
"""Expected pseudonyms for the cx-ingest --pseudonymize golden cases,
computed with python3's standard library only (hmac, hashlib, base64),
independently of libsodium and of cx-ingest's own base32 code.

A pseudonym is "p_" + base32 (RFC 4648, upper case, '=' padding removed) of
the first 16 bytes of HMAC-SHA-256(key, id). The test key is the 32 bytes
00 01 02 ... 1f, written in the key file as 64 hex digits.

Usage: python3 pseudonyms.py ID...   (prints "ID,PSEUDONYM" lines)
"""
import base64
import hashlib
import hmac
import sys

KEY = bytes(range(32))


def pseudonym(ident: str) -> str:
    if ident == "":
        return ""
    mac = hmac.new(KEY, ident.encode("utf-8"), hashlib.sha256).digest()
    return "p_" + base64.b32encode(mac[:16]).decode("ascii").rstrip("=")


if __name__ == "__main__":
    print("key file:", KEY.hex())
    for ident in sys.argv[1:]:
        print(f"{ident},{pseudonym(ident)}")
