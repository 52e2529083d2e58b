#include "api_server.h"

#include "aio/executor.h"
#include "aio/lag_probe.h"
#include "aio/loop.h"
#include "aio/resource_pool.h"
#include "engine/cpu_work.h"
#include "http_message.h"
#include "lru_cache.h"
#include "pyrt/executor_threads.h"
#include "pyrt/interpreter.h"
#include "pyrt/loop_gil.h"
#include "rate_limiter.h"
#include "workers/process_pool.h"
#include "workers/reply_lane.h"

#include <QCoreApplication>
#include <QCoro/QCoroTask>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThreadPool>

#include <sys/socket.h>

#include <charconv>
#include <cmath>
#include <functional>
#include <optional>
#include <random>
#include <stdexcept>
#include <unistd.h>
#include <unordered_set>

namespace looplab::labs::api {

using metrics::LaneState;
using metrics::nowNs;

namespace {

constexpr int64_t kHitRatioWindowNs = 250'000'000;
constexpr int64_t kSlowCallbackNs = 100'000'000; // asyncio's slow_callback_duration (0.1 s)
constexpr int kDrainMs = 3000;
constexpr int64_t kSweepNs = 100'000'000; // request and idle timeouts are checked this often

struct Response {
    int status = 200;
    QByteArray body;
    QByteArray extraHeaders;
};

QByteArray detail(const char* text)
{
    return QByteArray("{\"detail\":\"") + text + "\"}";
}

// Pydantic-style validation error: {"detail":[{"loc":[...],"msg":"...","type":"..."}]}
struct FieldError {
    QStringList loc;
    QString msg;
    QString type;
};

QByteArray validationBody(const std::vector<FieldError>& errors)
{
    QJsonArray list;
    for (const auto& e : errors) {
        QJsonArray loc;
        for (const auto& part : e.loc)
            loc.append(part);
        list.append(QJsonObject{
            {QStringLiteral("loc"), loc}, {QStringLiteral("msg"), e.msg}, {QStringLiteral("type"), e.type}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("detail"), list}}).toJson(QJsonDocument::Compact);
}

QByteArray itemJson(int64_t id, QByteArrayView name, double price)
{
    QByteArray out;
    out.reserve(64 + name.size());
    out += "{\"id\":";
    out += QByteArray::number(id);
    out += ",\"name\":";
    out += QJsonDocument(QJsonArray{QString::fromUtf8(name)}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    out += ",\"price\":";
    out += QByteArray::number(price, 'g', 12);
    out += '}';
    return out;
}

// The item every id has until a POST replaces it: what a database row would hold.
QByteArray syntheticItem(int64_t id)
{
    return itemJson(id, "item " + QByteArray::number(id), double(id % 1000) / 10.0 + 1.0);
}

// Refuses a connection past ServerLimits::maxConnections before Qt makes a socket object of it: a
// 503 straight on the descriptor, then close. A flood costs a counter, not memory per connection.
class GuardedTcpServer : public QTcpServer
{
public:
    GuardedTcpServer(QObject* parent, std::function<bool()> full, std::function<void()> refused)
        : QTcpServer(parent)
        , m_full(std::move(full))
        , m_refused(std::move(refused))
    { }

protected:
    void incomingConnection(qintptr fd) override
    {
        if (m_full()) {
            static const QByteArray answer
                = buildResponse(503, "application/json", "{\"detail\":\"too many connections\"}", false);
            [[maybe_unused]] const auto n
                = ::send(int(fd), answer.constData(), size_t(answer.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            ::close(int(fd));
            m_refused();
            return;
        }
        QTcpServer::incomingConnection(fd);
        ++pending;
    }

public:
    int pending = 0; // accepted, not yet taken by nextPendingConnection()

private:
    std::function<bool()> m_full;
    std::function<void()> m_refused;
};

} // namespace

// Lives on the server thread; everything below runs there.
class ServerLoop : public QObject
{
public:
    // `gil`: the lab's GIL (nullptr: free-threaded); `loopGil`: this loop thread's place on it.
    ServerLoop(const ServerConfig& config, const ServerLimits& limits, metrics::Registry* registry,
        const ServerIds& ids, ServerCounters& counters, uint64_t seed, pyrt::Gil* gil, pyrt::GilThread& loopGil)
        : m_cfg(config)
        , m_limits(limits)
        , m_registry(registry)
        , m_ids(ids)
        , m_counters(counters)
        , m_rng(seed)
        , m_aio(this) // a child: it moves to the server thread with us
        , m_probe(m_aio, aio::kLagProbeIntervalNs, [this](int64_t lagNs, int64_t atNs) { probed(lagNs, atNs); })
        , m_gil(gil)
        , m_loopGil(loopGil)
        , m_limiter(config.rateLimit.algorithm, config.rateLimit.ratePerS, config.rateLimit.burst, nowNs())
    {
        if (m_ids.valid)
            m_executorThreads.setLanes(m_registry, m_ids.executorLanes);
        if (m_cfg.cache.enabled)
            m_cache.emplace(size_t(m_cfg.cache.capacity), int64_t(m_cfg.cache.ttlMs * 1e6));
        if (m_cfg.db.enabled)
            m_db.emplace(m_aio, m_cfg.db.poolSize);
        m_aio.setCallbackObserver([this](int64_t start, int64_t end) { callbackRan(start, end); });
        // uvicorn's loop thread, like every asyncio loop, runs Python only while it holds the GIL.
        pyrt::holdGilInPasses(m_aio, m_gil, m_loopGil, LaneState::Idle, true);
        m_executor.setMaxThreadCount(m_cfg.threadPoolSize());
        m_executor.setExpiryTimeout(-1); // threads stay: their lanes stay meaningful
        if (m_cfg.offload == Offload::ToProcess)
            startProcessPool();
    }

    ~ServerLoop() override
    {
        m_executor.waitForDone();
        stopProcessPool();
    }

    // --- lifecycle (server thread) ---

    quint16 listen(quint16 port)
    {
        if (m_ids.valid) {
            m_rec = m_registry->recorder(QStringLiteral("api-server"));
            m_loopGil.recorder = m_rec; // the loop's lane: Running in a pass, GilWait while it wants the GIL
            m_loopGil.lane = m_ids.loopLane;
        }
        m_listener = new GuardedTcpServer(
            this, [this] { return int(m_conns.size()) + m_listener->pending >= m_limits.maxConnections; },
            [this] { countProtocolError(m_counters.refusedConnections); });
        m_listener->setListenBacklogSize(1024); // a burst of connects is accepted, not SYN-dropped
        if (!m_listener->listen(QHostAddress(QHostAddress::LocalHost), port)) // never all interfaces
            return 0;
        // As asyncio's selector does, a ready socket only queues its callback; the loop runs it
        // in its next pass (holding the GIL, seen by the slow-callback observer).
        connect(m_listener, &QTcpServer::newConnection, this, [this] { m_aio.callSoon([this] { accept(); }); });
        m_windowStartNs = nowNs();
        m_probe.start();
        if (m_ids.valid)
            m_rec.state(m_ids.loopLane, LaneState::Idle);
        return m_listener->serverPort();
    }

    void shutdown()
    {
        m_stopping = true;
        m_probe.stop();
        if (m_listener)
            m_listener->close();
        // Wake every suspended coroutine (sleepers, DB pool waiters); each sees m_stopping and
        // finishes without waiting again.
        m_aio.stop();
        QElapsedTimer t;
        t.start();
        while (m_inflight > 0 && t.elapsed() < kDrainMs)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        m_executor.waitForDone();
        stopProcessPool(); // replies not yet back are dropped; their coroutines stay suspended
        QCoreApplication::processEvents(); // queued resumptions from the executor
        // abort() emits disconnected(), whose handler edits m_conns: walk a copy.
        const std::vector<ConnPtr> conns(m_conns.begin(), m_conns.end());
        m_conns.clear();
        for (const auto& c : conns)
            if (c->socket) {
                c->closing = true;
                c->socket->abort();
                delete c->socket;
            }
        m_inBytes = 0;
        m_counters.openConnections = 0;
        if (m_ids.valid) {
            flush(nowNs());
            m_rec.state(m_ids.loopLane, LaneState::Done);
        }
    }

    // --- live parameters (server thread) ---

    void setHandler(double handlerMs, bool blocking, Offload offload, pyrt::CodeKind code)
    {
        m_cfg.handlerMs = handlerMs;
        m_cfg.blockingHandler = blocking;
        m_cfg.offload = offload;
        m_cfg.handlerCode = code;
    }
    void setRateLimit(double rate, int burst)
    {
        m_cfg.rateLimit.ratePerS = rate;
        m_cfg.rateLimit.burst = burst;
        m_limiter.setRate(rate, burst, nowNs());
    }
    void setQueryMs(double ms) { m_cfg.db.queryMs = ms; }

    std::atomic<bool> cancelWork{false}; // set from the engine thread: blocking work stops early

private:
    struct Conn {
        QPointer<QTcpSocket> socket;
        QByteArray in;
        int64_t requestStartNs = 0; // first byte of the request not yet complete; 0: none
        int64_t lastActivityNs = 0;
        bool busy = false; // a request of this connection is being handled (answers go in order)
        bool inPump = false;
        bool closing = false;
    };
    using ConnPtr = std::shared_ptr<Conn>;

    // asyncio's debug mode: a callback (one Handle: a coroutine step or a socket callback) that
    // holds the loop longer than slow_callback_duration.
    void callbackRan(int64_t startNs, int64_t endNs)
    {
        if (endNs - startNs <= kSlowCallbackNs)
            return;
        m_counters.slowCallbacks.fetch_add(1, std::memory_order_relaxed);
        if (m_ids.valid)
            m_rec.mark(m_ids.slowCallback, double(endNs - startNs) * 1e-6, endNs);
    }

    // await asyncio.to_thread(work)'s work, on an executor thread (aio::runInExecutor resumes the
    // coroutine on the loop, in a pass).
    void executorWork(int64_t ns, pyrt::CodeKind code)
    {
        // Each pool thread is one Python thread of the lab's interpreter, with its own lane.
        pyrt::GilThread& gt = m_executorThreads.current();
        const int64_t cpu0 = engine::threadCpuNs();
        pyrt::runCpu(m_gil, gt, ns, code, LaneState::Idle, &cancelWork);
        m_counters.handlerCpuNs.fetch_add(engine::threadCpuNs() - cpu0, std::memory_order_relaxed);
    }

    // await loop.run_in_executor(process_pool, work): a worker process does the work under its own
    // interpreter (no share of this GIL); the reply comes back over a pipe and resumes us on the loop.
    struct ToProcess {
        ServerLoop* loop;
        int64_t ns;
        bool ok = true; // false: the worker died with the work (BrokenProcessPool in CPython)
        bool await_ready() const noexcept { return ns <= 0 || loop->m_stopping || !loop->m_processes; }
        void await_suspend(std::coroutine_handle<> h)
        {
            ServerLoop* l = loop;
            workers::WorkRequest req;
            req.cpuMs = double(ns) * 1e-6; // already time-scaled
            // Runs on a pool I/O thread. On shutdown the pool is destroyed first, which drops
            // pending callbacks, so `l` and this awaiter (in the suspended frame) are alive here.
            l->m_processes->submit(req, [l, h, self = this](workers::WorkReply reply) {
                self->ok = reply.ok;
                l->processReplied(reply);
                l->m_aio.callSoonThreadsafe([h] { h.resume(); }); // the future's done callback
            });
        }
        bool await_resume() const noexcept { return ok; }
    };

    void startProcessPool()
    {
        workers::ProcessPoolOptions opt;
        opt.workers = m_cfg.processPoolSize();
        opt.executable = m_cfg.workerExecutable;
        // One request per worker at a time: a worker's lane then shows each request's IPC and run
        // in order (pipelined requests would overlap on it); the round trip is small beside the work.
        opt.maxInFlightPerWorker = 1;
        m_processes = std::make_unique<workers::ProcessPool>(opt);
        if (!m_processes->waitReady(10'000))
            throw std::runtime_error("worker processes did not start: " + m_cfg.workerExecutable.toStdString());
    }

    void stopProcessPool()
    {
        if (!m_processes)
            return;
        // The workers' CPU time, from the OS (every process each slot ever had), before they go.
        for (int i = 0; i < m_processes->workers(); ++i)
            m_counters.handlerCpuNs.fetch_add(m_processes->usage(i).cpuNs, std::memory_order_relaxed);
        m_counters.workerRestarts = m_processes->restarts();
        m_processes.reset();
    }

    // A pool I/O thread: draw the worker's lane (sent, ran, replied) and count restarts.
    void processReplied(const workers::WorkReply& reply)
    {
        m_counters.workerRestarts = m_processes->restarts();
        if (!m_ids.valid || !reply.ok || reply.worker < 0 || size_t(reply.worker) >= m_ids.processLanes.size())
            return;
        auto rec = m_registry->local();
        workers::recordReplyOnLane(rec, m_ids.processLanes[size_t(reply.worker)], reply);
    }

    // The handler's work on the loop itself (inside a pass, so this thread holds the GIL). Python
    // code offers the GIL at the eval breaker like any Python thread; C code drops it meanwhile.
    void workOnLoop(int64_t ns)
    {
        const int64_t cpu0 = engine::threadCpuNs();
        if (m_gil && m_cfg.handlerCode == pyrt::CodeKind::ReleasesGil) {
            m_gil->release(m_loopGil, LaneState::Blocking);
            engine::burnCpuUnlessStopping(ns, &cancelWork);
            m_gil->acquire(m_loopGil);
        } else {
            engine::burnCpuUnlessStopping(ns, &cancelWork, [this] {
                if (m_gil)
                    m_gil->checkpoint(m_loopGil);
            });
        }
        m_counters.handlerCpuNs.fetch_add(engine::threadCpuNs() - cpu0, std::memory_order_relaxed);
    }

    // --- connections ---

    void accept()
    {
        while (QTcpSocket* s = m_listener->nextPendingConnection()) {
            m_listener->pending = std::max(0, m_listener->pending - 1);
            if (m_stopping) {
                s->abort();
                s->deleteLater();
                continue;
            }
            s->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            s->setReadBufferSize(qint64(64 * 1024)); // Qt's own buffer: the kernel holds the rest
            auto c = std::make_shared<Conn>();
            c->socket = s;
            c->lastActivityNs = nowNs();
            m_conns.insert(c);
            m_counters.openConnections = int(m_conns.size());
            connect(s, &QTcpSocket::readyRead, this, [this, c] { m_aio.callSoon([this, c] { readable(c); }); });
            connect(s, &QTcpSocket::disconnected, this, [this, c] {
                c->closing = true;
                if (c->socket)
                    c->socket->deleteLater();
                forget(c);
            });
        }
    }

    // asyncio's Protocol.data_received, on the loop.
    void readable(const ConnPtr& c)
    {
        if (!c->socket)
            return;
        if (c->closing) { // answered and closing: what else it sends is not read
            c->socket->skip(c->socket->bytesAvailable());
            return;
        }
        const QByteArray got = c->socket->readAll();
        if (got.isEmpty())
            return; // an earlier callback of this connection already read it
        const size_t n = size_t(got.size());
        if (size_t(c->in.size()) + n > m_limits.maxConnectionInput || m_inBytes + n > m_limits.maxBufferedInput) {
            countProtocolError(m_counters.overflows);
            dropConnection(c);
            return;
        }
        const int64_t now = nowNs();
        c->lastActivityNs = now;
        if (c->requestStartNs == 0) // also while busy: a pipelined request is timed too
            c->requestStartNs = now;
        c->in += got;
        m_inBytes += n;
        pump(c);
    }

    void countProtocolError(std::atomic<uint64_t>& which)
    {
        which.fetch_add(1, std::memory_order_relaxed);
        m_counters.protocolErrors.fetch_add(1, std::memory_order_relaxed);
    }

    void setIn(const ConnPtr& c, QByteArray in)
    {
        m_inBytes -= size_t(c->in.size());
        c->in = std::move(in);
        m_inBytes += size_t(c->in.size());
    }

    void forget(const ConnPtr& c)
    {
        setIn(c, {});
        m_conns.erase(c);
        m_counters.openConnections = int(m_conns.size());
    }

    // Closes at once (a limit was passed): nothing more is read or written.
    void dropConnection(const ConnPtr& c)
    {
        c->closing = true;
        setIn(c, {});
        if (c->socket) {
            QTcpSocket* s = c->socket;
            s->abort(); // may emit disconnected(), which forgets c
            s->deleteLater();
        }
        forget(c);
    }

    // Every 100 ms: a request that takes too long to arrive gets 408; an idle connection is closed.
    void sweep(int64_t now)
    {
        const int64_t requestNs = int64_t(m_limits.requestTimeoutMs) * 1'000'000;
        const int64_t idleNs = int64_t(m_limits.idleTimeoutMs) * 1'000'000;
        const std::vector<ConnPtr> conns(m_conns.begin(), m_conns.end());
        for (const auto& c : conns) {
            if (c->busy || c->closing || !c->socket)
                continue;
            if (c->requestStartNs && now - c->requestStartNs > requestNs) {
                countProtocolError(m_counters.requestTimeouts);
                setIn(c, {});
                send(c, Response{408, detail("Request Timeout"), {}}, false);
            } else if (c->in.isEmpty() && now - c->lastActivityNs > idleNs) {
                c->closing = true;
                c->socket->disconnectFromHost();
            }
        }
    }

    void pump(const ConnPtr& c)
    {
        c->inPump = true;
        while (!c->busy && !c->closing && c->socket && !c->in.isEmpty()) {
            RequestParse r = parseRequest(c->in.constData(), size_t(c->in.size()));
            if (r.status == ParseStatus::NeedMore)
                break;
            if (r.status == ParseStatus::Bad) {
                countProtocolError(m_counters.badRequests);
                setIn(c, {});
                send(c, Response{r.errorStatus, detail(parseErrorText(r.error)), {}}, false);
                break;
            }
            setIn(c, c->in.sliced(qsizetype(r.consumed)));
            c->requestStartNs = c->in.isEmpty() ? 0 : nowNs(); // a pipelined one starts now
            c->busy = true;
            serve(c, std::move(r.request)); // may finish at once (then the loop goes on) or later
        }
        c->inPump = false;
    }

    void send(const ConnPtr& c, const Response& r, bool keepAlive)
    {
        if (!c->socket || c->closing)
            return;
        c->socket->write(buildResponse(r.status, "application/json", r.body, keepAlive, r.extraHeaders));
        c->socket->flush();
        c->lastActivityNs = nowNs();
        if (size_t(c->socket->bytesToWrite()) > m_limits.maxUnsentBytes) { // it asks and never reads
            countProtocolError(m_counters.overflows);
            dropConnection(c);
            return;
        }
        if (!keepAlive) {
            c->closing = true;
            c->socket->disconnectFromHost();
        }
    }

    QCoro::Task<> serve(ConnPtr c, HttpRequest req)
    {
        ++m_inflight;
        m_counters.requests.fetch_add(1, std::memory_order_relaxed);
        Response r = co_await route(req);
        --m_inflight;
        if (r.status >= 200 && r.status < 300)
            m_counters.responses2xx.fetch_add(1, std::memory_order_relaxed);
        else if (r.status == 503)
            m_counters.unavailable.fetch_add(1, std::memory_order_relaxed);
        send(c, r, req.keepAlive && !m_stopping);
        c->busy = false;
        if (!c->inPump && !m_stopping)
            pump(c); // a request that waited: the connection may have more queued
    }

    // --- routing and middleware ---

    QCoro::Task<Response> route(const HttpRequest& req)
    {
        QByteArrayView path(req.target);
        if (const qsizetype q = path.indexOf('?'); q >= 0)
            path = path.first(q);
        if (path == "/health") {
            if (req.method != "GET")
                co_return Response{405, detail("Method Not Allowed"), {}};
            co_return Response{200, QByteArrayLiteral("{\"status\":\"ok\"}"), {}};
        }
        if (path == "/items") {
            if (req.method != "POST")
                co_return Response{405, detail("Method Not Allowed"), {}};
            if (auto refused = rateLimit())
                co_return *refused;
            co_return co_await postItem(req.body);
        }
        if (path.startsWith("/items/")) {
            if (req.method != "GET")
                co_return Response{405, detail("Method Not Allowed"), {}};
            QByteArrayView idText = path.sliced(7);
            int64_t id = 0;
            auto res = std::from_chars(idText.data(), idText.data() + idText.size(), id);
            if (idText.isEmpty() || res.ec != std::errc() || res.ptr != idText.data() + idText.size())
                co_return Response{422,
                    validationBody({{{QStringLiteral("path"), QStringLiteral("item_id")},
                        QStringLiteral("value is not a valid integer"), QStringLiteral("type_error.integer")}}),
                    {}};
            if (auto refused = rateLimit())
                co_return *refused;
            co_return co_await getItem(id);
        }
        co_return Response{404, detail("Not Found"), {}};
    }

    std::optional<Response> rateLimit()
    {
        if (m_cfg.rateLimit.algorithm == RateAlgorithm::None)
            return std::nullopt;
        const auto d = m_limiter.admit(nowNs());
        if (d.allowed)
            return std::nullopt;
        m_counters.rejected.fetch_add(1, std::memory_order_relaxed);
        // Retry-After is whole seconds (RFC 9110); round up so a client that obeys it succeeds.
        const int64_t seconds = std::max<int64_t>(1, int64_t(std::ceil(d.retryAfterS)));
        return Response{429, detail("Too Many Requests"), "Retry-After: " + QByteArray::number(seconds) + "\r\n"};
    }

    QCoro::Task<Response> getItem(int64_t id)
    {
        const uint64_t key = uint64_t(id);
        if (m_cache) {
            if (const QByteArray* hit = m_cache->get(key, nowNs())) {
                m_counters.cacheHits.fetch_add(1, std::memory_order_relaxed);
                ++m_hitsPending;
                co_return Response{200, *hit, {}};
            }
            m_counters.cacheMisses.fetch_add(1, std::memory_order_relaxed);
            ++m_missesPending;
        }
        if (auto failed = co_await handlerWork())
            co_return *failed;
        QByteArray body = m_items.contains(id) ? m_items.value(id) : syntheticItem(id);
        if (m_cache)
            m_cache->put(key, body, nowNs());
        co_return Response{200, std::move(body), {}};
    }

    QCoro::Task<Response> postItem(const QByteArray& body)
    {
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject())
            co_return Response{422,
                validationBody({{{QStringLiteral("body")},
                    err.error != QJsonParseError::NoError ? err.errorString()
                                                          : QStringLiteral("value is not a valid dict"),
                    err.error != QJsonParseError::NoError ? QStringLiteral("value_error.jsondecode")
                                                          : QStringLiteral("type_error.dict")}}),
                {}};
        const QJsonObject o = doc.object();
        std::vector<FieldError> errors;
        const QJsonValue name = o.value(QLatin1String("name"));
        const QJsonValue price = o.value(QLatin1String("price"));
        const QJsonValue id = o.value(QLatin1String("id"));
        const QString b = QStringLiteral("body");
        if (name.isUndefined())
            errors.push_back(
                {{b, QStringLiteral("name")}, QStringLiteral("field required"), QStringLiteral("value_error.missing")});
        else if (!name.isString())
            errors.push_back(
                {{b, QStringLiteral("name")}, QStringLiteral("str type expected"), QStringLiteral("type_error.str")});
        if (price.isUndefined())
            errors.push_back({{b, QStringLiteral("price")}, QStringLiteral("field required"),
                QStringLiteral("value_error.missing")});
        else if (!price.isDouble())
            errors.push_back({{b, QStringLiteral("price")}, QStringLiteral("value is not a valid float"),
                QStringLiteral("type_error.float")});
        else if (price.toDouble() < 0)
            errors.push_back(
                {{b, QStringLiteral("price")}, QStringLiteral("ensure this value is greater than or equal to 0"),
                    QStringLiteral("value_error.number.not_ge")});
        if (!id.isUndefined() && (!id.isDouble() || id.toDouble() != std::floor(id.toDouble()) || id.toDouble() < 0))
            errors.push_back({{b, QStringLiteral("id")}, QStringLiteral("value is not a valid integer"),
                QStringLiteral("type_error.integer")});
        if (!errors.empty())
            co_return Response{422, validationBody(errors), {}};

        if (auto failed = co_await handlerWork()) // the INSERT needs a connection too
            co_return *failed;
        const int64_t newId = id.isUndefined() ? m_nextId++ : int64_t(id.toDouble());
        QByteArray item = itemJson(newId, name.toString().toUtf8(), price.toDouble());
        m_items.insert(newId, item);
        if (m_cache)
            m_cache->erase(uint64_t(newId)); // the next GET must see the new row
        co_return Response{201, std::move(item), {}};
    }

    // The route function's own work (handler_ms) and its database query. Returns an error
    // response when it could not finish.
    QCoro::Task<std::optional<Response>> handlerWork()
    {
        const int64_t workNs = int64_t(m_cfg.handlerMs * 1e6);
        if (workNs > 0) {
            if (!m_cfg.blockingHandler) {
                co_await m_aio.sleep(workNs); // await asyncio.sleep(...): the loop stays free
            } else if (m_cfg.offload == Offload::ToThread) {
                // await asyncio.to_thread(work)
                if (!m_stopping) {
                    const pyrt::CodeKind code = m_cfg.handlerCode;
                    co_await aio::runInExecutor(
                        m_aio, m_executor, [this, workNs, code] { executorWork(workNs, code); });
                }
            } else if (m_cfg.offload == Offload::ToProcess && m_processes) {
                // await loop.run_in_executor(process_pool, work)
                if (!co_await ToProcess{this, workNs})
                    co_return Response{500, detail("worker process died"), {}};
            } else {
                // The mistake: sync code inside async def. Nothing else on this loop runs meanwhile.
                if (m_ids.valid)
                    m_rec.state(m_ids.loopLane, LaneState::Blocking);
                workOnLoop(workNs);
                if (m_ids.valid)
                    m_rec.state(m_ids.loopLane, LaneState::Running);
            }
        }
        if (m_stopping)
            co_return Response{503, detail("shutting down"), {}};
        if (!m_db)
            co_return std::nullopt;

        const int64_t askedNs = nowNs();
        const int conn = co_await m_db->acquire(int64_t(m_cfg.db.acquireTimeoutMs * 1e6));
        const int64_t gotNs = nowNs();
        if (m_ids.valid)
            m_rec.sample(m_ids.dbWait, double(gotNs - askedNs) * 1e-6, gotNs);
        if (conn < 0) {
            if (!m_stopping)
                m_counters.dbTimeouts.fetch_add(1, std::memory_order_relaxed);
            co_return Response{503, detail(m_stopping ? "shutting down" : "database pool timeout"), {}};
        }
        const auto lane
            = m_ids.valid && size_t(conn) < m_ids.dbLanes.size() ? m_ids.dbLanes[size_t(conn)] : metrics::LaneId(0);
        if (m_ids.valid && size_t(conn) < m_ids.dbLanes.size())
            m_rec.state(lane, LaneState::IoWait);
        co_await m_aio.sleep(queryNs()); // the query: awaited I/O holding the connection
        if (m_ids.valid && size_t(conn) < m_ids.dbLanes.size())
            m_rec.state(lane, LaneState::Idle);
        m_db->release(conn);
        if (m_stopping)
            co_return Response{503, detail("shutting down"), {}};
        co_return std::nullopt;
    }

    int64_t queryNs()
    {
        const double q = m_cfg.db.queryMs * 1e6;
        switch (m_cfg.db.queryDist) {
        case QueryDist::Fixed:
            return int64_t(q);
        case QueryDist::Uniform:
            return int64_t(q * std::uniform_real_distribution<double>(0.5, 1.5)(m_rng));
        case QueryDist::Exponential:
            return int64_t(std::exponential_distribution<double>(1.0)(m_rng) * q);
        }
        return int64_t(q);
    }

    // --- the loop's own measurements ---

    // Each lag sample (aio::LagProbe: how late the probe's timer ran) also sends the gauges out
    // and, every kSweepNs, runs the request/idle timeout sweep.
    void probed(int64_t lagNs, int64_t now)
    {
        if (m_ids.valid)
            m_rec.sample(m_ids.lag, double(lagNs) * 1e-6, now);
        flush(now);
        if (now >= m_nextSweepNs) {
            sweep(now);
            m_nextSweepNs = now + kSweepNs;
        }
    }

    void flush(int64_t now)
    {
        if (!m_ids.valid)
            return;
        if (m_cfg.rateLimit.algorithm != RateAlgorithm::None)
            m_rec.gauge(m_ids.tokenLevel, m_limiter.level(now), now);
        if (m_db) {
            m_rec.gauge(m_ids.dbBusy, m_db->busy(), now);
            m_rec.gauge(m_ids.dbWaiting, m_db->waiting(), now);
        }
        m_rec.gauge(m_ids.serverInflight, m_inflight, now);
        if (m_cache) {
            if (m_hitsPending)
                m_rec.count(m_ids.cacheHits, double(m_hitsPending), now);
            if (m_missesPending)
                m_rec.count(m_ids.cacheMisses, double(m_missesPending), now);
            m_windowHits += m_hitsPending;
            m_windowMisses += m_missesPending;
            m_hitsPending = m_missesPending = 0;
            if (now - m_windowStartNs >= kHitRatioWindowNs) {
                if (m_windowHits + m_windowMisses > 0)
                    m_rec.gauge(
                        m_ids.cacheHitRatio, 100.0 * double(m_windowHits) / double(m_windowHits + m_windowMisses), now);
                m_windowHits = m_windowMisses = 0;
                m_windowStartNs = now;
            }
        }
    }

    ServerConfig m_cfg;
    ServerLimits m_limits;
    metrics::Registry* m_registry;
    ServerIds m_ids;
    ServerCounters& m_counters;
    metrics::Recorder m_rec;
    std::mt19937_64 m_rng;
    aio::Loop m_aio;
    aio::LagProbe m_probe;
    pyrt::Gil* m_gil;
    pyrt::GilThread& m_loopGil;
    RateLimiter m_limiter;
    std::optional<LruTtlCache> m_cache;
    std::optional<aio::ResourcePool> m_db; // the DB connections (after m_aio: it parks on it)
    QThreadPool m_executor;
    pyrt::ExecutorThreads m_executorThreads; // to_thread workers: lanes and GIL identities
    std::unique_ptr<workers::ProcessPool> m_processes; // to_process workers (offload to_process at start)
    GuardedTcpServer* m_listener = nullptr;
    std::unordered_set<ConnPtr> m_conns;
    size_t m_inBytes = 0; // every connection's unhandled input (ServerLimits::maxBufferedInput)
    int64_t m_nextSweepNs = 0;
    QHash<int64_t, QByteArray> m_items;
    int64_t m_nextId = 1'000'000'000;
    int m_inflight = 0;
    bool m_stopping = false;
    uint64_t m_hitsPending = 0, m_missesPending = 0, m_windowHits = 0, m_windowMisses = 0;
    int64_t m_windowStartNs = 0;
};

ApiServer::ApiServer(const ServerConfig& config, metrics::Registry* registry, ServerIds ids, uint64_t seed)
    : m_config(config)
    , m_registry(registry)
    , m_ids(std::move(ids))
    , m_seed(seed)
{
    if (!m_registry)
        m_ids.valid = false;
    m_thread.setObjectName(QStringLiteral("api-server"));
    if (m_config.interpreter == pyrt::Interpreter::CPython) {
        // One interpreter: the loop thread and every to_thread worker share its GIL.
        m_gil = std::make_unique<pyrt::Gil>(int64_t(m_config.switchIntervalMs * 1e6),
            m_ids.valid && m_ids.gilLane ? m_registry->recorder(QStringLiteral("api-gil")) : metrics::Recorder(),
            m_ids.gilLane);
        m_loopGil.index = m_config.threadPoolSize(); // the GIL lane's aux: workers are 0..n-1, the loop is n
    }
}

ApiServer::~ApiServer()
{
    stop();
}

int ApiServer::executorThreads()
{
    return ServerConfig{}.threadPoolSize();
}

quint16 ApiServer::start(quint16 port)
{
    if (m_loop)
        return m_port;
    m_loop = new ServerLoop(m_config, m_limits, m_registry, m_ids, m_counters, m_seed, m_gil.get(), m_loopGil);
    m_loop->moveToThread(&m_thread);
    m_thread.start();
    quint16 got = 0;
    QMetaObject::invokeMethod(
        m_loop, [this, port, &got] { got = m_loop->listen(port); }, Qt::BlockingQueuedConnection);
    if (got == 0) {
        stop();
        throw std::runtime_error("the api server cannot listen on 127.0.0.1");
    }
    m_port = got;
    return m_port;
}

void ApiServer::stop()
{
    if (!m_loop)
        return;
    m_loop->cancelWork = true;
    if (m_thread.isRunning())
        QMetaObject::invokeMethod(
            m_loop, [this] { m_loop->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_loop; // its thread has ended: safe to delete here
    m_loop = nullptr;
}

void ApiServer::setHandler(double handlerMs, bool blocking, Offload offload, pyrt::CodeKind code)
{
    if (m_loop)
        QMetaObject::invokeMethod(m_loop,
            [l = m_loop, handlerMs, blocking, offload, code] { l->setHandler(handlerMs, blocking, offload, code); });
}

void ApiServer::setRateLimit(double ratePerS, int burst)
{
    if (m_loop)
        QMetaObject::invokeMethod(m_loop, [l = m_loop, ratePerS, burst] { l->setRateLimit(ratePerS, burst); });
}

void ApiServer::setQueryMs(double queryMs)
{
    if (m_loop)
        QMetaObject::invokeMethod(m_loop, [l = m_loop, queryMs] { l->setQueryMs(queryMs); });
}

} // namespace looplab::labs::api
