<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ApiLab</name>
    <message>
        <source>serving on http://127.0.0.1:%1 — %2 answered</source>
        <translation>serving on http://127.0.0.1:%1 — %2 answered</translation>
    </message>
    <message>
        <source>load on %1 — %2 answered, %3 errors</source>
        <translation>load on %1 — %2 answered, %3 errors</translation>
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
            <numerusform>%1  +%n more</numerusform>
            <numerusform>%1  +%n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Compare</name>
    <message>
        <source>--compare: expected LAB.PARAM=A,B, got &quot;%1&quot;</source>
        <translation>--compare: expected LAB.PARAM=A,B, got &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--compare: expected two values A,B after &quot;=&quot;, got &quot;%1&quot;</source>
        <translation>--compare: expected two values A,B after &quot;=&quot;, got &quot;%1&quot;</translation>
    </message>
    <message>
        <source>LoopLab engine</source>
        <translation>LoopLab engine</translation>
    </message>
    <message>
        <source>real CPython: %1</source>
        <translation>real CPython: %1</translation>
    </message>
</context>
<context>
    <name>EventLoopLab</name>
    <message>
        <source>%1/%2 tasks done</source>
        <translation>%1/%2 tasks done</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>nothing to save: the image is empty</source>
        <translation>nothing to save: the image is empty</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>cannot write %1: %2</translation>
    </message>
    <message>
        <source>cannot encode PNG for %1</source>
        <translation>cannot encode PNG for %1</translation>
    </message>
    <message>
        <source>no window to save</source>
        <translation>no window to save</translation>
    </message>
    <message>
        <source>no chart to save</source>
        <translation>no chart to save</translation>
    </message>
    <message>
        <source>cannot start the SVG for %1</source>
        <translation>cannot start the SVG for %1</translation>
    </message>
</context>
<context>
    <name>LaneState</name>
    <message>
        <source>idle</source>
        <translation>idle</translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>waiting for the GIL</source>
        <translation>waiting for the GIL</translation>
    </message>
    <message>
        <source>awaiting I/O</source>
        <translation>awaiting I/O</translation>
    </message>
    <message>
        <source>blocked on a queue</source>
        <translation>blocked on a queue</translation>
    </message>
    <message>
        <source>IPC with a process</source>
        <translation>IPC with a process</translation>
    </message>
    <message>
        <source>blocking call</source>
        <translation>blocking call</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Follow the system&apos;s language (Chinese locales: 简体中文; others: English)</source>
        <translation>Follow the system&apos;s language (Chinese locales: 简体中文; others: English)</translation>
    </message>
</context>
<context>
    <name>ParamEditor</name>
    <message>
        <source>range %1 … %2 %3</source>
        <translation>range %1 … %2 %3</translation>
    </message>
    <message>
        <source>one of: %1</source>
        <translation>one of: %1</translation>
    </message>
    <message>
        <source>changes live while the lab runs</source>
        <translation>changes live while the lab runs</translation>
    </message>
    <message>
        <source>changing it restarts the lab</source>
        <translation>changing it restarts the lab</translation>
    </message>
    <message>
        <source>%1 is not %2</source>
        <translation>%1 is not %2</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1 is %2</translation>
    </message>
    <message>
        <source>%1 is set</source>
        <translation>%1 is set</translation>
    </message>
</context>
<context>
    <name>ParameterSweep</name>
    <message>
        <source>the run restarted</source>
        <translation>the run restarted</translation>
    </message>
    <message numerus="yes">
        <source>done: %n values measured</source>
        <translation>
            <numerusform>done: %n values measured</numerusform>
            <numerusform>done: %n values measured</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped: %1</source>
        <translation>stopped: %1</translation>
    </message>
</context>
<context>
    <name>PipelineLab</name>
    <message>
        <source>%1 of %2 producers blocked</source>
        <translation>%1 of %2 producers blocked</translation>
    </message>
    <message>
        <source>%1 done</source>
        <translation>%1 done</translation>
    </message>
</context>
<context>
    <name>PipelinePanel</name>
    <message>
        <source>%1 /s</source>
        <translation>%1 /s</translation>
    </message>
    <message>
        <source>LIFO</source>
        <translation>LIFO</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>priority</translation>
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
        <translation>the RLock</translation>
    </message>
    <message>
        <source>the event</source>
        <translation>the event</translation>
    </message>
    <message>
        <source>the condition</source>
        <translation>the condition</translation>
    </message>
    <message>
        <source>the semaphore</source>
        <translation>the semaphore</translation>
    </message>
    <message>
        <source>a lock</source>
        <translation>a lock</translation>
    </message>
</context>
<context>
    <name>PoolLab</name>
    <message>
        <source>%1 processes</source>
        <translation>%1 processes</translation>
    </message>
    <message>
        <source>%1 threads (%2)</source>
        <translation>%1 threads (%2)</translation>
    </message>
    <message>
        <source>%1: %2/%3 tasks</source>
        <translation>%1: %2/%3 tasks</translation>
    </message>
    <message>
        <source>, %1 failed</source>
        <translation>, %1 failed</translation>
    </message>
    <message>
        <source>, %1 worker restarts</source>
        <translation>, %1 worker restarts</translation>
    </message>
    <message>
        <source>, lock %1, count %2 of %3</source>
        <translation>, lock %1, count %2 of %3</translation>
    </message>
    <message>
        <source>%1: measuring one worker&apos;s time per task (%2 tasks, one at a time)</source>
        <translation>%1: measuring one worker&apos;s time per task (%2 tasks, one at a time)</translation>
    </message>
    <message>
        <source>, RLock taken %1 times re-entrantly</source>
        <translation>, RLock taken %1 times re-entrantly</translation>
    </message>
    <message>
        <source>, event set</source>
        <translation>, event set</translation>
    </message>
    <message>
        <source>, waiting for the event</source>
        <translation>, waiting for the event</translation>
    </message>
    <message>
        <source>, produced %1, consumed %2, buffer %3/%4</source>
        <translation>, produced %1, consumed %2, buffer %3/%4</translation>
    </message>
    <message>
        <source>, %1 of %2 semaphore holders</source>
        <translation>, %1 of %2 semaphore holders</translation>
    </message>
    <message>
        <source>deadlock: thread %1</source>
        <translation>deadlock: thread %1</translation>
    </message>
    <message>
        <source> waits for lock %1 held by thread %2</source>
        <translation> waits for lock %1 held by thread %2</translation>
    </message>
    <message>
        <source>, which waits for lock %1 held by thread %2</source>
        <translation>, which waits for lock %1 held by thread %2</translation>
    </message>
</context>
<context>
    <name>PoolPanel</name>
    <message>
        <source>worker restarted (dead pid %1)</source>
        <translation>worker restarted (dead pid %1)</translation>
    </message>
</context>
<context>
    <name>ScenarioDocument</name>
    <message>
        <source>set %1.%2</source>
        <translation>set %1.%2</translation>
    </message>
    <message>
        <source>set time scale ×%1</source>
        <translation>set time scale ×%1</translation>
    </message>
</context>
<context>
    <name>SearchLab</name>
    <message>
        <source>generating %1×%2 synthetic vectors…</source>
        <translation>generating %1×%2 synthetic vectors…</translation>
    </message>
    <message>
        <source>loading %1…</source>
        <translation>loading %1…</translation>
    </message>
    <message>
        <source>copying %1 to the GPU…</source>
        <translation>copying %1 to the GPU…</translation>
    </message>
    <message>
        <source>building the %1 index…</source>
        <translation>building the %1 index…</translation>
    </message>
    <message>
        <source>computing exact neighbours of %1 sample queries for recall@%2…</source>
        <translation>computing exact neighbours of %1 sample queries for recall@%2…</translation>
    </message>
    <message>
        <source>, %1 executor worker(s) × %2 OpenMP thread(s)</source>
        <translation>, %1 executor worker(s) × %2 OpenMP thread(s)</translation>
    </message>
    <message>
        <source>; index loaded from cache in %1 s</source>
        <translation>; index loaded from cache in %1 s</translation>
    </message>
    <message>
        <source>; index built in %1 s</source>
        <translation>; index built in %1 s</translation>
    </message>
    <message>
        <source>training k-means</source>
        <translation>training k-means</translation>
    </message>
    <message>
        <source>looking in the cache</source>
        <translation>looking in the cache</translation>
    </message>
    <message>
        <source>adding vectors</source>
        <translation>adding vectors</translation>
    </message>
    <message>
        <source>building the %1 index: %2 % (%3)</source>
        <translation>building the %1 index: %2 % (%3)</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>candidates</source>
        <translation>candidates</translation>
    </message>
    <message>
        <source>cells</source>
        <translation>cells</translation>
    </message>
    <message>
        <source>clients</source>
        <translation>clients</translation>
    </message>
    <message>
        <source>clusters</source>
        <translation>clusters</translation>
    </message>
    <message>
        <source>connections</source>
        <translation>connections</translation>
    </message>
    <message>
        <source>cores</source>
        <translation>cores</translation>
    </message>
    <message>
        <source>dims</source>
        <translation>dims</translation>
    </message>
    <message>
        <source>events</source>
        <translation>events</translation>
    </message>
    <message>
        <source>items</source>
        <translation>items</translation>
    </message>
    <message>
        <source>keys</source>
        <translation>keys</translation>
    </message>
    <message>
        <source>levels</source>
        <translation>levels</translation>
    </message>
    <message>
        <source>links</source>
        <translation>links</translation>
    </message>
    <message>
        <source>neighbours</source>
        <translation>neighbours</translation>
    </message>
    <message>
        <source>queries</source>
        <translation>queries</translation>
    </message>
    <message>
        <source>ratio</source>
        <translation>ratio</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>requests</translation>
    </message>
    <message>
        <source>retries</source>
        <translation>retries</translation>
    </message>
    <message>
        <source>rounds</source>
        <translation>rounds</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>tasks</translation>
    </message>
    <message>
        <source>threads</source>
        <translation>threads</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>tokens</translation>
    </message>
    <message>
        <source>users</source>
        <translation>users</translation>
    </message>
    <message>
        <source>vectors</source>
        <translation>vectors</translation>
    </message>
    <message>
        <source>workers</source>
        <translation>workers</translation>
    </message>
