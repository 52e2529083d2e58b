// The event_loop kind's parameters: names are a public contract (scenario files, --set).
#include "event_loop_lab.h"
#include "pyrt/interpreter_params.h"

namespace looplab::labs {

using scenario::ParamSpec;

scenario::KindSpec eventLoopKindSpec()
{
    scenario::KindSpec k;
    k.kind = QStringLiteral("event_loop");
    k.titleEn = QStringLiteral("Event loop (asyncio)");
    k.titleZh = QStringLiteral("事件循环（asyncio）");

    std::vector<ParamSpec> step{
        ParamSpec::real(QStringLiteral("io_ms"), 0, 0, 3'600'000, QStringLiteral("ms"),
            QStringLiteral("await a non-blocking wait, like await asyncio.sleep()"),
            QStringLiteral("等待一个非阻塞操作，相当于 await asyncio.sleep()"))
            .withOptional(),
        ParamSpec::real(QStringLiteral("cpu_ms"), 0, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("CPU work on the loop thread (blocks the loop while it runs)"),
            QStringLiteral("在事件循环线程上做 CPU 计算（运行期间阻塞循环）"))
            .withOptional(),
        ParamSpec::real(QStringLiteral("to_thread_ms"), 0, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("CPU work sent to the thread pool: await asyncio.to_thread(...)"),
            QStringLiteral("交给线程池的 CPU 计算：await asyncio.to_thread(...)"))
            .withOptional(),
        ParamSpec::real(QStringLiteral("to_thread_io_ms"), 0, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("a blocking I/O call (time.sleep, a file read) sent to asyncio.to_thread"),
            QStringLiteral("交给 asyncio.to_thread 的阻塞 I/O 调用（time.sleep、读文件）"))
            .withOptional(),
        ParamSpec::real(QStringLiteral("to_process_ms"), 0, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("CPU work sent to a worker process: run_in_executor(ProcessPoolExecutor)"),
            QStringLiteral("交给工作进程的 CPU 计算：run_in_executor(ProcessPoolExecutor)"))
            .withOptional(),
        ParamSpec::real(QStringLiteral("blocking_ms"), 0, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("a blocking call on the loop, like time.sleep() inside async def"),
            QStringLiteral("在事件循环上的阻塞调用，相当于 async def 里的 time.sleep()"))
            .withOptional(),
        pyrt::codeKindParam(QStringLiteral("code"),
            QStringLiteral("what runs in this step's cpu_ms / to_thread_ms (default: the lab's cpu_kind)"),
            QStringLiteral("本步 cpu_ms / to_thread_ms 运行的代码（默认取本实验的 cpu_kind）"))
            .withOptional(),
    };
    std::vector<ParamSpec> task{
        ParamSpec::text(QStringLiteral("name"), QString(), QStringLiteral("task name, shown as a lane"),
            QStringLiteral("任务名，显示为一条泳道")),
        ParamSpec::real(QStringLiteral("start_ms"), 0, 0, 3'600'000, QStringLiteral("ms"),
            QStringLiteral("when the task is created (asyncio.create_task)"),
            QStringLiteral("任务创建时刻（asyncio.create_task）")),
        ParamSpec::array(QStringLiteral("steps"), step, 1, 64,
            QStringLiteral("what the coroutine does, in order; each step has one key"),
            QStringLiteral("协程依次执行的步骤；每步只有一个键")),
        ParamSpec::boolean(QStringLiteral("never_awaited"), false,
            QStringLiteral("the coroutine is called but neither awaited nor wrapped in create_task: none of its steps "
                           "runs, and Python warns \"coroutine ... was never awaited\""),
            QStringLiteral("只调用了协程函数，既没有 await 也没有用 create_task 包装：它的步骤一步也不会执行，Python "
                           "会警告 \"coroutine ... was never awaited\"")),
        ParamSpec::real(QStringLiteral("cancel_after_ms"), 0, 0, 3'600'000, QStringLiteral("ms"),
            QStringLiteral("task.cancel() this long after the task was created: CancelledError at its current await"),
            QStringLiteral("任务创建这么久之后调用 task.cancel()：在它当前的 await 处抛出 CancelledError"))
            .withOptional(),
        ParamSpec::array(QStringLiteral("on_cancel"), step, 0, 16,
            QStringLiteral("the cleanup in its except asyncio.CancelledError: block, run when the task is cancelled "
                           "(task.cancel() or asyncio.timeout)"),
            QStringLiteral("except asyncio.CancelledError: 中的清理步骤，任务被取消时执行（task.cancel() 或 "
                           "asyncio.timeout）"),
            true),
    };

    k.params = {
        ParamSpec::integer(QStringLiteral("tasks"), 10, 1, 100'000, QStringLiteral("tasks"),
            QStringLiteral("number of coroutines started (asyncio.gather of this many)"),
            QStringLiteral("启动的协程数量（asyncio.gather 这么多个）"))
            .unusedWhen({QStringLiteral("script")}),
        ParamSpec::real(QStringLiteral("arrival_per_s"), 0, 0, 1'000'000, QStringLiteral("1/s"),
            QStringLiteral("0: all tasks start at once (gather); >0: Poisson arrivals at this rate"),
            QStringLiteral("0：所有任务同时开始（gather）；>0：按此速率泊松到达"))
            .unusedWhen({QStringLiteral("script")}),
        ParamSpec::real(QStringLiteral("io_ms"), 100, 0, 3'600'000, QStringLiteral("ms"),
            QStringLiteral("each task awaits a non-blocking wait this long (await asyncio.sleep)"),
            QStringLiteral("每个任务等待这么久的非阻塞操作（await asyncio.sleep）"))
            .unusedWhen({QStringLiteral("script")}),
        ParamSpec::real(QStringLiteral("cpu_ms"), 0, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("CPU work per task, run where cpu_mode says"),
            QStringLiteral("每个任务的 CPU 计算量，在 cpu_mode 指定的地方运行"))
            .unusedWhen({QStringLiteral("script")}),
        ParamSpec::choice(QStringLiteral("cpu_mode"), QStringLiteral("on_loop"),
            {QStringLiteral("on_loop"), QStringLiteral("to_thread"), QStringLiteral("to_process")},
            QStringLiteral(
                "on_loop: on the loop thread (blocks it); to_thread: asyncio.to_thread; to_process: a worker process"),
            QStringLiteral("on_loop：在循环线程上（阻塞循环）；to_thread：asyncio.to_thread；to_process：工作进程"))
            .unusedWhen({QStringLiteral("script")}),
        pyrt::codeKindParam(QStringLiteral("cpu_kind"),
            QStringLiteral("what the CPU work is (to_thread workers and the loop)"),
            QStringLiteral("CPU 计算的类型（to_thread 线程与事件循环）")),
        pyrt::interpreterParam(QStringLiteral("shared by the event loop thread and its to_thread workers"),
            QStringLiteral("事件循环线程与 to_thread 线程共用")),
        pyrt::switchIntervalParam(),
        // 0 (the default) is CPython's default executor, ThreadPoolExecutor(max_workers=None):
        // min(32, os.cpu_count() + 4) threads, so a scenario without the line behaves as the
        // course's code on this machine (resolved by the lab: the schema stays machine-independent).
        ParamSpec::integer(QStringLiteral("executor_workers"), 0, 0, 64, QStringLiteral("workers"),
            QStringLiteral("threads (or processes) in the executor; 0: CPython's default, min(32, os.cpu_count() + 4)"),
            QStringLiteral("执行器中的线程（或进程）数；0：与 CPython 默认相同，即 min(32, os.cpu_count() + 4)")),
        ParamSpec::real(QStringLiteral("blocking_call_ms"), 0, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("a periodic blocking call on the loop (time.sleep inside async def); 0: none"),
            QStringLiteral("在循环上周期性的阻塞调用（async def 里的 time.sleep）；0：无"), true),
        ParamSpec::real(QStringLiteral("blocking_every_ms"), 1000, 1, 3'600'000, QStringLiteral("ms"),
            QStringLiteral("how often the blocking call happens"), QStringLiteral("阻塞调用的间隔"), true)
            .unusedWhen({QStringLiteral("blocking_call_ms=0")}),
        ParamSpec::real(QStringLiteral("slow_callback_ms"), 100, 1, 600'000, QStringLiteral("ms"),
            QStringLiteral("a tick busier than this is a slow callback (asyncio's debug threshold: 100 ms)"),
            QStringLiteral("单次迭代超过此时长即为慢回调（asyncio 调试模式阈值：100 ms）"), true),
        ParamSpec::real(QStringLiteral("timeout_ms"), 0, 0, 3'600'000, QStringLiteral("ms"),
            QStringLiteral("0: none; otherwise tasks still running after this are cancelled and end with "
                           "TimeoutError (asyncio.timeout), counted in tasks_timed_out"),
            QStringLiteral("0：不限；否则超过此时长仍未完成的任务被取消，以 TimeoutError 结束（asyncio.timeout），"
                           "计入 tasks_timed_out")),
        ParamSpec::integer(QStringLiteral("semaphore"), 0, 0, 100'000, QStringLiteral("tasks"),
            QStringLiteral(
                "0: no limit; otherwise asyncio.Semaphore(n) around each I/O wait (at most n fetches at once)"),
            QStringLiteral("0：不限；否则每次 I/O 等待外包一层 asyncio.Semaphore(n)（同时最多 n 个请求）")),
        ParamSpec::choice(QStringLiteral("io_dist"), QStringLiteral("fixed"),
            {QStringLiteral("fixed"), QStringLiteral("exponential")},
            QStringLiteral("fixed: every I/O wait takes io_ms; exponential: random, io_ms on average (some are slow)"),
            QStringLiteral("fixed：每次 I/O 等待都是 io_ms；exponential：随机，平均 io_ms（有些会很慢）")),
        ParamSpec::integer(QStringLiteral("retries"), 0, 0, 10, QStringLiteral("retries"),
            QStringLiteral("0: timeout_ms limits the whole task (asyncio.timeout); >0: each I/O attempt gets "
                           "timeout_ms (asyncio.wait_for) and is retried this many times"),
            QStringLiteral("0：timeout_ms 限制整个任务（asyncio.timeout）；>0：每次 I/O 尝试限时 "
                           "timeout_ms（asyncio.wait_for），失败后最多重试这么多次")),
        ParamSpec::real(QStringLiteral("backoff_ms"), 100, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("wait before the first retry; doubles on each further retry (exponential backoff)"),
            QStringLiteral("第一次重试前的等待；之后每次翻倍（指数退避）")),
        ParamSpec::array(QStringLiteral("script"), task, 1, 1000,
            QStringLiteral("explicit named tasks instead of the generated ones (the course's demos, literally)"),
            QStringLiteral("用显式命名的任务代替生成的任务（逐字复现课程示例）"), true),
    };
    return k;
}

} // namespace looplab::labs
