// The api kind's parameters: names are a public contract (scenario files, --set).
#include "api_config.h"
#include "api_lab.h"
#include "pyrt/interpreter_params.h"

namespace looplab::labs {

using scenario::ParamSpec;
namespace d = api::defaults;

scenario::KindSpec apiKindSpec()
{
    scenario::KindSpec k;
    k.kind = QStringLiteral("api");
    k.titleEn = QStringLiteral("HTTP API under load (FastAPI)");
    k.titleZh = QStringLiteral("压测下的 HTTP API（FastAPI）");

    std::vector<ParamSpec> rateLimit{
        ParamSpec::choice(QStringLiteral("algorithm"), QStringLiteral("token_bucket"),
            {QStringLiteral("token_bucket"), QStringLiteral("sliding_window"), QStringLiteral("fixed_window"),
                QStringLiteral("none")},
            QStringLiteral("rate-limit algorithm of the middleware; requests over the limit get 429 with Retry-After"),
            QStringLiteral("限流中间件的算法；超限的请求得到 429 和 Retry-After")),
        ParamSpec::real(QStringLiteral("rate_per_s"), d::kRateLimitPerS, 0.01, 100'000, QStringLiteral("1/s"),
            QStringLiteral("requests allowed per second (token refill rate, or the window's limit per second)"),
            QStringLiteral("每秒允许的请求数（令牌补充速率，或窗口每秒的上限）"), true),
        ParamSpec::integer(QStringLiteral("burst"), d::kBurst, 1, 100'000, QStringLiteral("tokens"),
            QStringLiteral(
                "token bucket size: how many requests may pass at once after a quiet time (token_bucket only)"),
            QStringLiteral("令牌桶容量：空闲之后一次最多可通过的请求数（仅 token_bucket）"), true),
    };
    std::vector<ParamSpec> cache{
        ParamSpec::real(QStringLiteral("ttl_ms"), d::kTtlMs, 0, 3'600'000, QStringLiteral("ms"),
            QStringLiteral("how long a cached item stays valid"), QStringLiteral("缓存条目的有效期")),
        ParamSpec::integer(QStringLiteral("capacity"), d::kCacheCapacity, 1, 10'000'000, QStringLiteral("items"),
            QStringLiteral("LRU capacity: the least recently used item is evicted past it"),
            QStringLiteral("LRU 容量：超过时淘汰最久未使用的条目")),
    };
    std::vector<ParamSpec> db{
        ParamSpec::integer(QStringLiteral("pool_size"), d::kPoolSize, 1, 1000, QStringLiteral("connections"),
            QStringLiteral("database connections in the pool; a handler must acquire one before its query"),
            QStringLiteral("连接池中的数据库连接数；处理函数查询前必须先获取一个连接")),
        ParamSpec::real(QStringLiteral("query_ms"), d::kQueryMs, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("time a query holds its connection (awaited, like asyncpg)"),
            QStringLiteral("一次查询占用连接的时间（以 await 等待，如 asyncpg）"), true),
        ParamSpec::choice(QStringLiteral("query_dist"), QStringLiteral("fixed"),
            {QStringLiteral("fixed"), QStringLiteral("uniform"), QStringLiteral("exponential")},
            QStringLiteral(
                "query time distribution: fixed, uniform in [0.5, 1.5]×query_ms, or exponential with mean query_ms"),
            QStringLiteral("查询耗时分布：固定、[0.5, 1.5]×query_ms 均匀分布、或均值为 query_ms 的指数分布")),
        ParamSpec::real(QStringLiteral("acquire_timeout_ms"), d::kAcquireTimeoutMs, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("longest wait for a free connection; past it the request gets 503"),
            QStringLiteral("等待空闲连接的最长时间；超时后请求得到 503")),
    };
    std::vector<ParamSpec> server{
        ParamSpec::object(QStringLiteral("rate_limit"), rateLimit,
            QStringLiteral("rate-limit middleware (first in the chain); absent: no limit"),
            QStringLiteral("限流中间件（中间件链的第一个）；省略则不限流"), true),
        ParamSpec::object(QStringLiteral("cache"), cache,
            QStringLiteral("response cache for GET /items/{id} (LRU with TTL); absent: no cache"),
            QStringLiteral("GET /items/{id} 的响应缓存（带 TTL 的 LRU）；省略则不缓存"), true),
        ParamSpec::object(QStringLiteral("db"), db,
            QStringLiteral("database connection pool used on a cache miss and by POST /items; absent: no database"),
            QStringLiteral("缓存未命中和 POST /items 时使用的数据库连接池；省略则没有数据库"), true),
        ParamSpec::real(QStringLiteral("handler_ms"), 0, 0, 60'000, QStringLiteral("ms"),
            QStringLiteral(
                "work per request in the handler: awaited (like await asyncio.sleep) unless blocking_handler; "
                "with blocking_handler it is real CPU work done as a blocking call"),
            QStringLiteral("处理函数每个请求的工作量：默认以 await 等待（如 await asyncio.sleep）；"
                           "开启 blocking_handler 时为真实的 CPU 计算，以阻塞调用执行"),
            true),
        ParamSpec::boolean(QStringLiteral("blocking_handler"), false,
            QStringLiteral("the handler's work is a blocking call (sync code inside async def): on the loop it stalls "
                           "every request"),
            QStringLiteral("处理函数的工作是阻塞调用（async def 里的同步代码）：在事件循环上执行会卡住所有请求"), true),
        ParamSpec::choice(QStringLiteral("offload"), QStringLiteral("none"),
            {QStringLiteral("none"), QStringLiteral("to_thread"), QStringLiteral("to_process")},
            QStringLiteral("where a blocking handler runs: none (on the loop), to_thread (await asyncio.to_thread, a "
                           "thread pool sharing the GIL) or to_process (await loop.run_in_executor with a "
                           "ProcessPoolExecutor: real worker processes, outside the GIL)"),
            QStringLiteral("阻塞处理函数在哪里执行：none（事件循环上）、to_thread（await asyncio.to_thread，线程池，"
                           "共用 GIL）或 to_process（await loop.run_in_executor 配合 ProcessPoolExecutor："
                           "真实的工作进程，不受 GIL 限制）"),
            true),
        ParamSpec::integer(QStringLiteral("thread_workers"), 0, 0, 1000, QStringLiteral("threads"),
            QStringLiteral("threads of the to_thread pool; 0: asyncio's default, min(32, os.cpu_count() + 4)"),
            QStringLiteral("to_thread 线程池的线程数；0 表示 asyncio 的默认值 min(32, os.cpu_count() + 4)"))
            .unusedWhen({QStringLiteral("offload!=to_thread")}),
        ParamSpec::integer(QStringLiteral("process_workers"), 0, 0, 256, QStringLiteral("processes"),
            QStringLiteral("worker processes of the to_process pool; 0: ProcessPoolExecutor's default, os.cpu_count()"),
            QStringLiteral("to_process 进程池的工作进程数；0 表示 ProcessPoolExecutor 的默认值 os.cpu_count()"))
            .unusedWhen({QStringLiteral("offload!=to_process")}),
        pyrt::codeKindParam(QStringLiteral("handler_code"),
            QStringLiteral("what the blocking handler's CPU work is (to_thread workers and the event loop; a worker "
                           "process has its own interpreter)"),
            QStringLiteral("阻塞处理函数的 CPU 计算是什么代码（to_thread 线程与事件循环；工作进程有自己的解释器）"),
            true),
    };
    std::vector<ParamSpec> load{
        ParamSpec::text(QStringLiteral("target"), QStringLiteral("builtin"),
            QStringLiteral("builtin (the lab's own server) or an http:// URL on a loopback address, e.g. "
                           "http://127.0.0.1:8000/items/{id}"),
            QStringLiteral(
                "builtin（本实验自带的服务）或回环地址上的 http:// URL，例如 http://127.0.0.1:8000/items/{id}")),
        ParamSpec::integer(QStringLiteral("connections"), d::kConnections, 1, 1000, QStringLiteral("connections"),
            QStringLiteral("keep-alive connections of the load generator; requests beyond them wait in the generator "
                           "(and that wait counts)"),
            QStringLiteral("压测端的长连接数；超出的请求在压测端排队（排队时间计入延迟）")),
        ParamSpec::choice(QStringLiteral("model"), QStringLiteral("open"),
            {QStringLiteral("open"), QStringLiteral("closed")},
            QStringLiteral("open: Poisson arrivals at rate_per_s, latency from the intended send time; closed: users "
                           "that wait for each answer"),
            QStringLiteral(
                "open：按 rate_per_s 泊松到达，延迟从计划发送时刻算起；closed：每个用户等到响应后再发下一个")),
        ParamSpec::real(QStringLiteral("rate_per_s"), d::kLoadRatePerS, 0.01, 1'000'000, QStringLiteral("1/s"),
            QStringLiteral("offered load of the open model"), QStringLiteral("开放模型的请求到达速率"), true),
        ParamSpec::integer(QStringLiteral("users"), d::kUsers, 1, 10'000, QStringLiteral("users"),
            QStringLiteral("concurrent users of the closed model"), QStringLiteral("封闭模型的并发用户数")),
        ParamSpec::real(QStringLiteral("think_ms"), 0, 0, 600'000, QStringLiteral("ms"),
            QStringLiteral("closed model: pause of a user between an answer and its next request"),
            QStringLiteral("封闭模型：用户收到响应后到下一个请求之间的思考时间"), true),
        ParamSpec::real(QStringLiteral("ramp_s"), 0, 0, 3600, QStringLiteral("s"),
            QStringLiteral("the load rises linearly to full over this time (open: rate; closed: users joining)"),
            QStringLiteral("负载在这段时间内线性升到满载（开放模型：速率；封闭模型：用户逐个加入）")),
        ParamSpec::real(QStringLiteral("timeout_ms"), d::kTimeoutMs, 1, 600'000, QStringLiteral("ms"),
            QStringLiteral("a request not answered this long after its intended send time counts as a timeout"),
            QStringLiteral("从计划发送时刻起超过这么久未得到响应的请求记为超时")),
        ParamSpec::integer(QStringLiteral("keys"), d::kKeys, 1, 1'000'000, QStringLiteral("keys"),
            QStringLiteral("distinct item ids requested (GET /items/{id})"),
            QStringLiteral("请求的不同条目 id 数量（GET /items/{id}）")),
        ParamSpec::choice(QStringLiteral("key_dist"), QStringLiteral("uniform"),
            {QStringLiteral("uniform"), QStringLiteral("zipf")},
            QStringLiteral("which ids are asked for: uniform, or zipf (a few hot ids, s = 1) which the cache loves"),
            QStringLiteral("请求哪些 id：均匀分布，或 zipf（少数热点 id，s = 1），缓存命中率更高")),
    };

    k.params = {
        pyrt::interpreterParam(QStringLiteral("the server's event loop thread and its to_thread workers share it"),
            QStringLiteral("服务端的事件循环线程与 to_thread 线程共用")),
        pyrt::switchIntervalParam(d::kSwitchIntervalMs),
        ParamSpec::object(QStringLiteral("server"), server,
            QStringLiteral(
                "the builtin HTTP/1.1 service on 127.0.0.1: middleware in order rate_limit → cache → handler (→ db)"),
            QStringLiteral("内置 HTTP/1.1 服务（127.0.0.1）：中间件顺序 rate_limit → cache → 处理函数（→ db）")),
        ParamSpec::object(QStringLiteral("load"), load,
            QStringLiteral("the load generator: its own thread and event loop, keep-alive connections"),
            QStringLiteral("压测端：独立线程和事件循环，使用长连接")),
    };
    return k;
}

} // namespace looplab::labs