</context>
<context>
    <name>looplab::labs::PythonLab</name>
    <message>
        <source>ended by signal %1</source>
        <translation>ended by signal %1</translation>
    </message>
    <message>
        <source>exited with %1</source>
        <translation>exited with %1</translation>
    </message>
    <message>
        <source>running (live parameter edits do not apply)</source>
        <translation>running (live parameter edits do not apply)</translation>
    </message>
    <message>
        <source>GIL: %1</source>
        <translation>GIL: %1</translation>
    </message>
    <message>
        <source>no asyncio event loop ran: loop metrics are null</source>
        <translation>no asyncio event loop ran: loop metrics are null</translation>
    </message>
    <message>
        <source>the probe sent nothing</source>
        <translation>the probe sent nothing</translation>
    </message>
    <message>
        <source>the probe dropped %1 records</source>
        <translation>the probe dropped %1 records</translation>
    </message>
</context>
<context>
    <name>looplab::ui</name>
    <message>
        <source>slow callback %1</source>
        <translation>slow callback %1</translation>
    </message>
    <message>
        <source>blocking call began (%1)</source>
        <translation>blocking call began (%1)</translation>
    </message>
    <message>
        <source>blocking call began</source>
        <translation>blocking call began</translation>
    </message>
    <message>
        <source>parameter changed</source>
        <translation>parameter changed</translation>
    </message>
    <message>
        <source>worker restarted (pid %1)</source>
        <translation>worker restarted (pid %1)</translation>
    </message>
    <message>
        <source>index ready</source>
        <translation>index ready</translation>
    </message>
    <message>
        <source>no GPU: searching on the CPU</source>
        <translation>no GPU: searching on the CPU</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ApiPanel</name>
    <message>
        <source>req/s</source>
        <translation>req/s</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>requests</translation>
    </message>
    <message>
        <source>served now</source>
        <translation>served now</translation>
    </message>
    <message>
        <source>429 now</source>
        <translation>429 now</translation>
    </message>
    <message>
        <source>latency p99</source>
        <translation>latency p99</translation>
    </message>
    <message>
        <source>loop lag p99</source>
        <translation>loop lag p99</translation>
    </message>
    <message>
        <source>Requests per second (mean over %1 s)</source>
        <translation>Requests per second (mean over %1 s)</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>rate</translation>
    </message>
    <message>
        <source>offered</source>
        <translation>offered</translation>
    </message>
    <message>
        <source>served 2xx/3xx</source>
        <translation>served 2xx/3xx</translation>
    </message>
    <message>
        <source>rejected 429</source>
        <translation>rejected 429</translation>
    </message>
    <message>
        <source>other 4xx</source>
        <translation>other 4xx</translation>
    </message>
    <message>
        <source>5xx</source>
        <translation>5xx</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>no answer</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>timed out</translation>
    </message>
    <message>
        <source>Latency (from intended send)</source>
        <translation>Latency (from intended send)</translation>
    </message>
    <message>
        <source>latency</source>
        <translation>latency</translation>
    </message>
    <message>
        <source>Answers by status</source>
        <translation>Answers by status</translation>
    </message>
    <message>
        <source>4xx</source>
        <translation>4xx</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation>Requests in flight</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>sent</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>queued</translation>
    </message>
    <message>
        <source>at server</source>
        <translation>at server</translation>
    </message>
    <message>
        <source>Token bucket</source>
        <translation>Token bucket</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>tokens</translation>
    </message>
    <message>
        <source>tokens in the bucket</source>
        <translation>tokens in the bucket</translation>
    </message>
    <message>
        <source>DB busy</source>
        <translation>DB busy</translation>
    </message>
    <message>
        <source>connections</source>
        <translation>connections</translation>
    </message>
    <message>
        <source>DB connections busy</source>
        <translation>DB connections busy</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>busy</translation>
    </message>
    <message>
        <source>Waiting for a DB connection</source>
        <translation>Waiting for a DB connection</translation>
    </message>
    <message>
        <source>requests waiting</source>
        <translation>requests waiting</translation>
    </message>
    <message>
        <source>Time to get a DB connection</source>
        <translation>Time to get a DB connection</translation>
    </message>
    <message>
        <source>wait</source>
        <translation>wait</translation>
    </message>
    <message>
        <source>Cache hit ratio</source>
        <translation>Cache hit ratio</translation>
    </message>
    <message>
        <source>hits</source>
        <translation>hits</translation>
    </message>
    <message>
        <source>hit ratio</source>
        <translation>hit ratio</translation>
    </message>
    <message>
        <source>Server loop lag</source>
        <translation>Server loop lag</translation>
    </message>
    <message>
        <source>lag</source>
        <translation>lag</translation>
    </message>
    <message>
        <source>%1: asyncio&apos;s slow-callback warning</source>
        <translation>%1: asyncio&apos;s slow-callback warning</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>server event loop</source>
        <translation>server event loop</translation>
    </message>
    <message>
        <source>DB connections (busy during a query)</source>
        <translation>DB connections (busy during a query)</translation>
    </message>
    <message>
        <source>to_thread workers</source>
        <translation>to_thread workers</translation>
    </message>
    <message>
        <source>rate limiter (server.rate_limit)</source>
        <translation>rate limiter (server.rate_limit)</translation>
    </message>
    <message>
        <source>database pool (server.db)</source>
        <translation>database pool (server.db)</translation>
    </message>
    <message>
        <source>cache (server.cache)</source>
        <translation>cache (server.cache)</translation>
    </message>
    <message>
        <source>Not in this scenario, so not shown: %1.</source>
        <translation>Not in this scenario, so not shown: %1.</translation>
    </message>
    <message>
        <source>The load goes to %1, not to the lab&apos;s own server: its loop lag, rate limiter, database pool, cache and timeline are not measured here.</source>
        <translation>The load goes to %1, not to the lab&apos;s own server: its loop lag, rate limiter, database pool, cache and timeline are not measured here.</translation>
    </message>
    <message>
        <source>bucket size (burst) %1</source>
        <translation>bucket size (burst) %1</translation>
    </message>
    <message>
        <source>Rate-limit window</source>
        <translation>Rate-limit window</translation>
    </message>
    <message>
        <source>requests left</source>
        <translation>requests left</translation>
    </message>
    <message>
        <source>limit per window %1</source>
        <translation>limit per window %1</translation>
    </message>
    <message>
        <source>pool size %1</source>
        <translation>pool size %1</translation>
    </message>
    <message>
        <source>timeout %1 → 503</source>
        <translation>timeout %1 → 503</translation>
    </message>
    <message>
        <source>client connections %1</source>
        <translation>client connections %1</translation>
    </message>
    <message>
        <source>timeout %1</source>
        <translation>timeout %1</translation>
    </message>
    <message>
        <source>Click p50, p95 or p99 to show or hide it</source>
        <translation>Click p50, p95 or p99 to show or hide it</translation>
    </message>
    <message>
        <source>the GIL (emulated): who holds it</source>
        <translation>the GIL (emulated): who holds it</translation>
    </message>
</context>
<context>
    <name>looplab::ui::EventLoopPanel</name>
    <message>
        <source>loop lag now</source>
        <translation>loop lag now</translation>
    </message>
    <message>
        <source>tasks in flight</source>
        <translation>tasks in flight</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>tasks</translation>
    </message>
    <message>
        <source>resumptions per tick</source>
        <translation>resumptions per tick</translation>
    </message>
    <message>
        <source>loop ticks per second</source>
        <translation>loop ticks per second</translation>
    </message>
    <message>
        <source>Event loop ticks</source>
        <translation>Event loop ticks</translation>
    </message>
    <message>
        <source>Loop lag</source>
        <translation>Loop lag</translation>
    </message>
    <message>
        <source>lag</source>
        <translation>lag</translation>
    </message>
    <message>
        <source>loop lag</source>
        <translation>loop lag</translation>
    </message>
    <message>
        <source>Tasks in flight and resumptions</source>
        <translation>Tasks in flight and resumptions</translation>
    </message>
    <message>
        <source>count</source>
        <translation>count</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Throughput</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>rate</translation>
    </message>
    <message>
        <source>loop ticks</source>
        <translation>loop ticks</translation>
    </message>
    <message>
        <source>tasks completed</source>
        <translation>tasks completed</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>event loop</translation>
    </message>
    <message>
        <source>executor</source>
        <translation>executor</translation>
    </message>
    <message>
        <source>Task latency</source>
        <translation>Task latency</translation>
    </message>
    <message>
        <source>task latency</source>
        <translation>task latency</translation>
    </message>
    <message>
        <source>Loop lag distribution</source>
        <translation>Loop lag distribution</translation>
    </message>
    <message>
        <source>slow callback threshold %1</source>
        <translation>slow callback threshold %1</translation>
    </message>
    <message>
        <source>the GIL (emulated): who holds it</source>
        <translation>the GIL (emulated): who holds it</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ExamplesDialog</name>
    <message>
        <source>Examples</source>
        <translation>Examples</translation>
    </message>
    <message>
        <source>Search titles, notes, labs and file names (e.g. “GIL”, “nprobe”, “阻塞”)</source>
        <translation>Search titles, notes, labs and file names (e.g. “GIL”, “nprobe”, “阻塞”)</translation>
    </message>
    <message>
        <source>Every word must occur in the scenario&apos;s title, notes, lab kind or file name; case does not matter</source>
        <translation>Every word must occur in the scenario&apos;s title, notes, lab kind or file name; case does not matter</translation>
    </message>
    <message>
        <source>Built-in scenarios; double-click one to open it</source>
        <translation>Built-in scenarios; double-click one to open it</translation>
    </message>
    <message>
        <source>Open the selected scenario (Enter)</source>
        <translation>Open the selected scenario (Enter)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>No built-in scenario matches “%1”.</source>
        <translation>No built-in scenario matches “%1”.</translation>
    </message>
    <message>
        <source>There are no built-in scenarios.</source>
        <translation>There are no built-in scenarios.</translation>
    </message>
