#include "search_config.h"

#include <QJsonObject>

namespace looplab::labs::search {

SearchConfig SearchConfig::fromLab(const scenario::LabConfig& config)
{
    SearchConfig c;
    const QJsonObject ds = config.objectParam(QStringLiteral("dataset"));
    c.dataset.file = ds.value(QStringLiteral("file")).toString();
    c.dataset.vectors = ds.value(QStringLiteral("vectors")).toInteger(c.dataset.vectors);
    c.dataset.dim = ds.value(QStringLiteral("dim")).toInt(c.dataset.dim);
    c.dataset.clusters = ds.value(QStringLiteral("clusters")).toInt(c.dataset.clusters);
    c.dataset.seed = uint64_t(ds.value(QStringLiteral("seed")).toInteger(1));

    const QString index = config.textParam(QStringLiteral("index"));
    c.index = index == QLatin1String("ivf") ? IndexType::Ivf
        : index == QLatin1String("hnsw")    ? IndexType::Hnsw
                                            : IndexType::Flat;
    // The loader has filled in every default (search_spec.cpp): the config only names the values.
    c.nlist = config.intParam(QStringLiteral("nlist"));
    c.nprobe = config.intParam(QStringLiteral("nprobe"));
    c.hnswM = config.intParam(QStringLiteral("hnsw_m"));
    c.efSearch = config.intParam(QStringLiteral("ef_search"));
    const QString backend = config.textParam(QStringLiteral("backend"));
    c.backend = backend == QLatin1String("cuda") ? BackendChoice::Cuda
        : backend == QLatin1String("auto")       ? BackendChoice::Auto
                                                 : BackendChoice::Cpu;
    c.k = config.intParam(QStringLiteral("k"));
    c.queryRatePerS = config.realParam(QStringLiteral("query_rate_per_s"));
    c.clients = config.intParam(QStringLiteral("clients"));
    const QString dispatch = config.textParam(QStringLiteral("dispatch"));
    c.dispatch = dispatch == QLatin1String("on_loop") ? Dispatch::OnLoop
        : dispatch == QLatin1String("batched")        ? Dispatch::Batched
                                                      : Dispatch::ToThread;
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
    const QLatin1String index(indexTypeName(config.index));
    switch (config.backend) {
    case BackendChoice::Cpu:
        break;
    case BackendChoice::Cuda:
        if (config.index != IndexType::Flat)
            d.error
                = QStringLiteral("the cuda backend is an exact brute-force search and cannot build an \"%1\" index: "
                                 "use \"index\": \"flat\" with it, or \"backend\": \"cpu\" for %1")
                      .arg(index);
        else if (!gpuUsable)
            d.error = QStringLiteral("cuda backend unavailable: %1. Use \"backend\": \"auto\" to fall back to the CPU, "
                                     "or \"cpu\"")
                          .arg(gpuReason);
        else if (config.k > 256)
            d.error = QStringLiteral("the cuda backend returns at most k = 256 neighbours");
        else
            d.useCuda = true;
        break;
    case BackendChoice::Auto:
        if (config.index != IndexType::Flat)
            d.note = QStringLiteral(
                "auto: the cuda backend only searches exactly (flat), so the %1 index runs with FAISS on "
                "the CPU")
                         .arg(index);
        else if (!gpuUsable)
            d.note = QStringLiteral("auto: no usable GPU (%1), searching with FAISS on the CPU").arg(gpuReason);
        else if (config.k > 256)
            d.note = QStringLiteral(
                "auto: the cuda backend returns at most k = 256 neighbours, searching with FAISS on the CPU");
        else
            d.useCuda = true;
        break;
    }
    return d;
}

const char* dispatchName(Dispatch d)
{
    switch (d) {
    case Dispatch::OnLoop:
        return "on_loop";
    case Dispatch::ToThread:
        return "to_thread";
    case Dispatch::Batched:
        return "batched";
    }
    return "?";
}

const char* indexTypeName(IndexType t)
{
    switch (t) {
    case IndexType::Flat:
        return "flat";
    case IndexType::Ivf:
        return "ivf";
    case IndexType::Hnsw:
        return "hnsw";
    }
    return "?";
}

} // namespace looplab::labs::search
