<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApiLab</name>
    <message>
        <source>serving on http://127.0.0.1:%1 — %2 answered</source>
        <translation>在 http://127.0.0.1:%1 上服务 — 已应答 %2</translation>
    </message>
    <message>
        <source>load on %1 — %2 answered, %3 errors</source>
        <translation>向 %1 施加负载 — 已应答 %2，错误 %3</translation>
    </message>
</context>
<context>
    <name>ChartMarks</name>
    <message>
        <source>%1  ×%2</source>
        <translation>%1  ×%2</translation>
    </message>
    <message numerus="yes">
        <source>%1  +%n more</source>
        <translation>
            <numerusform>%1  另有 %n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Compare</name>
    <message>
        <source>--compare: expected LAB.PARAM=A,B, got &quot;%1&quot;</source>
        <translation>--compare: 格式应为 LAB.PARAM=A,B，实际为 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--compare: expected two values A,B after &quot;=&quot;, got &quot;%1&quot;</source>
        <translation>--compare: &quot;=&quot; 之后应有两个值 A,B，实际为 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>LoopLab engine</source>
        <translation>LoopLab 引擎</translation>
    </message>
    <message>
        <source>real CPython: %1</source>
        <translation>真实的 CPython：%1</translation>
    </message>
</context>
<context>
    <name>EventLoopLab</name>
    <message>
        <source>%1/%2 tasks done</source>
        <translation>%1/%2 个任务完成</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>nothing to save: the image is empty</source>
        <translation>无内容可保存：图像为空</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>cannot encode PNG for %1</source>
        <translation>无法为 %1 编码 PNG</translation>
    </message>
    <message>
        <source>no window to save</source>
        <translation>没有可保存的窗口</translation>
    </message>
    <message>
        <source>no chart to save</source>
        <translation>没有可保存的图表</translation>
    </message>
    <message>
        <source>cannot start the SVG for %1</source>
        <translation>无法为 %1 创建 SVG</translation>
    </message>
</context>
<context>
    <name>LaneState</name>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>waiting for the GIL</source>
        <translation>等待 GIL</translation>
    </message>
    <message>
        <source>awaiting I/O</source>
        <translation>等待 I/O</translation>
    </message>
    <message>
        <source>blocked on a queue</source>
        <translation>阻塞在队列上</translation>
    </message>
    <message>
        <source>IPC with a process</source>
        <translation>与进程 IPC</translation>
    </message>
    <message>
        <source>blocking call</source>
        <translation>阻塞调用</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Follow the system&apos;s language (Chinese locales: 简体中文; others: English)</source>
        <translation>跟随系统语言（中文区域：简体中文；其他：English）</translation>
    </message>
</context>
<context>
    <name>ParamEditor</name>
    <message>
        <source>range %1 … %2 %3</source>
        <translation>范围 %1 … %2 %3</translation>
    </message>
    <message>
        <source>one of: %1</source>
        <translation>可选值：%1</translation>
    </message>
    <message>
        <source>changes live while the lab runs</source>
        <translation>运行中可实时修改</translation>
    </message>
    <message>
        <source>changing it restarts the lab</source>
        <translation>修改后实验会重启</translation>
    </message>
    <message>
        <source>%1 is not %2</source>
        <translation>%1 不是 %2</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1 为 %2</translation>
    </message>
    <message>
        <source>%1 is set</source>
        <translation>已设置 %1</translation>
    </message>
</context>
<context>
    <name>ParameterSweep</name>
    <message>
        <source>the run restarted</source>
        <translation>运行已重新开始</translation>
    </message>
    <message numerus="yes">
        <source>done: %n values measured</source>
        <translation>
            <numerusform>完成：已测量 %n 个取值</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
</context>
<context>
    <name>PipelineLab</name>
    <message>
        <source>%1 of %2 producers blocked</source>
        <translation>%2 个生产者中 %1 个阻塞</translation>
    </message>
    <message>
        <source>%1 done</source>
        <translation>完成 %1</translation>
    </message>
</context>
<context>
    <name>PipelinePanel</name>
    <message>
        <source>%1 /s</source>
        <translation>%1 /秒</translation>
    </message>
    <message>
        <source>LIFO</source>
        <translation>LIFO</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>FIFO</source>
        <translation>FIFO</translation>
    </message>
</context>
<context>
    <name>PoolGantt</name>
    <message>
        <source>the RLock</source>
        <translation>RLock</translation>
    </message>
    <message>
        <source>the event</source>
        <translation>事件（Event）</translation>
    </message>
    <message>
        <source>the condition</source>
        <translation>条件变量（Condition）</translation>
    </message>
    <message>
        <source>the semaphore</source>
        <translation>信号量</translation>
    </message>
    <message>
        <source>a lock</source>
        <translation>锁</translation>
    </message>
</context>
<context>
    <name>PoolLab</name>
    <message>
        <source>%1 processes</source>
        <translation>%1 个进程</translation>
    </message>
    <message>
        <source>%1 threads (%2)</source>
        <translation>%1 个线程（%2）</translation>
    </message>
    <message>
        <source>%1: %2/%3 tasks</source>
        <translation>%1：%2/%3 个任务</translation>
    </message>
    <message>
        <source>, %1 failed</source>
        <translation>，失败 %1</translation>
    </message>
    <message>
        <source>, %1 worker restarts</source>
        <translation>，工作进程重启 %1 次</translation>
    </message>
    <message>
        <source>, lock %1, count %2 of %3</source>
        <translation>，锁 %1，计数 %2 / %3</translation>
    </message>
    <message>
        <source>%1: measuring one worker&apos;s time per task (%2 tasks, one at a time)</source>
        <translation>%1：正在测量单个工作者完成一个任务的时间（%2 个任务，逐个执行）</translation>
    </message>
    <message>
        <source>, RLock taken %1 times re-entrantly</source>
        <translation>，RLock 已重入获取 %1 次</translation>
    </message>
    <message>
        <source>, event set</source>
        <translation>，事件已触发</translation>
    </message>
    <message>
        <source>, waiting for the event</source>
        <translation>，正在等待事件</translation>
    </message>
    <message>
        <source>, produced %1, consumed %2, buffer %3/%4</source>
        <translation>，已生产 %1，已消费 %2，缓冲区 %3/%4</translation>
    </message>
    <message>
        <source>, %1 of %2 semaphore holders</source>
        <translation>，信号量持有者 %1/%2</translation>
    </message>
    <message>
        <source>deadlock: thread %1</source>
        <translation>死锁：线程 %1</translation>
    </message>
    <message>
        <source> waits for lock %1 held by thread %2</source>
        <translation> 等待线程 %2 持有的锁 %1</translation>
    </message>
    <message>
        <source>, which waits for lock %1 held by thread %2</source>
        <translation>，后者在等待线程 %2 持有的锁 %1</translation>
    </message>
</context>
<context>
    <name>PoolPanel</name>
    <message>
        <source>worker restarted (dead pid %1)</source>
        <translation>工作进程已重启（已退出的 pid %1）</translation>
    </message>
</context>
<context>
    <name>ScenarioDocument</name>
    <message>
        <source>set %1.%2</source>
        <translation>设置 %1.%2</translation>
    </message>
    <message>
        <source>set time scale ×%1</source>
        <translation>设置时间缩放 ×%1</translation>
    </message>
</context>
<context>
    <name>SearchLab</name>
    <message>
        <source>generating %1×%2 synthetic vectors…</source>
        <translation>正在生成 %1×%2 个合成向量…</translation>
    </message>
    <message>
        <source>loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>copying %1 to the GPU…</source>
        <translation>正在把 %1 复制到 GPU…</translation>
    </message>
    <message>
        <source>building the %1 index…</source>
        <translation>正在构建 %1 索引…</translation>
    </message>
    <message>
        <source>computing exact neighbours of %1 sample queries for recall@%2…</source>
        <translation>正在为 %1 个样本查询计算精确近邻（用于 recall@%2）…</translation>
    </message>
    <message>
        <source>, %1 executor worker(s) × %2 OpenMP thread(s)</source>
        <translation>，%1 个执行器工作线程 × %2 个 OpenMP 线程</translation>
    </message>
    <message>
        <source>; index loaded from cache in %1 s</source>
        <translation>；索引从缓存加载，用时 %1 秒</translation>
    </message>
    <message>
        <source>; index built in %1 s</source>
        <translation>；索引构建用时 %1 秒</translation>
    </message>
    <message>
        <source>training k-means</source>
        <translation>训练 k-means</translation>
    </message>
    <message>
        <source>looking in the cache</source>
        <translation>查找缓存</translation>
    </message>
    <message>
        <source>adding vectors</source>
        <translation>添加向量</translation>
    </message>
    <message>
        <source>building the %1 index: %2 % (%3)</source>
        <translation>正在构建 %1 索引：%2 %（%3）</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>candidates</source>
        <translation>候选</translation>
    </message>
    <message>
        <source>cells</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>clusters</source>
        <translation>簇</translation>
    </message>
    <message>
        <source>connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>cores</source>
        <translation>核</translation>
    </message>
    <message>
        <source>dims</source>
        <translation>维</translation>
    </message>
    <message>
        <source>events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>items</source>
        <translation>项</translation>
    </message>
    <message>
        <source>keys</source>
        <translation>键</translation>
    </message>
    <message>
        <source>levels</source>
        <translation>级</translation>
    </message>
    <message>
        <source>links</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>neighbours</source>
        <translation>近邻</translation>
    </message>
    <message>
        <source>queries</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>ratio</source>
        <translation>比值</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>retries</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>rounds</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>vectors</source>
        <translation>向量</translation>
    </message>
    <message>
        <source>workers</source>
        <translation>工作者</translation>
    </message>