</context>
<context>
    <name>looplab::ui::GaugeBar</name>
    <message>
        <source>of %1</source>
        <translation>of %1</translation>
    </message>
</context>
<context>
    <name>looplab::ui::GenericPanel</name>
    <message>
        <source>Waiting for the first measurements of lab “%1”…</source>
        <translation>Waiting for the first measurements of lab “%1”…</translation>
    </message>
    <message>
        <source>Timeline: %1</source>
        <translation>Timeline: %1</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>%1 percentiles</source>
        <translation>%1 percentiles</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>value</source>
        <translation>value</translation>
    </message>
    <message>
        <source>Lab “%1” has declared no series, lanes or histograms yet.</source>
        <translation>Lab “%1” has declared no series, lanes or histograms yet.</translation>
    </message>
</context>
<context>
    <name>looplab::ui::HistogramView</name>
    <message>
        <source>no samples yet</source>
        <translation>no samples yet</translation>
    </message>
    <message>
        <source>n = %1 · mean %2 · max %3</source>
        <translation>n = %1 · mean %2 · max %3</translation>
    </message>
    <message>
        <source>n = %1 · max %2</source>
        <translation>n = %1 · max %2</translation>
    </message>
    <message>
        <source>n = %1</source>
        <translation>n = %1</translation>
    </message>
    <message>
        <source>samples (%)</source>
        <translation>samples (%)</translation>
    </message>
    <message>
        <source>, log scale</source>
        <translation>, log scale</translation>
    </message>
    <message>
        <source>log scale</source>
        <translation>log scale</translation>
    </message>
</context>
<context>
    <name>looplab::ui::LabMetricsModel</name>
    <message>
        <source>metric</source>
        <translation>metric</translation>
    </message>
    <message>
        <source>value</source>
        <translation>value</translation>
    </message>
</context>
<context>
    <name>looplab::ui::MainWindow</name>
    <message>
        <source>idle</source>
        <translation>idle</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>starting</translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>finished</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>The run failed</source>
        <translation>The run failed</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>Open scenario</translation>
    </message>
    <message>
        <source>LoopLab scenarios (*.json)</source>
        <translation>LoopLab scenarios (*.json)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Save &amp;As…</translation>
    </message>
    <message>
        <source>Save scenario as</source>
        <translation>Save scenario as</translation>
    </message>
    <message>
        <source>Export screenshot (PNG)…</source>
        <translation>Export screenshot (PNG)…</translation>
    </message>
    <message>
        <source>Export screenshot</source>
        <translation>Export screenshot</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>Export screenshot at 2× (projectors)…</source>
        <translation>Export screenshot at 2× (projectors)…</translation>
    </message>
    <message>
        <source>Export screenshot at 2×</source>
        <translation>Export screenshot at 2×</translation>
    </message>
    <message>
        <source>Export chart (SVG)…</source>
        <translation>Export chart (SVG)…</translation>
    </message>
    <message>
        <source>Export data (CSV)…</source>
        <translation>Export data (CSV)…</translation>
    </message>
    <message>
        <source>Export the run&apos;s series</source>
        <translation>Export the run&apos;s series</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Export trace for Perfetto…</source>
        <translation>Export trace for Perfetto…</translation>
    </message>
    <message>
        <source>Export trace</source>
        <translation>Export trace</translation>
    </message>
    <message>
        <source>Trace files (*.json)</source>
        <translation>Trace files (*.json)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>Start the run (Ctrl+R)</source>
        <translation>Start the run (Ctrl+R)</translation>
    </message>
    <message>
        <source>&amp;Pause view</source>
        <translation>&amp;Pause view</translation>
    </message>
    <message>
        <source>Freeze the charts to inspect them (Space); the run goes on underneath</source>
        <translation>Freeze the charts to inspect them (Space); the run goes on underneath</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;top</translation>
    </message>
    <message>
        <source>Stop the run (Ctrl+.)</source>
        <translation>Stop the run (Ctrl+.)</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>&amp;Restart</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>&amp;About LoopLab</source>
        <translation>&amp;About LoopLab</translation>
    </message>
    <message>
        <source>About LoopLab</source>
        <translation>About LoopLab</translation>
    </message>
    <message>
        <source>Scenario &amp;notes</source>
        <translation>Scenario &amp;notes</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Light</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dark</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Open &amp;Recent</translation>
    </message>
    <message>
        <source>Open &amp;Example</source>
        <translation>Open &amp;Example</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Run</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Theme</translation>
    </message>
    <message>
        <source>Time &amp;window</source>
        <translation>Time &amp;window</translation>
    </message>
    <message>
        <source>last %1 s</source>
        <translation>last %1 s</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Run controls</source>
        <translation>Run controls</translation>
    </message>
    <message>
        <source> time scale </source>
        <translation> time scale </translation>
    </message>
    <message>
        <source>Stretch every duration of the scenario: ×10 runs the lesson in slow motion, with real concurrency</source>
        <translation>Stretch every duration of the scenario: ×10 runs the lesson in slow motion, with real concurrency</translation>
    </message>
    <message>
        <source>Screenshot</source>
        <translation>Screenshot</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>Measured</translation>
    </message>
    <message>
        <source>CPU used by the engine and its labs over the last second, in cores</source>
        <translation>CPU used by the engine and its labs over the last second, in cores</translation>
    </message>
    <message>
        <source>Frames the window painted per second, and the slowest frame of that second (data, paint and flush to the screen)</source>
        <translation>Frames the window painted per second, and the slowest frame of that second (data, paint and flush to the screen)</translation>
    </message>
    <message>
        <source>Events recorded by the labs&apos; threads; dropped ones mean a ring overflowed</source>
        <translation>Events recorded by the labs&apos; threads; dropped ones mean a ring overflowed</translation>
    </message>
    <message>
        <source>Cannot open scenario</source>
        <translation>Cannot open scenario</translation>
    </message>
    <message>
        <source>the file is larger than %1 bytes</source>
        <translation>the file is larger than %1 bytes</translation>
    </message>
    <message>
        <source>This scenario has an error</source>
        <translation>This scenario has an error</translation>
    </message>
    <message>
        <source>%1

The scenario that was open is unchanged.</source>
        <translation>%1

The scenario that was open is unchanged.</translation>
    </message>
    <message>
        <source>Send load to another machine?</source>
        <translation>Send load to another machine?</translation>
    </message>
    <message>
        <source>This scenario sends HTTP load to %1, which is not this computer. Only do this to a server you are allowed to test.

Send the load there? (Starting LoopLab with --allow-remote skips this question.)</source>
        <translation>This scenario sends HTTP load to %1, which is not this computer. Only do this to a server you are allowed to test.

