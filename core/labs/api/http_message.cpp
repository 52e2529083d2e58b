#include "http_message.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace looplab::labs::api {

namespace {

bool iequals(QByteArrayView a, const char* b)
{
    const size_t n = std::strlen(b);
    if (size_t(a.size()) != n)
        return false;
    for (size_t i = 0; i < n; ++i) {
        char c = a[qsizetype(i)];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != b[i])
            return false;
    }
    return true;
}

bool icontainsToken(QByteArrayView value, const char* token)
{
    // Comma-separated list, case-insensitive: "keep-alive, Upgrade".
    qsizetype start = 0;
    while (start <= value.size()) {
        qsizetype end = start;
        while (end < value.size() && value[end] != ',')
            ++end;
        QByteArrayView item = value.sliced(start, end - start).trimmed();
        if (iequals(item, token))
            return true;
        start = end + 1;
    }
    return false;
}

const char* findCrlf(const char* p, const char* end)
{
    while (p + 1 < end) {
        const void* r = std::memchr(p, '\r', size_t(end - p - 1));
        if (!r)
            return nullptr;
        p = static_cast<const char*>(r);
        if (p[1] == '\n')
            return p;
        ++p;
    }
    return nullptr;
}

const char* findHeaderEnd(const char* data, size_t size)
{
    const char* end = data + size;
    const char* p = data;
    while (true) {
        const char* crlf = findCrlf(p, end);
        if (!crlf)
            return nullptr;
        if (crlf == p) // empty line
            return crlf + 2;
        p = crlf + 2;
    }
}

bool parseSize(QByteArrayView v, size_t& out, int base = 10)
{
    v = v.trimmed();
    if (v.isEmpty())
        return false;
    uint64_t x = 0;
    auto r = std::from_chars(v.data(), v.data() + v.size(), x, base);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size())
        return false;
    out = size_t(x);
    return true;
}

} // namespace

RequestParse parseRequest(const char* data, size_t size)
{
    RequestParse r;
    auto bad = [&](int code, ParseError e) {
        r.status = ParseStatus::Bad;
        r.errorStatus = code;
        r.error = e;
        return r;
    };
    const char* headerEnd = findHeaderEnd(data, std::min(size, kMaxHeaderBytes + 4));
    if (!headerEnd) {
        if (size > kMaxHeaderBytes)
            return bad(431, ParseError::HeadersTooLarge);
        return r;
    }
    const char* end = headerEnd - 2;
    const char* lineEnd = findCrlf(data, end + 2);
    QByteArrayView line(data, lineEnd - data);
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.sliced(sp1 + 1).indexOf(' ');
    if (sp1 <= 0 || sp2 <= 0)
        return bad(400, ParseError::Malformed);
    QByteArrayView method = line.first(sp1);
    QByteArrayView target = line.sliced(sp1 + 1, sp2);
    QByteArrayView version = line.sliced(sp1 + 1 + sp2 + 1);
    bool http11;
    if (version == "HTTP/1.1")
        http11 = true;
    else if (version == "HTTP/1.0")
        http11 = false;
    else if (version.startsWith("HTTP/"))
        return bad(505, ParseError::Unsupported);
    else
        return bad(400, ParseError::Malformed);
    if (target.isEmpty() || target[0] != '/')
        return bad(400, ParseError::Malformed);

    bool keepAlive = http11;
    size_t contentLength = 0;
    bool haveLength = false;
    size_t headers = 0;
    const char* p = lineEnd + 2;
    while (p < end) {
        if (++headers > kMaxHeaderCount)
            return bad(431, ParseError::TooManyHeaders);
        const char* e = findCrlf(p, end + 2);
        QByteArrayView h(p, e - p);
        p = e + 2;
        const qsizetype colon = h.indexOf(':');
        if (colon <= 0)
            return bad(400, ParseError::Malformed);
        QByteArrayView name = h.first(colon);
        QByteArrayView value = h.sliced(colon + 1).trimmed();
        if (iequals(name, "content-length")) {
            size_t length = 0;
            if (!parseSize(value, length) || (haveLength && length != contentLength))
                return bad(400, ParseError::Malformed); // two different lengths: request smuggling
            contentLength = length;
            haveLength = true;
        } else if (iequals(name, "connection")) {
            if (icontainsToken(value, "close"))
                keepAlive = false;
            else if (icontainsToken(value, "keep-alive"))
                keepAlive = true;
        } else if (iequals(name, "transfer-encoding")) {
            return bad(501, ParseError::Unsupported); // chunked request bodies: not needed by the lab's clients
        }
    }
    if (contentLength > kMaxRequestBody)
        return bad(413, ParseError::BodyTooLarge);
    const size_t headerLen = size_t(headerEnd - data);
    if (size < headerLen + contentLength) // both bounded above: no overflow
        return r; // body still coming
    r.status = ParseStatus::Complete;
    r.consumed = headerLen + contentLength;
    r.request.method = method.toByteArray();
    r.request.target = target.toByteArray();
    r.request.body = QByteArray(headerEnd, qsizetype(contentLength));
    r.request.keepAlive = keepAlive;
    return r;
}

