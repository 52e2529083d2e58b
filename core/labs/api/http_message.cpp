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
    const char* headerEnd = findHeaderEnd(data, std::min(size, kMaxHeaderBytes + 4));
    if (!headerEnd) {
        if (size > kMaxHeaderBytes) {
            r.status = ParseStatus::Bad;
            r.errorStatus = 431;
        }
        return r;
    }
    auto bad = [&](int code) {
        r.status = ParseStatus::Bad;
        r.errorStatus = code;
        return r;
    };
    const char* end = headerEnd - 2;
    const char* lineEnd = findCrlf(data, end + 2);
    QByteArrayView line(data, lineEnd - data);
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.sliced(sp1 + 1).indexOf(' ');
    if (sp1 <= 0 || sp2 <= 0)
        return bad(400);
    QByteArrayView method = line.first(sp1);
    QByteArrayView target = line.sliced(sp1 + 1, sp2);
    QByteArrayView version = line.sliced(sp1 + 1 + sp2 + 1);
    bool http11;
    if (version == "HTTP/1.1")
        http11 = true;
    else if (version == "HTTP/1.0")
        http11 = false;
    else if (version.startsWith("HTTP/"))
        return bad(505);
    else
        return bad(400);
    if (target.isEmpty() || target[0] != '/')
        return bad(400);

    bool keepAlive = http11;
    size_t contentLength = 0;
    const char* p = lineEnd + 2;
    while (p < end) {
        const char* e = findCrlf(p, end + 2);
        QByteArrayView h(p, e - p);
        p = e + 2;
        const qsizetype colon = h.indexOf(':');
        if (colon <= 0)
            return bad(400);
        QByteArrayView name = h.first(colon);
        QByteArrayView value = h.sliced(colon + 1).trimmed();
        if (iequals(name, "content-length")) {
            if (!parseSize(value, contentLength))
                return bad(400);
        } else if (iequals(name, "connection")) {
            if (icontainsToken(value, "close"))
                keepAlive = false;
            else if (icontainsToken(value, "keep-alive"))
                keepAlive = true;
        } else if (iequals(name, "transfer-encoding")) {
            return bad(501); // chunked request bodies: not needed by the lab's clients
        }
    }
    if (contentLength > kMaxRequestBody)
        return bad(413);
    const size_t headerLen = size_t(headerEnd - data);
    if (size < headerLen + contentLength)
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
    const char* headerEnd = findHeaderEnd(data, std::min(size, kMaxHeaderBytes * 4 + 4));
    if (!headerEnd)
        return size > kMaxHeaderBytes * 4 ? ParseStatus::Bad : ParseStatus::NeedMore;
    const char* end = headerEnd - 2;
    const char* lineEnd = findCrlf(data, end + 2);
    QByteArrayView line(data, lineEnd - data);
    // "HTTP/1.1 200 OK"
    if (line.size() < 12 || !line.startsWith("HTTP/1.") || line[8] != ' ')
        return ParseStatus::Bad;
    const bool http11 = line[7] == '1';
    size_t code = 0;
    if (!parseSize(line.sliced(9, 3), code) || code < 100 || code > 999)
        return ParseStatus::Bad;
    m_status = int(code);
    m_keepAlive = http11;
    bool haveLength = false;
    bool chunked = false;
    const char* p = lineEnd + 2;
    while (p < end) {
        const char* e = findCrlf(p, end + 2);
        QByteArrayView h(p, e - p);
        p = e + 2;
        const qsizetype colon = h.indexOf(':');
        if (colon <= 0)
            return ParseStatus::Bad;
        QByteArrayView name = h.first(colon);
        QByteArrayView value = h.sliced(colon + 1).trimmed();
        if (iequals(name, "content-length")) {
            if (!parseSize(value, m_bodyLen))
                return ParseStatus::Bad;
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
        const char* lineEnd = findCrlf(data + m_chunkPos, data + size);
        if (!lineEnd)
            return ParseStatus::NeedMore;
        QByteArrayView sizeLine(data + m_chunkPos, lineEnd - (data + m_chunkPos));
        const qsizetype semi = sizeLine.indexOf(';');
        if (semi >= 0)
            sizeLine = sizeLine.first(semi);
        size_t chunk = 0;
        if (!parseSize(sizeLine, chunk, 16))
            return ParseStatus::Bad;
        const size_t dataStart = size_t(lineEnd + 2 - data);
        if (chunk == 0) {
            // Trailers (usually none) end with an empty line.
            const char* end = findHeaderEnd(data + dataStart, size - dataStart);
            if (!end)
                return ParseStatus::NeedMore;
            m_consumed = size_t(end - data);
            return ParseStatus::Complete;
        }
        if (size < dataStart + chunk + 2)
            return ParseStatus::NeedMore;
        m_chunkPos = dataStart + chunk + 2;
    }
}

ParseStatus ResponseParser::parse(const char* data, size_t size, bool eof)
{
    if (!m_haveHeaders) {
        const ParseStatus s = parseHeaders(data, size);
        if (s != ParseStatus::Complete)
            return s == ParseStatus::NeedMore && eof ? ParseStatus::Bad : s;
    }
    switch (m_framing) {
    case Framing::Length:
        if (size >= m_headerLen + m_bodyLen) {
            m_consumed = m_headerLen + m_bodyLen;
            return ParseStatus::Complete;
        }
        return eof ? ParseStatus::Bad : ParseStatus::NeedMore;
    case Framing::Chunked: {
        const ParseStatus s = parseChunked(data, size);
        return s == ParseStatus::NeedMore && eof ? ParseStatus::Bad : s;
    }
    case Framing::UntilClose:
        if (eof) {
            m_consumed = size;
            return ParseStatus::Complete;
        }
        return ParseStatus::NeedMore;
    case Framing::None:
        break;
    }
    return ParseStatus::Bad;
}

const char* reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

QByteArray buildResponse(int status, QByteArrayView contentType, QByteArrayView body, bool keepAlive,
                         QByteArrayView extraHeaders)
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
