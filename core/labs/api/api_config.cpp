#include "api_config.h"

#include <QHostAddress>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <netdb.h>
#include <stdexcept>

namespace looplab::labs::api {

namespace {

double num(const QJsonObject& o, const char* key, double def)
{
    const auto v = o.value(QLatin1String(key));
    return v.isDouble() ? v.toDouble() : def;
}

QString str(const QJsonObject& o, const char* key, const QString& def)
{
    const auto v = o.value(QLatin1String(key));
    return v.isString() ? v.toString() : def;
}

bool flag(const QJsonObject& o, const char* key, bool def)
{
    const auto v = o.value(QLatin1String(key));
    return v.isBool() ? v.toBool() : def;
}

bool fillAddress(Target& t, const QHostAddress& a, quint16 port)
{
    std::memset(&t.addr, 0, sizeof t.addr);
    if (a.protocol() == QAbstractSocket::IPv4Protocol) {
        auto* in = reinterpret_cast<sockaddr_in*>(&t.addr);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(a.toIPv4Address());
        t.addrLen = sizeof(sockaddr_in);
        return true;
    }
    if (a.protocol() == QAbstractSocket::IPv6Protocol) {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&t.addr);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR v6 = a.toIPv6Address();
        std::memcpy(&in6->sin6_addr, v6.c, 16);
        t.addrLen = sizeof(sockaddr_in6);
        return true;
    }
    return false;
}

void splitPath(Target& t, QByteArray path)
{
    if (path.isEmpty())
        path = "/items/{id}"; // the course's service; a bare "http://host:port" means its API
    const qsizetype at = path.indexOf("{id}");
    t.hasKey = at >= 0;
    t.pathPrefix = t.hasKey ? path.left(at) : path;
    t.pathSuffix = t.hasKey ? path.mid(at + 4) : QByteArray();
}

} // namespace

ServerConfig ServerConfig::scaled(double s) const
{
    ServerConfig c = *this;
    c.rateLimit.ratePerS = rateLimit.ratePerS / s;
    c.cache.ttlMs = cache.ttlMs * s;
    c.db.queryMs = db.queryMs * s;
    c.db.acquireTimeoutMs = db.acquireTimeoutMs * s;
    c.handlerMs = handlerMs * s;
    c.switchIntervalMs = switchIntervalMs * s;
    return c;
}

int ServerConfig::threadPoolSize() const
{
    return threadWorkers > 0 ? threadWorkers : std::min(32, QThread::idealThreadCount() + 4);
}

int ServerConfig::processPoolSize() const
{
    return processWorkers > 0 ? processWorkers : QThread::idealThreadCount();
}

LoadConfig LoadConfig::scaled(double s) const
{
    LoadConfig c = *this;
    c.ratePerS = ratePerS / s;
    c.thinkMs = thinkMs * s;
    c.rampS = rampS * s;
    c.timeoutMs = timeoutMs * s;
    return c;
}

RateAlgorithm rateAlgorithmFromName(const QString& n)
{
    if (n == QLatin1String("token_bucket"))
        return RateAlgorithm::TokenBucket;
    if (n == QLatin1String("sliding_window"))
        return RateAlgorithm::SlidingWindow;
    if (n == QLatin1String("fixed_window"))
        return RateAlgorithm::FixedWindow;
    return RateAlgorithm::None;
}

QueryDist queryDistFromName(const QString& n)
{
    if (n == QLatin1String("uniform"))
        return QueryDist::Uniform;
    if (n == QLatin1String("exponential"))
        return QueryDist::Exponential;
    return QueryDist::Fixed;
}

Offload offloadFromName(const QString& n)
{
    if (n == QLatin1String("to_thread"))
        return Offload::ToThread;
    if (n == QLatin1String("to_process"))
        return Offload::ToProcess;
    return Offload::None;
}

Target builtinTarget(quint16 port)
{
    Target t;
    t.builtin = true;
    t.url = QStringLiteral("builtin");
    t.host = "127.0.0.1:" + QByteArray::number(port);
    splitPath(t, "/items/{id}");
    fillAddress(t, QHostAddress(QHostAddress::LocalHost), port);
    t.loopback = true;
    return t;
}

