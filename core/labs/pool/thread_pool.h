#pragma once
// The lab's own thread pool (ThreadPoolExecutor's equivalent; the pool is the lesson, so it is
// written here rather than borrowed): N OS threads taking jobs from one lock-free MPMC queue
// (moodycamel::BlockingConcurrentQueue: an enqueue is a few atomics, a worker only sleeps on a
// futex when the queue is empty). Every job is told which worker runs it, so a lab can keep one
// metrics::Recorder and lane per worker.
#include <concurrentqueue/blockingconcurrentqueue.h>

#include <atomic>
#include <functional>
#include <pthread.h>
#include <string>
#include <thread>
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

    // Thread-safe, lock-free, never blocks. A job submitted after stop() is dropped.
    void submit(Job job)
    {
        if (!m_stopping.load(std::memory_order_relaxed))
            m_queue.enqueue(std::move(job));
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
            m_queue.enqueue(Job{}); // an empty job is the "exit" pill, queued behind the work
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

private:
    void run(int worker)
    {
        if (m_threadStart)
            m_threadStart(worker);
        Job job;
        for (;;) {
            m_queue.wait_dequeue(job);
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
    moodycamel::BlockingConcurrentQueue<Job> m_queue;
    std::atomic<bool> m_stopping{false};
    std::vector<std::thread> m_threads;
};

} // namespace looplab::labs::pool
