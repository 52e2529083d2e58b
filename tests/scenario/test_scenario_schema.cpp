// The JSON Schema and the loader agree: the schema is generated from the same specs (checked
// field by field here), the committed resources/looplab.schema.json is the generated one (its own
// ctest), and a real JSON Schema validator (python3-jsonschema, where installed) accepts the files
// the loader accepts and refuses the ones it refuses.
#include "bad_corpus.h"
#include "catalog/catalog.h"
#include "fake_catalog.h"
#include "scenario/json_reader.h"
#include "scenario/scenario_loader.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace looplab::scenario;
using namespace looplab::testing;

namespace {

QJsonObject schemaOf(const KindCatalog& catalog)
{
    auto r = readJson(generateJsonSchema(catalog));
    if (!std::holds_alternative<ParsedJson>(r))
        qFatal("the generated schema is not JSON");
    return std::get<ParsedJson>(r).value.toObject();
}

QString typeName(ParamType t)
{
    switch (t) {
    case ParamType::Int:
        return QStringLiteral("integer");
    case ParamType::Double:
        return QStringLiteral("number");
    case ParamType::Bool:
        return QStringLiteral("boolean");
    case ParamType::Enum:
    case ParamType::String:
        return QStringLiteral("string");
    case ParamType::Object:
        return QStringLiteral("object");
    case ParamType::Array:
        return QStringLiteral("array");
    }
    return {};
}

// One parameter's schema against its spec; returns what differs ("" when they agree).
QString compareParam(const ParamSpec& p, const QJsonObject& s, const QString& where)
{
    auto differ = [&](const QString& what) { return where + QStringLiteral(": ") + what; };
    if (s.value("type").toString() != typeName(p.type))
        return differ(QStringLiteral("type"));
    if (std::isfinite(p.min) != s.contains("minimum")
        || (std::isfinite(p.min) && s.value("minimum").toDouble() != p.min))
        return differ(QStringLiteral("minimum"));
    if (std::isfinite(p.max) != s.contains("maximum")
        || (std::isfinite(p.max) && s.value("maximum").toDouble() != p.max))
        return differ(QStringLiteral("maximum"));
    if (p.type == ParamType::Enum && s.value("enum").toArray() != QJsonArray::fromStringList(p.choices))
        return differ(QStringLiteral("enum"));
    if (!p.defaultValue.isUndefined() && s.value("default") != p.defaultValue)
        return differ(QStringLiteral("default"));
    if (p.defaultValue.isUndefined() && s.contains("default"))
        return differ(QStringLiteral("default"));
    if (s.value("description").toString() != p.descriptionEn
        || s.value("x-description-zh").toString() != p.descriptionZh)
        return differ(QStringLiteral("description"));
    if (s.value("x-unit").toString() != p.unit)
        return differ(QStringLiteral("x-unit"));
    if (!s.value("x-live").isBool() || s.value("x-live").toBool() != p.live)
        return differ(QStringLiteral("x-live"));
    if (p.type == ParamType::Array) {
        if (s.value("minItems").toInt() != p.minItems || s.value("maxItems").toInt() != p.maxItems)
            return differ(QStringLiteral("items count"));
    }
    if (p.type == ParamType::Object || p.type == ParamType::Array) {
        const QJsonObject fields
            = (p.type == ParamType::Array ? s.value("items").toObject() : s).value("properties").toObject();
        if (fields.size() != qsizetype(p.fields.size()))
            return differ(QStringLiteral("fields"));
        for (const auto& f : p.fields) {
            const QString d = compareParam(f, fields.value(f.name).toObject(), where + u'.' + f.name);
            if (!d.isEmpty())
                return d;
        }
    }
    return {};
}

} // namespace

class TestScenarioSchema : public QObject
{
    Q_OBJECT

private slots:
    void shape()
    {
        const QJsonObject schema = schemaOf(FakeCatalog());
        QCOMPARE(schema.value("$schema").toString(), QStringLiteral("https://json-schema.org/draft/2020-12/schema"));
        QCOMPARE(schema.value("additionalProperties"), QJsonValue(false));
        QCOMPARE(schema.value("required").toArray(), (QJsonArray{"looplab", "labs"}));
        const QJsonObject props = schema.value("properties").toObject();
        QCOMPARE(props.value("looplab").toObject().value("const").toInt(), 1);
        QCOMPARE(props.value("duration_s").toObject().value("minimum").toDouble(), 0.1);
        QCOMPARE(props.value("labs").toObject().value("maxItems").toInt(), 8);
        const QJsonObject defs = schema.value("$defs").toObject();
        // One if/then per kind, on "kind".
        const QJsonArray byKind = defs.value("lab").toObject().value("allOf").toArray();
        QCOMPARE(byKind.size(), 3);
        QCOMPARE(byKind.at(1)
                     .toObject()
                     .value("if")
                     .toObject()
                     .value("properties")
                     .toObject()
                     .value("kind")
                     .toObject()
                     .value("const")
                     .toString(),
            QStringLiteral("strict"));
        QCOMPARE(byKind.at(1).toObject().value("then").toObject().value("$ref").toString(),
            QStringLiteral("#/$defs/kind_strict"));
        const QJsonObject strict = defs.value("kind_strict").toObject();
        QCOMPARE(strict.value("additionalProperties"), QJsonValue(false));
        QCOMPARE(strict.value("required").toArray(), QJsonArray{"size"}); // no default, not optional
        QVERIFY(strict.value("properties").toObject().contains("id"));
        QVERIFY(strict.value("properties").toObject().contains("kind"));
        const QJsonObject demo = defs.value("kind_demo").toObject();
        QVERIFY(!demo.contains("required")); // everything has a default or is optional
        const QJsonObject count = demo.value("properties").toObject().value("count").toObject();
        QCOMPARE(count.value("x-unit").toString(), QStringLiteral("tasks"));
        QCOMPARE(count.value("x-live"), QJsonValue(true));
        QCOMPARE(count.value("x-description-zh").toString(), QStringLiteral("数量。"));
        const QJsonObject limit = demo.value("properties").toObject().value("limit").toObject();
        QCOMPARE(limit.value("required").toArray(), QJsonArray{"size"});
    }

