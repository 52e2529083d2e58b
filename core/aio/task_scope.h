#pragma once
// Task bookkeeping for one coroutine's whole frame: started when the frame begins, ended (or
// counted as cancelled when the loop was stopped) when it is destroyed, so that a lab can wait for
// Loop::liveTasks() to reach zero before it frees what its coroutines use. Loop thread only.
#include "loop.h"

namespace looplab::aio {

class TaskScope
{
public:
    explicit TaskScope(Loop& loop, const QString& name = {})
        : m_loop(loop)
        , m_id(loop.taskStarted(name))
    { }
    ~TaskScope() { m_loop.taskEnded(m_id, m_loop.stopped()); }
    TaskScope(const TaskScope&) = delete;
    TaskScope& operator=(const TaskScope&) = delete;

private:
    Loop& m_loop;
    uint64_t m_id;
};

} // namespace looplab::aio
