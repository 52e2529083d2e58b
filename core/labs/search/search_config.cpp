#include "search_config.h"

#include <QJsonObject>

namespace looplab::labs::search {

namespace {
const scenario::Choices<IndexType> kIndexNames{
    {"flat", IndexType::Flat}, {"ivf", IndexType::Ivf}, {"hnsw", IndexType::Hnsw}};
const scenario::Choices<Dispatch> kDispatchNames{
    {"on_loop", Dispatch::OnLoop}, {"to_thread", Dispatch::ToThread}, {"batched", Dispatch::Batched}};
} // namespace

SearchConfig SearchConfig::fromLab(const scenario::LabConfig& config)
{
    SearchConfig c;
    const QJsonObject ds = config.objectParam(QStringLiteral("dataset"));
    c.dataset.file = ds.value(QStringLiteral("file")).toString();
    c.dataset.vectors = ds.value(QStringLiteral("vectors")).toInteger(c.dataset.vectors);
    c.dataset.dim = ds.value(QStringLiteral("dim")).toInt(c.dataset.dim);
    c.dataset.clusters = ds.value(QStringLiteral("clusters")).toInt(c.dataset.clusters);
    c.dataset.seed = uint64_t(ds.value(QStringLiteral("seed")).toInteger(1));

    c.index = scenario::pick(config.textParam(QStringLiteral("index")), kIndexNames);
    // The loader has filled in every default (search_spec.cpp): the config only names the values.
    c.nlist = config.intParam(QStringLiteral("nlist"));
    c.nprobe = config.intParam(QStringLiteral("nprobe"));
    c.hnswM = config.intParam(QStringLiteral("hnsw_m"));
    c.efSearch = config.intParam(QStringLiteral("ef_search"));
    c.backend = scenario::pick<BackendChoice>(config.textParam(QStringLiteral("backend")),
        {{"cpu", BackendChoice::Cpu}, {"cuda", BackendChoice::Cuda}, {"auto", BackendChoice::Auto}});
    c.k = config.intParam(QStringLiteral("k"));
    c.queryRatePerS = config.realParam(QStringLiteral("query_rate_per_s"));
    c.clients = config.intParam(QStringLiteral("clients"));
    c.dispatch = scenario::pick(config.textParam(QStringLiteral("dispatch")), kDispatchNames);
    c.maxBatch = config.intParam(QStringLiteral("max_batch"));
    c.maxWaitMs = config.realParam(QStringLiteral("max_wait_ms"));
    c.executorWorkers = config.intParam(QStringLiteral("executor_workers"));
    c.ompThreads = config.intParam(QStringLiteral("omp_threads"));
    c.recallSample = config.intParam(QStringLiteral("recall_sample"));
    c.maxQueries = config.params.value(QStringLiteral("max_queries")).toInteger(0);
    c.interpreter = pyrt::interpreterFrom(config.textParam(QStringLiteral("interpreter")));
    return c;
}

BackendDecision decideBackend(const SearchConfig& config, bool gpuUsable, const QString& gpuReason)
{
    BackendDecision d;
    if (config.backend == BackendChoice::Cpu)
        return d;
    // Why LoopLab's cuda backend cannot serve this run (empty: it can): said as an error when the
    // scenario asks for cuda, as a note when it asks for auto.
    const QString why = config.index != IndexType::Flat
        ? QStringLiteral("the cuda backend only searches exactly (flat) and cannot stand in for an \"%1\" index")
              .arg(QLatin1String(indexTypeName(config.index)))
        : !gpuUsable     ? QStringLiteral("no usable GPU (%1)").arg(gpuReason)
        : config.k > 256 ? QStringLiteral("the cuda backend returns at most k = 256 neighbours")
                         : QString();
    if (why.isEmpty())
        d.useCuda = true;
    else if (config.backend == BackendChoice::Cuda)
        d.error = QStringLiteral("cuda backend unavailable: %1. Use \"backend\": \"cpu\", or \"auto\" to fall back "
                                 "to the CPU")
                      .arg(why);
    else
        d.note = QStringLiteral("auto: %1, searching with FAISS on the CPU").arg(why);
    return d;
}

const char* dispatchName(Dispatch d)
{
    return scenario::nameOf(d, kDispatchNames);
}

const char* indexTypeName(IndexType t)
{
    return scenario::nameOf(t, kIndexNames);
}

} // namespace looplab::labs::search
