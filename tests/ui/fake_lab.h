#pragma once
// A tiny lab kind for the window's tests: real threads recording real events (so the engine,
// collector and panels run for real), with parameters of every editor type, and a log of what
// the engine applied so a test can see an edit arrive.
#include "engine/lab_factory.h"

#include <QStringList>

#include <mutex>

namespace looplab::uitest {

struct FakeLabLog {
    static std::mutex mutex;
    static QStringList applied; // "path=value" as Lab::applyParameter received them
    static int starts;
    static void clear();
    static QStringList appliedCopy();
    static int startCount();
};

// Kind "fake": rate_hz (live), workers (restart), mode (enum), enabled (bool), label (text),
// shape.amplitude (nested object).
class FakeCatalog : public engine::LabFactory
{
public:
    FakeCatalog();
    const scenario::KindSpec* find(const QString& kind) const override;
    QStringList kinds() const override;
    std::unique_ptr<engine::Lab> create(const scenario::LabConfig& config) const override;

private:
    scenario::KindSpec m_spec;
};

// A scenario file for the fake kind.
QByteArray fakeScenarioJson(const QString& title, double rateHz = 10, int workers = 2, double durationS = 60);

} // namespace looplab::uitest
