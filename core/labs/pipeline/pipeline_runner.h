#pragma once
// An execution mode of the pipeline lab: moves items from the producers through the stages'
// queues to the last stage's workers, and ends the way the course teaches (sentinels or
// task_done/join). Created per run; start() and stop() come from the engine thread.
#include <memory>

namespace looplab::pipeline {

class PipelineCore;

// Linux wakes sleeping threads up to 50 µs late by default (timer slack) to batch wake-ups; the
// lab's threads ask for 1 µs so that a 5 ms service sleeps 5 ms.
void tightenTimerSlack() noexcept;

class PipelineRunner
{
public:
    virtual ~PipelineRunner() = default;
    virtual void start() = 0;
    // Stop everything now (the run ends): wake every blocked put/get/join/sleep, join every
    // thread or drain every coroutine. Safe to call twice.
    virtual void stop() = 0;
};

// OS threads blocking on BlockingQueue (queue.Queue).
std::unique_ptr<PipelineRunner> makeThreadRunner(PipelineCore& core);
// Coroutines on core/aio's loop (one Qt event-loop thread) suspending on aio::Queue (asyncio.Queue).
std::unique_ptr<PipelineRunner> makeAsyncRunner(PipelineCore& core);

} // namespace looplab::pipeline