ParseStatus ResponseParser::parseHeaders(const char* data, size_t size)
{
    const char* headerEnd = findHeaderEnd(data, std::min(size, kMaxResponseHeaderBytes + 4));
    if (!headerEnd)
        return size > kMaxResponseHeaderBytes ? fail(ParseError::HeadersTooLarge) : ParseStatus::NeedMore;
    const char* end = headerEnd - 2;
    const char* lineEnd = findCrlf(data, end + 2);
    QByteArrayView line(data, lineEnd - data);
    // "HTTP/1.1 200 OK"
    if (line.size() < 12 || !line.startsWith("HTTP/1.") || line[8] != ' ')
        return fail(ParseError::Malformed);
    const bool http11 = line[7] == '1';
    size_t code = 0;
    if (!parseSize(line.sliced(9, 3), code) || code < 100 || code > 999)
        return fail(ParseError::Malformed);
    m_status = int(code);
    m_keepAlive = http11;
    bool haveLength = false;
    bool chunked = false;
    size_t headers = 0;
    const char* p = lineEnd + 2;
    while (p < end) {
        if (++headers > kMaxHeaderCount)
            return fail(ParseError::TooManyHeaders);
        const char* e = findCrlf(p, end + 2);
        QByteArrayView h(p, e - p);
        p = e + 2;
        const qsizetype colon = h.indexOf(':');
        if (colon <= 0)
            return fail(ParseError::Malformed);
        QByteArrayView name = h.first(colon);
        QByteArrayView value = h.sliced(colon + 1).trimmed();
        if (iequals(name, "content-length")) {
            size_t length = 0;
            if (!parseSize(value, length) || (haveLength && length != m_bodyLen))
                return fail(ParseError::Malformed);
            m_bodyLen = length;
            haveLength = true;
        } else if (iequals(name, "transfer-encoding")) {
            chunked = icontainsToken(value, "chunked");
        } else if (iequals(name, "connection")) {
            if (icontainsToken(value, "close"))
                m_keepAlive = false;
            else if (icontainsToken(value, "keep-alive"))
                m_keepAlive = true;
        }
    }
    m_headerLen = size_t(headerEnd - data);
    if (m_status == 204 || m_status == 304 || m_status < 200) {
        m_framing = Framing::Length;
        m_bodyLen = 0;
    } else if (chunked) {
        m_framing = Framing::Chunked;
        m_chunkPos = m_headerLen;
    } else if (haveLength) {
        // Compared without adding: a length near SIZE_MAX must not wrap m_headerLen + m_bodyLen.
        if (m_bodyLen > kMaxResponseBytes - m_headerLen)
            return fail(ParseError::BodyTooLarge);
        m_framing = Framing::Length;
    } else {
        m_framing = Framing::UntilClose;
        m_keepAlive = false;
    }
    m_haveHeaders = true;
    return ParseStatus::Complete;
}

