#pragma once
// The fixed part of the scenario format (everything that is not a lab kind's parameters), shared
// by the loader and the JSON Schema generator so the two cannot drift apart.
#include "param_spec.h"

#include <QStringView>

#include <vector>

namespace looplab::scenario::format {

constexpr int kMinLabs = 1;
constexpr int kMaxLabs = 8;
constexpr double kMaxSeed = 4294967295.0; // fits every seed a lab may feed to std::seed_seq

// duration_s, time_scale, seed: top-level numbers with ranges and defaults, checked like
// parameters (and settable with --set duration_s=5).
inline const std::vector<ParamSpec>& topLevelSettings()
{
    static const std::vector<ParamSpec> settings = {
        ParamSpec::real(QStringLiteral("duration_s"), 10, 0.1, 3600, QStringLiteral("s"),
            QStringLiteral("How long the run lasts (before time_scale stretches it)."),
            QStringLiteral("运行时长（time_scale 放大之前）。")),
        ParamSpec::real(QStringLiteral("time_scale"), 1, 0.01, 1000, QStringLiteral("x"),
            QStringLiteral(
                "Slow motion: every duration in the scenario is multiplied by this (a 2 ms task at 100 takes 200 ms)."),
            QStringLiteral("慢动作倍数：场景中的每个时长都乘以它（2 ms 的任务在 100 倍下耗时 200 ms）。")),
        ParamSpec::integer(QStringLiteral("seed"), 1, 0, kMaxSeed, QString(),
            QStringLiteral("Seed of the random arrivals and sizes, so a run can be repeated."),
            QStringLiteral("随机到达与随机大小的种子，使运行可以重复。")),
    };
    return settings;
}

// Lab ids: [a-z][a-z0-9_]* — they appear in --set ID.PARAM, summary.json and CSV headers.
inline bool isLabId(QStringView id)
{
    if (id.isEmpty() || !(id[0] >= u'a' && id[0] <= u'z'))
        return false;
    for (QChar c : id)
        if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_'))
            return false;
    return true;
}

inline const char* labIdPattern()
{
    return "^[a-z][a-z0-9_]*$";
}

} // namespace looplab::scenario::format
