#pragma once
// A small catalog with one parameter of every type, so the loader's rules can be tested to the
// exact message without depending on how the real labs' specs evolve.
#include "scenario/param_spec.h"

#include <QJsonArray>

namespace looplab::testing {

class FakeCatalog final : public scenario::KindCatalog
{
public:
    FakeCatalog()
    {
        using scenario::ParamSpec;
        scenario::KindSpec demo{QStringLiteral("demo"), QStringLiteral("Demo"), QStringLiteral("演示"), {}};
        demo.params = {
            ParamSpec::integer(QStringLiteral("count"), 10, 1, 100, QStringLiteral("tasks"),
                QStringLiteral("How many."), QStringLiteral("数量。"), true),
            ParamSpec::real(QStringLiteral("rate"), 2.5, 0, 1000, QStringLiteral("1/s"), QStringLiteral("Rate."),
                QStringLiteral("速率。")),
            ParamSpec::boolean(QStringLiteral("fast"), false, QStringLiteral("Fast."), QStringLiteral("快。")),
            ParamSpec::choice(QStringLiteral("mode"), QStringLiteral("on_loop"),
                {QStringLiteral("on_loop"), QStringLiteral("to_thread"), QStringLiteral("to_process")},
                QStringLiteral("Where."), QStringLiteral("在哪里。"), true),
            ParamSpec::text(
                QStringLiteral("label"), QStringLiteral("x"), QStringLiteral("Label."), QStringLiteral("标签。")),
            ParamSpec::object(QStringLiteral("load"),
                {ParamSpec::real(QStringLiteral("rate_per_s"), 100, 0, 1e6, QStringLiteral("1/s"),
                     QStringLiteral("Rate."), QStringLiteral("速率。"), true),
                    ParamSpec::integer(QStringLiteral("burst"), 2, 1, 10, QString(), QStringLiteral("Burst."),
                        QStringLiteral("突发。"))},
                QStringLiteral("Load."), QStringLiteral("负载。")),
            ParamSpec::array(QStringLiteral("stages"),
                {ParamSpec::text(QStringLiteral("name"), QString(), QStringLiteral("Name."), QStringLiteral("名字。"))
                        .withOptional(),
                    ParamSpec::integer(QStringLiteral("workers"), 1, 1, 64, QStringLiteral("threads"),
                        QStringLiteral("Workers."), QStringLiteral("工人。"))},
                0, 4, QStringLiteral("Stages."), QStringLiteral("阶段。")),
            ParamSpec::object(QStringLiteral("limit"),
                {ParamSpec::integer(QStringLiteral("per_s"), 0, 1, 1000, QStringLiteral("1/s"),
                     QStringLiteral("Limit."), QStringLiteral("限制。"))
                        .withOptional(),
                    ParamSpec::integer(QStringLiteral("size"), 0, 1, 1000, QString(), QStringLiteral("Size."),
                        QStringLiteral("大小。"))},
                QStringLiteral("Optional limit."), QStringLiteral("可选限制。"), true),
        };
        // `limit.size` is required once `limit` is given: no default, not optional.
        demo.params.back().fields.back().defaultValue = QJsonValue(QJsonValue::Undefined);

        scenario::KindSpec strict{QStringLiteral("strict"), QStringLiteral("Strict"), QStringLiteral("严格"), {}};
        ParamSpec size = ParamSpec::integer(
            QStringLiteral("size"), 0, 1, 10, QString(), QStringLiteral("Size."), QStringLiteral("大小。"));
        size.defaultValue = QJsonValue(QJsonValue::Undefined); // required
        strict.params = {
            size,
            ParamSpec::array(QStringLiteral("script"),
                {ParamSpec::text(
                     QStringLiteral("name"), QStringLiteral("task"), QStringLiteral("Name."), QStringLiteral("名字。")),
                    ParamSpec::array(QStringLiteral("steps"),
                        {ParamSpec::real(QStringLiteral("io_ms"), 0, 0, 60000, QStringLiteral("ms"),
                             QStringLiteral("I/O."), QStringLiteral("I/O。")),
                            ParamSpec::real(QStringLiteral("cpu_ms"), 0, 0, 60000, QStringLiteral("ms"),
                                QStringLiteral("CPU."), QStringLiteral("CPU。"))},
                        1, 16, QStringLiteral("Steps."), QStringLiteral("步骤。"))},
                1, 100, QStringLiteral("Script."), QStringLiteral("脚本。"), true),
        };

        // Many items, for the 4 MB timing.
        scenario::KindSpec bulk{QStringLiteral("bulk"), QStringLiteral("Bulk"), QStringLiteral("批量"), {}};
        bulk.params = {
            ParamSpec::array(QStringLiteral("points"),
                {ParamSpec::real(
                     QStringLiteral("x"), 0, -1e9, 1e9, QString(), QStringLiteral("X."), QStringLiteral("X。")),
                    ParamSpec::integer(
                        QStringLiteral("n"), 0, 0, 1e9, QString(), QStringLiteral("N."), QStringLiteral("N。")),
                    ParamSpec::text(QStringLiteral("tag"), QString(), QStringLiteral("Tag."), QStringLiteral("标签。")),
                    ParamSpec::boolean(QStringLiteral("on"), false, QStringLiteral("On."), QStringLiteral("开。"))},
                0, 10000000, QStringLiteral("Points."), QStringLiteral("点。")),
        };
        m_kinds = {demo, strict, bulk};
    }

    const scenario::KindSpec* find(const QString& kind) const override
    {
        for (const auto& k : m_kinds)
            if (k.kind == kind)
                return &k;
        return nullptr;
    }

    QStringList kinds() const override
    {
        QStringList out;
        for (const auto& k : m_kinds)
            out << k.kind;
        return out;
    }

private:
    std::vector<scenario::KindSpec> m_kinds;
};

} // namespace looplab::testing