</context>
<context>
    <name>looplab::labs::PythonLab</name>
    <message>
        <source>ended by signal %1</source>
        <translation>被信号 %1 终止</translation>
    </message>
    <message>
        <source>exited with %1</source>
        <translation>已退出，退出码 %1</translation>
    </message>
    <message>
        <source>running (live parameter edits do not apply)</source>
        <translation>运行中（实时修改参数不生效）</translation>
    </message>
    <message>
        <source>GIL: %1</source>
        <translation>GIL：%1</translation>
    </message>
    <message>
        <source>no asyncio event loop ran: loop metrics are null</source>
        <translation>没有运行 asyncio 事件循环：事件循环相关指标为空</translation>
    </message>
    <message>
        <source>the probe sent nothing</source>
        <translation>探针没有发送任何数据</translation>
    </message>
    <message>
        <source>the probe dropped %1 records</source>
        <translation>探针丢弃了 %1 条记录</translation>
    </message>
</context>
<context>
    <name>looplab::ui</name>
    <message>
        <source>slow callback %1</source>
        <translation>慢回调 %1</translation>
    </message>
    <message>
        <source>blocking call began (%1)</source>
        <translation>阻塞调用开始（%1）</translation>
    </message>
    <message>
        <source>blocking call began</source>
        <translation>阻塞调用开始</translation>
    </message>
    <message>
        <source>parameter changed</source>
        <translation>参数已更改</translation>
    </message>
    <message>
        <source>worker restarted (pid %1)</source>
        <translation>工作进程已重启（pid %1）</translation>
    </message>
    <message>
        <source>index ready</source>
        <translation>索引已就绪</translation>
    </message>
    <message>
        <source>no GPU: searching on the CPU</source>
        <translation>没有 GPU：在 CPU 上检索</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ApiPanel</name>
    <message>
        <source>req/s</source>
        <translation>请求/秒</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>served now</source>
        <translation>当前已服务</translation>
    </message>
    <message>
        <source>429 now</source>
        <translation>当前 429</translation>
    </message>
    <message>
        <source>latency p99</source>
        <translation>延迟 p99</translation>
    </message>
    <message>
        <source>loop lag p99</source>
        <translation>循环延迟 p99</translation>
    </message>
    <message>
        <source>Requests per second (mean over %1 s)</source>
        <translation>每秒请求数（%1 秒均值）</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>offered</source>
        <translation>发出</translation>
    </message>
    <message>
        <source>served 2xx/3xx</source>
        <translation>已服务 2xx/3xx</translation>
    </message>
    <message>
        <source>rejected 429</source>
        <translation>被拒 429</translation>
    </message>
    <message>
        <source>other 4xx</source>
        <translation>其他 4xx</translation>
    </message>
    <message>
        <source>5xx</source>
        <translation>5xx</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Latency (from intended send)</source>
        <translation>延迟（从计划发送时刻起）</translation>
    </message>
    <message>
        <source>latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Answers by status</source>
        <translation>按状态码统计的应答</translation>
    </message>
    <message>
        <source>4xx</source>
        <translation>4xx</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation>进行中的请求</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>at server</source>
        <translation>在服务器</translation>
    </message>
    <message>
        <source>Token bucket</source>
        <translation>令牌桶</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>tokens in the bucket</source>
        <translation>桶中令牌</translation>
    </message>
    <message>
        <source>DB busy</source>
        <translation>数据库忙</translation>
    </message>
    <message>
        <source>connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>DB connections busy</source>
        <translation>忙碌的数据库连接</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>忙碌</translation>
    </message>
    <message>
        <source>Waiting for a DB connection</source>
        <translation>等待数据库连接</translation>
    </message>
    <message>
        <source>requests waiting</source>
        <translation>等待中的请求</translation>
    </message>
    <message>
        <source>Time to get a DB connection</source>
        <translation>获取数据库连接的时间</translation>
    </message>
    <message>
        <source>wait</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Cache hit ratio</source>
        <translation>缓存命中率</translation>
    </message>
    <message>
        <source>hits</source>
        <translation>命中</translation>
    </message>
    <message>
        <source>hit ratio</source>
        <translation>命中率</translation>
    </message>
    <message>
        <source>Server loop lag</source>
        <translation>服务器事件循环延迟</translation>
    </message>
    <message>
        <source>lag</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>%1: asyncio&apos;s slow-callback warning</source>
        <translation>%1：asyncio 的慢回调警告</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>server event loop</source>
        <translation>服务器事件循环</translation>
    </message>
    <message>
        <source>DB connections (busy during a query)</source>
        <translation>数据库连接（查询期间忙碌）</translation>
    </message>
    <message>
        <source>to_thread workers</source>
        <translation>to_thread 工作线程</translation>
    </message>
    <message>
        <source>rate limiter (server.rate_limit)</source>
        <translation>限流器（server.rate_limit）</translation>
    </message>
    <message>
        <source>database pool (server.db)</source>
        <translation>数据库连接池（server.db）</translation>
    </message>
    <message>
        <source>cache (server.cache)</source>
        <translation>缓存（server.cache）</translation>
    </message>
    <message>
        <source>Not in this scenario, so not shown: %1.</source>
        <translation>本场景未使用，因此不显示：%1。</translation>
    </message>
    <message>
        <source>The load goes to %1, not to the lab&apos;s own server: its loop lag, rate limiter, database pool, cache and timeline are not measured here.</source>
        <translation>负载发往 %1，而不是实验自带的服务器：这里不测量它的循环延迟、限流器、数据库连接池、缓存和时间线。</translation>
    </message>
    <message>
        <source>bucket size (burst) %1</source>
        <translation>桶容量（突发）%1</translation>
    </message>
    <message>
        <source>Rate-limit window</source>
        <translation>限流窗口</translation>
    </message>
    <message>
        <source>requests left</source>
        <translation>剩余请求数</translation>
    </message>
    <message>
        <source>limit per window %1</source>
        <translation>每窗口上限 %1</translation>
    </message>
    <message>
        <source>pool size %1</source>
        <translation>连接池大小 %1</translation>
    </message>
    <message>
        <source>timeout %1 → 503</source>
        <translation>超时 %1 → 503</translation>
    </message>
    <message>
        <source>client connections %1</source>
        <translation>客户端连接 %1</translation>
    </message>
    <message>
        <source>timeout %1</source>
        <translation>超时 %1</translation>
    </message>
    <message>
        <source>Click p50, p95 or p99 to show or hide it</source>
        <translation>点击 p50、p95 或 p99 显示或隐藏</translation>
    </message>
    <message>
        <source>the GIL (emulated): who holds it</source>
        <translation>GIL（模拟）：由谁持有</translation>
    </message>
</context>
<context>
    <name>looplab::ui::EventLoopPanel</name>
    <message>
        <source>loop lag now</source>
        <translation>当前循环延迟</translation>
    </message>
    <message>
        <source>tasks in flight</source>
        <translation>进行中的任务</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>resumptions per tick</source>
        <translation>每轮恢复次数</translation>
    </message>
    <message>
        <source>loop ticks per second</source>
        <translation>每秒循环轮数</translation>
    </message>
    <message>
        <source>Event loop ticks</source>
        <translation>事件循环轮次</translation>
    </message>
    <message>
        <source>Loop lag</source>
        <translation>循环延迟</translation>
    </message>
    <message>
        <source>lag</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>loop lag</source>
        <translation>循环延迟</translation>
    </message>
    <message>
        <source>Tasks in flight and resumptions</source>
        <translation>进行中的任务与恢复次数</translation>
    </message>
    <message>
        <source>count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>吞吐量</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>loop ticks</source>
        <translation>循环轮次</translation>
    </message>
    <message>
        <source>tasks completed</source>
        <translation>已完成任务</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>事件循环</translation>
    </message>
    <message>
        <source>executor</source>
        <translation>执行器</translation>
    </message>
    <message>
        <source>Task latency</source>
        <translation>任务延迟</translation>
    </message>
    <message>
        <source>task latency</source>
        <translation>任务延迟</translation>
    </message>
    <message>
        <source>Loop lag distribution</source>
        <translation>循环延迟分布</translation>
    </message>
    <message>
        <source>slow callback threshold %1</source>
        <translation>慢回调阈值 %1</translation>
    </message>
    <message>
        <source>the GIL (emulated): who holds it</source>
        <translation>GIL（模拟）：由谁持有</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ExamplesDialog</name>
    <message>
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Search titles, notes, labs and file names (e.g. “GIL”, “nprobe”, “阻塞”)</source>
        <translation>搜索标题、说明、实验和文件名（例如“GIL”“nprobe”“阻塞”）</translation>
    </message>
    <message>
        <source>Every word must occur in the scenario&apos;s title, notes, lab kind or file name; case does not matter</source>
        <translation>每个词都必须出现在场景的标题、说明、实验类型或文件名中；不区分大小写</translation>
    </message>
    <message>
        <source>Built-in scenarios; double-click one to open it</source>
        <translation>内置场景；双击即可打开</translation>
    </message>
    <message>
        <source>Open the selected scenario (Enter)</source>
        <translation>打开所选场景 (Enter)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / 共 %2</translation>
    </message>
    <message>
        <source>No built-in scenario matches “%1”.</source>
        <translation>没有与“%1”匹配的内置场景。</translation>
    </message>
    <message>
        <source>There are no built-in scenarios.</source>
        <translation>没有内置场景。</translation>
    </message>
</context>
<context>
    <name>looplab::ui::GaugeBar</name>
    <message>
        <source>of %1</source>
        <translation>上限 %1</translation>
    </message>
</context>
<context>
    <name>looplab::ui::GenericPanel</name>
    <message>
        <source>Waiting for the first measurements of lab “%1”…</source>
        <translation>正在等待实验“%1”的首批测量数据…</translation>
    </message>
    <message>
        <source>Timeline: %1</source>
        <translation>时间线：%1</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>%1 percentiles</source>
        <translation>%1 百分位</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 及另外 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Lab “%1” has declared no series, lanes or histograms yet.</source>
        <translation>实验“%1”尚未声明任何序列、泳道或直方图。</translation>
    </message>
