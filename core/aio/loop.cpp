#include "loop.h"

#include <QCoreApplication>
#include <QEvent>
#include <QMetaObject>
#include <QStringList>

#include <algorithm>
#include <chrono>

namespace looplab::aio {

namespace {
const QEvent::Type kWakeupEvent = static_cast<QEvent::Type>(QEvent::registerEventType());
const QEvent::Type kInboxEvent = static_cast<QEvent::Type>(QEvent::registerEventType());
} // namespace

Parking::Parking(Loop& loop)
    : m_loop(loop)
{
    loop.m_parkings.push_back(this);
}

Parking::~Parking()
{
    auto& v = m_loop.m_parkings;
    v.erase(std::remove(v.begin(), v.end(), this), v.end());
}

Loop::Loop(QObject* parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_armedFor = 0;
        if (m_activity)
            m_activity();
        runOnce();
    });
}

Loop::~Loop() = default;

void Loop::callSoon(std::coroutine_handle<> h)
{
    m_ready.push_back({h, {}});
    postWakeup();
}

void Loop::callSoon(Callback fn)
{
    m_ready.push_back({{}, std::move(fn)});
    postWakeup();
}

void Loop::callSoonThreadsafe(Callback fn)
{
    // The callback crosses threads through a mutex-guarded inbox, not inside a queued functor:
    // such a functor is destroyed by whichever thread drops the last reference to it, ordered only
    // by Qt's own (uninstrumented) reference count, which TSan cannot see.
    bool first = false;
    {
        std::lock_guard lock(m_inboxMutex);
        first = m_inbox.empty();
        m_inbox.push_back(std::move(fn));
    }
    if (first)
        QCoreApplication::postEvent(this, new QEvent(kInboxEvent));
}

TimerHandle Loop::callAt(int64_t deadlineNs, std::coroutine_handle<> h)
{
    return addTimer(deadlineNs, {h, {}});
}

TimerHandle Loop::callAt(int64_t deadlineNs, Callback fn)
{
    return addTimer(deadlineNs, {{}, std::move(fn)});
}

TimerHandle Loop::addTimer(int64_t deadline, Entry e)
{
    const uint64_t id = ++m_seq;
    if (m_stopped) {
        // Stopped: a coroutine still resumes (and sees stopped()); a callback is dropped.
        if (e.h)
            callSoon(e.h);
        return {};
    }
    m_timers.push_back({deadline, id, std::move(e)});
    std::push_heap(m_timers.begin(), m_timers.end(), later);
    if (m_armedFor == 0 || deadline < m_armedFor)
        arm();
    return {id};
}

bool Loop::cancel(TimerHandle t)
{
    if (!t)
        return false;
    for (const auto& timer : m_timers)
        if (timer.seq == t.id)
            return m_cancelledTimers.insert(t.id).second;
    for (auto& e : m_ready)
        if (e.timerSeq == t.id) { // due, not run yet: empty it (runOnce skips empty entries)
            const bool pending = e.h || e.fn;
            e = Entry{};
            return pending;
        }
    return false;
}

void Loop::postWakeup()
{
    // One posted event drains what is ready: asyncio's _run_once runs every ready callback per pass.
    if (m_wakeupPosted)
        return;
    m_wakeupPosted = true;
    QCoreApplication::postEvent(this, new QEvent(kWakeupEvent));
}

bool Loop::event(QEvent* e)
{
    if (e->type() == kInboxEvent) {
        std::vector<Callback> arrived;
        {
            std::lock_guard lock(m_inboxMutex);
            arrived.swap(m_inbox);
        }
        for (Callback& fn : arrived)
            callSoon(std::move(fn));
        return true;
    }
    if (e->type() == kWakeupEvent) {
        m_wakeupPosted = false;
        if (m_activity)
            m_activity();
        runOnce();
        return true;
    }
    return QObject::event(e);
}

