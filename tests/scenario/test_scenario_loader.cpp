// The scenario loader against a fake catalog with one parameter of every type: exact messages
// and positions, defaults, --set overrides, the editor's setParameter, save and reload.
#include "fake_catalog.h"
#include "scenario/json_reader.h"
#include "scenario/scenario_loader.h"
#include "support/sanitizer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <time.h>

using namespace looplab::scenario;
using looplab::testing::FakeCatalog;

namespace {

// CPU time of this thread: the machine is shared, so wall time says more about the neighbours
// than about the parser.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// Sanitizer builds run the same code several times slower; the requirement ("well under a
// second") is about the product, so their budget is scaled.
constexpr double kSlowdown = looplab::test::kSanitizerSlowdown;

const FakeCatalog& catalog()
{
    static const FakeCatalog c;
    return c;
}

Scenario mustParse(const QByteArray& json)
{
    auto r = parseScenario(json, QStringLiteral("s.json"), catalog());
    if (auto* e = std::get_if<ScenarioError>(&r))
        qFatal("unexpected error: %s", qPrintable(e->toString()));
    return std::get<Scenario>(std::move(r));
}

QString errorOf(const QByteArray& json)
{
    auto r = parseScenario(json, QStringLiteral("s.json"), catalog());
    if (auto* e = std::get_if<ScenarioError>(&r))
        return e->toString();
    return QStringLiteral("<accepted>");
}

// A valid file around one demo lab whose members are `lab` (inserted after "kind").
QByteArray demo(const QByteArray& lab)
{
    return "{\n"
           "  \"looplab\": 1,\n"
           "  \"labs\": [\n"
           "    {\"id\": \"d\", \"kind\": \"demo\""
        + (lab.isEmpty() ? QByteArray() : ", " + lab)
        + "}\n"
          "  ]\n"
          "}\n";
}

} // namespace

class TestScenarioLoader : public QObject
{
    Q_OBJECT

private slots:
    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");

        // The document
        QTest::newRow("empty") << QByteArray() << "s.json:1:1: error: the file is empty";
        QTest::newRow("array") << QByteArray(
            "[1]") << "s.json:1:1: error: expected a JSON object with \"looplab\": 1 at the top level, got an array";
        QTest::newRow("syntax") << QByteArray("{\"looplab\": 1,,}")
                                << "s.json:1:15: error: expected a key in double quotes after ',', got ','";
        QTest::newRow("no version")
            << QByteArray("\n  {\"labs\": []}")
            << "s.json:2:3: error: missing required key \"looplab\" (the format version: \"looplab\": 1)";
        QTest::newRow("future version")
            << QByteArray("{\"looplab\": 2, \"labs\": [], \"new_thing\": 1}")
            << "s.json:1:13: error: looplab: this file needs LoopLab format 2, this build reads 1";
        QTest::newRow("version 0") << QByteArray("{\"looplab\": 0}")
                                   << "s.json:1:13: error: looplab: expected 1 (the format version), got 0";
        QTest::newRow("version 1.5") << QByteArray("{\"looplab\": 1.5}")
                                     << "s.json:1:13: error: looplab: expected 1 (the format version), got 1.5";
        QTest::newRow("version string") << QByteArray("{\"looplab\": \"1\"}")
                                        << "s.json:1:13: error: looplab: expected 1 (the format version), got \"1\"";
        QTest::newRow("version 1.0 is 1")
            << QByteArray("{\"looplab\": 1.0}") << "s.json:1:1: error: missing required key \"labs\"";
        QTest::newRow("no labs") << QByteArray("{\"looplab\": 1}")
                                 << "s.json:1:1: error: missing required key \"labs\"";
        QTest::newRow("labs empty") << QByteArray("{\"looplab\": 1, \"labs\": []}")
                                    << "s.json:1:24: error: labs: expected between 1 and 8 labs, got 0";
        QTest::newRow("labs object") << QByteArray("{\"looplab\": 1, \"labs\": {}}")
                                     << "s.json:1:24: error: labs: expected an array of labs, got an object";
        QTest::newRow("labs too many") << QByteArray("{\"looplab\": 1, \"labs\": [1,2,3,4,5,6,7,8,9]}")
                                       << "s.json:1:24: error: labs: expected between 1 and 8 labs, got 9";
        QTest::newRow("unknown top key")
            << QByteArray("{\"looplab\": 1,\n \"duraton_s\": 3}")
            << "s.json:2:2: error: duraton_s: unknown key \"duraton_s\" (did you mean \"duration_s\"?)";
        QTest::newRow("unknown top key, no guess") << QByteArray("{\"looplab\": 1, \"zzz\": 3}")
                                                   << "s.json:1:16: error: zzz: unknown key \"zzz\"; expected one of: "
                                                      "looplab, title, notes, duration_s, time_scale, seed, labs";
        QTest::newRow("odd unknown key") << QByteArray("{\"looplab\": 1, \"a b\": 3}")
                                         << "s.json:1:16: error: [\"a b\"]: unknown key \"a b\"; expected one of: "
                                            "looplab, title, notes, duration_s, time_scale, seed, labs";
        // User text in messages is escaped: one line, and no %N substitution inside it.
        QTest::newRow("key with a line break")
            << QByteArray("{\"looplab\": 1, \"a\\nb%2\": 3}")
            << "s.json:1:16: error: [\"a\\nb%2\"]: unknown key \"a\\nb%2\"; expected one of: looplab, title, notes, "
               "duration_s, time_scale, seed, labs";
        QTest::newRow("duplicate odd key")
            << QByteArray("{\"%1\": 1, \"%1\": 2}")
            << "s.json:1:11: error: [\"%1\"]: duplicate key \"%1\" (first at line 1, column 2)";
        QTest::newRow("duration 0") << QByteArray("{\"looplab\": 1, \"duration_s\": 0}")
                                    << "s.json:1:30: error: duration_s: expected a number between 0.1 and 3600, got 0";
        QTest::newRow("duration string")
            << QByteArray("{\"looplab\": 1, \"duration_s\": \"10\"}")
            << "s.json:1:30: error: duration_s: expected a number between 0.1 and 3600, got \"10\"";
        QTest::newRow("time_scale")
            << QByteArray("{\"looplab\": 1, \"time_scale\": 1001}")
            << "s.json:1:30: error: time_scale: expected a number between 0.01 and 1000, got 1001";
        QTest::newRow("seed negative")
            << QByteArray("{\"looplab\": 1, \"seed\": -1}")
            << "s.json:1:24: error: seed: expected an integer between 0 and 4294967295, got -1";
        QTest::newRow("seed fraction")
            << QByteArray("{\"looplab\": 1, \"seed\": 0.5}")
            << "s.json:1:24: error: seed: expected an integer between 0 and 4294967295, got 0.5";
        QTest::newRow("title string")
            << QByteArray("{\"looplab\": 1, \"title\": \"x\"}")
            << "s.json:1:25: error: title: expected an object {\"en\": \"…\", \"zh\": \"…\"}, got \"x\"";
        QTest::newRow("title unknown language")
            << QByteArray("{\"looplab\": 1, \"title\": {\"en\": \"x\", \"fr\": \"y\"}}")
            << "s.json:1:37: error: title.fr: unknown key \"fr\"; expected one of: en, zh";
        QTest::newRow("notes zh number") << QByteArray("{\"looplab\": 1, \"notes\": {\"zh\": 1}}")
                                         << "s.json:1:32: error: notes.zh: expected a string, got 1";
        QTest::newRow("duplicate key")
            << QByteArray("{\"looplab\": 1, \"seed\": 1, \"seed\": 2}")
            << "s.json:1:27: error: seed: duplicate key \"seed\" (first at line 1, column 16)";