Send the load there? (Starting LoopLab with --allow-remote skips this question.)</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>Opened %1</translation>
    </message>
    <message>
        <source>%1.%2 = %3 (takes effect at the next start)</source>
        <translation>%1.%2 = %3 (takes effect at the next start)</translation>
    </message>
    <message>
        <source>time scale ×%1: the run restarted</source>
        <translation>time scale ×%1: the run restarted</translation>
    </message>
    <message>
        <source>LoopLab</source>
        <translation>LoopLab</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>untitled</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>The scenario has unsaved parameter changes. Save them first?</source>
        <translation>The scenario has unsaved parameter changes. Save them first?</translation>
    </message>
    <message>
        <source>Cannot save the scenario</source>
        <translation>Cannot save the scenario</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(none yet)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Clear list</translation>
    </message>
    <message>
        <source>(no built-in scenarios)</source>
        <translation>(no built-in scenarios)</translation>
    </message>
    <message>
        <source>View paused: hover the charts to inspect; the run goes on (Space resumes)</source>
        <translation>View paused: hover the charts to inspect; the run goes on (Space resumes)</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>starting…</translation>
    </message>
    <message>
        <source>not started — press Start (Ctrl+R)</source>
        <translation>not started — press Start (Ctrl+R)</translation>
    </message>
    <message>
        <source>t = %1 s of %2 s</source>
        <translation>t = %1 s of %2 s</translation>
    </message>
    <message>
        <source>engine CPU %1 cores</source>
        <translation>engine CPU %1 cores</translation>
    </message>
    <message>
        <source>%1 events, %2 dropped</source>
        <translation>%1 events, %2 dropped</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 events</translation>
    </message>
    <message>
        <source>%1 fps · frame %2 ms</source>
        <translation>%1 fps · frame %2 ms</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>Export chart</translation>
    </message>
    <message>
        <source>There is no chart to export yet.</source>
        <translation>There is no chart to export yet.</translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation>Chart:</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG images (*.svg)</translation>
    </message>
    <message>
        <source>No finished run yet: start the scenario and let it end (or Stop it) first.</source>
        <translation>No finished run yet: start the scenario and let it end (or Stop it) first.</translation>
    </message>
    <message>
        <source>%1 was removed from disk; the scenario stays open — Save writes it again.</source>
        <translation>%1 was removed from disk; the scenario stays open — Save writes it again.</translation>
    </message>
    <message>
        <source>Open &amp;recording…</source>
        <translation>Open &amp;recording…</translation>
    </message>
    <message>
        <source>Replay a run from its trace.json: play, step, scrub, change speed</source>
        <translation>Replay a run from its trace.json: play, step, scrub, change speed</translation>
    </message>
    <message>
        <source>Open recording</source>
        <translation>Open recording</translation>
    </message>
    <message>
        <source>LoopLab traces (*.json)</source>
        <translation>LoopLab traces (*.json)</translation>
    </message>
    <message>
        <source>Export report (PDF)…</source>
        <translation>Export report (PDF)…</translation>
    </message>
    <message>
        <source>A PDF for homework: scenario, parameters, summary metrics and one page per panel</source>
        <translation>A PDF for homework: scenario, parameters, summary metrics and one page per panel</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Export report</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <source>Run again from the start (R or Ctrl+Shift+R)</source>
        <translation>Run again from the start (R or Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>E&amp;xamples…</source>
        <translation>E&amp;xamples…</translation>
    </message>
    <message>
        <source>Search the built-in scenarios by title, notes, lab or file name</source>
        <translation>Search the built-in scenarios by title, notes, lab or file name</translation>
    </message>
    <message>
        <source>&amp;Compare A/B…</source>
        <translation>&amp;Compare A/B…</translation>
    </message>
    <message>
        <source>Run the scenario twice with one parameter changed and compare the runs side by side</source>
        <translation>Run the scenario twice with one parameter changed and compare the runs side by side</translation>
    </message>
    <message>
        <source>Replay: %1</source>
        <translation>Replay: %1</translation>
    </message>
    <message>
        <source>replay: %1</source>
        <translation>replay: %1</translation>
    </message>
    <message>
        <source>Nothing to report yet: start the scenario (or open a recording) first.</source>
        <translation>Nothing to report yet: start the scenario (or open a recording) first.</translation>
    </message>
    <message>
        <source>%1 was changed on disk by another program.

Reload it? Your unsaved parameter changes would be lost; Keep mine leaves your version open (Save then overwrites the file).</source>
        <translation>%1 was changed on disk by another program.

Reload it? Your unsaved parameter changes would be lost; Keep mine leaves your version open (Save then overwrites the file).</translation>
    </message>
    <message>
        <source>%1 was changed on disk by another program.

Reload it? The run restarts with the new file; Keep mine leaves the current version open.</source>
        <translation>%1 was changed on disk by another program.

Reload it? The run restarts with the new file; Keep mine leaves the current version open.</translation>
    </message>
    <message>
        <source>Scenario changed on disk</source>
        <translation>Scenario changed on disk</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Keep mine</translation>
    </message>
    <message>
        <source>Kept your version of %1.</source>
        <translation>Kept your version of %1.</translation>
    </message>
    <message>
        <source>Cannot replay this trace</source>
        <translation>Cannot replay this trace</translation>
    </message>
    <message>
        <source>%1

%2

The window still shows what it showed.</source>
        <translation>%1

%2

The window still shows what it showed.</translation>
    </message>
    <message>
        <source>The parameters the run was recorded with. Close the replay to change them and run it live.</source>
        <translation>The parameters the run was recorded with. Close the replay to change them and run it live.</translation>
    </message>
    <message>
        <source>Replaying %1: the engine is stopped</source>
        <translation>Replaying %1: the engine is stopped</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LoopLab %1&lt;/h3&gt;&lt;p&gt;Watch concurrency happen: a real event loop, thread and process pools, queues, HTTP traffic and vector searches, measured live.&lt;/p&gt;&lt;p&gt;Threads, processes, sockets and FAISS searches are real and timed by clocks; the Python interpreter&apos;s GIL and I/O waits are emulated, and labelled so.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LoopLab %1&lt;/h3&gt;&lt;p&gt;Watch concurrency happen: a real event loop, thread and process pools, queues, HTTP traffic and vector searches, measured live.&lt;/p&gt;&lt;p&gt;Threads, processes, sockets and FAISS searches are real and timed by clocks; the Python interpreter&apos;s GIL and I/O waits are emulated, and labelled so.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Compare: LoopLab engine vs real C&amp;Python…</source>
        <translation>Compare: LoopLab engine vs real C&amp;Python…</translation>
    </message>
    <message>
        <source>Run this course demo on LoopLab&apos;s engine, then the same demo as a real Python program under CPython, and compare them side by side (resources/python/pairs.json)</source>
        <translation>Run this course demo on LoopLab&apos;s engine, then the same demo as a real Python program under CPython, and compare them side by side (resources/python/pairs.json)</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PaintedChart</name>
    <message>
        <source>waiting for data…</source>
        <translation>waiting for data…</translation>
    </message>
    <message>
        <source>time (s)</source>
        <translation>time (s)</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ParamEditor</name>
    <message>
        <source>↻ = changing it restarts the lab; the others change live.</source>
        <translation>↻ = changing it restarts the lab; the others change live.</translation>
    </message>
    <message>
        <source>unknown kind %1</source>
        <translation>unknown kind %1</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>not set</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n item(s))</source>
        <translation>
            <numerusform>%1 (%n item)</numerusform>
            <numerusform>%1 (%n items)</numerusform>
        </translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Remove last</source>
        <translation>Remove last</translation>
    </message>
    <message>
        <source>Does nothing in this scenario: %1.</source>
        <translation>Does nothing in this scenario: %1.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Not used in this scenario, hidden: %1</source>
        <translation>Not used in this scenario, hidden: %1</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PipelineFlowView</name>
    <message>
        <source>waiting for the first items…</source>
        <translation>waiting for the first items…</translation>
    </message>
    <message>
        <source>worker serving an item</source>
        <translation>worker serving an item</translation>
    </message>
    <message>
        <source>worker waiting on get</source>
        <translation>worker waiting on get</translation>
    </message>
    <message>
        <source>blocked on put (queue full)</source>
        <translation>blocked on put (queue full)</translation>
    </message>
    <message>
        <source>source</source>
        <translation>source</translation>
    </message>
    <message>
        <source>bursts of %1 every %2</source>
        <translation>bursts of %1 every %2</translation>
    </message>
    <message>
        <source>%1 every %2</source>
        <translation>%1 every %2</translation>
    </message>
    <message>
        <source>offers %1 (%2)</source>
        <translation>offers %1 (%2)</translation>
    </message>
    <message>
        <source>offers %1</source>
        <translation>offers %1</translation>
    </message>
    <message>
        <source>produced %1</source>
        <translation>produced %1</translation>
    </message>
    <message>
        <source>1 producer coroutine</source>
        <translation>1 producer coroutine</translation>
    </message>
    <message>
        <source>1 producer thread</source>
        <translation>1 producer thread</translation>
    </message>
    <message>
        <source>1 producer</source>
        <translation>1 producer</translation>
    </message>
    <message>
        <source>%1 producer coroutines</source>
        <translation>%1 producer coroutines</translation>
    </message>
    <message>
        <source>%1 producer threads</source>
        <translation>%1 producer threads</translation>
    </message>
    <message>
        <source>%1 producers</source>
        <translation>%1 producers</translation>
    </message>
    <message>
        <source>blocked on put</source>
        <translation>blocked on put</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>blocked</translation>
    </message>
    <message>
        <source>%1 of the time</source>
        <translation>%1 of the time</translation>
    </message>
    <message>
        <source>not blocked on put</source>
        <translation>not blocked on put</translation>
    </message>
    <message>
        <source>not blocked</source>
        <translation>not blocked</translation>
    </message>
    <message>
        <source>%1 · %2/item%3</source>
        <translation>%1 · %2/item%3</translation>
    </message>
    <message>
        <source> (random)</source>
        <translation> (random)</translation>
    </message>
    <message>
        <source>%1 · %2/item</source>
        <translation>%1 · %2/item</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 of %2 waiting (maxsize)</source>
        <translation>%1 of %2 waiting (maxsize)</translation>
    </message>
    <message>
        <source>%1 of %2 waiting</source>
        <translation>%1 of %2 waiting</translation>
    </message>
    <message>
        <source>%1/%2 waiting</source>
        <translation>%1/%2 waiting</translation>
    </message>
    <message>
        <source>%1 waiting · unbounded (max so far %2)</source>
        <translation>%1 waiting · unbounded (max so far %2)</translation>
    </message>
    <message>
        <source>%1 waiting (max %2)</source>
        <translation>%1 waiting (max %2)</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <source>%1 of %2 serving</source>
        <translation>%1 of %2 serving</translation>
    </message>
    <message>
        <source>%1/%2 serving</source>
        <translation>%1/%2 serving</translation>
    </message>
    <message>
        <source>busy %1 of the time</source>
        <translation>busy %1 of the time</translation>
    </message>
    <message>
        <source>busy %1</source>
        <translation>busy %1</translation>
    </message>
    <message>
        <source>blocked putting into %1: %2 of the time</source>
        <translation>blocked putting into %1: %2 of the time</translation>
    </message>
    <message>
        <source>blocked on put %1</source>
        <translation>blocked on put %1</translation>
    </message>
    <message>
        <source>blocked %1</source>
        <translation>blocked %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>items</source>
        <translation>items</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>dropped</translation>
    </message>
    <message>
        <source>dropped %1 (%2 in all)</source>
        <translation>dropped %1 (%2 in all)</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PipelinePanel</name>
    <message>
        <source>Pipeline: source → queues → workers</source>
        <translation>Pipeline: source → queues → workers</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>depth</translation>
    </message>
    <message>
        <source>items</source>
        <translation>items</translation>
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
        <translation>Workers busy · putters blocked</translation>
    </message>
    <message>
        <source>Busy · blocked on put (dashed)</source>
        <translation>Busy · blocked on put (dashed)</translation>
    </message>
    <message>
        <source>% of the time</source>
        <translation>% of the time</translation>
    </message>
    <message>
        <source>producers</source>
        <translation>producers</translation>
    </message>
    <message>
        <source>%1 workers</source>
        <translation>%1 workers</translation>
    </message>
    <message>
        <source>workers busy</source>
        <translation>workers busy</translation>
    </message>
    <message>
        <source>%1 blocked</source>
        <translation>%1 blocked</translation>
    </message>
    <message>
        <source>%1 blocked on put into %2</source>
        <translation>%1 blocked on put into %2</translation>
    </message>
    <message>
        <source>Little&apos;s law: L = λ·W</source>
        <translation>Little&apos;s law: L = λ·W</translation>
    </message>
    <message>
        <source>Little&apos;s law: L, λ·W (dashed)</source>
        <translation>Little&apos;s law: L, λ·W (dashed)</translation>
    </message>
    <message>
        <source>L (measured)</source>
        <translation>L (measured)</translation>
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
        <translation>Timeline</translation>
    </message>
    <message>
        <source>main</source>
        <translation>main</translation>
    </message>
    <message>
        <source>producers: put into “%1” (full)</source>
        <translation>producers: put into “%1” (full)</translation>
    </message>
    <message>
        <source>%1 workers: get from “%1” (empty) or put into “%2” (full)</source>
        <translation>%1 workers: get from “%1” (empty) or put into “%2” (full)</translation>
    </message>
    <message>
        <source>%1 workers: get from “%1” (empty)</source>
        <translation>%1 workers: get from “%1” (empty)</translation>
    </message>
    <message>
        <source>workers: get from their stage&apos;s queue (empty) or put into the next one (full)</source>
        <translation>workers: get from their stage&apos;s queue (empty) or put into the next one (full)</translation>
    </message>
    <message>
        <source>main: join()</source>
        <translation>main: join()</translation>
    </message>
    <message>
        <source>Blocked on a queue — %1</source>
        <translation>Blocked on a queue — %1</translation>
    </message>
    <message>
        <source>Wait in “%1” (%2)</source>
        <translation>Wait in “%1” (%2)</translation>
    </message>
    <message>
        <source>Wait in the queues</source>
        <translation>Wait in the queues</translation>
    </message>
    <message>
        <source>Queue depth and maxsize</source>
        <translation>Queue depth and maxsize</translation>
    </message>
    <message>
        <source>Queue depth (unbounded queue)</source>
        <translation>Queue depth (unbounded queue)</translation>
    </message>
    <message>
        <source>Queue depth · maxsize (dashed)</source>
        <translation>Queue depth · maxsize (dashed)</translation>
    </message>
    <message>
        <source>Queue depth (unbounded queues)</source>
        <translation>Queue depth (unbounded queues)</translation>
    </message>
    <message>
        <source>waiting for data…</source>
        <translation>waiting for data…</translation>
    </message>
    <message>
        <source>no item has left the stage yet</source>
        <translation>no item has left the stage yet</translation>
    </message>
    <message>
        <source>no item done yet</source>
        <translation>no item done yet</translation>
    </message>
    <message>
        <source>L = %1 %2 λ·W = %3/s × %4 s (error %5 %)</source>
        <translation>L = %1 %2 λ·W = %3/s × %4 s (error %5 %)</translation>
    </message>
    <message>
        <source>L = %1 %2 %3/s × %4 s (%5 %)</source>
        <translation>L = %1 %2 %3/s × %4 s (%5 %)</translation>
    </message>
    <message>
        <source>%1 %2 %3/s × %4 s</source>
        <translation>%1 %2 %3/s × %4 s</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>event loop</translation>
    </message>
    <message>
        <source>the GIL (emulated): who holds it</source>
        <translation>the GIL (emulated): who holds it</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PipelineWaitView</name>
    <message>
        <source>no item has left a queue yet</source>
        <translation>no item has left a queue yet</translation>
    </message>
    <message>
        <source>p50 (median)</source>
        <translation>p50 (median)</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>level 0 (served first)</source>
        <translation>level 0 (served first)</translation>
    </message>
    <message>
        <source>level %1</source>
        <translation>level %1</translation>
    </message>
    <message>
        <source>p50 %1 · p99 %2 · max %3 · n = %4</source>
        <translation>p50 %1 · p99 %2 · max %3 · n = %4</translation>
    </message>
    <message>
        <source>no item has left yet</source>
        <translation>no item has left yet</translation>
    </message>
    <message>
        <source>items (% of the row)</source>
        <translation>items (% of the row)</translation>
    </message>
    <message>
        <source>items (%)</source>
        <translation>items (%)</translation>
    </message>
    <message>
        <source>wait in the queue (ms), log scale</source>
        <translation>wait in the queue (ms), log scale</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PoolGantt</name>
    <message>
        <source>no workers yet: press Start</source>
        <translation>no workers yet: press Start</translation>
    </message>
    <message>
        <source>worker processes (ProcessPoolExecutor)</source>
        <translation>worker processes (ProcessPoolExecutor)</translation>
    </message>
    <message>
        <source>worker threads (ThreadPoolExecutor)</source>
        <translation>worker threads (ThreadPoolExecutor)</translation>
    </message>
    <message>
        <source>worker processes (a new process per task)</source>
        <translation>worker processes (a new process per task)</translation>
    </message>
    <message>
        <source>worker threads (a new thread per task)</source>
        <translation>worker threads (a new thread per task)</translation>
    </message>
    <message>
        <source>process %1</source>
        <translation>process %1</translation>
    </message>
    <message>
        <source>thread %1</source>
        <translation>thread %1</translation>
    </message>
    <message>
        <source>the GIL (emulated): who holds it</source>
        <translation>the GIL (emulated): who holds it</translation>
    </message>
    <message>
        <source>GIL holder</source>
        <translation>GIL holder</translation>
    </message>
    <message>
        <source>probe: a short I/O-bound request every %1</source>
        <translation>probe: a short I/O-bound request every %1</translation>
    </message>
    <message>
        <source>probe</source>
        <translation>probe</translation>
    </message>
    <message>
        <source>holds the GIL, running</source>
        <translation>holds the GIL, running</translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>waiting for the GIL</source>
        <translation>waiting for the GIL</translation>
    </message>
    <message>
        <source>waiting for I/O</source>
        <translation>waiting for I/O</translation>
    </message>
    <message>
        <source>starting a process + IPC</source>
        <translation>starting a process + IPC</translation>
    </message>
    <message>
        <source>IPC: data through the pipe</source>
        <translation>IPC: data through the pipe</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>idle</translation>
    </message>
    <message>
        <source>P</source>
        <comment>probe, one letter</comment>
        <translation>P</translation>
    </message>
    <message>
        <source>held %1 %</source>
        <translation>held %1 %</translation>
    </message>
    <message>
        <source>run %1 %</source>
        <translation>run %1 %</translation>
    </message>
    <message>
        <source>wheel: zoom · drag: pan · double-click: follow live</source>
        <translation>wheel: zoom · drag: pan · double-click: follow live</translation>
    </message>
    <message>
        <source>whole window</source>
        <translation>whole window</translation>
    </message>
    <message>
        <source>held 100 %</source>
        <translation>held 100 %</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>blank: nobody holds it</source>
        <translation>blank: nobody holds it</translation>
    </message>
    <message>
        <source>whole run</source>
        <translation>whole run</translation>
    </message>
    <message>
        <source>worker restart</source>
        <translation>worker restart</translation>
    </message>
    <message>
        <source>%1 shown, following the run</source>
        <translation>%1 shown, following the run</translation>
    </message>
    <message>
        <source>%1 shown, paused here (double-click: follow)</source>
        <translation>%1 shown, paused here (double-click: follow)</translation>
    </message>
    <message>
        <source>Click or drag: show this part of the run</source>
        <translation>Click or drag: show this part of the run</translation>
    </message>
    <message>
        <source>held by %1 for %2</source>
        <translation>held by %1 for %2</translation>
    </message>
    <message>
        <source>the probe</source>
        <translation>the probe</translation>
    </message>
    <message>
        <source>free: nobody holds it</source>
        <translation>free: nobody holds it</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1 for %2</translation>
    </message>
    <message>
        <source>locks: who holds each</source>
        <translation>locks: who holds each</translation>
    </message>
    <message>
        <source>starter thread: time.sleep(), then event.set()</source>
        <translation>starter thread: time.sleep(), then event.set()</translation>
    </message>
    <message>
        <source>producer thread: puts items into the buffer</source>
        <translation>producer thread: puts items into the buffer</translation>
    </message>
    <message>
        <source>starter</source>
        <translation>starter</translation>
    </message>
    <message>
        <source>producer</source>
        <translation>producer</translation>
    </message>
    <message>
        <source>waiting for the lock</source>
        <translation>waiting for the lock</translation>
    </message>
    <message>
        <source>blocked: waiting for %1</source>
        <translation>blocked: waiting for %1</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PoolPanel</name>
    <message>
        <source>speedup</source>
        <translation>speedup</translation>
    </message>
    <message>
        <source>throughput</source>
        <translation>throughput</translation>
    </message>
    <message>
        <source>tasks/s</source>
        <translation>tasks/s</translation>
    </message>
    <message>
        <source>CPU per worker</source>
        <translation>CPU per worker</translation>
    </message>
    <message>
        <source>waiting for GIL</source>
        <translation>waiting for GIL</translation>
    </message>
    <message>
        <source>GIL switches</source>
        <translation>GIL switches</translation>
    </message>
    <message>
        <source>probe p99</source>
        <translation>probe p99</translation>
    </message>
    <message>
        <source>start + IPC</source>
        <translation>start + IPC</translation>
    </message>
    <message>
        <source>IPC per task</source>
        <translation>IPC per task</translation>
    </message>
    <message>
        <source>restarts</source>
        <translation>restarts</translation>
    </message>
    <message>
        <source>Total task time done so far divided by the wall time: how many tasks ran at once on average</source>
        <translation>Total task time done so far divided by the wall time: how many tasks ran at once on average</translation>
    </message>
    <message>
        <source>CPU time of the workers over wall time, mean over workers (100 % = every worker on a core all the time)</source>
        <translation>CPU time of the workers over wall time, mean over workers (100 % = every worker on a core all the time)</translation>
    </message>
    <message>
        <source>Share of the workers&apos; busy time spent wanting the GIL</source>
        <translation>Share of the workers&apos; busy time spent wanting the GIL</translation>
    </message>
    <message>
        <source>How often the GIL changed hands, per second of the run</source>
        <translation>How often the GIL changed hands, per second of the run</translation>
    </message>
    <message>
        <source>Mean time to start a worker process and pass the task through its pipes</source>
        <translation>Mean time to start a worker process and pass the task through its pipes</translation>
    </message>
    <message>
        <source>Mean time a task&apos;s request and reply spent in the pipes</source>
        <translation>Mean time a task&apos;s request and reply spent in the pipes</translation>
    </message>
    <message>
        <source>Tasks completed per second of wall time, the run so far</source>
        <translation>Tasks completed per second of wall time, the run so far</translation>
    </message>
    <message>
        <source>99th percentile of the probe&apos;s response time: how long an I/O-bound request waits for the GIL</source>
        <translation>99th percentile of the probe&apos;s response time: how long an I/O-bound request waits for the GIL</translation>
    </message>
    <message>
        <source>Worker processes that died and were replaced (their task is lost)</source>
        <translation>Worker processes that died and were replaced (their task is lost)</translation>
    </message>
    <message>
        <source>Workers and the GIL</source>
        <translation>Workers and the GIL</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Speedup so far</source>
        <translation>Speedup so far</translation>
    </message>
    <message>
        <source>Throughput (%1 s mean)</source>
        <translation>Throughput (%1 s mean)</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>rate</translation>
    </message>
    <message>
        <source>tasks completed</source>
        <translation>tasks completed</translation>
    </message>
    <message>
        <source>Probe latency</source>
        <translation>Probe latency</translation>
    </message>
    <message>
        <source>latency</source>
        <translation>latency</translation>
    </message>
    <message>
        <source>Tasks waiting in the queue</source>
        <translation>Tasks waiting in the queue</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>queued</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>tasks</translation>
    </message>
    <message>
        <source>queued tasks</source>
        <translation>queued tasks</translation>
    </message>
    <message>
        <source>Memory per worker process</source>
        <translation>Memory per worker process</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>Task latency</source>
        <translation>Task latency</translation>
    </message>
    <message>
        <source>process %1</source>
        <translation>process %1</translation>
    </message>
    <message>
        <source>thread %1</source>
        <translation>thread %1</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>mean</translation>
    </message>
    <message>
        <source>each process</source>
        <translation>each process</translation>
    </message>
    <message>
        <source>each thread</source>
        <translation>each thread</translation>
    </message>
    <message>
        <source>GIL limit = %1</source>
        <translation>GIL limit = %1</translation>
    </message>
    <message>
        <source>all cores busy = %1</source>
        <translation>all cores busy = %1</translation>
    </message>
    <message>
        <source>%1 × = every core busy</source>
        <translation>%1 × = every core busy</translation>
    </message>
    <message>
        <source>%1 × = every worker busy</source>
        <translation>%1 × = every worker busy</translation>
    </message>
    <message>
        <source>1 × = one worker</source>
        <translation>1 × = one worker</translation>
    </message>
    <message>
        <source>ceiling: %1 at a time, %2 each</source>
        <translation>ceiling: %1 at a time, %2 each</translation>
    </message>
    <message>
        <source>2 × switch interval = %1</source>
        <translation>2 × switch interval = %1</translation>
    </message>
    <message>
        <source>Process start + IPC per task</source>
        <translation>Process start + IPC per task</translation>
    </message>
    <message>
        <source>IPC per task (request + reply in the pipes)</source>
        <translation>IPC per task (request + reply in the pipes)</translation>
    </message>
    <message>
        <source>IPC</source>
        <translation>IPC</translation>
    </message>
    <message>
        <source>Task latency (submit → done)</source>
        <translation>Task latency (submit → done)</translation>
    </message>
    <message>
        <source>task latency</source>
        <translation>task latency</translation>
    </message>
    <message>
        <source>Worker processes</source>
        <translation>Worker processes</translation>
    </message>
    <message>
        <source>Worker threads and the GIL</source>
        <translation>Worker threads and the GIL</translation>
    </message>
    <message>
        <source>Worker threads</source>
        <translation>Worker threads</translation>
    </message>
    <message>
        <source>Measured: tasks done so far × one worker&apos;s time per task ÷ the batch&apos;s wall time. One worker&apos;s time per task comes from this run: a few tasks run alone on the same executor before the batch starts.</source>
        <translation>Measured: tasks done so far × one worker&apos;s time per task ÷ the batch&apos;s wall time. One worker&apos;s time per task comes from this run: a few tasks run alone on the same executor before the batch starts.</translation>
    </message>
    <message>
        <source>results to the caller</source>
        <translation>results to the caller</translation>
    </message>
    <message>
        <source>results/s</source>
        <translation>results/s</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PresenterMode</name>
    <message>
        <source>&amp;Presenter mode</source>
        <translation>&amp;Presenter mode</translation>
    </message>
    <message>
        <source>Full screen, high contrast, large fonts and thick lines, no menus: for a projector (Ctrl+Shift+P; Esc leaves)</source>
        <translation>Full screen, high contrast, large fonts and thick lines, no menus: for a projector (Ctrl+Shift+P; Esc leaves)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>&amp;Full screen</translation>
    </message>
    <message>
        <source>Fill the screen with the window (F11); in presenter mode F11 leaves presenter mode</source>
        <translation>Fill the screen with the window (F11); in presenter mode F11 leaves presenter mode</translation>
    </message>
    <message>
        <source>Leave presenter mode</source>
        <translation>Leave presenter mode</translation>
    </message>
    <message>
        <source>Slower (time scale up)</source>
        <translation>Slower (time scale up)</translation>
    </message>
    <message>
        <source>Slow motion: the next time scale up, ×1 → ×2 → ×5 → ×10… (+); the run restarts</source>
        <translation>Slow motion: the next time scale up, ×1 → ×2 → ×5 → ×10… (+); the run restarts</translation>
    </message>
    <message>
        <source>Faster (time scale down)</source>
        <translation>Faster (time scale down)</translation>
    </message>
    <message>
        <source>Back towards real time: the next time scale down, ×10 → ×5 → ×2 → ×1… (−); the run restarts</source>
        <translation>Back towards real time: the next time scale down, ×10 → ×5 → ×2 → ×1… (−); the run restarts</translation>
    </message>
    <message>
        <source>Presenter mode — Esc or Ctrl+Shift+P leaves · Space pauses · R restarts · + / − time scale</source>
        <translation>Presenter mode — Esc or Ctrl+Shift+P leaves · Space pauses · R restarts · + / − time scale</translation>
    </message>
