#include "player.h"

#include <algorithm>
#include <cmath>

namespace looplab::replay {

Player::Player(std::shared_ptr<const Recording> recording, QObject* parent)
    : QObject(parent)
    , m_recording(std::move(recording))
{
    Q_ASSERT(m_recording);
    m_timer.setInterval(kFrameIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Player::tick);
    m_current = m_recording->snapshotAt(0, m_windowNs);
}

int64_t Player::stepNs() const
{
    if (m_stepNs > 0)
        return m_stepNs;
    return std::max<int64_t>(1, std::llround(kFrameIntervalMs * 1e6 * m_speed));
}

void Player::setWindowNs(int64_t ns)
{
    m_windowNs = std::max<int64_t>(0, ns);
    moveTo(m_positionNs); // redraw with the new window
}

void Player::play()
{
    if (m_timer.isActive())
        return;
    if (m_positionNs >= durationNs())
        moveTo(0);
    m_wall.start();
    m_timer.start();
    Q_EMIT playingChanged(true);
}

void Player::pause()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    Q_EMIT playingChanged(false);
}

void Player::togglePlay()
{
    isPlaying() ? pause() : play();
}

void Player::step(int frames)
{
    pause();
    // Saturate: a huge frame count moves to an end, never overflows.
    const double target = double(m_positionNs) + double(frames) * double(stepNs());
    moveTo(int64_t(std::clamp(target, 0.0, double(durationNs()))));
}

void Player::seek(qint64 tNs)
{
    moveTo(tNs);
    if (isPlaying())
        m_wall.restart(); // the next tick advances from here
}

void Player::setSpeed(double speed)
{
    if (!std::isfinite(speed))
        return;
    speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    if (speed == m_speed)
        return;
    m_speed = speed;
    Q_EMIT speedChanged(m_speed);
}

void Player::tick()
{
    // Advance by the wall time that really passed (a late timer does not slow the replay down).
    const int64_t wallNs = m_wall.nsecsElapsed();
    m_wall.restart();
    const int64_t next = m_positionNs + std::llround(double(wallNs) * m_speed);
    moveTo(next);
    if (m_positionNs >= durationNs()) {
        pause();
        Q_EMIT finished();
    }
}

void Player::moveTo(int64_t tNs)
{
    m_positionNs = std::clamp<int64_t>(tNs, 0, durationNs());
    m_current = m_recording->snapshotAt(m_positionNs, m_windowNs);
    Q_EMIT positionChanged(m_positionNs);
    Q_EMIT snapshotChanged(m_current);
}

} // namespace looplab::replay
