/* Message framing (docs/protocol.md, "Message"): a 16-byte little-endian header
 * {u64 seq, u32 size, u32 checksum} and a body filled with pattern(seq). */
#include "peer.h"

#include <stdlib.h>
#include <string.h>

static inline uint8_t pattern(uint64_t seq) { return (uint8_t)(seq * 167u + 13u); }

/* fold32(sum of the body as LE u64 words, the last partial word zero-padded). The sum mod 2^64
 * is associative, so four independent lanes per 32-byte block are allowed; gcc -O2 turns the
 * fixed 4-lane inner loop into two SSE2 paddq per block (a fixed trip count is what its "very
 * cheap" cost model accepts). Words are memcpy'd from the byte pointer: no unaligned or
 * aliasing casts. */
uint32_t msg_checksum(const uint8_t *p, size_t len)
{
    uint64_t lane[4] = { 0 };
    for (size_t b = len / 32; b > 0; b--, p += 32)
        for (int k = 0; k < 4; k++) {
            uint64_t w;
            memcpy(&w, p + 8 * k, 8);
            lane[k] += w;
        }
    uint64_t s = lane[0] + lane[1] + lane[2] + lane[3];
    for (len %= 32; len >= 8; len -= 8, p += 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        s += w;
    }
    if (len > 0) {
        uint64_t w = 0;
        memcpy(&w, p, len);
        s += w;
    }
    return (uint32_t)(s ^ (s >> 32));
}

void msg_build(uint8_t *m, uint64_t seq, uint32_t size)
{
    uint32_t body = size - MSG_HEADER;
    memset(m + MSG_HEADER, pattern(seq), body);
    uint32_t sum = msg_checksum(m + MSG_HEADER, body);
    memcpy(m, &seq, 8);
    memcpy(m + 8, &size, 4);
    memcpy(m + 12, &sum, 4);
}

void msg_verify(const uint8_t *m, uint64_t seq, uint32_t size)
{
    uint64_t got_seq;
    uint32_t got_size, got_sum;
    memcpy(&got_seq, m, 8);
    memcpy(&got_size, m + 8, 4);
    memcpy(&got_sum, m + 12, 4);
    if (got_seq != seq)
        peer_fail("verify: message %llu: seq is %llu, expected %llu", (unsigned long long)seq,
                  (unsigned long long)got_seq, (unsigned long long)seq);
    if (got_size != size)
        peer_fail("verify: message %llu: size is %u, expected %u", (unsigned long long)seq,
                  got_size, size);
    uint32_t body = size - MSG_HEADER;
    uint32_t sum = msg_checksum(m + MSG_HEADER, body);
    if (sum != got_sum)
        peer_fail("verify: message %llu: checksum is 0x%08x, computed 0x%08x",
                  (unsigned long long)seq, got_sum, sum);
    if (body > 0 && m[MSG_HEADER] != pattern(seq))
        peer_fail("verify: message %llu: first body byte is 0x%02x, expected 0x%02x",
                  (unsigned long long)seq, m[MSG_HEADER], pattern(seq));
    if (body > 0 && m[size - 1] != pattern(seq))
        peer_fail("verify: message %llu: last body byte is 0x%02x, expected 0x%02x",
                  (unsigned long long)seq, m[size - 1], pattern(seq));
}

uint8_t *msg_alloc(size_t n)
{
    size_t len = (n + 63) & ~(size_t)63;
    uint8_t *p = aligned_alloc(64, len ? len : 64);
    if (!p)
        peer_fail("out of memory allocating %zu bytes", n);
    memset(p, 0, len ? len : 64);
    return p;
}