        // A lab's id and kind
        QTest::newRow("lab not object")
            << QByteArray("{\"looplab\": 1, \"labs\": [3]}")
            << "s.json:1:25: error: labs[0]: expected an object with \"id\" and \"kind\", got 3";
        QTest::newRow("no id") << QByteArray("{\"looplab\": 1, \"labs\": [{\"kind\": \"demo\"}]}")
                               << "s.json:1:25: error: labs[0]: missing required key \"id\"";
        QTest::newRow("bad id") << QByteArray("{\"looplab\": 1, \"labs\": [{\"id\": \"Loop 1\", \"kind\": \"demo\"}]}")
                                << "s.json:1:32: error: labs[0].id: expected an identifier (a lowercase letter, then "
                                   "lowercase letters, digits or '_'), got \"Loop 1\"";
        QTest::newRow("id number") << QByteArray("{\"looplab\": 1, \"labs\": [{\"id\": 1, \"kind\": \"demo\"}]}")
                                   << "s.json:1:32: error: labs[0].id: expected an identifier (a lowercase letter, "
                                      "then lowercase letters, digits or '_'), got 1";
        QTest::newRow("duplicate ids") << QByteArray(
            "{\"looplab\": 1, \"labs\": [{\"id\": \"a\", \"kind\": \"demo\"},\n  {\"id\": \"a\", \"kind\": \"demo\"}]}")
                                       << "s.json:2:10: error: labs[1].id: duplicate lab id \"a\" (labs[0] has it "
                                          "already)";
        QTest::newRow("no kind") << QByteArray("{\"looplab\": 1, \"labs\": [{\"id\": \"a\"}]}")
                                 << "s.json:1:25: error: labs[0]: missing required key \"kind\"";
        QTest::newRow("unknown kind")
            << QByteArray("{\"looplab\": 1, \"labs\": [{\"id\": \"a\", \"kind\": \"dmeo\"}]}")
            << "s.json:1:45: error: labs[0].kind: unknown kind \"dmeo\" (did you mean \"demo\"?)";
        QTest::newRow("unknown kind, no guess")
            << QByteArray("{\"looplab\": 1, \"labs\": [{\"id\": \"a\", \"kind\": \"gpu\"}]}")
            << "s.json:1:45: error: labs[0].kind: unknown kind \"gpu\"; expected one of: demo, strict, bulk";
        QTest::newRow("kind number")
            << QByteArray("{\"looplab\": 1, \"labs\": [{\"id\": \"a\", \"kind\": 1}]}")
            << "s.json:1:45: error: labs[0].kind: expected one of \"demo\", \"strict\", \"bulk\", got 1";

