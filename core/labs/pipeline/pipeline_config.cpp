#include "pipeline_config.h"

#include "pyrt/interpreter_params.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <stdexcept>

namespace looplab::pipeline {

using scenario::ParamSpec;
using scenario::pick;

namespace {

std::vector<ParamSpec> sourceFields()
{
    return {
        ParamSpec::integer(QStringLiteral("producers"), 1, 1, 64, QStringLiteral("threads"),
            QStringLiteral("Producers feeding the first queue (threads in threads mode, coroutines in async mode)."),
            QStringLiteral("向第一个队列放入数据的生产者个数（threads 模式下是线程，async 模式下是协程）。")),
        ParamSpec::real(QStringLiteral("rate_per_s"), 10, 0, 1e6, QStringLiteral("1/s"),
            QStringLiteral("Items per second offered by the whole source, shared evenly by the producers; 0: put as "
                           "fast as the queue takes them. A producer blocked on a full queue does not catch up "
                           "afterwards (it sleeps its gap after each put, as the course's producer does)."),
            QStringLiteral("整个数据源每秒产生的条目数，由各生产者平均分担；0 "
                           "表示不停顿，队列收多快就放多快。被满队列阻塞的生产者事后不会“补产”（像课程中的生产者一样，"
                           "每次 put 之后再 sleep 间隔）。"),
            true),
        ParamSpec::choice(QStringLiteral("arrival"), QStringLiteral("fixed"),
            {QStringLiteral("fixed"), QStringLiteral("poisson"), QStringLiteral("burst")},
            QStringLiteral("How items arrive: fixed gaps, poisson (random gaps, exponential), or burst (burst_size "
                           "items at once every burst_every_ms; rate_per_s is then ignored)."),
            QStringLiteral("到达方式：fixed 固定间隔；poisson 随机间隔（指数分布）；burst 每隔 burst_every_ms "
                           "一次性到达 burst_size 个（此时忽略 rate_per_s）。")),
        ParamSpec::integer(QStringLiteral("burst_size"), 10, 1, 100000, QStringLiteral("items"),
            QStringLiteral("Items per burst (whole source), for arrival \"burst\"."),
            QStringLiteral("每次突发的条目数（整个数据源），用于 arrival 为 burst 时。")),
        ParamSpec::real(QStringLiteral("burst_every_ms"), 1000, 1, 3600000, QStringLiteral("ms"),
            QStringLiteral("Time between bursts, for arrival \"burst\"."),
            QStringLiteral("两次突发之间的时间，用于 arrival 为 burst 时。")),
        ParamSpec::integer(QStringLiteral("items"), 0, 0, 1e9, QStringLiteral("items"),
            QStringLiteral("Items the source produces in all, then shuts the pipeline down (see shutdown); 0: endless, "
                           "the run ends at duration_s."),
            QStringLiteral(
                "数据源一共产生的条目数，产完后按 shutdown 方式关闭流水线；0 表示无限，运行到 duration_s 结束。")),
    };
}

std::vector<ParamSpec> stageFields()
{
    return {
        ParamSpec::text(QStringLiteral("name"), QString(),
            QStringLiteral("Stage name (letters, digits, _): prefixes its metrics, e.g. fetch.depth_mean. Empty: "
                           "stage1, stage2..."),
            QStringLiteral(
                "阶段名（字母、数字、下划线），作为指标名前缀，如 fetch.depth_mean。留空则为 stage1、stage2……")),
        ParamSpec::integer(QStringLiteral("workers"), 1, 1, 256, QStringLiteral("workers"),
            QStringLiteral("Consumers taking items from this stage's queue (threads or coroutines)."),
            QStringLiteral("从本阶段队列取数据的消费者个数（线程或协程）。")),
        ParamSpec::real(QStringLiteral("cpu_ms"), 0, 0, 600000, QStringLiteral("ms"),
            QStringLiteral(
                "CPU a worker spends on one item before its service_ms wait (e.g. parsing). threads mode: the worker "
                "thread runs it under the lab's GIL (see interpreter), so CPU-bound thread workers share one core; "
                "async mode: it runs on the event-loop thread and blocks the loop meanwhile (loop lag)."),
            QStringLiteral(
                "消费者处理一个条目时、在 service_ms 等待之前花费的 CPU 时间（如解析）。threads "
                "模式：工作线程在本实验的 GIL 下运行它（见 interpreter），所以做 CPU 计算的线程只能共用一个核；async "
                "模式：它在事件循环线程上运行，期间阻塞事件循环（循环延迟）。")),
        pyrt::codeKindParam(
            QStringLiteral("code"), QStringLiteral("What runs in cpu_ms"), QStringLiteral("cpu_ms 中运行的代码")),
        ParamSpec::real(QStringLiteral("service_ms"), 100, 0, 600000, QStringLiteral("ms"),
            QStringLiteral("Time a worker spends on one item (a sleep, like the course's time.sleep / asyncio.sleep: "
                           "I/O, not CPU)."),
            QStringLiteral(
                "消费者处理一个条目所花的时间（sleep，如课程中的 time.sleep / asyncio.sleep：I/O 而非 CPU）。"),
            true),
        ParamSpec::choice(QStringLiteral("service_dist"), QStringLiteral("fixed"),
            {QStringLiteral("fixed"), QStringLiteral("exponential")},
            QStringLiteral("Service time: always service_ms, or random with mean service_ms (exponential)."),
            QStringLiteral("处理时间：固定为 service_ms，或均值为 service_ms 的随机值（指数分布）。")),
        ParamSpec::integer(QStringLiteral("capacity"), 10, 0, 1000000, QStringLiteral("items"),
            QStringLiteral("Queue maxsize: put blocks while the queue holds this many items; 0: unbounded (Queue() "
                           "with no maxsize)."),
            QStringLiteral("队列的 maxsize：队列中已有这么多条目时 put 阻塞；0 表示无界（不带 maxsize 的 Queue()）。")),
        ParamSpec::choice(QStringLiteral("discipline"), QStringLiteral("fifo"),
            {QStringLiteral("fifo"), QStringLiteral("lifo"), QStringLiteral("priority")},
            QStringLiteral("Queue order: fifo (Queue), lifo (LifoQueue) or priority (PriorityQueue: level 0 first)."),
            QStringLiteral("队列顺序：fifo（Queue 先进先出）、lifo（LifoQueue 后进先出）或 "
                           "priority（PriorityQueue，级别 0 最先）。")),
        ParamSpec::integer(QStringLiteral("priorities"), 3, 1, 16, QStringLiteral("levels"),
            QStringLiteral("For discipline \"priority\": items get a random level 0 .. priorities-1 when put into this "
                           "stage; 0 is served first."),
            QStringLiteral("用于 priority 顺序：放入本阶段时条目随机得到 0 .. priorities-1 级，0 级最先被取出。")),
        ParamSpec::choice(QStringLiteral("on_full"), QStringLiteral("block"),
            {QStringLiteral("block"), QStringLiteral("drop")},
            QStringLiteral("When the queue is full: block the putter (backpressure), or drop the item (put_nowait and "
                           "catch queue.Full)."),
            QStringLiteral("队列满时：阻塞放入者（背压），或丢弃该条目（put_nowait 并捕获 queue.Full）。")),
    };
}

} // namespace

scenario::KindSpec makePipelineKindSpec()
{
    scenario::KindSpec spec;
    spec.kind = QStringLiteral("pipeline");
    spec.titleEn = QStringLiteral("Producers, bounded queues and consumers");
    spec.titleZh = QStringLiteral("生产者、有界队列与消费者");

    ParamSpec stages = ParamSpec::array(QStringLiteral("stages"), stageFields(), 1, 8,
        QStringLiteral("The stages items flow through in order; each has a queue and its workers (the crawler: fetch, "
                       "then parse...)."),
        QStringLiteral("条目依次流经的各个阶段；每个阶段有一个队列和自己的消费者（爬虫：先 fetch 再 parse……）。"));
    stages.defaultValue = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("work")}}};

    spec.params = {
        ParamSpec::choice(QStringLiteral("mode"), QStringLiteral("threads"),
            {QStringLiteral("threads"), QStringLiteral("async"), QStringLiteral("processes")},
            QStringLiteral("threads: OS threads blocking in put/get, as queue.Queue. async: coroutines on one event "
                           "loop suspending in put/get, as asyncio.Queue. processes: every consumer is a worker "
                           "process, as multiprocessing.Queue with multiprocessing.Process consumers: each item is "
                           "sent (pickled) through a pipe to the consumer that gets it, whose cpu_ms runs on its own "
                           "interpreter (no shared GIL); maxsize still blocks the producers (backpressure)."),
            QStringLiteral("threads：操作系统线程在 put/get 上阻塞，如 queue.Queue。async：同一个事件循环上的协程在 "
                           "put/get 上挂起，如 asyncio.Queue。processes：每个消费者都是一个工作进程，如 "
                           "multiprocessing.Queue 配 multiprocessing.Process 消费者：每个元素经 pickle 后通过管道"
                           "送到取走它的消费者进程，cpu_ms 在该进程自己的解释器里运行（没有共享的 GIL）；maxsize "
                           "照样会让生产者阻塞（背压）。")),
        pyrt::interpreterParam(QStringLiteral("shared by the lab's worker and producer threads, or held by the "
                                              "event-loop thread while it runs callbacks"),
            QStringLiteral("本实验的消费者线程与生产者线程共用；async 模式下事件循环线程运行回调时持有它")),
        pyrt::switchIntervalParam(),
        ParamSpec::object(QStringLiteral("source"), sourceFields(),
            QStringLiteral("Where items come from: the producers."), QStringLiteral("条目的来源：生产者。")),
        stages,
        ParamSpec::choice(QStringLiteral("shutdown"), QStringLiteral("join"),
            {QStringLiteral("sentinel"), QStringLiteral("join")},
            QStringLiteral(
                "How a finite run (source.items > 0) ends: sentinel (put one None per worker; each stage passes them "
                "on) or join (queue.join() waits for every task_done(), then the workers are let go)."),
            QStringLiteral("有限运行（source.items > 0）如何结束：sentinel（为每个消费者放入一个 None "
                           "结束信号，各阶段依次传递）或 join（queue.join() 等待所有 task_done()，然后结束消费者）。")),
    };
    return spec;
}

