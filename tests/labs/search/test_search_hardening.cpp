// The vector_search lab against hostile or careless input and against dishonest measuring (issue
// 17): recall that trusts only ids, an index cache that loads nothing it did not write for these
// parameters, one memory budget for all labs, a ground truth a stop interrupts, the CUDA backend's
// launch arithmetic at extreme shapes (checked on the CPU), which GPU NVML reads, and the backend
// `auto` picks.
#include "labs/search/cuda/search_plan.h"
#include "labs/search/dataset.h"
#include "labs/search/index_builder.h"
#include "labs/search/nvml_probe.h"
#include "labs/search/recall.h"
#include "labs/search/search_config.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <faiss/IndexIVF.h>
#include <faiss/utils/distances.h>
#include <sys/stat.h>

#include <algorithm>
#include <set>
#include <thread>

using namespace looplab::labs::search;
namespace lc = looplab::cuda;

namespace {

// One-dimensional vectors: distances anyone can check by hand.
Dataset line(const std::vector<float>& values, float query)
{
    Dataset d;
    d.n = int64_t(values.size());
    d.dim = 1;
    d.vectors = values;
    d.nq = 1;
    d.queries = {query};
    return d;
}

DatasetConfig synthetic(int64_t n, int dim)
{
    DatasetConfig c;
    c.vectors = n;
    c.dim = dim;
    c.clusters = 32;
    c.seed = 3;
    return c;
}

int modeOf(const QString& path)
{
    struct stat st {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

struct EnvGuard {
    QByteArray name, old;
    bool had;
    EnvGuard(const char* n, const QByteArray& value)
        : name(n)
        , old(qgetenv(n))
        , had(qEnvironmentVariableIsSet(n))
    {
        if (value.isNull())
            qunsetenv(n);
        else
            qputenv(n, value);
    }
    ~EnvGuard()
    {
        if (had)
            qputenv(name.constData(), old);
        else
            qunsetenv(name.constData());
    }
};

} // namespace

class TestSearchHardening : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- recall: ids only, exact distances, no duplicates -------------------------------------

    void recallCountsIdsNotClaims_data()
    {
        QTest::addColumn<QList<float>>("values");
        QTest::addColumn<float>("query");
        QTest::addColumn<int>("k");
        QTest::addColumn<QList<qint64>>("answer");
        QTest::addColumn<int>("expected");
        const QList<float> ramp{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        // query 0.1: the true 3 nearest are ids 0, 1, 2.
        QTest::newRow("exact") << ramp << 0.1f << 3 << QList<qint64>{0, 1, 2} << 3;
        QTest::newRow("any order") << ramp << 0.1f << 3 << QList<qint64>{2, 0, 1} << 3;
        QTest::newRow("duplicate cheat: nearest id k times") << ramp << 0.1f << 3 << QList<qint64>{0, 0, 0} << 1;
        QTest::newRow("one duplicate") << ramp << 0.1f << 3 << QList<qint64>{0, 1, 1} << 2;
        QTest::newRow("one wrong") << ramp << 0.1f << 3 << QList<qint64>{0, 1, 9} << 2;
        QTest::newRow("far ids") << ramp << 0.1f << 3 << QList<qint64>{7, 8, 9} << 0;
        QTest::newRow("missing (-1)") << ramp << 0.1f << 3 << QList<qint64>{0, -1, -1} << 1;
        QTest::newRow("out of range") << ramp << 0.1f << 3 << QList<qint64>{0, 1, 10} << 2;
        QTest::newRow("negative garbage") << ramp << 0.1f << 3 << QList<qint64>{-7, 1, 2} << 2;
        // query 0: id 0 at distance 0, ids 1 and 2 tie at 1, ids 3 and 4 tie at 4.
        const QList<float> ties{0, 1, -1, 2, -2, 3};
        QTest::newRow("tie: either tied id (1)") << ties << 0.f << 2 << QList<qint64>{0, 1} << 2;
        QTest::newRow("tie: either tied id (2)") << ties << 0.f << 2 << QList<qint64>{0, 2} << 2;
        QTest::newRow("tie: both tied ids, nearest missing") << ties << 0.f << 2 << QList<qint64>{1, 2} << 1;
        QTest::newRow("tie: tied id twice") << ties << 0.f << 2 << QList<qint64>{2, 2} << 1;
        QTest::newRow("tie: all tied places") << ties << 0.f << 3 << QList<qint64>{1, 2, 0} << 3;
        QTest::newRow("tie: one place, two tied ids") << ties << 0.f << 4 << QList<qint64>{0, 1, 3, 4} << 3;
        QTest::newRow("tie: one place filled") << ties << 0.f << 4 << QList<qint64>{4, 2, 1, 0} << 4;
        QTest::newRow("tie: beyond the tie") << ties << 0.f << 2 << QList<qint64>{0, 3} << 1;
    }
    void recallCountsIdsNotClaims()
    {
        QFETCH(QList<float>, values);
        QFETCH(float, query);
        QFETCH(int, k);
        QFETCH(QList<qint64>, answer);
        QFETCH(int, expected);
        const Dataset d = line(std::vector<float>(values.begin(), values.end()), query);
        const GroundTruth truth(d, 1, k);
        QVERIFY(truth.complete());
        QCOMPARE(truth.slotOf(0), 0);
        std::vector<int64_t> ids(answer.begin(), answer.end());
        QCOMPARE(truth.hits(0, ids.data(), k), expected);
    }

    // The blocked ground truth (query blocks × database blocks, merged) is the exact k nearest.
    void groundTruthMatchesOneBruteForce()
    {
        const Dataset d = makeSyntheticDataset(synthetic(40000, 128), 64); // 3 database blocks
        const GroundTruth truth(d, 64, 10);
        QVERIFY(truth.complete());
        std::vector<float> dist(64 * 10);
        std::vector<int64_t> ids(64 * 10);
        faiss::knn_L2sqr(d.queries.data(), d.vectors.data(), 128, 64, size_t(d.n), 10, dist.data(), ids.data());
        for (int s = 0; s < 64; ++s) {
            const std::set<int64_t> a(truth.trueIds(s), truth.trueIds(s) + 10);
            const std::set<int64_t> b(ids.begin() + s * 10, ids.begin() + s * 10 + 10);
            QCOMPARE(a, b);
            QCOMPARE(truth.hits(s, ids.data() + s * 10, 10), 10);
        }
    }

    // A stop raised while the exact neighbours of a large sample are computed ends it promptly.
    void groundTruthStopsPromptly()
    {
        const Dataset d = makeSyntheticDataset(synthetic(100000, 128), 4096);
        std::atomic<bool> cancel{false};
        QElapsedTimer t;
        qint64 raisedAt = -1;
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
            raisedAt = t.elapsed();
            cancel = true;
        });
        t.start();
        const GroundTruth truth(d, 4096, 100, &cancel); // seconds of work when not stopped
        const qint64 ended = t.elapsed();
        stopper.join();
        qInfo(
            "ground truth of 4096 queries on 100000×128: stop raised at %lld ms, returned at %lld ms", raisedAt, ended);
        QVERIFY(!truth.complete());
        QCOMPARE(truth.slotOf(0), -1); // nothing is checked against an unfinished truth
        QVERIFY2(ended - raisedAt < 900, // well within the second Stop promises, on a busy machine
            qPrintable(QString::number(ended - raisedAt)));
    }

