// libFuzzer entry for the api lab's HTTP/1.1 parsers (core/labs/api/http_message.*): the bytes a
// client sends the builtin server, and the bytes any server sends the load generator, must give a
// complete message, "need more" or a refusal with its reason, never a crash, a hang (issue 17: a
// chunk size of FFFFFFFFFFFFFFEC wrapped the arithmetic and looped forever) or a read past the
// buffer. Every input is parsed as a request and as a response; beyond "no crash":
//  - a complete message lies inside the input, and a refused one names why;
//  - a request's body is within kMaxRequestBody, and a refused request answers 400/413/431/501/505;
//  - the response parser fed the bytes in pieces, as the load generator is fed by recv(), reaches
//    the same outcome as in one piece (same status, same length), and a refusal stays a refusal.
#include "labs/api/http_message.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace looplab::labs::api;

namespace {

[[noreturn]] void broken(const char* what, size_t a = 0, size_t b = 0)
{
    fprintf(stderr, "property broken: %s (%zu, %zu)\n", what, a, b);
    abort();
}

void checkRequest(const char* data, size_t size)
{
    const RequestParse r = parseRequest(data, size);
    switch (r.status) {
    case ParseStatus::Complete:
        if (r.consumed == 0 || r.consumed > size)
            broken("request: consumed outside the input", r.consumed, size);
        if (size_t(r.request.body.size()) > kMaxRequestBody)
            broken("request: body over kMaxRequestBody", size_t(r.request.body.size()));
        if (r.request.target.isEmpty() || r.request.target[0] != '/')
            broken("request: target does not start with /");
        // The same bytes, cut right after the request, give the same request.
        if (const RequestParse again = parseRequest(data, r.consumed);
            again.status != ParseStatus::Complete || again.consumed != r.consumed)
            broken("request: not complete when cut after itself", r.consumed);
        break;
    case ParseStatus::Bad:
        if (r.error == ParseError::None)
            broken("request: refused without a reason");
        if (r.errorStatus != 400 && r.errorStatus != 413 && r.errorStatus != 431 && r.errorStatus != 501
            && r.errorStatus != 505)
            broken("request: refused with an unexpected status", size_t(r.errorStatus));
        break;
    case ParseStatus::NeedMore:
        break;
    }
}

struct Outcome {
    ParseStatus status = ParseStatus::NeedMore;
    int code = 0;
    size_t consumed = 0;
};

Outcome checkResponse(ResponseParser& p, const char* data, size_t size, bool eof)
{
    const ParseStatus s = p.parse(data, size, eof);
    if (s == ParseStatus::Complete) {
        if (p.consumed() > size || p.bodyOffset() > p.consumed())
            broken("response: consumed outside the input", p.consumed(), size);
        if (p.status() < 100 || p.status() > 999)
            broken("response: status out of range", size_t(p.status()));
    } else if (s == ParseStatus::Bad && p.error() == ParseError::None) {
        broken("response: refused without a reason");
    }
    return {s, p.status(), s == ParseStatus::Complete ? p.consumed() : 0};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    const char* data = reinterpret_cast<const char*>(bytes);
    checkRequest(data, size);

    // The response in one piece, then (eof) as if the peer closed.
    ResponseParser whole;
    Outcome one = checkResponse(whole, data, size, false);
    if (one.status == ParseStatus::NeedMore)
        one = checkResponse(whole, data, size, true);

    // In pieces: the step comes from the first byte, so the fuzzer explores the cut points.
    const size_t step = size ? size_t(bytes[0] % 13) + 1 : 1;
    ResponseParser pieces;
    Outcome inc;
    bool refused = false;
    for (size_t n = 0;; n = std::min(size, n + step)) {
        inc = checkResponse(pieces, data, n, false);
        if (refused && inc.status != ParseStatus::Bad)
            broken("response: a refusal did not stay a refusal", n);
        refused = inc.status == ParseStatus::Bad;
        if (inc.status != ParseStatus::NeedMore || n == size)
            break;
    }
    if (inc.status == ParseStatus::NeedMore)
        inc = checkResponse(pieces, data, size, true);
    if (inc.status != one.status
        || (one.status == ParseStatus::Complete && (inc.consumed != one.consumed || inc.code != one.code)))
        broken("response: pieces and one piece disagree", size_t(inc.status), size_t(one.status));
    return 0;
}
