// The loader with the real lab catalog: the event_loop kind's parameters as its issue names them,
// defaults filled in, --set overrides checked against the real ranges.
#include "catalog/catalog.h"
#include "scenario/scenario_loader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace looplab::scenario;

namespace {

Scenario mustParse(const QByteArray& json)
{
    auto r = parseScenario(json, QStringLiteral("s.json"), looplab::labCatalog());
    if (auto* e = std::get_if<ScenarioError>(&r))
        qFatal("unexpected error: %s", qPrintable(e->toString()));
    return std::get<Scenario>(std::move(r));
}

const QByteArray kMinimal = "{\"looplab\": 1, \"labs\": [{\"id\": \"loop\", \"kind\": \"event_loop\"}]}";

} // namespace

class TestScenarioCatalog : public QObject
{
    Q_OBJECT

private slots:
    // Which parameters do nothing, given the others (the parameter editor greys them out).
    void unusedParameters_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("params");
        QTest::addColumn<QString>("param");
        QTest::addColumn<QString>("because"); // empty: used
        QTest::newRow("tasks, generated") << "event_loop" << QByteArray("{}") << "tasks"
                                          << "";
        QTest::newRow("tasks, scripted") << "event_loop" << QByteArray(R"({"script": []})") << "tasks"
                                         << "script";
        QTest::newRow("io_ms, scripted") << "event_loop" << QByteArray(R"({"script": []})") << "io_ms"
                                         << "script";
        QTest::newRow("switch interval, free-threaded")
            << "event_loop" << QByteArray(R"({"interpreter": "free_threaded"})") << "switch_interval_ms"
            << "interpreter=free_threaded";
        QTest::newRow("blocking_every_ms without a blocking call")
            << "event_loop" << QByteArray("{}") << "blocking_every_ms"
            << "blocking_call_ms=0";
        QTest::newRow("blocking_every_ms with one")
            << "event_loop" << QByteArray(R"({"blocking_call_ms": 200})") << "blocking_every_ms"
            << "";
        QTest::newRow("gil, default executor (threads)") << "pool" << QByteArray("{}") << "gil"
                                                         << "";
        QTest::newRow("gil, processes") << "pool" << QByteArray(R"({"executor": "processes"})") << "gil"
                                        << "executor=processes";
        QTest::newRow("switch interval, native threads")
            << "pool" << QByteArray(R"({"gil": "native"})") << "switch_interval_ms"
            << "gil!=cpython";
        QTest::newRow("switch interval, cpython (default)") << "pool" << QByteArray("{}") << "switch_interval_ms"
                                                            << "";
        QTest::newRow("io_share, cpu task") << "pool" << QByteArray(R"({"task": "cpu"})") << "io_share"
                                            << "task!=mixed";
        QTest::newRow("io_share, mixed task") << "pool" << QByteArray(R"({"task": "mixed"})") << "io_share"
                                              << "";
        QTest::newRow("payload, threads (default)") << "pool" << QByteArray("{}") << "payload_kb"
                                                    << "executor=threads";
    }
    void unusedParameters()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, params);
        QFETCH(QString, param);
        QFETCH(QString, because);
        const KindSpec* k = looplab::labCatalog().find(kind);
        QVERIFY(k);
        const ParamSpec* spec = k->find(param);
        QVERIFY(spec);
        const QJsonObject values = QJsonDocument::fromJson(params).object();
        QCOMPARE(unusedBecause(*spec, k->params, values), because);
    }

    void eventLoopDefaults()
    {
        const Scenario s = mustParse(kMinimal);
        const LabConfig& lab = s.labs.front();
        // The public contract of the kind (issue 2): every name is there, with its default.
        for (const char* name : {"tasks", "arrival_per_s", "io_ms", "cpu_ms", "cpu_mode", "executor_workers",
                 "blocking_call_ms", "blocking_every_ms", "slow_callback_ms", "timeout_ms"})
            QVERIFY2(lab.params.contains(QLatin1String(name)), name);
        QCOMPARE(lab.realParam("slow_callback_ms"), 100.0); // asyncio's threshold
        QCOMPARE(lab.textParam("cpu_mode"), QStringLiteral("on_loop"));
        QVERIFY(!lab.params.contains("script")); // optional: generated tasks unless a script is given
    }

    void eventLoopScript()
    {
        const Scenario s
            = mustParse("{\"looplab\": 1, \"labs\": [{\"id\": \"demo\", \"kind\": \"event_loop\", \"script\": ["
                        "{\"name\": \"hello\", \"steps\": [{\"io_ms\": 2000}]},"
                        "{\"name\": \"world\", \"start_ms\": 0, \"steps\": [{\"io_ms\": 1000}, {\"cpu_ms\": 5}]}]}]}");
        const QJsonArray script = s.labs.front().params.value("script").toArray();
        QCOMPARE(script.size(), 2);
        QCOMPARE(script.at(0).toObject().value("name").toString(), QStringLiteral("hello"));
        QCOMPARE(script.at(0).toObject().value("start_ms").toDouble(), 0.0); // default filled in
        QCOMPARE(script.at(1).toObject().value("steps").toArray().at(1).toObject().value("cpu_ms").toDouble(), 5.0);
        // Each step keeps only the key it was given (the others are optional, without defaults).
        QCOMPARE(script.at(0).toObject().value("steps").toArray().at(0).toObject().keys(), QStringList{"io_ms"});
    }

    void eventLoopOverrides_data()
    {
        const KindSpec* spec = looplab::labCatalog().find(QStringLiteral("event_loop"));
        QVERIFY(spec);
        const ParamSpec* tasks = spec->find(QStringLiteral("tasks"));
        QVERIFY(tasks);
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("error");
        QTest::newRow("tasks") << "loop.tasks=100"
                               << "";
        QTest::newRow("cpu_mode") << "loop.cpu_mode=to_thread"
                                  << "";
        QTest::newRow("blocking") << "loop.blocking_call_ms=200"
                                  << "";
        QTest::newRow("duration") << "duration_s=1"
                                  << "";
        QTest::newRow("tasks range")
            << "loop.tasks=0"
            << QStringLiteral("--set:1:12: error: loop.tasks: expected an integer between %1 and %2, got 0")
                   .arg(tasks->min)
                   .arg(tasks->max);
        QTest::newRow("cpu_mode enum") << "loop.cpu_mode=threads"
                                       << "--set:1:15: error: loop.cpu_mode: expected one of \"on_loop\", "
                                          "\"to_thread\", \"to_process\", got \"threads\"";
        QTest::newRow("typo") << "loop.taks=5"
                              << "--set:1:6: error: loop.taks: unknown key \"taks\" (did you mean \"tasks\"?)";
        QTest::newRow("lab") << "lop.tasks=5"
                             << "--set:1:1: error: unknown lab id \"lop\" (did you mean \"loop\"?)";
    }

    void eventLoopOverrides()
    {
        QFETCH(QString, assignment);
        QFETCH(QString, error);
        Scenario s = mustParse(kMinimal);
        const auto err = applyOverride(s, assignment, looplab::labCatalog());
        if (error.isEmpty())
            QVERIFY2(!err, err ? qPrintable(err->toString()) : "");
        else
            QCOMPARE(err ? err->toString() : QStringLiteral("<accepted>"), error);
    }

    void everyKindHasDescriptions()
    {
        // The window shows these as tooltips; the schema carries them too.
        const auto& catalog = looplab::labCatalog();
        std::function<void(const QString&, const std::vector<ParamSpec>&)> check =
            [&](const QString& where, const std::vector<ParamSpec>& params) {
                for (const auto& p : params) {
                    if (p.descriptionEn.isEmpty() || p.descriptionZh.isEmpty())
                        qWarning("%s.%s has no English or Chinese description", qPrintable(where), qPrintable(p.name));
                    check(where + u'.' + p.name, p.fields);
                }
            };
        for (const QString& kind : catalog.kinds())
            check(kind, catalog.find(kind)->params);
        QVERIFY(catalog.kinds().contains(QStringLiteral("event_loop")));
    }
};

QTEST_GUILESS_MAIN(TestScenarioCatalog)
#include "test_scenario_catalog.moc"
