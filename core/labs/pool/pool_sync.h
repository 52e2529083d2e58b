#pragma once
// The state of the synchronisation lessons (sync = rlock | event | condition | semaphore |
// deadlock): the primitives the pool's threads contend for, and what is measured about them.
#include "metrics/registry.h"
#include "pool_sync_primitives.h"
#include "pyrt/gil.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace looplab::labs::pool {

// The lab's own locks, who holds each and who waits for which: a wait-for graph. Walked from a
// thread that waits, it finds the cycle of waits through that thread, if any: a deadlock.
class WaitForGraph
{
public:
    struct Link {
        int waiter = -1; // thread index (0-based)
        int lock = -1;
        int holder = -1;
    };

    WaitForGraph(int locks, int threads)
        : m_holder(size_t(locks), -1)
        , m_waitsFor(size_t(threads), -1)
    { }
    void held(int lock, int thread);
    void released(int lock);
    // `thread` starts waiting for `lock` (-1: stops waiting, it got it or gave up).
    void waits(int thread, int lock);
    // The cycle of waits through `thread` when there is one not reported before (each link: a
    // thread, the lock it waits for, that lock's holder), starting at its lowest thread; empty
    // otherwise. A cycle stays reported until one of its threads stops waiting.
    std::vector<Link> newCycleThrough(int thread);

private:
    std::mutex m_mutex;
    std::vector<int> m_holder; // per lock: the holding thread, -1: free
    std::vector<int> m_waitsFor; // per thread: the lock it waits for, -1: none
    std::vector<int> m_reported; // the threads of the cycle last reported
};

// "deadlock: thread 1 waits for lock B held by thread 2, which waits for lock A held by thread 1"
// (threads counted from 1, as their lanes are named), in English or in the UI's language.
QString describeDeadlock(
    const std::vector<WaitForGraph::Link>& cycle, const std::vector<QString>& lockNames, bool translated);

struct SyncItem {
    int64_t index = 0; // the item's number: the task it becomes
    int64_t producedNs = 0;
};

struct SyncState {
    SyncState(int semaphoreValue, int threads)
        : semaphore(semaphoreValue)
        , graph(2, threads)
    { }

    // Threads inside the guarded block now and at most: measured beside the primitive, not by
    // it (RLock: must stay 1; Semaphore(k): must reach k and never pass it).
    std::atomic<int> holders{0};
    std::atomic<int> maxHolders{0};

    // rlock
    RLock rlock;
    std::atomic<int> rlockMaxDepth{0}; // the deepest count a holder reached
    std::atomic<int64_t> reentries{0}; // acquisitions by a thread that already held it

    // event
    Event event;
    std::atomic<int64_t> eventSetNs{0}; // when set() was called
    std::atomic<int64_t> eventWaiters{0}; // tasks that waited for it and were released
    std::atomic<int64_t> firstStartNs{0}; // among those: the first and last to start work
    std::atomic<int64_t> lastStartNs{0};
    std::atomic<int64_t> minWaitNs{0}; // the shortest of their waits (0: none yet)

    // condition: a bounded buffer under threading.Condition (and its Lock)
    Lock condLock;
    std::condition_variable_any cond;
    std::deque<SyncItem> buffer; // condLock
    bool producerDone = false; // condLock
    std::atomic<int64_t> produced{0};
    std::atomic<int64_t> consumed{0};
    std::atomic<int64_t> bufferNow{0};
    std::atomic<int64_t> bufferMax{0};
    std::atomic<int64_t> consumerWaitNs{0}; // in condition.wait() for an item
    std::atomic<int64_t> producerWaitNs{0}; // in condition.wait() for room
    std::atomic<int64_t> producerWaitSince{0};

    // semaphore
    Semaphore semaphore;

    // deadlock: lock A and lock B (threading.Lock), and the graph of who waits for whom
    Lock locks[2];
    WaitForGraph graph;
    std::atomic<int64_t> deadlocks{0};
    std::atomic<int> threadsInDeadlock{0};
    mutable std::mutex captionMutex;
    std::vector<WaitForGraph::Link> lastCycle; // the last deadlock named (captionMutex)

    // The lab's locks' lanes ("RLock"; "lock A", "lock B"): who holds each. A lane is written
    // only by the lock's holder, so by one thread at a time, as the count lock's lane.
    std::vector<metrics::LaneId> lockLanes;
    std::vector<metrics::Recorder> lockRecorders;

    // The thread beside the pool: the event's starter, the condition's producer.
    pyrt::GilThread helper;
};

} // namespace looplab::labs::pool
