/* Message framing (docs/protocol.md, "Message"): a 16-byte little-endian header
 * {u64 seq, u32 size, u32 zero} and a body whose u64 word k is
 * seq * PROTO_MSG_SEQ_FACTOR + (k + 1) * PROTO_MSG_WORD_STEP (the last word cut short), so every
 * byte's expected value depends on the message and on its position. Fill and check run as AVX2
 * where the CPU has it (chosen once at run time, as the managed peer's Vector256 is) and as SSE2
 * otherwise (x86-64, and i686 built with -msse2): 64-bit lane adds, stores, xor and or; a good
 * body costs the receiver loads and compares only. Words go through memcpy/unaligned loads: no
 * aliasing casts. */
#include "peer.h"

#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#define F PROTO_MSG_SEQ_FACTOR
#define S PROTO_MSG_WORD_STEP

static inline uint64_t first_word(uint64_t seq) { return seq * F + S; }

static uint8_t expected_byte(uint64_t seq, size_t off)
{
    uint64_t w = first_word(seq) + (uint64_t)(off / 8) * S;
    return (uint8_t)(w >> (8 * (off % 8)));
}

/* From byte `i` (a multiple of 8) to the end, with 16-byte vectors. */
static void fill_sse2_from(uint8_t *body, size_t len, uint64_t seq, size_t i)
{
    uint64_t w = first_word(seq) + (uint64_t)(i / 8) * S;
    if (len - i >= 32) {
        size_t i0 = i;
        __m128i e0 = _mm_set_epi64x((long long)(w + S), (long long)w);
        __m128i e1 = _mm_add_epi64(e0, _mm_set1_epi64x((long long)(2 * S)));
        const __m128i step = _mm_set1_epi64x((long long)(4 * S));
        for (; i + 32 <= len; i += 32) {
            _mm_storeu_si128((__m128i *)(void *)(body + i), e0);
            _mm_storeu_si128((__m128i *)(void *)(body + i + 16), e1);
            e0 = _mm_add_epi64(e0, step);
            e1 = _mm_add_epi64(e1, step);
        }
        w += (uint64_t)((i - i0) / 8) * S;
    }
    for (; i + 8 <= len; i += 8, w += S)
        memcpy(body + i, &w, 8);
    for (unsigned shift = 0; i < len; i++, shift += 8)
        body[i] = (uint8_t)(w >> shift);
}

static uint64_t diff_sse2_from(const uint8_t *body, size_t len, uint64_t seq, size_t i)
{
    uint64_t w = first_word(seq) + (uint64_t)(i / 8) * S, diff = 0;
    if (len - i >= 32) {
        size_t i0 = i;
        __m128i e0 = _mm_set_epi64x((long long)(w + S), (long long)w);
        __m128i e1 = _mm_add_epi64(e0, _mm_set1_epi64x((long long)(2 * S)));
        const __m128i step = _mm_set1_epi64x((long long)(4 * S));
        __m128i acc = _mm_setzero_si128();
        for (; i + 32 <= len; i += 32) {
            acc = _mm_or_si128(acc, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)(body + i)), e0));
            acc = _mm_or_si128(acc, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)(body + i + 16)), e1));
            e0 = _mm_add_epi64(e0, step);
            e1 = _mm_add_epi64(e1, step);
        }
        diff = _mm_movemask_epi8(_mm_cmpeq_epi8(acc, _mm_setzero_si128())) != 0xFFFF;
        w += (uint64_t)((i - i0) / 8) * S;
    }
    for (; i + 8 <= len; i += 8, w += S) {
        uint64_t got;
        memcpy(&got, body + i, 8);
        diff |= got ^ w;
    }
    for (unsigned shift = 0; i < len; i++, shift += 8)
        diff |= (uint8_t)(body[i] ^ (uint8_t)(w >> shift));
    return diff;
}

static void fill_sse2(uint8_t *body, size_t len, uint64_t seq) { fill_sse2_from(body, len, seq, 0); }
static uint64_t diff_sse2(const uint8_t *body, size_t len, uint64_t seq) { return diff_sse2_from(body, len, seq, 0); }