PipelineConfig PipelineConfig::fromLab(const scenario::LabConfig& lab)
{
    PipelineConfig c;
    c.mode = pick<Mode>(lab.textParam(QStringLiteral("mode")),
        {{"threads", Mode::Threads}, {"async", Mode::Async}, {"processes", Mode::Processes}});
    c.shutdown
        = lab.textParam(QStringLiteral("shutdown")) == QLatin1String("sentinel") ? Shutdown::Sentinel : Shutdown::Join;
    c.interpreter = pyrt::interpreterFrom(lab.textParam(QStringLiteral("interpreter")));
    c.switchIntervalMs = lab.params.value(QStringLiteral("switch_interval_ms")).toDouble(5);

    const QJsonObject src = lab.objectParam(QStringLiteral("source"));
    c.source.producers = std::max(1, src.value(QStringLiteral("producers")).toInt(1));
    c.source.ratePerS = std::max(0.0, src.value(QStringLiteral("rate_per_s")).toDouble(10));
    c.source.arrival = pick<Arrival>(src.value(QStringLiteral("arrival")).toString(),
        {{"fixed", Arrival::Fixed}, {"poisson", Arrival::Poisson}, {"burst", Arrival::Burst}});
    c.source.burstSize = std::max(1, src.value(QStringLiteral("burst_size")).toInt(10));
    c.source.burstEveryMs = std::max(1.0, src.value(QStringLiteral("burst_every_ms")).toDouble(1000));
    c.source.items = qint64(std::max(0.0, src.value(QStringLiteral("items")).toDouble(0)));

    QJsonArray stages = lab.params.value(QStringLiteral("stages")).toArray();
    if (stages.isEmpty())
        stages.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("work")}});
    static const QRegularExpression kName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    for (qsizetype i = 0; i < stages.size(); ++i) {
        const QJsonObject o = stages.at(i).toObject();
        StageConfig s;
        s.name = o.value(QStringLiteral("name")).toString();
        if (s.name.isEmpty())
            s.name = QStringLiteral("stage%1").arg(i + 1);
        if (!kName.match(s.name).hasMatch())
            throw std::invalid_argument(
                QStringLiteral("stages[%1].name \"%2\": use letters, digits and _ (it prefixes metric names)")
                    .arg(i)
                    .arg(s.name)
                    .toStdString());
        for (const auto& other : c.stages)
            if (other.name == s.name)
                throw std::invalid_argument(
                    QStringLiteral("stages[%1].name \"%2\" is used twice; stage names must be unique")
                        .arg(i)
                        .arg(s.name)
                        .toStdString());
        s.workers = std::max(1, o.value(QStringLiteral("workers")).toInt(1));
        s.cpuMs = std::max(0.0, o.value(QStringLiteral("cpu_ms")).toDouble(0));
        s.code = pyrt::codeKindFrom(o.value(QStringLiteral("code")).toString());
        s.serviceMs = std::max(0.0, o.value(QStringLiteral("service_ms")).toDouble(100));
        s.dist = o.value(QStringLiteral("service_dist")).toString() == QLatin1String("exponential")
            ? ServiceDist::Exponential
            : ServiceDist::Fixed;
        s.capacity = std::max(0, o.value(QStringLiteral("capacity")).toInt(10));
        s.discipline = pick<Discipline>(o.value(QStringLiteral("discipline")).toString(),
            {{"fifo", Discipline::Fifo}, {"lifo", Discipline::Lifo}, {"priority", Discipline::Priority}});
        s.priorities = std::max(1, o.value(QStringLiteral("priorities")).toInt(3));
        s.dropWhenFull = o.value(QStringLiteral("on_full")).toString() == QLatin1String("drop");
        c.stages.push_back(s);
    }
    return c;
}

} // namespace looplab::pipeline
