// The api lab: the builtin HTTP service (its own loop thread) and the load generator (its own
// thread and loop) talking real HTTP/1.1 over 127.0.0.1; everything shown is measured on them.
#include "api_lab.h"

#include "api_config.h"
#include "api_server.h"
#include "load_generator.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>
#include <limits>
#include <memory>

namespace looplab::labs {

namespace {

using namespace api;
using metrics::HistogramInfo;
using metrics::LaneInfo;
using metrics::SeriesInfo;
using metrics::SeriesKind;

// Remote targets need the command line's --allow-remote, which reaches a lab through
// LabContext::allowRemote once the engine carries it; until then every remote target is refused.
template <typename Ctx> bool allowRemoteOf(const Ctx& ctx)
{
    if constexpr (requires { ctx.allowRemote; })
        return bool(ctx.allowRemote);
    else
        return false;
}

// A histogram with samples; none (not registered, or nothing recorded) is "not measured".
const metrics::HistogramData* measured(const metrics::LabSnapshot& data, const QString& name)
{
    const auto* h = data.findHistogram(name);
    return h && h->count > 0 ? h : nullptr;
}

class ApiLab final : public engine::Lab
{
public:
    explicit ApiLab(scenario::LabConfig config)
        : m_labConfig(std::move(config))
    { }
    ~ApiLab() override { stop(); }

    void start(const engine::LabContext& ctx) override
    {
        m_ctx = ctx;
        m_cfg = readApiConfig(m_labConfig.params, allowRemoteOf(ctx)); // throws: the run fails with why
        const double scale = ctx.timeScale > 0 ? ctx.timeScale : 1;
        auto& reg = *ctx.registry;
        const int lab = ctx.index;
        auto rate = [&](const char* name) {
            return reg.addSeries(SeriesInfo{lab, QLatin1String(name), QStringLiteral("1/s"), SeriesKind::Rate});
        };
        auto gauge = [&](const char* name, const char* unit) {
            return reg.addSeries(SeriesInfo{lab, QLatin1String(name), QLatin1String(unit), SeriesKind::Gauge});
        };

        LoadIds load;
        load.offered = rate("offered_rps");
        load.served = rate("served_rps");
        load.rejected = rate("rejected_rps");
        load.clientError = rate("client_error_rps");
        load.serverError = rate("server_error_rps");
        load.error = rate("error_rps");
        load.timeout = rate("timeout_rps");
        load.inflight = gauge("inflight", "requests");
        load.queued = gauge("queued", "requests");
        load.latency = reg.addHistogram(HistogramInfo{lab, QStringLiteral("latency_ms"), QStringLiteral("ms")});
        load.valid = true;

        ServerIds server;
        server.tokenLevel = gauge("token_bucket_level", "tokens");
        server.dbBusy = gauge("db_busy", "connections");
        server.dbWaiting = gauge("db_waiting", "requests");
        server.cacheHitRatio = gauge("cache_hit_ratio", "%");
        server.cacheHits = rate("cache_hit_rps");
        server.cacheMisses = rate("cache_miss_rps");
        server.serverInflight = gauge("server_inflight", "requests");
        server.lag = reg.addHistogram(HistogramInfo{lab, QStringLiteral("server_lag_ms"), QStringLiteral("ms")});
        server.dbWait = reg.addHistogram(HistogramInfo{lab, QStringLiteral("db_wait_ms"), QStringLiteral("ms")});
        server.slowCallback = reg.addMark(metrics::MarkInfo{lab, QStringLiteral("slow_callback")});

        LoadConfig loadCfg = m_cfg.load.scaled(scale);
        if (loadCfg.target.builtin) {
            server.loopLane = reg.addLane(LaneInfo{lab, QStringLiteral("event loop"), QStringLiteral("server")});
            if (m_cfg.server.interpreter == pyrt::Interpreter::CPython)
                server.gilLane = reg.addLane(LaneInfo{lab, QStringLiteral("GIL (emulated)"), QStringLiteral("gil")});
            if (m_cfg.server.db.enabled)
                for (int i = 0; i < m_cfg.server.db.poolSize; ++i)
                    server.dbLanes.push_back(
                        reg.addLane(LaneInfo{lab, QStringLiteral("db conn %1").arg(i + 1), QStringLiteral("db pool")}));
            // Offload to threads can be switched on live, so their lanes are there for any blocking
            // handler not sent to processes; the process pool starts only when configured.
            const bool toProcess = m_cfg.server.offload == Offload::ToProcess;
            m_processPool = toProcess;
            if ((m_cfg.server.blockingHandler && !toProcess) || m_cfg.server.offload == Offload::ToThread)
                for (int i = 0; i < m_cfg.server.threadPoolSize(); ++i)
                    server.executorLanes.push_back(reg.addLane(
                        LaneInfo{lab, QStringLiteral("to_thread %1").arg(i + 1), QStringLiteral("executor")}));
            if (toProcess)
                for (int i = 0; i < m_cfg.server.processPoolSize(); ++i)
                    server.processLanes.push_back(reg.addLane(
                        LaneInfo{lab, QStringLiteral("process %1").arg(i + 1), QStringLiteral("executor")}));
            server.valid = true;
            ServerConfig serverCfg = m_cfg.server.scaled(scale);
            serverCfg.workerExecutable = ctx.workerExecutable;
            m_server = std::make_unique<ApiServer>(serverCfg, ctx.registry, server, ctx.seed);
            const quint16 port = m_server->start();
            loadCfg.target = builtinTarget(port);
        }
        m_loadCfg = loadCfg;
        m_load = std::make_unique<LoadGenerator>(
            loadCfg, reg.recorder(QStringLiteral("api-load")), load, ctx.seed * 0x9E3779B97F4A7C15ull + 1);
        m_load->start();
    }

