// The vector_search lab's teaching outcomes, asserted from real runs on the real Engine (CPU,
// FAISS; a 2-core machine): batching beats one-query-per-executor-call at saturation; a search on
// the loop drives the loop lag to at least one search's time while to_thread keeps it small; IVF
// recall and latency both rise with nprobe; flat recall is 1.0; a second run loads the index from
// the cache; without a GPU `cuda` is refused with the reason and `auto` falls back to the CPU;
// dataset files are loaded, and bad ones fail the run with a clear message.
#include "catalog/catalog.h"
#include "scenario/scenario_loader.h"
#include "support/run_scenario.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using looplab::testing::metric;
using looplab::testing::runBuiltinScenario;
using looplab::testing::runScenario;

namespace {

// A scenario with one vector_search lab "s"; `params` are the lab's members.
QByteArray scenario(const QByteArray& params, double durationS)
{
    return QByteArray(R"({"looplab": 1, "title": {"en": "search test", "zh": "search test"},
        "notes": {"en": "", "zh": ""}, "duration_s": )")
        + QByteArray::number(durationS)
        + R"(, "time_scale": 1, "seed": 5, "labs": [{"id": "s", "kind": "vector_search", )" + params + "}]}";
}

struct Run {
    std::shared_ptr<const looplab::engine::RunResult> result;
    double operator[](const char* name) const
    {
        return result ? metric(*result, QStringLiteral("s"), QString::fromLatin1(name)) : qQNaN();
    }
    QString status() const
    {
        const auto* lab = result ? result->data.findLab(QStringLiteral("s")) : nullptr;
        return lab ? lab->status : QString();
    }
};

// Runs until the lab has answered its max_queries (the index build does not eat into the serving
// time however busy the machine is); duration_s is only a cap.
Run run(const QByteArray& params, double capS = 60)
{
    return {runScenario(scenario(params, capS), capS + 30)};
}

// For runs that must fail: the engine's failure message ("" when it did not fail).
QString runExpectingFailure(const QByteArray& json, double timeoutS = 60)
{
    auto parsed = looplab::scenario::parseScenario(json, QStringLiteral("<test>"), looplab::labCatalog());
    if (auto* err = std::get_if<looplab::scenario::ScenarioError>(&parsed))
        return QStringLiteral("parse error: ") + err->toString();
    looplab::engine::Engine engine(looplab::labCatalog());
    QSignalSpy finished(&engine, &looplab::engine::Engine::finished);
    QSignalSpy failed(&engine, &looplab::engine::Engine::failed);
    engine.start(std::get<looplab::scenario::Scenario>(parsed));
    QElapsedTimer t;
    t.start();
    while (finished.isEmpty() && failed.isEmpty() && t.elapsed() < timeoutS * 1000)
        finished.wait(50);
    return failed.isEmpty() ? QString() : failed.first().first().toString();
}

void show(const char* what, const Run& r, std::initializer_list<const char*> names)
{
    QString line = QString::fromLatin1(what) + QLatin1Char(':');
    for (const char* n : names)
        line += QStringLiteral(" %1=%2").arg(QLatin1String(n)).arg(r[n], 0, 'g', 4);
    qInfo().noquote() << line << "|" << r.status();
}

} // namespace

