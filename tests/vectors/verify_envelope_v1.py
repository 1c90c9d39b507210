#!/usr/bin/python3
"""Independent reader for selfdirect envelope format v1, written from docs/security.md only.

Proves the format is specified well enough to be re-implemented: with PyNaCl (Debian's
python3-nacl, a binding of libsodium but none of selfdirect's code) it parses each vector in
envelope-v1.json, checks every structural rule, verifies the Ed25519 signature, opens the file key
for every recipient, decrypts the secretstream chunks, unpads and checks the inner device id, and
compares the result with the vector's plaintext and header. It then checks that a flipped bit and a
trailing byte are refused, so the reader is not a yes-machine.

usage: /usr/bin/python3 verify_envelope_v1.py envelope-v1.json
"""
import json
import struct
import sys

try:
    import nacl.bindings as nb
    import nacl.encoding
    import nacl.hash
    import nacl.signing
    from nacl.exceptions import BadSignatureError, CryptoError
except ImportError:
    sys.exit("verify_envelope_v1.py needs PyNaCl: run it with Debian's /usr/bin/python3 and the python3-nacl "
             f"package (this is {sys.executable})")

MAGIC = b"SDEV"
CHUNK = 65536
WRAPPED = 80          # crypto_box_seal of a 32-byte key
SS_HEADER = 24        # secretstream header
ABYTES = 17           # secretstream per-chunk overhead
SIG = 64
MAX_PADDED = 16 * 1024 * 1024
TAG_MESSAGE = nb.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
TAG_FINAL = nb.crypto_secretstream_xchacha20poly1305_TAG_FINAL


class Reject(Exception):
    pass


def is_bucket(n):
    if n <= 0 or n > MAX_PADDED:
        return False
    if n >= CHUNK:
        return n % CHUNK == 0
    return n >= 256 and n & (n - 1) == 0


def parse(env):
    if len(env) < 8 or env[:4] != MAGIC:
        raise Reject("bad magic")
    if env[4] != 1 or env[5] != 1:
        raise Reject("unsupported version or suite")
    (hlen,) = struct.unpack_from("<H", env, 6)
    if hlen > 1024 or len(env) < 8 + hlen:
        raise Reject("bad header length")
    body = env[8:8 + hlen]
    pos = 0

    def take(n):
        nonlocal pos
        if pos + n > len(body):
            raise Reject("header field overruns the header")
        out = body[pos:pos + n]
        pos += n
        return out

    def string(cap):
        (n,) = take(1)
        if n > cap:
            raise Reject("string over its cap")
        return take(n).decode("utf-8")

    h = {}
    h["record_id"] = string(64)
    (h["revision"],) = struct.unpack("<I", take(4))
    h["form_id"] = string(64)
    h["form_version"] = string(32)
    h["device_id"] = string(64)
    h["device_sign_public_key"] = take(32)
    (h["created_unix"],) = struct.unpack("<q", take(8))
    (h["padded_length"],) = struct.unpack("<I", take(4))
    (count,) = take(1)
    if not 1 <= count <= 8:
        raise Reject("recipient count")
    h["council_key_ids"] = [string(64) for _ in range(count)]
    if len(set(h["council_key_ids"])) != count:
        raise Reject("duplicate key id")
    if pos != len(body):
        raise Reject("bytes after the last header field")
    if h["revision"] == 0 or not is_bucket(h["padded_length"]):
        raise Reject("revision or padded length")
    header_end = 8 + hlen
    stream_at = header_end + WRAPPED * count
    chunks = (h["padded_length"] + CHUNK - 1) // CHUNK
    signed_size = stream_at + SS_HEADER + h["padded_length"] + chunks * ABYTES
    if len(env) != signed_size + SIG:
        raise Reject("truncated or trailing bytes")
    try:
        nacl.signing.VerifyKey(h["device_sign_public_key"]).verify(env[:signed_size], env[signed_size:])
    except BadSignatureError:
        raise Reject("bad signature")
    return h, header_end, stream_at, signed_size


