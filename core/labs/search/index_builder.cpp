#include "index_builder.h"

#include "dataset.h"
#include "search_backend.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThread>

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/AuxIndexStructures.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <unistd.h>

namespace looplab::labs::search {

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// k-means (IVF training) runs inside one FAISS call for seconds on big inputs: FAISS asks its
// process-wide InterruptCallback between iterations and search blocks. Ours answers for the
// calling thread only (the build thread sets which stop flag it watches), so one lab's stop never
// interrupts another lab, and the executors' searches (no flag) are never interrupted.
thread_local const std::atomic<bool>* t_buildCancel = nullptr;

struct BuildInterrupt final : faiss::InterruptCallback {
    bool want_interrupt() override { return t_buildCancel && t_buildCancel->load(std::memory_order_relaxed); }
};

void installBuildInterrupt()
{
    static std::once_flag once;
    std::call_once(once, [] {
        std::lock_guard lock(faiss::InterruptCallback::lock);
        if (!faiss::InterruptCallback::instance)
            faiss::InterruptCallback::instance = std::make_unique<BuildInterrupt>();
    });
}

// Trains `index`, or returns false when `cancel` was raised meanwhile.
bool trainUnlessCancelled(faiss::Index& index, int64_t n, const float* x, const std::atomic<bool>& cancel)
{
    installBuildInterrupt();
    t_buildCancel = &cancel;
    try {
        index.train(n, x);
    } catch (const faiss::FaissException&) {
        t_buildCancel = nullptr;
        if (cancel.load())
            return false;
        throw;
    }
    t_buildCancel = nullptr;
    return !cancel.load();
}

// Add in ~50 chunks so progress moves and a stop is honoured between chunks.
bool addInChunks(
    faiss::Index& index, const Dataset& data, BuildProgress& progress, const std::atomic<bool>& cancel, double from)
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

// The cache file: a short text header, then the bytes faiss::write_index produced.
//
//   LOOPLAB-FAISS-INDEX 1\n
//   key <SHA-256 of the whole cache key>\n
//   sha256 <SHA-256 of the payload>\n
//   size <payload bytes>\n
//   \n
//   payload
//
// Nothing is handed to faiss::read_index before the key and the checksum match: a file written for
// other parameters (copied or planted under this name), truncated or corrupt is rebuilt over.
const QByteArray kMagic = QByteArrayLiteral("LOOPLAB-FAISS-INDEX 1\n");

QByteArray sha256Hex(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// faiss::read_index straight from the checked bytes, without VectorIOReader's copy of the whole
// file (tens of MB, copied element by element).
struct PayloadReader final : faiss::IOReader {
    explicit PayloadReader(const QByteArray& bytes)
        : m_bytes(bytes)
    { }
    size_t operator()(void* ptr, size_t size, size_t nitems) override
    {
        if (size == 0 || nitems == 0)
            return 0; // FAISS reads empty vectors with ptr == nullptr: memcpy must not see them
        const size_t n = std::min(nitems, (size_t(m_bytes.size()) - m_pos) / size);
        if (n == 0)
            return 0;
        std::memcpy(ptr, m_bytes.constData() + m_pos, n * size);
        m_pos += n * size;
        return n;
    }

private:
    const QByteArray& m_bytes;
    size_t m_pos = 0;
};

std::unique_ptr<faiss::Index> tryLoad(
    const QString& path, const QByteArray& keyHash, const Dataset& data, IndexType type)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return nullptr;
    const QByteArray all = f.readAll();
    f.close();
    if (!all.startsWith(kMagic))
        return nullptr;
    const qsizetype headerEnd = all.indexOf("\n\n", kMagic.size() - 1);
    if (headerEnd < 0 || headerEnd > 1024)
        return nullptr;
    QByteArray key, sum;
    qint64 size = -1;
    for (const QByteArray& line : all.mid(kMagic.size(), headerEnd - kMagic.size()).split('\n')) {
        if (line.startsWith("key "))
            key = line.mid(4);
        else if (line.startsWith("sha256 "))
            sum = line.mid(7);
        else if (line.startsWith("size "))
            size = line.mid(5).toLongLong();
    }
    const qsizetype payloadAt = headerEnd + 2;
    if (key != keyHash || size != all.size() - payloadAt)
        return nullptr;
    const QByteArray payload = QByteArray::fromRawData(all.constData() + payloadAt, all.size() - payloadAt);
    if (sha256Hex(payload) != sum)
        return nullptr;
    try {
        PayloadReader reader(payload);
        std::unique_ptr<faiss::Index> index(faiss::read_index(&reader));
        const bool typeOk = (type == IndexType::Ivf && dynamic_cast<faiss::IndexIVFFlat*>(index.get()))
            || (type == IndexType::Hnsw && dynamic_cast<faiss::IndexHNSWFlat*>(index.get()));
        if (typeOk && index->ntotal == data.n && index->d == data.dim)
            return index;
    } catch (const std::exception&) {
        // Checksummed but unreadable (another FAISS build's format): rebuild over it.
    }
    return nullptr;
}

void saveAtomically(const faiss::Index& index, const QString& path, const QByteArray& keyHash)
{
    try {
        faiss::VectorIOWriter writer;
        faiss::write_index(&index, &writer);
        const QByteArray payload
            = QByteArray::fromRawData(reinterpret_cast<const char*>(writer.data.data()), qsizetype(writer.data.size()));
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return;
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        f.write(kMagic);
        f.write("key " + keyHash + "\nsha256 " + sha256Hex(payload) + "\nsize " + QByteArray::number(payload.size())
            + "\n\n");
        f.write(payload);
        f.commit(); // a cache we cannot write is not an error: the next run builds again
    } catch (const std::exception&) { }
}

// The full description of what determines a built index (hashed into the file name and the header).
QString cacheKey(const QString& datasetKey, IndexType type, int nlist, int hnswM)
{
    QString key = QStringLiteral("v2|") + datasetKey + QStringLiteral("|") + QLatin1String(indexTypeName(type));
    if (type == IndexType::Ivf)
        key += QStringLiteral("|nlist=%1|train=64pc|seed=1234").arg(nlist);
    if (type == IndexType::Hnsw)
        key += QStringLiteral("|M=%1|efc=40").arg(hnswM);
    key += QStringLiteral("|faiss=%1.%2.%3").arg(FAISS_VERSION_MAJOR).arg(FAISS_VERSION_MINOR).arg(FAISS_VERSION_PATCH);
    return key;
}

} // namespace