</context>
<context>
    <name>looplab::ui::HistogramView</name>
    <message>
        <source>no samples yet</source>
        <translation>暂无样本</translation>
    </message>
    <message>
        <source>n = %1 · mean %2 · max %3</source>
        <translation>n = %1 · 均值 %2 · 最大 %3</translation>
    </message>
    <message>
        <source>n = %1 · max %2</source>
        <translation>n = %1 · 最大 %2</translation>
    </message>
    <message>
        <source>n = %1</source>
        <translation>n = %1</translation>
    </message>
    <message>
        <source>samples (%)</source>
        <translation>样本 (%)</translation>
    </message>
    <message>
        <source>, log scale</source>
        <translation>，对数刻度</translation>
    </message>
    <message>
        <source>log scale</source>
        <translation>对数刻度</translation>
    </message>
</context>
<context>
    <name>looplab::ui::LabMetricsModel</name>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>looplab::ui::MainWindow</name>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>The run failed</source>
        <translation>运行失败</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <source>LoopLab scenarios (*.json)</source>
        <translation>LoopLab 场景 (*.json)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save scenario as</source>
        <translation>场景另存为</translation>
    </message>
    <message>
        <source>Export screenshot (PNG)…</source>
        <translation>导出截图 (PNG)…</translation>
    </message>
    <message>
        <source>Export screenshot</source>
        <translation>导出截图</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export screenshot at 2× (projectors)…</source>
        <translation>导出 2× 截图（投影用）…</translation>
    </message>
    <message>
        <source>Export screenshot at 2×</source>
        <translation>导出 2× 截图</translation>
    </message>
    <message>
        <source>Export chart (SVG)…</source>
        <translation>导出图表 (SVG)…</translation>
    </message>
    <message>
        <source>Export data (CSV)…</source>
        <translation>导出数据 (CSV)…</translation>
    </message>
    <message>
        <source>Export the run&apos;s series</source>
        <translation>导出本次运行的序列</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export trace for Perfetto…</source>
        <translation>导出 Perfetto 追踪…</translation>
    </message>
    <message>
        <source>Export trace</source>
        <translation>导出追踪</translation>
    </message>
    <message>
        <source>Trace files (*.json)</source>
        <translation>追踪文件 (*.json)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start the run (Ctrl+R)</source>
        <translation>开始运行 (Ctrl+R)</translation>
    </message>
    <message>
        <source>&amp;Pause view</source>
        <translation>暂停画面(&amp;P)</translation>
    </message>
    <message>
        <source>Freeze the charts to inspect them (Space); the run goes on underneath</source>
        <translation>冻结图表以便查看（空格）；运行在后台继续</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the run (Ctrl+.)</source>
        <translation>停止运行 (Ctrl+.)</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>重新开始(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;About LoopLab</source>
        <translation>关于 LoopLab(&amp;A)</translation>
    </message>
    <message>
        <source>About LoopLab</source>
        <translation>关于 LoopLab</translation>
    </message>
    <message>
        <source>Scenario &amp;notes</source>
        <translation>场景说明(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;Example</source>
        <translation>打开示例(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Time &amp;window</source>
        <translation>时间窗口(&amp;W)</translation>
    </message>
    <message>
        <source>last %1 s</source>
        <translation>最近 %1 秒</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Run controls</source>
        <translation>运行控制</translation>
    </message>
    <message>
        <source> time scale </source>
        <translation> 时间缩放 </translation>
    </message>
    <message>
        <source>Stretch every duration of the scenario: ×10 runs the lesson in slow motion, with real concurrency</source>
        <translation>拉长场景中的每个时长：×10 以慢动作演示本课，并发依然真实</translation>
    </message>
    <message>
        <source>Screenshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>测量值</translation>
    </message>
    <message>
        <source>CPU used by the engine and its labs over the last second, in cores</source>
        <translation>引擎及其实验在最近一秒使用的 CPU，单位为核</translation>
    </message>
    <message>
        <source>Frames the window painted per second, and the slowest frame of that second (data, paint and flush to the screen)</source>
        <translation>窗口每秒绘制的帧数，以及这一秒里最慢一帧的耗时（数据、绘制和送到屏幕）</translation>
    </message>
    <message>
        <source>Events recorded by the labs&apos; threads; dropped ones mean a ring overflowed</source>
        <translation>各实验线程记录的事件数；有丢弃说明环形缓冲区溢出</translation>
    </message>
    <message>
        <source>Cannot open scenario</source>
        <translation>无法打开场景</translation>
    </message>
    <message>
        <source>the file is larger than %1 bytes</source>
        <translation>文件大于 %1 字节</translation>
    </message>
    <message>
        <source>This scenario has an error</source>
        <translation>该场景有错误</translation>
    </message>
    <message>
        <source>%1

The scenario that was open is unchanged.</source>
        <translation>%1

原先打开的场景保持不变。</translation>
    </message>
    <message>
        <source>Send load to another machine?</source>
        <translation>向另一台机器发送负载？</translation>
    </message>
    <message>
        <source>This scenario sends HTTP load to %1, which is not this computer. Only do this to a server you are allowed to test.

Send the load there? (Starting LoopLab with --allow-remote skips this question.)</source>
        <translation>此场景会向 %1 发送 HTTP 负载，它不是这台计算机。只对你有权测试的服务器这样做。

要向那里发送负载吗？（用 --allow-remote 启动 LoopLab 可跳过此问题。）</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>%1.%2 = %3 (takes effect at the next start)</source>
        <translation>%1.%2 = %3（下次开始时生效）</translation>
    </message>
    <message>
        <source>time scale ×%1: the run restarted</source>
        <translation>时间缩放 ×%1：运行已重新开始</translation>
    </message>
    <message>
        <source>LoopLab</source>
        <translation>LoopLab</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The scenario has unsaved parameter changes. Save them first?</source>
        <translation>场景有未保存的参数更改。要先保存吗？</translation>
    </message>
    <message>
        <source>Cannot save the scenario</source>
        <translation>无法保存场景</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>(no built-in scenarios)</source>
        <translation>（没有内置场景）</translation>
    </message>
    <message>
        <source>View paused: hover the charts to inspect; the run goes on (Space resumes)</source>
        <translation>画面已暂停：悬停图表可查看；运行仍在继续（空格键恢复）</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>启动中…</translation>
    </message>
    <message>
        <source>not started — press Start (Ctrl+R)</source>
        <translation>未开始 — 按“开始”(Ctrl+R)</translation>
    </message>
    <message>
        <source>t = %1 s of %2 s</source>
        <translation>t = %1 秒 / 共 %2 秒</translation>
    </message>
    <message>
        <source>engine CPU %1 cores</source>
        <translation>引擎 CPU %1 核</translation>
    </message>
    <message>
        <source>%1 events, %2 dropped</source>
        <translation>%1 个事件，丢弃 %2 个</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 个事件</translation>
    </message>
    <message>
        <source>%1 fps · frame %2 ms</source>
        <translation>%1 fps · 每帧 %2 ms</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>There is no chart to export yet.</source>
        <translation>暂时没有可导出的图表。</translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation>图表：</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>No finished run yet: start the scenario and let it end (or Stop it) first.</source>
        <translation>还没有结束的运行：请先开始场景并让它结束（或停止它）。</translation>
    </message>
    <message>
        <source>%1 was removed from disk; the scenario stays open — Save writes it again.</source>
        <translation>%1 已从磁盘上删除；场景仍保持打开——保存会重新写入该文件。</translation>
    </message>
    <message>
        <source>Open &amp;recording…</source>
        <translation>打开录制(&amp;R)…</translation>
    </message>
    <message>
        <source>Replay a run from its trace.json: play, step, scrub, change speed</source>
        <translation>从 trace.json 回放一次运行：播放、单步、拖动进度、调整速度</translation>
    </message>
    <message>
        <source>Open recording</source>
        <translation>打开录制</translation>
    </message>
    <message>
        <source>LoopLab traces (*.json)</source>
        <translation>LoopLab 追踪 (*.json)</translation>
    </message>
    <message>
        <source>Export report (PDF)…</source>
        <translation>导出报告 (PDF)…</translation>
    </message>
    <message>
        <source>A PDF for homework: scenario, parameters, summary metrics and one page per panel</source>
        <translation>用于作业的 PDF：场景、参数、汇总指标，每个面板一页</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Run again from the start (R or Ctrl+Shift+R)</source>
        <translation>从头重新运行 (R 或 Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>E&amp;xamples…</source>
        <translation>示例(&amp;X)…</translation>
    </message>
    <message>
        <source>Search the built-in scenarios by title, notes, lab or file name</source>
        <translation>按标题、说明、实验或文件名搜索内置场景</translation>
    </message>
    <message>
        <source>&amp;Compare A/B…</source>
        <translation>A/B 对比(&amp;C)…</translation>
    </message>
    <message>
        <source>Run the scenario twice with one parameter changed and compare the runs side by side</source>
        <translation>将场景运行两次，只改变一个参数，并排对比两次运行</translation>
    </message>
    <message>
        <source>Replay: %1</source>
        <translation>回放：%1</translation>
    </message>
    <message>
        <source>replay: %1</source>
        <translation>回放：%1</translation>
    </message>
    <message>
        <source>Nothing to report yet: start the scenario (or open a recording) first.</source>
        <translation>还没有可生成报告的内容：请先开始场景（或打开一个录制）。</translation>
    </message>
    <message>
        <source>%1 was changed on disk by another program.

Reload it? Your unsaved parameter changes would be lost; Keep mine leaves your version open (Save then overwrites the file).</source>
        <translation>%1 已被其他程序在磁盘上修改。

要重新加载吗？你未保存的参数更改将会丢失；“保留我的”会让你的版本保持打开（之后保存会覆盖该文件）。</translation>
    </message>
    <message>
        <source>%1 was changed on disk by another program.

Reload it? The run restarts with the new file; Keep mine leaves the current version open.</source>
        <translation>%1 已被其他程序在磁盘上修改。

要重新加载吗？运行将用新文件重新开始；“保留我的”会让当前版本保持打开。</translation>
    </message>
    <message>
        <source>Scenario changed on disk</source>
        <translation>场景文件已在磁盘上更改</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <source>Kept your version of %1.</source>
        <translation>已保留你的 %1 版本。</translation>
    </message>
    <message>
        <source>Cannot replay this trace</source>
        <translation>无法回放此追踪</translation>
    </message>
    <message>
        <source>%1

%2

The window still shows what it showed.</source>
        <translation>%1

%2

窗口内容保持不变。</translation>
    </message>
    <message>
        <source>The parameters the run was recorded with. Close the replay to change them and run it live.</source>
        <translation>录制这次运行时所用的参数。关闭回放即可修改参数并实时运行。</translation>
    </message>
    <message>
        <source>Replaying %1: the engine is stopped</source>
        <translation>正在回放 %1：引擎已停止</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LoopLab %1&lt;/h3&gt;&lt;p&gt;Watch concurrency happen: a real event loop, thread and process pools, queues, HTTP traffic and vector searches, measured live.&lt;/p&gt;&lt;p&gt;Threads, processes, sockets and FAISS searches are real and timed by clocks; the Python interpreter&apos;s GIL and I/O waits are emulated, and labelled so.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LoopLab %1&lt;/h3&gt;&lt;p&gt;亲眼看到并发的运行过程：真实的事件循环、线程池和进程池、队列、HTTP 请求和向量检索，全部实时测量。&lt;/p&gt;&lt;p&gt;线程、进程、套接字和 FAISS 检索都是真实运行的，时间由时钟测得；Python 解释器的 GIL 和 I/O 等待是模拟的，界面上都有标注。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Compare: LoopLab engine vs real C&amp;Python…</source>
        <translation>对比：LoopLab 引擎与真实的 C&amp;Python…</translation>
    </message>
    <message>
        <source>Run this course demo on LoopLab&apos;s engine, then the same demo as a real Python program under CPython, and compare them side by side (resources/python/pairs.json)</source>
        <translation>先用 LoopLab 引擎运行这个课程示例，再用 CPython 运行同一个示例的真实 Python 程序，并排对比两次运行（resources/python/pairs.json）</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PaintedChart</name>
    <message>
        <source>waiting for data…</source>
        <translation>等待数据…</translation>
    </message>
    <message>
        <source>time (s)</source>
        <translation>时间 (s)</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ParamEditor</name>
    <message>
        <source>↻ = changing it restarts the lab; the others change live.</source>
        <translation>↻ = 修改后实验会重启；其余参数实时生效。</translation>
    </message>
    <message>
        <source>unknown kind %1</source>
        <translation>未知类型 %1</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n item(s))</source>
        <translation>
            <numerusform>%1（%n 项）</numerusform>
        </translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove last</source>
        <translation>删除最后一项</translation>
    </message>
    <message>
        <source>Does nothing in this scenario: %1.</source>
        <translation>在本场景中不起作用：%1。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Not used in this scenario, hidden: %1</source>
        <translation>本场景用不到、已隐藏的参数：%1</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PipelineFlowView</name>
    <message>
        <source>waiting for the first items…</source>
        <translation>等待首批数据项…</translation>
    </message>
    <message>
        <source>worker serving an item</source>
        <translation>正在处理数据项的工作者</translation>
    </message>
    <message>
        <source>worker waiting on get</source>
        <translation>在 get 上等待的工作者</translation>
    </message>
    <message>
        <source>blocked on put (queue full)</source>
        <translation>阻塞在 put 上（队列已满）</translation>
    </message>
    <message>
        <source>source</source>
        <translation>数据源</translation>
    </message>
    <message>
        <source>bursts of %1 every %2</source>
        <translation>每 %2 突发 %1 个</translation>
    </message>
    <message>
        <source>%1 every %2</source>
        <translation>每 %2 %1 个</translation>
    </message>
    <message>
        <source>offers %1 (%2)</source>
        <translation>提供 %1（%2）</translation>
    </message>
    <message>
        <source>offers %1</source>
        <translation>提供 %1</translation>
    </message>
    <message>
        <source>produced %1</source>
        <translation>已生产 %1</translation>
    </message>
    <message>
        <source>1 producer coroutine</source>
        <translation>1 个生产者协程</translation>
    </message>
    <message>
        <source>1 producer thread</source>
        <translation>1 个生产者线程</translation>
    </message>
    <message>
        <source>1 producer</source>
        <translation>1 个生产者</translation>
    </message>
    <message>
        <source>%1 producer coroutines</source>
        <translation>%1 个生产者协程</translation>
    </message>
    <message>
        <source>%1 producer threads</source>
        <translation>%1 个生产者线程</translation>
    </message>
    <message>
        <source>%1 producers</source>
        <translation>%1 个生产者</translation>
    </message>
    <message>
        <source>blocked on put</source>
        <translation>阻塞在 put 上</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>阻塞</translation>
    </message>
    <message>
        <source>%1 of the time</source>
        <translation>%1 的时间</translation>
    </message>
    <message>
        <source>not blocked on put</source>
        <translation>未阻塞在 put 上</translation>
    </message>
    <message>
        <source>not blocked</source>
        <translation>未阻塞</translation>
    </message>
    <message>
        <source>%1 · %2/item%3</source>
        <translation>%1 · %2/项%3</translation>
    </message>
    <message>
        <source> (random)</source>
        <translation>（随机）</translation>
    </message>
    <message>
        <source>%1 · %2/item</source>
        <translation>%1 · %2/项</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 of %2 waiting (maxsize)</source>
        <translation>%2 个中等待 %1 个（maxsize）</translation>
    </message>
    <message>
        <source>%1 of %2 waiting</source>
        <translation>%2 个中等待 %1 个</translation>
    </message>
    <message>
        <source>%1/%2 waiting</source>
        <translation>%1/%2 等待</translation>
    </message>
    <message>
        <source>%1 waiting · unbounded (max so far %2)</source>
        <translation>%1 个等待 · 无界（迄今最多 %2）</translation>
    </message>
    <message>
        <source>%1 waiting (max %2)</source>
        <translation>%1 个等待（最多 %2）</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 个等待</translation>
    </message>
    <message>
        <source>%1 of %2 serving</source>
        <translation>%2 个中 %1 个在处理</translation>
    </message>
    <message>
        <source>%1/%2 serving</source>
        <translation>%1/%2 处理中</translation>
    </message>
    <message>
        <source>busy %1 of the time</source>
        <translation>%1 的时间在忙</translation>
    </message>
    <message>
        <source>busy %1</source>
        <translation>忙 %1</translation>
    </message>
    <message>
        <source>blocked putting into %1: %2 of the time</source>
        <translation>放入 %1 时阻塞：%2 的时间</translation>
    </message>
    <message>
        <source>blocked on put %1</source>
        <translation>阻塞在 put 上 %1</translation>
    </message>
    <message>
        <source>blocked %1</source>
        <translation>阻塞 %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>items</source>
        <translation>数据项</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>已丢弃</translation>
    </message>
    <message>
        <source>dropped %1 (%2 in all)</source>
        <translation>已丢弃 %1（共 %2）</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PipelinePanel</name>
    <message>
        <source>Pipeline: source → queues → workers</source>
        <translation>流水线：数据源 → 队列 → 工作者</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>items</source>
        <translation>数据项</translation>
    </message>
    <message>
        <source>maxsize</source>
        <translation>maxsize</translation>
    </message>
    <message>
        <source>%1 maxsize</source>
        <translation>%1 maxsize</translation>
    </message>
    <message>
        <source>Workers busy · putters blocked</source>
        <translation>工作者忙碌 · put 阻塞</translation>
    </message>
    <message>
        <source>Busy · blocked on put (dashed)</source>
        <translation>忙碌 · 阻塞在 put 上（虚线）</translation>
    </message>
    <message>
        <source>% of the time</source>
        <translation>时间占比 (%)</translation>
    </message>
    <message>
        <source>producers</source>
        <translation>生产者</translation>
    </message>
    <message>
        <source>%1 workers</source>
        <translation>%1 工作者</translation>
    </message>
    <message>
        <source>workers busy</source>
        <translation>工作者忙碌</translation>
    </message>
    <message>
        <source>%1 blocked</source>
        <translation>%1 阻塞</translation>
    </message>
    <message>
        <source>%1 blocked on put into %2</source>
        <translation>%1 放入 %2 时阻塞</translation>
    </message>
    <message>
        <source>Little&apos;s law: L = λ·W</source>
        <translation>Little 定律：L = λ·W</translation>
    </message>
    <message>
        <source>Little&apos;s law: L, λ·W (dashed)</source>
        <translation>Little 定律：L，λ·W（虚线）</translation>
    </message>
    <message>
        <source>L (measured)</source>
        <translation>L（实测）</translation>
    </message>
    <message>
        <source>λ·W</source>
        <translation>λ·W</translation>
    </message>
    <message>
        <source>%1 λ·W</source>
        <translation>%1 λ·W</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>main</source>
        <translation>主线程</translation>
    </message>
    <message>
        <source>producers: put into “%1” (full)</source>
        <translation>生产者：放入“%1”（已满）</translation>
    </message>
    <message>
        <source>%1 workers: get from “%1” (empty) or put into “%2” (full)</source>
        <translation>%1 工作者：从“%1”取（为空）或放入“%2”（已满）</translation>
    </message>
    <message>
        <source>%1 workers: get from “%1” (empty)</source>
        <translation>%1 工作者：从“%1”取（为空）</translation>
    </message>
    <message>
        <source>workers: get from their stage&apos;s queue (empty) or put into the next one (full)</source>
        <translation>工作者：从本阶段队列取（为空）或放入下一个队列（已满）</translation>
    </message>
    <message>
        <source>main: join()</source>
        <translation>主线程：join()</translation>
    </message>
    <message>
        <source>Blocked on a queue — %1</source>
        <translation>阻塞在队列上 — %1</translation>
    </message>
    <message>
        <source>Wait in “%1” (%2)</source>
        <translation>在“%1”中等待（%2）</translation>
    </message>
    <message>
        <source>Wait in the queues</source>
        <translation>在队列中的等待</translation>
    </message>
    <message>
        <source>Queue depth and maxsize</source>
        <translation>队列深度与 maxsize</translation>
    </message>
    <message>
        <source>Queue depth (unbounded queue)</source>
        <translation>队列深度（无界队列）</translation>
    </message>
    <message>
        <source>Queue depth · maxsize (dashed)</source>
        <translation>队列深度 · maxsize（虚线）</translation>
    </message>
    <message>
        <source>Queue depth (unbounded queues)</source>
        <translation>队列深度（无界队列）</translation>
    </message>
    <message>
        <source>waiting for data…</source>
        <translation>等待数据…</translation>
    </message>
    <message>
        <source>no item has left the stage yet</source>
        <translation>尚无数据项离开该阶段</translation>
    </message>
    <message>
        <source>no item done yet</source>
        <translation>尚无完成的数据项</translation>
    </message>
    <message>
        <source>L = %1 %2 λ·W = %3/s × %4 s (error %5 %)</source>
        <translation>L = %1 %2 λ·W = %3/s × %4 s（误差 %5 %）</translation>
    </message>
    <message>
        <source>L = %1 %2 %3/s × %4 s (%5 %)</source>
        <translation>L = %1 %2 %3/s × %4 s（%5 %）</translation>
    </message>
    <message>
        <source>%1 %2 %3/s × %4 s</source>
        <translation>%1 %2 %3/s × %4 s</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>事件循环</translation>
    </message>
    <message>
        <source>the GIL (emulated): who holds it</source>
        <translation>GIL（模拟）：由谁持有</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PipelineWaitView</name>
    <message>
        <source>no item has left a queue yet</source>
        <translation>尚无数据项离开队列</translation>
    </message>
    <message>
        <source>p50 (median)</source>
        <translation>p50（中位数）</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>level 0 (served first)</source>
        <translation>级别 0（最先处理）</translation>
    </message>
    <message>
        <source>level %1</source>
        <translation>级别 %1</translation>
    </message>
    <message>
        <source>p50 %1 · p99 %2 · max %3 · n = %4</source>
        <translation>p50 %1 · p99 %2 · 最大 %3 · n = %4</translation>
    </message>
    <message>
        <source>no item has left yet</source>
        <translation>尚无数据项离开</translation>
    </message>
    <message>
        <source>items (% of the row)</source>
        <translation>数据项（占该行 %）</translation>
    </message>
    <message>
        <source>items (%)</source>
        <translation>数据项 (%)</translation>
    </message>
    <message>
        <source>wait in the queue (ms), log scale</source>
        <translation>在队列中的等待 (ms)，对数刻度</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PoolGantt</name>
    <message>
        <source>no workers yet: press Start</source>
        <translation>还没有工作者：请按“开始”</translation>
    </message>
    <message>
        <source>worker processes (ProcessPoolExecutor)</source>
        <translation>工作进程（ProcessPoolExecutor）</translation>
    </message>
    <message>
        <source>worker threads (ThreadPoolExecutor)</source>
        <translation>工作线程（ThreadPoolExecutor）</translation>
    </message>
    <message>
        <source>worker processes (a new process per task)</source>
        <translation>工作进程（每个任务新建一个进程）</translation>
    </message>
    <message>
        <source>worker threads (a new thread per task)</source>
        <translation>工作线程（每个任务新建一个线程）</translation>
    </message>
    <message>
        <source>process %1</source>
        <translation>进程 %1</translation>
    </message>
    <message>
        <source>thread %1</source>
        <translation>线程 %1</translation>
    </message>
    <message>
        <source>the GIL (emulated): who holds it</source>
        <translation>GIL（模拟）：由谁持有</translation>
    </message>
    <message>
        <source>GIL holder</source>
        <translation>GIL 持有者</translation>
    </message>
    <message>
        <source>probe: a short I/O-bound request every %1</source>
        <translation>探针：每 %1 一个短小的 I/O 密集请求</translation>
    </message>
    <message>
        <source>probe</source>
        <translation>探针</translation>
    </message>
    <message>
        <source>holds the GIL, running</source>
        <translation>持有 GIL，运行中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>waiting for the GIL</source>
        <translation>等待 GIL</translation>
    </message>
    <message>
        <source>waiting for I/O</source>
        <translation>等待 I/O</translation>
    </message>
    <message>
        <source>starting a process + IPC</source>
        <translation>启动进程 + IPC</translation>
    </message>
    <message>
        <source>IPC: data through the pipe</source>
        <translation>IPC：数据经过管道</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>P</source>
        <comment>probe, one letter</comment>
        <translation>探</translation>
    </message>
    <message>
        <source>held %1 %</source>
        <translation>持有 %1 %</translation>
    </message>
    <message>
        <source>run %1 %</source>
        <translation>运行 %1 %</translation>
    </message>
    <message>
        <source>wheel: zoom · drag: pan · double-click: follow live</source>
        <translation>滚轮：缩放 · 拖动：平移 · 双击：跟随实时</translation>
    </message>
    <message>
        <source>whole window</source>
        <translation>整个窗口</translation>
    </message>
    <message>
        <source>held 100 %</source>
        <translation>持有 100 %</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>blank: nobody holds it</source>
        <translation>空白：无人持有</translation>
    </message>
    <message>
        <source>whole run</source>
        <translation>整个运行</translation>
    </message>
    <message>
        <source>worker restart</source>
        <translation>工作者重启</translation>
    </message>
    <message>
        <source>%1 shown, following the run</source>
        <translation>显示 %1，跟随运行</translation>
    </message>
    <message>
        <source>%1 shown, paused here (double-click: follow)</source>
        <translation>显示 %1，停在此处（双击：跟随）</translation>
    </message>
    <message>
        <source>Click or drag: show this part of the run</source>
        <translation>点击或拖动：显示运行的这一段</translation>
    </message>
    <message>
        <source>held by %1 for %2</source>
        <translation>被 %1 持有 %2</translation>
    </message>
    <message>
        <source>the probe</source>
        <translation>探针</translation>
    </message>
    <message>
        <source>free: nobody holds it</source>
        <translation>空闲：无人持有</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1，持续 %2</translation>
    </message>
    <message>
        <source>locks: who holds each</source>
        <translation>锁：各自由谁持有</translation>
    </message>
    <message>
        <source>starter thread: time.sleep(), then event.set()</source>
        <translation>发令线程：先 time.sleep()，再 event.set()</translation>
    </message>
    <message>
        <source>producer thread: puts items into the buffer</source>
        <translation>生产者线程：把元素放进缓冲区</translation>
    </message>
    <message>
        <source>starter</source>
        <translation>发令线程</translation>
    </message>
    <message>
        <source>producer</source>
        <translation>生产者</translation>
    </message>
    <message>
        <source>waiting for the lock</source>
        <translation>等待锁</translation>
    </message>
    <message>
        <source>blocked: waiting for %1</source>
        <translation>阻塞：等待%1</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PoolPanel</name>
    <message>
        <source>speedup</source>
        <translation>加速比</translation>
    </message>
    <message>
        <source>throughput</source>
        <translation>吞吐量</translation>
    </message>
    <message>
        <source>tasks/s</source>
        <translation>任务/秒</translation>
    </message>
    <message>
        <source>CPU per worker</source>
        <translation>每个工作者的 CPU</translation>
    </message>
    <message>
        <source>waiting for GIL</source>
        <translation>等待 GIL</translation>
    </message>
    <message>
        <source>GIL switches</source>
        <translation>GIL 切换</translation>
    </message>
    <message>
        <source>probe p99</source>
        <translation>探针 p99</translation>
    </message>
    <message>
        <source>start + IPC</source>
        <translation>启动 + IPC</translation>
    </message>
    <message>
        <source>IPC per task</source>
        <translation>每任务 IPC</translation>
    </message>
    <message>
        <source>restarts</source>
        <translation>重启次数</translation>
    </message>
    <message>
        <source>Total task time done so far divided by the wall time: how many tasks ran at once on average</source>
        <translation>至今完成的任务总耗时除以墙钟时间：平均同时运行了多少个任务</translation>
    </message>
    <message>
        <source>CPU time of the workers over wall time, mean over workers (100 % = every worker on a core all the time)</source>
        <translation>工作者的 CPU 时间除以墙钟时间，按工作者平均（100 % = 每个工作者始终占满一个核）</translation>
    </message>
    <message>
        <source>Share of the workers&apos; busy time spent wanting the GIL</source>
        <translation>工作者忙碌时间中等待 GIL 的占比</translation>
    </message>
    <message>
        <source>How often the GIL changed hands, per second of the run</source>
        <translation>GIL 每秒易手的次数</translation>
    </message>
    <message>
        <source>Mean time to start a worker process and pass the task through its pipes</source>
        <translation>启动一个工作进程并经管道传递任务的平均时间</translation>
    </message>
    <message>
        <source>Mean time a task&apos;s request and reply spent in the pipes</source>
        <translation>任务的请求与应答在管道中花费的平均时间</translation>
    </message>
    <message>
        <source>Tasks completed per second of wall time, the run so far</source>
        <translation>至今每秒墙钟时间完成的任务数</translation>
    </message>
    <message>
        <source>99th percentile of the probe&apos;s response time: how long an I/O-bound request waits for the GIL</source>
        <translation>探针响应时间的第 99 百分位：一个 I/O 密集请求要等 GIL 多久</translation>
    </message>
    <message>
        <source>Worker processes that died and were replaced (their task is lost)</source>
        <translation>退出后被替换的工作进程（其任务丢失）</translation>
    </message>
    <message>
        <source>Workers and the GIL</source>
        <translation>工作者与 GIL</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Speedup so far</source>
        <translation>至今的加速比</translation>
    </message>
    <message>
        <source>Throughput (%1 s mean)</source>
        <translation>吞吐量（%1 秒均值）</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>tasks completed</source>
        <translation>已完成任务</translation>
    </message>
    <message>
        <source>Probe latency</source>
        <translation>探针延迟</translation>
    </message>
    <message>
        <source>latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Tasks waiting in the queue</source>
        <translation>队列中等待的任务</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>queued tasks</source>
        <translation>排队的任务</translation>
    </message>
    <message>
        <source>Memory per worker process</source>
        <translation>每个工作进程的内存</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>Task latency</source>
        <translation>任务延迟</translation>
    </message>
    <message>
        <source>process %1</source>
        <translation>进程 %1</translation>
    </message>
    <message>
        <source>thread %1</source>
        <translation>线程 %1</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>each process</source>
        <translation>每个进程</translation>
    </message>
    <message>
        <source>each thread</source>
        <translation>每个线程</translation>
    </message>
    <message>
        <source>GIL limit = %1</source>
        <translation>GIL 上限 = %1</translation>
    </message>
    <message>
        <source>all cores busy = %1</source>
        <translation>所有核都忙 = %1</translation>
    </message>
    <message>
        <source>%1 × = every core busy</source>
        <translation>%1 × = 每个核都忙</translation>
    </message>
    <message>
        <source>%1 × = every worker busy</source>
        <translation>%1 × = 每个工作者都忙</translation>
    </message>
    <message>
        <source>1 × = one worker</source>
        <translation>1 × = 一个工作者</translation>
    </message>
    <message>
        <source>ceiling: %1 at a time, %2 each</source>
        <translation>上限：同时 %1 个，每个 %2</translation>
    </message>
    <message>
        <source>2 × switch interval = %1</source>
        <translation>2 × 切换间隔 = %1</translation>
    </message>
    <message>
        <source>Process start + IPC per task</source>
        <translation>每任务的进程启动 + IPC</translation>
    </message>
    <message>
        <source>IPC per task (request + reply in the pipes)</source>
        <translation>每任务 IPC（请求 + 应答经过管道）</translation>
    </message>
    <message>
        <source>IPC</source>
        <translation>IPC</translation>
    </message>
    <message>
        <source>Task latency (submit → done)</source>
        <translation>任务延迟（提交 → 完成）</translation>
    </message>
    <message>
        <source>task latency</source>
        <translation>任务延迟</translation>
    </message>
    <message>
        <source>Worker processes</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Worker threads and the GIL</source>
        <translation>工作线程与 GIL</translation>
    </message>
    <message>
        <source>Worker threads</source>
        <translation>工作线程</translation>
    </message>
    <message>
        <source>Measured: tasks done so far × one worker&apos;s time per task ÷ the batch&apos;s wall time. One worker&apos;s time per task comes from this run: a few tasks run alone on the same executor before the batch starts.</source>
        <translation>实测值：已完成任务数 × 单个工作者完成一个任务的时间 ÷ 这批任务的实际耗时。单个工作者的任务时间来自本次运行：在这批任务开始前，先在同一个执行器上逐个单独运行几个任务测得。</translation>
    </message>
    <message>
        <source>results to the caller</source>
        <translation>交给调用方的结果</translation>
    </message>
    <message>
        <source>results/s</source>
        <translation>结果/秒</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PresenterMode</name>
    <message>
        <source>&amp;Presenter mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Full screen, high contrast, large fonts and thick lines, no menus: for a projector (Ctrl+Shift+P; Esc leaves)</source>
        <translation>全屏、高对比度、大字体、粗线条、无菜单：适合投影仪（Ctrl+Shift+P；Esc 退出）</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>Fill the screen with the window (F11); in presenter mode F11 leaves presenter mode</source>
        <translation>让窗口铺满屏幕 (F11)；在演示模式中，F11 会退出演示模式</translation>
    </message>
    <message>
        <source>Leave presenter mode</source>
        <translation>退出演示模式</translation>
    </message>
    <message>
        <source>Slower (time scale up)</source>
        <translation>放慢（增大时间缩放）</translation>
    </message>
    <message>
        <source>Slow motion: the next time scale up, ×1 → ×2 → ×5 → ×10… (+); the run restarts</source>
        <translation>慢动作：切换到下一个更大的时间缩放，×1 → ×2 → ×5 → ×10…（+）；运行将重新开始</translation>
    </message>
    <message>
        <source>Faster (time scale down)</source>
        <translation>加快（减小时间缩放）</translation>
    </message>
    <message>
        <source>Back towards real time: the next time scale down, ×10 → ×5 → ×2 → ×1… (−); the run restarts</source>
        <translation>回到接近实时：切换到下一个更小的时间缩放，×10 → ×5 → ×2 → ×1…（−）；运行将重新开始</translation>
    </message>
    <message>
        <source>Presenter mode — Esc or Ctrl+Shift+P leaves · Space pauses · R restarts · + / − time scale</source>
        <translation>演示模式 — Esc 或 Ctrl+Shift+P 退出 · 空格 暂停 · R 重新开始 · + / − 时间缩放</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PythonPanel</name>
    <message>
        <source>loop lag now</source>
        <translation>当前循环延迟</translation>
    </message>
    <message>
        <source>CPU cores used</source>
        <translation>使用的 CPU 核心数</translation>
    </message>
    <message>
        <source>cores</source>
        <translation>核心</translation>
    </message>
    <message>
        <source>GIL held</source>
        <translation>GIL 被持有</translation>
    </message>
    <message>
        <source>threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <source>Event loop ticks</source>
        <translation>事件循环轮次</translation>
    </message>
    <message>
        <source>Loop lag</source>
        <translation>循环延迟</translation>
    </message>
    <message>
        <source>lag</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>loop lag</source>
        <translation>循环延迟</translation>
    </message>
    <message>
        <source>CPU and the GIL</source>
        <translation>CPU 与 GIL</translation>
    </message>
    <message>
        <source>cores / share</source>
        <translation>核心数 / 占比</translation>
    </message>
    <message>
        <source>share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Queues and tasks</source>
        <translation>队列与任务</translation>
    </message>
    <message>
        <source>count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>queue depth</source>
        <translation>队列深度</translation>
    </message>
    <message>
        <source>items</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>tasks in flight</source>
        <translation>进行中的任务</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>事件循环</translation>
    </message>
    <message>
        <source>GIL: sampled from CPython</source>
        <translation>GIL：从 CPython 中采样</translation>
    </message>
    <message>
        <source>threads (from /proc)</source>
        <translation>线程（来自 /proc）</translation>
    </message>
    <message>
        <source>worker processes (from /proc)</source>
        <translation>工作进程（来自 /proc）</translation>
    </message>
    <message>
        <source>What the program prints appears here.</source>
        <translation>程序的输出会显示在这里。</translation>
    </message>
    <message>
        <source>[LoopLab keeps the first %1 of the output; the rest is counted in output_bytes]</source>
        <translation>[LoopLab 只保留输出的前 %1；其余部分计入 output_bytes]</translation>
    </message>
    <message>
        <source>Real CPython: live edits do not apply (run again).</source>
        <translation>真实的 CPython：实时修改参数不生效（请重新运行）。</translation>
    </message>
    <message>
        <source>The program reads its parameters when it starts: edit them, then run again.</source>
        <translation>程序在启动时读取参数：修改后请重新运行。</translation>
    </message>
    <message>
        <source>CPU (cores)</source>
        <translation>CPU（核）</translation>
    </message>
    <message>
        <source>GIL held (share)</source>
        <translation>GIL 持有（占比）</translation>
    </message>
    <message>
        <source>CPU time of the whole process tree from /proc, in cores; the share of samples in which the GIL was held, read from CPython&apos;s memory</source>
        <translation>整个进程树的 CPU 时间（来自 /proc，单位为核）；GIL 被持有的采样占比（从 CPython 的内存中读取）</translation>
    </message>
    <message>
        <source>blocked: %1 puts (full) · %2 gets (empty)</source>
        <translation>阻塞：%1 次 put（队列满）· %2 次 get（队列空）</translation>
    </message>
    <message>
        <source>queue.Queue and asyncio.Queue: %1 puts waited %2 in all because the queue was full (backpressure: the consumers are slower); %3 gets waited %4 because it was empty (the producer is slower)</source>
        <translation>queue.Queue 与 asyncio.Queue：%1 次 put 因队列已满共等待了 %2（背压：消费者更慢）；%3 次 get 因队列为空共等待了 %4（生产者更慢）</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ReplayBar</name>
    <message>
        <source>&lt;b&gt;Replay:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;回放：&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>The window shows a run recorded in %1, not a live one: the engine is not running</source>
        <translation>窗口显示的是录制在 %1 中的运行，而不是实时运行：引擎没有在运行</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play the recording, or pause it (Space)</source>
        <translation>播放录制，或暂停（空格）</translation>
    </message>
    <message>
        <source>Step back one frame (33 ms of playback at the chosen speed)</source>
        <translation>后退一帧（按所选速度回放 33 ms）</translation>
    </message>
    <message>
        <source>Step forward one frame (33 ms of playback at the chosen speed)</source>
        <translation>前进一帧（按所选速度回放 33 ms）</translation>
    </message>
    <message>
        <source>Drag to any moment of the recorded run</source>
        <translation>拖动到录制运行中的任意时刻</translation>
    </message>
    <message>
        <source>Position in the recorded run / its length, in seconds of run time</source>
        <translation>在录制运行中的位置 / 总时长，以运行时间的秒数计</translation>
    </message>
    <message>
        <source>%1 s / %2 s</source>
        <translation>%1 秒 / %2 秒</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Playback speed: 1× plays the run as fast as it happened, 0.25× in slow motion</source>
        <translation>回放速度：1× 按运行实际发生的速度播放，0.25× 为慢动作</translation>
    </message>
    <message>
        <source>Close replay</source>
        <translation>关闭回放</translation>
    </message>
    <message>
        <source>End the replay and go back to the scenario that was open</source>
        <translation>结束回放，回到之前打开的场景</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ReplaySession</name>
    <message>
        <source>the whole run&apos;s distribution appears at the end of the replay</source>
        <translation>整次运行的分布会在回放结束时显示</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ScenarioDocument</name>
    <message>
        <source>no lab with id %1</source>
        <translation>没有 id 为 %1 的实验</translation>
    </message>
    <message>
        <source>time scale must be above 0 and at most 1000000, got %1</source>
        <translation>时间缩放须大于 0 且不超过 1000000，实际为 %1</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ScenarioPane</name>
    <message>
        <source>● modified</source>
        <translation>● 已修改</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>No scenario</source>
        <translation>没有场景</translation>
    </message>
    <message>
        <source>built-in: %1</source>
        <translation>内置：%1</translation>
    </message>
    <message>
        <source>unsaved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>%1 %2.%3: this parameter cannot change live — the lab restarted with the new value.</source>
        <translation>%1 %2.%3：该参数不能实时修改 — 实验已用新值重启。</translation>
    </message>
    <message>
        <source>%1 %2.%3: applied live.</source>
        <translation>%1 %2.%3：已实时生效。</translation>
    </message>
</context>
<context>
    <name>looplab::ui::StackedRateChart</name>
    <message>
        <source>t = %1 s</source>
        <translation>t = %1 秒</translation>
    </message>
</context>
<context>
    <name>looplab::ui::SweepPlot</name>
    <message>
        <source>%1 values of %2</source>
        <translation>%2 的 %1 个取值</translation>
    </message>
    <message>
        <source>latency p50</source>
        <translation>延迟 p50</translation>
    </message>
    <message>
        <source>recall@k</source>
        <translation>召回率@k</translation>
    </message>
</context>
<context>
    <name>looplab::ui::TickStrip</name>
    <message>
        <source>no ticks yet: the loop has not run</source>
        <translation>还没有循环轮次：事件循环尚未运行</translation>
    </message>
    <message>
        <source>tick (running callbacks)</source>
        <translation>轮次（运行回调）</translation>
    </message>
    <message>
        <source>blocking call</source>
        <translation>阻塞调用</translation>
    </message>
    <message>
        <source>slow callback (&gt; %1)</source>
        <translation>慢回调（&gt; %1）</translation>
    </message>
    <message>
        <source>idle (waiting in select)</source>
        <translation>空闲（在 select 中等待）</translation>
    </message>
    <message>
        <source>tick (ms, log)</source>
        <translation>轮次 (ms，对数)</translation>
    </message>
    <message>
        <source>tick</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>slow (&gt; %1)</source>
        <translation>慢回调（&gt; %1）</translation>
    </message>
    <message>
        <source>blocking</source>
        <translation>阻塞</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>older ticks not kept</source>
        <translation>更早的轮次未保留</translation>
    </message>
</context>
<context>
    <name>looplab::ui::TimeSeriesChart</name>
    <message>
        <source>time (s)</source>
        <translation>时间 (s)</translation>
    </message>
    <message>
        <source>waiting for data…</source>
        <translation>等待数据…</translation>
    </message>
    <message>
        <source>t = %1 s</source>
        <translation>t = %1 秒</translation>
    </message>
</context>
<context>
    <name>looplab::ui::TimelineWidget</name>
    <message>
        <source>no lanes yet: nothing has run</source>
        <translation>还没有泳道：尚未运行任何内容</translation>
    </message>
    <message numerus="yes">
        <source>+%n more lane(s)</source>
        <translation>
            <numerusform>+ 另外 %n 条泳道</numerusform>
        </translation>
    </message>
    <message>
        <source>Where the time went (whole run, share per state)</source>
        <translation>时间花在了哪里（整个运行，各状态占比）</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1，持续 %2</translation>
    </message>
    <message>
        <source>not kept</source>
        <translation>未保留</translation>
    </message>
</context>
<context>
    <name>looplab::ui::VectorSearchPanel</name>
    <message>
        <source>QPS</source>
        <translation>QPS</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>recall@%1</source>
        <translation>召回率@%1</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>loop lag</source>
        <translation>循环延迟</translation>
    </message>
    <message>
        <source>Queries answered per second, over the last second</source>
        <translation>每秒回答的查询数，统计最近一秒</translation>
    </message>
    <message>
        <source>Latency p50: median time from a query&apos;s arrival to its answer (last 250 ms window)</source>
        <translation>延迟 p50：从查询到达到得到答案的中位时间（最近 250 ms 窗口）</translation>
    </message>
    <message>
        <source>Latency p99: the slowest 1 % of queries take at least this long (last 250 ms window)</source>
        <translation>延迟 p99：最慢的 1 % 查询至少需要这么久（最近 250 ms 窗口）</translation>
    </message>
    <message>
        <source>Share of the true %1 nearest neighbours found, over the last 64 checked answers (exact answers from a flat search); 1.0 is exact</source>
        <translation>找到的真实 %1 个最近邻所占的比例，统计最近 64 个经过核对的答案（精确答案来自 flat 暴力检索）；1.0 表示完全精确</translation>
    </message>
    <message>
        <source>Batch size: queries answered by the last executor call; batching raises it</source>
        <translation>批大小：上一次执行器调用所回答的查询数；批处理会提高它</translation>
    </message>
    <message>
        <source>How late the event loop&apos;s heartbeat ran: a search on the loop blocks it</source>
        <translation>事件循环心跳延迟了多久：在事件循环上执行检索会阻塞它</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>吞吐量</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <source>Latency percentiles</source>
        <translation>延迟百分位</translation>
    </message>
    <message>
        <source>latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Batches and queue</source>
        <translation>批次与队列</translation>
    </message>
    <message>
        <source>queries</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>waiting for the executor</source>
        <translation>等待执行器</translation>
    </message>
    <message>
        <source>in flight</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Event loop lag</source>
        <translation>事件循环延迟</translation>
    </message>
    <message>
        <source>lag</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Recall@%1</source>
        <translation>召回率 recall@%1</translation>
    </message>
    <message>
        <source>Event loop and executor</source>
        <translation>事件循环与执行器</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>事件循环</translation>
    </message>
    <message>
        <source>executor threads (FAISS calls)</source>
        <translation>执行器线程（FAISS 调用）</translation>
    </message>
    <message>
        <source>index build</source>
        <translation>索引构建</translation>
    </message>
    <message>
        <source>Query latency</source>
        <translation>查询延迟</translation>
    </message>
    <message>
        <source>Time per FAISS call</source>
        <translation>每次 FAISS 调用的耗时</translation>
    </message>
    <message>
        <source>search call</source>
        <translation>检索调用</translation>
    </message>
    <message>
        <source>Recall against latency</source>
        <translation>召回率与延迟</translation>
    </message>
    <message>
        <source>stopped by the user</source>
        <translation>被用户停止</translation>
    </message>
    <message>
        <source>Stop sweep</source>
        <translation>停止扫描</translation>
    </message>
    <message>
        <source>Stop the sweep and put %1 back to its value before the sweep</source>
        <translation>停止扫描，并把 %1 恢复为扫描前的值</translation>
    </message>
    <message>
        <source>%1 = %2 · step %3 of %4 · %5 s left in this step</source>
        <translation>%1 = %2 · 第 %3 / %4 步 · 本步还剩 %5 秒</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Sweep %1</source>
        <translation>扫描 %1</translation>
    </message>
    <message>
        <source>This lab&apos;s index is an exact search: there is no nprobe or ef_search to trade for speed</source>
        <translation>本实验的索引是精确检索：没有可用来换取速度的 nprobe 或 ef_search</translation>
    </message>
    <message>
        <source>Sweeps need an approximate index (ivf: nprobe, hnsw: ef_search).</source>
        <translation>扫描需要近似索引（ivf：nprobe，hnsw：ef_search）。</translation>
    </message>
    <message>
        <source>index “%1” is exact: recall is always 1</source>
        <translation>索引“%1”是精确的：召回率始终为 1</translation>
    </message>
    <message>
        <source>Sets %1 live to %2, %3 s each (about %4 s), and plots the recall@k and latency p50 measured at each value; then puts the original value back. Each step is an ordinary parameter edit (undoable).</source>
        <translation>在运行中依次把 %1 设为 %2，每个值 %3 秒（共约 %4 秒），并绘制在每个值下测得的 recall@k 和延迟 p50；之后恢复原值。每一步都是普通的参数编辑（可撤销）。</translation>
    </message>
    <message>
        <source>Live sweep of %1: %2 (%3 s each)</source>
        <translation>%1 的实时扫描：%2（每个值 %3 秒）</translation>
    </message>
    <message>
        <source>Start the run to sweep %1.</source>
        <translation>开始运行后才能扫描 %1。</translation>
    </message>
    <message>
        <source>Press “Sweep %1” to measure recall and latency at %1 = %2 (about %3 s of the run)</source>
        <translation>按“扫描 %1”测量 %1 = %2 时的召回率和延迟（约占运行 %3 秒）</translation>
    </message>
    <message>
        <source>the run ended</source>
        <translation>运行已结束</translation>
    </message>
    <message>
        <source>the GIL (emulated): who holds it</source>
        <translation>GIL（模拟）：由谁持有</translation>
    </message>
</context>
<context>
    <name>looplab::ui::compare::CompareRunner</name>
    <message>
        <source>a comparison is already running</source>
        <translation>已有一个对比正在运行</translation>
    </message>
    <message>
        <source>value A: %1</source>
        <translation>取值 A：%1</translation>
    </message>
    <message>
        <source>value B: %1</source>
        <translation>取值 B：%1</translation>
    </message>
    <message>
        <source>the run produced no result</source>
        <translation>本次运行没有产生结果</translation>
    </message>
    <message>
        <source>run A failed: %1</source>
        <translation>运行 A 失败：%1</translation>
    </message>
    <message>
        <source>run B failed: %1</source>
        <translation>运行 B 失败：%1</translation>
    </message>
</context>
<context>
    <name>looplab::ui::compare::CompareTableModel</name>
    <message>
        <source>Higher is better.</source>
        <translation>越高越好。</translation>
    </message>
    <message>
        <source>Lower is better.</source>
        <translation>越低越好。</translation>
    </message>
    <message>
        <source>Neither direction is better in general: read it with the charts.</source>
        <translation>一般而言没有哪个方向更好：请结合图表解读。</translation>
    </message>
    <message>
        <source>No ratio: A is 0 or a value is missing.</source>
        <translation>无比值：A 为 0 或缺少某个值。</translation>
    </message>
    <message>
        <source>B did better than A.</source>
        <translation>B 优于 A。</translation>
    </message>
    <message>
        <source>B did worse than A.</source>
        <translation>B 不如 A。</translation>
    </message>
    <message>
        <source>Within 2 %: the same, up to run-to-run noise.</source>
        <translation>相差在 2 % 以内：视为相同，差异属于运行间的噪声。</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>A：%1</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>B: %1</source>
        <translation>B：%1</translation>
    </message>
    <message>
        <source>B / A</source>
        <translation>B / A</translation>
    </message>
    <message>
        <source>The summary metric (summary.json&apos;s name) and its unit</source>
        <translation>汇总指标（summary.json 中的名称）及其单位</translation>
    </message>
    <message>
        <source>Variant A&apos;s value</source>
        <translation>变体 A 的值</translation>
    </message>
    <message>
        <source>Variant B&apos;s value</source>
        <translation>变体 B 的值</translation>
    </message>
    <message>
        <source>B divided by A; green where B did better, red where it did worse (when the metric has a better direction)</source>
        <translation>B 除以 A；B 更好时为绿色，更差时为红色（当该指标有更优方向时）</translation>
    </message>
    <message>
        <source>A is LoopLab&apos;s emulation, B the real program under CPython: B/A near 1 means they agree (make fidelity&apos;s tolerance is ±10 %).</source>
        <translation>A 是 LoopLab 的模拟，B 是在 CPython 下运行的真实程序：B/A 接近 1 表示两者一致（make fidelity 的容差为 ±10 %）。</translation>
    </message>
</context>
<context>
    <name>looplab::ui::compare::CompareWindow</name>
    <message>
        <source>Compare A/B — %1</source>
        <translation>A/B 对比 — %1</translation>
    </message>
    <message>
        <source>A runs first, then B</source>
        <translation>先运行 A，再运行 B</translation>
    </message>
    <message>
        <source>Choose a parameter and two values, then press “Run A, then B”.</source>
        <translation>选择一个参数和两个取值，然后按“先运行 A，再运行 B”。</translation>
    </message>
    <message>
        <source>The two runs will appear here side by side, A on the left and B on the right, with the same time axis.</source>
        <translation>两次运行将在这里并排显示，A 在左，B 在右，使用相同的时间轴。</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>The summary metrics of both runs (summary.json), B divided by A</source>
        <translation>两次运行的汇总指标 (summary.json)，B 除以 A</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:%1&quot;&gt;■&lt;/span&gt; B did better &amp;nbsp; &lt;span style=&quot;color:%2&quot;&gt;■&lt;/span&gt; B did worse &amp;nbsp; &lt;b&gt;bold&lt;/b&gt;: the better value &amp;nbsp; uncoloured: no better direction, or within 2 %</source>
        <translation>&lt;span style=&quot;color:%1&quot;&gt;■&lt;/span&gt; B 更好 &amp;nbsp; &lt;span style=&quot;color:%2&quot;&gt;■&lt;/span&gt; B 更差 &amp;nbsp; &lt;b&gt;粗体&lt;/b&gt;：较好的值 &amp;nbsp; 无颜色：没有更优方向，或相差在 2 % 以内</translation>
    </message>
    <message>
        <source>Throughput and speedup: higher is better; latency, lag and waits: lower is better</source>
        <translation>吞吐量和加速比：越高越好；延迟、循环延迟和等待时间：越低越好</translation>
    </message>
    <message>
        <source>Export picture (PNG)…</source>
        <translation>导出图片 (PNG)…</translation>
    </message>
    <message>
        <source>Save this window — both runs and the table — as a PNG image</source>
        <translation>把此窗口（两次运行和表格）保存为 PNG 图片</translation>
    </message>
    <message>
        <source>Export table (CSV)…</source>
        <translation>导出表格 (CSV)…</translation>
    </message>
    <message>
        <source>Save the metrics table (A, B, B/A) as CSV for a spreadsheet</source>
        <translation>把指标表（A、B、B/A）保存为 CSV，供电子表格使用</translation>
    </message>
    <message>
        <source>Export comparison picture</source>
        <translation>导出对比图片</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export comparison table</source>
        <translation>导出对比表格</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>What to compare</source>
        <translation>对比内容</translation>
    </message>
    <message>
        <source>The one parameter that differs between run A and run B</source>
        <translation>运行 A 与运行 B 之间唯一不同的参数</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>How long each run lasts at most (scenario time); a run whose work is done ends sooner</source>
        <translation>每次运行最多持续多久（场景时间）；工作已完成的运行会提前结束</translation>
    </message>
    <message>
        <source>Run A, then B</source>
        <translation>先运行 A，再运行 B</translation>
    </message>
    <message>
        <source>Run variant A, then variant B, one after the other so each has the whole machine</source>
        <translation>先运行变体 A，再运行变体 B，依次进行，让每次运行独占整台机器</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Abandon the comparison</source>
        <translation>放弃本次对比</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>The value of run A</source>
        <translation>运行 A 的取值</translation>
    </message>
    <message>
        <source>The value of run B</source>
        <translation>运行 B 的取值</translation>
    </message>
    <message>
        <source>Each run</source>
        <translation>每次运行</translation>
    </message>
    <message>
        <source>A runs first, then B — never both at once: two CPU-bound runs side by side would slow each other down and the comparison would measure that instead.</source>
        <translation>先运行 A，再运行 B——绝不同时运行：两个 CPU 密集的运行同时进行会互相拖慢，对比测到的就会是这种干扰。</translation>
    </message>
    <message>
        <source>this scenario has no parameter to compare</source>
        <translation>此场景没有可对比的参数</translation>
    </message>
    <message>
        <source>Cannot run: %1</source>
        <translation>无法运行：%1</translation>
    </message>
    <message>
        <source>running %1 (%2): %3 / %4 s</source>
        <translation>正在运行 %1（%2）：%3 / %4 秒</translation>
    </message>
    <message>
        <source>Done: A (%1) ran %2 s, B (%3) ran %4 s.</source>
        <translation>完成：A（%1）运行了 %2 秒，B（%3）运行了 %4 秒。</translation>
    </message>
    <message>
        <source>ran %1 s</source>
        <translation>运行了 %1 秒</translation>
    </message>
    <message>
        <source>Run A</source>
        <translation>运行 A</translation>
    </message>
    <message>
        <source>Run B</source>
        <translation>运行 B</translation>
    </message>
    <message numerus="yes">
        <source>%n metric(s) that are 0 in both runs are not listed.</source>
        <translation>
            <numerusform>%n 个在两次运行中都为 0 的指标未列出。</numerusform>
        </translation>
    </message>
    <message>
        <source>Compare two values of one parameter, or LoopLab&apos;s emulation of this course demo against the real program under CPython</source>
        <translation>对比一个参数的两个取值，或者对比 LoopLab 对这个课程示例的模拟与在 CPython 下运行的真实程序</translation>
    </message>
    <message>
        <source>one parameter</source>
        <translation>一个参数</translation>
    </message>
    <message>
        <source>LoopLab engine vs real CPython (%1)</source>
        <translation>LoopLab 引擎与真实的 CPython（%1）</translation>
    </message>
    <message>
        <source>A: %1 on LoopLab&apos;s engine; B: %2 under /usr/bin/python3 with the probe%3</source>
        <translation>A：%1 在 LoopLab 引擎上运行；B：%2 在 /usr/bin/python3 下带探针运行%3</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>this scenario has no CPython pair %1</source>
        <translation>这个场景没有第 %1 个 CPython 配对</translation>
    </message>
    <message>
        <source>Cannot load the pair: %1</source>
        <translation>无法加载配对：%1</translation>
    </message>
    <message>
        <source>A runs %1 on LoopLab&apos;s engine, then B runs %2 under real CPython; each as long as its own scenario (a program ends when it is done).</source>
        <translation>A 在 LoopLab 引擎上运行 %1，然后 B 在真实的 CPython 下运行 %2；各自按自己场景的时长运行（程序完成即结束）。</translation>
    </message>
    <message>
        <source> vs %1 — %2</source>
        <translation> 对比 %1 — %2</translation>
    </message>
    <message>
        <source>A: LoopLab&apos;s emulation, B: the real program under CPython. Only the metrics both measure; B / A near 1: they agree (make fidelity: ±10 %).</source>
        <translation>A：LoopLab 的模拟，B：在 CPython 下运行的真实程序。只列出两者都测量的指标；B / A 接近 1：两者一致（make fidelity：±10 %）。</translation>
    </message>
</context>
</TS>