</context>
<context>
    <name>looplab::ui::PythonPanel</name>
    <message>
        <source>loop lag now</source>
        <translation>loop lag now</translation>
    </message>
    <message>
        <source>CPU cores used</source>
        <translation>CPU cores used</translation>
    </message>
    <message>
        <source>cores</source>
        <translation>cores</translation>
    </message>
    <message>
        <source>GIL held</source>
        <translation>GIL held</translation>
    </message>
    <message>
        <source>threads</source>
        <translation>threads</translation>
    </message>
    <message>
        <source>Event loop ticks</source>
        <translation>Event loop ticks</translation>
    </message>
    <message>
        <source>Loop lag</source>
        <translation>Loop lag</translation>
    </message>
    <message>
        <source>lag</source>
        <translation>lag</translation>
    </message>
    <message>
        <source>loop lag</source>
        <translation>loop lag</translation>
    </message>
    <message>
        <source>CPU and the GIL</source>
        <translation>CPU and the GIL</translation>
    </message>
    <message>
        <source>cores / share</source>
        <translation>cores / share</translation>
    </message>
    <message>
        <source>share</source>
        <translation>share</translation>
    </message>
    <message>
        <source>Queues and tasks</source>
        <translation>Queues and tasks</translation>
    </message>
    <message>
        <source>count</source>
        <translation>count</translation>
    </message>
    <message>
        <source>queue depth</source>
        <translation>queue depth</translation>
    </message>
    <message>
        <source>items</source>
        <translation>items</translation>
    </message>
    <message>
        <source>tasks in flight</source>
        <translation>tasks in flight</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>tasks</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>event loop</translation>
    </message>
    <message>
        <source>GIL: sampled from CPython</source>
        <translation>GIL: sampled from CPython</translation>
    </message>
    <message>
        <source>threads (from /proc)</source>
        <translation>threads (from /proc)</translation>
    </message>
    <message>
        <source>worker processes (from /proc)</source>
        <translation>worker processes (from /proc)</translation>
    </message>
    <message>
        <source>What the program prints appears here.</source>
        <translation>What the program prints appears here.</translation>
    </message>
    <message>
        <source>[LoopLab keeps the first %1 of the output; the rest is counted in output_bytes]</source>
        <translation>[LoopLab keeps the first %1 of the output; the rest is counted in output_bytes]</translation>
    </message>
    <message>
        <source>Real CPython: live edits do not apply (run again).</source>
        <translation>Real CPython: live edits do not apply (run again).</translation>
    </message>
    <message>
        <source>The program reads its parameters when it starts: edit them, then run again.</source>
        <translation>The program reads its parameters when it starts: edit them, then run again.</translation>
    </message>
    <message>
        <source>CPU (cores)</source>
        <translation>CPU (cores)</translation>
    </message>
    <message>
        <source>GIL held (share)</source>
        <translation>GIL held (share)</translation>
    </message>
    <message>
        <source>CPU time of the whole process tree from /proc, in cores; the share of samples in which the GIL was held, read from CPython&apos;s memory</source>
        <translation>CPU time of the whole process tree from /proc, in cores; the share of samples in which the GIL was held, read from CPython&apos;s memory</translation>
    </message>
    <message>
        <source>blocked: %1 puts (full) · %2 gets (empty)</source>
        <translation>blocked: %1 puts (full) · %2 gets (empty)</translation>
    </message>
    <message>
        <source>queue.Queue and asyncio.Queue: %1 puts waited %2 in all because the queue was full (backpressure: the consumers are slower); %3 gets waited %4 because it was empty (the producer is slower)</source>
        <translation>queue.Queue and asyncio.Queue: %1 puts waited %2 in all because the queue was full (backpressure: the consumers are slower); %3 gets waited %4 because it was empty (the producer is slower)</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ReplayBar</name>
    <message>
        <source>&lt;b&gt;Replay:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Replay:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>The window shows a run recorded in %1, not a live one: the engine is not running</source>
        <translation>The window shows a run recorded in %1, not a live one: the engine is not running</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Play</translation>
    </message>
    <message>
        <source>Play the recording, or pause it (Space)</source>
        <translation>Play the recording, or pause it (Space)</translation>
    </message>
    <message>
        <source>Step back one frame (33 ms of playback at the chosen speed)</source>
        <translation>Step back one frame (33 ms of playback at the chosen speed)</translation>
    </message>
    <message>
        <source>Step forward one frame (33 ms of playback at the chosen speed)</source>
        <translation>Step forward one frame (33 ms of playback at the chosen speed)</translation>
    </message>
    <message>
        <source>Drag to any moment of the recorded run</source>
        <translation>Drag to any moment of the recorded run</translation>
    </message>
    <message>
        <source>Position in the recorded run / its length, in seconds of run time</source>
        <translation>Position in the recorded run / its length, in seconds of run time</translation>
    </message>
    <message>
        <source>%1 s / %2 s</source>
        <translation>%1 s / %2 s</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>speed</translation>
    </message>
    <message>
        <source>Playback speed: 1× plays the run as fast as it happened, 0.25× in slow motion</source>
        <translation>Playback speed: 1× plays the run as fast as it happened, 0.25× in slow motion</translation>
    </message>
    <message>
        <source>Close replay</source>
        <translation>Close replay</translation>
    </message>
    <message>
        <source>End the replay and go back to the scenario that was open</source>
        <translation>End the replay and go back to the scenario that was open</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ReplaySession</name>
    <message>
        <source>the whole run&apos;s distribution appears at the end of the replay</source>
        <translation>the whole run&apos;s distribution appears at the end of the replay</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Replay</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ScenarioDocument</name>
    <message>
        <source>no lab with id %1</source>
        <translation>no lab with id %1</translation>
    </message>
    <message>
        <source>time scale must be above 0 and at most 1000000, got %1</source>
        <translation>time scale must be above 0 and at most 1000000, got %1</translation>
    </message>