/* The same with 32-byte vectors: 64 bytes per step. The tail (under 64 bytes) goes to SSE2. */
__attribute__((target("avx2"))) static void fill_avx2(uint8_t *body, size_t len, uint64_t seq)
{
    uint64_t w = first_word(seq);
    size_t i = 0;
    __m256i e0 = _mm256_set_epi64x((long long)(w + 3 * S), (long long)(w + 2 * S), (long long)(w + S), (long long)w);
    __m256i e1 = _mm256_add_epi64(e0, _mm256_set1_epi64x((long long)(4 * S)));
    const __m256i step = _mm256_set1_epi64x((long long)(8 * S));
    for (; i + 64 <= len; i += 64) {
        _mm256_storeu_si256((__m256i *)(void *)(body + i), e0);
        _mm256_storeu_si256((__m256i *)(void *)(body + i + 32), e1);
        e0 = _mm256_add_epi64(e0, step);
        e1 = _mm256_add_epi64(e1, step);
    }
    if (i < len) /* the rest continues the pattern at word i / 8 of this message */
        fill_sse2_from(body, len, seq, i);
}

__attribute__((target("avx2"))) static uint64_t diff_avx2(const uint8_t *body, size_t len, uint64_t seq)
{
    uint64_t w = first_word(seq);
    size_t i = 0;
    __m256i e0 = _mm256_set_epi64x((long long)(w + 3 * S), (long long)(w + 2 * S), (long long)(w + S), (long long)w);
    __m256i e1 = _mm256_add_epi64(e0, _mm256_set1_epi64x((long long)(4 * S)));
    const __m256i step = _mm256_set1_epi64x((long long)(8 * S));
    __m256i acc = _mm256_setzero_si256();
    for (; i + 64 <= len; i += 64) {
        acc = _mm256_or_si256(acc, _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(const void *)(body + i)), e0));
        acc = _mm256_or_si256(acc, _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(const void *)(body + i + 32)), e1));
        e0 = _mm256_add_epi64(e0, step);
        e1 = _mm256_add_epi64(e1, step);
    }
    uint64_t diff = !_mm256_testz_si256(acc, acc);
    return diff | (i < len ? diff_sse2_from(body, len, seq, i) : 0);
}

static int use_avx2(void)
{
    static int known, avx2;
    if (!known) {
        __builtin_cpu_init();
        avx2 = __builtin_cpu_supports("avx2");
        known = 1;
    }
    return avx2;
}

void msg_fill(uint8_t *body, size_t len, uint64_t seq)
{
    if (len >= 64 && use_avx2())
        fill_avx2(body, len, seq);
    else
        fill_sse2(body, len, seq);
}

long msg_first_mismatch(const uint8_t *body, size_t len, uint64_t seq)
{
    uint64_t diff = len >= 64 && use_avx2() ? diff_avx2(body, len, seq) : diff_sse2(body, len, seq);
    if (!diff)
        return -1;
    for (size_t o = 0; o < len; o++) /* rare: find the first wrong byte */
        if (body[o] != expected_byte(seq, o))
            return (long)o;
    return -1;
}

void msg_build(uint8_t *m, uint64_t seq, uint32_t size)
{
    struct msg_header h = { seq, size, 0 };
    memcpy(m, &h, sizeof h);
    msg_fill(m + MSG_HEADER, size - MSG_HEADER, seq);
}

void msg_verify(const uint8_t *m, uint64_t seq, uint32_t size)
{
    struct msg_header h;
    memcpy(&h, m, sizeof h);
    if (h.seq != seq)
        peer_fail("verify: message %llu: seq at offset %d is %llu, expected %llu", (unsigned long long)seq,
                  PROTO_MSG_SEQ, (unsigned long long)h.seq, (unsigned long long)seq);
    if (h.size != size)
        peer_fail("verify: message %llu: size at offset %d is %u, expected %u", (unsigned long long)seq,
                  PROTO_MSG_SIZE, h.size, size);
    if (h.reserved != 0)
        peer_fail("verify: message %llu: word at offset %d is 0x%08x, expected 0x00000000",
                  (unsigned long long)seq, PROTO_MSG_RESERVED, h.reserved);
    long bad = msg_first_mismatch(m + MSG_HEADER, size - MSG_HEADER, seq);
    if (bad >= 0)
        peer_fail("verify: message %llu: byte at offset %ld is 0x%02x, expected 0x%02x", (unsigned long long)seq,
                  (long)MSG_HEADER + bad, m[MSG_HEADER + (size_t)bad], expected_byte(seq, (size_t)bad));
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
