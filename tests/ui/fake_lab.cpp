#include "fake_lab.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <atomic>
#include <cmath>
#include <thread>

namespace looplab::uitest {

using metrics::LaneState;
using scenario::ParamSpec;

std::mutex FakeLabLog::mutex;
QStringList FakeLabLog::applied;
int FakeLabLog::starts = 0;

void FakeLabLog::clear()
{
    std::lock_guard l(mutex);
    applied.clear();
    starts = 0;
}

QStringList FakeLabLog::appliedCopy()
{
    std::lock_guard l(mutex);
    return applied;
}

int FakeLabLog::startCount()
{
    std::lock_guard l(mutex);
    return starts;
}

namespace {

class FakeLab final : public engine::Lab
{
public:
    explicit FakeLab(const scenario::LabConfig& c)
        : m_rateHz(c.realParam(QStringLiteral("rate_hz")))
    { }
    ~FakeLab() override { stop(); }

    void start(const engine::LabContext& ctx) override
    {
        {
            std::lock_guard l(FakeLabLog::mutex);
            ++FakeLabLog::starts;
        }
        auto* reg = ctx.registry;
        const auto level
            = reg->addSeries({ctx.index, QStringLiteral("level"), QStringLiteral("ms"), metrics::SeriesKind::Gauge});
        const auto events
            = reg->addSeries({ctx.index, QStringLiteral("events"), QStringLiteral("1/s"), metrics::SeriesKind::Rate});
        const auto hist = reg->addHistogram({ctx.index, QStringLiteral("latency_ms"), QStringLiteral("ms")});
        const auto lane1 = reg->addLane({ctx.index, QStringLiteral("worker 1"), QStringLiteral("workers")});
        const auto lane2 = reg->addLane({ctx.index, QStringLiteral("worker 2"), QStringLiteral("workers")});
        metrics::Recorder rec = reg->recorder(QStringLiteral("fake"));
        m_stop = false;
        m_thread = std::thread([this, rec, level, events, hist, lane1, lane2]() mutable {
            int i = 0;
            while (!m_stop) {
                const double t = double(i) * 0.005;
                rec.gauge(level, 5 + 4 * std::sin(t * m_rateHz.load() / 10.0));
                rec.count(events, 1);
                rec.sample(hist, 1 + (i % 20) * 0.5);
                rec.state(lane1, i % 4 < 2 ? LaneState::Running : LaneState::IoWait);
                rec.state(lane2, i % 6 < 3 ? LaneState::IoWait : LaneState::Idle);
                m_samples.fetch_add(1);
                ++i;
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        });
    }
    void stop() override
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    engine::ParameterChange applyParameter(const QString& path, const QJsonValue& value) override
    {
        {
            std::lock_guard l(FakeLabLog::mutex);
            FakeLabLog::applied << path + QLatin1Char('=')
                    + QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
                          .mid(1)
                          .chopped(1);
        }
        if (path == QLatin1String("rate_hz")) {
            m_rateHz = value.toDouble();
            return engine::ParameterChange::Applied;
        }
        return engine::ParameterChange::NeedsRestart;
    }
    QMap<QString, double> metrics(const metrics::LabSnapshot& data) const override
    {
        QMap<QString, double> m;
        m.insert(QStringLiteral("samples"), double(m_samples.load()));
        if (const auto* h = data.findHistogram(QStringLiteral("latency_ms")))
            m.insert(QStringLiteral("latency_p50_ms"), h->p50);
        return m;
    }
    QString status() const override { return QStringLiteral("fake lab running"); }

private:
    std::atomic<double> m_rateHz;
    std::atomic<bool> m_stop{false};
    std::atomic<uint64_t> m_samples{0};
    std::thread m_thread;
};

} // namespace

FakeCatalog::FakeCatalog()
{
    m_spec.kind = QStringLiteral("fake");
    m_spec.titleEn = QStringLiteral("Fake lab");
    m_spec.titleZh = QStringLiteral("测试实验");
    m_spec.params = {
        ParamSpec::real(QStringLiteral("rate_hz"), 10, 0.1, 1000, QStringLiteral("1/s"),
            QStringLiteral("how fast the level waves"), QStringLiteral("波动速度"), true),
        ParamSpec::integer(QStringLiteral("workers"), 2, 1, 64, QStringLiteral("workers"),
            QStringLiteral("worker count"), QStringLiteral("工作线程数")),
        ParamSpec::choice(QStringLiteral("mode"), QStringLiteral("a"), {QStringLiteral("a"), QStringLiteral("b")},
            QStringLiteral("a mode"), QStringLiteral("模式")),
        ParamSpec::boolean(QStringLiteral("enabled"), true, QStringLiteral("on or off"), QStringLiteral("开关")),
        ParamSpec::text(
            QStringLiteral("label"), QStringLiteral("x"), QStringLiteral("a label"), QStringLiteral("标签")),
        ParamSpec::object(QStringLiteral("shape"),
            {ParamSpec::real(QStringLiteral("amplitude"), 1, 0, 10, QStringLiteral("ms"), QStringLiteral("wave height"),
                QStringLiteral("波高"), true)},
            QStringLiteral("the wave"), QStringLiteral("波形")),
    };
}

const scenario::KindSpec* FakeCatalog::find(const QString& kind) const
{
    return kind == m_spec.kind ? &m_spec : nullptr;
}

QStringList FakeCatalog::kinds() const
{
    return {m_spec.kind};
}

std::unique_ptr<engine::Lab> FakeCatalog::create(const scenario::LabConfig& config) const
{
    if (config.kind != m_spec.kind)
        return nullptr;
    return std::make_unique<FakeLab>(config);
}

QByteArray fakeScenarioJson(const QString& title, double rateHz, int workers, double durationS)
{
    return QStringLiteral(R"({
  "looplab": 1,
  "title": { "en": "%1", "zh": "%1（中文）" },
  "notes": { "en": "**Watch** the level.", "zh": "**观察**水平。" },
  "duration_s": %4,
  "time_scale": 1,
  "seed": 1,
  "labs": [
    { "id": "fake", "kind": "fake", "rate_hz": %2, "workers": %3 }
  ]
}
)")
        .arg(title)
        .arg(rateHz)
        .arg(workers)
        .arg(durationS)
        .toUtf8();
}

} // namespace looplab::uitest