</context>
<context>
    <name>looplab::ui::ScenarioPane</name>
    <message>
        <source>● modified</source>
        <translation>● modified</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>No scenario</source>
        <translation>No scenario</translation>
    </message>
    <message>
        <source>built-in: %1</source>
        <translation>built-in: %1</translation>
    </message>
    <message>
        <source>unsaved</source>
        <translation>unsaved</translation>
    </message>
    <message>
        <source>%1 %2.%3: this parameter cannot change live — the lab restarted with the new value.</source>
        <translation>%1 %2.%3: this parameter cannot change live — the lab restarted with the new value.</translation>
    </message>
    <message>
        <source>%1 %2.%3: applied live.</source>
        <translation>%1 %2.%3: applied live.</translation>
    </message>
</context>
<context>
    <name>looplab::ui::StackedRateChart</name>
    <message>
        <source>t = %1 s</source>
        <translation>t = %1 s</translation>
    </message>
</context>
<context>
    <name>looplab::ui::SweepPlot</name>
    <message>
        <source>%1 values of %2</source>
        <translation>%1 values of %2</translation>
    </message>
    <message>
        <source>latency p50</source>
        <translation>latency p50</translation>
    </message>
    <message>
        <source>recall@k</source>
        <translation>recall@k</translation>
    </message>