    // IVF training (k-means, one FAISS call of seconds here) ends soon after a stop.
    void ivfTrainingStopsPromptly()
    {
        QTemporaryDir cache;
        const Dataset d = makeSyntheticDataset(synthetic(100000, 32), 16);
        std::atomic<bool> cancel{false};
        BuildProgress p;
        QElapsedTimer t;
        t.start();
        std::atomic<qint64> raisedAt{-1};
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            raisedAt = t.elapsed();
            cancel = true;
        });
        const BuiltIndex built = buildOrLoadIndex(d, IndexType::Ivf, 1024, 32, p, cancel, cache.path());
        const qint64 ended = t.elapsed();
        stopper.join();
        qInfo("ivf nlist=1024 on 100000×32: stop raised at %lld ms, build returned at %lld ms", raisedAt.load(), ended);
        QVERIFY(!built.index);
        QVERIFY2(ended - raisedAt < 900, // well within the second Stop promises, on a busy machine
            qPrintable(QString::number(ended - raisedAt)));
        // Another lab's build (another thread, no stop) is not interrupted by this one's flag.
        std::atomic<bool> keepGoing{false};
        const BuiltIndex other = buildOrLoadIndex(d, IndexType::Ivf, 16, 32, p, keepGoing, cache.path());
        QVERIFY(other.index);
    }

    // ---- the index cache ------------------------------------------------------------------------

    void corruptCacheFileIsRebuilt()
    {
        QTemporaryDir cache;
        const Dataset d = makeSyntheticDataset(synthetic(20000, 32), 64);
        std::atomic<bool> cancel{false};
        BuildProgress p;
        const BuiltIndex first = buildOrLoadIndex(d, IndexType::Ivf, 64, 32, p, cancel, cache.path());
        QVERIFY(!first.fromCache);
        QFile f(first.cachePath);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 at = f.size() * 3 / 4; // inside the stored vectors
        QVERIFY(f.seek(at));
        char c = 0;
        QVERIFY(f.getChar(&c));
        QVERIFY(f.seek(at));
        QVERIFY(f.putChar(char(c ^ 0x5a)));
        f.close();
        const BuiltIndex second = buildOrLoadIndex(d, IndexType::Ivf, 64, 32, p, cancel, cache.path());
        QVERIFY2(!second.fromCache, "a corrupted cache file was loaded");
        // ... and rebuilt over: the next run loads a good one.
        const BuiltIndex third = buildOrLoadIndex(d, IndexType::Ivf, 64, 32, p, cancel, cache.path());
        QVERIFY(third.fromCache);
    }

    void foreignFilesAreNotLoaded_data()
    {
        QTest::addColumn<QString>("what");
        QTest::newRow("another index planted under this name") << QStringLiteral("planted");
        QTest::newRow("garbage") << QStringLiteral("garbage");
        QTest::newRow("truncated") << QStringLiteral("truncated");
    }
    void foreignFilesAreNotLoaded()
    {
        QFETCH(QString, what);
        QTemporaryDir cache;
        const Dataset d = makeSyntheticDataset(synthetic(20000, 32), 64);
        std::atomic<bool> cancel{false};
        BuildProgress p;
        const BuiltIndex other = buildOrLoadIndex(d, IndexType::Ivf, 64, 32, p, cancel, cache.path());
        const QString target = cache.filePath(indexCacheName(d.cacheKey, IndexType::Ivf, 128, 32));
        QVERIFY(other.cachePath != target);
        QFile src(other.cachePath);
        QVERIFY(src.open(QIODevice::ReadOnly));
        QByteArray bytes = src.readAll();
        if (what == QLatin1String("garbage"))
            bytes = QByteArray(4096, 'x');
        else if (what == QLatin1String("truncated"))
            bytes.chop(bytes.size() / 3);
        QFile dst(target);
        QVERIFY(dst.open(QIODevice::WriteOnly));
        dst.write(bytes);
        dst.close();
        const BuiltIndex built = buildOrLoadIndex(d, IndexType::Ivf, 128, 32, p, cancel, cache.path());
        QCOMPARE(built.cachePath, target);
        QVERIFY2(!built.fromCache, "a file this build did not write for these parameters was loaded");
        auto* ivf = dynamic_cast<faiss::IndexIVF*>(built.index.get());
        QVERIFY(ivf);
        QCOMPARE(ivf->nlist, size_t(128));
    }

    void cacheFolderIsPrivate()
    {
        QTemporaryDir home;
        const EnvGuard noOverride("LOOPLAB_CACHE_DIR", QByteArray());
        const EnvGuard xdg("XDG_CACHE_HOME", QFile::encodeName(home.path()));
        const QString dir = indexCacheDir();
        QVERIFY2(dir.startsWith(home.path()), qPrintable(dir));
        QVERIFY(!dir.startsWith(QDir::tempPath() + QStringLiteral("/looplab")));
        const Dataset d = makeSyntheticDataset(synthetic(5000, 16), 16);
        std::atomic<bool> cancel{false};
        BuildProgress p;
        const BuiltIndex built = buildOrLoadIndex(d, IndexType::Ivf, 16, 32, p, cancel);
        QVERIFY(built.cachePath.startsWith(dir));
        QVERIFY(QFile::exists(built.cachePath));
        QCOMPARE(modeOf(dir), 0700);
        QCOMPARE(modeOf(built.cachePath) & 077, 0);

        // A folder others may write to is tightened before it is used.
        const QString loose = home.filePath(QStringLiteral("loose"));
        QVERIFY(QDir().mkpath(loose));
        QVERIFY(::chmod(QFile::encodeName(loose).constData(), 0777) == 0);
        const BuiltIndex again = buildOrLoadIndex(d, IndexType::Ivf, 16, 32, p, cancel, loose);
        QVERIFY(again.cachePath.startsWith(loose));
        QCOMPARE(modeOf(loose), 0700);
        // A symlink is not followed.
        const QString link = home.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(loose, link));
        const BuiltIndex viaLink = buildOrLoadIndex(d, IndexType::Ivf, 16, 32, p, cancel, link);
        QVERIFY(viaLink.cachePath.isEmpty());
        QVERIFY(!viaLink.fromCache);
    }

    // ---- memory ---------------------------------------------------------------------------------

    void memoryBudgetCountsEveryLabAndFaissCopy()
    {
        const EnvGuard limit("LOOPLAB_SEARCH_MAX_DATASET_MB", "15");
        QString what;
        const int64_t one = labMemoryBytes(20000, 64, 800, IndexType::Flat, 32, false, &what);
        QVERIFY(one >= 2 * 20000 * 64 * 4); // the lab's vectors and FAISS's copy
        QVERIFY2(what.contains(QStringLiteral("FAISS")), qPrintable(what));
        QVERIFY(labMemoryBytes(20000, 64, 800, IndexType::Flat, 32, true) < one); // the GPU holds its copy
        QCOMPARE(MemoryBudget::inUse(), int64_t(0));
        {
            MemoryBudget::Reservation a = MemoryBudget::reserve(one, what);
            QCOMPARE(MemoryBudget::inUse(), one);
            try {
                MemoryBudget::Reservation b = MemoryBudget::reserve(one, what);
                QFAIL("a second lab fitted in a budget the first one mostly holds");
            } catch (const DatasetError& e) {
                const QString m = QString::fromUtf8(e.what());
                qInfo("%s", qPrintable(m));
                QVERIFY2(m.contains(QStringLiteral("15.0 MiB")) && m.contains(QStringLiteral("held already")),
                    qPrintable(m));
            }
        }
        QCOMPARE(MemoryBudget::inUse(), int64_t(0));
        MemoryBudget::Reservation c = MemoryBudget::reserve(one, what); // freed again
        QCOMPARE(c.bytes(), one);
    }

    void datasetRefusedBeforeAllocating()
    {
        const EnvGuard limit("LOOPLAB_SEARCH_MAX_DATASET_MB", "1000");
        int calls = 0;
        try {
            makeSyntheticDataset(synthetic(1'000'000, 256), 16, nullptr, [&](int64_t n, int dim) {
                ++calls;
                QCOMPARE(n, int64_t(1'000'000));
                QCOMPARE(dim, 256);
                throw DatasetError("refused");
            });
            QFAIL("not refused");
        } catch (const DatasetError&) { }
        QCOMPARE(calls, 1);
    }

    // ---- the CUDA backend's launch arithmetic ---------------------------------------------------

    void cudaPlanFitsLimits_data()
    {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("nq");
        QTest::addColumn<int>("k");
        QTest::addColumn<qint64>("tileBudget");
        QTest::addColumn<bool>("ok");
        const qint64 def = qint64(lc::kDefaultTileBudgetFloats);
        QTest::newRow("n 20000, k 10, 100000 queries") << qint64(20000) << qint64(100000) << 10 << def << true;
        QTest::newRow("n 20000, k 256, 100000 queries") << qint64(20000) << qint64(100000) << 256 << def << true;
        QTest::newRow("k 1024 refused") << qint64(20000) << qint64(100) << 1024 << def << false;
        QTest::newRow("k 0 refused") << qint64(20000) << qint64(100) << 0 << def << false;
        QTest::newRow("one query") << qint64(20000) << qint64(1) << 10 << def << true;
        QTest::newRow("tiny database, many queries") << qint64(3) << qint64(200000) << 1 << def << true;
        QTest::newRow("one segment + 1") << qint64(2049) << qint64(65536) << 32 << def << true;
        QTest::newRow("10M vectors, k 256") << qint64(10'000'000) << qint64(100000) << 256 << def << true;
        QTest::newRow("1 MiB tiles") << qint64(20000) << qint64(100000) << 10 << qint64(1 << 18) << true;
    }
    void cudaPlanFitsLimits()
    {
        QFETCH(qint64, n);
        QFETCH(qint64, nq);
        QFETCH(int, k);
        QFETCH(qint64, tileBudget);
        QFETCH(bool, ok);
        const lc::SearchPlan p = lc::planSearch(n, nq, k, size_t(tileBudget));
        QCOMPARE(p.ok, ok);
        if (!ok) {
            QVERIFY(!p.error.empty());
            return;
        }
        qInfo("n %lld nq %lld k %d: chunk %lld, tile %lld cols (%zu floats), %zu candidate floats", n, nq, k,
            qint64(p.chunk), qint64(p.tileCols), p.tileFloats(), p.candidateFloats());
        QVERIFY(p.chunk >= 1);
        QVERIFY2(p.chunk <= lc::kMaxGridY, "queries are the launch grid's y: at most 65 535");
        QVERIFY(p.chunk <= nq);
        QVERIFY2(p.tileFloats() <= size_t(tileBudget), "the distance tile exceeds its budget");
        QVERIFY2(p.candidateFloats() <= lc::kCandidateBudgetFloats, "the candidates exceed their budget");
        QVERIFY(p.tileCols >= 1 && p.tileCols <= n);
        QVERIFY2(p.tileCols == n || p.tileCols % lc::kSegment == 0, "a segment straddles two tiles");
        QCOMPARE(p.segments, (n + lc::kSegment - 1) / lc::kSegment);
        QCOMPARE(p.candPerQuery, p.segments * k);
        // Chunks and tiles cover every query and every column.
        QVERIFY((nq + p.chunk - 1) / p.chunk * p.chunk >= nq);
        QVERIFY((n + p.tileCols - 1) / p.tileCols * p.tileCols >= n);
    }

    // ---- NVML reads the GPU CUDA uses -----------------------------------------------------------

    void cudaVisibleDevicesParsing_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("isSet");
        QTest::addColumn<QStringList>("entries");
        QTest::newRow("unset") << QByteArray() << false << QStringList{};
        QTest::newRow("empty hides all") << QByteArray("") << true << QStringList{};
        QTest::newRow("one") << QByteArray("0") << true << QStringList{QStringLiteral("0")};
        QTest::newRow("reordered") << QByteArray("2,0") << true
                                   << QStringList{QStringLiteral("2"), QStringLiteral("0")};
        QTest::newRow("spaces") << QByteArray(" 1 , 3 ") << true
                                << QStringList{QStringLiteral("1"), QStringLiteral("3")};
        QTest::newRow("-1 hides all") << QByteArray("-1") << true << QStringList{};
        QTest::newRow("invalid ends the list") << QByteArray("0,x,1") << true << QStringList{QStringLiteral("0")};
        QTest::newRow("-1 ends the list") << QByteArray("1,-1,2") << true << QStringList{QStringLiteral("1")};
        QTest::newRow("uuid") << QByteArray("GPU-8f6c1b2e-1f5a-4c7e-9a4b-0123456789ab,1") << true
                              << QStringList{
                                     QStringLiteral("GPU-8f6c1b2e-1f5a-4c7e-9a4b-0123456789ab"), QStringLiteral("1")};
        QTest::newRow("mig") << QByteArray("MIG-GPU-8f6c1b2e/1/0") << true
                             << QStringList{QStringLiteral("MIG-GPU-8f6c1b2e/1/0")};
        QTest::newRow("leading zeros") << QByteArray("01") << true << QStringList{QStringLiteral("1")};
    }
    void cudaVisibleDevicesParsing()
    {
        QFETCH(QByteArray, value);
        QFETCH(bool, isSet);
        QFETCH(QStringList, entries);
        const VisibleDevices v = parseCudaVisibleDevices(value, isSet);
        QCOMPARE(v.set, isSet);
        QCOMPARE(v.entries, entries);
    }

    void nvmlWithoutDriverSaysWhy()
    {
        NvmlProbe probe(QStringLiteral("0000:41:00.0"));
        if (probe.available())
            QSKIP("an NVIDIA driver is present");
        QVERIFY(!probe.reason().isEmpty());
    }

    // ---- backend: auto never trades an approximate index for brute force -----------------------

    void backendDecision_data()
    {
        QTest::addColumn<int>("backend");
        QTest::addColumn<int>("index");
        QTest::addColumn<bool>("gpu");
        QTest::addColumn<bool>("useCuda");
        QTest::addColumn<bool>("refused");
        const int cpu = int(BackendChoice::Cpu), cuda = int(BackendChoice::Cuda), autoB = int(BackendChoice::Auto);
        const int flat = int(IndexType::Flat), ivf = int(IndexType::Ivf), hnsw = int(IndexType::Hnsw);
        QTest::newRow("auto ivf, GPU present: FAISS ivf on the CPU") << autoB << ivf << true << false << false;
        QTest::newRow("auto hnsw, GPU present: FAISS hnsw on the CPU") << autoB << hnsw << true << false << false;
        QTest::newRow("auto flat, GPU present: cuda") << autoB << flat << true << true << false;
        QTest::newRow("auto flat, no GPU: cpu") << autoB << flat << false << false << false;
        QTest::newRow("cuda ivf: refused") << cuda << ivf << true << false << true;
        QTest::newRow("cuda flat, no GPU: refused") << cuda << flat << false << false << true;
        QTest::newRow("cuda flat, GPU") << cuda << flat << true << true << false;
        QTest::newRow("cpu ivf, GPU present") << cpu << ivf << true << false << false;
    }
    void backendDecision()
    {
        QFETCH(int, backend);
        QFETCH(int, index);
        QFETCH(bool, gpu);
        QFETCH(bool, useCuda);
        QFETCH(bool, refused);
        SearchConfig c;
        c.backend = BackendChoice(backend);
        c.index = IndexType(index);
        const BackendDecision d = decideBackend(c, gpu, QStringLiteral("no device"));
        QCOMPARE(d.useCuda, useCuda);
        QCOMPARE(!d.error.isEmpty(), refused);
        if (c.backend == BackendChoice::Auto && !useCuda)
            QVERIFY2(!d.note.isEmpty(), "auto must say why it searches on the CPU");
        if (c.index == IndexType::Ivf && c.backend == BackendChoice::Auto)
            QVERIFY2(d.note.contains(QStringLiteral("ivf")), qPrintable(d.note));
    }
};

QTEST_GUILESS_MAIN(TestSearchHardening)
#include "test_search_hardening.moc"
