// threading beyond one Lock, on the pool's real threads (the course's list: RLock, Condition,
// Event, Semaphore, and the deadlock that two Locks taken in opposite order make). Each primitive
// is real (pool_sync_primitives.h) and contended by the pool's OS threads; a wait for it drops the
// emulated GIL, as CPython does around any blocking acquire, and shows as blocked
// (QueueBlocked) on the waiter's lane. What is measured is measured beside the primitive (how
// many threads are inside the guarded block, when each started), not read back from it.
#include "pool_lab_impl.h"

#include <QCoreApplication>

#include <algorithm>
#include <limits>

namespace looplab::labs::pool {

using metrics::LaneState;
using metrics::nowNs;

namespace {
// A wait looks at the stop flag this often: stop() ends any wait within it (a deadlock too).
constexpr WaitSlice kWaitSlice{20'000'000};
const std::vector<QString> kLockNames{QStringLiteral("A"), QStringLiteral("B")};

void raiseMax(std::atomic<int>& max, int v)
{
    int m = max.load();
    while (m < v && !max.compare_exchange_weak(m, v)) { }
}
void raiseMax(std::atomic<int64_t>& max, int64_t v)
{
    int64_t m = max.load();
    while (m < v && !max.compare_exchange_weak(m, v)) { }
}
void lowerMin(std::atomic<int64_t>& min, int64_t v) // 0: none yet
{
    int64_t m = min.load();
    while ((m == 0 || v < m) && !min.compare_exchange_weak(m, v)) { }
}
} // namespace

// --- the wait-for graph ---------------------------------------------------------------------------

void WaitForGraph::held(int lock, int thread)
{
    std::lock_guard g(m_mutex);
    m_holder[size_t(lock)] = thread;
}

void WaitForGraph::released(int lock)
{
    std::lock_guard g(m_mutex);
    m_holder[size_t(lock)] = -1;
}

void WaitForGraph::waits(int thread, int lock)
{
    std::lock_guard g(m_mutex);
    m_waitsFor[size_t(thread)] = lock;
    // A thread of the reported cycle no longer waits: that cycle is broken.
    if (lock < 0 && std::find(m_reported.begin(), m_reported.end(), thread) != m_reported.end())
        m_reported.clear();
}

std::vector<WaitForGraph::Link> WaitForGraph::newCycleThrough(int thread)
{
    std::lock_guard g(m_mutex);
    std::vector<Link> cycle;
    int cur = thread;
    // Follow "waits for a lock held by" from `thread`; back at `thread` within as many steps as
    // there are threads: a cycle. (One that `thread` only leads into is found by its members.)
    for (size_t step = 0; step < m_waitsFor.size(); ++step) {
        const int lock = m_waitsFor[size_t(cur)];
        const int holder = lock >= 0 ? m_holder[size_t(lock)] : -1;
        if (holder < 0)
            return {};
        cycle.push_back({cur, lock, holder});
        if (holder == thread)
            break;
        cur = holder;
    }
    if (cycle.empty() || cycle.back().holder != thread)
        return {};
    std::vector<int> members;
    for (const Link& l : cycle)
        members.push_back(l.waiter);
    std::sort(members.begin(), members.end());
    if (members == m_reported)
        return {};
    m_reported = members;
    // Start at the lowest thread, so the same cycle reads the same whoever found it.
    const auto first = std::min_element(
        cycle.begin(), cycle.end(), [](const Link& a, const Link& b) { return a.waiter < b.waiter; });
    std::rotate(cycle.begin(), first, cycle.end());
    return cycle;
}

QString describeDeadlock(
    const std::vector<WaitForGraph::Link>& cycle, const std::vector<QString>& lockNames, bool translated)
{
    // The mark's name is English whatever the UI's language (the panel reads it back, link by
    // link, and says it again with these same translations: context "PoolLab").
    auto text = [translated](const char* source) {
        return translated ? QCoreApplication::translate("PoolLab", source) : QString::fromUtf8(source);
    };
    QString s = text(QT_TRANSLATE_NOOP("PoolLab", "deadlock: thread %1")).arg(cycle.front().waiter + 1);
    for (size_t i = 0; i < cycle.size(); ++i)
        s += text(i == 0 ? QT_TRANSLATE_NOOP("PoolLab", " waits for lock %1 held by thread %2")
                         : QT_TRANSLATE_NOOP("PoolLab", ", which waits for lock %1 held by thread %2"))
                 .arg(lockNames[size_t(cycle[i].lock)])
                 .arg(cycle[i].holder + 1);
    return s;
}

// --- waiting like CPython ---------------------------------------------------------------------------

int64_t PoolLab::blockOn(GilThread& g, std::atomic<int64_t>& waitNs, std::atomic<int64_t>& waitSince,
    const std::function<bool(WaitSlice)>& attempt, const std::function<void()>& eachSlice)
{
    // acquire() / wait() are called from Python code, holding the GIL. First a try that does not
    // block; when it would, the GIL is dropped around the wait (or the holder of the primitive
    // could never get the GIL to release it) and taken back after. The wait is in slices that
    // look at the stop flag: stop() ends it, even in a deadlock.
    const int64_t t0 = nowNs();
    if (attempt(WaitSlice(0))) {
        g.recorder.sample(m_hLockWait, 0, t0);
        return 0;
    }
    waitSince.store(t0, std::memory_order_relaxed); // live metrics: a wait in progress
    leavePython(g, LaneState::QueueBlocked);
    bool got = false;
    while (!(got = attempt(kWaitSlice)) && !m_stop.load(std::memory_order_relaxed))
        if (eachSlice)
            eachSlice();
    const int64_t t1 = nowNs();
    enterPython(g);
    waitNs.fetch_add(t1 - t0, std::memory_order_relaxed);
    waitSince.store(0, std::memory_order_relaxed);
    if (!got)
        return -1;
    g.recorder.sample(m_hLockWait, double(t1 - t0) * 1e-6, t1);
    return std::max<int64_t>(1, t1 - t0);
}

// --- start ----------------------------------------------------------------------------------------

void PoolLab::syncStart(metrics::Registry& reg)
{
    const int lab = m_ctx.index;
    m_sync = std::make_unique<SyncState>(m_p.semaphoreValue, m_p.workers);
    auto lockLane = [&](const QString& name) {
        m_sync->lockLanes.push_back(reg.addLane({lab, name, QStringLiteral("lock")}));
        m_sync->lockRecorders.push_back(reg.recorder(QStringLiteral("pool-") + name));
    };
    auto helperLane = [&](const QString& name) {
        m_sync->helper.index = m_p.workers; // on the GIL lane: beside the workers, as the probe
        m_sync->helper.lane = reg.addLane({lab, name, QStringLiteral("sync")});
        m_sync->helper.recorder = reg.recorder(QStringLiteral("pool-") + name);
    };
    switch (m_p.sync) {
    case SyncMode::RLock:
        lockLane(QStringLiteral("RLock"));
        break;
    case SyncMode::Deadlock:
        for (const QString& name : kLockNames)
            lockLane(QStringLiteral("lock ") + name);
        break;
    case SyncMode::Event:
        helperLane(QStringLiteral("starter"));
        m_mEventSet = reg.addMark({lab, QStringLiteral("event_set")}); // the feeder starts the starter
        break;
    case SyncMode::Condition:
        helperLane(QStringLiteral("producer"));
        break;
    case SyncMode::Semaphore:
    case SyncMode::None:
        break;
    }
}

// --- the tasks ------------------------------------------------------------------------------------

void PoolLab::syncTaskBody(Worker& w, int64_t index, const TaskWork& work)
{
    w.countTaskSince.store(nowNs(), std::memory_order_relaxed); // live metrics: a task in progress
    enterPython(w.gil);
    switch (m_p.sync) {
    case SyncMode::RLock:
        rlockEnter(w, 1, work);
        break;
    case SyncMode::Event:
        eventTask(w, work);
        break;
    case SyncMode::Semaphore:
        semaphoreTask(w, work);
        break;
    case SyncMode::Deadlock:
        deadlockTask(w, index, work);
        break;
    case SyncMode::Condition: // consumers are loops, not tasks (consumerLoop)
    case SyncMode::None:
        ownWork(w.gil, work);
        break;
    }
    leavePython(w.gil, LaneState::Idle);
    // A task cut short by stop() (a deadlock's never ends otherwise) still spent its time in a
    // task: lock_wait_share counts it (the caller adds only the tasks that ended).
    if (const int64_t since = w.countTaskSince.exchange(0); since > 0 && m_stop.load())
        w.busyNs.fetch_add(nowNs() - since, std::memory_order_relaxed);
}

bool PoolLab::rlockEnter(Worker& w, int level, const TaskWork& work)
{
    // def update(n):
    //     with rlock:                 # the same thread takes it again at each level
    //         if n > 1: update(n - 1)
    //         else: work()
    SyncState& s = *m_sync;
    const int me = w.gil.index;
    const int64_t waited
        = blockOn(w.gil, w.lockWaitNs, w.lockWaitSince, [&](WaitSlice t) { return s.rlock.tryAcquire(me, t); });
    if (waited < 0)
        return false;
    const int depth = s.rlock.countOf(me);
    raiseMax(s.rlockMaxDepth, depth);
    if (depth > 1) {
        s.reentries.fetch_add(1, std::memory_order_relaxed); // taken again by its holder: no wait
    } else {
        raiseMax(s.maxHolders, s.holders.fetch_add(1) + 1); // a second holder here: a broken lock
        s.lockRecorders[0].state(s.lockLanes[0], LaneState::Running, nowNs(), uint32_t(me));
    }
    const bool ok = level < m_p.rlockDepth ? rlockEnter(w, level + 1, work) : (ownWork(w.gil, work), true);
    if (depth == 1) {
        s.holders.fetch_sub(1);
        s.lockRecorders[0].state(s.lockLanes[0], LaneState::Idle); // still the holder
    }
    s.rlock.release();
    return ok;
}

void PoolLab::eventTask(Worker& w, const TaskWork& work)
{
    // event.wait(); then the task's work: every waiter starts when the starter calls set().
    SyncState& s = *m_sync;
    const int64_t waited = blockOn(w.gil, w.lockWaitNs, w.lockWaitSince, [&](WaitSlice t) { return s.event.wait(t); });
    if (waited < 0)
        return;
    if (waited > 0) {
        // When its own code goes on (after the GIL is back), as perf_counter() after wait() reads.
        const int64_t started = nowNs();
        s.eventWaiters.fetch_add(1, std::memory_order_relaxed);
        lowerMin(s.firstStartNs, started);
        raiseMax(s.lastStartNs, started);
        lowerMin(s.minWaitNs, waited);
    }
    ownWork(w.gil, work);
}

void PoolLab::starterLoop()
{
    // The main thread's part: time.sleep(delay); event.set().
    // The delay counts from the tasks' submission (the feeder started this thread right after).
    GilThread& g = m_sync->helper;
    const int64_t t0 = m_firstSubmitNs.load();
    g.recorder.state(g.lane, LaneState::IoWait, std::max(t0, nowNs()));
    if (!sleepNs(t0 + m_ctx.scaled(m_p.eventDelayMs).count() - nowNs())) {
        g.recorder.state(g.lane, LaneState::Idle);
        return;
    }
    g.recorder.state(g.lane, LaneState::Running);
    const int64_t set = nowNs();
    m_sync->eventSetNs.store(set);
    m_sync->event.set();
    g.recorder.mark(m_mEventSet, double(set - t0) * 1e-6, set);
    g.recorder.state(g.lane, LaneState::Idle);
}

void PoolLab::semaphoreTask(Worker& w, const TaskWork& work)
{
    // with semaphore: work()
    SyncState& s = *m_sync;
    if (blockOn(w.gil, w.lockWaitNs, w.lockWaitSince, [&](WaitSlice t) { return s.semaphore.tryAcquire(t); }) < 0)
        return;
    raiseMax(s.maxHolders, s.holders.fetch_add(1) + 1);
    ownWork(w.gil, work);
    s.holders.fetch_sub(1); // before release(): the count never shows one more than inside
    s.semaphore.release();
}

bool PoolLab::takeLabLock(Worker& w, int lock)
{
    SyncState& s = *m_sync;
    const int me = w.gil.index;
    auto lookForCycle = [&] {
        // Not while stopping: the threads leave their waits one by one then, and a lock freed by
        // one may be taken by a waiter for a moment — no deadlock to report.
        if (m_stop.load())
            return;
        if (const auto cycle = s.graph.newCycleThrough(me); !cycle.empty()) {
            const QString caption = describeDeadlock(cycle, kLockNames, false);
            s.deadlocks.fetch_add(1);
            raiseMax(s.threadsInDeadlock, int(cycle.size()));
            {
                std::lock_guard g(s.captionMutex);
                s.lastCycle = cycle;
            }
            // The mark's name is the caption: marks may be declared while the run goes on.
            w.gil.recorder.mark(m_ctx.registry->addMark({m_ctx.index, caption}), double(cycle.size()));
        }
    };
    if (m_stop.load())
        return false;
    s.graph.waits(me, lock);
    lookForCycle(); // this wait may close a cycle...
    const int64_t waited = blockOn(
        w.gil, w.lockWaitNs, w.lockWaitSince, [&](WaitSlice t) { return s.locks[lock].tryAcquire(t); },
        lookForCycle); // ...or its holder's wait, started a moment later
    s.graph.waits(me, -1);
    if (waited < 0)
        return false;
    s.graph.held(lock, me);
    s.lockRecorders[size_t(lock)].state(s.lockLanes[size_t(lock)], LaneState::Running, nowNs(), uint32_t(me));
    return true;
}

void PoolLab::dropLabLock(int lock)
{
    SyncState& s = *m_sync;
    s.lockRecorders[size_t(lock)].state(s.lockLanes[size_t(lock)], LaneState::Idle); // still the holder
    s.graph.released(lock);
    s.locks[lock].release();
}

void PoolLab::deadlockTask(Worker& w, int64_t index, const TaskWork& work)
{
    // Even tasks: with lock_a: work(); with lock_b: ...   Odd tasks: lock_b first, then lock_a.
    // The work between the two acquisitions lets the other thread take its first lock: then each
    // waits for the lock the other holds, for ever (until stop(), which ends the waits).
    const int first = index % 2 == 0 ? 0 : 1;
    const int second = 1 - first;
    if (!takeLabLock(w, first))
        return;
    ownWork(w.gil, work);
    if (takeLabLock(w, second))
        dropLabLock(second);
    dropLabLock(first);
}

// --- condition: producer and consumers ------------------------------------------------------------

std::function<bool(WaitSlice)> PoolLab::condWait(std::unique_lock<Lock>& lock, const std::function<bool()>& ready)
{
    // cond.wait() in a `while not ready` loop, for blockOn. Its first try (with the GIL held)
    // only looks at the condition: wait_for, even for 0 ns, releases the condition's lock and
    // takes it back blocking — and its holder may be a thread waiting for the GIL.
    return
        [this, &lock, ready](WaitSlice t) { return t.count() == 0 ? ready() : m_sync->cond.wait_for(lock, t, ready); };
}

void PoolLab::producerLoop()
{
    // for i in range(tasks):
    //     time.sleep(produce_ms)              # make the item
    //     with cond:
    //         while len(buffer) >= size: cond.wait()
    //         buffer.append(i); cond.notify_all()
    SyncState& s = *m_sync;
    GilThread& g = s.helper;
    std::atomic<int64_t> lockSince{0};
    const int64_t make = m_ctx.scaled(m_p.produceMs).count();
    enterPython(g);
    for (int64_t i = 0; i < m_p.tasks; ++i) {
        leavePython(g, LaneState::IoWait);
        if (!sleepNs(make))
            break;
        enterPython(g);
        std::unique_lock lock(s.condLock, std::defer_lock);
        if (blockOn(g, s.producerWaitNs, lockSince, [&](WaitSlice t) { return lock.try_lock_for(t); }) < 0)
            break;
        auto room = [&] { return int64_t(s.buffer.size()) < m_p.bufferSize; };
        if (blockOn(g, s.producerWaitNs, s.producerWaitSince, condWait(lock, room)) < 0)
            break;
        s.buffer.push_back({i, nowNs()});
        s.produced.fetch_add(1, std::memory_order_relaxed);
        s.bufferNow.store(int64_t(s.buffer.size()));
        raiseMax(s.bufferMax, int64_t(s.buffer.size()));
        s.cond.notify_all();
    }
    std::unique_lock lock(s.condLock, std::defer_lock); // with cond: done = True; cond.notify_all()
    if (blockOn(g, s.producerWaitNs, lockSince, [&](WaitSlice t) { return lock.try_lock_for(t); }) >= 0) {
        s.producerDone = true;
        s.cond.notify_all();
        lock.unlock();
    }
    leavePython(g, LaneState::Idle);
}

void PoolLab::consumerLoop(int worker)
{
    // while True:
    //     with cond:
    //         while not buffer: cond.wait()
    //         item = buffer.pop(0); cond.notify_all()
    //     handle(item)                          # the task's own work (task_ms)
    SyncState& s = *m_sync;
    Worker& w = *m_workers[size_t(worker)];
    GilThread& g = w.gil;
    std::atomic<int64_t> lockSince{0};
    enterPython(g);
    for (;;) {
        std::unique_lock lock(s.condLock, std::defer_lock);
        if (blockOn(g, w.lockWaitNs, lockSince, [&](WaitSlice t) { return lock.try_lock_for(t); }) < 0)
            break;
        auto ready = [&] { return !s.buffer.empty() || s.producerDone; };
        const int64_t waited = blockOn(g, w.lockWaitNs, w.lockWaitSince, condWait(lock, ready));
        if (waited > 0)
            s.consumerWaitNs.fetch_add(waited, std::memory_order_relaxed);
        if (waited < 0 || s.buffer.empty())
            break; // stopped, or the producer is done and nothing is left
        const SyncItem item = s.buffer.front();
        s.buffer.pop_front();
        s.consumed.fetch_add(1, std::memory_order_relaxed);
        s.bufferNow.store(int64_t(s.buffer.size()));
        s.cond.notify_all();
        lock.unlock();
        const int64_t b0 = nowNs();
        w.countTaskSince.store(b0, std::memory_order_relaxed);
        ownWork(g, workOf(item.index));
        const int64_t b1 = nowNs();
        w.countTaskSince.store(0, std::memory_order_relaxed);
        if (m_stop.load(std::memory_order_relaxed))
            break;
        w.busyNs.fetch_add(b1 - b0, std::memory_order_relaxed);
        taskDone(g.recorder, item.index, item.producedNs, true, b1, b1 - b0);
    }
    leavePython(g, LaneState::Idle);
}

// --- metrics --------------------------------------------------------------------------------------

void PoolLab::syncMetrics(QMap<QString, double>& m) const
{
    if (!m_sync)
        return;
    const SyncState& s = *m_sync;
    const double kNull = std::numeric_limits<double>::quiet_NaN();
    switch (m_p.sync) {
    case SyncMode::RLock:
        m[QStringLiteral("rlock_max_depth")] = s.rlockMaxDepth.load();
        m[QStringLiteral("rlock_reentries")] = double(s.reentries.load());
        m[QStringLiteral("max_holders")] = s.maxHolders.load();
        break;
    case SyncMode::Event: {
        // Measured from the starter's set() and the released waiters' own starts.
        const int64_t set = s.eventSetNs.load(), first = m_firstSubmitNs.load();
        const int64_t waiters = s.eventWaiters.load();
        m[QStringLiteral("event_set_ms")] = set > 0 && first > 0 ? double(set - first) * 1e-6 : kNull;
        m[QStringLiteral("event_waiters")] = double(waiters);
        m[QStringLiteral("event_start_spread_ms")]
            = waiters > 0 ? double(s.lastStartNs.load() - s.firstStartNs.load()) * 1e-6 : kNull;
        m[QStringLiteral("event_wait_min_ms")] = waiters > 0 ? double(s.minWaitNs.load()) * 1e-6 : kNull;
        break;
    }
    case SyncMode::Condition: {
        m[QStringLiteral("items_produced")] = double(s.produced.load());
        m[QStringLiteral("items_consumed")] = double(s.consumed.load());
        m[QStringLiteral("buffer_max")] = double(s.bufferMax.load());
        m[QStringLiteral("consumer_wait_ms")] = double(s.consumerWaitNs.load()) * 1e-6;
        int64_t producerWait = s.producerWaitNs.load();
        if (const int64_t since = s.producerWaitSince.load(); since > 0)
            producerWait += std::max<int64_t>(0, nowNs() - since);
        m[QStringLiteral("producer_wait_ms")] = double(producerWait) * 1e-6;
        break;
    }
    case SyncMode::Semaphore:
        m[QStringLiteral("max_holders")] = s.maxHolders.load();
        break;
    case SyncMode::Deadlock:
        m[QStringLiteral("deadlocks_detected")] = double(s.deadlocks.load());
        m[QStringLiteral("threads_in_deadlock")] = s.threadsInDeadlock.load();
        break;
    case SyncMode::None:
        break;
    }
}

QString PoolLab::syncStatus() const
{
    if (!m_sync)
        return {};
    const SyncState& s = *m_sync;
    switch (m_p.sync) {
    case SyncMode::RLock:
        return QCoreApplication::translate("PoolLab", ", RLock taken %1 times re-entrantly").arg(s.reentries.load());
    case SyncMode::Event:
        return s.eventSetNs.load() ? QCoreApplication::translate("PoolLab", ", event set")
                                   : QCoreApplication::translate("PoolLab", ", waiting for the event");
    case SyncMode::Condition:
        return QCoreApplication::translate("PoolLab", ", produced %1, consumed %2, buffer %3/%4")
            .arg(s.produced.load())
            .arg(s.consumed.load())
            .arg(s.bufferNow.load())
            .arg(m_p.bufferSize);
    case SyncMode::Semaphore:
        return QCoreApplication::translate("PoolLab", ", %1 of %2 semaphore holders")
            .arg(s.holders.load())
            .arg(m_p.semaphoreValue);
    case SyncMode::Deadlock:
        if (s.deadlocks.load() > 0) {
            std::lock_guard g(s.captionMutex);
            return QStringLiteral(", ") + describeDeadlock(s.lastCycle, kLockNames, true);
        }
        return {};
    case SyncMode::None:
        break;
    }
    return {};
}

} // namespace looplab::labs::pool