</context>
<context>
    <name>looplab::ui::TickStrip</name>
    <message>
        <source>no ticks yet: the loop has not run</source>
        <translation>no ticks yet: the loop has not run</translation>
    </message>
    <message>
        <source>tick (running callbacks)</source>
        <translation>tick (running callbacks)</translation>
    </message>
    <message>
        <source>blocking call</source>
        <translation>blocking call</translation>
    </message>
    <message>
        <source>slow callback (&gt; %1)</source>
        <translation>slow callback (&gt; %1)</translation>
    </message>
    <message>
        <source>idle (waiting in select)</source>
        <translation>idle (waiting in select)</translation>
    </message>
    <message>
        <source>tick (ms, log)</source>
        <translation>tick (ms, log)</translation>
    </message>
    <message>
        <source>tick</source>
        <translation>tick</translation>
    </message>
    <message>
        <source>slow (&gt; %1)</source>
        <translation>slow (&gt; %1)</translation>
    </message>
    <message>
        <source>blocking</source>
        <translation>blocking</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>idle</translation>
    </message>
    <message>
        <source>older ticks not kept</source>
        <translation>older ticks not kept</translation>
    </message>
</context>
<context>
    <name>looplab::ui::TimeSeriesChart</name>
    <message>
        <source>time (s)</source>
        <translation>time (s)</translation>
    </message>
    <message>
        <source>waiting for data…</source>
        <translation>waiting for data…</translation>
    </message>
    <message>
        <source>t = %1 s</source>
        <translation>t = %1 s</translation>
    </message>
</context>
<context>
    <name>looplab::ui::TimelineWidget</name>
    <message>
        <source>no lanes yet: nothing has run</source>
        <translation>no lanes yet: nothing has run</translation>
    </message>
    <message numerus="yes">
        <source>+%n more lane(s)</source>
        <translation>
            <numerusform>+%n more lane</numerusform>
            <numerusform>+%n more lanes</numerusform>
        </translation>
    </message>
    <message>
        <source>Where the time went (whole run, share per state)</source>
        <translation>Where the time went (whole run, share per state)</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1 for %2</translation>
    </message>
    <message>
        <source>not kept</source>
        <translation>not kept</translation>
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
        <translation>recall@%1</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>batch</translation>
    </message>
    <message>
        <source>loop lag</source>
        <translation>loop lag</translation>
    </message>
    <message>
        <source>Queries answered per second, over the last second</source>
        <translation>Queries answered per second, over the last second</translation>
    </message>
    <message>
        <source>Latency p50: median time from a query&apos;s arrival to its answer (last 250 ms window)</source>
        <translation>Latency p50: median time from a query&apos;s arrival to its answer (last 250 ms window)</translation>
    </message>
    <message>
        <source>Latency p99: the slowest 1 % of queries take at least this long (last 250 ms window)</source>
        <translation>Latency p99: the slowest 1 % of queries take at least this long (last 250 ms window)</translation>
    </message>
    <message>
        <source>Share of the true %1 nearest neighbours found, over the last 64 checked answers (exact answers from a flat search); 1.0 is exact</source>
        <translation>Share of the true %1 nearest neighbours found, over the last 64 checked answers (exact answers from a flat search); 1.0 is exact</translation>
    </message>
    <message>
        <source>Batch size: queries answered by the last executor call; batching raises it</source>
        <translation>Batch size: queries answered by the last executor call; batching raises it</translation>
    </message>
    <message>
        <source>How late the event loop&apos;s heartbeat ran: a search on the loop blocks it</source>
        <translation>How late the event loop&apos;s heartbeat ran: a search on the loop blocks it</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Throughput</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>answered</translation>
    </message>
    <message>
        <source>Latency percentiles</source>
        <translation>Latency percentiles</translation>
    </message>
    <message>
        <source>latency</source>
        <translation>latency</translation>
    </message>
    <message>
        <source>Batches and queue</source>
        <translation>Batches and queue</translation>
    </message>
    <message>
        <source>queries</source>
        <translation>queries</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>batch size</translation>
    </message>
    <message>
        <source>waiting for the executor</source>
        <translation>waiting for the executor</translation>
    </message>
    <message>
        <source>in flight</source>
        <translation>in flight</translation>
    </message>
    <message>
        <source>Event loop lag</source>
        <translation>Event loop lag</translation>
    </message>
    <message>
        <source>lag</source>
        <translation>lag</translation>
    </message>
    <message>
        <source>Recall@%1</source>
        <translation>Recall@%1</translation>
    </message>
    <message>
        <source>Event loop and executor</source>
        <translation>Event loop and executor</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>event loop</translation>
    </message>
    <message>
        <source>executor threads (FAISS calls)</source>
        <translation>executor threads (FAISS calls)</translation>
    </message>
    <message>
        <source>index build</source>
        <translation>index build</translation>
    </message>
    <message>
        <source>Query latency</source>
        <translation>Query latency</translation>
    </message>
    <message>
        <source>Time per FAISS call</source>
        <translation>Time per FAISS call</translation>
    </message>
    <message>
        <source>search call</source>
        <translation>search call</translation>
    </message>
    <message>
        <source>Recall against latency</source>
        <translation>Recall against latency</translation>
    </message>
    <message>
        <source>stopped by the user</source>
        <translation>stopped by the user</translation>
    </message>
    <message>
        <source>Stop sweep</source>
        <translation>Stop sweep</translation>
    </message>
    <message>
        <source>Stop the sweep and put %1 back to its value before the sweep</source>
        <translation>Stop the sweep and put %1 back to its value before the sweep</translation>
    </message>
    <message>
        <source>%1 = %2 · step %3 of %4 · %5 s left in this step</source>
        <translation>%1 = %2 · step %3 of %4 · %5 s left in this step</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
    <message>
        <source>Sweep %1</source>
        <translation>Sweep %1</translation>
    </message>
    <message>
        <source>This lab&apos;s index is an exact search: there is no nprobe or ef_search to trade for speed</source>
        <translation>This lab&apos;s index is an exact search: there is no nprobe or ef_search to trade for speed</translation>
    </message>
    <message>
        <source>Sweeps need an approximate index (ivf: nprobe, hnsw: ef_search).</source>
        <translation>Sweeps need an approximate index (ivf: nprobe, hnsw: ef_search).</translation>
    </message>
    <message>
        <source>index “%1” is exact: recall is always 1</source>
        <translation>index “%1” is exact: recall is always 1</translation>
    </message>
    <message>
        <source>Sets %1 live to %2, %3 s each (about %4 s), and plots the recall@k and latency p50 measured at each value; then puts the original value back. Each step is an ordinary parameter edit (undoable).</source>
        <translation>Sets %1 live to %2, %3 s each (about %4 s), and plots the recall@k and latency p50 measured at each value; then puts the original value back. Each step is an ordinary parameter edit (undoable).</translation>
    </message>
    <message>
        <source>Live sweep of %1: %2 (%3 s each)</source>
        <translation>Live sweep of %1: %2 (%3 s each)</translation>
    </message>
    <message>
        <source>Start the run to sweep %1.</source>
        <translation>Start the run to sweep %1.</translation>
    </message>
    <message>
        <source>Press “Sweep %1” to measure recall and latency at %1 = %2 (about %3 s of the run)</source>
        <translation>Press “Sweep %1” to measure recall and latency at %1 = %2 (about %3 s of the run)</translation>
    </message>
    <message>
        <source>the run ended</source>
        <translation>the run ended</translation>
    </message>
    <message>
        <source>the GIL (emulated): who holds it</source>
        <translation>the GIL (emulated): who holds it</translation>
    </message>
