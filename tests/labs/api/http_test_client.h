#pragma once
// A blocking HTTP/1.1 client for tests (raw socket, timeouts), so checks of the server do not go
// through the lab's own load generator.
#include "labs/api/http_message.h"

#include <QByteArray>
#include <QList>
#include <QPair>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <chrono>
#include <optional>
#include <poll.h>
#include <unistd.h>

namespace looplab::testing {

struct HttpReply {
    int status = 0;
    QByteArray headers; // raw header block
    QByteArray body;
    bool keepAlive = true;
    QByteArray header(const QByteArray& name) const
    {
        for (const QByteArray& line : headers.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
};

class HttpTestConnection
{
public:
    explicit HttpTestConnection(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
        int one = 1;
        if (m_fd >= 0)
            setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~HttpTestConnection()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isOpen() const { return m_fd >= 0; }

    bool sendRaw(const QByteArray& bytes)
    {
        return m_fd >= 0 && ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL) == bytes.size();
    }

    // Reads one response (waiting up to timeoutMs). nullopt on timeout, close or garbage.
    std::optional<HttpReply> read(int timeoutMs = 5000)
    {
        labs::api::ResponseParser parser;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        bool eof = false;
        while (true) {
            const auto s = parser.parse(m_buf.constData(), size_t(m_buf.size()), eof);
            if (s == labs::api::ParseStatus::Complete) {
                HttpReply r;
                r.status = parser.status();
                r.keepAlive = parser.keepAlive();
                r.headers = m_buf.left(qsizetype(parser.bodyOffset()));
                r.body = m_buf.mid(qsizetype(parser.bodyOffset()), qsizetype(parser.consumed() - parser.bodyOffset()));
                m_buf.remove(0, qsizetype(parser.consumed()));
                return r;
            }
            if (s == labs::api::ParseStatus::Bad || eof)
                return std::nullopt;
            const auto left
                = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
                      .count();
            if (left <= 0)
                return std::nullopt;
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, int(left)) <= 0)
                return std::nullopt;
            char buf[65536];
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0)
                eof = true;
            else
                m_buf.append(buf, n);
        }
    }

    std::optional<HttpReply> get(const QByteArray& path, int timeoutMs = 5000)
    {
        if (!sendRaw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
            return std::nullopt;
        return read(timeoutMs);
    }

    std::optional<HttpReply> post(const QByteArray& path, const QByteArray& json, int timeoutMs = 5000)
    {
        if (!sendRaw("POST " + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(json.size()) + "\r\n\r\n" + json))
            return std::nullopt;
        return read(timeoutMs);
    }

private:
    int m_fd = -1;
    QByteArray m_buf;
};

// A TCP port on 127.0.0.1 that nobody listens on right now (bound, then closed).
inline quint16 unusedLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

} // namespace looplab::testing
