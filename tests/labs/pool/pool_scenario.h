#pragma once
// The pool tests' scenario: one pool lab with id "pool"; `params` are the lab's JSON members
// ("\"workers\": 4, ...").
#include <QByteArray>

namespace looplab::testing {

inline QByteArray poolScenario(const QByteArray& params, double durationS = 30, double timeScale = 1)
{
    return QByteArray(R"({"looplab": 1, "title": {"en": "pool test", "zh": "pool test"},
        "notes": {"en": "", "zh": ""}, "duration_s": )")
        + QByteArray::number(durationS) + R"(, "time_scale": )" + QByteArray::number(timeScale)
        + R"(, "seed": 7, "labs": [{"id": "pool", "kind": "pool", )" + params + "}]}";
}

} // namespace looplab::testing
