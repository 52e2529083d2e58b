// libFuzzer entry for the scenario loader: any bytes a teacher might open as a scenario must give a
// Scenario or a ScenarioError, never a crash, a hang or unbounded memory. Beyond "no crash", three
// properties are checked on every input:
//  - a file that loads survives serialize -> parse unchanged, and serializing is stable;
//  - an error names a position inside the input (line >= 1, column >= 1) or none at all;
//  - the first line, used as a --set argument on a fixed scenario, is accepted or refused
//    cleanly, and a refused override leaves the scenario as it was.
// The catalog: the fake kinds of the loader's tests (every parameter type, nested objects and
// arrays) plus the real event_loop kind's spec.
#include "labs/event_loop/event_loop_lab.h"
#include "scenario/fake_catalog.h"
#include "scenario/scenario_loader.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace looplab::scenario;

namespace {

class FuzzCatalog final : public KindCatalog
{
public:
    FuzzCatalog()
        : m_eventLoop(looplab::labs::eventLoopKindSpec())
    { }
    const KindSpec* find(const QString& kind) const override
    {
        return kind == m_eventLoop.kind ? &m_eventLoop : m_fake.find(kind);
    }
    QStringList kinds() const override { return m_fake.kinds() << m_eventLoop.kind; }

private:
    looplab::testing::FakeCatalog m_fake;
    KindSpec m_eventLoop;
};

[[noreturn]] void broken(const char* what, const QByteArray& detail)
{
    fprintf(stderr, "property broken: %s\n%s\n", what, detail.constData());
    abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const FuzzCatalog catalog;
    static const Scenario base = [] {
        auto r = parseScenario(
            "{\"looplab\": 1, \"labs\": [{\"id\": \"d\", \"kind\": \"demo\", \"stages\": [{}, {}]},"
            " {\"id\": \"loop\", \"kind\": \"event_loop\"}, {\"id\": \"s\", \"kind\": \"strict\", \"size\": 2,"
            " \"script\": [{\"steps\": [{\"io_ms\": 1}]}]}]}",
            QStringLiteral("base.json"), catalog);
        if (!std::holds_alternative<Scenario>(r))
            broken("the base scenario loads", std::get<ScenarioError>(r).toString().toUtf8());
        return std::get<Scenario>(r);
    }();

    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    auto result = parseScenario(bytes, QStringLiteral("fuzz.json"), catalog);
    if (const auto* scenario = std::get_if<Scenario>(&result)) {
        const QByteArray text = serializeScenario(*scenario);
        auto again = parseScenario(text, QStringLiteral("again.json"), catalog);
        if (!std::holds_alternative<Scenario>(again))
            broken("a loaded scenario reloads after serializing",
                std::get<ScenarioError>(again).toString().toUtf8() + "\n" + text);
        if (std::get<Scenario>(again).toJson() != scenario->toJson())
            broken("serialize -> parse gives the same scenario", text);
        if (serializeScenario(std::get<Scenario>(again)) != text)
            broken("serializing is stable", text);
    } else {
        const ScenarioError& e = std::get<ScenarioError>(result);
        // Line breaks: LF, CRLF, and a lone CR.
        const qsizetype lines = bytes.count('\n') + bytes.count('\r') - bytes.count("\r\n") + 1;
        if (e.line < 0 || e.column < 0 || (e.line > 0 && e.column < 1) || e.line > lines)
            broken("errors point inside the input", e.toString().toUtf8());
        if (e.message.isEmpty() || e.toString().contains(u'\n'))
            broken("an error is one non-empty line", e.toString().toUtf8());
    }

    // The first line as --set ID.PARAM=VALUE.
    const qsizetype nl = bytes.indexOf('\n');
    const QString assignment = QString::fromUtf8(bytes.left(std::min<qsizetype>(nl < 0 ? bytes.size() : nl, 512)));
    Scenario s = base;
    if (auto err = applyOverride(s, assignment, catalog)) {
        if (s.toJson() != base.toJson())
            broken("a refused override changes nothing", assignment.toUtf8());
        if (err->file != QLatin1String("--set") || err->line != 1 || err->column < 1
            || err->column > assignment.size() + 1)
            broken("override errors point into the argument", err->toString().toUtf8());
        if (err->message.isEmpty() || err->toString().contains(u'\n'))
            broken("an override error is one non-empty line", err->toString().toUtf8());
    } else {
        auto again = parseScenario(serializeScenario(s), QStringLiteral("set.json"), catalog);
        if (!std::holds_alternative<Scenario>(again))
            broken("an accepted override gives a valid scenario", std::get<ScenarioError>(again).toString().toUtf8());
    }
    return 0;
}