def open_envelope(env, key_id, pk, sk):
    h, header_end, stream_at, _ = parse(env)
    if key_id not in h["council_key_ids"]:
        raise Reject("unknown council key")
    slot = h["council_key_ids"].index(key_id)
    wrapped = env[header_end + slot * WRAPPED: header_end + (slot + 1) * WRAPPED]
    try:
        file_key = nb.crypto_box_seal_open(wrapped, pk, sk)
    except CryptoError:
        raise Reject("file key does not open")
    state = nb.crypto_secretstream_xchacha20poly1305_state()
    nb.crypto_secretstream_xchacha20poly1305_init_pull(state, env[stream_at:stream_at + SS_HEADER], file_key)
    ad = env[:header_end]
    padded = h["padded_length"]
    pos = stream_at + SS_HEADER
    inner = b""
    for off in range(0, padded, CHUNK):
        n = min(CHUNK, padded - off)
        last = off + n == padded
        try:
            msg, tag = nb.crypto_secretstream_xchacha20poly1305_pull(state, env[pos:pos + n + ABYTES], ad)
        except CryptoError:
            raise Reject("chunk does not authenticate")
        if tag != (TAG_FINAL if last else TAG_MESSAGE) or len(msg) != n:
            raise Reject("wrong tag")
        inner += msg
        pos += n + ABYTES
    # ISO/IEC 7816-4 padding, as sodium_pad with block size min(padded, 64 KiB): strip trailing
    # zeros, then exactly one 0x80 must be there, within the last block.
    block = min(padded, CHUNK)
    end = len(inner)
    while end > 0 and inner[end - 1] == 0 and len(inner) - end < block:
        end -= 1
    if end == 0 or inner[end - 1] != 0x80 or len(inner) - end >= block:
        raise Reject("bad padding")
    inner = inner[:end - 1]
    id_len = inner[0]
    if 1 + id_len > len(inner):
        raise Reject("inner device id")
    if inner[1:1 + id_len].decode("utf-8") != h["device_id"]:
        raise Reject("sender mismatch")
    return h, inner[1 + id_len:]


def expect_reject(env, c, what):
    try:
        open_envelope(env, c["key_id"], bytes.fromhex(c["public_key"]), bytes.fromhex(c["secret_key"]))
    except Reject:
        return
    raise AssertionError(f"{what} was accepted")


def main():
    data = json.load(open(sys.argv[1]))
    assert data["vectors"], "no vectors"
    for v in data["vectors"]:
        env = bytes.fromhex(v["envelope"])
        assert nacl.hash.blake2b(env, digest_size=32, encoder=nacl.encoding.HexEncoder).decode() == v["envelope_hash"], "envelope_hash"
        pk, sk = nb.crypto_sign_seed_keypair(bytes.fromhex(v["device_sign_seed"]))
        assert pk.hex() == v["device_sign_public_key"], "device key from seed"
        for c in v["councils"]:
            pub, sec = bytes.fromhex(c["public_key"]), bytes.fromhex(c["secret_key"])
            assert nb.crypto_scalarmult_base(sec) == pub, "council key pair"
            h, plain = open_envelope(env, c["key_id"], pub, sec)
            assert plain.decode("utf-8") == v["plaintext"], "plaintext"
            for k, want in v["header"].items():
                assert h[k] == want, f"header field {k}: {h[k]!r} != {want!r}"
            assert h["device_sign_public_key"] == pk, "device key in header"
            # the file key inside each recipient's box is the vector's file key
            _, header_end, _, _ = parse(env)
            slot = h["council_key_ids"].index(c["key_id"])
            fk = nb.crypto_box_seal_open(env[header_end + slot * WRAPPED: header_end + (slot + 1) * WRAPPED], pub, sec)
            assert fk.hex() == v["file_key"], "file key"
        c = v["councils"][0]
        flipped = bytearray(env)
        flipped[len(env) // 2] ^= 1
        expect_reject(bytes(flipped), c, "a flipped bit")
        expect_reject(env + b"\0", c, "a trailing byte")
        expect_reject(env[:-1], c, "a truncated envelope")
        print(f"ok: {v['name']} ({len(env)} bytes, {len(v['councils'])} recipients)")


if __name__ == "__main__":
    main()