</context>
<context>
    <name>looplab::ui::compare::CompareRunner</name>
    <message>
        <source>a comparison is already running</source>
        <translation>a comparison is already running</translation>
    </message>
    <message>
        <source>value A: %1</source>
        <translation>value A: %1</translation>
    </message>
    <message>
        <source>value B: %1</source>
        <translation>value B: %1</translation>
    </message>
    <message>
        <source>the run produced no result</source>
        <translation>the run produced no result</translation>
    </message>
    <message>
        <source>run A failed: %1</source>
        <translation>run A failed: %1</translation>
    </message>
    <message>
        <source>run B failed: %1</source>
        <translation>run B failed: %1</translation>
    </message>
</context>
<context>
    <name>looplab::ui::compare::CompareTableModel</name>
    <message>
        <source>Higher is better.</source>
        <translation>Higher is better.</translation>
    </message>
    <message>
        <source>Lower is better.</source>
        <translation>Lower is better.</translation>
    </message>
    <message>
        <source>Neither direction is better in general: read it with the charts.</source>
        <translation>Neither direction is better in general: read it with the charts.</translation>
    </message>
    <message>
        <source>No ratio: A is 0 or a value is missing.</source>
        <translation>No ratio: A is 0 or a value is missing.</translation>
    </message>
    <message>
        <source>B did better than A.</source>
        <translation>B did better than A.</translation>
    </message>
    <message>
        <source>B did worse than A.</source>
        <translation>B did worse than A.</translation>
    </message>
    <message>
        <source>Within 2 %: the same, up to run-to-run noise.</source>
        <translation>Within 2 %: the same, up to run-to-run noise.</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>metric</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>A: %1</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>B: %1</source>
        <translation>B: %1</translation>
    </message>
    <message>
        <source>B / A</source>
        <translation>B / A</translation>
    </message>
    <message>
        <source>The summary metric (summary.json&apos;s name) and its unit</source>
        <translation>The summary metric (summary.json&apos;s name) and its unit</translation>
    </message>
    <message>
        <source>Variant A&apos;s value</source>
        <translation>Variant A&apos;s value</translation>
    </message>
    <message>
        <source>Variant B&apos;s value</source>
        <translation>Variant B&apos;s value</translation>
    </message>
    <message>
        <source>B divided by A; green where B did better, red where it did worse (when the metric has a better direction)</source>
        <translation>B divided by A; green where B did better, red where it did worse (when the metric has a better direction)</translation>
    </message>
    <message>
        <source>A is LoopLab&apos;s emulation, B the real program under CPython: B/A near 1 means they agree (make fidelity&apos;s tolerance is ±10 %).</source>
        <translation>A is LoopLab&apos;s emulation, B the real program under CPython: B/A near 1 means they agree (make fidelity&apos;s tolerance is ±10 %).</translation>
    </message>
</context>
<context>
    <name>looplab::ui::compare::CompareWindow</name>
    <message>
        <source>Compare A/B — %1</source>
        <translation>Compare A/B — %1</translation>
    </message>
    <message>
        <source>A runs first, then B</source>
        <translation>A runs first, then B</translation>
    </message>
    <message>
        <source>Choose a parameter and two values, then press “Run A, then B”.</source>
        <translation>Choose a parameter and two values, then press “Run A, then B”.</translation>
    </message>
    <message>
        <source>The two runs will appear here side by side, A on the left and B on the right, with the same time axis.</source>
        <translation>The two runs will appear here side by side, A on the left and B on the right, with the same time axis.</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
    <message>
        <source>The summary metrics of both runs (summary.json), B divided by A</source>
        <translation>The summary metrics of both runs (summary.json), B divided by A</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:%1&quot;&gt;■&lt;/span&gt; B did better &amp;nbsp; &lt;span style=&quot;color:%2&quot;&gt;■&lt;/span&gt; B did worse &amp;nbsp; &lt;b&gt;bold&lt;/b&gt;: the better value &amp;nbsp; uncoloured: no better direction, or within 2 %</source>
        <translation>&lt;span style=&quot;color:%1&quot;&gt;■&lt;/span&gt; B did better &amp;nbsp; &lt;span style=&quot;color:%2&quot;&gt;■&lt;/span&gt; B did worse &amp;nbsp; &lt;b&gt;bold&lt;/b&gt;: the better value &amp;nbsp; uncoloured: no better direction, or within 2 %</translation>
    </message>
    <message>
        <source>Throughput and speedup: higher is better; latency, lag and waits: lower is better</source>
        <translation>Throughput and speedup: higher is better; latency, lag and waits: lower is better</translation>
    </message>
    <message>
        <source>Export picture (PNG)…</source>
        <translation>Export picture (PNG)…</translation>
    </message>
    <message>
        <source>Save this window — both runs and the table — as a PNG image</source>
        <translation>Save this window — both runs and the table — as a PNG image</translation>
    </message>
    <message>
        <source>Export table (CSV)…</source>
        <translation>Export table (CSV)…</translation>
    </message>
    <message>
        <source>Save the metrics table (A, B, B/A) as CSV for a spreadsheet</source>
        <translation>Save the metrics table (A, B, B/A) as CSV for a spreadsheet</translation>
    </message>
    <message>
        <source>Export comparison picture</source>
        <translation>Export comparison picture</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>Export comparison table</source>
        <translation>Export comparison table</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Stopped.</translation>
    </message>
    <message>
        <source>What to compare</source>
        <translation>What to compare</translation>
    </message>
    <message>
        <source>The one parameter that differs between run A and run B</source>
        <translation>The one parameter that differs between run A and run B</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>How long each run lasts at most (scenario time); a run whose work is done ends sooner</source>
        <translation>How long each run lasts at most (scenario time); a run whose work is done ends sooner</translation>
    </message>
    <message>
        <source>Run A, then B</source>
        <translation>Run A, then B</translation>
    </message>
    <message>
        <source>Run variant A, then variant B, one after the other so each has the whole machine</source>
        <translation>Run variant A, then variant B, one after the other so each has the whole machine</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Abandon the comparison</source>
        <translation>Abandon the comparison</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>The value of run A</source>
        <translation>The value of run A</translation>
    </message>
    <message>
        <source>The value of run B</source>
        <translation>The value of run B</translation>
    </message>
    <message>
        <source>Each run</source>
        <translation>Each run</translation>
    </message>
    <message>
        <source>A runs first, then B — never both at once: two CPU-bound runs side by side would slow each other down and the comparison would measure that instead.</source>
        <translation>A runs first, then B — never both at once: two CPU-bound runs side by side would slow each other down and the comparison would measure that instead.</translation>
    </message>
    <message>
        <source>this scenario has no parameter to compare</source>
        <translation>this scenario has no parameter to compare</translation>
    </message>
    <message>
        <source>Cannot run: %1</source>
        <translation>Cannot run: %1</translation>
    </message>
    <message>
        <source>running %1 (%2): %3 / %4 s</source>
        <translation>running %1 (%2): %3 / %4 s</translation>
    </message>
    <message>
        <source>Done: A (%1) ran %2 s, B (%3) ran %4 s.</source>
        <translation>Done: A (%1) ran %2 s, B (%3) ran %4 s.</translation>
    </message>
    <message>
        <source>ran %1 s</source>
        <translation>ran %1 s</translation>
    </message>
    <message>
        <source>Run A</source>
        <translation>Run A</translation>
    </message>
    <message>
        <source>Run B</source>
        <translation>Run B</translation>
    </message>
    <message numerus="yes">
        <source>%n metric(s) that are 0 in both runs are not listed.</source>
        <translation>
            <numerusform>%n metric that are 0 in both runs are not listed.</numerusform>
            <numerusform>%n metrics that are 0 in both runs are not listed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Compare two values of one parameter, or LoopLab&apos;s emulation of this course demo against the real program under CPython</source>
        <translation>Compare two values of one parameter, or LoopLab&apos;s emulation of this course demo against the real program under CPython</translation>
    </message>
    <message>
        <source>one parameter</source>
        <translation>one parameter</translation>
    </message>
    <message>
        <source>LoopLab engine vs real CPython (%1)</source>
        <translation>LoopLab engine vs real CPython (%1)</translation>
    </message>
    <message>
        <source>A: %1 on LoopLab&apos;s engine; B: %2 under /usr/bin/python3 with the probe%3</source>
        <translation>A: %1 on LoopLab&apos;s engine; B: %2 under /usr/bin/python3 with the probe%3</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>this scenario has no CPython pair %1</source>
        <translation>this scenario has no CPython pair %1</translation>
    </message>
    <message>
        <source>Cannot load the pair: %1</source>
        <translation>Cannot load the pair: %1</translation>
    </message>
    <message>
        <source>A runs %1 on LoopLab&apos;s engine, then B runs %2 under real CPython; each as long as its own scenario (a program ends when it is done).</source>
        <translation>A runs %1 on LoopLab&apos;s engine, then B runs %2 under real CPython; each as long as its own scenario (a program ends when it is done).</translation>
    </message>
    <message>
        <source> vs %1 — %2</source>
        <translation> vs %1 — %2</translation>
    </message>
    <message>
        <source>A: LoopLab&apos;s emulation, B: the real program under CPython. Only the metrics both measure; B / A near 1: they agree (make fidelity: ±10 %).</source>
        <translation>A: LoopLab&apos;s emulation, B: the real program under CPython. Only the metrics both measure; B / A near 1: they agree (make fidelity: ±10 %).</translation>
    </message>
</context>
</TS>