        // Parameters (demo(): the lab is on line 4, its members start at column 36)
        QTest::newRow("int zero") << demo("\"count\": 0")
                                  << "s.json:4:42: error: labs[0].count: expected an integer between 1 and 100, got 0";
        QTest::newRow("int fraction") << demo(
            "\"count\": 1.5") << "s.json:4:42: error: labs[0].count: expected an integer between 1 and 100, got 1.5";
        QTest::newRow("int string")
            << demo("\"count\": \"5\"")
            << "s.json:4:42: error: labs[0].count: expected an integer between 1 and 100, got \"5\"";
        QTest::newRow("int null") << demo(
            "\"count\": null") << "s.json:4:42: error: labs[0].count: expected an integer between 1 and 100, got null";
        QTest::newRow("int bool") << demo(
            "\"count\": true") << "s.json:4:42: error: labs[0].count: expected an integer between 1 and 100, got true";
        QTest::newRow("int huge")
            << demo("\"count\": 1e300")
            << "s.json:4:42: error: labs[0].count: expected an integer between 1 and 100, got 1e+300";
        QTest::newRow("real over") << demo(
            "\"rate\": 1000.5") << "s.json:4:41: error: labs[0].rate: expected a number between 0 and 1000, got 1000.5";
        QTest::newRow("real negative") << demo(
            "\"rate\": -0.1") << "s.json:4:41: error: labs[0].rate: expected a number between 0 and 1000, got -0.1";
        QTest::newRow("bool as int") << demo("\"fast\": 1")
                                     << "s.json:4:41: error: labs[0].fast: expected true or false, got 1";
        QTest::newRow("bool as string") << demo("\"fast\": \"true\"")
                                        << "s.json:4:41: error: labs[0].fast: expected true or false, got \"true\"";
        QTest::newRow("enum") << demo("\"mode\": \"on_thread\"")
                              << "s.json:4:41: error: labs[0].mode: expected one of \"on_loop\", \"to_thread\", "
                                 "\"to_process\", got \"on_thread\"";
        QTest::newRow("enum case") << demo("\"mode\": \"ON_LOOP\"")
                                   << "s.json:4:41: error: labs[0].mode: expected one of \"on_loop\", \"to_thread\", "
                                      "\"to_process\", got \"ON_LOOP\"";
        QTest::newRow("string") << demo("\"label\": 5")
                                << "s.json:4:42: error: labs[0].label: expected a string, got 5";
        QTest::newRow("unknown param") << demo(
            "\"cuont\": 5") << "s.json:4:33: error: labs[0].cuont: unknown key \"cuont\" (did you mean \"count\"?)";
        QTest::newRow("unknown param, list") << demo("\"xyz\": 5")
                                             << "s.json:4:33: error: labs[0].xyz: unknown key \"xyz\"; expected one "
                                                "of: id, kind, count, rate, fast, mode, label, load, stages, limit";
        QTest::newRow("param of other kind") << demo("\"size\": 5")
                                             << "s.json:4:33: error: labs[0].size: unknown key \"size\"; expected one "
                                                "of: id, kind, count, rate, fast, mode, label, load, stages, limit";
        QTest::newRow("object wrong type")
            << demo("\"load\": 5") << "s.json:4:41: error: labs[0].load: expected an object, got 5";
        QTest::newRow("object unknown key")
            << demo("\"load\": {\"burst\": 3, \"rate\": 1}")
            << "s.json:4:54: error: labs[0].load.rate: unknown key \"rate\"; expected one of: rate_per_s, burst";
        QTest::newRow("object field range")
            << demo("\"load\": {\"burst\": 11}")
            << "s.json:4:51: error: labs[0].load.burst: expected an integer between 1 and 10, got 11";
        QTest::newRow("array wrong type")
            << demo("\"stages\": {}") << "s.json:4:43: error: labs[0].stages: expected an array, got an object";
        QTest::newRow("array too long") << demo("\"stages\": [{}, {}, {}, {}, {}]")
                                        << "s.json:4:43: error: labs[0].stages: expected at most 4 items, got 5";
        QTest::newRow("array item not object")
            << demo("\"stages\": [{}, 7]") << "s.json:4:48: error: labs[0].stages[1]: expected an object, got 7";
        QTest::newRow("array item field")
            << demo("\"stages\": [{}, {\"workers\": 0}]")
            << "s.json:4:60: error: labs[0].stages[1].workers: expected an integer between 1 and 64, got 0";
        QTest::newRow("array item unknown")
            << demo("\"stages\": [{\"wokers\": 2}]")
            << "s.json:4:45: error: labs[0].stages[0].wokers: unknown key \"wokers\" (did you mean \"workers\"?)";
        QTest::newRow("optional object missing field")
            << demo("\"limit\": {\"per_s\": 3}") << "s.json:4:42: error: labs[0].limit: missing required key \"size\"";
        QTest::newRow("duplicate param")
            << demo("\"count\": 1, \"count\": 2")
            << "s.json:4:45: error: labs[0].count: duplicate key \"count\" (first at line 4, column 33)";
        QTest::newRow("required param") << QByteArray(
            "{\"looplab\": 1, \"labs\": [\n {\"id\": \"s\", \"kind\": \"strict\"}]}")
                                        << "s.json:2:2: error: labs[0]: missing required key \"size\"";
        QTest::newRow("deep unknown")
            << QByteArray("{\"looplab\": 1, \"labs\": [{\"id\": \"s\", \"kind\": \"strict\", \"size\": 1,\n"
                          "  \"script\": [{\"name\": \"a\", \"steps\": [{\"io_ms\": 1}, {\"io_mz\": 2}]}]}]}")
            << "s.json:2:53: error: labs[0].script[0].steps[1].io_mz: unknown key \"io_mz\" (did you mean \"io_ms\"?)";
        QTest::newRow("deep too few")
            << QByteArray("{\"looplab\": 1, \"labs\": [{\"id\": \"s\", \"kind\": \"strict\", \"size\": 1,\n"
                          "  \"script\": [{\"name\": \"a\", \"steps\": []}]}]}")
            << "s.json:2:37: error: labs[0].script[0].steps: expected between 1 and 16 items, got 0";
        QTest::newRow("deep missing") << QByteArray(
            "{\"looplab\": 1, \"labs\": [{\"id\": \"s\", \"kind\": \"strict\", \"size\": 1,\n"
            "  \"script\": [{\"name\": \"a\"}]}]}")
                                      << "s.json:2:14: error: labs[0].script[0]: missing required key \"steps\"";
        QTest::newRow("first error in document order")
            << demo("\"rate\": -1, \"count\": 0")
            << "s.json:4:41: error: labs[0].rate: expected a number between 0 and 1000, got -1";
        // Size limit: checked before anything is parsed.
        QTest::newRow("too large") << QByteArray(kMaxFileBytes + 1, ' ')
                                   << QStringLiteral(
                                          "s.json: error: the file is too large (%1 bytes; the limit is %2 bytes)")
                                          .arg(kMaxFileBytes + 1)
                                          .arg(kMaxFileBytes);
    }

    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QCOMPARE(errorOf(json), expected);
    }

    void defaults()
    {
        const Scenario s = mustParse(demo(QByteArray()));
        QCOMPARE(s.version, 1);
        QCOMPARE(s.durationS, 10.0);
        QCOMPARE(s.timeScale, 1.0);
        QCOMPARE(s.seed, 1);
        QVERIFY(s.title.isEmpty());
        QCOMPARE(int(s.labs.size()), 1);
        const LabConfig& lab = s.labs.front();
        QCOMPARE(lab.id, QStringLiteral("d"));
        QCOMPARE(lab.kind, QStringLiteral("demo"));
        QVERIFY(!lab.params.contains(QStringLiteral("id")));
        QVERIFY(!lab.params.contains(QStringLiteral("kind")));
        QCOMPARE(lab.intParam("count"), 10);
        QCOMPARE(lab.realParam("rate"), 2.5);
        QCOMPARE(lab.boolParam("fast"), false);
        QCOMPARE(lab.textParam("mode"), QStringLiteral("on_loop"));
        QCOMPARE(lab.textParam("label"), QStringLiteral("x"));
        // Objects get their fields' defaults; arrays that may be empty are empty; optional
        // objects without a default stay absent.
        QCOMPARE(lab.objectParam("load").value("rate_per_s").toDouble(), 100.0);
        QCOMPARE(lab.objectParam("load").value("burst").toInt(), 2);
        QCOMPARE(lab.params.value("stages").toArray().size(), 0);
        QVERIFY(!lab.params.contains(QStringLiteral("limit")));
    }

    void givenValuesAndNestedDefaults()
    {
        const Scenario s
            = mustParse("{\"looplab\": 1, \"title\": {\"en\": \"T\", \"zh\": \"标题\"}, \"notes\": {\"en\": \"N\"},\n"
                        " \"duration_s\": 2.5, \"time_scale\": 100, \"seed\": 4294967295, \"labs\": [\n"
                        " {\"id\": \"d\", \"kind\": \"demo\", \"count\": 5.0, \"rate\": 7, \"mode\": \"to_thread\",\n"
                        "  \"load\": {\"burst\": 3}, \"stages\": [{\"workers\": 4}, {\"name\": \"b\"}], \"limit\": "
                        "{\"size\": 2}},\n"
                        " {\"id\": \"s2\", \"kind\": \"strict\", \"size\": 3}]}");
        QCOMPARE(s.title.en, QStringLiteral("T"));
        QCOMPARE(s.title.zh, QStringLiteral("标题"));
        QCOMPARE(s.notes.en, QStringLiteral("N"));
        QVERIFY(s.notes.zh.isEmpty());
        QCOMPARE(s.durationS, 2.5);
        QCOMPARE(s.timeScale, 100.0);
        QCOMPARE(s.seed, qint64(4294967295));
        const LabConfig* d = s.findLab("d");
        QVERIFY(d);
        // Integers given as 5.0 are integers.
        QCOMPARE(d->params.value("count").toVariant().typeId(), QMetaType::LongLong);
        QCOMPARE(d->intParam("count"), 5);
        QCOMPARE(d->realParam("rate"), 7.0);
        QCOMPARE(d->objectParam("load").value("burst").toInt(), 3);
        QCOMPARE(d->objectParam("load").value("rate_per_s").toDouble(), 100.0);
        const QJsonArray stages = d->params.value("stages").toArray();
        QCOMPARE(stages.size(), 2);
        QCOMPARE(stages.at(0).toObject().value("workers").toInt(), 4);
        QVERIFY(!stages.at(0).toObject().contains("name")); // optional, no default
        QCOMPARE(stages.at(1).toObject().value("workers").toInt(), 1);
        QCOMPARE(stages.at(1).toObject().value("name").toString(), QStringLiteral("b"));
        QCOMPARE(d->objectParam("limit").value("size").toInt(), 2);
        QVERIFY(!d->objectParam("limit").contains("per_s"));
        const LabConfig* s2 = s.findLab("s2");
        QVERIFY(s2);
        QCOMPARE(s2->intParam("size"), 3);
        QVERIFY(!s2->params.contains("script"));
    }

    void bomIsAccepted()
    {
        const Scenario s = mustParse("\xEF\xBB\xBF" + demo("\"count\": 3"));
        QCOMPARE(s.labs.front().intParam("count"), 3);
        // ...and columns after it are counted from the first real character.
        QCOMPARE(errorOf("\xEF\xBB\xBF{\"looplab\": 7}"),
            QStringLiteral("s.json:1:13: error: looplab: this file needs LoopLab format 7, this build reads 1"));
    }

    void overrides_data()
    {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("error"); // empty: accepted
        QTest::addColumn<QString>("path"); // where to look after, in lab d ("" for none)
        QTest::addColumn<QString>("value"); // expected value there, as compact JSON

        QTest::newRow("int") << "d.count=42"
                             << ""
                             << "count"
                             << "42";
        QTest::newRow("real") << "d.rate=0.25"
                              << ""
                              << "rate"
                              << "0.25";
        QTest::newRow("int as real text") << "d.count=7.0"
                                          << ""
                                          << "count"
                                          << "7";
        QTest::newRow("bool") << "d.fast=true"
                              << ""
                              << "fast"
                              << "true";
        QTest::newRow("bare word enum") << "d.mode=to_process"
                                        << ""
                                        << "mode"
                                        << "\"to_process\"";
        QTest::newRow("quoted enum") << "d.mode=\"to_thread\""
                                     << ""
                                     << "mode"
                                     << "\"to_thread\"";
        QTest::newRow("bare string") << "d.label=hello world"
                                     << ""
                                     << "label"
                                     << "\"hello world\"";
        QTest::newRow("bare word that is JSON") << "d.label=true"
                                                << ""
                                                << "label"
                                                << "\"true\"";
        QTest::newRow("bare number for text") << "d.label=12"
                                              << ""
                                              << "label"
                                              << "\"12\"";
        QTest::newRow("nested") << "d.load.rate_per_s=300"
                                << ""
                                << "load.rate_per_s"
                                << "300";
        QTest::newRow("nested keeps siblings") << "d.load.burst=9"
                                               << ""
                                               << "load.rate_per_s"
                                               << "100";
        QTest::newRow("array item") << "d.stages[1].workers=8"
                                    << ""
                                    << "stages[1].workers"
                                    << "8";
        QTest::newRow("array item keeps others") << "d.stages[0].workers=8"
                                                 << ""
                                                 << "stages[1].workers"
                                                 << "3";
        QTest::newRow("whole item") << "d.stages[1]={\"name\":\"n\"}"
                                    << ""
                                    << "stages[1].workers"
                                    << "1";
        QTest::newRow("whole array") << "d.stages=[{\"workers\":2}]"
                                     << ""
                                     << "stages[0].workers"
                                     << "2";
        QTest::newRow("whole object") << "d.load={\"burst\":4}"
                                      << ""
                                      << "load.rate_per_s"
                                      << "100";
        QTest::newRow("optional object created") << "d.limit.size=5"
                                                 << ""
                                                 << "limit.size"
                                                 << "5";
        QTest::newRow("top duration") << "duration_s=5"
                                      << ""
                                      << ""
                                      << "";
        QTest::newRow("top seed") << "seed=3"
                                  << ""
                                  << ""
                                  << "";

        QTest::newRow("int out of range") << "d.count=0"
                                          << "--set:1:9: error: d.count: expected an integer between 1 and 100, got 0"
                                          << ""
                                          << "";
        QTest::newRow("int fraction") << "d.count=1.5"
                                      << "--set:1:9: error: d.count: expected an integer between 1 and 100, got 1.5"
                                      << ""
                                      << "";
        QTest::newRow("int word") << "d.count=many"
                                  << "--set:1:9: error: d.count: expected an integer between 1 and 100, got \"many\""
                                  << ""
                                  << "";
        QTest::newRow("int empty") << "d.count="
                                   << "--set:1:9: error: d.count: expected an integer between 1 and 100, got \"\""
                                   << ""
                                   << "";
        QTest::newRow("enum")
            << "d.mode=on_thread"
            << "--set:1:8: error: d.mode: expected one of \"on_loop\", \"to_thread\", \"to_process\", got \"on_thread\""
            << ""
            << "";
        QTest::newRow("bool") << "d.fast=yes"
                              << "--set:1:8: error: d.fast: expected true or false, got \"yes\""
                              << ""
                              << "";
        QTest::newRow("no equals")
            << "d.count"
            << "--set:1:1: error: expected ID.PARAM=VALUE (for example loop.tasks=100), got \"d.count\""
            << ""
            << "";
        QTest::newRow("no target") << "=3"
                                   << "--set:1:1: error: expected ID.PARAM before '='"
                                   << ""
                                   << "";
        QTest::newRow("unknown lab") << "e.count=3"
                                     << "--set:1:1: error: unknown lab id \"e\"; expected one of: d"
                                     << ""
                                     << "";
        QTest::newRow("unknown param") << "d.cuont=3"
                                       << "--set:1:3: error: d.cuont: unknown key \"cuont\" (did you mean \"count\"?)"
                                       << ""
                                       << "";
        QTest::newRow("unknown nested")
            << "d.load.rate=3"
            << "--set:1:8: error: d.load.rate: unknown key \"rate\"; expected one of: rate_per_s, burst"
            << ""
            << "";
        QTest::newRow("nested range") << "d.load.burst=0"
                                      << "--set:1:14: error: d.load.burst: expected an integer between 1 and 10, got 0"
                                      << ""
                                      << "";
        QTest::newRow("into a number") << "d.count.x=3"
                                       << "--set:1:9: error: d.count: is not an object; it has no \"x\""
                                       << ""
                                       << "";
        QTest::newRow("array without index")
            << "d.stages.workers=3"
            << "--set:1:10: error: d.stages: is an array; give an item's index, as in d.stages[0].workers"
            << ""
            << "";
        QTest::newRow("index out of range")
            << "d.stages[5].workers=3"
            << "--set:1:9: error: d.stages[5]: index 5 is out of range (there are 2 items)"
            << ""
            << "";
        QTest::newRow("index on object") << "d.load[0]=3"
                                         << "--set:1:7: error: d.load: is not an array; [0] cannot be used here"
                                         << ""
                                         << "";
        QTest::newRow("bad path") << "d.load..x=3"
                                  << "--set:1:8: error: d: expected a parameter name like tasks, load.rate_per_s or "
                                     "stages[1].workers, got \"load..x\""
                                  << ""
                                  << "";
        QTest::newRow("id") << "d.id=x"
                            << "--set:1:3: error: d.id: a lab's id and kind cannot be changed here; edit the file"
                            << ""
                            << "";
        QTest::newRow("bad json value")
            << "d.stages=[{\"workers\":2}"
            << "--set:1:24: error: d.stages: expected ',' or ']' after array element, got end of file"
            << ""
            << "";
        QTest::newRow("error inside json value")
            << "d.stages=[{\"wokers\":2}]"
            << "--set:1:12: error: d.stages[0].wokers: unknown key \"wokers\" (did you mean \"workers\"?)"
            << ""
            << "";
        QTest::newRow("value inside json")
            << "d.load={\"burst\": 0}"
            << "--set:1:18: error: d.load.burst: expected an integer between 1 and 10, got 0"
            << ""
            << "";
        QTest::newRow("optional object needs its key") << "d.limit.per_s=5"
                                                       << "--set:1:3: error: d.limit: missing required key \"size\""
                                                       << ""
                                                       << "";
        QTest::newRow("top unknown")
            << "durration=5"
            << "--set:1:1: error: expected ID.PARAM=VALUE or one of duration_s, time_scale, seed, got \"durration\""
            << ""
            << "";
        QTest::newRow("top range") << "duration_s=0"
                                   << "--set:1:12: error: duration_s: expected a number between 0.1 and 3600, got 0"
                                   << ""
                                   << "";
        QTest::newRow("top seed range")
            << "seed=-1"
            << "--set:1:6: error: seed: expected an integer between 0 and 4294967295, got -1"
            << ""
            << "";
        QTest::newRow("index before dot")
            << "d[0].x=1"
            << "--set:1:2: error: expected ID.PARAM=VALUE: the lab id comes first, then '.'"
            << ""
            << "";
    }

    void overrides()
    {
        QFETCH(QString, assignment);
        QFETCH(QString, error);
        QFETCH(QString, path);
        QFETCH(QString, value);
        Scenario s = mustParse(demo("\"stages\": [{}, {\"workers\": 3}]"));
        const Scenario before = s;
        const auto err = applyOverride(s, assignment, catalog());
        if (!error.isEmpty()) {
            QVERIFY2(err, "accepted");
            QCOMPARE(err->toString(), error);
            // A rejected override changes nothing.
            QCOMPARE(s.toJson(), before.toJson());
            return;
        }
        QVERIFY2(!err, err ? qPrintable(err->toString()) : "");
        if (!path.isEmpty()) {
            auto parsed = parseScenario(serializeScenario(s), QStringLiteral("re.json"), catalog());
            QVERIFY(std::holds_alternative<Scenario>(parsed));
            QJsonValue at = s.labs.front().params;
            for (const auto& part : path.split(u'.')) {
                const qsizetype b = part.indexOf(u'[');
                at = at.toObject().value(b < 0 ? part : part.left(b));
                if (b >= 0)
                    at = at.toArray().at(part.mid(b + 1, part.size() - b - 2).toInt());
            }
            const QJsonValue expected = std::get<ParsedJson>(readJson(value.toUtf8())).value;
            QCOMPARE(at, expected);
        }
    }

    void topLevelOverrides()
    {
        Scenario s = mustParse(demo(QByteArray()));
        QVERIFY(!applyOverride(s, "duration_s=5", catalog()));
        QVERIFY(!applyOverride(s, "time_scale=2", catalog()));
        QVERIFY(!applyOverride(s, "seed=3", catalog()));
        QCOMPARE(s.durationS, 5.0);
        QCOMPARE(s.timeScale, 2.0);
        QCOMPARE(s.seed, 3);
    }

    void setParameterLikeTheEditor()
    {
        Scenario s = mustParse(demo("\"stages\": [{}, {}]"));
        QVERIFY(!setParameter(s, "d", "count", 12, catalog()));
        QCOMPARE(s.labs.front().intParam("count"), 12);
        QVERIFY(!setParameter(s, "d", "stages[1].workers", 6, catalog()));
        QCOMPARE(s.labs.front().params.value("stages").toArray().at(1).toObject().value("workers").toInt(), 6);
        QVERIFY(!setParameter(s, "d", "load.rate_per_s", 2.5, catalog()));
        QCOMPARE(s.labs.front().objectParam("load").value("rate_per_s").toDouble(), 2.5);
        // Errors carry no file and no position (the window shows them beside the field).
        auto err = setParameter(s, "d", "count", 1000, catalog());
        QVERIFY(err);
        QCOMPARE(err->toString(), QStringLiteral("error: d.count: expected an integer between 1 and 100, got 1000"));
        QCOMPARE(err->line, 0);
        err = setParameter(s, "nope", "count", 1, catalog());
        QVERIFY(err);
        QCOMPARE(err->toString(), QStringLiteral("error: unknown lab id \"nope\"; expected one of: d"));
        QCOMPARE(s.labs.front().intParam("count"), 12);
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("defaults") << demo(QByteArray());
        QTest::newRow("everything") << QByteArray(
            "{\"looplab\": 1, \"title\": {\"en\": \"Quote \\\" back\\\\slash\\n\\ttab \\u0001\", \"zh\": "
            "\"阻塞事件循环 😀\"},"
            " \"notes\": {\"zh\": \"观察要点……\"}, \"duration_s\": 0.1, \"time_scale\": 0.01, \"seed\": 0,"
            " \"labs\": [{\"id\": \"d\", \"kind\": \"demo\", \"count\": 100, \"rate\": 0.30000000000000004, \"fast\": "
            "true,"
            " \"mode\": \"to_process\", \"label\": \"\", \"load\": {\"rate_per_s\": 1e6, \"burst\": 10},"
            " \"stages\": [{\"name\": \"a\", \"workers\": 64}, {}], \"limit\": {\"per_s\": 1, \"size\": 1000}},"
            " {\"id\": \"s_2\", \"kind\": \"strict\", \"size\": 10, \"script\": [{\"name\": \"hello\", \"steps\": "
            "[{\"io_ms\": 2000}, {\"cpu_ms\": 1.5}]}]}]}");
    }

    void roundTrip()
    {
        QFETCH(QByteArray, json);
        const Scenario a = mustParse(json);
        const QByteArray text = serializeScenario(a);
        const Scenario b = mustParse(text);
        QCOMPARE(b.toJson(), a.toJson());
        // Serializing again gives the same bytes: the format is stable (diff-friendly).
        QCOMPARE(serializeScenario(b), text);
        QVERIFY(text.startsWith("{\n  \"looplab\": 1,\n"));
        QVERIFY(text.endsWith("}\n"));
        // id and kind lead each lab.
        QVERIFY(text.contains("{\n      \"id\": \"d\",\n      \"kind\": \"demo\",\n"));
    }

    void atomicSave()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("lesson.json"));
        Scenario s = mustParse(demo("\"count\": 3"));
        QCOMPARE(saveScenarioFile(s, path), QString());
        struct stat first {
        };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &first), 0);

        QVERIFY(!applyOverride(s, "d.count=4", catalog()));
        QCOMPARE(saveScenarioFile(s, path), QString());
        struct stat second {
        };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &second), 0);
        // A new file renamed over the old one (never the old one truncated and rewritten):
        // a reader sees the old file or the new one, never half of one.
        QVERIFY(first.st_ino != second.st_ino);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("lesson.json")});

        auto loaded = loadScenarioFile(path, catalog());
        QVERIFY(std::holds_alternative<Scenario>(loaded));
        QCOMPARE(std::get<Scenario>(loaded).labs.front().intParam("count"), 4);
        QCOMPARE(std::get<Scenario>(loaded).sourcePath, path);

        // A failed save says why and leaves nothing behind.
        const QString bad = dir.filePath(QStringLiteral("no/such/dir/x.json"));
        const QString why = saveScenarioFile(s, bad);
        QVERIFY(why.startsWith(QStringLiteral("cannot write ") + bad + QStringLiteral(": ")));
        QVERIFY(!QFile::exists(bad));
    }

    void loadErrors()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("missing.json"));
        auto r = loadScenarioFile(missing, catalog());
        QCOMPARE(std::get<ScenarioError>(r).toString(),
            missing + QStringLiteral(": error: cannot open the file: it does not exist"));
        r = loadScenarioFile(dir.path(), catalog());
        QCOMPARE(std::get<ScenarioError>(r).toString(),
            dir.path() + QStringLiteral(": error: cannot open the file: it is a directory"));
        // Too large: refused from its size, before reading.
        const QString big = dir.filePath(QStringLiteral("big.json"));
        QFile f(big);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(50 * 1024 * 1024));
        f.close();
        QElapsedTimer t;
        t.start();
        r = loadScenarioFile(big, catalog());
        QVERIFY(t.elapsed() < 500);
        QCOMPARE(std::get<ScenarioError>(r).toString(),
            big + QStringLiteral(": error: the file is too large (52428800 bytes; the limit is 4194304 bytes)"));
    }

    // Parsing a file at the size limit must take well under a second.
    void fourMegabytes_data()
    {
        QTest::addColumn<bool>("oneLine");
        QTest::newRow("pretty") << false;
        QTest::newRow("one line") << true;
    }

    void fourMegabytes()
    {
        QFETCH(bool, oneLine);
        const char* nl = oneLine ? "" : "\n    ";
        QByteArray json = "{\"looplab\": 1, \"title\": {\"en\": \"Big\", \"zh\": \"大\"}, \"labs\": [{\"id\": \"b\", "
                          "\"kind\": \"bulk\", \"points\": [";
        int items = 0;
        while (json.size() < kMaxFileBytes - 200) {
            if (items)
                json += ',';
            json += nl;
            json += "{\"x\": " + QByteArray::number(items * 0.37, 'g', 12) + ", \"n\": " + QByteArray::number(items)
                + ", \"tag\": \"p\\u00e9-" + QByteArray::number(items % 97)
                + "\", \"on\": " + (items % 2 ? "true" : "false") + "}";
            ++items;
        }
        json += "]}]}";
        QVERIFY(json.size() <= kMaxFileBytes);
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuMs();
        const Scenario s = mustParse(json);
        const double cpuMs = threadCpuMs() - cpu0;
        qInfo("%s: %lld bytes, %d items: %.0f ms CPU (%lld ms wall)", oneLine ? "one line" : "pretty",
            qint64(json.size()), items, cpuMs, t.elapsed());
        QCOMPARE(s.labs.front().params.value("points").toArray().size(), items);
        QVERIFY2(cpuMs < 1000 * kSlowdown, qPrintable(QStringLiteral("took %1 ms of CPU").arg(cpuMs)));
        // An error at the very end still gets the right position on a long line.
        json.chop(4);
        json += ", 3]}]}";
        const QString err = errorOf(json);
        QVERIFY2(err.endsWith(QStringLiteral(": error: labs[0].points[%1]: expected an object, got 3").arg(items)),
            qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestScenarioLoader)
#include "test_scenario_loader.moc"
