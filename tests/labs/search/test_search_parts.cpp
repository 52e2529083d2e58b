// The vector_search lab's parts on their own: dataset files (good ones load exactly, malformed or
// too large ones are refused with a message saying why), the on-disk index cache, recall against
// exact search, and the executor path (every dispatch mode returns what FAISS itself returns;
// batching really batches under load).
#include "aio/sync.h"
#include "labs/search/dataset.h"
#include "labs/search/index_builder.h"
#include "labs/search/recall.h"
#include "labs/search/search_backend.h"
#include "labs/search/search_config.h"
#include "labs/search/search_service.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <faiss/IndexFlat.h>

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

using namespace looplab::labs::search;

namespace {

QByteArray fvecs(const std::vector<float>& v, int dim, bool bytes = false)
{
    QByteArray out;
    for (size_t i = 0; i < v.size(); i += size_t(dim)) {
        const int32_t d = dim;
        out.append(reinterpret_cast<const char*>(&d), 4);
        for (int j = 0; j < dim; ++j) {
            if (bytes) {
                out.append(char(uint8_t(v[i + size_t(j)])));
            } else {
                const float f = v[i + size_t(j)];
                out.append(reinterpret_cast<const char*>(&f), 4);
            }
        }
    }
    return out;
}

QByteArray npy(const std::vector<float>& v, int64_t rows, int dim, const char* descr = "<f4")
{
    QByteArray header = QByteArray("{'descr': '") + descr + "', 'fortran_order': False, 'shape': ("
        + QByteArray::number(rows) + ", " + QByteArray::number(dim) + "), }";
    while ((10 + header.size() + 1) % 64 != 0)
        header.append(' ');
    header.append('\n');
    QByteArray out("\x93NUMPY\x01\x00", 8);
    const uint16_t len = uint16_t(header.size());
    out.append(char(len & 0xff)).append(char(len >> 8)).append(header);
    out.append(reinterpret_cast<const char*>(v.data()), qsizetype(v.size() * 4));
    return out;
}

std::vector<float> ramp(int64_t rows, int dim)
{
    std::vector<float> v(size_t(rows * dim));
    for (size_t i = 0; i < v.size(); ++i)
        v[i] = float(i % 251);
    return v;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

DatasetConfig synthetic(int64_t n, int dim, int clusters = 32)
{
    DatasetConfig c;
    c.vectors = n;
    c.dim = dim;
    c.clusters = clusters;
    c.seed = 3;
    return c;
}

// Runs `fn` (a coroutine returning QCoro::Task<>) to completion on `aio`, started from a pass of
// it (as the lab starts its tasks: under the GIL when the loop holds one), on this thread's Qt loop.
template <typename Fn> void runLoop(looplab::aio::Loop& aio, Fn&& fn)
{
    QEventLoop loop;
    bool done = false;
    auto task = [&]() -> QCoro::Task<> {
        co_await fn();
        done = true;
        loop.quit();
    };
    std::optional<QCoro::Task<>> t;
    aio.callSoon([&] { t.emplace(task()); });
    if (!done)
        loop.exec();
}

// A free coroutine (not a lambda: a temporary closure would die while the coroutine waits).
QCoro::Task<> oneQuery(SearchService* service, int64_t q, SearchService::Answer* out, int* maxBatch, int* pending,
    looplab::aio::Event* allDone)
{
    *out = co_await service->search(q);
    *maxBatch = std::max(*maxBatch, out->batch);
    if (--*pending == 0)
        allDone->set();
}

} // namespace

class TestSearchParts : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void loadsGoodFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        const auto v = ramp(50, 12);
        QTest::newRow("fvecs") << "good.fvecs" << fvecs(v, 12);
        QTest::newRow("bvecs") << "good.bvecs" << fvecs(v, 12, true);
        QTest::newRow("npy") << "good.npy" << npy(v, 50, 12);
    }
    void loadsGoodFiles()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        const Dataset d = loadDatasetFile(writeFile(m_dir, name, bytes), 10, 1);
        QCOMPARE(d.n, 50);
        QCOMPARE(d.dim, 12);
        QCOMPARE(d.vectors, ramp(50, 12));
        QCOMPARE(d.nq, 10);
        QVERIFY(d.description.contains(QStringLiteral("50×12")));
    }

    void refusesBadFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const auto v = ramp(20, 8);
        QByteArray truncated = fvecs(v, 8);
        truncated.chop(3);
        QByteArray mixedDims = fvecs(v, 8);
        const int32_t seven = 7;
        std::memcpy(mixedDims.data() + 5 * (4 + 32), &seven, 4);
        QByteArray zeroDim(4, '\0');
        QByteArray shortNpy = npy(v, 20, 8);
        shortNpy.chop(8);
        QTest::newRow("truncated fvecs") << "t.fvecs" << truncated << "not a whole number of 36-byte records";
        QTest::newRow("dimension changes") << "m.fvecs" << mixedDims << "record 5 says dimension 7, the first said 8";
        QTest::newRow("zero dimension") << "z.fvecs" << zeroDim << "dimension 0";
        QTest::newRow("empty") << "e.fvecs" << QByteArray() << "shorter than one record header";
        QTest::newRow("npy float64") << "d.npy" << npy(v, 20, 8, "<f8") << "unsupported dtype '<f8'";
        QTest::newRow("npy short data") << "s.npy" << shortNpy << "needs 640 data bytes, the file holds 632";
        QTest::newRow("npy no magic") << "n.npy" << QByteArray("hello world, not numpy") << "no .npy magic";
        QTest::newRow("unknown format") << "x.csv" << QByteArray("1,2,3\n") << "unsupported format '.csv'";
    }
    void refusesBadFiles()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString path = writeFile(m_dir, name, bytes);
        try {
            loadDatasetFile(path, 10, 1);
            QFAIL("accepted a bad file");
        } catch (const DatasetError& e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.contains(expected), qPrintable(msg));
            QVERIFY2(msg.contains(path), qPrintable(msg)); // says which file
        }
    }

    void refusesTooLarge()
    {
        // 4000 × 64 floats = 1000 KiB against a 0.5 MiB limit: refused before reading.
        const QString path = writeFile(m_dir, QStringLiteral("big.fvecs"), fvecs(ramp(4000, 64), 64));
        try {
            loadDatasetFile(path, 10, 1, 512 * 1024);
            QFAIL("accepted a dataset over the limit");
        } catch (const DatasetError& e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(
                msg.contains(QStringLiteral("too large")) && msg.contains(QStringLiteral("4000 vectors × 64 dims")),
                qPrintable(msg));
        }
    }

    void syntheticIsDeterministic()
    {
        const Dataset a = makeSyntheticDataset(synthetic(3000, 16), 100);
        const Dataset b = makeSyntheticDataset(synthetic(3000, 16), 100);
        QCOMPARE(a.vectors, b.vectors);
        QCOMPARE(a.queries, b.queries);
        auto other = synthetic(3000, 16);
        other.seed = 4;
        QVERIFY(makeSyntheticDataset(other, 100).vectors != a.vectors);
    }

    // The second build of the same IVF index comes from the cache, answers the same, and is faster.
    void indexCache()
    {
        QTemporaryDir cache;
        const Dataset d = makeSyntheticDataset(synthetic(20000, 32), 64);
        std::atomic<bool> cancel{false};
        BuildProgress p1, p2;
        BuiltIndex first = buildOrLoadIndex(d, IndexType::Ivf, 128, 32, p1, cancel, cache.path());
        QVERIFY(!first.fromCache);
        QCOMPARE(p1.fraction.load(), 1.0);
        QVERIFY(QFile::exists(first.cachePath));
        BuiltIndex second = buildOrLoadIndex(d, IndexType::Ivf, 128, 32, p2, cancel, cache.path());
        QVERIFY(second.fromCache);
        QCOMPARE(second.cachePath, first.cachePath);
        qInfo("ivf nlist=128 on 20000×32: build %.3f s, cache load %.3f s", first.seconds, second.seconds);
        QVERIFY(second.seconds < first.seconds);
        // Another nlist is another file.
        QVERIFY(
            indexCacheName(d.cacheKey, IndexType::Ivf, 64, 32) != indexCacheName(d.cacheKey, IndexType::Ivf, 128, 32));
        std::vector<float> d1(64 * 10), d2(64 * 10);
        std::vector<faiss::Index::idx_t> i1(64 * 10), i2(64 * 10);
        first.index->search(64, d.queries.data(), 10, d1.data(), i1.data());
        second.index->search(64, d.queries.data(), 10, d2.data(), i2.data());
        QCOMPARE(i1, i2);
    }

    void recallAgainstExact()
    {
        const Dataset d = makeSyntheticDataset(synthetic(20000, 32), 400);
        const GroundTruth truth(d, 100, 10);
        QCOMPARE(truth.sampleSize(), 100);
        std::atomic<bool> cancel{false};
        BuildProgress p;
        QTemporaryDir cache;
        auto flat = buildOrLoadIndex(d, IndexType::Flat, 0, 0, p, cancel, cache.path());
        auto ivf = buildOrLoadIndex(d, IndexType::Ivf, 256, 0, p, cancel, cache.path());
        FaissBackend flatB(std::move(flat.index), IndexType::Flat);
        FaissBackend ivfB(std::move(ivf.index), IndexType::Ivf);
        auto recall = [&](SearchBackend& b) {
            int hits = 0;
            for (int64_t q = 0; q < d.nq; ++q) {
                const int slot = truth.slotOf(q);
                if (slot < 0)
                    continue;
                float dist[10];
                int64_t ids[10];
                b.search(1, d.queries.data() + q * d.dim, 10, dist, ids);
                hits += truth.hits(slot, ids, 10);
            }
            return hits / 1000.0;
        };
        QCOMPARE(recall(flatB), 1.0);
        ivfB.setNprobe(1);
        const double r1 = recall(ivfB);
        ivfB.setNprobe(64);
        const double r64 = recall(ivfB);
        qInfo("ivf nlist=256 recall@10: nprobe 1 → %.3f, nprobe 64 → %.3f", r1, r64);
        QVERIFY(r1 < 0.9);
        QVERIFY(r64 > r1 + 0.1);
    }

    // Every dispatch mode answers exactly what FAISS answers for the same queries, with and
    // without the emulated GIL (the loop holding it for each pass, as the lab's loop does).
    void dispatchAnswersMatchFaiss_data()
    {
        QTest::addColumn<int>("dispatch");
        QTest::addColumn<bool>("gil");
        for (const bool gil : {false, true}) {
            const char* g = gil ? ", cpython" : ", free-threaded";
            QTest::newRow(qPrintable(QStringLiteral("on_loop") + QLatin1String(g))) << int(Dispatch::OnLoop) << gil;
            QTest::newRow(qPrintable(QStringLiteral("to_thread") + QLatin1String(g))) << int(Dispatch::ToThread) << gil;
            QTest::newRow(qPrintable(QStringLiteral("batched") + QLatin1String(g))) << int(Dispatch::Batched) << gil;
        }
    }
    void dispatchAnswersMatchFaiss()
    {
        QFETCH(int, dispatch);
        QFETCH(bool, gil);
        const Dataset d = makeSyntheticDataset(synthetic(5000, 16), 256);
        auto index = std::make_unique<faiss::IndexFlatL2>(d.dim);
        index->add(d.n, d.vectors.data());
        std::vector<float> refD(size_t(d.nq) * 5);
        std::vector<faiss::Index::idx_t> refI(size_t(d.nq) * 5);
        index->search(d.nq, d.queries.data(), 5, refD.data(), refI.data());
        FaissBackend backend(std::move(index), IndexType::Flat);

        looplab::aio::Loop aio;
        looplab::pyrt::Gil theGil(5'000'000, {}, 0);
        looplab::pyrt::GilThread loopThread;
        if (gil)
            aio.setPassHooks([&] { theGil.acquire(loopThread); },
                [&] { theGil.release(loopThread, looplab::metrics::LaneState::Idle); });
        SearchService service(aio, backend, d.queries.data(), d.nq, d.dim, 5, Dispatch(dispatch), 2);
        if (gil)
            service.setInterpreter(&theGil, &loopThread);
        service.setMaxBatch(16);
        service.setMaxWaitNs(1'000'000);
        std::vector<SearchService::Answer> answers(size_t(d.nq));
        int maxBatch = 0;
        runLoop(aio, [&]() -> QCoro::Task<> {
            // 256 concurrent queries, as from 256 coroutines.
            std::vector<QCoro::Task<>> tasks;
            int pending = int(d.nq);
            looplab::aio::Event allDone(aio);
            for (int64_t q = 0; q < d.nq; ++q)
                tasks.push_back(oneQuery(&service, q, &answers[size_t(q)], &maxBatch, &pending, &allDone));
            if (pending > 0)
                co_await allDone.wait();
            co_await service.drain();
        });
        for (int64_t q = 0; q < d.nq; ++q)
            for (int j = 0; j < 5; ++j)
                QCOMPARE(answers[size_t(q)].ids[size_t(j)], refI[size_t(q * 5 + j)]);
        if (Dispatch(dispatch) == Dispatch::Batched) {
            QCOMPARE(maxBatch, 16); // 256 waiting queries fill batches to max_batch
            QVERIFY(service.executorCalls() <= uint64_t(d.nq / 16 + 2));
        } else {
            QCOMPARE(maxBatch, 1);
            QCOMPARE(service.executorCalls(), uint64_t(d.nq));
        }
        if (gil) { // executor threads take the GIL to enter and leave each search; on_loop only the loop holds it
            qInfo("GIL holder changes: %llu for %llu library calls", (unsigned long long)theGil.switches(),
                (unsigned long long)service.executorCalls());
            if (Dispatch(dispatch) == Dispatch::OnLoop)
                QCOMPARE(theGil.switches(), uint64_t(1));
            else
                QVERIFY(theGil.switches() > 1);
        }
    }

    // FAISS releases the GIL: while an executor thread is inside the call, another thread (the
    // event loop) takes the GIL at once. Were the call Python code, it would wait for the call to
    // return. `call` lasts 300 ms; the other thread asks for the GIL once it has begun.
    void searchReleasesTheGil_data()
    {
        QTest::addColumn<bool>("releases");
        QTest::newRow("releases_gil (FAISS)") << true;
        QTest::newRow("python (holds it)") << false;
    }
    void searchReleasesTheGil()
    {
        QFETCH(bool, releases);
        looplab::pyrt::Gil gil(5'000'000, {}, 0);
        looplab::pyrt::GilThread worker, loop;
        worker.index = 0;
        loop.index = 1;
        std::atomic<bool> inside{false};
        std::thread t([&] {
            looplab::pyrt::runCall(
                &gil, worker, releases ? looplab::pyrt::CodeKind::ReleasesGil : looplab::pyrt::CodeKind::Python, [&] {
                    inside = true;
                    std::this_thread::sleep_for(std::chrono::milliseconds(300));
                });
        });
        while (!inside)
            std::this_thread::yield();
        QElapsedTimer waited;
        waited.start();
        gil.acquire(loop);
        const qint64 ms = waited.elapsed();
        gil.release(loop, looplab::metrics::LaneState::Idle);
        t.join();
        qInfo("the loop thread waited %lld ms for the GIL while a 300 ms call ran", ms);
        if (releases)
            QVERIFY2(ms < 150, "a call that releases the GIL must not hold up the loop");
        else
            QVERIFY2(ms >= 250, "Python code holds the GIL for the whole call");
    }

    // A lone query in batched mode waits max_wait_ms for company (never less: the aio loop's
    // timers round up), then goes alone.
    void batchedLoneQueryWaitsMaxWait()
    {
        const Dataset d = makeSyntheticDataset(synthetic(1000, 8), 8);
        auto index = std::make_unique<faiss::IndexFlatL2>(d.dim);
        index->add(d.n, d.vectors.data());
        FaissBackend backend(std::move(index), IndexType::Flat);
        looplab::aio::Loop aio;
        SearchService service(aio, backend, d.queries.data(), d.nq, d.dim, 3, Dispatch::Batched, 1);
        service.setMaxBatch(32);
        service.setMaxWaitNs(30'000'000);
        int64_t elapsedNs = 0;
        int batch = 0;
        runLoop(aio, [&]() -> QCoro::Task<> {
            const int64_t t0 = looplab::metrics::nowNs();
            auto a = co_await service.search(0);
            elapsedNs = looplab::metrics::nowNs() - t0;
            batch = a.batch;
            co_await service.drain();
        });
        qInfo("lone query answered after %.2f ms (max_wait_ms 30)", double(elapsedNs) * 1e-6);
        QCOMPARE(batch, 1);
        QVERIFY(elapsedNs >= 30'000'000);
        QVERIFY(elapsedNs < 200'000'000);
    }

    // With one executor thread busy on a batch, a full batch waits in the executor's queue, not
    // in the loop: the executor goes on to it even while the loop thread is blocked (here, on
    // purpose, for 300 ms), instead of idling until the loop answers and sends the next.
    void batchedFullBatchWaitsInTheExecutorQueue()
    {
        struct GateBackend final : SearchBackend {
            std::mutex m;
            std::condition_variable cv;
            bool open = false;
            std::vector<std::pair<int64_t, int64_t>> calls; // (queries, start ns)
            void search(int64_t n, const float*, int k, float* distances, int64_t* ids) override
            {
                std::unique_lock lock(m);
                calls.emplace_back(n, looplab::metrics::nowNs());
                cv.wait(lock, [&] { return open; });
                std::fill_n(distances, n * k, 0.f);
                std::fill_n(ids, n * k, int64_t(0));
            }
            int kind() const override { return 0; }
            QString describe() const override { return QStringLiteral("gate"); }
        } backend;
        const Dataset d = makeSyntheticDataset(synthetic(100, 8), 8);
        looplab::aio::Loop aio;
        SearchService service(aio, backend, d.queries.data(), d.nq, d.dim, 3, Dispatch::Batched, 1);
        service.setMaxBatch(4);
        service.setMaxWaitNs(5'000'000'000); // only full batches go
        std::vector<SearchService::Answer> answers(12);
        int maxBatch = 0, queuedWhileGated = -1;
        int64_t loopFreeAt = 0;
        runLoop(aio, [&]() -> QCoro::Task<> {
            std::vector<QCoro::Task<>> tasks;
            int pending = 12;
            looplab::aio::Event allDone(aio);
            for (int64_t q = 0; q < 12; ++q)
                tasks.push_back(oneQuery(&service, q, &answers[size_t(q)], &maxBatch, &pending, &allDone));
            co_await aio.sleep(100'000'000); // the first batch is in the backend, held by the gate
            queuedWhileGated = service.queued();
            {
                std::lock_guard lock(backend.m);
                backend.open = true;
            }
            backend.cv.notify_all();
            std::this_thread::sleep_for(std::chrono::milliseconds(300)); // a blocked event loop
            loopFreeAt = looplab::metrics::nowNs();
            if (pending > 0)
                co_await allDone.wait();
            co_await service.drain();
        });
        QCOMPARE(queuedWhileGated, 8); // 4 waiting in the executor's queue, 4 for a batch
        QCOMPARE(backend.calls.size(), size_t(3));
        for (const auto& c : backend.calls)
            QCOMPARE(c.first, int64_t(4));
        QVERIFY2(backend.calls[1].second < loopFreeAt, "the second batch waited for the loop");
        QVERIFY(backend.calls[2].second >= loopFreeAt); // the third was formed by the loop afterwards
        for (const auto& a : answers)
            QVERIFY(!a.cancelled && a.batch == 4);
    }

    void cudaReportsWhyNot()
    {
        QString reason;
        if (cudaUsable(&reason))
            QSKIP("a GPU is usable here");
        QVERIFY(!reason.isEmpty());
        qInfo("cuda unavailable: %s", qPrintable(reason));
        const Dataset d = makeSyntheticDataset(synthetic(100, 8), 8);
        QString why;
        QVERIFY(!makeCudaBackend(d, &why));
        QCOMPARE(why, reason);
    }
};

QTEST_GUILESS_MAIN(TestSearchParts)
#include "test_search_parts.moc"
