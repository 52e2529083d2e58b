#pragma once
// Just enough HTTP/1.1 for both ends of the api lab: a request parser for the server and an
// incremental response parser for the load generator. Bodies by Content-Length (requests and
// responses), chunked and close-delimited bodies (responses), keep-alive rules of 1.0 and 1.1.
// Plain functions over bytes, so they are tested without sockets.
#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>
#include <cstdint>

namespace looplab::labs::api {

// Limits on what a peer may send (issue 17: a hostile server or client must not hang a thread or
// take memory without bound). A message past a limit is Bad, with the reason in error().
constexpr size_t kMaxHeaderBytes = 16 * 1024; // request line + headers of a request (431)
constexpr size_t kMaxHeaderCount = 100; // header lines of a request or response (431)
constexpr size_t kMaxRequestBody = 1024 * 1024; // a request body (413)
constexpr size_t kMaxResponseHeaderBytes = 64 * 1024; // status line + headers of a response
constexpr size_t kMaxResponseBytes = 8 * 1024 * 1024; // a whole response: headers, body, chunk framing
constexpr size_t kMaxChunkLine = 1024; // a chunk-size line with its extensions

// Why a message was refused.
enum class ParseError { None, Malformed, HeadersTooLarge, TooManyHeaders, BodyTooLarge, Truncated, Unsupported };
const char* parseErrorText(ParseError e);

enum class ParseStatus { NeedMore, Complete, Bad };

struct HttpRequest {
    QByteArray method;
    QByteArray target; // path and query, as sent
    QByteArray body;
    bool keepAlive = true;
};

struct RequestParse {
    ParseStatus status = ParseStatus::NeedMore;
    int errorStatus = 0; // for Bad: 400, 413, 431, 501, 505
    ParseError error = ParseError::None;
    size_t consumed = 0;
    HttpRequest request;
};

// One request from the start of `data`.
RequestParse parseRequest(const char* data, size_t size);

// The load generator's side. Feed it the connection's unread bytes each time more arrive; it keeps
// what it learnt from the headers between calls.
class ResponseParser
{
public:
    void reset() { *this = ResponseParser(); }
    // eof: the peer closed; completes a close-delimited body.
    ParseStatus parse(const char* data, size_t size, bool eof);

    int status() const { return m_status; }
    bool keepAlive() const { return m_keepAlive; }
    size_t consumed() const { return m_consumed; } // bytes of the complete response
    size_t bodyOffset() const { return m_headerLen; }
    size_t bodyLength() const { return m_bodyLen; } // for Content-Length bodies
    ParseError error() const { return m_error; } // for Bad: why

private:
    enum class Framing { Length, Chunked, UntilClose, None };
    ParseStatus parseHeaders(const char* data, size_t size);
    ParseStatus parseChunked(const char* data, size_t size);
    ParseStatus fail(ParseError e)
    {
        m_error = e;
        return ParseStatus::Bad;
    }

    bool m_haveHeaders = false;
    int m_status = 0;
    bool m_keepAlive = true;
    Framing m_framing = Framing::None;
    size_t m_headerLen = 0;
    size_t m_bodyLen = 0;
    size_t m_chunkPos = 0; // chunked: where the next chunk-size line starts
    size_t m_consumed = 0;
    ParseError m_error = ParseError::None;
};

// Status line text for the codes the server uses.
const char* reasonPhrase(int status);

// A full response with Content-Length. extraHeaders: complete "Name: value\r\n" lines.
QByteArray buildResponse(
    int status, QByteArrayView contentType, QByteArrayView body, bool keepAlive, QByteArrayView extraHeaders = {});

} // namespace looplab::labs::api
