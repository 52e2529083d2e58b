// Completion order against submission order. concurrent.futures.as_completed / asyncio.as_completed
// hand out each result as its task finishes; executor.map and asyncio.gather hand out result i only
// once results 0..i-1 are out. Both are measured here from the tasks' real completions: how many
// tasks finished while one submitted earlier had not (completion_out_of_order), which task
// finished first (first_done_index), and how long finished results would sit waiting to be handed
// out in submission order (results_in_order_wait_ms).
#include "pool_lab_impl.h"

namespace looplab::labs::pool {

void PoolLab::recordCompletionOrder(int64_t index, int64_t doneNs)
{
    int64_t expected = -1;
    m_firstDoneIndex.compare_exchange_strong(expected, index);
    std::lock_guard lock(m_orderMutex);
    if (index != m_nextInOrder) {
        // An earlier task is still running (or queued): as_completed yields this one now; map
        // and gather keep it until every earlier one is done.
        m_outOfOrder.fetch_add(1, std::memory_order_relaxed);
        m_doneAhead.emplace(index, doneNs);
        return;
    }
    // The first result still owed in submission order is here: it and every result already done
    // behind it are handed out now, each having waited since its own completion.
    ++m_nextInOrder;
    int64_t waited = 0;
    for (auto it = m_doneAhead.begin(); it != m_doneAhead.end() && it->first == m_nextInOrder;
         it = m_doneAhead.erase(it), ++m_nextInOrder)
        waited += doneNs - it->second;
    if (waited > 0)
        m_inOrderWaitNs.fetch_add(waited, std::memory_order_relaxed);
}

} // namespace looplab::labs::pool