    void stop() override
    {
        // The client first, so the server's last answers find nobody waiting; then the server.
        if (m_load)
            m_load->stop();
        if (m_server)
            m_server->stop();
    }

    engine::ParameterChange applyParameter(const QString& path, const QJsonValue& value) override
    {
        using engine::ParameterChange;
        const double scale = m_ctx.timeScale > 0 ? m_ctx.timeScale : 1;
        if (!m_load)
            return ParameterChange::NeedsRestart;
        if (path == QLatin1String("load.rate_per_s") && m_cfg.load.model == LoadModel::Open) {
            m_cfg.load.ratePerS = value.toDouble();
            m_load->setRate(m_cfg.load.ratePerS / scale);
            return ParameterChange::Applied;
        }
        if (path == QLatin1String("load.think_ms")) {
            m_cfg.load.thinkMs = value.toDouble();
            m_load->setThinkMs(m_cfg.load.thinkMs * scale);
            return ParameterChange::Applied;
        }
        if (!m_server)
            return ParameterChange::NeedsRestart;
        auto& s = m_cfg.server;
        if (path == QLatin1String("server.handler_ms") || path == QLatin1String("server.blocking_handler")
            || path == QLatin1String("server.offload") || path == QLatin1String("server.handler_code")) {
            if (path.endsWith(QLatin1String("handler_ms")))
                s.handlerMs = value.toDouble();
            else if (path.endsWith(QLatin1String("blocking_handler")))
                s.blockingHandler = value.toBool();
            else if (path.endsWith(QLatin1String("handler_code")))
                s.handlerCode = pyrt::codeKindFrom(value.toString());
            else {
                // A pool that was not started (and its lanes) needs a restart: the process pool
                // exists only when to_process was set at start, the threads' lanes only without it.
                const Offload offload = api::offloadFromName(value.toString());
                if (offload != Offload::None && (offload == Offload::ToProcess) != m_processPool)
                    return ParameterChange::NeedsRestart;
                s.offload = offload;
            }
            m_server->setHandler(s.handlerMs * scale, s.blockingHandler, s.offload, s.handlerCode);
            return ParameterChange::Applied;
        }
        if ((path == QLatin1String("server.rate_limit.rate_per_s") || path == QLatin1String("server.rate_limit.burst"))
            && s.rateLimit.algorithm != RateAlgorithm::None) {
            if (path.endsWith(QLatin1String("rate_per_s")))
                s.rateLimit.ratePerS = value.toDouble();
            else
                s.rateLimit.burst = value.toInt();
            m_server->setRateLimit(s.rateLimit.ratePerS / scale, s.rateLimit.burst);
            return ParameterChange::Applied;
        }
        if (path == QLatin1String("server.db.query_ms") && s.db.enabled) {
            s.db.queryMs = value.toDouble();
            m_server->setQueryMs(s.db.queryMs * scale);
            return ParameterChange::Applied;
        }
        return ParameterChange::NeedsRestart;
    }