void Loop::moveDueTimers(int64_t now)
{
    while (!m_timers.empty() && m_timers.front().deadline <= now) {
        std::pop_heap(m_timers.begin(), m_timers.end(), later);
        Timer t = std::move(m_timers.back());
        m_timers.pop_back();
        if (m_cancelledTimers.erase(t.seq) == 0) {
            t.entry.timerSeq = t.seq;
            m_ready.push_back(std::move(t.entry));
        }
    }
}

void Loop::runOnce()
{
    ++m_turns;
    if (m_passBegin)
        m_passBegin();
    moveDueTimers(nowNs());
    // Only what is ready now: what these callbacks schedule runs on the next pass, so timers and
    // other events are not starved by coroutines that keep waking each other.
    size_t n = m_ready.size();
    while (n-- > 0 && !m_ready.empty()) {
        Entry e = std::move(m_ready.front());
        m_ready.pop_front();
        if (e.h || e.fn) // a cancelled due timer is empty
            run(e);
    }
    if (!m_ready.empty())
        postWakeup();
    arm();
    if (m_passEnd)
        m_passEnd();
}

void Loop::run(Entry& e)
{
    if (!e.h && !e.fn)
        return; // a timer cancelled after it fell due
    ++m_resumptions;
    const int64_t start = nowNs();
    if (e.h)
        e.h.resume();
    else if (e.fn)
        e.fn();
    const int64_t end = nowNs();
    if (end - start > m_slowNs)
        ++m_slowCallbacks;
    if (m_callbackObserver)
        m_callbackObserver(start, end);
}

void Loop::arm()
{
    // Drop cancelled timers at the top so they do not keep the Qt timer armed.
    while (!m_timers.empty() && m_cancelledTimers.count(m_timers.front().seq)) {
        m_cancelledTimers.erase(m_timers.front().seq);
        std::pop_heap(m_timers.begin(), m_timers.end(), later);
        m_timers.pop_back();
    }
    if (m_timers.empty()) {
        m_timer.stop();
        m_armedFor = 0;
        return;
    }
    const int64_t deadline = m_timers.front().deadline;
    if (m_armedFor == deadline && m_timer.isActive())
        return;
    m_armedFor = deadline;
    m_timer.start(std::chrono::milliseconds(armDelayMs(deadline, nowNs())));
}

void Loop::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_timer.stop();
    m_armedFor = 0;
    auto timers = std::move(m_timers);
    m_timers.clear();
    // Coroutine sleepers resume in the order they would have woken; callbacks are dropped.
    std::sort(timers.begin(), timers.end(), [](const Timer& a, const Timer& b) { return later(b, a); });
    for (auto& t : timers)
        if (!m_cancelledTimers.count(t.seq) && t.entry.h)
            callSoon(t.entry.h);
    m_cancelledTimers.clear();
    const auto parkings = m_parkings; // a waiter may destroy a primitive when it resumes later
    for (auto* p : parkings)
        p->loopStopping();
    if (m_tasks.live() == 0 && onDrained)
        callSoon([this] {
            if (onDrained)
                onDrained();
        });
}

uint64_t Loop::taskStarted(const QString& name)
{
    ++m_tasks.started;
    const uint64_t id = ++m_nextTaskId;
    if (!name.isEmpty())
        m_namedTasks.emplace_back(id, name);
    return id;
}

void Loop::taskEnded(uint64_t id, bool cancelled)
{
    if (cancelled)
        ++m_tasks.cancelled;
    else
        ++m_tasks.ended;
    if (!m_namedTasks.empty())
        m_namedTasks.erase(
            std::remove_if(m_namedTasks.begin(), m_namedTasks.end(), [id](const auto& p) { return p.first == id; }),
            m_namedTasks.end());
    checkDrained();
}

void Loop::checkDrained()
{
    if (m_stopped && m_tasks.live() == 0 && onDrained)
        onDrained();
}

QStringList Loop::liveTaskNames() const
{
    QStringList names;
    for (const auto& p : m_namedTasks)
        names << p.second;
    return names;
}

} // namespace looplab::aio