ParseStatus ResponseParser::parseChunked(const char* data, size_t size)
{
    while (true) {
        // m_chunkPos <= size always: it only moves past bytes that were there.
        const size_t lineLimit = std::min(size - m_chunkPos, kMaxChunkLine + 2);
        const char* lineEnd = findCrlf(data + m_chunkPos, data + m_chunkPos + lineLimit);
        if (!lineEnd)
            return size - m_chunkPos > kMaxChunkLine ? fail(ParseError::Malformed) : ParseStatus::NeedMore;
        QByteArrayView sizeLine(data + m_chunkPos, lineEnd - (data + m_chunkPos));
        const qsizetype semi = sizeLine.indexOf(';');
        if (semi >= 0)
            sizeLine = sizeLine.first(semi);
        size_t chunk = 0;
        if (!parseSize(sizeLine, chunk, 16))
            return fail(ParseError::Malformed);
        const size_t dataStart = size_t(lineEnd + 2 - data);
        if (chunk == 0) {
            // Trailers (usually none) end with an empty line.
            const char* end = findHeaderEnd(data + dataStart, std::min(size - dataStart, kMaxResponseHeaderBytes + 4));
            if (!end)
                return size - dataStart > kMaxResponseHeaderBytes ? fail(ParseError::HeadersTooLarge)
                                                                  : ParseStatus::NeedMore;
            m_consumed = size_t(end - data);
            return ParseStatus::Complete;
        }
        // The chunk size comes from the peer: compare by subtraction (dataStart <= size, which is
        // a real buffer's length), never dataStart + chunk + 2, which wraps for FFFFFFFFFFFFFFEC.
        if (dataStart + 2 > kMaxResponseBytes || chunk > kMaxResponseBytes - dataStart - 2)
            return fail(ParseError::BodyTooLarge);
        const size_t next = dataStart + chunk + 2;
        if (size < next)
            return ParseStatus::NeedMore;
        if (data[next - 2] != '\r' || data[next - 1] != '\n')
            return fail(ParseError::Malformed);
        m_chunkPos = next;
    }
}

ParseStatus ResponseParser::parse(const char* data, size_t size, bool eof)
{
    if (m_error != ParseError::None)
        return ParseStatus::Bad;
    ParseStatus s = ParseStatus::Bad;
    if (!m_haveHeaders) {
        s = parseHeaders(data, size);
        if (s == ParseStatus::Bad)
            return s;
        if (s == ParseStatus::NeedMore)
            return eof ? fail(ParseError::Truncated) : s;
    }
    switch (m_framing) {
    case Framing::Length:
        if (size >= m_headerLen + m_bodyLen) {
            m_consumed = m_headerLen + m_bodyLen;
            return ParseStatus::Complete;
        }
        return eof ? fail(ParseError::Truncated) : ParseStatus::NeedMore;
    case Framing::Chunked:
        s = parseChunked(data, size);
        if (s == ParseStatus::NeedMore) {
            if (eof)
                return fail(ParseError::Truncated);
            if (size >= kMaxResponseBytes) // a stream of small chunks that never ends
                return fail(ParseError::BodyTooLarge);
        }
        return s;
    case Framing::UntilClose:
        if (size > kMaxResponseBytes)
            return fail(ParseError::BodyTooLarge);
        if (eof) {
            m_consumed = size;
            return ParseStatus::Complete;
        }
        return ParseStatus::NeedMore;
    case Framing::None:
        break;
    }
    return fail(ParseError::Malformed);
}

const char* parseErrorText(ParseError e)
{
    switch (e) {
    case ParseError::None:
        return "no error";
    case ParseError::Malformed:
        return "malformed HTTP message";
    case ParseError::HeadersTooLarge:
        return "headers too large";
    case ParseError::TooManyHeaders:
        return "too many headers";
    case ParseError::BodyTooLarge:
        return "body too large";
    case ParseError::Truncated:
        return "connection closed mid-message";
    case ParseError::Unsupported:
        return "unsupported HTTP feature";
    }
    return "unknown";
}

const char* reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

QByteArray buildResponse(
    int status, QByteArrayView contentType, QByteArrayView body, bool keepAlive, QByteArrayView extraHeaders)
{
    QByteArray out;
    out.reserve(128 + body.size() + extraHeaders.size());
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\nServer: looplab\r\nContent-Type: ";
    out += contentType;
    out += "\r\nContent-Length: ";
    out += QByteArray::number(body.size());
    out += "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    out += extraHeaders;
    out += "\r\n";
    out += body;
    return out;
}

} // namespace looplab::labs::api