    QMap<QString, double> metrics(const metrics::LabSnapshot& data) const override
    {
        QMap<QString, double> m;
        if (!m_load)
            return m;
        const auto& c = m_load->counters();
        const int64_t start = c.startNs.load();
        const int64_t end = c.endNs.load() ? c.endNs.load() : metrics::nowNs();
        const double elapsedS = start ? std::max(1e-9, double(end - start) * 1e-9) : 0;
        auto perS = [&](uint64_t n) { return elapsedS > 0 ? double(n) / elapsedS : 0.0; };

        m[QStringLiteral("sent")] = double(c.sent.load());
        m[QStringLiteral("completed")] = double(c.completed.load());
        m[QStringLiteral("rps_offered")] = perS(c.arrivals.load());
        m[QStringLiteral("rps_served")] = perS(c.served.load());
        m[QStringLiteral("rps_429")] = perS(c.rejected.load());
        m[QStringLiteral("rps_5xx")] = perS(c.serverErrors.load());
        m[QStringLiteral("errors")] = double(c.errors.load());
        m[QStringLiteral("timeouts")] = double(c.timeouts.load());
        // Answers the generator refused (malformed, or past a limit of http_message.h), and what
        // the builtin server refused (ServerLimits, bad requests): each closed its connection.
        m[QStringLiteral("protocol_errors")] = double(c.protocolErrors.load());
        m[QStringLiteral("server_protocol_errors")]
            = m_server ? double(m_server->counters().protocolErrors.load()) : 0.0;
        // A histogram with no samples was not measured: null in summary.json, never 0.
        const double none = std::numeric_limits<double>::quiet_NaN();
        const auto* lat = measured(data, QStringLiteral("latency_ms"));
        m[QStringLiteral("latency_p50_ms")] = lat ? lat->p50 : none;
        m[QStringLiteral("latency_p95_ms")] = lat ? lat->p95 : none;
        m[QStringLiteral("latency_p99_ms")] = lat ? lat->p99 : none;
        m[QStringLiteral("latency_max_ms")] = lat ? lat->max : none;
        m[QStringLiteral("inflight_max")] = double(c.inflightMax.load());
        double hitRatio = 0;
        if (m_server) {
            const uint64_t hits = m_server->counters().cacheHits.load();
            const uint64_t misses = m_server->counters().cacheMisses.load();
            hitRatio = hits + misses ? double(hits) / double(hits + misses) : 0;
        }
        m[QStringLiteral("cache_hit_ratio")] = hitRatio;
        const auto* dbWait = measured(data, QStringLiteral("db_wait_ms"));
        m[QStringLiteral("db_wait_p99_ms")] = dbWait ? dbWait->p99 : none;
        const auto* lag = measured(data, QStringLiteral("server_lag_ms"));
        m[QStringLiteral("server_lag_p50_ms")] = lag ? lag->p50 : none;
        m[QStringLiteral("server_lag_p99_ms")] = lag ? lag->p99 : none;
        m[QStringLiteral("server_lag_max_ms")] = lag ? lag->max : none;
        if (m_server) {
            const auto& sc = m_server->counters();
            m[QStringLiteral("slow_callbacks")] = double(sc.slowCallbacks.load());
            // How many cores the handlers' CPU work used (per-thread CPU clocks ÷ run time): under
            // the GIL, Python code offloaded to threads stays near one whatever the pool size.
            const double cpuS = double(sc.handlerCpuNs.load()) * 1e-9;
            m[QStringLiteral("handler_cpu_s")] = cpuS;
            m[QStringLiteral("handler_cores_used")] = elapsedS > 0 && cpuS > 0 ? cpuS / elapsedS : none;
            if (m_processPool)
                m[QStringLiteral("worker_restarts")] = double(sc.workerRestarts.load());
            if (const auto* gil = m_server->gil()) {
                m[QStringLiteral("gil_switches")] = double(gil->switches());
                m[QStringLiteral("gil_drop_requests")] = double(gil->dropRequests());
                m[QStringLiteral("loop_gil_wait_s")] = double(m_server->loopGilThread().waitNs.load()) * 1e-9;
            }
        }
        return m;
    }

    QString status() const override
    {
        if (!m_load)
            return {};
        if (m_server)
            return QCoreApplication::translate("ApiLab", "serving on http://127.0.0.1:%1 — %2 answered")
                .arg(m_server->port())
                .arg(m_load->counters().completed.load());
        return QCoreApplication::translate("ApiLab", "load on %1 — %2 answered, %3 errors")
            .arg(m_loadCfg.target.url)
            .arg(m_load->counters().completed.load())
            .arg(m_load->counters().errors.load());
    }

private:
    scenario::LabConfig m_labConfig;
    engine::LabContext m_ctx;
    ApiConfig m_cfg;
    LoadConfig m_loadCfg;
    std::unique_ptr<ApiServer> m_server;
    bool m_processPool = false; // the server started with offload to_process (its pool and lanes)
    std::unique_ptr<LoadGenerator> m_load;
};

} // namespace

std::unique_ptr<engine::Lab> createApiLab(const scenario::LabConfig& config)
{
    return std::make_unique<ApiLab>(config);
}

} // namespace looplab::labs
