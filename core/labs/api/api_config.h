#pragma once
// The api lab's parameters as typed values (read from a validated LabConfig), and the `target`
// check: `builtin`, or an http:// URL on a loopback address unless remote targets are allowed.
#include "pyrt/interpreter.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <sys/socket.h>

#include <cstdint>
#include <optional>

namespace looplab::labs::api {

enum class RateAlgorithm { None, TokenBucket, SlidingWindow, FixedWindow };
enum class QueryDist { Fixed, Uniform, Exponential };
enum class Offload { None, ToThread, ToProcess };
enum class LoadModel { Open, Closed };
enum class KeyDist { Uniform, Zipf };

// Defaults shared by the parameter spec and the reader, so they cannot drift apart.
namespace defaults {
constexpr double kRateLimitPerS = 100;
constexpr int kBurst = 20;
constexpr double kTtlMs = 5000;
constexpr int kCacheCapacity = 1000;
constexpr int kPoolSize = 10;
constexpr double kQueryMs = 10;
constexpr double kAcquireTimeoutMs = 1000;
constexpr int kConnections = 16;
constexpr double kLoadRatePerS = 100;
constexpr int kUsers = 10;
constexpr double kTimeoutMs = 2000;
constexpr int kKeys = 1000;
constexpr double kSwitchIntervalMs = pyrt::kDefaultSwitchIntervalMs;
} // namespace defaults

struct RateLimitConfig {
    RateAlgorithm algorithm = RateAlgorithm::None;
    double ratePerS = defaults::kRateLimitPerS;
    int burst = defaults::kBurst;
};

struct CacheConfig {
    bool enabled = false;
    double ttlMs = defaults::kTtlMs;
    int capacity = defaults::kCacheCapacity;
};

struct DbConfig {
    bool enabled = false;
    int poolSize = defaults::kPoolSize;
    double queryMs = defaults::kQueryMs;
    QueryDist queryDist = QueryDist::Fixed;
    double acquireTimeoutMs = defaults::kAcquireTimeoutMs;
};

struct ServerConfig {
    RateLimitConfig rateLimit;
    CacheConfig cache;
    DbConfig db;
    double handlerMs = 0;
    bool blockingHandler = false;
    Offload offload = Offload::None;
    // Pool sizes as written; 0: CPython's defaults (see threadPoolSize / processPoolSize).
    int threadWorkers = 0;
    int processWorkers = 0;
    QString workerExecutable; // looplab-worker, for to_process (from the engine, not a parameter)
    // The server is Python (FastAPI on uvicorn): under CPython its loop thread and its to_thread
    // workers share one GIL (core/pyrt); `handlerCode` says what the handler's CPU work is.
    pyrt::Interpreter interpreter = pyrt::Interpreter::CPython;
    pyrt::CodeKind handlerCode = pyrt::CodeKind::Python;
    double switchIntervalMs = defaults::kSwitchIntervalMs;

    // Durations × scale, rates ÷ scale: the same experiment in slow motion.
    ServerConfig scaled(double timeScale) const;
    // to_thread's pool: asyncio's default executor, min(32, os.cpu_count() + 4), unless set.
    int threadPoolSize() const;
    // to_process's pool: ProcessPoolExecutor's default, os.cpu_count(), unless set.
    int processPoolSize() const;
};

// Where the load goes. Builtin: the lab's own server (port filled in at start).
struct Target {
    bool builtin = true;
    QString url; // as written
    QByteArray host; // Host header value ("127.0.0.1:8000")
    QByteArray pathPrefix; // request path up to "{id}" (or the whole path)
    QByteArray pathSuffix; // after "{id}"; empty when the path has no "{id}"
    bool hasKey = true; // the path carries the key
    sockaddr_storage addr{};
    socklen_t addrLen = 0;
    bool loopback = true;
};

struct LoadConfig {
    Target target;
    int connections = defaults::kConnections;
    LoadModel model = LoadModel::Open;
    double ratePerS = defaults::kLoadRatePerS;
    int users = defaults::kUsers;
    double thinkMs = 0;
    double rampS = 0;
    double timeoutMs = defaults::kTimeoutMs;
    int keys = defaults::kKeys;
    KeyDist keyDist = KeyDist::Uniform;

    LoadConfig scaled(double timeScale) const;
};

struct ApiConfig {
    ServerConfig server;
    LoadConfig load;
};

// Reads the lab's params (defaults filled in where a key is absent). Throws std::invalid_argument
// with a readable message when `target` is not usable.
ApiConfig readApiConfig(const QJsonObject& params, bool allowRemote);

// Parses `target`. Returns nothing and sets *error when it is not `builtin` or an http:// URL, or
// names a host that is not a loopback address while allowRemote is false. Host names other than
// "localhost" are not resolved (no DNS lookups from a classroom tool).
std::optional<Target> parseTarget(const QString& target, bool allowRemote, QString* error);

// True when `target` is an http:// URL on a host that is not a loopback address: what needs
// --allow-remote (or, in the window, a confirmation). Names other than localhost count as
// remote; nothing is resolved.
bool isRemoteTarget(const QString& target);

// The builtin server's target on 127.0.0.1:port, path /items/{id}.
Target builtinTarget(quint16 port);

RateAlgorithm rateAlgorithmFromName(const QString& name);
QueryDist queryDistFromName(const QString& name);
Offload offloadFromName(const QString& name);

} // namespace looplab::labs::api
