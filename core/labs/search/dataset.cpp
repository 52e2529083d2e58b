#include "dataset.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>
#include <cstring>
#include <mutex>
#include <unistd.h>

namespace looplab::labs::search {

namespace {

// splitmix64: a tiny, good, seekable generator; one stream per row keeps the data independent of
// how the rows are spread over threads.
struct SplitMix {
    uint64_t s;
    uint64_t next()
    {
        uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    bool hasSpare = false;
    float spare = 0;
    double uniform() { return (double(next() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
    // Box-Muller: two normals per pair of uniforms.
    float normal()
    {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        const double r = std::sqrt(-2.0 * std::log(uniform()));
        const double a = 6.283185307179586 * uniform();
        spare = float(r * std::sin(a));
        hasSpare = true;
        return float(r * std::cos(a));
    }
};

uint64_t mix(uint64_t a, uint64_t b)
{
    SplitMix m{a * 0x2545F4914F6CDD1DULL ^ b, false, 0};
    return m.next();
}

QString gib(double bytes)
{
    return bytes >= 1 << 30 ? QStringLiteral("%1 GiB").arg(bytes / double(1 << 30), 0, 'f', 2)
                            : QStringLiteral("%1 MiB").arg(bytes / double(1 << 20), 0, 'f', 1);
}

[[noreturn]] void fail(const QString& path, const QString& what)
{
    throw DatasetError(QStringLiteral("dataset file %1: %2").arg(path, what).toStdString());
}

void checkSize(const QString& path, int64_t n, int dim, int64_t maxBytes)
{
    const double bytes = double(n) * double(dim) * 4.0;
    if (bytes > double(maxBytes))
        fail(path,
            QStringLiteral("too large: %1 vectors × %2 dims need %3 of memory as float32, more than "
                           "the %4 limit (half the physical memory, or LOOPLAB_SEARCH_MAX_DATASET_MB)")
                .arg(n)
                .arg(dim)
                .arg(gib(bytes), gib(double(maxBytes))));
}

// Queries near database vectors: a random vector plus noise of 1 % of the data's spread.
void makeQueriesFrom(Dataset& d, int64_t numQueries, uint64_t seed)
{
    d.nq = d.n > 0 ? numQueries : 0;
    d.queries.assign(size_t(d.nq) * size_t(d.dim), 0.f);
    double var = 0;
    const int64_t probe = std::min<int64_t>(d.n, 1000);
    for (int64_t i = 0; i < probe * d.dim; ++i)
        var += double(d.vectors[size_t(i)]) * double(d.vectors[size_t(i)]);
    const float sigma = float(0.01 * std::sqrt(var / double(std::max<int64_t>(1, probe * d.dim))));
    for (int64_t q = 0; q < d.nq; ++q) {
        SplitMix r{mix(seed + 7, uint64_t(q)), false, 0};
        const int64_t base = int64_t(r.next() % uint64_t(d.n));
        for (int j = 0; j < d.dim; ++j)
            d.queries[size_t(q * d.dim + j)] = d.vectors[size_t(base * d.dim + j)] + sigma * r.normal();
    }
}

Dataset loadVecs(
    const QString& path, bool bytes, int64_t numQueries, uint64_t seed, int64_t maxBytes, const AdmitFn& admit)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        fail(path, QStringLiteral("cannot open: %1").arg(f.errorString()));
    const int64_t size = f.size();
    const int elem = bytes ? 1 : 4;
    int32_t dim = 0;
    if (size < 4 || f.read(reinterpret_cast<char*>(&dim), 4) != 4)
        fail(path, QStringLiteral("malformed: shorter than one record header (4 bytes)"));
    if (dim <= 0 || dim > 65536)
        fail(path,
            QStringLiteral("malformed: the first record says dimension %1 (expected 1..65536); is this "
                           "really a %2 file?")
                .arg(dim)
                .arg(bytes ? ".bvecs" : ".fvecs"));
    const int64_t record = 4 + int64_t(dim) * elem;
    if (size % record != 0)
        fail(path,
            QStringLiteral("malformed: %1 bytes is not a whole number of %2-byte records "
                           "(4-byte dimension %3 + %3 × %4-byte values)")
                .arg(size)
                .arg(record)
                .arg(dim)
                .arg(elem));
    const int64_t n = size / record;
    checkSize(path, n, dim, maxBytes);
    if (admit)
        admit(n, dim);

    Dataset d;
    d.n = n;
    d.dim = dim;
    d.vectors.resize(size_t(n) * size_t(dim));
    f.seek(0);
    QByteArray buf;
    const int64_t chunkRecords = std::max<int64_t>(1, (8 << 20) / record);
    for (int64_t i = 0; i < n; i += chunkRecords) {
        const int64_t m = std::min(chunkRecords, n - i);
        buf = f.read(m * record);
        if (buf.size() != m * record)
            fail(path, QStringLiteral("read error at record %1: %2").arg(i).arg(f.errorString()));
        for (int64_t r = 0; r < m; ++r) {
            const char* rec = buf.constData() + r * record;
            int32_t rd;
            std::memcpy(&rd, rec, 4);
            if (rd != dim)
                fail(path,
                    QStringLiteral("malformed: record %1 says dimension %2, the first said %3")
                        .arg(i + r)
                        .arg(rd)
                        .arg(dim));
            float* out = d.vectors.data() + (i + r) * dim;
            if (bytes) {
                const auto* v = reinterpret_cast<const uint8_t*>(rec + 4);
                for (int j = 0; j < dim; ++j)
                    out[j] = float(v[j]);
            } else {
                std::memcpy(out, rec + 4, size_t(dim) * 4);
                for (int j = 0; j < dim; ++j)
                    if (!std::isfinite(out[j]))
                        fail(path, QStringLiteral("malformed: record %1 holds a NaN or infinite value").arg(i + r));
            }
        }
    }
    d.description = QStringLiteral("%1: %2×%3").arg(QFileInfo(path).fileName()).arg(n).arg(dim);
    d.cacheKey = QStringLiteral("file:%1:%2:%3")
                     .arg(QFileInfo(path).canonicalFilePath())
                     .arg(size)
                     .arg(QFileInfo(path).lastModified().toMSecsSinceEpoch());
    makeQueriesFrom(d, numQueries, seed);
    return d;
}

// NumPy's .npy, version 1-3: magic, version, header length, a Python dict literal, raw data.
Dataset loadNpy(const QString& path, int64_t numQueries, uint64_t seed, int64_t maxBytes, const AdmitFn& admit)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        fail(path, QStringLiteral("cannot open: %1").arg(f.errorString()));
    const QByteArray head = f.read(12);
    if (head.size() < 10 || !head.startsWith("\x93NUMPY"))
        fail(path, QStringLiteral("malformed: no .npy magic (\\x93NUMPY) at the start"));
    const int major = uchar(head[6]);
    int64_t headerLen = 0, offset = 0;
    if (major == 1) {
        headerLen = uchar(head[8]) | (uchar(head[9]) << 8);
        offset = 10;
    } else if (major == 2 || major == 3) {
        if (head.size() < 12)
            fail(path, QStringLiteral("malformed: truncated header"));
        headerLen = int64_t(uchar(head[8])) | (int64_t(uchar(head[9])) << 8) | (int64_t(uchar(head[10])) << 16)
            | (int64_t(uchar(head[11])) << 24);
        offset = 12;
    } else {
        fail(path, QStringLiteral("unsupported .npy version %1").arg(major));
    }
    if (headerLen <= 0 || headerLen > 1 << 20)
        fail(path, QStringLiteral("malformed: header length %1").arg(headerLen));
    f.seek(offset);
    const QString header = QString::fromLatin1(f.read(headerLen));
    if (header.size() != headerLen)
        fail(path, QStringLiteral("malformed: truncated header"));
    const auto descr = QRegularExpression(QStringLiteral("'descr'\\s*:\\s*'([^']*)'")).match(header);
    const auto fortran = QRegularExpression(QStringLiteral("'fortran_order'\\s*:\\s*(True|False)")).match(header);
    const auto shape = QRegularExpression(QStringLiteral("'shape'\\s*:\\s*\\(([^)]*)\\)")).match(header);
    if (!descr.hasMatch() || !fortran.hasMatch() || !shape.hasMatch())
        fail(path, QStringLiteral("malformed: header lacks descr, fortran_order or shape: %1").arg(header.trimmed()));
    if (descr.captured(1) != QLatin1String("<f4") && descr.captured(1) != QLatin1String("=f4"))
        fail(path,
            QStringLiteral("unsupported dtype '%1': save the array as little-endian float32 "
                           "(numpy: a.astype('<f4'))")
                .arg(descr.captured(1)));
    if (fortran.captured(1) == QLatin1String("True"))
        fail(path, QStringLiteral("unsupported: Fortran (column-major) order; save np.ascontiguousarray(a)"));
    QList<int64_t> dims;
    for (const QString& part : shape.captured(1).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int64_t v = part.trimmed().toLongLong(&ok);
        if (!ok || v < 0)
            fail(path, QStringLiteral("malformed shape (%1)").arg(shape.captured(1)));
        dims << v;
    }
    if (dims.size() != 2 || dims[0] == 0 || dims[1] == 0 || dims[1] > 65536)
        fail(path, QStringLiteral("expected a 2-D array (vectors, dim), got shape (%1)").arg(shape.captured(1)));
    const int64_t n = dims[0];
    const int dim = int(dims[1]);
    const int64_t dataOffset = offset + headerLen;
    const int64_t expected = n * dim * 4;
    checkSize(path, n, dim, maxBytes);
    if (f.size() - dataOffset != expected)
        fail(path,
            QStringLiteral("malformed: shape (%1, %2) needs %3 data bytes, the file holds %4")
                .arg(n)
                .arg(dim)
                .arg(expected)
                .arg(f.size() - dataOffset));
    if (admit)
        admit(n, dim);
    Dataset d;
    d.n = n;
    d.dim = dim;
    d.vectors.resize(size_t(n) * size_t(dim));
    f.seek(dataOffset);
    char* out = reinterpret_cast<char*>(d.vectors.data());
    int64_t done = 0;
    while (done < expected) {
        const int64_t got = f.read(out + done, std::min<int64_t>(expected - done, 64 << 20));
        if (got <= 0)
            fail(path, QStringLiteral("read error: %1").arg(f.errorString()));
        done += got;
    }
    for (float v : d.vectors)
        if (!std::isfinite(v))
            fail(path, QStringLiteral("malformed: the array holds NaN or infinite values"));
    d.description = QStringLiteral("%1: %2×%3").arg(QFileInfo(path).fileName()).arg(n).arg(dim);
    d.cacheKey = QStringLiteral("file:%1:%2:%3")
                     .arg(QFileInfo(path).canonicalFilePath())
                     .arg(f.size())
                     .arg(QFileInfo(path).lastModified().toMSecsSinceEpoch());
    makeQueriesFrom(d, numQueries, seed);
    return d;
}

} // namespace

int64_t maxDatasetBytes()
{
    const QByteArray env = qgetenv("LOOPLAB_SEARCH_MAX_DATASET_MB");
    if (!env.isEmpty()) {
        bool ok = false;
        const double mb = env.toDouble(&ok);
        if (ok && mb > 0)
            return int64_t(mb * 1024 * 1024);
    }
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || pageSize <= 0)
        return int64_t(4) << 30;
    return int64_t(pages) * pageSize / 2;
}

Dataset makeSyntheticDataset(
    const DatasetConfig& config, int64_t numQueries, const std::atomic<bool>* cancel, const AdmitFn& admit)
{
    Dataset d;
    d.n = config.vectors;
    d.dim = config.dim;
    const int dim = d.dim;
    const int clusters = std::max(1, config.clusters);
    const double bytes = double(d.n) * dim * 4.0;
    if (bytes > double(maxDatasetBytes()))
        throw DatasetError(QStringLiteral("synthetic dataset %1×%2 needs %3, more than the %4 limit")
                               .arg(d.n)
                               .arg(dim)
                               .arg(gib(bytes), gib(double(maxDatasetBytes())))
                               .toStdString());
    if (admit)
        admit(d.n, dim);
    std::vector<float> centres(size_t(clusters) * dim);
    for (int c = 0; c < clusters; ++c) {
        SplitMix r{mix(config.seed, 0xC0FFEEULL + uint64_t(c)), false, 0};
        for (int j = 0; j < dim; ++j)
            centres[size_t(c) * dim + j] = r.normal();
    }
    constexpr float kSpread = 0.5f;
    // Once a stop is seen every remaining row is skipped (not only every 1024th: the generation of
    // millions of rows must end within a second of a stop).
    std::atomic<bool> stopped{false};
    auto fill = [&](std::vector<float>& out, int64_t rows, uint64_t stream) {
        out.resize(size_t(rows) * dim);
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < rows; ++i) {
            if (stopped.load(std::memory_order_relaxed))
                continue;
            if (cancel && (i & 1023) == 0 && cancel->load(std::memory_order_relaxed)) {
                stopped.store(true, std::memory_order_relaxed);
                continue;
            }
            SplitMix r{mix(stream, uint64_t(i)), false, 0};
            const float* c = centres.data() + size_t(r.next() % uint64_t(clusters)) * dim;
            float* row = out.data() + size_t(i) * dim;
            for (int j = 0; j < dim; ++j)
                row[j] = c[j] + kSpread * r.normal();
        }
    };
    fill(d.vectors, d.n, config.seed);
    d.nq = numQueries;
    fill(d.queries, d.nq, config.seed + 1);
    d.description
        = QStringLiteral("synthetic %1×%2 (%3 clusters, seed %4)").arg(d.n).arg(dim).arg(clusters).arg(config.seed);
    d.cacheKey = QStringLiteral("synthetic:v2:%1:%2:%3:%4").arg(d.n).arg(dim).arg(clusters).arg(config.seed);
    return d;
}

Dataset loadDatasetFile(const QString& path, int64_t numQueries, uint64_t seed, int64_t maxBytes, const AdmitFn& admit)
{
    const QFileInfo info(path);
    if (!info.exists())
        fail(path, QStringLiteral("does not exist (a relative path is taken from the scenario file's folder)"));
    if (!info.isFile())
        fail(path, QStringLiteral("is not a regular file"));
    const QString suffix = info.suffix().toLower();
    if (suffix == QLatin1String("fvecs"))
        return loadVecs(path, false, numQueries, seed, maxBytes, admit);
    if (suffix == QLatin1String("bvecs"))
        return loadVecs(path, true, numQueries, seed, maxBytes, admit);
    if (suffix == QLatin1String("npy"))
        return loadNpy(path, numQueries, seed, maxBytes, admit);
    fail(path, QStringLiteral("unsupported format '.%1' (use .fvecs, .bvecs or float32 .npy)").arg(suffix));
}

Dataset loadDataset(
    const DatasetConfig& config, int64_t numQueries, const std::atomic<bool>* cancel, const AdmitFn& admit)
{
    if (!config.file.isEmpty())
        return loadDatasetFile(config.file, numQueries, config.seed, maxDatasetBytes(), admit);
    return makeSyntheticDataset(config, numQueries, cancel, admit);
}

namespace {
std::mutex g_budgetMutex;
int64_t g_budgetInUse = 0;
} // namespace

MemoryBudget::Reservation& MemoryBudget::Reservation::operator=(Reservation&& o) noexcept
{
    if (this != &o) {
        release();
        m_bytes = o.m_bytes;
        o.m_bytes = 0;
    }
    return *this;
}

void MemoryBudget::Reservation::release()
{
    if (m_bytes == 0)
        return;
    std::lock_guard lock(g_budgetMutex);
    g_budgetInUse -= m_bytes;
    m_bytes = 0;
}

MemoryBudget::Reservation MemoryBudget::reserve(int64_t bytes, const QString& what)
{
    const int64_t limit = maxDatasetBytes();
    std::lock_guard lock(g_budgetMutex);
    if (bytes > limit - g_budgetInUse)
        throw DatasetError(
            QStringLiteral("not enough memory for the search lab: %1 need %2 in all, but the search labs "
                           "may hold %3 together (half the physical memory, or "
                           "LOOPLAB_SEARCH_MAX_DATASET_MB) and %4 of it is held already by the "
                           "other search labs of this run")
                .arg(what, gib(double(bytes)), gib(double(limit)), gib(double(g_budgetInUse)))
                .toStdString());
    g_budgetInUse += bytes;
    Reservation r;
    r.m_bytes = bytes;
    return r;
}

int64_t MemoryBudget::inUse()
{
    std::lock_guard lock(g_budgetMutex);
    return g_budgetInUse;
}

int64_t labMemoryBytes(int64_t n, int dim, int64_t numQueries, IndexType type, int hnswM, bool cuda, QString* what)
{
    const int64_t vectors = n * int64_t(dim) * 4;
    const int64_t queries = numQueries * int64_t(dim) * 4;
    int64_t index = 0;
    if (!cuda) {
        index = vectors; // every FAISS index here stores the vectors themselves
        if (type == IndexType::Ivf)
            index += n * 8; // the inverted lists' ids
        else if (type == IndexType::Hnsw)
            index += n * int64_t(2 * std::max(1, hnswM)) * 4 * 5 / 4; // level-0 links + upper levels
    }
    if (what)
        *what = QStringLiteral("%1×%2 vectors (%3) + %4 + the query pool (%5)")
                    .arg(n)
                    .arg(dim)
                    .arg(gib(double(vectors)),
                        cuda ? QStringLiteral("nothing more on the host (the GPU holds the copy)")
                             : QStringLiteral("FAISS's own copy in the %1 index (%2)")
                                   .arg(QLatin1String(indexTypeName(type)), gib(double(index))),
                        gib(double(queries)));
    return vectors + index + queries;
}

} // namespace looplab::labs::search
