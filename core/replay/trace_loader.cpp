// Reads a trace.json back into a Recording. The file is untrusted (a student may open any trace):
// every field is checked, malformed events are skipped and counted, and what makes the file
// unusable is named in the error.
#include "catalog/catalog.h"
#include "recording.h"
#include "scenario/scenario_loader.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

namespace looplab::replay {

namespace {

// Timestamps past this (about 11 days, in µs) are not from a LoopLab run: skipped as malformed.
constexpr double kMaxTimeUs = 1e12;
constexpr int64_t kDefaultBinNs = 10'000'000;

QString notLoopLab()
{
    return QStringLiteral("this trace has no \"looplab\" object: it was not recorded by LoopLab");
}

bool toNs(const QJsonValue& v, int64_t& out)
{
    if (!v.isDouble())
        return false;
    const double us = v.toDouble();
    if (!std::isfinite(us) || us < 0 || us > kMaxTimeUs)
        return false;
    out = std::llround(us * 1000.0);
    return true;
}

std::optional<metrics::LaneState> stateFromName(const QString& name)
{
    for (int s = 0; s < metrics::kLaneStateCount; ++s)
        if (name == QLatin1String(metrics::laneStateName(metrics::LaneState(s))))
            return metrics::LaneState(s);
    return std::nullopt;
}

// "lag_ms [ms]" -> ("lag_ms", "ms"); a name without a unit keeps an empty unit.
std::pair<QString, QString> splitSeriesName(const QString& full)
{
    if (full.endsWith(QLatin1Char(']'))) {
        const qsizetype open = full.lastIndexOf(QLatin1String(" ["));
        if (open > 0)
            return {full.left(open), full.mid(open + 2, full.size() - open - 3)};
    }
    return {full, QString()};
}

struct RawPoint {
    int64_t tNs;
    double value;
};

struct RawSeries {
    int lab;
    QString name, unit;
    std::vector<RawPoint> points;
};

double metricValue(const QJsonValue& v)
{
    // summary.json writes non-finite metrics as null.
    return v.isDouble() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

metrics::HistogramData histogramFrom(const QJsonObject& o)
{
    metrics::HistogramData h;
    h.name = o.value(QStringLiteral("name")).toString();
    h.unit = o.value(QStringLiteral("unit")).toString();
    const double count = o.value(QStringLiteral("count")).toDouble();
    h.count = std::isfinite(count) && count > 0 && count < 1e18 ? uint64_t(count) : 0;
    h.min = o.value(QStringLiteral("min")).toDouble();
    h.max = o.value(QStringLiteral("max")).toDouble();
    h.mean = o.value(QStringLiteral("mean")).toDouble();
    h.p50 = o.value(QStringLiteral("p50")).toDouble();
    h.p90 = o.value(QStringLiteral("p90")).toDouble();
    h.p95 = o.value(QStringLiteral("p95")).toDouble();
    h.p99 = o.value(QStringLiteral("p99")).toDouble();
    for (const auto& b : o.value(QStringLiteral("buckets")).toArray()) {
        const QJsonArray a = b.toArray();
        if (a.size() == 3)
            h.buckets.push_back({a[0].toDouble(), a[1].toDouble(), a[2].toDouble()});
    }
    return h;
}

} // namespace

std::variant<Recording, QString> loadRecording(const QString& path)
{
    QFile file(path);
    if (!file.exists())
        return QStringLiteral("%1: no such file").arg(path);
    const qint64 size = file.size();
    if (size > kMaxTraceBytes)
        return QStringLiteral("%1 is %2 MB: LoopLab replays traces up to %3 MB")
            .arg(path)
            .arg(double(size) / (1024 * 1024), 0, 'f', 1)
            .arg(kMaxTraceBytes / (1024 * 1024));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
    auto result = loadRecordingFromBytes(file.read(kMaxTraceBytes + 1));
    if (auto* rec = std::get_if<Recording>(&result))
        rec->scenario.sourcePath = QFileInfo(path).absoluteFilePath();
    return result;
}

std::variant<Recording, QString> loadRecordingFromBytes(const QByteArray& bytes)
{
    if (bytes.size() > kMaxTraceBytes)
        return QStringLiteral("this trace is larger than %1 MB, the most LoopLab replays")
            .arg(kMaxTraceBytes / (1024 * 1024));
    if (bytes.trimmed().isEmpty())
        return QStringLiteral("this file is empty: it is not a trace");

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return QStringLiteral("this file is not JSON (%1 at byte %2): it is not a trace")
            .arg(parseError.errorString())
            .arg(parseError.offset);
    // Chrome's "JSON array format" (a bare list of events) is a valid trace, but not LoopLab's.
    if (!doc.isObject())
        return notLoopLab();
    const QJsonObject root = doc.object();

    const QJsonValue looplabValue = root.value(QStringLiteral("looplab"));
    if (looplabValue.isUndefined())
        return notLoopLab();
    if (!looplabValue.isObject())
        return QStringLiteral("this trace's \"looplab\" entry is not an object: it was not recorded by LoopLab");
    const QJsonObject looplab = looplabValue.toObject();

    const QJsonValue version = looplab.value(QStringLiteral("version"));
    if (!version.isUndefined()) {
        if (!version.isDouble())
            return QStringLiteral("this trace's \"looplab.version\" is not a number");
        if (version.toDouble() > 1)
            return QStringLiteral(
                "this trace was recorded by a newer LoopLab (trace format %1); this version reads format 1")
                .arg(version.toDouble());
    }

    const QJsonValue scenarioValue = looplab.value(QStringLiteral("scenario"));
    if (!scenarioValue.isObject())
        return scenarioValue.isUndefined()
            ? QStringLiteral("this trace's \"looplab\" object has no \"scenario\": it cannot be replayed")
            : QStringLiteral("this trace's \"looplab.scenario\" is not an object: it cannot be replayed");
    const QJsonValue summaryValue = looplab.value(QStringLiteral("summary"));
    if (!summaryValue.isObject())
        return summaryValue.isUndefined()
            ? QStringLiteral("this trace's \"looplab\" object has no \"summary\": it cannot be replayed")
            : QStringLiteral("this trace's \"looplab.summary\" is not an object: it cannot be replayed");
    const QJsonValue eventsValue = root.value(QStringLiteral("traceEvents"));
    if (!eventsValue.isArray())
        return eventsValue.isUndefined()
            ? QStringLiteral("this trace has no \"traceEvents\" list: it has nothing to replay")
            : QStringLiteral("this trace's \"traceEvents\" is not a list: it has nothing to replay");

    Recording rec;
    // The scenario goes through the same loader and checks as a scenario file.
    {
        const QByteArray json = QJsonDocument(scenarioValue.toObject()).toJson(QJsonDocument::Compact);
        auto parsed
            = scenario::parseScenario(json, QStringLiteral("trace.json#looplab.scenario"), looplab::labCatalog());
        if (auto* err = std::get_if<scenario::ScenarioError>(&parsed))
            return QStringLiteral("the scenario in this trace is not valid: ") + err->toString();
        rec.scenario = std::move(std::get<scenario::Scenario>(parsed));
    }
    if (rec.scenario.labs.empty())
        return QStringLiteral("the scenario in this trace has no labs: nothing to replay");

    const QJsonObject summary = summaryValue.toObject();
    const QJsonValue summaryLabsValue = summary.value(QStringLiteral("labs"));
    if (!summaryLabsValue.isObject())
        return QStringLiteral("this trace's summary has no \"labs\" object: it cannot be replayed");
    const QJsonObject summaryLabs = summaryLabsValue.toObject();
    rec.title = summary.value(QStringLiteral("scenario")).toString();
    rec.wallS = summary.value(QStringLiteral("duration_s")).toDouble();
    if (!std::isfinite(rec.wallS) || rec.wallS < 0 || rec.wallS * 1e6 > kMaxTimeUs)
        return QStringLiteral("this trace's summary has no valid \"duration_s\"");
    rec.timeScale = summary.value(QStringLiteral("time_scale")).toDouble(rec.scenario.timeScale);
    const double recorded = summary.value(QStringLiteral("events_recorded")).toDouble();
    const double dropped = summary.value(QStringLiteral("events_dropped")).toDouble();
    rec.eventsRecorded = recorded > 0 && recorded < 1e18 ? uint64_t(recorded) : 0;
    rec.eventsDropped = dropped > 0 && dropped < 1e18 ? uint64_t(dropped) : 0;
    rec.runError = summary.value(QStringLiteral("error")).toString();

    QHash<QString, int> labIndex;
    for (const auto& cfg : rec.scenario.labs) {
        const QJsonValue labValue = summaryLabs.value(cfg.id);
        if (!labValue.isObject())
            return QStringLiteral("this trace's summary has no lab \"%1\" (the scenario has it): it cannot be replayed")
                .arg(cfg.id);
        const QJsonValue metricsValue = labValue.toObject().value(QStringLiteral("metrics"));
        if (!metricsValue.isObject())
            return QStringLiteral("this trace's summary has no \"metrics\" for lab \"%1\"").arg(cfg.id);
        LabTrack lab;
        lab.id = cfg.id;
        lab.kind = cfg.kind;
        const QJsonObject m = metricsValue.toObject();
        for (auto it = m.begin(); it != m.end(); ++it)
            lab.metrics.insert(it.key(), metricValue(it.value()));
        labIndex.insert(cfg.id, int(rec.labs.size()));
        rec.labs.push_back(std::move(lab));
    }

    // Optional extras a newer exporter may write: exact series kinds, the bin width, histograms.
    QHash<QPair<int, QString>, metrics::SeriesKind> declaredKinds;
    for (const auto& v : looplab.value(QStringLiteral("series")).toArray()) {
        const QJsonObject o = v.toObject();
        const int lab = labIndex.value(o.value(QStringLiteral("lab")).toString(), -1);
        if (lab >= 0)
            declaredKinds.insert({lab, o.value(QStringLiteral("name")).toString()},
                o.value(QStringLiteral("kind")).toString() == QLatin1String("rate") ? metrics::SeriesKind::Rate
                                                                                    : metrics::SeriesKind::Gauge);
    }
    for (const auto& v : looplab.value(QStringLiteral("histograms")).toArray()) {
        const QJsonObject o = v.toObject();
        const int lab = labIndex.value(o.value(QStringLiteral("lab")).toString(), -1);
        if (lab >= 0)
            rec.labs[size_t(lab)].histograms.push_back(histogramFrom(o));
    }
    const double declaredBin = looplab.value(QStringLiteral("bin_ns")).toDouble();

    // Pass 1: names. pid -> lab (from "ID (KIND)"), (pid, tid) -> lane.
    const QJsonArray events = eventsValue.toArray();
    rec.totalEvents = int(std::min<qsizetype>(events.size(), std::numeric_limits<int>::max()));
    QHash<int, int> labOfPid;
    QHash<QPair<int, int>, QPair<int, int>> laneOf; // (pid, tid) -> (lab, lane)
    auto labFor = [&](int pid) -> int {
        if (auto it = labOfPid.constFind(pid); it != labOfPid.constEnd())
            return it.value();
        // The exporter numbers labs from 1 in scenario order.
        return pid >= 1 && size_t(pid) <= rec.labs.size() ? pid - 1 : -1;
    };
    for (const auto& v : events) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("ph")).toString() != QLatin1String("M"))
            continue;
        const QString what = e.value(QStringLiteral("name")).toString();
        const QJsonObject args = e.value(QStringLiteral("args")).toObject();
        const int pid = e.value(QStringLiteral("pid")).toInt(-1);
        if (what == QLatin1String("process_name")) {
            const QString name = args.value(QStringLiteral("name")).toString();
            const qsizetype paren = name.lastIndexOf(QLatin1String(" ("));
            const int lab = labIndex.value(paren > 0 ? name.left(paren) : name, -1);
            if (lab >= 0 && pid >= 0)
                labOfPid.insert(pid, lab);
        }
    }
    for (const auto& v : events) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("ph")).toString() != QLatin1String("M")
            || e.value(QStringLiteral("name")).toString() != QLatin1String("thread_name"))
            continue;
        const int pid = e.value(QStringLiteral("pid")).toInt(-1);
        const int tid = e.value(QStringLiteral("tid")).toInt(-1);
        const int lab = labFor(pid);
        if (lab < 0 || tid < 0 || laneOf.contains({pid, tid})) {
            ++rec.skippedEvents;
            continue;
        }
        const QJsonObject args = e.value(QStringLiteral("args")).toObject();
        auto& lanes = rec.labs[size_t(lab)].lanes;
        laneOf.insert({pid, tid}, {lab, int(lanes.size())});
        lanes.push_back(LaneTrack{
            args.value(QStringLiteral("name")).toString(), args.value(QStringLiteral("group")).toString(), {}, {}});
    }

    // Pass 2: spans, counters, marks.
    std::vector<RawSeries> raw;
    QHash<QPair<int, QString>, size_t> rawIndex;
    int64_t lastNs = 0;
    for (const auto& v : events) {
        if (!v.isObject()) {
            ++rec.skippedEvents;
            continue;
        }
        const QJsonObject e = v.toObject();
        const QString ph = e.value(QStringLiteral("ph")).toString();
        if (ph == QLatin1String("M"))
            continue;
        int64_t t = 0;
        const int lab = labFor(e.value(QStringLiteral("pid")).toInt(-1));
        if (lab < 0 || !toNs(e.value(QStringLiteral("ts")), t)) {
            ++rec.skippedEvents;
            continue;
        }
        const QString name = e.value(QStringLiteral("name")).toString();
        if (ph == QLatin1String("X")) {
            int64_t dur = 0;
            const auto lane = laneOf.constFind(
                {e.value(QStringLiteral("pid")).toInt(-1), e.value(QStringLiteral("tid")).toInt(-1)});
            const auto state = stateFromName(name);
            if (lane == laneOf.constEnd() || !state || !toNs(e.value(QStringLiteral("dur")), dur)) {
                ++rec.skippedEvents;
                continue;
            }
            rec.labs[size_t(lane->first)].lanes[size_t(lane->second)].spans.push_back({t, t + dur, *state, 0});
            lastNs = std::max(lastNs, t + dur);
        } else if (ph == QLatin1String("C")) {
            const QJsonValue value = e.value(QStringLiteral("args")).toObject().value(QStringLiteral("value"));
            if (!value.isDouble() || name.isEmpty()) {
                ++rec.skippedEvents;
                continue;
            }
            auto it = rawIndex.constFind({lab, name});
            size_t idx;
            if (it == rawIndex.constEnd()) {
                auto [base, unit] = splitSeriesName(name);
                idx = raw.size();
                raw.push_back(RawSeries{lab, base, unit, {}});
                rawIndex.insert({lab, name}, idx);
            } else {
                idx = it.value();
            }
            raw[idx].points.push_back({t, value.toDouble()});
            lastNs = std::max(lastNs, t);
        } else if (ph == QLatin1String("i") || ph == QLatin1String("I")) {
            const QJsonValue value = e.value(QStringLiteral("args")).toObject().value(QStringLiteral("value"));
            rec.labs[size_t(lab)].marks.push_back({t, name, value.isDouble() ? value.toDouble() : 0.0});
            lastNs = std::max(lastNs, t);
        } else {
            ++rec.skippedEvents; // B/E, async, flow…: not something LoopLab writes
        }
    }

    rec.m_durationNs = std::max<int64_t>(std::llround(rec.wallS * 1e9), lastNs);

    // The bin width: declared, or the largest step every counter timestamp is a multiple of.
    int64_t bin = 0;
    if (std::isfinite(declaredBin) && declaredBin >= 1000 && declaredBin <= 1e12) {
        bin = int64_t(declaredBin);
    } else {
        for (const auto& s : raw)
            for (const auto& p : s.points)
                bin = std::gcd(bin, p.tNs);
        if (bin < 1000) // nothing to infer from (or sub-µs steps: not a collector's bins)
            bin = kDefaultBinNs;
    }
    while (rec.m_durationNs / bin + 1 > kMaxBins)
        bin *= 2;
    rec.binNs = bin;

    for (auto& s : raw) {
        SeriesTrack track;
        track.name = s.name;
        track.unit = s.unit;
        auto declared = declaredKinds.constFind({s.lab, s.name});
        track.kind = declared != declaredKinds.constEnd() ? declared.value()
            : s.unit.endsWith(QLatin1String("/s"))        ? metrics::SeriesKind::Rate
                                                          : metrics::SeriesKind::Gauge;
        std::stable_sort(
            s.points.begin(), s.points.end(), [](const RawPoint& a, const RawPoint& b) { return a.tNs < b.tNs; });
        for (const auto& p : s.points) {
            const int64_t b = p.tNs / bin;
            if (!track.points.empty() && track.points.back().bin == b)
                track.points.back().value = p.value; // one value per bin: the latest
            else
                track.points.push_back({b, p.value});
        }
        rec.labs[size_t(s.lab)].series.push_back(std::move(track));
    }

    for (auto& lab : rec.labs) {
        std::stable_sort(
            lab.marks.begin(), lab.marks.end(), [](const auto& a, const auto& b) { return a.tNs < b.tNs; });
        for (auto& lane : lab.lanes) {
            std::stable_sort(lane.spans.begin(), lane.spans.end(),
                [](const auto& a, const auto& b) { return a.startNs < b.startNs; });
            std::array<int64_t, metrics::kLaneStateCount> totals{};
            for (size_t i = 0; i < lane.spans.size(); ++i) {
                if (i % LaneTrack::kCheckpointEvery == 0)
                    lane.checkpoints.push_back(totals);
                const auto& s = lane.spans[i];
                totals[size_t(s.state)] += s.endNs - s.startNs;
            }
        }
    }
    return rec;
}

} // namespace looplab::replay