std::optional<Target> parseTarget(const QString& target, bool allowRemote, QString* error)
{
    auto fail = [&](const QString& why) -> std::optional<Target> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (target == QLatin1String("builtin"))
        return builtinTarget(0);
    if (!target.startsWith(QLatin1String("http://")))
        return fail(QStringLiteral("target must be \"builtin\" or an http:// URL, got \"%1\"").arg(target));

    const QByteArray rest = target.mid(7).toUtf8();
    const qsizetype slash = rest.indexOf('/');
    const QByteArray authority = slash < 0 ? rest : rest.left(slash);
    const QByteArray path = slash < 0 ? QByteArray() : rest.mid(slash);
    if (authority.isEmpty() || authority.contains('@'))
        return fail(QStringLiteral("target URL has no usable host: \"%1\"").arg(target));

    QByteArray host;
    QByteArray portText;
    if (authority.startsWith('[')) { // [::1]:8000
        const qsizetype close = authority.indexOf(']');
        if (close < 0)
            return fail(QStringLiteral("bad IPv6 host in \"%1\"").arg(target));
        host = authority.mid(1, close - 1);
        if (authority.size() > close + 1) {
            if (authority.at(close + 1) != ':')
                return fail(QStringLiteral("bad host in \"%1\"").arg(target));
            portText = authority.mid(close + 2);
        }
    } else {
        const qsizetype colon = authority.lastIndexOf(':');
        host = colon < 0 ? authority : authority.left(colon);
        portText = colon < 0 ? QByteArray() : authority.mid(colon + 1);
    }
    int port = 80;
    if (!portText.isEmpty()) {
        bool ok = false;
        port = portText.toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return fail(QStringLiteral("bad port in \"%1\"").arg(target));
    }

    Target t;
    t.builtin = false;
    t.url = target;
    t.host = authority;
    splitPath(t, path);

    QHostAddress address;
    if (host.compare("localhost", Qt::CaseInsensitive) == 0)
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(QString::fromLatin1(host))) {
        if (!allowRemote)
            return fail(QStringLiteral("target host \"%1\" is not a loopback address; "
                                       "only 127.0.0.1, ::1 or localhost are allowed unless --allow-remote is given")
                            .arg(QString::fromLatin1(host)));
        // Remote targets were explicitly allowed: resolve the name once, here.
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* res = nullptr;
        if (getaddrinfo(host.constData(), nullptr, &hints, &res) != 0 || !res)
            return fail(QStringLiteral("cannot resolve target host \"%1\"").arg(QString::fromLatin1(host)));
        address = QHostAddress(res->ai_addr);
        freeaddrinfo(res);
    }
    t.loopback = address.isLoopback();
    if (!t.loopback && !allowRemote)
        return fail(QStringLiteral("target host %1 is not a loopback address; "
                                   "only 127.0.0.1, ::1 or localhost are allowed unless --allow-remote is given")
                        .arg(address.toString()));
    if (!fillAddress(t, address, quint16(port)))
        return fail(QStringLiteral("unsupported address in \"%1\"").arg(target));
    return t;
}

bool isRemoteTarget(const QString& target)
{
    QString error;
    if (parseTarget(target, false, &error))
        return false; // builtin or loopback
    // Refused: remote only when a well-formed URL was refused for its host (the two messages above).
    return error.contains(QLatin1String("is not a loopback address"));
}

ApiConfig readApiConfig(const QJsonObject& params, bool allowRemote)
{
    ApiConfig c;
    const QJsonObject server = params.value(QLatin1String("server")).toObject();
    auto& s = c.server;
    s.handlerMs = num(server, "handler_ms", 0);
    s.blockingHandler = flag(server, "blocking_handler", false);
    s.offload = offloadFromName(str(server, "offload", QStringLiteral("none")));
    s.threadWorkers = int(num(server, "thread_workers", 0));
    s.processWorkers = int(num(server, "process_workers", 0));
    s.handlerCode = pyrt::codeKindFrom(str(server, "handler_code", QStringLiteral("python")));
    s.interpreter = pyrt::interpreterFrom(str(params, "interpreter", QStringLiteral("cpython")));
    s.switchIntervalMs = num(params, "switch_interval_ms", defaults::kSwitchIntervalMs);
    if (server.contains(QLatin1String("rate_limit"))) {
        const auto o = server.value(QLatin1String("rate_limit")).toObject();
        s.rateLimit.algorithm = rateAlgorithmFromName(str(o, "algorithm", QStringLiteral("token_bucket")));
        s.rateLimit.ratePerS = num(o, "rate_per_s", defaults::kRateLimitPerS);
        s.rateLimit.burst = int(num(o, "burst", defaults::kBurst));
    }
    if (server.contains(QLatin1String("cache"))) {
        const auto o = server.value(QLatin1String("cache")).toObject();
        s.cache.enabled = true;
        s.cache.ttlMs = num(o, "ttl_ms", defaults::kTtlMs);
        s.cache.capacity = int(num(o, "capacity", defaults::kCacheCapacity));
    }
    if (server.contains(QLatin1String("db"))) {
        const auto o = server.value(QLatin1String("db")).toObject();
        s.db.enabled = true;
        s.db.poolSize = int(num(o, "pool_size", defaults::kPoolSize));
        s.db.queryMs = num(o, "query_ms", defaults::kQueryMs);
        s.db.queryDist = queryDistFromName(str(o, "query_dist", QStringLiteral("fixed")));
        s.db.acquireTimeoutMs = num(o, "acquire_timeout_ms", defaults::kAcquireTimeoutMs);
    }

    const QJsonObject load = params.value(QLatin1String("load")).toObject();
    auto& l = c.load;
    QString error;
    auto target = parseTarget(str(load, "target", QStringLiteral("builtin")), allowRemote, &error);
    if (!target)
        throw std::invalid_argument(error.toStdString());
    l.target = *target;
    l.connections = int(num(load, "connections", defaults::kConnections));
    l.model
        = str(load, "model", QStringLiteral("open")) == QLatin1String("closed") ? LoadModel::Closed : LoadModel::Open;
    l.ratePerS = num(load, "rate_per_s", defaults::kLoadRatePerS);
    l.users = int(num(load, "users", defaults::kUsers));
    l.thinkMs = num(load, "think_ms", 0);
    l.rampS = num(load, "ramp_s", 0);
    l.timeoutMs = num(load, "timeout_ms", defaults::kTimeoutMs);
    l.keys = int(num(load, "keys", defaults::kKeys));
    l.keyDist
        = str(load, "key_dist", QStringLiteral("uniform")) == QLatin1String("zipf") ? KeyDist::Zipf : KeyDist::Uniform;
    return c;
}

} // namespace looplab::labs::api
