#include "index_builder.h"

#include "dataset.h"
#include "search_backend.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QThread>

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/FaissException.h>
#include <faiss/index_io.h>

#include <chrono>
#include <cstdio>

namespace looplab::labs::search {

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Add in ~50 chunks so progress moves and a stop is honoured between chunks.
bool addInChunks(faiss::Index& index, const Dataset& data, BuildProgress& progress, const std::atomic<bool>& cancel,
                 double from)
{
    const int64_t chunk = std::max<int64_t>(1000, data.n / 50);
    progress.phase = BuildProgress::Adding;
    for (int64_t i = 0; i < data.n; i += chunk) {
        if (cancel.load())
            return false;
        const int64_t m = std::min(chunk, data.n - i);
        index.add(m, data.vectors.data() + i * data.dim);
        progress.fraction = from + (1.0 - from) * double(i + m) / double(data.n);
    }
    return true;
}

std::unique_ptr<faiss::Index> tryLoad(const QString& path, const Dataset& data, IndexType type)
{
    if (!QFile::exists(path))
        return nullptr;
    try {
        std::unique_ptr<faiss::Index> index(faiss::read_index(QFile::encodeName(path).constData()));
        const bool typeOk = (type == IndexType::Ivf && dynamic_cast<faiss::IndexIVFFlat*>(index.get()))
            || (type == IndexType::Hnsw && dynamic_cast<faiss::IndexHNSWFlat*>(index.get()));
        if (typeOk && index->ntotal == data.n && index->d == data.dim)
            return index;
    } catch (const std::exception&) {
        // A truncated or foreign file: fall through and rebuild over it.
    }
    return nullptr;
}

void saveAtomically(const faiss::Index& index, const QString& path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QString tmp = path + QStringLiteral(".tmp%1").arg(quintptr(QThread::currentThreadId()));
    try {
        faiss::write_index(&index, QFile::encodeName(tmp).constData());
        std::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(path).constData());
    } catch (const std::exception&) {
        QFile::remove(tmp); // a cache we cannot write is not an error: the next run builds again
    }
}

} // namespace

QString indexCacheDir()
{
    const QByteArray env = qgetenv("LOOPLAB_CACHE_DIR");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    if (base.isEmpty())
        base = QDir::tempPath();
    return base + QStringLiteral("/looplab");
}

QString indexCacheName(const QString& datasetKey, IndexType type, int nlist, int hnswM)
{
    QString key = datasetKey + QStringLiteral("|") + QLatin1String(indexTypeName(type));
    if (type == IndexType::Ivf)
        key += QStringLiteral("|nlist=%1").arg(nlist);
    if (type == IndexType::Hnsw)
        key += QStringLiteral("|M=%1|efc=40").arg(hnswM);
    key += QStringLiteral("|faiss=%1.%2.%3").arg(FAISS_VERSION_MAJOR).arg(FAISS_VERSION_MINOR).arg(FAISS_VERSION_PATCH);
    const QByteArray hash = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex().left(20);
    return QStringLiteral("%1-%2.faissindex").arg(QLatin1String(indexTypeName(type)), QString::fromLatin1(hash));
}

BuiltIndex buildOrLoadIndex(const Dataset& data, IndexType type, int nlist, int hnswM, BuildProgress& progress,
                            const std::atomic<bool>& cancel, const QString& cacheDir)
{
    BuiltIndex out;
    const auto t0 = std::chrono::steady_clock::now();
    // The build owns the machine (nothing is searched yet), but on 2 cores 2 OpenMP threads make
    // k-means slower, not faster (see autoCallThreads).
    setLibraryThreads(autoCallThreads(1));

    if (type == IndexType::Flat) {
        auto index = std::make_unique<faiss::IndexFlatL2>(data.dim);
        if (!addInChunks(*index, data, progress, cancel, 0))
            return {};
        out.index = std::move(index);
        out.seconds = secondsSince(t0);
        return out;
    }

    out.cachePath = cacheDir + QLatin1Char('/') + indexCacheName(data.cacheKey, type, nlist, hnswM);
    progress.phase = BuildProgress::Loading;
    if (auto cached = tryLoad(out.cachePath, data, type)) {
        out.index = std::move(cached);
        out.fromCache = true;
        out.seconds = secondsSince(t0);
        progress.fraction = 1;
        return out;
    }

    if (type == IndexType::Ivf) {
        if (nlist > data.n)
            throw std::runtime_error(QStringLiteral("nlist %1 is more than the %2 vectors to cluster; use nlist <= %2")
                                         .arg(nlist).arg(data.n).toStdString());
        auto quantizer = new faiss::IndexFlatL2(data.dim);
        auto index = std::make_unique<faiss::IndexIVFFlat>(quantizer, data.dim, size_t(nlist));
        index->own_fields = true;
        // k-means on a sample of 64 points per cell: enough for stable cells, and quick.
        progress.phase = BuildProgress::Training;
        const int64_t nTrain = std::min<int64_t>(data.n, int64_t(nlist) * 64);
        std::vector<float> sample;
        const float* train = data.vectors.data();
        if (nTrain < data.n) {
            sample.resize(size_t(nTrain) * data.dim);
            const int64_t step = data.n / nTrain;
            for (int64_t i = 0; i < nTrain; ++i)
                std::copy_n(data.vectors.data() + i * step * data.dim, data.dim, sample.data() + i * data.dim);
            train = sample.data();
        }
        index->cp.max_points_per_centroid = 64;
        index->cp.seed = 1234;
        index->train(nTrain, train);
        progress.fraction = 0.1;
        if (!addInChunks(*index, data, progress, cancel, 0.1))
            return {};
        out.index = std::move(index);
    } else {
        auto index = std::make_unique<faiss::IndexHNSWFlat>(data.dim, hnswM);
        index->hnsw.efConstruction = 40;
        if (!addInChunks(*index, data, progress, cancel, 0))
            return {};
        out.index = std::move(index);
    }
    out.seconds = secondsSince(t0);
    saveAtomically(*out.index, out.cachePath);
    return out;
}

} // namespace looplab::labs::search
