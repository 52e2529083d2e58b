// The pool kind's parameters: names are a public contract (scenario files, --set).
#include "pool_params.h"

#include "pool_lab.h"

#include <QJsonArray>

#include <algorithm>
#include <stdexcept>

namespace looplab::labs {

using scenario::ParamSpec;

scenario::KindSpec poolKindSpec()
{
    scenario::KindSpec k;
    k.kind = QStringLiteral("pool");
    k.titleEn = QStringLiteral("Thread pool, process pool and the GIL");
    k.titleZh = QStringLiteral("线程池、进程池与 GIL");
    k.params = {
        ParamSpec::choice(QStringLiteral("executor"), QStringLiteral("threads"),
            {QStringLiteral("threads"), QStringLiteral("processes")},
            QStringLiteral("threads: ThreadPoolExecutor (OS threads in one process); processes: ProcessPoolExecutor "
                           "(worker processes fed over pipes)"),
            QStringLiteral("threads：ThreadPoolExecutor（同一进程内的操作系统线程）；processes：ProcessPoolExecutor（通"
                           "过管道投递任务的工作进程）")),
        ParamSpec::integer(QStringLiteral("workers"), 4, 1, 64, QStringLiteral("workers"),
            QStringLiteral("max_workers: threads or processes in the pool"),
            QStringLiteral("max_workers：池中的线程数或进程数")),
        ParamSpec::choice(QStringLiteral("gil"), QStringLiteral("cpython"),
            {QStringLiteral("cpython"), QStringLiteral("free_threaded"), QStringLiteral("native")},
            QStringLiteral("threads only. cpython: one interpreter lock (the GIL) shared by all threads; "
                           "free_threaded: no GIL, like Python 3.13t; native: plain C++ threads"),
            QStringLiteral("仅对线程有效。cpython：所有线程共享一把解释器锁（GIL）；free_threaded：无 GIL，类似 Python "
                           "3.13t；native：普通 C++ 线程"))
            .unusedWhen({QStringLiteral("executor=processes")}),
        ParamSpec::real(QStringLiteral("switch_interval_ms"), 5, 0.01, 10'000, QStringLiteral("ms"),
            QStringLiteral(
                "sys.setswitchinterval(): how long a thread waits for the GIL before asking the holder to drop it"),
            QStringLiteral("sys.setswitchinterval()：线程等待 GIL 多久后要求持有者释放"), true)
            .unusedWhen({QStringLiteral("executor=processes"), QStringLiteral("gil!=cpython")}),
        ParamSpec::choice(QStringLiteral("task"), QStringLiteral("cpu"),
            {QStringLiteral("cpu"), QStringLiteral("io"), QStringLiteral("mixed")},
            QStringLiteral("cpu: pure computation (like fib(n)); io: a blocking wait (like time.sleep or "
                           "requests.get); mixed: computation then a wait"),
            QStringLiteral(
                "cpu：纯计算（如 fib(n)）；io：阻塞等待（如 time.sleep 或 requests.get）；mixed：先计算再等待")),
        ParamSpec::real(QStringLiteral("task_ms"), 20, 0.001, 600'000, QStringLiteral("ms"),
            QStringLiteral("length of one task: CPU time for cpu, wait time for io"),
            QStringLiteral("单个任务的时长：cpu 任务为 CPU 时间，io 任务为等待时间"))
            .unusedWhen({QStringLiteral("task_sizes")}),
        // Tasks of different sizes, as the course's fib(30)…fib(34): what as_completed shows.
        ParamSpec::array(QStringLiteral("task_sizes"),
            {ParamSpec::real(QStringLiteral("ms"), 20, 0.001, 600'000, QStringLiteral("ms"),
                QStringLiteral("length of a task of this size: CPU time for cpu, wait time for io"),
                QStringLiteral("这一档任务的时长：cpu 任务为 CPU 时间，io 任务为等待时间"))},
            1, 64,
            QStringLiteral(
                "optional: tasks of different sizes instead of one task_ms, cycled in submission order (task i takes "
                "sizes[i mod n]), like fib(30), fib(31) … fib(34) submitted in a loop; with sizes, tasks finish in a "
                "different order from the one they were submitted in (as_completed vs map/gather)"),
            QStringLiteral("可选：用不同大小的任务代替统一的 task_ms，按提交顺序循环使用（第 i 个任务取 sizes[i mod "
                           "n]），就像在循环里依次提交 "
                           "fib(30)、fib(31)…fib(34)；任务大小不同时，完成顺序与提交顺序不同（as_completed 与 "
                           "map/gather 的区别）"),
            true),
        ParamSpec::real(QStringLiteral("io_share"), 0.5, 0, 1, QString(),
            QStringLiteral("mixed tasks: the share of task_ms spent waiting on I/O (the rest is CPU)"),
            QStringLiteral("mixed 任务：task_ms 中等待 I/O 的比例（其余为 CPU）"))
            .unusedWhen({QStringLiteral("task!=mixed")}),
        // multiprocessing.Pool's ways of handing results back (the course's pool.map / pool.imap).
        ParamSpec::choice(QStringLiteral("api"), QStringLiteral("submit"),
            {QStringLiteral("submit"), QStringLiteral("map"), QStringLiteral("imap"), QStringLiteral("imap_unordered")},
            QStringLiteral(
                "how the caller gets the results (the tasks run the same way). submit: executor.submit() and "
                "as_completed(), each result as soon as its task is done; map: pool.map(), one list of every result in "
                "input order, returned only when the last task is done; imap: pool.imap(), an iterator in input order, "
                "result i as soon as tasks 0..i are done (a slow first task holds back every result behind it); "
                "imap_unordered: pool.imap_unordered(), an iterator in completion order. LoopLab sends tasks one at a "
                "time (chunksize=1, imap's default; map's default chunksize groups several tasks per message)"),
            QStringLiteral("调用方如何拿到结果（任务本身的运行方式不变）。submit：executor.submit() 加 "
                           "as_completed()，每个任务一完成就拿到结果；map：pool.map()"
                           "，按输入顺序返回全部结果组成的列表，要等最后一个任务完成才返回；imap：pool.imap()"
                           "，按输入顺序逐个产出的迭代器，第 i 个结果要等第 0..i "
                           "个任务都完成才能拿到（第一个任务慢，后面所有结果都被它压住）；imap_unordered：pool.imap_"
                           "unordered()，按完成顺序产出的迭代器。LoopLab 每次发送一个任务（chunksize=1，即 imap "
                           "的默认值；map 的默认 chunksize 会把多个任务打包成一条消息）")),
        ParamSpec::integer(QStringLiteral("tasks"), 100, 1, 1'000'000, QStringLiteral("tasks"),
            QStringLiteral("number of tasks: submitted all at once (executor.map), or the most a stream sends"),
            QStringLiteral("任务数量：一次性全部提交（executor.map），或流式到达时的上限")),
        ParamSpec::real(QStringLiteral("arrival_per_s"), 0, 0, 1'000'000, QStringLiteral("1/s"),
            QStringLiteral("0: a batch of `tasks` at once; >0: tasks arrive as a stream at this rate (Poisson)"),
            QStringLiteral("0：一次提交 `tasks` 个任务；>0：任务按此速率流式到达（泊松）"), true)
            .unusedWhen({QStringLiteral("sync!=none")}), // the sync lessons submit their tasks at once
        ParamSpec::boolean(QStringLiteral("spawn_per_task"), false,
            QStringLiteral(
                "start a new thread or process for every task instead of reusing the pool's: shows what a pool saves"),
            QStringLiteral("每个任务新建一个线程或进程，而不是复用池中的：展示池节省了什么"))
            .unusedWhen({QStringLiteral("sync!=none")}),
        ParamSpec::real(QStringLiteral("payload_kb"), 0, 0, 65'536, QStringLiteral("KB"),
            QStringLiteral("data sent to each task and back (processes copy it through a pipe, like pickling; threads "
                           "share memory)"),
            QStringLiteral("每个任务来回传递的数据量（进程要经管道复制，相当于 pickle；线程共享内存）"))
            .unusedWhen({QStringLiteral("executor=threads")}),
        ParamSpec::real(QStringLiteral("probe_every_ms"), 0, 0, 60'000, QStringLiteral("ms"),
            QStringLiteral("0: off; otherwise a short I/O-bound probe thread beside the workers answers a request this "
                           "often; its response time shows the convoy effect"),
            QStringLiteral("0：关闭；否则在工作线程旁运行一个 I/O "
                           "密集的探测线程，按此间隔处理一次请求，其响应时间展示护航效应（convoy effect）")),
        // The lock-granularity lesson: the course's two threads doing `count += 1` five times
        // with time.sleep(1) in each round, without a lock, with `with lock:` around run(), or
        // with it around the count update only.
        ParamSpec::choice(QStringLiteral("lock"), QStringLiteral("none"),
            {QStringLiteral("none"), QStringLiteral("coarse"), QStringLiteral("fine")},
            QStringLiteral("threads only. The threading.Lock around the shared count. none: no lock, count += 1 is a "
                           "data race and updates get lost (with iterations ≥ 1); coarse: `with lock:` around the "
                           "whole task (all of run()), so the threads take turns: serial; fine: `with lock:` only "
                           "around each count update, so the threads overlap outside it: concurrent"),
            QStringLiteral("仅对线程有效。保护共享变量 count 的 threading.Lock。none：不加锁，count += 1 "
                           "存在数据竞争，更新会丢失（iterations ≥ 1 时）；coarse：`with lock:` 包住整个任务（整个 "
                           "run()），线程轮流独占锁：串行执行；fine：`with lock:` 只包住每次更新 count "
                           "的部分，锁外的部分可以并发"))
            .unusedWhen({QStringLiteral("executor=processes"), QStringLiteral("sync!=none")}),
        ParamSpec::integer(QStringLiteral("iterations"), 0, 0, 1'000'000, QStringLiteral("rounds"),
            QStringLiteral(
                "threads only. 0: plain tasks (1 round when lock is coarse or fine); n ≥ 1: each task is the course's "
                "run() loop: n rounds of [read the shared count, critical_ms of work, write count + 1], each followed "
                "by the task's own task_ms outside the critical section (task io: time.sleep)"),
            QStringLiteral("仅对线程有效。0：普通任务（lock 为 coarse 或 fine 时按 1 轮计）；n ≥ 1：每个任务就是课程中 "
                           "run() 的循环：n 轮 [读取共享变量 count，临界区内工作 critical_ms，写回 count + "
                           "1]，每轮之后在临界区外执行任务本身的 task_ms（task 为 io 即 time.sleep）"))
            .unusedWhen({QStringLiteral("executor=processes"), QStringLiteral("sync!=none")}),
        ParamSpec::real(QStringLiteral("critical_ms"), 1, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("CPU work inside the critical section, between reading the shared count and writing count + "
                           "1 (print_count(); count += 1): with no lock, the window in which another thread can slip "
                           "in and an update is lost"),
            QStringLiteral("临界区内的 CPU 工作，位于读取共享变量 count 与写回 count + 1 之间（print_count(); count += "
                           "1）：不加锁时，这就是其他线程可以插进来、导致更新丢失的窗口"))
            .unusedWhen({QStringLiteral("executor=processes"), QStringLiteral("sync!=none")}),
        // threading beyond one Lock (pool_sync.cpp): each primitive is real, contended by the
        // pool's threads; a wait for it drops the GIL and shows as blocked on the waiter's lane.
        ParamSpec::choice(QStringLiteral("sync"), QStringLiteral("none"),
            {QStringLiteral("none"), QStringLiteral("rlock"), QStringLiteral("event"), QStringLiteral("condition"),
                QStringLiteral("semaphore"), QStringLiteral("deadlock")},
            QStringLiteral(
                "threads only. threading's synchronisation primitives, each task using one: none: plain tasks (or the "
                "shared count of lock/iterations); rlock: each task takes a threading.RLock re-entrantly (a recursive "
                "function, rlock_depth levels) around its work; event: every task waits on a threading.Event that a "
                "starter thread sets after event_delay_ms; condition: a producer thread puts `tasks` items into a "
                "bounded buffer (buffer_size) with threading.Condition, the pool's threads consume them (wait/notify); "
                "semaphore: threading.Semaphore(semaphore_value) lets only that many tasks work at once; deadlock: "
                "even tasks take lock A then lock B, odd tasks B then A, with their task_ms of work in between: two "
                "threads wait for each other for ever, and the lab names the cycle (the run still stops cleanly)"),
            QStringLiteral(
                "仅对线程有效。threading 模块的同步原语，每个任务使用其中一种。none：普通任务（或 lock/iterations "
                "的共享变量 count）；rlock：每个任务以可重入的方式获取 threading.RLock（递归函数，共 rlock_depth "
                "层）后再执行工作；event：每个任务等待一个 threading.Event，由启动线程在 event_delay_ms 后调用 "
                "set()；condition：一个生产者线程用 threading.Condition 把 `tasks` "
                "个元素放进有界缓冲区（buffer_size），由池中的线程消费（wait/"
                "notify）；semaphore：threading.Semaphore(semaphore_value) "
                "只允许这么多任务同时工作；deadlock：偶数号任务先拿锁 A 再拿锁 B，奇数号任务先 B 后 "
                "A，两次获取之间执行 task_ms "
                "的工作：两个线程永远互相等待，实验会找出并指明这个环（运行仍能干净地停止）"))
            .unusedWhen({QStringLiteral("executor=processes")}),
        ParamSpec::integer(QStringLiteral("rlock_depth"), 2, 1, 64, QStringLiteral("levels"),
            QStringLiteral("sync rlock: how many times each task's recursive function takes the same RLock (1: no "
                           "re-entry; 2: taken twice by the same thread, which a plain Lock would deadlock on)"),
            QStringLiteral("sync 为 rlock 时：每个任务的递归函数获取同一把 RLock "
                           "的次数（1：不重入；2：同一线程获取两次，普通 Lock 会因此死锁）"))
            .unusedWhen({QStringLiteral("executor=processes"), QStringLiteral("sync!=rlock")}),
        ParamSpec::real(QStringLiteral("event_delay_ms"), 1000, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("sync event: the starter thread calls event.set() this long after the run starts; until "
                           "then every task waits in event.wait()"),
            QStringLiteral("sync 为 event 时：启动线程在运行开始后这么久调用 event.set()；在此之前每个任务都在 "
                           "event.wait() 中等待"))
            .unusedWhen({QStringLiteral("executor=processes"), QStringLiteral("sync!=event")}),
        ParamSpec::integer(QStringLiteral("buffer_size"), 5, 1, 100'000, QStringLiteral("items"),
            QStringLiteral("sync condition: the bounded buffer's capacity; a producer that finds it full waits in "
                           "condition.wait()"),
            QStringLiteral("sync 为 condition 时：有界缓冲区的容量；生产者发现缓冲区已满时在 condition.wait() 中等待"))
            .unusedWhen({QStringLiteral("executor=processes"), QStringLiteral("sync!=condition")}),
        ParamSpec::real(QStringLiteral("produce_ms"), 100, 0.001, 600'000, QStringLiteral("ms"),
            QStringLiteral(
                "sync condition: the producer's time to make one item (time.sleep), before it puts it into the buffer"),
            QStringLiteral("sync 为 condition 时：生产者制造一个元素所需的时间（time.sleep），之后才放进缓冲区"))
            .unusedWhen({QStringLiteral("executor=processes"), QStringLiteral("sync!=condition")}),
        ParamSpec::integer(QStringLiteral("semaphore_value"), 3, 1, 64, QStringLiteral("threads"),
            QStringLiteral("sync semaphore: k in threading.Semaphore(k): at most k tasks inside `with semaphore:` at "
                           "once, the other threads wait"),
            QStringLiteral("sync 为 semaphore 时：threading.Semaphore(k) 中的 k：同时最多 k 个任务处于 `with "
                           "semaphore:` 之内，其余线程等待"))
            .unusedWhen({QStringLiteral("executor=processes"), QStringLiteral("sync!=semaphore")}),
    };
    return k;
}

namespace pool {

PoolParams PoolParams::from(const scenario::LabConfig& c)
{
    PoolParams p;
    p.processes = c.textParam(QStringLiteral("executor")) == QStringLiteral("processes");
    p.workers = std::clamp(c.intParam(QStringLiteral("workers")), 1, 64);
    const QString gil = c.textParam(QStringLiteral("gil"));
    p.gil = gil == QStringLiteral("free_threaded") ? GilMode::FreeThreaded
        : gil == QStringLiteral("native")          ? GilMode::Native
                                                   : GilMode::CPython;
    p.switchIntervalMs = c.realParam(QStringLiteral("switch_interval_ms"));
    const QString task = c.textParam(QStringLiteral("task"));
    p.task = task == QStringLiteral("io") ? TaskKind::Io
        : task == QStringLiteral("mixed") ? TaskKind::Mixed
                                          : TaskKind::Cpu;
    p.taskMs = c.realParam(QStringLiteral("task_ms"));
    for (const QJsonValue& size : c.params.value(QStringLiteral("task_sizes")).toArray())
        p.taskSizesMs.push_back(size.toObject().value(QStringLiteral("ms")).toDouble());
    p.ioShare = std::clamp(c.realParam(QStringLiteral("io_share")), 0.0, 1.0);
    p.tasks = std::max(1, c.intParam(QStringLiteral("tasks")));
    p.arrivalPerS = c.realParam(QStringLiteral("arrival_per_s"));
    p.spawnPerTask = c.boolParam(QStringLiteral("spawn_per_task"));
    p.payloadKb = c.realParam(QStringLiteral("payload_kb"));
    p.probeEveryMs = c.realParam(QStringLiteral("probe_every_ms"));
    const QString lock = c.textParam(QStringLiteral("lock"));
    p.lock = lock == QStringLiteral("coarse") ? LockMode::Coarse
        : lock == QStringLiteral("fine")      ? LockMode::Fine
                                              : LockMode::None;
    p.iterations = std::max(0, c.intParam(QStringLiteral("iterations")));
    p.criticalMs = std::max(0.0, c.realParam(QStringLiteral("critical_ms")));
    const QString api = c.textParam(QStringLiteral("api"));
    p.api = api == QStringLiteral("map")          ? ResultApi::Map
        : api == QStringLiteral("imap")           ? ResultApi::Imap
        : api == QStringLiteral("imap_unordered") ? ResultApi::ImapUnordered
                                                  : ResultApi::Submit;
    const QString sync = c.textParam(QStringLiteral("sync"));
    p.sync = sync == QStringLiteral("rlock")  ? SyncMode::RLock
        : sync == QStringLiteral("event")     ? SyncMode::Event
        : sync == QStringLiteral("condition") ? SyncMode::Condition
        : sync == QStringLiteral("semaphore") ? SyncMode::Semaphore
        : sync == QStringLiteral("deadlock")  ? SyncMode::Deadlock
                                              : SyncMode::None;
    p.rlockDepth = std::clamp(c.intParam(QStringLiteral("rlock_depth")), 1, 64);
    p.eventDelayMs = std::max(0.0, c.realParam(QStringLiteral("event_delay_ms")));
    p.bufferSize = std::max(1, c.intParam(QStringLiteral("buffer_size")));
    p.produceMs = std::max(0.001, c.realParam(QStringLiteral("produce_ms")));
    p.semaphoreValue = std::clamp(c.intParam(QStringLiteral("semaphore_value")), 1, 64);
    if (p.syncLesson()) { // the sync lessons run on the reused pool, their tasks submitted at once
        p.spawnPerTask = false;
        p.arrivalPerS = 0;
    }
    if (p.taskMs <= 0)
        throw std::invalid_argument("task_ms must be > 0");
    for (const double ms : p.taskSizesMs)
        if (ms <= 0)
            throw std::invalid_argument("task_sizes[].ms must be > 0");
    return p;
}

std::vector<double> PoolParams::sizesMs() const
{
    return taskSizesMs.empty() ? std::vector<double>{taskMs} : taskSizesMs;
}

double PoolParams::cpuMs(double taskLenMs) const
{
    switch (task) {
    case TaskKind::Cpu:
        return taskLenMs;
    case TaskKind::Io:
        return 0;
    case TaskKind::Mixed:
        return taskLenMs * (1 - ioShare);
    }
    return taskLenMs;
}

double PoolParams::ioMs(double taskLenMs) const
{
    return taskLenMs - cpuMs(taskLenMs);
}

} // namespace pool
} // namespace looplab::labs