class TestSearchOutcomes : public QObject
{
    Q_OBJECT
    QTemporaryDir m_cache;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_cache.isValid());
        qputenv("LOOPLAB_CACHE_DIR", m_cache.path().toLocal8Bit()); // never the user's cache
    }

    // 64 closed-loop clients saturate one executor thread. One query per call pays FAISS's
    // per-call cost every time; batches of up to 64 share one BLAS matrix multiply.
    void batchingRaisesThroughputAndCostsLatency()
    {
        const QByteArray common = R"("dataset": {"vectors": 20000, "dim": 64}, "index": "flat", "clients": 64,
            "executor_workers": 1, "max_batch": 64, "max_wait_ms": 2, "max_queries": 2000, )";
        const Run single = run(common + R"("dispatch": "to_thread")");
        const Run batched = run(common + R"("dispatch": "batched")");
        show("to_thread", single, {"qps", "latency_p50_ms", "batch_mean", "search_p50_ms"});
        show("batched  ", batched, {"qps", "latency_p50_ms", "batch_mean", "search_p50_ms"});
        QCOMPARE(single["batch_mean"], 1.0);
        QVERIFY(batched["batch_mean"] > 16);
        QVERIFY2(batched["qps"] > 1.5 * single["qps"], "batched should reach a clearly higher QPS at saturation");
        // The price: each executor call takes longer (one batch vs one query).
        QVERIFY(batched["search_p50_ms"] > 2 * single["search_p50_ms"]);
        QVERIFY(single["queries_completed"] >= 2000);
    }

    // Below saturation a lone query waits for company: batching costs latency.
    void batchingCostsLatencyAtLowLoad()
    {
        const QByteArray common = R"("dataset": {"vectors": 20000, "dim": 64}, "index": "flat", "query_rate_per_s": 50,
            "executor_workers": 1, "max_batch": 64, "max_wait_ms": 20, "max_queries": 60, )";
        const Run single = run(common + R"("dispatch": "to_thread")");
        const Run batched = run(common + R"("dispatch": "batched")");
        show("to_thread", single, {"qps", "latency_p50_ms", "batch_mean"});
        show("batched  ", batched, {"qps", "latency_p50_ms", "batch_mean"});
        QVERIFY(batched["latency_p50_ms"] > single["latency_p50_ms"] + 10);
    }

    // The search called on the loop stops the loop for its whole length; to_thread keeps the loop
    // free. A big flat index makes one search (~5 ms here when idle) stand well above the lag a busy
    // machine causes anyway (its scheduler can leave a thread waiting ~10 ms).
    void onLoopBlocksTheLoop()
    {
        const QByteArray common
            = R"("dataset": {"vectors": 200000, "dim": 128}, "index": "flat", "query_rate_per_s": 25,
            "executor_workers": 1, "max_queries": 75, "recall_sample": 20, )";
        const Run onLoop = run(common + R"("dispatch": "on_loop")");
        const Run toThread = run(common + R"("dispatch": "to_thread")");
        show("on_loop  ", onLoop, {"loop_lag_p99_ms", "loop_lag_max_ms", "search_p50_ms", "latency_p99_ms"});
        show("to_thread", toThread, {"loop_lag_p99_ms", "loop_lag_max_ms", "search_p50_ms", "latency_p99_ms"});
        const double search = onLoop["search_p50_ms"];
        QVERIFY(search > 1);
        // aio::LagProbe (10 ms, one sample per wake, nothing back-filled): a probe due during a
        // search of S ms runs up to S late. At 25 searches a second an eighth or more of the
        // samples fall in a search, so the top 1 % of them are late by nearly S (≈ 0.92 S idle;
        // more when searches queue on a busy machine). A broken run (no sample: null) fails.
        QVERIFY2(onLoop["loop_lag_p99_ms"] >= 0.75 * search, "on_loop: lag p99 should reach one search's time");
        QVERIFY(onLoop["loop_lag_max_ms"] >= search);
        QVERIFY2(toThread["loop_lag_p99_ms"] < onLoop["loop_lag_p99_ms"], "to_thread should keep the loop freer");
        QVERIFY2(
            toThread["loop_lag_p99_ms"] < toThread["search_p50_ms"], "to_thread: the loop never waits for a search");
    }

    // 50 000 × 128 in 256 cells: nprobe 1 scans ~200 vectors, nprobe 64 a quarter of them — a
    // difference in search time that stands above the dispatch's own (tenths of a millisecond).
    void ivfRecallAndLatencyRiseWithNprobe()
    {
        const QByteArray common
            = R"("dataset": {"vectors": 50000, "dim": 128, "clusters": 64}, "index": "ivf", "nlist": 256,
            "dispatch": "to_thread", "query_rate_per_s": 100, "recall_sample": 200, "max_queries": 250, )";
        const Run low = run(common + R"("nprobe": 1)");
        const Run high = run(common + R"("nprobe": 64)");
        show("nprobe 1 ", low, {"recall_at_k", "search_p50_ms", "latency_p50_ms", "index_build_s", "index_from_cache"});
        show(
            "nprobe 64", high, {"recall_at_k", "search_p50_ms", "latency_p50_ms", "index_build_s", "index_from_cache"});
        QVERIFY(low["recall_at_k"] > 0);
        QVERIFY(high["recall_at_k"] > low["recall_at_k"] + 0.15);
        QVERIFY(high["recall_at_k"] > 0.9);
        QVERIFY(high["search_p50_ms"] > 4 * low["search_p50_ms"]);
        QVERIFY(high["latency_p50_ms"] > low["latency_p50_ms"]);
        // nprobe is a search-time knob: the second run loads the index built by the first.
        QCOMPARE(low["index_from_cache"], 0.0);
        QCOMPARE(high["index_from_cache"], 1.0);
        QVERIFY(high["index_build_s"] < low["index_build_s"]);
    }

    // nprobe is live: raised while the lab serves, recall over the latest answers rises with it
    // (what the window's sweep relies on).
    void nprobeChangesLive()
    {
        auto parsed = looplab::scenario::parseScenario(
            scenario(
                R"("dataset": {"vectors": 20000, "dim": 64, "clusters": 64}, "index": "ivf", "nlist": 256, "nprobe": 1,
                "dispatch": "to_thread", "query_rate_per_s": 400, "recall_sample": 400)",
                60),
            QStringLiteral("<test>"), looplab::labCatalog());
        QVERIFY(std::holds_alternative<looplab::scenario::Scenario>(parsed));
        looplab::engine::Engine engine(looplab::labCatalog());
        QSignalSpy finished(&engine, &looplab::engine::Engine::finished);
        engine.start(std::get<looplab::scenario::Scenario>(parsed));
        // The lab's live recall gauge (over its last 64 checked answers) once enough were answered.
        auto liveRecall = [&](double minCompleted) {
            QElapsedTimer t;
            t.start();
            while (t.elapsed() < 40'000) {
                QTest::qWait(50);
                const auto snap = engine.latest();
                const auto* lab = snap ? snap->findLab(QStringLiteral("s")) : nullptr;
                const auto* series = lab ? lab->findSeries(QStringLiteral("recall_at_k")) : nullptr;
                if (!lab || !series || lab->metrics.value(QStringLiteral("queries_completed")) < minCompleted)
                    continue;
                for (auto it = series->values.rbegin(); it != series->values.rend(); ++it)
                    if (!std::isnan(*it))
                        return std::pair{*it, lab->metrics.value(QStringLiteral("queries_completed"))};
            }
            return std::pair{qQNaN(), 0.0};
        };
        const auto [before, done] = liveRecall(300);
        engine.setParameter(QStringLiteral("s"), QStringLiteral("nprobe"), 64);
        // Well over 64 sampled answers (1 query in 4 is checked) after the change.
        const auto [after, done2] = liveRecall(done + 1000);
        engine.stop();
        qInfo("live recall@10: %.3f at nprobe 1 (after %.0f queries), %.3f after nprobe -> 64", before, done, after);
        QVERIFY(before < 0.8);
        QVERIFY(after > 0.95);
        Q_UNUSED(done2);
    }

    void flatRecallIsOne()
    {
        const Run r = run(R"("dataset": {"vectors": 20000, "dim": 64}, "index": "flat", "dispatch": "batched",
            "clients": 8, "recall_sample": 300, "max_queries": 1000)");
        show("flat", r, {"recall_at_k", "queries_completed"});
        QVERIFY(r["queries_completed"] >= 1000);
        QCOMPARE(r["recall_at_k"], 1.0);
    }

    void hnswAnswers()
    {
        const Run r = run(R"("dataset": {"vectors": 5000, "dim": 32}, "index": "hnsw", "hnsw_m": 16, "ef_search": 64,
            "dispatch": "to_thread", "query_rate_per_s": 200, "max_queries": 200)");
        show("hnsw", r, {"recall_at_k", "queries_completed", "index_build_s"});
        QVERIFY(r["recall_at_k"] > 0.9);
        QVERIFY(r["queries_completed"] >= 200);
    }

    void cudaWithoutGpu()
    {
        const Run probe = run(R"("dataset": {"vectors": 2000, "dim": 16}, "backend": "auto", "query_rate_per_s": 100,
            "max_queries": 50)");
        if (probe["gpu_available"] == 1)
            QSKIP("a GPU is usable here: the fallback cannot be seen");
        // auto: falls back to FAISS on the CPU and says so.
        QCOMPARE(probe["backend"], 0.0);
        QVERIFY(probe["queries_completed"] >= 50);
        QVERIFY2(probe.status().contains(QStringLiteral("auto: no usable GPU")), qPrintable(probe.status()));
        // cuda: refused, with the reason.
        const QString err
            = runExpectingFailure(scenario(R"("dataset": {"vectors": 2000, "dim": 16}, "backend": "cuda")", 1));
        qInfo().noquote() << "cuda:" << err;
        QVERIFY2(err.contains(QStringLiteral("cuda backend unavailable: ")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("auto")), qPrintable(err)); // says what to do instead
    }

    // The built-in scenarios load and run (cut short with max_queries, big datasets made smaller),
    // and what their notes promise holds.
    void builtinScenarios_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("overrides");
        QTest::addColumn<QStringList>("labs");
        QTest::newRow("course demo") << "search_course_demo.json" << QStringList{"search.max_queries=300"}
                                     << QStringList{"search"};
        QTest::newRow("on_loop") << "search_on_loop.json" << QStringList{"search.max_queries=120"}
                                 << QStringList{"search"};
        QTest::newRow("batching") << "search_batching.json"
                                  << QStringList{"single.max_queries=300", "batched.max_queries=300"}
                                  << QStringList{"single", "batched"};
        QTest::newRow("ivf nprobe") << "search_ivf_nprobe.json" << QStringList{"search.max_queries=300"}
                                    << QStringList{"search"};
        QTest::newRow("gpu vs cpu") << "search_gpu_vs_cpu.json"
                                    << QStringList{"cpu.max_queries=200", "gpu.max_queries=200",
                                           "cpu.dataset.vectors=20000", "gpu.dataset.vectors=20000",
                                           "cpu.recall_sample=50", "gpu.recall_sample=50"}
                                    << QStringList{"cpu", "gpu"};
    }
    void builtinScenarios()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, overrides);
        QFETCH(QStringList, labs);
        const auto r = runBuiltinScenario(file, 120, overrides);
        QVERIFY(r);
        for (const QString& id : labs) {
            const auto m = [&](const char* name) { return metric(*r, id, QString::fromLatin1(name)); };
            qInfo().noquote() << file << id << "qps" << m("qps") << "recall" << m("recall_at_k") << "lag p99"
                              << m("loop_lag_p99_ms") << "search p50" << m("search_p50_ms") << "latency p50"
                              << m("latency_p50_ms") << "build" << m("index_build_s") << "|"
                              << r->data.findLab(id)->status;
            QVERIFY(m("queries_completed") >= 120);
            QVERIFY(m("recall_at_k") > 0.3);
        }
        const auto m0 = [&](const char* name) { return metric(*r, labs.first(), QString::fromLatin1(name)); };
        // A search of S ms on the loop delays a lag sample due during it by up to S (aio::LagProbe,
        // 10 ms, no back-fill); at 40 searches a second a third or more of the samples fall in a
        // search, so lag p99 ≥ 0.75 S holds with room (≈ 0.97 S idle, more when searches queue),
        // where to_thread keeps it near 0.1 S (onLoopBlocksTheLoop). Null (no sample) fails.
        if (file == QLatin1String("search_on_loop.json"))
            QVERIFY2(m0("loop_lag_p99_ms") >= 0.75 * m0("search_p50_ms"),
                qPrintable(QStringLiteral("lag p99 %1 ms, search p50 %2 ms")
                               .arg(m0("loop_lag_p99_ms"))
                               .arg(m0("search_p50_ms"))));
        if (file == QLatin1String("search_ivf_nprobe.json"))
            QVERIFY(m0("recall_at_k") < 0.8); // nprobe 1: most true neighbours are missed
        if (file == QLatin1String("search_gpu_vs_cpu.json")) {
            QCOMPARE(metric(*r, QStringLiteral("cpu"), QStringLiteral("recall_at_k")), 1.0);
            QCOMPARE(metric(*r, QStringLiteral("gpu"), QStringLiteral("recall_at_k")), 1.0);
        }
    }

    void datasetFiles()
    {
        QTemporaryDir dir;
        // A float32 .npy of 3000 × 24 written by hand (what numpy.save writes).
        const int64_t n = 3000;
        const int dim = 24;
        std::vector<float> v(size_t(n) * dim);
        for (size_t i = 0; i < v.size(); ++i)
            v[i] = float((i * 2654435761u) % 1000) / 100.f;
        QByteArray header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3000, 24), }";
        while ((10 + header.size() + 1) % 64)
            header.append(' ');
        header.append('\n');
        QByteArray npy("\x93NUMPY\x01\x00", 8);
        npy.append(char(header.size() & 0xff)).append(char(header.size() >> 8)).append(header);
        npy.append(reinterpret_cast<const char*>(v.data()), qsizetype(v.size() * 4));
        QFile good(dir.filePath(QStringLiteral("base.npy")));
        QVERIFY(good.open(QIODevice::WriteOnly));
        good.write(npy);
        good.close();
        const Run r = run(R"("dataset": {"file": ")" + good.fileName().toUtf8() + R"("}, "index": "flat",
            "query_rate_per_s": 200, "recall_sample": 50, "max_queries": 100)");
        show("npy file", r, {"recall_at_k", "queries_completed"});
        QVERIFY(r["queries_completed"] >= 100);
        QCOMPARE(r["recall_at_k"], 1.0);

        QFile bad(dir.filePath(QStringLiteral("bad.fvecs")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(QByteArray(4 + 24 * 4 + 7, '\x01')); // a record and 7 stray bytes
        bad.close();
        const QString err
            = runExpectingFailure(scenario(R"("dataset": {"file": ")" + bad.fileName().toUtf8() + R"("})", 5));
        qInfo().noquote() << "bad file:" << err;
        QVERIFY2(err.contains(QStringLiteral("malformed")) && err.contains(bad.fileName()), qPrintable(err));
    }

    // A relative dataset file is the scenario file's neighbour, whatever the working directory:
    // a folder of scenarios and their data can be shared.
    void datasetFileBesideTheScenario()
    {
        QTemporaryDir dir, elsewhere;
        const int dim = 8;
        QByteArray fvecs;
        for (int i = 0; i < 2000; ++i) {
            const int32_t d = dim;
            fvecs.append(reinterpret_cast<const char*>(&d), 4);
            for (int j = 0; j < dim; ++j) {
                const float f = float((i * 31 + j * 7) % 97);
                fvecs.append(reinterpret_cast<const char*>(&f), 4);
            }
        }
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("data"))));
        QFile data(dir.filePath(QStringLiteral("data/base.fvecs")));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write(fvecs);
        data.close();
        const QString path = dir.filePath(QStringLiteral("shared.json"));
        QFile sc(path);
        QVERIFY(sc.open(QIODevice::WriteOnly));
        sc.write(scenario(R"("dataset": {"file": "data/base.fvecs"}, "index": "flat", "query_rate_per_s": 200,
            "recall_sample": 20, "max_queries": 60)",
            30));
        sc.close();

        const QString oldCwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(elsewhere.path()));
        auto loaded = looplab::scenario::loadScenarioFile(path, looplab::labCatalog());
        QVERIFY(std::holds_alternative<looplab::scenario::Scenario>(loaded));
        looplab::engine::Engine engine(looplab::labCatalog());
        QSignalSpy finished(&engine, &looplab::engine::Engine::finished);
        QSignalSpy failed(&engine, &looplab::engine::Engine::failed);
        engine.start(std::get<looplab::scenario::Scenario>(loaded));
        QElapsedTimer t;
        t.start();
        while (finished.isEmpty() && failed.isEmpty() && t.elapsed() < 60'000)
            finished.wait(50);
        QDir::setCurrent(oldCwd);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        QVERIFY(!finished.isEmpty());
        const auto result = engine.lastResult();
        QVERIFY(result);
        QVERIFY(metric(*result, QStringLiteral("s"), QStringLiteral("queries_completed")) >= 60);
    }

    // The memory limit covers every search lab of the run and FAISS's copy of the vectors: two
    // labs that each fit alone, but not together with their indexes, are refused before allocating.
    void memoryLimitCountsAllLabs()
    {
        qputenv("LOOPLAB_SEARCH_MAX_DATASET_MB", "15"); // each lab: 4.9 MiB of vectors, 10 MiB with the index
        const QByteArray lab = R"("kind": "vector_search", "dataset": {"vectors": 20000, "dim": 64}, "index": "flat",
            "query_rate_per_s": 50, "max_queries": 20)";
        const QByteArray json = R"({"looplab": 1, "title": {"en": "m", "zh": "m"}, "notes": {"en": "", "zh": ""},
            "duration_s": 20, "time_scale": 1, "seed": 5, "labs": [{"id": "a", )"
            + lab + R"(}, {"id": "b", )" + lab + "}]}";
        const QString err = runExpectingFailure(json, 60);
        qunsetenv("LOOPLAB_SEARCH_MAX_DATASET_MB");
        qInfo().noquote() << "two labs:" << err;
        QVERIFY2(err.contains(QStringLiteral("not enough memory")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("15.0 MiB")) && err.contains(QStringLiteral("FAISS")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestSearchOutcomes)
#include "test_search_outcomes.moc"