    void agreesWithTheRealCatalog()
    {
        const auto& catalog = looplab::labCatalog();
        const QJsonObject schema = schemaOf(catalog);
        const QJsonObject defs = schema.value("$defs").toObject();
        QCOMPARE(defs.value("lab")
                     .toObject()
                     .value("properties")
                     .toObject()
                     .value("kind")
                     .toObject()
                     .value("enum")
                     .toArray(),
            QJsonArray::fromStringList(catalog.kinds()));
        QVERIFY(catalog.find(QStringLiteral("event_loop")));
        for (const QString& kind : catalog.kinds()) {
            const KindSpec* spec = catalog.find(kind);
            const QJsonObject props
                = defs.value(QStringLiteral("kind_") + kind).toObject().value("properties").toObject();
            QCOMPARE(props.size(), qsizetype(spec->params.size()) + 2); // + id, kind
            for (const auto& p : spec->params) {
                const QString d = compareParam(p, props.value(p.name).toObject(), kind + u'.' + p.name);
                QVERIFY2(d.isEmpty(), qPrintable(d));
            }
        }
    }

    // A real JSON Schema validator over the good files and the corpus.
    void validatorAgreesWithTheLoader()
    {
        // Debian's interpreter, where python3-jsonschema is installed (the python3 first on PATH may be
        // another build without it).
        const QString python = QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable()
            ? QStringLiteral("/usr/bin/python3")
            : QString();
        if (python.isEmpty())
            QFAIL("python3 not found (`make deps` installs Debian's python3)");
        QProcess probe;
        probe.start(python, {QStringLiteral("-c"), QStringLiteral("import jsonschema")});
        probe.waitForFinished();
        if (probe.exitCode() != 0)
            QFAIL("python3-jsonschema is not installed for /usr/bin/python3 (`make deps` installs it)");

        QTemporaryDir tmp;
        const QString schemaPath = tmp.filePath(QStringLiteral("schema.json"));
        QFile sf(schemaPath);
        QVERIFY(sf.open(QIODevice::WriteOnly));
        sf.write(generateJsonSchema(looplab::labCatalog()));
        sf.close();

        // What the loader says, for every file the schema can judge (valid JSON).
        QHash<QString, bool> loaderAccepts;
        QStringList files;
        auto consider = [&](const QString& path) {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly) || f.size() > kMaxFileBytes)
                return;
            const QByteArray bytes = f.readAll();
            if (!std::holds_alternative<ParsedJson>(readJson(bytes)))
                return; // a syntax error: nothing for a schema to say
            loaderAccepts.insert(
                path, std::holds_alternative<Scenario>(parseScenario(bytes, path, looplab::labCatalog())));
            files << path;
        };
        for (const QString& dir : {sourceRoot() + QStringLiteral("/tests/scenario/good"),
                 sourceRoot() + QStringLiteral("/resources/scenarios"), badScenarioDir()})
            for (const QString& f : QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files))
                consider(dir + u'/' + f);
        QVERIFY(files.size() >= 20);

        QProcess p;
        p.start(
            python, QStringList{sourceRoot() + QStringLiteral("/tests/scenario/check_schema.py"), schemaPath} + files);
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        // What a schema cannot say: lab ids unique across labs.
        const QStringList schemaCannotTell{QStringLiteral("duplicate_lab_ids.json")};
        int checked = 0;
        for (const QByteArray& line : p.readAllStandardOutput().split('\n')) {
            if (line.isEmpty())
                continue;
            const QString path = QString::fromUtf8(line.left(line.indexOf('\t')));
            const QString verdict = QString::fromUtf8(line.mid(line.indexOf('\t') + 1));
            const bool schemaAccepts = verdict == QLatin1String("ok");
            if (schemaCannotTell.contains(QFileInfo(path).fileName())) {
                QVERIFY2(schemaAccepts && !loaderAccepts.value(path), qPrintable(path));
                continue;
            }
            QVERIFY2(schemaAccepts == loaderAccepts.value(path),
                qPrintable(QStringLiteral("%1: loader %2, schema %3")
                               .arg(path, loaderAccepts.value(path) ? "accepts" : "refuses", verdict)));
            ++checked;
        }
        QCOMPARE(checked + int(schemaCannotTell.size()), int(files.size()));
        qInfo("schema and loader agree on %d files", checked);
    }
};

QTEST_GUILESS_MAIN(TestScenarioSchema)
#include "test_scenario_schema.moc"
