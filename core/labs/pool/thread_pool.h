#pragma once
// The lab's own thread pool (ThreadPoolExecutor's equivalent; the pool is the lesson, so it is
// written here rather than borrowed): N OS threads taking jobs from one lock-free MPMC queue
// (moodycamel::ConcurrentQueue: an enqueue is a few atomics). Every job is told which worker runs
// it, so a lab can keep one metrics::Recorder and lane per worker.
//
// Waking (QThreadPool's scheme on a lock-free queue): a worker that finds the queue empty spins a
// moment, then parks on its own futex word and joins the idle list. submit() wakes a parked worker
// only when one is parked; waking takes it off the list, so the jobs submitted while it is being
// woken (tens of microseconds on a VM) wake no one else: it finds them queued and runs them all.
// Why not a blocking queue with one semaphore post per job: on two cores with three busy threads
// its idle workers spun against the submitting thread and then cost it a futex wake-up per job,
// and tiny jobs ran at half QThreadPool's rate (issue 18).
#include <concurrentqueue/concurrentqueue.h>
#include <linux/futex.h>
#include <sys/syscall.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace looplab::labs::pool {

class ThreadPool
{
public:
    using Job = std::function<void(int worker)>;

    // `threadStart` runs first on each worker thread (create recorders there); `threadEnd` last.
    explicit ThreadPool(int threads, std::function<void(int)> threadStart = {}, std::function<void(int)> threadEnd = {},
        std::string name = "pool")
        : m_threadStart(std::move(threadStart))
        , m_threadEnd(std::move(threadEnd))
    {
        m_parkers = std::vector<Parker>(size_t(threads));
        m_idle.reserve(size_t(threads));
        m_threads.reserve(size_t(threads));
        for (int i = 0; i < threads; ++i)
            m_threads.emplace_back([this, i, name] {
                const std::string n = (name + "-" + std::to_string(i)).substr(0, 15);
                pthread_setname_np(pthread_self(), n.c_str());
                run(i);
            });
    }
    ~ThreadPool() { stop(); }
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    // Thread-safe, lock-free; a system call only when it wakes a parked worker. A job submitted
    // after stop() is dropped.
    void submit(Job job)
    {
        if (!m_stopping.load(std::memory_order_relaxed))
            push(std::move(job));
    }

    // Ends the workers: jobs still queued are dropped (`drain` false) or run first; the running
    // ones finish. Joins every thread. Safe to call twice; not from a worker.
    void stop(bool drain = false)
    {
        if (m_threads.empty())
            return;
        if (!drain)
            m_stopping.store(true);
        for (size_t i = 0; i < m_threads.size(); ++i)
            push(Job{}); // an empty job is the "exit" pill, queued behind the work
        wake(int(m_threads.size()));
        for (auto& t : m_threads)
            t.join();
        m_threads.clear();
        m_stopping.store(true);
    }

    int threads() const { return int(m_threads.size()); }
    size_t queuedApprox() const { return m_queue.size_approx(); }
    bool stopping() const { return m_stopping.load(std::memory_order_relaxed); }
    // The thread's native handle, e.g. to read its CPU clock from another thread.
    std::thread::native_handle_type nativeHandle(int worker) { return m_threads[size_t(worker)].native_handle(); }
    // Futex wake-ups issued so far (tests: a stream of tiny jobs must not cost one per job).
    uint64_t wakeUps() const { return m_wakeUps.load(std::memory_order_relaxed); }

private:
    // How long an idle worker spins before it parks: enough to bridge the gap between two jobs
    // of a submitting loop, short enough not to take a core from the submitter on two cores.
    static constexpr int kSpins = 64;

    struct alignas(64) Parker {
        std::atomic<uint32_t> woken{0};
    };

    void push(Job&& job)
    {
        m_queue.enqueue(std::move(job));
        // Dekker with park(): the job is visible before we read m_idleCount, and a parking worker
        // counts itself before its last look at the queue. One of the two sees the other.
        std::atomic_thread_fence(std::memory_order_seq_cst);
        if (m_idleCount.load(std::memory_order_relaxed) > 0)
            wake(1);
    }

    // Takes up to `n` workers off the idle list and wakes them.
    void wake(int n)
    {
        while (n > 0) {
            int woken[16];
            int count = 0;
            {
                std::lock_guard lock(m_idleMutex);
                while (count < n && count < 16 && !m_idle.empty()) {
                    const int w = m_idle.back();
                    m_idle.pop_back();
                    m_parkers[size_t(w)].woken.store(1); // under the lock: take() reads it there
                    woken[count++] = w;
                }
                m_idleCount.store(int(m_idle.size()));
            }
            for (int i = 0; i < count; ++i) {
                m_wakeUps.fetch_add(1, std::memory_order_relaxed);
                futex(&m_parkers[size_t(woken[i])].woken, FUTEX_WAKE_PRIVATE, 1);
            }
            if (count < 16)
                return;
            n -= count;
        }
    }

    static long futex(std::atomic<uint32_t>* word, int op, uint32_t value)
    {
        return syscall(SYS_futex, word, op, value, nullptr, nullptr, 0);
    }

    // Takes the next job, spinning a moment and then parking while there is none.
    void take(int worker, moodycamel::ConsumerToken& token, Job& job)
    {
        for (;;) {
            for (int s = 0; s < kSpins; ++s) {
                if (m_queue.try_dequeue(token, job))
                    return;
                __builtin_ia32_pause();
            }
            Parker& parker = m_parkers[size_t(worker)];
            {
                std::lock_guard lock(m_idleMutex);
                m_idle.push_back(worker);
                m_idleCount.store(int(m_idle.size()));
            }
            std::atomic_thread_fence(std::memory_order_seq_cst);
            if (m_queue.try_dequeue(token, job)) {
                std::lock_guard lock(m_idleMutex);
                if (auto it = std::find(m_idle.begin(), m_idle.end(), worker); it != m_idle.end()) {
                    m_idle.erase(it);
                    m_idleCount.store(int(m_idle.size()));
                } else {
                    parker.woken.store(0); // a submitter took us off the list: its wake-up is stale
                }
                return;
            }
            while (parker.woken.load() == 0)
                futex(&parker.woken, FUTEX_WAIT_PRIVATE, 0);
            parker.woken.store(0);
        }
    }

    void run(int worker)
    {
        if (m_threadStart)
            m_threadStart(worker);
        moodycamel::ConsumerToken token(m_queue);
        Job job;
        for (;;) {
            take(worker, token, job);
            if (!job)
                break;
            if (!m_stopping.load(std::memory_order_relaxed))
                job(worker);
            job = nullptr; // release captures now, not when the next job arrives
        }
        if (m_threadEnd)
            m_threadEnd(worker);
    }

    std::function<void(int)> m_threadStart;
    std::function<void(int)> m_threadEnd;
    moodycamel::ConcurrentQueue<Job> m_queue;
    std::atomic<bool> m_stopping{false};
    alignas(64) std::atomic<int> m_idleCount{0};
    std::atomic<uint64_t> m_wakeUps{0};
    std::mutex m_idleMutex; // the slow path only: parking and waking
    std::vector<int> m_idle; // parked workers, not yet woken
    std::vector<Parker> m_parkers;
    std::vector<std::thread> m_threads;
};

} // namespace looplab::labs::pool
