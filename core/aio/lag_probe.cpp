#include "lag_probe.h"

#include <algorithm>

namespace looplab::aio {

LagProbe::LagProbe(Loop& loop, int64_t intervalNs, Sink sink)
    : m_loop(loop)
    , m_intervalNs(std::max<int64_t>(intervalNs, 1'000))
    , m_sink(std::move(sink))
{ }

LagProbe::~LagProbe()
{
    stop();
}

void LagProbe::start()
{
    if (m_timer || m_loop.stopped())
        return;
    m_dueNs = nowNs() + m_intervalNs;
    m_timer = m_loop.callAt(m_dueNs, [this] { fire(); });
}

void LagProbe::stop()
{
    if (m_timer)
        m_loop.cancel(std::exchange(m_timer, {}));
}

void LagProbe::fire()
{
    m_timer = {};
    const int64_t now = nowNs();
    ++m_samples;
    if (m_sink)
        m_sink(std::max<int64_t>(0, now - m_dueNs), now);
    m_dueNs = nowNs() + m_intervalNs;
    m_timer = m_loop.callAt(m_dueNs, [this] { fire(); });
}

} // namespace looplab::aio