bool ensurePrivateDir(const QString& dir)
{
    if (dir.isEmpty())
        return false;
    const QByteArray path = QFile::encodeName(dir);
    if (!QDir().mkpath(QFileInfo(dir).absolutePath()))
        return false;
    if (::mkdir(path.constData(), 0700) != 0 && errno != EEXIST)
        return false;
    struct stat st {
    };
    if (::lstat(path.constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid())
        return false; // a symlink, a file, or someone else's folder: no cache rather than theirs
    if ((st.st_mode & 077) != 0 && ::chmod(path.constData(), 0700) != 0)
        return false;
    return true;
}

QString indexCacheDir()
{
    const QByteArray env = qgetenv("LOOPLAB_CACHE_DIR");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    const QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (base.isEmpty())
        return {}; // no cache at all rather than a shared folder
    return base + QStringLiteral("/faiss-indexes");
}

QString indexCacheName(const QString& datasetKey, IndexType type, int nlist, int hnswM)
{
    const QByteArray hash = sha256Hex(cacheKey(datasetKey, type, nlist, hnswM).toUtf8()).left(32);
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

    const bool useCache = ensurePrivateDir(cacheDir);
    const QByteArray keyHash = sha256Hex(cacheKey(data.cacheKey, type, nlist, hnswM).toUtf8());
    if (useCache)
        out.cachePath = cacheDir + QLatin1Char('/') + indexCacheName(data.cacheKey, type, nlist, hnswM);
    progress.phase = BuildProgress::Loading;
    if (auto cached = useCache ? tryLoad(out.cachePath, keyHash, data, type) : nullptr) {
        out.index = std::move(cached);
        out.fromCache = true;
        out.seconds = secondsSince(t0);
        progress.fraction = 1;
        return out;
    }

    if (type == IndexType::Ivf) {
        if (nlist > data.n)
            throw std::runtime_error(QStringLiteral("nlist %1 is more than the %2 vectors to cluster; use nlist <= %2")
                                         .arg(nlist)
                                         .arg(data.n)
                                         .toStdString());
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
        if (!trainUnlessCancelled(*index, nTrain, train, cancel))
            return {};
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
    if (useCache)
        saveAtomically(*out.index, out.cachePath, keyHash);
    return out;
}

} // namespace looplab::labs::search
